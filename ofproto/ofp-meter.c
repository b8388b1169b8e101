#include "ofproto/ofp-meter.h"

#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* Every band of OpenFlow 1.3 is at least this long (the DROP and
 * DSCP_REMARK bands are exactly this long). */
#define BAND_MIN_LEN 16

/* The largest DSCP value: prec_level beyond it cannot be applied. */
#define DSCP_MAX 63

#define ALL_METER_FLAGS (OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS)

/* ---- Names ---- */

static const char *
meter_command_name(uint16_t command)
{
    switch (command) {
    case OFPMC_ADD:
        return "ADD";
    case OFPMC_MODIFY:
        return "MOD";
    case OFPMC_DELETE:
        return "DEL";
    }
    return NULL;
}

static const char *
band_type_name(uint16_t type)
{
    switch (type) {
    case OFPMBT_DROP:
        return "drop";
    case OFPMBT_DSCP_REMARK:
        return "dscp_remark";
    case OFPMBT_EXPERIMENTER:
        return "experimenter";
    }
    return NULL;
}

static const char *
meter_flag_name(uint16_t bit)
{
    switch (bit) {
    case OFPMF_KBPS:
        return "kbps";
    case OFPMF_PKTPS:
        return "pktps";
    case OFPMF_BURST:
        return "burst";
    case OFPMF_STATS:
        return "stats";
    }
    return NULL;
}

/* Appends a meter id: a number, or all, controller or slowpath. */
static void
format_meter_id(uint32_t meter_id, struct ds *s)
{
    switch (meter_id) {
    case OFPM_ALL:
        ds_put_cstr(s, "all");
        break;
    case OFPM_CONTROLLER:
        ds_put_cstr(s, "controller");
        break;
    case OFPM_SLOWPATH:
        ds_put_cstr(s, "slowpath");
        break;
    default:
        ds_put_format(s, "%"PRIu32, meter_id);
        break;
    }
}

/* Appends each flag of 'flags' as a word preceded by a space. */
static void
format_meter_flags(uint16_t flags, struct ds *s)
{
    for (unsigned int b = 0; b < 16; b++) {
        uint16_t bit = 1u << b;
        const char *name = meter_flag_name(bit);

        if ((flags & bit) && name) {
            ds_put_format(s, " %s", name);
        }
    }
    if (flags & ~ALL_METER_FLAGS) {
        ds_put_format(s, " flags=0x%"PRIx16, flags & ~ALL_METER_FLAGS);
    }
}

/* ---- Bands ---- */

/* Decodes the bands that fill 'rd' into an array from 'arena'.
 *
 * Length rules: fewer bytes left than a band, a len below 16, not a
 * multiple of 8 (every OpenFlow structure is 64-bit aligned), other than 16
 * for DROP and DSCP_REMARK, or past the end of the list are
 * OFPMMFC_BAD_BAND (A.4.4: "band unsupported"; the band is not one we can
 * read).  An unknown band type is OFPMMFC_BAD_BAND too.
 *
 * With 'check_values' (a meter mod that installs the bands), the values
 * are checked as 7.3.4.4 requires: rate 0 is OFPMMFC_BAD_RATE and a DSCP
 * remark prec_level above 63 is OFPMMFC_BAD_BAND_VALUE. */
static enum ofperr
decode_bands(struct ofpbuf_rd *rd, bool check_values, struct arena *arena,
             struct of_meter_band **bandsp, size_t *np)
{
    *bandsp = NULL;
    *np = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_meter_band_header *h;
        struct of_meter_band *band;
        struct ofpbuf_rd sub;
        size_t len;

        h = ofpbuf_rd_peek(rd, sizeof *h);
        if (!h) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        len = be16toh(h->len);
        if (len < BAND_MIN_LEN || len % 8 || !ofpbuf_rd_sub(rd, len, &sub)) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        ofpbuf_rd_skip(&sub, sizeof *h);

        band = arena_push(arena, (void **) bandsp, np, sizeof *band);
        band->type = be16toh(h->type);
        band->rate = be32toh(h->rate);
        band->burst_size = be32toh(h->burst_size);
        switch (band->type) {
        case OFPMBT_DROP:
            if (len != sizeof(struct ofp_meter_band_drop)) {
                return OFPERR_OFPMMFC_BAD_BAND;
            }
            break;
        case OFPMBT_DSCP_REMARK:
            if (len != sizeof(struct ofp_meter_band_dscp_remark)) {
                return OFPERR_OFPMMFC_BAD_BAND;
            }
            ofpbuf_rd_u8(&sub, &band->prec_level);
            break;
        case OFPMBT_EXPERIMENTER:
            ofpbuf_rd_be32(&sub, &band->experimenter.experimenter);
            band->experimenter.exp_type = 0;
            band->experimenter.data = sub.p;
            band->experimenter.len = ofpbuf_rd_left(&sub);
            break;
        default:
            return OFPERR_OFPMMFC_BAD_BAND;
        }

        if (check_values) {
            /* A.4.4: OFPMMFC_BAD_RATE, "rate unsupported": no meter
             * measures against a rate of zero. */
            if (!band->rate) {
                return OFPERR_OFPMMFC_BAD_RATE;
            }
            /* A.3.4.4: prec_level is the "number of drop precedence level
             * to add"; DSCP has 6 bits, so more than 63 is
             * OFPMMFC_BAD_BAND_VALUE, "band value unsupported". */
            if (band->type == OFPMBT_DSCP_REMARK
                && band->prec_level > DSCP_MAX) {
                return OFPERR_OFPMMFC_BAD_BAND_VALUE;
            }
        }
    }
    return 0;
}

static void
encode_bands(const struct of_meter_band *bands, size_t n, struct ofpbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        const struct of_meter_band *band = &bands[i];
        size_t start = out->size;
        struct ofp_meter_band_header *h = ofpbuf_put_zeros(out, sizeof *h);

        h->type = htobe16(band->type);
        h->rate = htobe32(band->rate);
        h->burst_size = htobe32(band->burst_size);
        switch (band->type) {
        case OFPMBT_DSCP_REMARK:
            ofpbuf_put_u8(out, band->prec_level);
            ofpbuf_put_zeros(out, 3);
            break;
        case OFPMBT_EXPERIMENTER:
            ofpbuf_put_be32(out, band->experimenter.experimenter);
            if (band->experimenter.len) {
                ofpbuf_put(out, band->experimenter.data,
                           band->experimenter.len);
            }
            ofpbuf_pad(out, start, 8);
            break;
        case OFPMBT_DROP:
        default:
            ofpbuf_put_zeros(out, 4);
            break;
        }
        ofpbuf_set_be16(out, start + offsetof(struct ofp_meter_band_header,
                                              len),
                        out->size - start);
    }
}

/* Appends " bands=" and the bands, each "type=T rate=R ...".  'flags' are
 * the meter's: burst_size is shown for a meter with OFPMF_BURST or a band
 * whose burst_size is not 0. */
static void
format_bands(uint16_t flags, const struct of_meter_band *bands, size_t n,
             struct ds *s)
{
    if (!n) {
        return;
    }
    ds_put_cstr(s, " bands=");
    for (size_t i = 0; i < n; i++) {
        const struct of_meter_band *band = &bands[i];
        const char *name = band_type_name(band->type);

        if (i) {
            ds_put_char(s, ' ');
        }
        if (name) {
            ds_put_format(s, "type=%s", name);
        } else {
            ds_put_format(s, "type=%"PRIu16, band->type);
        }
        ds_put_format(s, " rate=%"PRIu32, band->rate);
        if (flags & OFPMF_BURST || band->burst_size) {
            ds_put_format(s, " burst_size=%"PRIu32, band->burst_size);
        }
        if (band->type == OFPMBT_DSCP_REMARK) {
            ds_put_format(s, " prec_level=%"PRIu8, band->prec_level);
        } else if (band->type == OFPMBT_EXPERIMENTER) {
            ds_put_format(s, " experimenter=0x%08"PRIx32,
                          band->experimenter.experimenter);
            if (band->experimenter.len) {
                ds_put_cstr(s, " data=");
                ds_put_hex(s, band->experimenter.data,
                           band->experimenter.len);
            }
        }
    }
}

/* ---- METER_MOD ---- */

/* Validates the fixed fields of a meter mod (OpenFlow 1.3.5, 7.3.4.4 and
 * A.4.4 OFPET_METER_MOD_FAILED). */
static enum ofperr
check_meter_mod_header(uint16_t command, uint16_t flags, uint32_t meter_id)
{
    if (!meter_command_name(command)) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    /* A.3.4.4: flags are a bitmap of OFPMF_*; a rate is either in kb/s or
     * in packets/s, never both. */
    if (flags & ~ALL_METER_FLAGS
        || (flags & OFPMF_KBPS && flags & OFPMF_PKTPS)) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    /* A.3.4.4: meters are numbered from 1 to OFPM_MAX; OFPM_SLOWPATH and
     * OFPM_CONTROLLER are the virtual meters; OFPM_ALL names every meter
     * and only makes sense for a delete (7.3.4.4). */
    if (!meter_id
        || (meter_id > OFPM_MAX && meter_id != OFPM_SLOWPATH
            && meter_id != OFPM_CONTROLLER
            && (meter_id != OFPM_ALL || command != OFPMC_DELETE))) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    return 0;
}

enum ofperr
of_meter_mod_decode(struct of_meter_mod *mm, struct ofpbuf_rd *rd,
                    struct arena *arena)
{
    enum ofperr error;

    memset(mm, 0, sizeof *mm);
    if (!ofpbuf_rd_be16(rd, &mm->command)
        || !ofpbuf_rd_be16(rd, &mm->flags)
        || !ofpbuf_rd_be32(rd, &mm->meter_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = check_meter_mod_header(mm->command, mm->flags, mm->meter_id);
    if (error) {
        return error;
    }
    /* A delete needs no bands; any it has are decoded (so the message
     * re-encodes as it came) but their values are not checked. */
    return decode_bands(rd, mm->command != OFPMC_DELETE, arena, &mm->bands,
                        &mm->n_bands);
}

void
of_meter_mod_encode(const struct of_meter_mod *mm, struct ofpbuf *out)
{
    ofpbuf_put_be16(out, mm->command);
    ofpbuf_put_be16(out, mm->flags);
    ofpbuf_put_be32(out, mm->meter_id);
    encode_bands(mm->bands, mm->n_bands, out);
}

void
of_meter_mod_format(const struct of_meter_mod *mm, struct ds *s)
{
    const char *name = meter_command_name(mm->command);

    if (name) {
        ds_put_format(s, "%s meter=", name);
    } else {
        ds_put_format(s, "cmd:%"PRIu16" meter=", mm->command);
    }
    format_meter_id(mm->meter_id, s);
    format_meter_flags(mm->flags, s);
    format_bands(mm->flags, mm->bands, mm->n_bands, s);
}

/* ---- OFPMP_METER and OFPMP_METER_CONFIG requests ---- */

enum ofperr
of_meter_mp_request_decode(struct of_meter_mp_request *req,
                           struct ofpbuf_rd *rd,
                           struct arena *arena OF_UNUSED)
{
    const struct ofp_meter_multipart_request *w
        = ofpbuf_rd_pull(rd, sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    req->meter_id = be32toh(w->meter_id);
    return 0;
}

void
of_meter_mp_request_encode(const struct of_meter_mp_request *req,
                           struct ofpbuf *out)
{
    struct ofp_meter_multipart_request *w = ofpbuf_put_zeros(out, sizeof *w);

    w->meter_id = htobe32(req->meter_id);
}

void
of_meter_mp_request_format(const struct of_meter_mp_request *req,
                           struct ds *s)
{
    ds_put_cstr(s, "meter=");
    format_meter_id(req->meter_id, s);
}

/* ---- OFPMP_METER reply ---- */

/* Each entry's len (A.3.5.12) covers its 40-byte header and whole 16-byte
 * band statistics; anything else is OFPBRC_BAD_LEN. */
enum ofperr
of_meter_stats_reply_decode(struct of_meter_stats_reply *reply,
                            struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->stats = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_meter_stats *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct of_meter_stats *ms;
        struct ofpbuf_rd bands;
        size_t len;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = be16toh(w->len);
        if (len < sizeof *w
            || (len - sizeof *w) % sizeof(struct ofp_meter_band_stats)
            || !ofpbuf_rd_sub(rd, len - sizeof *w, &bands)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }

        ms = arena_push(arena, (void **) &reply->stats, &reply->n,
                        sizeof *ms);
        ms->meter_id = be32toh(w->meter_id);
        ms->flow_count = be32toh(w->flow_count);
        ms->packet_in_count = be64toh(w->packet_in_count);
        ms->byte_in_count = be64toh(w->byte_in_count);
        ms->duration_sec = be32toh(w->duration_sec);
        ms->duration_nsec = be32toh(w->duration_nsec);
        while (ofpbuf_rd_left(&bands)) {
            const struct ofp_meter_band_stats *b
                = ofpbuf_rd_pull(&bands, sizeof *b);
            struct of_meter_band_stats *bs;

            if (!b) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            bs = arena_push(arena, (void **) &ms->bands, &ms->n_bands,
                            sizeof *bs);
            bs->packet_band_count = be64toh(b->packet_band_count);
            bs->byte_band_count = be64toh(b->byte_band_count);
        }
    }
    return 0;
}

void
of_meter_stats_reply_encode(const struct of_meter_stats_reply *reply,
                            struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_stats *ms = &reply->stats[i];
        struct ofp_meter_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        w->meter_id = htobe32(ms->meter_id);
        w->len = htobe16(sizeof *w + ms->n_bands
                         * sizeof(struct ofp_meter_band_stats));
        w->flow_count = htobe32(ms->flow_count);
        w->packet_in_count = htobe64(ms->packet_in_count);
        w->byte_in_count = htobe64(ms->byte_in_count);
        w->duration_sec = htobe32(ms->duration_sec);
        w->duration_nsec = htobe32(ms->duration_nsec);
        for (size_t j = 0; j < ms->n_bands; j++) {
            ofpbuf_put_be64(out, ms->bands[j].packet_band_count);
            ofpbuf_put_be64(out, ms->bands[j].byte_band_count);
        }
    }
}

void
of_meter_stats_reply_format(const struct of_meter_stats_reply *reply,
                            struct ds *s)
{
    ds_put_format(s, "%zu meter%s", reply->n, reply->n == 1 ? "" : "s");
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_stats *ms = &reply->stats[i];

        ds_put_cstr(s, "\n  meter=");
        format_meter_id(ms->meter_id, s);
        ds_put_format(s, " flow_count=%"PRIu32" packet_in_count=%"PRIu64
                      " byte_in_count=%"PRIu64" duration=%"PRIu32".%09"
                      PRIu32"s", ms->flow_count, ms->packet_in_count,
                      ms->byte_in_count, ms->duration_sec,
                      ms->duration_nsec);
        if (ms->n_bands) {
            ds_put_cstr(s, " bands:");
        }
        for (size_t j = 0; j < ms->n_bands; j++) {
            ds_put_format(s, " %zu: packet_count=%"PRIu64" byte_count=%"
                          PRIu64, j, ms->bands[j].packet_band_count,
                          ms->bands[j].byte_band_count);
        }
    }
}

/* ---- OFPMP_METER_CONFIG reply ---- */

/* An entry's length (A.3.5.13) below its 8-byte header, not a multiple of
 * 8, or past the end of the body is OFPBRC_BAD_LEN; its bands follow the
 * length and type rules of decode_bands().  A reply describes meters the
 * switch holds, so band values are not checked. */
enum ofperr
of_meter_config_reply_decode(struct of_meter_config_reply *reply,
                             struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->configs = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_meter_config *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct of_meter_config *mc;
        struct ofpbuf_rd bands;
        enum ofperr error;
        size_t len;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = be16toh(w->length);
        if (len < sizeof *w || len % 8
            || !ofpbuf_rd_sub(rd, len - sizeof *w, &bands)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }

        mc = arena_push(arena, (void **) &reply->configs, &reply->n,
                        sizeof *mc);
        mc->flags = be16toh(w->flags);
        mc->meter_id = be32toh(w->meter_id);
        error = decode_bands(&bands, false, arena, &mc->bands,
                             &mc->n_bands);
        if (error) {
            return error;
        }
    }
    return 0;
}

void
of_meter_config_reply_encode(const struct of_meter_config_reply *reply,
                             struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_config *mc = &reply->configs[i];
        size_t start = out->size;
        struct ofp_meter_config *w = ofpbuf_put_zeros(out, sizeof *w);

        w->flags = htobe16(mc->flags);
        w->meter_id = htobe32(mc->meter_id);
        encode_bands(mc->bands, mc->n_bands, out);
        ofpbuf_set_be16(out, start + offsetof(struct ofp_meter_config,
                                              length),
                        out->size - start);
    }
}

void
of_meter_config_reply_format(const struct of_meter_config_reply *reply,
                             struct ds *s)
{
    ds_put_format(s, "%zu meter%s", reply->n, reply->n == 1 ? "" : "s");
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_config *mc = &reply->configs[i];

        ds_put_cstr(s, "\n  meter=");
        format_meter_id(mc->meter_id, s);
        format_meter_flags(mc->flags, s);
        format_bands(mc->flags, mc->bands, mc->n_bands, s);
    }
}

/* ---- OFPMP_METER_FEATURES reply ---- */

enum ofperr
of_meter_features_decode(struct of_meter_features *mf, struct ofpbuf_rd *rd,
                         struct arena *arena OF_UNUSED)
{
    const struct ofp_meter_features *w = ofpbuf_rd_pull(rd, sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    mf->max_meter = be32toh(w->max_meter);
    mf->band_types = be32toh(w->band_types);
    mf->capabilities = be32toh(w->capabilities);
    mf->max_bands = w->max_bands;
    mf->max_color = w->max_color;
    return 0;
}

void
of_meter_features_encode(const struct of_meter_features *mf,
                         struct ofpbuf *out)
{
    struct ofp_meter_features *w = ofpbuf_put_zeros(out, sizeof *w);

    w->max_meter = htobe32(mf->max_meter);
    w->band_types = htobe32(mf->band_types);
    w->capabilities = htobe32(mf->capabilities);
    w->max_bands = mf->max_bands;
    w->max_color = mf->max_color;
}

void
of_meter_features_format(const struct of_meter_features *mf, struct ds *s)
{
    uint32_t bits;

    ds_put_format(s, "max_meter=%"PRIu32" max_bands=%"PRIu8" max_color=%"
                  PRIu8" band_types=", mf->max_meter, mf->max_bands,
                  mf->max_color);
    /* A.3.5.14: band_types is a bitmap of (1 << OFPMBT_*); only the
     * standard types fit in it. */
    bits = mf->band_types;
    if (!bits) {
        ds_put_cstr(s, "none");
    }
    for (unsigned int t = 0; t < 32; t++) {
        uint32_t bit = UINT32_C(1) << t;
        const char *name = band_type_name(t);

        if (!(bits & bit)) {
            continue;
        }
        bits &= ~bit;
        if (name) {
            ds_put_cstr(s, name);
        } else {
            ds_put_format(s, "0x%"PRIx32, bit);
        }
        if (bits) {
            ds_put_char(s, ',');
        }
    }

    ds_put_cstr(s, " capabilities=");
    bits = mf->capabilities;
    if (!bits) {
        ds_put_cstr(s, "none");
    }
    for (unsigned int b = 0; b < 32; b++) {
        uint32_t bit = UINT32_C(1) << b;
        const char *name = b < 16 ? meter_flag_name(bit) : NULL;

        if (!(bits & bit)) {
            continue;
        }
        bits &= ~bit;
        if (name) {
            ds_put_cstr(s, name);
        } else {
            ds_put_format(s, "0x%"PRIx32, bit);
        }
        if (bits) {
            ds_put_char(s, ',');
        }
    }
}

/* ---- Parsing ---- */

/* Parses 's' as a 32-bit unsigned integer (decimal, or hex with 0x). */
static bool
parse_u32(const char *s, uint32_t *valuep)
{
    unsigned long long value;
    char *end;

    if (!isdigit((unsigned char) *s)) {
        return false;
    }
    errno = 0;
    value = strtoull(s, &end, 0);
    if (errno || *end || value > UINT32_MAX) {
        return false;
    }
    *valuep = value;
    return true;
}

static bool
parse_meter_id(const char *s, uint32_t *meter_id)
{
    if (!strcasecmp(s, "all")) {
        *meter_id = OFPM_ALL;
    } else if (!strcasecmp(s, "controller")) {
        *meter_id = OFPM_CONTROLLER;
    } else if (!strcasecmp(s, "slowpath")) {
        *meter_id = OFPM_SLOWPATH;
    } else {
        return parse_u32(s, meter_id) && *meter_id && *meter_id <= OFPM_MAX;
    }
    return true;
}

/* What the parser has seen of the band it is filling. */
struct band_text {
    bool has_rate;
    bool has_prec_level;
};

/* Checks the last band of 'mm', whose text was 'bt'. */
static char *
finish_band(const struct of_meter_mod *mm, const struct band_text *bt)
{
    const struct of_meter_band *band = &mm->bands[mm->n_bands - 1];

    if (!bt->has_rate) {
        return xasprintf("band %zu (type=%s) has no rate", mm->n_bands,
                         band_type_name(band->type));
    }
    if (bt->has_prec_level && band->type != OFPMBT_DSCP_REMARK) {
        return xasprintf("prec_level in band %zu: only dscp_remark bands "
                         "have it", mm->n_bands);
    }
    return NULL;
}

/* Parses one word of a band (after "bands="). */
static char *
parse_band_word(const char *word, struct of_meter_mod *mm,
                struct band_text *bt, struct arena *arena)
{
    struct of_meter_band *band;
    const char *value;
    uint32_t u32;

    if ((value = of_parse_key_value(word, "type"))) {
        uint16_t type;

        if (!strcasecmp(value, "drop")) {
            type = OFPMBT_DROP;
        } else if (!strcasecmp(value, "dscp_remark")) {
            type = OFPMBT_DSCP_REMARK;
        } else {
            return xasprintf("unknown band type '%s'", value);
        }
        if (mm->n_bands) {
            char *error = finish_band(mm, bt);

            if (error) {
                return error;
            }
        }
        band = arena_push(arena, (void **) &mm->bands, &mm->n_bands,
                          sizeof *band);
        band->type = type;
        memset(bt, 0, sizeof *bt);
        return NULL;
    }
    if (!mm->n_bands) {
        return xasprintf("'%s' before the band's type=", word);
    }
    band = &mm->bands[mm->n_bands - 1];
    if ((value = of_parse_key_value(word, "rate"))) {
        if (!parse_u32(value, &u32) || !u32) {
            return xasprintf("invalid rate '%s'", value);
        }
        band->rate = u32;
        bt->has_rate = true;
    } else if ((value = of_parse_key_value(word, "burst_size"))) {
        if (!parse_u32(value, &u32)) {
            return xasprintf("invalid burst_size '%s'", value);
        }
        band->burst_size = u32;
    } else if ((value = of_parse_key_value(word, "prec_level"))) {
        if (!parse_u32(value, &u32) || u32 > DSCP_MAX) {
            return xasprintf("invalid prec_level '%s'", value);
        }
        band->prec_level = u32;
        bt->has_prec_level = true;
    } else {
        return xasprintf("unknown band field '%s'", word);
    }
    return NULL;
}

char *
of_meter_mod_parse(struct of_meter_mod *mm, const char *s, uint16_t command,
                   struct arena *arena)
{
    struct band_text bt = { false, false };
    bool has_meter_id = false, in_bands = false;
    char *copy = xstrdup(s);
    char *error = NULL;
    char *save = NULL;

    memset(mm, 0, sizeof *mm);
    mm->command = command;
    mm->meter_id = OFPM_ALL;
    if (!meter_command_name(command)) {
        error = xasprintf("unknown meter command %"PRIu16, command);
    }
    for (char *word = strtok_r(copy, ", \t\r\n", &save);
         word && !error; word = strtok_r(NULL, ", \t\r\n", &save)) {
        const char *value;
        bool is_flag = false;

        for (unsigned int b = 0; b < 4; b++) {
            if (!strcasecmp(word, meter_flag_name(1u << b))) {
                mm->flags |= 1u << b;
                is_flag = true;
            }
        }
        if (is_flag) {
            continue;
        } else if ((value = of_parse_key_value(word, "bands"))) {
            in_bands = true;
            if (*value) {
                error = parse_band_word(value, mm, &bt, arena);
            }
        } else if (in_bands) {
            error = parse_band_word(word, mm, &bt, arena);
        } else if ((value = of_parse_key_value(word, "meter"))) {
            if (!parse_meter_id(value, &mm->meter_id)) {
                error = xasprintf("invalid meter '%s'", value);
            }
            has_meter_id = true;
        } else {
            error = xasprintf("unknown keyword '%s'", word);
        }
    }
    if (!error && mm->n_bands) {
        error = finish_band(mm, &bt);
    }
    if (!error && !has_meter_id && command != OFPMC_DELETE) {
        error = xstrdup("missing meter=");
    }
    if (!error && mm->meter_id == OFPM_ALL && command != OFPMC_DELETE) {
        error = xstrdup("meter=all is only allowed when deleting");
    }
    if (!error && mm->flags & OFPMF_KBPS && mm->flags & OFPMF_PKTPS) {
        error = xstrdup("kbps and pktps exclude each other");
    }
    free(copy);
    return error;
}
