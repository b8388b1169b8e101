#include "ofproto/ofp-meter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

static void
expect_contains_at(const char *text, const char *sub, const char *file,
                   int line)
{
    bool ok = text && strstr(text, sub) != NULL;

    if (!ok) {
        fprintf(stderr, "\n%s:%d: '%s' not found in:\n%s\n", file, line, sub,
                text ? text : "(null)");
    }
    CU_assertImplementation(ok, line, "text contains expected words", file,
                            "", CU_FALSE);
}
#define expect_contains(TEXT, SUB) \
    expect_contains_at(TEXT, SUB, __FILE__, __LINE__)

static void
expect_suffix_at(const char *text, const char *suffix, const char *file,
                 int line)
{
    size_t tl = text ? strlen(text) : 0, sl = strlen(suffix);
    bool ok = text && tl >= sl && !strcmp(text + tl - sl, suffix);

    if (!ok) {
        fprintf(stderr, "\n%s:%d: text does not end in '%s':\n%s\n", file,
                line, suffix, text ? text : "(null)");
    }
    CU_assertImplementation(ok, line, "text ends as expected", file, "",
                            CU_FALSE);
}
#define expect_suffix(TEXT, SUFFIX) \
    expect_suffix_at(TEXT, SUFFIX, __FILE__, __LINE__)

/* Decodes the message in 'b', re-encodes it and asserts the bytes are the
 * same; returns its text (caller frees) or NULL if it did not decode. */
static char *
reencode_at(struct ofpbuf *b, const char *file, int line)
{
    struct ofpbuf again = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg msg;
    enum ofperr error;
    char what[128];

    error = of_msg_decode(&msg, b->data, b->size);
    snprintf(what, sizeof what, "bytes decode (got %s)", ofperr_name(error));
    CU_assertImplementation(!error, line, what, file, "", CU_FALSE);
    if (error) {
        of_msg_uninit(&msg);
        return NULL;
    }
    of_msg_encode(&msg, &again);
    CU_assertImplementation(again.size == b->size
                            && !memcmp(again.data, b->data, b->size),
                            line, "re-encoding reproduces the bytes", file,
                            "", CU_FALSE);
    of_msg_format(&msg, &s);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    return ds_steal_cstr(&s);
}
#define reencode(B) reencode_at(B, __FILE__, __LINE__)

/* Decodes every proper prefix of 'msg' encoded (its header length set to
 * the prefix's): each must be refused cleanly or, if it happens to end on
 * an entry boundary, re-encode to exactly its bytes.  Asserts that
 * 'n_valid' prefixes decode. */
static void
check_prefixes_at(const struct of_msg *msg, size_t n_valid,
                  const char *file, int line)
{
    struct ofpbuf full = OFPBUF_INITIALIZER;
    size_t n_ok = 0;

    of_msg_encode(msg, &full);
    for (size_t len = 0; len < full.size; len++) {
        uint8_t *copy = xmemdup(full.data, len ? len : 1);
        struct ofpbuf again = OFPBUF_INITIALIZER;
        struct of_msg back;

        if (len >= 4) {
            ofp_put_be16(copy + 2, len);
        }
        if (!of_msg_decode(&back, copy, len)) {
            n_ok++;
            of_msg_encode(&back, &again);
            CU_assertImplementation(again.size == len
                                    && !memcmp(again.data, copy, len),
                                    line, "a valid prefix re-encodes",
                                    file, "", CU_FALSE);
        }
        of_msg_uninit(&back);
        ofpbuf_uninit(&again);
        free(copy);
    }
    if (n_ok != n_valid) {
        fprintf(stderr, "\n%s:%d: %zu prefixes decode, expected %zu\n",
                file, line, n_ok, n_valid);
    }
    CU_assertImplementation(n_ok == n_valid, line,
                            "only prefixes at entry boundaries decode",
                            file, "", CU_FALSE);
    ofpbuf_uninit(&full);
}
#define check_prefixes(MSG, N) check_prefixes_at(MSG, N, __FILE__, __LINE__)

static void
put_header(struct ofpbuf *b, uint8_t type)
{
    ofpbuf_put_u8(b, OFP_VERSION);
    ofpbuf_put_u8(b, type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_be32(b, 0x5678);
}

static void
put_meter_mod(struct ofpbuf *b, uint16_t command, uint16_t flags,
              uint32_t meter_id)
{
    put_header(b, OFPT_METER_MOD);
    ofpbuf_put_be16(b, command);
    ofpbuf_put_be16(b, flags);
    ofpbuf_put_be32(b, meter_id);
}

/* A band header; the caller appends the rest of the band. */
static void
put_band(struct ofpbuf *b, uint16_t type, uint16_t len, uint32_t rate,
         uint32_t burst_size)
{
    ofpbuf_put_be16(b, type);
    ofpbuf_put_be16(b, len);
    ofpbuf_put_be32(b, rate);
    ofpbuf_put_be32(b, burst_size);
}

static void
put_drop(struct ofpbuf *b, uint32_t rate)
{
    put_band(b, OFPMBT_DROP, 16, rate, 0);
    ofpbuf_put_zeros(b, 4);
}

static void
put_mp(struct ofpbuf *b, uint8_t type, uint16_t mp_type)
{
    put_header(b, type);
    ofpbuf_put_be16(b, mp_type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_zeros(b, 4);
}

static void
expect_error_at(struct ofpbuf *b, enum ofperr error, const char *file,
                int line)
{
    unit_fix_length(b);
    unit_expect_error_at(b->data, b->size, error, file, line);
    ofpbuf_clear(b);
}
#define expect_error(B, ERR) expect_error_at(B, ERR, __FILE__, __LINE__)

static void
expect_ok_at(struct ofpbuf *b, const char *file, int line)
{
    char *text;

    unit_fix_length(b);
    text = reencode_at(b, file, line);
    free(text);
    ofpbuf_clear(b);
}
#define expect_ok(B) expect_ok_at(B, __FILE__, __LINE__)

static const uint8_t exp_data[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* Three bands: drop, dscp_remark, and an experimenter band with 8 bytes of
 * data. */
static void
set_bands(struct of_meter_band bands[3])
{
    memset(bands, 0, 3 * sizeof *bands);
    bands[0].type = OFPMBT_DROP;
    bands[0].rate = 1000;
    bands[0].burst_size = 100;
    bands[1].type = OFPMBT_DSCP_REMARK;
    bands[1].rate = 500;
    bands[1].burst_size = 50;
    bands[1].prec_level = 63;
    bands[2].type = OFPMBT_EXPERIMENTER;
    bands[2].rate = 2000;
    bands[2].burst_size = 0;
    bands[2].experimenter.experimenter = 0x00002320;
    bands[2].experimenter.data = exp_data;
    bands[2].experimenter.len = sizeof exp_data;
}

/* ---- METER_MOD ---- */

static void
test_meter_mod_round_trip(void)
{
    struct of_meter_band bands[3];
    struct of_meter_mod *mm;
    struct of_msg msg;
    char *text;

    set_bands(bands);
    of_msg_init(&msg, OFPT_METER_MOD, 1);
    mm = &msg.u.meter_mod;
    mm->command = OFPMC_ADD;
    mm->flags = OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS;
    mm->meter_id = 1;
    mm->bands = bands;
    mm->n_bands = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "ADD meter=1 kbps burst stats bands="
                    "type=drop rate=1000 burst_size=100 "
                    "type=dscp_remark rate=500 burst_size=50 prec_level=63 "
                    "type=experimenter rate=2000 burst_size=0 "
                    "experimenter=0x00002320 data=0102030405060708");
    free(text);

    /* Experimenter data that is not a multiple of 8 is padded. */
    bands[2].experimenter.len = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "data=0102030000000000");
    free(text);
    bands[2].experimenter.len = 0;
    text = unit_round_trip(&msg);
    expect_suffix(text, "experimenter=0x00002320");
    free(text);

    /* Packets per second, no burst: burst_size 0 is not shown. */
    bands[0].burst_size = 0;
    mm->command = OFPMC_MODIFY;
    mm->flags = OFPMF_PKTPS;
    mm->meter_id = OFPM_MAX;
    mm->n_bands = 1;
    text = unit_round_trip(&msg);
    expect_suffix(text, "MOD meter=4294901760 pktps bands=type=drop "
                  "rate=1000");
    free(text);

    /* Virtual meters; a meter without bands. */
    mm->meter_id = OFPM_CONTROLLER;
    mm->flags = 0;
    text = unit_round_trip(&msg);
    expect_contains(text, "MOD meter=controller bands=type=drop rate=1000");
    free(text);
    mm->meter_id = OFPM_SLOWPATH;
    mm->n_bands = 0;
    text = unit_round_trip(&msg);
    expect_suffix(text, "MOD meter=slowpath");
    free(text);

    /* Deletes. */
    mm->command = OFPMC_DELETE;
    mm->meter_id = OFPM_ALL;
    text = unit_round_trip(&msg);
    expect_contains(text, "DEL meter=all");
    free(text);
    mm->meter_id = 7;
    mm->n_bands = 1;
    text = unit_round_trip(&msg);
    expect_contains(text, "DEL meter=7 bands=type=drop");
    free(text);
    of_msg_uninit(&msg);
}

static void
test_meter_mod_errors(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* 7.3.4.4, A.4.4: unknown command. */
    put_meter_mod(&b, 3, OFPMF_KBPS, 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_BAD_COMMAND);
    put_meter_mod(&b, 0x8000, 0, 1);
    expect_error(&b, OFPERR_OFPMMFC_BAD_COMMAND);

    /* Flags: unknown bits; kbps and pktps together. */
    put_meter_mod(&b, OFPMC_ADD, 1 << 4, 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_BAD_FLAGS);
    put_meter_mod(&b, OFPMC_ADD, 0x8000 | OFPMF_KBPS, 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_BAD_FLAGS);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS | OFPMF_PKTPS, 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_BAD_FLAGS);
    put_meter_mod(&b, OFPMC_DELETE, OFPMF_KBPS | OFPMF_PKTPS, 1);
    expect_error(&b, OFPERR_OFPMMFC_BAD_FLAGS);
    put_meter_mod(&b, OFPMC_ADD, 0, 1);     /* Neither: accepted. */
    put_drop(&b, 10);
    expect_ok(&b);

    /* Meter ids: 0, between OFPM_MAX and the virtual meters, OFPM_ALL
     * except to delete. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 0);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_DELETE, 0, 0);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, OFPM_MAX + 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_DELETE, 0, 0xfffffffc);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, OFPM_ALL);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_MODIFY, OFPMF_KBPS, OFPM_ALL);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPMMFC_INVALID_METER);
    put_meter_mod(&b, OFPMC_DELETE, 0, OFPM_ALL);
    expect_ok(&b);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, OFPM_SLOWPATH);
    put_drop(&b, 10);
    expect_ok(&b);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, OFPM_CONTROLLER);
    put_drop(&b, 10);
    expect_ok(&b);

    /* Band types: unknown, or 0. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, 3, 16, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_drop(&b, 10);
    put_band(&b, 0, 16, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);

    /* Rate 0, in any band type. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_drop(&b, 0);
    expect_error(&b, OFPERR_OFPMMFC_BAD_RATE);
    put_meter_mod(&b, OFPMC_MODIFY, OFPMF_KBPS, 1);
    put_drop(&b, 10);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 0, 0);
    ofpbuf_put_u8(&b, 1);
    ofpbuf_put_zeros(&b, 3);
    expect_error(&b, OFPERR_OFPMMFC_BAD_RATE);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_EXPERIMENTER, 16, 0, 0);
    ofpbuf_put_be32(&b, 0x2320);
    expect_error(&b, OFPERR_OFPMMFC_BAD_RATE);

    /* prec_level above 63. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 10, 0);
    ofpbuf_put_u8(&b, 64);
    ofpbuf_put_zeros(&b, 3);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND_VALUE);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 10, 0);
    ofpbuf_put_u8(&b, 255);
    ofpbuf_put_zeros(&b, 3);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND_VALUE);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 10, 0);
    ofpbuf_put_u8(&b, 63);
    ofpbuf_put_zeros(&b, 3);
    expect_ok(&b);

    /* A delete's band values are not checked (its bands are ignored). */
    put_meter_mod(&b, OFPMC_DELETE, 0, 1);
    put_drop(&b, 0);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 10, 0);
    ofpbuf_put_u8(&b, 200);
    ofpbuf_put_zeros(&b, 3);
    expect_ok(&b);

    ofpbuf_uninit(&b);
}

/* Length problems at each level: the message and each band. */
static void
test_meter_mod_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* The message is shorter than struct ofp_meter_mod. */
    for (size_t len = 8; len < 16; len++) {
        put_meter_mod(&b, OFPMC_DELETE, 0, 1);
        b.size = len;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }

    /* Trailing bytes too few for a band. */
    for (size_t extra = 1; extra < 16; extra++) {
        put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
        put_drop(&b, 10);
        ofpbuf_put_zeros(&b, extra);
        expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    }
    for (size_t cut = 1; cut < 16; cut += 3) {
        put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
        put_drop(&b, 10);
        b.size -= cut;
        expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    }

    /* Band len: 0, below 16, not a multiple of 8, past the end, wrong for
     * DROP and DSCP_REMARK. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DROP, 0, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DROP, 8, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_EXPERIMENTER, 20, 10, 0);
    ofpbuf_put_be32(&b, 0x2320);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_EXPERIMENTER, 32, 10, 0);
    ofpbuf_put_be32(&b, 0x2320);
    ofpbuf_put_zeros(&b, 8);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DROP, 24, 10, 0);
    ofpbuf_put_zeros(&b, 12);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_DSCP_REMARK, 24, 10, 0);
    ofpbuf_put_zeros(&b, 12);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    /* ... in a delete too: its bands must still be well-formed. */
    put_meter_mod(&b, OFPMC_DELETE, 0, 1);
    put_band(&b, OFPMBT_DROP, 32, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);

    /* An experimenter band may carry data in multiples of 8 bytes. */
    put_meter_mod(&b, OFPMC_ADD, OFPMF_KBPS, 1);
    put_band(&b, OFPMBT_EXPERIMENTER, 32, 10, 0);
    ofpbuf_put_be32(&b, 0x2320);
    ofpbuf_put_zeros(&b, 16);
    put_drop(&b, 5);
    expect_ok(&b);

    ofpbuf_uninit(&b);
}

/* ---- Multipart bodies ---- */

static void
test_meter_requests(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 5);
    msg.u.mp_request.type = OFPMP_METER;
    msg.u.mp_request.meter.meter_id = OFPM_ALL;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_METER meter=all");
    free(text);
    msg.u.mp_request.type = OFPMP_METER_CONFIG;
    msg.u.mp_request.meter_config.meter_id = 12;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_METER_CONFIG meter=12");
    free(text);
    msg.u.mp_request.type = OFPMP_METER_FEATURES;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_METER_FEATURES");
    free(text);
    of_msg_uninit(&msg);

    /* The body of both requests is 8 bytes. */
    put_mp(&b, OFPT_MULTIPART_REQUEST, OFPMP_METER);
    ofpbuf_put_be32(&b, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REQUEST, OFPMP_METER_CONFIG);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REQUEST, OFPMP_METER_CONFIG);
    ofpbuf_put_be32(&b, 1);
    ofpbuf_put_zeros(&b, 12);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    /* Open vSwitch tests/ofp-print.at, "OFPST_METER request - OF1.3" and
     * "OFPST_METER_CONFIG request - OF1.3". */
    unit_hex(&b, "041200180000000200090000000000000000000100000000");
    text = reencode(&b);
    expect_contains(text, "OFPMP_METER meter=1");
    free(text);
    ofpbuf_clear(&b);
    unit_hex(&b, "0412001800000002000a0000000000000000000100000000");
    text = reencode(&b);
    expect_contains(text, "OFPMP_METER_CONFIG meter=1");
    free(text);
    ofpbuf_uninit(&b);
}

static void
test_meter_stats_round_trip(void)
{
    struct of_meter_band_stats band_stats[3] = {
        { 1, 100 }, { 2, 200 }, { UINT64_MAX, 3 },
    };
    struct of_meter_stats stats[3];
    struct of_msg msg;
    char *text;

    memset(stats, 0, sizeof stats);
    stats[0].meter_id = 1;
    stats[0].flow_count = 5;
    stats[0].packet_in_count = 4096;
    stats[0].byte_in_count = 143360;
    stats[0].duration_sec = 394;
    stats[0].duration_nsec = 174990148;
    stats[0].bands = band_stats;
    stats[0].n_bands = 3;
    stats[1].meter_id = OFPM_CONTROLLER;
    stats[2].meter_id = 3;
    stats[2].bands = &band_stats[1];
    stats[2].n_bands = 1;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 6);
    msg.u.mp_reply.type = OFPMP_METER;
    msg.u.mp_reply.meter.stats = stats;
    msg.u.mp_reply.meter.n = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "3 meters\n  meter=1 flow_count=5 "
                    "packet_in_count=4096 byte_in_count=143360 "
                    "duration=394.174990148s bands: "
                    "0: packet_count=1 byte_count=100 "
                    "1: packet_count=2 byte_count=200 "
                    "2: packet_count=18446744073709551615 byte_count=3\n");
    expect_contains(text, "\n  meter=controller flow_count=0 "
                    "packet_in_count=0 byte_in_count=0 "
                    "duration=0.000000000s\n  meter=3 ");
    free(text);
    msg.u.mp_reply.meter.n = 0;
    text = unit_round_trip(&msg);
    expect_contains(text, "0 meters");
    free(text);
    of_msg_uninit(&msg);
}

static void
put_meter_stats(struct ofpbuf *b, uint32_t meter_id, uint16_t len)
{
    ofpbuf_put_be32(b, meter_id);
    ofpbuf_put_be16(b, len);
    ofpbuf_put_zeros(b, 6);
    ofpbuf_put_be32(b, 1);
    ofpbuf_put_be64(b, 2);
    ofpbuf_put_be64(b, 3);
    ofpbuf_put_be32(b, 4);
    ofpbuf_put_be32(b, 5);
}

static void
test_meter_stats_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 56);
    ofpbuf_put_be64(&b, 6);
    ofpbuf_put_be64(&b, 7);
    put_meter_stats(&b, 2, 40);
    expect_ok(&b);

    /* Entry header cut short. */
    for (size_t cut = 1; cut < 40; cut += 5) {
        put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
        put_meter_stats(&b, 1, 40);
        b.size -= cut;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }
    /* len (at offset 4) below 40, past the end, part of a band. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 24);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 0);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 56);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 48);
    ofpbuf_put_be64(&b, 6);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    /* Band statistics cut short by the end of the message. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 72);
    ofpbuf_put_be64(&b, 6);
    ofpbuf_put_be64(&b, 7);
    ofpbuf_put_be64(&b, 8);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    /* Band statistics beyond the entry's len. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER);
    put_meter_stats(&b, 1, 40);
    ofpbuf_put_be64(&b, 6);
    ofpbuf_put_be64(&b, 7);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    ofpbuf_uninit(&b);
}

static void
test_meter_config_round_trip(void)
{
    struct of_meter_band bands[3];
    struct of_meter_config configs[3];
    struct of_msg msg;
    char *text;

    set_bands(bands);
    memset(configs, 0, sizeof configs);
    configs[0].flags = OFPMF_KBPS | OFPMF_BURST;
    configs[0].meter_id = 1;
    configs[0].bands = bands;
    configs[0].n_bands = 3;
    configs[1].flags = OFPMF_PKTPS | OFPMF_STATS;
    configs[1].meter_id = 2;
    configs[2].flags = 0;
    configs[2].meter_id = OFPM_SLOWPATH;
    configs[2].bands = &bands[1];
    configs[2].n_bands = 1;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 7);
    msg.u.mp_reply.type = OFPMP_METER_CONFIG;
    msg.u.mp_reply.meter_config.configs = configs;
    msg.u.mp_reply.meter_config.n = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "3 meters\n  meter=1 kbps burst bands=type=drop "
                    "rate=1000 burst_size=100 type=dscp_remark rate=500 "
                    "burst_size=50 prec_level=63 type=experimenter "
                    "rate=2000 burst_size=0 experimenter=0x00002320 "
                    "data=0102030405060708\n"
                    "  meter=2 pktps stats\n"
                    "  meter=slowpath bands=type=dscp_remark rate=500 "
                    "burst_size=50 prec_level=63");
    free(text);
    msg.u.mp_reply.meter_config.n = 0;
    text = unit_round_trip(&msg);
    expect_contains(text, "0 meters");
    free(text);
    of_msg_uninit(&msg);
}

static void
put_meter_config(struct ofpbuf *b, uint16_t length, uint16_t flags,
                 uint32_t meter_id)
{
    ofpbuf_put_be16(b, length);
    ofpbuf_put_be16(b, flags);
    ofpbuf_put_be32(b, meter_id);
}

static void
test_meter_config_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* A switch may report values a meter mod could not set: band values
     * are not checked in a reply. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 40, OFPMF_KBPS, 1);
    put_drop(&b, 0);
    put_band(&b, OFPMBT_DSCP_REMARK, 16, 10, 0);
    ofpbuf_put_u8(&b, 99);
    ofpbuf_put_zeros(&b, 3);
    put_meter_config(&b, 8, 0, 2);
    expect_ok(&b);

    /* Entry header cut short. */
    for (size_t cut = 1; cut < 8; cut++) {
        put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
        put_meter_config(&b, 8, 0, 1);
        b.size -= cut;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }
    /* Entry length below 8, not a multiple of 8, past the end. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 0, 0, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 12, 0, 1);
    ofpbuf_put_zeros(&b, 8);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 40, 0, 1);
    put_drop(&b, 10);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    /* Band problems inside an entry. */
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 16, 0, 1);
    put_band(&b, OFPMBT_DROP, 16, 10, 0);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 24, 0, 1);
    put_band(&b, OFPMBT_DROP, 24, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_CONFIG);
    put_meter_config(&b, 24, 0, 1);
    put_band(&b, 7, 16, 10, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPMMFC_BAD_BAND);

    ofpbuf_uninit(&b);
}

static void
test_meter_features(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_meter_features *mf;
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 8);
    msg.u.mp_reply.type = OFPMP_METER_FEATURES;
    mf = &msg.u.mp_reply.meter_features;
    mf->max_meter = 1024;
    mf->band_types = (1 << OFPMBT_DROP) | (1 << OFPMBT_DSCP_REMARK);
    mf->capabilities = OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS;
    mf->max_bands = 4;
    mf->max_color = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "max_meter=1024 max_bands=4 max_color=3 "
                    "band_types=drop,dscp_remark "
                    "capabilities=kbps,pktps,burst,stats");
    free(text);
    mf->band_types = 0;
    mf->capabilities = 1u << 20;
    text = unit_round_trip(&msg);
    expect_contains(text, "band_types=none capabilities=0x100000");
    free(text);
    of_msg_uninit(&msg);

    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_FEATURES);
    ofpbuf_put_zeros(&b, 15);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp(&b, OFPT_MULTIPART_REPLY, OFPMP_METER_FEATURES);
    ofpbuf_put_zeros(&b, 24);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

/* Truncation at every byte of a meter mod and of each reply body. */
static void
test_meter_every_prefix(void)
{
    struct of_meter_band_stats band_stats[2] = { { 1, 2 }, { 3, 4 } };
    struct of_meter_config configs[3];
    struct of_meter_stats stats[3];
    struct of_meter_band bands[3];
    struct of_msg msg;

    set_bands(bands);
    of_msg_init(&msg, OFPT_METER_MOD, 1);
    msg.u.meter_mod.command = OFPMC_ADD;
    msg.u.meter_mod.flags = OFPMF_KBPS;
    msg.u.meter_mod.meter_id = 1;
    msg.u.meter_mod.bands = bands;
    msg.u.meter_mod.n_bands = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 2);
    memset(configs, 0, sizeof configs);
    configs[0].meter_id = 1;
    configs[0].bands = bands;
    configs[0].n_bands = 3;
    configs[1].meter_id = 2;
    configs[2].meter_id = 3;
    configs[2].bands = bands;
    configs[2].n_bands = 1;
    msg.u.mp_reply.type = OFPMP_METER_CONFIG;
    msg.u.mp_reply.meter_config.configs = configs;
    msg.u.mp_reply.meter_config.n = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 3);
    memset(stats, 0, sizeof stats);
    stats[0].meter_id = 1;
    stats[0].bands = band_stats;
    stats[0].n_bands = 2;
    stats[1].meter_id = 2;
    stats[2].meter_id = 3;
    stats[2].bands = band_stats;
    stats[2].n_bands = 1;
    msg.u.mp_reply.type = OFPMP_METER;
    msg.u.mp_reply.meter.stats = stats;
    msg.u.mp_reply.meter.n = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);
}

/* ---- Real bytes from independent sources ---- */

static void
test_meter_real_bytes(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *text;

    /* Open vSwitch tests/ofp-print.at, "OFPT_METER_MOD request - OF1.3". */
    unit_hex(&b,
             "04 1d 00 20 00 00 00 02 00 00 00 0d 00 00 00 05"
             "00 01 00 10 00 00 04 00 00 00 00 80 00 00 00 00");
    text = reencode(&b);
    expect_contains(text, "ADD meter=5 kbps burst stats bands=type=drop "
                    "rate=1024 burst_size=128");
    free(text);
    ofpbuf_clear(&b);

    /* ... its "bad band", "bad command" and "bad flags" cases. */
    unit_hex(&b,
             "04 1d 00 20 85 01 d7 38 00 00 00 00 00 00 00 01"
             "00 05 00 10 00 00 00 02 00 00 00 02 00 00 00 00");
    unit_expect_error(b.data, b.size, OFPERR_OFPMMFC_BAD_BAND);
    ofpbuf_clear(&b);
    unit_hex(&b, "04 1d 00 10 28 a6 26 52 00 08 00 00 00 00 00 01");
    unit_expect_error(b.data, b.size, OFPERR_OFPMMFC_BAD_COMMAND);
    ofpbuf_clear(&b);
    unit_hex(&b,
             "04 1d 00 20 82 b3 a1 a4 00 00 00 03 00 00 00 01"
             "00 01 00 10 00 00 00 02 00 00 00 02 00 00 00 00");
    unit_expect_error(b.data, b.size, OFPERR_OFPMMFC_BAD_FLAGS);
    ofpbuf_clear(&b);

    /* Open vSwitch tests/ofp-print.at, "OFPST_METER reply - OF1.3". */
    unit_hex(&b,
             "04 13 00 90 00 00 00 02 00 09 00 00 00 00 00 00"
             "00 00 00 01 00 48 00 00 00 00 00 00 00 00 00 05"
             "00 00 00 00 00 00 10 00 00 00 00 00 00 02 30 00"
             "00 00 01 8a 0a 6e 23 44"
             "00 00 00 00 00 00 00 7e 00 00 00 00 00 00 34 33"
             "00 00 00 00 00 00 00 e7 00 00 00 00 00 00 94 2e"
             "00 00 00 02 00 38 00 00 00 00 00 00 00 00 00 02"
             "00 00 00 00 00 00 02 00 00 00 00 00 00 00 30 00"
             "00 00 01 87 0a 23 6e 44"
             "00 00 00 00 00 00 00 2a 00 00 00 00 00 00 04 33");
    text = reencode(&b);
    expect_contains(text, "meter=1 flow_count=5 packet_in_count=4096 "
                    "byte_in_count=143360 duration=394.174990148s bands: "
                    "0: packet_count=126 byte_count=13363 "
                    "1: packet_count=231 byte_count=37934\n");
    expect_contains(text, "meter=2 flow_count=2 packet_in_count=512 "
                    "byte_in_count=12288 duration=391.170094148s bands: "
                    "0: packet_count=42 byte_count=1075");
    free(text);
    ofpbuf_clear(&b);

    /* loxigen test_data/of13/meter_stats_reply.data. */
    unit_hex(&b,
             "04 13 00 80 12 34 56 78 00 09 00 00 00 00 00 00"
             "00 00 00 01 00 48 00 00 00 00 00 00 00 00 00 08"
             "00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20"
             "00 00 00 14 00 00 00 64"
             "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02"
             "00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 04"
             "00 00 00 02 00 28 00 00 00 00 00 00 00 00 00 08"
             "00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20"
             "00 00 00 14 00 00 00 64");
    text = reencode(&b);
    expect_contains(text, "2 meters\n  meter=1 flow_count=8 "
                    "packet_in_count=16 byte_in_count=32 "
                    "duration=20.000000100s bands: "
                    "0: packet_count=1 byte_count=2 "
                    "1: packet_count=3 byte_count=4\n  meter=2 ");
    free(text);
    ofpbuf_clear(&b);

    /* Open vSwitch tests/ofp-print.at, "OFPST_METER_CONFIG reply -
     * OF1.3". */
    unit_hex(&b,
             "04 13 00 50 00 00 00 02 00 0a 00 00 00 00 00 00"
             "00 28 00 05 00 00 00 01"
             "00 01 00 10 00 01 00 00 00 00 05 00 00 00 00 00"
             "00 02 00 10 00 10 00 00 00 00 f0 00 00 00 00 00"
             "00 18 00 09 00 00 00 02"
             "00 01 00 10 00 02 00 00 00 00 00 00 00 00 00 00");
    text = reencode(&b);
    expect_contains(text, "meter=1 kbps burst bands=type=drop rate=65536 "
                    "burst_size=1280 type=dscp_remark rate=1048576 "
                    "burst_size=61440 prec_level=0\n"
                    "  meter=2 kbps stats bands=type=drop rate=131072");
    free(text);
    ofpbuf_clear(&b);

    /* Open vSwitch tests/ofp-print.at, "OFPST_METER_FEATURES reply -
     * OF1.3". */
    unit_hex(&b,
             "04 13 00 20 00 00 00 02 00 0b 00 00 00 00 00 00"
             "00 01 00 00 00 00 00 06 00 00 00 0F 10 02 00 00");
    text = reencode(&b);
    expect_contains(text, "max_meter=65536 max_bands=16 max_color=2 "
                    "band_types=drop,dscp_remark "
                    "capabilities=kbps,pktps,burst,stats");
    free(text);
    ofpbuf_clear(&b);

    /* loxigen test_data/of13/meter_feature_stats_reply.data: its
     * band_types 3 ORs the OFPMBT values instead of shifting them (A.3.5.14
     * says 1 << OFPMBT_*), so bit 0 shows as unknown. */
    unit_hex(&b,
             "04 13 00 20 12 34 56 78 00 0b 00 00 00 00 00 00"
             "00 00 00 05 00 00 00 03 00 00 00 09 0a 07 00 00");
    text = reencode(&b);
    expect_contains(text, "max_meter=5 max_bands=10 max_color=7 "
                    "band_types=0x1,drop capabilities=kbps,stats");
    free(text);

    ofpbuf_uninit(&b);
}

/* ---- Parsing ---- */

static char *
parse_meter(const char *s, uint16_t command, struct of_msg *msg)
{
    of_msg_init(msg, OFPT_METER_MOD, 9);
    return of_meter_mod_parse(&msg->u.meter_mod, s, command, &msg->arena);
}

/* Asserts that 's' parses, round-trips on the wire, prints as 'expected',
 * and that the printed text parses back to the same bytes. */
static void
check_parse_at(const char *s, uint16_t command, const char *expected,
               const char *file, int line)
{
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct ds text = DS_EMPTY_INITIALIZER;
    struct of_msg msg, again;
    char *error, *rt;

    error = parse_meter(s, command, &msg);
    if (error) {
        fprintf(stderr, "\n%s:%d: '%s': %s\n", file, line, s, error);
        CU_assertImplementation(false, line, "meter parses", file, "",
                                CU_FALSE);
        free(error);
        of_msg_uninit(&msg);
        return;
    }
    rt = unit_round_trip_at(&msg, file, line);
    free(rt);

    of_meter_mod_format(&msg.u.meter_mod, &text);
    if (strcmp(ds_cstr(&text), expected)) {
        fprintf(stderr, "\n%s:%d: '%s'\n   gives '%s'\nexpected '%s'\n",
                file, line, s, ds_cstr(&text), expected);
    }
    CU_assertImplementation(!strcmp(ds_cstr(&text), expected), line,
                            "parsed meter prints as expected", file, "",
                            CU_FALSE);

    error = parse_meter(strchr(ds_cstr(&text), ' ') + 1, command, &again);
    if (!error) {
        of_msg_encode(&msg, &a);
        of_msg_encode(&again, &b);
        CU_assertImplementation(a.size == b.size
                                && !memcmp(a.data, b.data, a.size),
                                line, "printed meter parses back", file, "",
                                CU_FALSE);
    } else {
        fprintf(stderr, "\n%s:%d: '%s': %s\n", file, line, ds_cstr(&text),
                error);
        CU_assertImplementation(false, line, "printed meter parses", file,
                                "", CU_FALSE);
        free(error);
    }
    of_msg_uninit(&again);
    of_msg_uninit(&msg);
    ds_destroy(&text);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
}
#define check_parse(S, CMD, EXPECTED) \
    check_parse_at(S, CMD, EXPECTED, __FILE__, __LINE__)

static void
test_meter_parse(void)
{
    check_parse("meter=1,kbps,burst,stats,bands=type=drop,rate=1000,"
                "burst_size=100", OFPMC_ADD,
                "ADD meter=1 kbps burst stats bands=type=drop rate=1000 "
                "burst_size=100");
    /* Spaces work as separators too, as in ovs-ofctl. */
    check_parse("meter=2 pktps bands=type=drop rate=10 "
                "type=dscp_remark rate=5 prec_level=2", OFPMC_ADD,
                "ADD meter=2 pktps bands=type=drop rate=10 "
                "type=dscp_remark rate=5 prec_level=2");
    check_parse("meter=3,kbps,burst,bands=type=dscp_remark,rate=0x20,"
                "burst_size=7,prec_level=63,type=drop,rate=64,"
                "burst_size=8", OFPMC_MODIFY,
                "MOD meter=3 kbps burst bands=type=dscp_remark rate=32 "
                "burst_size=7 prec_level=63 type=drop rate=64 "
                "burst_size=8");
    check_parse("meter=controller,pktps,bands=type=drop,rate=100",
                OFPMC_ADD,
                "ADD meter=controller pktps bands=type=drop rate=100");
    check_parse("meter=slowpath,bands=type=drop,rate=1", OFPMC_ADD,
                "ADD meter=slowpath bands=type=drop rate=1");
    check_parse("meter=4294901760,kbps", OFPMC_ADD,
                "ADD meter=4294901760 kbps");
    check_parse("meter=9", OFPMC_DELETE, "DEL meter=9");
    check_parse("", OFPMC_DELETE, "DEL meter=all");
    check_parse("meter=all", OFPMC_DELETE, "DEL meter=all");
}

static void
expect_parse_error_at(const char *s, uint16_t command, const char *word,
                      const char *file, int line)
{
    struct of_msg msg;
    char *error = parse_meter(s, command, &msg);

    if (!error) {
        fprintf(stderr, "\n%s:%d: '%s' parsed\n", file, line, s);
        CU_assertImplementation(false, line, "meter does not parse", file,
                                "", CU_FALSE);
    } else {
        expect_contains_at(error, word, file, line);
        free(error);
    }
    of_msg_uninit(&msg);
}
#define expect_parse_error(S, CMD, WORD) \
    expect_parse_error_at(S, CMD, WORD, __FILE__, __LINE__)

static void
test_meter_parse_errors(void)
{
    expect_parse_error("meter=1,kbps,fast", OFPMC_ADD, "'fast'");
    expect_parse_error("meter=one,kbps", OFPMC_ADD, "'one'");
    expect_parse_error("meter=0,kbps", OFPMC_ADD, "'0'");
    expect_parse_error("meter=4294901761,kbps", OFPMC_ADD, "'4294901761'");
    expect_parse_error("kbps,bands=type=drop,rate=1", OFPMC_ADD, "meter=");
    expect_parse_error("meter=all,kbps", OFPMC_ADD, "meter=all");
    expect_parse_error("meter=1,kbps,pktps", OFPMC_ADD, "pktps");
    expect_parse_error("meter=1,bands=type=police,rate=1", OFPMC_ADD,
                       "'police'");
    expect_parse_error("meter=1,bands=rate=1", OFPMC_ADD, "'rate=1'");
    expect_parse_error("meter=1,rate=1", OFPMC_ADD, "'rate=1'");
    expect_parse_error("meter=1,bands=type=drop,rate=0", OFPMC_ADD, "'0'");
    expect_parse_error("meter=1,bands=type=drop,rate=lots", OFPMC_ADD,
                       "'lots'");
    expect_parse_error("meter=1,bands=type=drop,rate=4294967296", OFPMC_ADD,
                       "'4294967296'");
    expect_parse_error("meter=1,bands=type=drop,rate=1,burst_size=-1",
                       OFPMC_ADD, "'-1'");
    expect_parse_error("meter=1,bands=type=drop,burst_size=1", OFPMC_ADD,
                       "rate");
    expect_parse_error("meter=1,bands=type=drop,rate=1,type=drop",
                       OFPMC_ADD, "rate");
    expect_parse_error("meter=1,bands=type=dscp_remark,rate=1,"
                       "prec_level=64", OFPMC_ADD, "'64'");
    expect_parse_error("meter=1,bands=type=drop,rate=1,prec_level=1",
                       OFPMC_ADD, "prec_level");
    expect_parse_error("meter=1,bands=type=drop,rate=1,colour=red",
                       OFPMC_ADD, "'colour=red'");
}

static CU_TestInfo tests[] = {
    { "meter_mod round trip", test_meter_mod_round_trip },
    { "meter_mod errors", test_meter_mod_errors },
    { "meter_mod truncated", test_meter_mod_truncated },
    { "meter requests", test_meter_requests },
    { "meter stats round trip", test_meter_stats_round_trip },
    { "meter stats truncated", test_meter_stats_truncated },
    { "meter config round trip", test_meter_config_round_trip },
    { "meter config truncated", test_meter_config_truncated },
    { "meter features", test_meter_features },
    { "meter every prefix", test_meter_every_prefix },
    { "meter real bytes", test_meter_real_bytes },
    { "meter parse", test_meter_parse },
    { "meter parse errors", test_meter_parse_errors },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofp-meter", tests);
