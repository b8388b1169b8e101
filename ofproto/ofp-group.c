#include "ofproto/ofp-group.h"

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

/* ---- Names ---- */

static const char *
group_command_name(uint16_t command)
{
    switch (command) {
    case OFPGC_ADD:
        return "ADD";
    case OFPGC_MODIFY:
        return "MOD";
    case OFPGC_DELETE:
        return "DEL";
    }
    return NULL;
}

static const char *
group_type_name(uint8_t type)
{
    switch (type) {
    case OFPGT_ALL:
        return "all";
    case OFPGT_SELECT:
        return "select";
    case OFPGT_INDIRECT:
        return "indirect";
    case OFPGT_FF:
        return "ff";
    }
    return NULL;
}

/* Appends a group id: a number, or ALL or ANY. */
static void
format_group_id(uint32_t group_id, struct ds *s)
{
    if (group_id == OFPG_ALL) {
        ds_put_cstr(s, "ALL");
    } else if (group_id == OFPG_ANY) {
        ds_put_cstr(s, "ANY");
    } else {
        ds_put_format(s, "%"PRIu32, group_id);
    }
}

/* ---- Validation shared by decode and parse ---- */

/* True if 'port' may be watched: a port number, a reserved port, or
 * OFPP_ANY for none (7.3.4.2: watch_port is "port whose state affects
 * whether this bucket is live"). */
static bool
watch_port_ok(uint32_t port)
{
    return port <= OFPP_MAX || port >= OFPP_IN_PORT;
}

/* True if 'group' may be watched: a group id, or OFPG_ANY for none. */
static bool
watch_group_ok(uint32_t group)
{
    return group <= OFPG_MAX || group == OFPG_ANY;
}

/* Checks the buckets of a group of 'type' against the rules of OpenFlow
 * 1.3.5 that the wire format alone decides.  On error, if 'msgp' is
 * nonnull, stores a message for a human (caller frees) in '*msgp'. */
static enum ofperr
check_buckets(uint8_t type, const struct of_bucket *buckets, size_t n,
              char **msgp)
{
    /* 5.6.1: an indirect group "supports only a single bucket"; 7.3.4.2
     * and A.4.4: a group that is invalid for its type is
     * OFPGMFC_INVALID_GROUP. */
    if (type == OFPGT_INDIRECT && n > 1) {
        if (msgp) {
            *msgp = xasprintf("indirect group has %zu buckets "
                              "(at most one allowed)", n);
        }
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    for (size_t i = 0; i < n; i++) {
        const struct of_bucket *b = &buckets[i];

        /* 7.3.4.2: "If a specified group type is invalid (ie: includes
         * fields such as weight that are undefined for the specified group
         * type)" the switch replies OFPGMFC_INVALID_GROUP.  A.3.4.2: weight
         * is "only defined for select groups". */
        if (b->weight && type != OFPGT_SELECT) {
            if (msgp) {
                *msgp = xasprintf("weight:%"PRIu16" in bucket %zu: only "
                                  "select groups have weights",
                                  b->weight, i + 1);
            }
            return OFPERR_OFPGMFC_INVALID_GROUP;
        }
        /* A.4.4: OFPGMFC_BAD_WATCH, "error in watch port/group". */
        if (!watch_port_ok(b->watch_port)
            || !watch_group_ok(b->watch_group)) {
            if (msgp) {
                *msgp = xasprintf("bucket %zu: invalid watch_port or "
                                  "watch_group", i + 1);
            }
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
        /* A.3.4.2: watch_port and watch_group are "only required for fast
         * failover groups", which need one of them to decide liveness
         * (6.5, 5.6.1). */
        if (type == OFPGT_FF && b->watch_port == OFPP_ANY
            && b->watch_group == OFPG_ANY) {
            if (msgp) {
                *msgp = xasprintf("fast failover bucket %zu needs "
                                  "watch_port or watch_group", i + 1);
            }
            return OFPERR_OFPGMFC_BAD_WATCH;
        }
    }
    return 0;
}

/* ---- Buckets ---- */

/* Decodes the buckets that fill 'rd' into an array from 'arena'.
 *
 * Length rules (A.3.4.2: a bucket's len includes "this header and any
 * padding to make it 64-bit aligned"): fewer bytes left than a bucket
 * header, a len below 16 or not a multiple of 8, or a len past the end of
 * the list are OFPGMFC_BAD_BUCKET ("error in bucket").  Within a bucket the
 * actions are validated as a flow's are (7.3.4.2), so an action whose own
 * length is wrong or overruns the bucket is OFPBAC_BAD_LEN. */
static enum ofperr
decode_buckets(struct ofpbuf_rd *rd, enum of_action_context ctx,
               struct arena *arena, struct of_bucket **bucketsp, size_t *np)
{
    *bucketsp = NULL;
    *np = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_bucket *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct ofpbuf_rd actions;
        struct of_bucket *b;
        enum ofperr error;
        size_t len;

        if (!w) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        len = be16toh(w->len);
        if (len < sizeof *w || len % 8
            || !ofpbuf_rd_sub(rd, len - sizeof *w, &actions)) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }

        b = arena_push(arena, (void **) bucketsp, np, sizeof *b);
        b->weight = be16toh(w->weight);
        b->watch_port = be32toh(w->watch_port);
        b->watch_group = be32toh(w->watch_group);
        error = of_actions_decode(&actions, len - sizeof *w, ctx, arena,
                                  &b->actions, &b->n_actions);
        if (error) {
            return error;
        }
        if (ofpbuf_rd_left(&actions)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
    }
    return 0;
}

static void
encode_buckets(const struct of_bucket *buckets, size_t n, struct ofpbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        const struct of_bucket *b = &buckets[i];
        size_t start = out->size;
        struct ofp_bucket *w = ofpbuf_put_zeros(out, sizeof *w);

        w->weight = htobe16(b->weight);
        w->watch_port = htobe32(b->watch_port);
        w->watch_group = htobe32(b->watch_group);
        of_actions_encode(b->actions, b->n_actions, out);
        ofpbuf_set_be16(out, start + offsetof(struct ofp_bucket, len),
                        out->size - start);
    }
}

/* Appends ",bucket=..." for each bucket of a group of 'type', as
 * ovs-ofctl writes them. */
static void
format_buckets(uint8_t type, const struct of_bucket *buckets, size_t n,
               struct ds *s)
{
    for (size_t i = 0; i < n; i++) {
        const struct of_bucket *b = &buckets[i];

        ds_put_cstr(s, ",bucket=");
        if (type == OFPGT_SELECT || b->weight) {
            ds_put_format(s, "weight:%"PRIu16",", b->weight);
        }
        if (b->watch_port != OFPP_ANY) {
            ds_put_cstr(s, "watch_port:");
            of_port_no_format(b->watch_port, s);
            ds_put_char(s, ',');
        }
        if (b->watch_group != OFPG_ANY) {
            ds_put_cstr(s, "watch_group:");
            format_group_id(b->watch_group, s);
            ds_put_char(s, ',');
        }
        ds_put_cstr(s, "actions=");
        of_actions_format(b->actions, b->n_actions, s);
    }
}

/* Appends "group_id=N,type=T" and the buckets. */
static void
format_group(uint32_t group_id, uint8_t type, const struct of_bucket *buckets,
             size_t n, struct ds *s)
{
    const char *type_name = group_type_name(type);

    ds_put_cstr(s, "group_id=");
    format_group_id(group_id, s);
    if (type_name) {
        ds_put_format(s, ",type=%s", type_name);
    } else {
        ds_put_format(s, ",type=%"PRIu8, type);
    }
    format_buckets(type, buckets, n, s);
}

/* ---- GROUP_MOD ---- */

/* Validates the fixed fields of a group mod (OpenFlow 1.3.5, 7.3.4.2 and
 * A.4.4 OFPET_GROUP_MOD_FAILED). */
static enum ofperr
check_group_mod_header(uint16_t command, uint8_t type, uint32_t group_id)
{
    if (!group_command_name(command)) {
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
    if (!group_type_name(type)) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    /* A.3.4.2: OFPG_ALL "represents all groups for group delete commands";
     * OFPG_ANY is a wildcard for requests, never a group; ids above
     * OFPG_MAX are not groups. */
    if (group_id == OFPG_ALL
        ? command != OFPGC_DELETE
        : group_id > OFPG_MAX) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    return 0;
}

enum ofperr
of_group_mod_decode(struct of_group_mod *gm, struct ofpbuf_rd *rd,
                    struct arena *arena)
{
    enum ofperr error;

    memset(gm, 0, sizeof *gm);
    if (!ofpbuf_rd_be16(rd, &gm->command)
        || !ofpbuf_rd_u8(rd, &gm->type)
        || !ofpbuf_rd_skip(rd, 1)
        || !ofpbuf_rd_be32(rd, &gm->group_id)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = check_group_mod_header(gm->command, gm->type, gm->group_id);
    if (!error) {
        error = decode_buckets(rd, OF_ACTX_GROUP, arena, &gm->buckets,
                               &gm->n_buckets);
    }
    if (!error) {
        if (gm->command != OFPGC_DELETE) {
            error = check_buckets(gm->type, gm->buckets, gm->n_buckets,
                                  NULL);
        } else if (gm->n_buckets) {
            /* 1.3.5 (EXT-510): a delete must carry no buckets; Open vSwitch
             * reads it the same way. */
            error = OFPERR_OFPGMFC_INVALID_GROUP;
        }
    }
    return error;
}

void
of_group_mod_encode(const struct of_group_mod *gm, struct ofpbuf *out)
{
    ofpbuf_put_be16(out, gm->command);
    ofpbuf_put_u8(out, gm->type);
    ofpbuf_put_zeros(out, 1);
    ofpbuf_put_be32(out, gm->group_id);
    encode_buckets(gm->buckets, gm->n_buckets, out);
}

void
of_group_mod_format(const struct of_group_mod *gm, struct ds *s)
{
    const char *name = group_command_name(gm->command);

    if (name) {
        ds_put_format(s, "%s ", name);
    } else {
        ds_put_format(s, "cmd:%"PRIu16" ", gm->command);
    }
    format_group(gm->group_id, gm->type, gm->buckets, gm->n_buckets, s);
}

/* ---- OFPMP_GROUP ---- */

enum ofperr
of_group_stats_request_decode(struct of_group_stats_request *req,
                              struct ofpbuf_rd *rd,
                              struct arena *arena OF_UNUSED)
{
    const struct ofp_group_stats_request *w = ofpbuf_rd_pull(rd, sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    req->group_id = be32toh(w->group_id);
    return 0;
}

void
of_group_stats_request_encode(const struct of_group_stats_request *req,
                              struct ofpbuf *out)
{
    struct ofp_group_stats_request *w = ofpbuf_put_zeros(out, sizeof *w);

    w->group_id = htobe32(req->group_id);
}

void
of_group_stats_request_format(const struct of_group_stats_request *req,
                              struct ds *s)
{
    ds_put_cstr(s, "group_id=");
    format_group_id(req->group_id, s);
}

/* Each entry's length (A.3.5.9) covers its 40-byte header and whole 16-byte
 * bucket counters; anything else is OFPBRC_BAD_LEN. */
enum ofperr
of_group_stats_reply_decode(struct of_group_stats_reply *reply,
                            struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->stats = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_group_stats *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct ofpbuf_rd counters;
        struct of_group_stats *gs;
        size_t len;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = be16toh(w->length);
        if (len < sizeof *w
            || (len - sizeof *w) % sizeof(struct ofp_bucket_counter)
            || !ofpbuf_rd_sub(rd, len - sizeof *w, &counters)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }

        gs = arena_push(arena, (void **) &reply->stats, &reply->n,
                        sizeof *gs);
        gs->group_id = be32toh(w->group_id);
        gs->ref_count = be32toh(w->ref_count);
        gs->packet_count = be64toh(w->packet_count);
        gs->byte_count = be64toh(w->byte_count);
        gs->duration_sec = be32toh(w->duration_sec);
        gs->duration_nsec = be32toh(w->duration_nsec);
        while (ofpbuf_rd_left(&counters)) {
            const struct ofp_bucket_counter *c
                = ofpbuf_rd_pull(&counters, sizeof *c);
            struct of_bucket_counter *bc;

            if (!c) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            bc = arena_push(arena, (void **) &gs->buckets, &gs->n_buckets,
                            sizeof *bc);
            bc->packet_count = be64toh(c->packet_count);
            bc->byte_count = be64toh(c->byte_count);
        }
    }
    return 0;
}

void
of_group_stats_reply_encode(const struct of_group_stats_reply *reply,
                            struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_stats *gs = &reply->stats[i];
        struct ofp_group_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        w->length = htobe16(sizeof *w + gs->n_buckets
                            * sizeof(struct ofp_bucket_counter));
        w->group_id = htobe32(gs->group_id);
        w->ref_count = htobe32(gs->ref_count);
        w->packet_count = htobe64(gs->packet_count);
        w->byte_count = htobe64(gs->byte_count);
        w->duration_sec = htobe32(gs->duration_sec);
        w->duration_nsec = htobe32(gs->duration_nsec);
        for (size_t j = 0; j < gs->n_buckets; j++) {
            ofpbuf_put_be64(out, gs->buckets[j].packet_count);
            ofpbuf_put_be64(out, gs->buckets[j].byte_count);
        }
    }
}

void
of_group_stats_reply_format(const struct of_group_stats_reply *reply,
                            struct ds *s)
{
    ds_put_format(s, "%zu group%s", reply->n, reply->n == 1 ? "" : "s");
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_stats *gs = &reply->stats[i];

        ds_put_cstr(s, "\n  group_id=");
        format_group_id(gs->group_id, s);
        ds_put_format(s, ",duration=%"PRIu32".%09"PRIu32"s,ref_count=%"
                      PRIu32",packet_count=%"PRIu64",byte_count=%"PRIu64,
                      gs->duration_sec, gs->duration_nsec, gs->ref_count,
                      gs->packet_count, gs->byte_count);
        for (size_t j = 0; j < gs->n_buckets; j++) {
            ds_put_format(s, ",bucket%zu:packet_count=%"PRIu64
                          ",byte_count=%"PRIu64, j,
                          gs->buckets[j].packet_count,
                          gs->buckets[j].byte_count);
        }
    }
}

/* ---- OFPMP_GROUP_DESC ---- */

/* An entry's length (A.3.5.10) below its 8-byte header, not a multiple of
 * 8, or past the end of the body is OFPBRC_BAD_LEN; its buckets follow the
 * rules of decode_buckets().  A reply describes groups the switch holds,
 * so the group-mod checks of types and weights are not applied. */
enum ofperr
of_group_desc_reply_decode(struct of_group_desc_reply *reply,
                           struct ofpbuf_rd *rd, struct arena *arena)
{
    reply->descs = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_group_desc *w = ofpbuf_rd_pull(rd, sizeof *w);
        struct of_group_desc *gd;
        struct ofpbuf_rd buckets;
        enum ofperr error;
        size_t len;

        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        len = be16toh(w->length);
        if (len < sizeof *w || len % 8
            || !ofpbuf_rd_sub(rd, len - sizeof *w, &buckets)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }

        gd = arena_push(arena, (void **) &reply->descs, &reply->n,
                        sizeof *gd);
        gd->type = w->type;
        gd->group_id = be32toh(w->group_id);
        error = decode_buckets(&buckets, OF_ACTX_REPORT, arena,
                               &gd->buckets, &gd->n_buckets);
        if (error) {
            return error;
        }
    }
    return 0;
}

void
of_group_desc_reply_encode(const struct of_group_desc_reply *reply,
                           struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_desc *gd = &reply->descs[i];
        size_t start = out->size;
        struct ofp_group_desc *w = ofpbuf_put_zeros(out, sizeof *w);

        w->type = gd->type;
        w->group_id = htobe32(gd->group_id);
        encode_buckets(gd->buckets, gd->n_buckets, out);
        ofpbuf_set_be16(out, start + offsetof(struct ofp_group_desc, length),
                        out->size - start);
    }
}

void
of_group_desc_reply_format(const struct of_group_desc_reply *reply,
                           struct ds *s)
{
    ds_put_format(s, "%zu group%s", reply->n, reply->n == 1 ? "" : "s");
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_desc *gd = &reply->descs[i];

        ds_put_cstr(s, "\n  ");
        format_group(gd->group_id, gd->type, gd->buckets, gd->n_buckets, s);
    }
}

/* ---- OFPMP_GROUP_FEATURES ---- */

enum ofperr
of_group_features_decode(struct of_group_features *gf, struct ofpbuf_rd *rd,
                         struct arena *arena OF_UNUSED)
{
    const struct ofp_group_features *w = ofpbuf_rd_pull(rd, sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gf->types = be32toh(w->types);
    gf->capabilities = be32toh(w->capabilities);
    for (size_t i = 0; i < 4; i++) {
        gf->max_groups[i] = be32toh(w->max_groups[i]);
        gf->actions[i] = be32toh(w->actions[i]);
    }
    return 0;
}

void
of_group_features_encode(const struct of_group_features *gf,
                         struct ofpbuf *out)
{
    struct ofp_group_features *w = ofpbuf_put_zeros(out, sizeof *w);

    w->types = htobe32(gf->types);
    w->capabilities = htobe32(gf->capabilities);
    for (size_t i = 0; i < 4; i++) {
        w->max_groups[i] = htobe32(gf->max_groups[i]);
        w->actions[i] = htobe32(gf->actions[i]);
    }
}

static const char *
group_capability_name(uint32_t bit)
{
    switch ((enum ofp_group_capabilities) bit) {
    case OFPGFC_SELECT_WEIGHT:
        return "select_weight";
    case OFPGFC_SELECT_LIVENESS:
        return "select_liveness";
    case OFPGFC_CHAINING:
        return "chaining";
    case OFPGFC_CHAINING_CHECKS:
        return "chaining_checks";
    }
    return NULL;
}

/* Appends the action type of each bit of 'bitmap' in lower case without
 * its OFPAT_ prefix ("output"), comma-separated, or "none". */
static void
format_action_bitmap(uint32_t bitmap, struct ds *s)
{
    if (!bitmap) {
        ds_put_cstr(s, "none");
        return;
    }
    for (unsigned int bit = 0; bit < 32; bit++) {
        const char *name;

        if (!(bitmap & (UINT32_C(1) << bit))) {
            continue;
        }
        name = of_action_type_name(bit);
        if (name && !strncmp(name, "OFPAT_", 6)) {
            name += 6;
        }
        if (name) {
            for (const char *p = name; *p; p++) {
                ds_put_char(s, tolower((unsigned char) *p));
            }
        } else {
            ds_put_format(s, "%u", bit);
        }
        bitmap &= ~(UINT32_C(1) << bit);
        if (bitmap) {
            ds_put_char(s, ',');
        }
    }
}

void
of_group_features_format(const struct of_group_features *gf, struct ds *s)
{
    uint32_t bits;

    ds_put_cstr(s, "types=");
    bits = gf->types;
    if (!bits) {
        ds_put_cstr(s, "none");
    }
    for (unsigned int t = 0; t < 32; t++) {
        const char *name = group_type_name(t);

        if (!(bits & (UINT32_C(1) << t))) {
            continue;
        }
        bits &= ~(UINT32_C(1) << t);
        if (name) {
            ds_put_cstr(s, name);
        } else {
            ds_put_format(s, "%u", t);
        }
        if (bits) {
            ds_put_char(s, ',');
        }
    }

    ds_put_cstr(s, " capabilities=");
    bits = gf->capabilities;
    if (!bits) {
        ds_put_cstr(s, "none");
    }
    for (unsigned int b = 0; b < 32; b++) {
        uint32_t bit = UINT32_C(1) << b;
        const char *name = group_capability_name(bit);

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

    for (unsigned int t = 0; t < 4; t++) {
        if (!(gf->types & (UINT32_C(1) << t))
            && !gf->max_groups[t] && !gf->actions[t]) {
            continue;
        }
        ds_put_format(s, "\n  %s: max_groups=%"PRIu32" actions=",
                      group_type_name(t), gf->max_groups[t]);
        format_action_bitmap(gf->actions[t], s);
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

/* Parses a group id: a number up to OFPG_MAX, "all" or "any". */
static bool
parse_group_id(const char *s, uint32_t *group_id)
{
    if (!strcasecmp(s, "all")) {
        *group_id = OFPG_ALL;
        return true;
    } else if (!strcasecmp(s, "any")) {
        *group_id = OFPG_ANY;
        return true;
    }
    return parse_u32(s, group_id) && *group_id <= OFPG_MAX;
}

static bool
parse_group_type(const char *s, uint8_t *type)
{
    if (!strcasecmp(s, "fast_failover")) {
        *type = OFPGT_FF;
        return true;
    }
    for (unsigned int t = 0; t < 4; t++) {
        if (!strcasecmp(s, group_type_name(t))) {
            *type = t;
            return true;
        }
    }
    return false;
}

/* A bucket while it is parsed. */
struct bucket_text {
    bool has_weight;
    struct ds actions;          /* Action text, comma-separated. */
};

/* Completes bucket 'b' of 'gm' from 'bt'. */
static char *
finish_bucket(struct of_group_mod *gm, struct of_bucket *b,
              struct bucket_text *bt, struct arena *arena)
{
    if (!bt->has_weight) {
        b->weight = gm->type == OFPGT_SELECT ? 1 : 0;
    }
    if (bt->actions.length) {
        return of_actions_parse(ds_cstr(&bt->actions), OF_ACTX_GROUP, arena,
                                &b->actions, &b->n_actions);
    }
    return NULL;
}

/* Parses one piece 'token' of a bucket (after "bucket=") into 'b'. */
static char *
parse_bucket_token(const char *token, struct of_bucket *b,
                   struct bucket_text *bt, bool *in_actions)
{
    const char *value;

    if (*in_actions) {
        if (bt->actions.length) {
            ds_put_char(&bt->actions, ',');
        }
        ds_put_cstr(&bt->actions, token);
    } else if ((value = of_parse_key_value(token, "actions"))
               || (value = of_parse_key_value(token, "action"))) {
        /* Everything up to the next "bucket=" is actions. */
        *in_actions = true;
        if (*value) {
            if (bt->actions.length) {
                ds_put_char(&bt->actions, ',');
            }
            ds_put_cstr(&bt->actions, value);
        }
    } else if ((value = of_parse_key_value(token, "weight"))) {
        uint32_t weight;

        if (!parse_u32(value, &weight) || weight > UINT16_MAX) {
            return xasprintf("invalid weight '%s'", value);
        }
        b->weight = weight;
        bt->has_weight = true;
    } else if ((value = of_parse_key_value(token, "watch_port"))) {
        uint32_t port;
        char *error = of_port_no_parse(value, &port);

        if (error) {
            free(error);
            return xasprintf("invalid watch_port '%s'", value);
        }
        b->watch_port = port;
    } else if ((value = of_parse_key_value(token, "watch_group"))) {
        if (!parse_group_id(value, &b->watch_group)
            || b->watch_group == OFPG_ALL) {
            return xasprintf("invalid watch_group '%s'", value);
        }
    } else {
        /* ovs-ofctl shorthand: a bare action, as in "bucket=output:1". */
        if (bt->actions.length) {
            ds_put_char(&bt->actions, ',');
        }
        ds_put_cstr(&bt->actions, token);
    }
    return NULL;
}

/* Checks what a parsed group mod must have, with messages for people. */
static char *
check_parsed_group_mod(const struct of_group_mod *gm, bool has_group_id,
                       bool has_type)
{
    char *msg = NULL;

    if (gm->command != OFPGC_DELETE) {
        if (!has_group_id) {
            return xstrdup("missing group_id");
        }
        if (!has_type) {
            return xstrdup("missing type");
        }
    }
    if (gm->group_id == OFPG_ANY) {
        return xstrdup("group_id=ANY is not a group");
    }
    if (gm->group_id == OFPG_ALL && gm->command != OFPGC_DELETE) {
        return xstrdup("group_id=ALL is only allowed when deleting");
    }
    if (gm->command == OFPGC_DELETE && gm->n_buckets) {
        return xstrdup("bucket: a delete takes no buckets");
    }
    if (gm->command != OFPGC_DELETE
        && check_buckets(gm->type, gm->buckets, gm->n_buckets, &msg)) {
        return msg;
    }
    return NULL;
}

char *
of_group_mod_parse(struct of_group_mod *gm, const char *s, uint16_t command,
                   struct arena *arena)
{
    struct bucket_text bt = { false, DS_EMPTY_INITIALIZER };
    bool has_group_id = false, has_type = false, in_actions = false;
    char *copy = xstrdup(s);
    char **tokens;
    size_t n_tokens;
    char *error = of_parse_split(copy, &tokens, &n_tokens);

    memset(gm, 0, sizeof *gm);
    gm->command = command;
    gm->type = OFPGT_ALL;
    gm->group_id = OFPG_ALL;
    if (error) {
        char *full = xasprintf("'%s': %s", s, error);

        free(error);
        error = full;
    } else if (!group_command_name(command)) {
        error = xasprintf("unknown group command %"PRIu16, command);
    }
    for (size_t i = 0; i < n_tokens && !error; i++) {
        const char *token = tokens[i];
        const char *value;

        if (!*token) {
            continue;
        }
        if ((value = of_parse_key_value(token, "bucket"))) {
            struct of_bucket *b;

            if (gm->n_buckets) {
                error = finish_bucket(gm, &gm->buckets[gm->n_buckets - 1],
                                      &bt, arena);
                if (error) {
                    break;
                }
            }
            b = arena_push(arena, (void **) &gm->buckets, &gm->n_buckets,
                           sizeof *b);
            b->watch_port = OFPP_ANY;
            b->watch_group = OFPG_ANY;
            bt.has_weight = false;
            ds_clear(&bt.actions);
            in_actions = false;
            token = value;
            if (!*token) {
                continue;
            }
        } else if (!gm->n_buckets) {
            if ((value = of_parse_key_value(token, "group_id"))) {
                if (!parse_group_id(value, &gm->group_id)) {
                    error = xasprintf("invalid group_id '%s'", value);
                }
                has_group_id = true;
            } else if ((value = of_parse_key_value(token, "type"))) {
                if (!parse_group_type(value, &gm->type)) {
                    error = xasprintf("unknown group type '%s'", value);
                }
                has_type = true;
            } else {
                error = xasprintf("unknown keyword '%s'", token);
            }
            continue;
        }
        error = parse_bucket_token(token, &gm->buckets[gm->n_buckets - 1],
                                   &bt, &in_actions);
    }
    if (!error && gm->n_buckets) {
        error = finish_bucket(gm, &gm->buckets[gm->n_buckets - 1], &bt,
                              arena);
    }
    if (!error) {
        error = check_parsed_group_mod(gm, has_group_id, has_type);
    }
    ds_destroy(&bt.actions);
    free(tokens);
    free(copy);
    return error;
}
