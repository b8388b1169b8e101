#include "ofproto/ofp-group.h"

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

/* Parses 'text' as a bare action list into 'arena'. */
static struct of_action *
actions_at(struct arena *arena, const char *text, size_t *np,
           const char *file, int line)
{
    struct of_action *actions;
    char *error = of_actions_parse(text, OF_ACTX_GROUP, arena, &actions,
                                   np);

    if (error) {
        fprintf(stderr, "\n%s:%d: actions '%s': %s\n", file, line, text,
                error);
        free(error);
    }
    CU_assertImplementation(!error, line, "actions parse", file, "",
                            CU_FALSE);
    return actions;
}
#define ACTIONS(ARENA, TEXT, NP) \
    actions_at(ARENA, TEXT, NP, __FILE__, __LINE__)

static void
set_bucket(struct of_bucket *b, struct arena *arena, uint16_t weight,
           uint32_t watch_port, uint32_t watch_group, const char *actions)
{
    b->weight = weight;
    b->watch_port = watch_port;
    b->watch_group = watch_group;
    b->actions = ACTIONS(arena, actions, &b->n_actions);
}

/* Decodes the message in 'b' (its length fixed first), re-encodes it and
 * asserts the bytes are the same; returns its text (caller frees) or NULL
 * if it did not decode. */
static char *
reencode_at(struct ofpbuf *b, const char *file, int line)
{
    struct ofpbuf again = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg msg;
    enum ofperr error;
    char what[128];

    error = of_msg_decode(&msg, b->data, b->size);
    snprintf(what, sizeof what, "real bytes decode (got %s)",
             ofperr_name(error));
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

/* Message builders: each appends wire bytes; call unit_fix_length() after
 * the last piece. */
static void
put_header(struct ofpbuf *b, uint8_t type)
{
    ofpbuf_put_u8(b, OFP_VERSION);
    ofpbuf_put_u8(b, type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_be32(b, 0x1234);
}

static void
put_group_mod(struct ofpbuf *b, uint16_t command, uint8_t type,
              uint32_t group_id)
{
    put_header(b, OFPT_GROUP_MOD);
    ofpbuf_put_be16(b, command);
    ofpbuf_put_u8(b, type);
    ofpbuf_put_u8(b, 0);
    ofpbuf_put_be32(b, group_id);
}

static void
put_bucket(struct ofpbuf *b, uint16_t len, uint16_t weight,
           uint32_t watch_port, uint32_t watch_group)
{
    ofpbuf_put_be16(b, len);
    ofpbuf_put_be16(b, weight);
    ofpbuf_put_be32(b, watch_port);
    ofpbuf_put_be32(b, watch_group);
    ofpbuf_put_zeros(b, 4);
}

/* A 16-byte output action. */
static void
put_output(struct ofpbuf *b, uint32_t port)
{
    ofpbuf_put_be16(b, OFPAT_OUTPUT);
    ofpbuf_put_be16(b, 16);
    ofpbuf_put_be32(b, port);
    ofpbuf_put_be16(b, 0xffff);
    ofpbuf_put_zeros(b, 6);
}

static void
put_mp_reply(struct ofpbuf *b, uint16_t mp_type)
{
    put_header(b, OFPT_MULTIPART_REPLY);
    ofpbuf_put_be16(b, mp_type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_zeros(b, 4);
}

static void
put_mp_request(struct ofpbuf *b, uint16_t mp_type)
{
    put_header(b, OFPT_MULTIPART_REQUEST);
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

/* ---- GROUP_MOD ---- */

static void
test_group_mod_round_trip(void)
{
    struct of_bucket buckets[3];
    struct of_msg msg;
    char *text;

    /* ALL: three buckets, one forwarding to another group. */
    of_msg_init(&msg, OFPT_GROUP_MOD, 1);
    set_bucket(&buckets[0], &msg.arena, 0, OFPP_ANY, OFPG_ANY, "output:1");
    set_bucket(&buckets[1], &msg.arena, 0, 3, OFPG_ANY,
               "push_vlan:0x8100,set_field:10->vlan_vid,output:2");
    set_bucket(&buckets[2], &msg.arena, 0, OFPP_ANY, OFPG_ANY, "group:7");
    msg.u.group_mod.command = OFPGC_ADD;
    msg.u.group_mod.type = OFPGT_ALL;
    msg.u.group_mod.group_id = 1;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "ADD group_id=1,type=all,bucket=actions=output:1,"
                    "bucket=watch_port:3,actions=push_vlan:0x8100,"
                    "set_field:");
    expect_contains(text, "output:2,bucket=actions=group:7");
    free(text);
    of_msg_uninit(&msg);

    /* SELECT: weights and a watched port. */
    of_msg_init(&msg, OFPT_GROUP_MOD, 2);
    set_bucket(&buckets[0], &msg.arena, 10, OFPP_ANY, OFPG_ANY,
               "set_queue:3,output:1");
    set_bucket(&buckets[1], &msg.arena, 20, 2, OFPG_ANY, "output:2");
    set_bucket(&buckets[2], &msg.arena, 30, OFPP_ANY, 9, "dec_ttl,output:3");
    msg.u.group_mod.command = OFPGC_MODIFY;
    msg.u.group_mod.type = OFPGT_SELECT;
    msg.u.group_mod.group_id = OFPG_MAX;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "MOD group_id=4294967040,type=select,"
                    "bucket=weight:10,actions=set_queue:3,output:1,"
                    "bucket=weight:20,watch_port:2,actions=output:2,"
                    "bucket=weight:30,watch_group:9,actions=dec_ttl,"
                    "output:3");
    free(text);
    of_msg_uninit(&msg);

    /* INDIRECT: one bucket, group id 0 is a valid group. */
    of_msg_init(&msg, OFPT_GROUP_MOD, 3);
    set_bucket(&buckets[0], &msg.arena, 0, OFPP_ANY, OFPG_ANY,
               "dec_ttl,CONTROLLER:128");
    msg.u.group_mod.command = OFPGC_ADD;
    msg.u.group_mod.type = OFPGT_INDIRECT;
    msg.u.group_mod.group_id = 0;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 1;
    text = unit_round_trip(&msg);
    expect_contains(text, "ADD group_id=0,type=indirect,"
                    "bucket=actions=dec_ttl,CONTROLLER:128");
    free(text);
    of_msg_uninit(&msg);

    /* FAST_FAILOVER: each bucket watches a port, a group, or both. */
    of_msg_init(&msg, OFPT_GROUP_MOD, 4);
    set_bucket(&buckets[0], &msg.arena, 0, 1, OFPG_ANY, "output:1");
    set_bucket(&buckets[1], &msg.arena, 0, OFPP_ANY, 5, "group:5");
    set_bucket(&buckets[2], &msg.arena, 0, OFPP_LOCAL, 6,
               "pop_vlan,output:3");
    msg.u.group_mod.command = OFPGC_ADD;
    msg.u.group_mod.type = OFPGT_FF;
    msg.u.group_mod.group_id = 77;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "ADD group_id=77,type=ff,"
                    "bucket=watch_port:1,actions=output:1,"
                    "bucket=watch_group:5,actions=group:5,"
                    "bucket=watch_port:LOCAL,watch_group:6,"
                    "actions=pop_vlan,output:3");
    free(text);
    of_msg_uninit(&msg);

    /* DELETE of every group, no buckets; a bucket with no actions. */
    of_msg_init(&msg, OFPT_GROUP_MOD, 5);
    msg.u.group_mod.command = OFPGC_DELETE;
    msg.u.group_mod.type = OFPGT_ALL;
    msg.u.group_mod.group_id = OFPG_ALL;
    text = unit_round_trip(&msg);
    expect_contains(text, "DEL group_id=ALL,type=all");
    free(text);
    memset(buckets, 0, sizeof buckets);
    buckets[0].watch_port = OFPP_ANY;
    buckets[0].watch_group = OFPG_ANY;
    msg.u.group_mod.command = OFPGC_ADD;
    msg.u.group_mod.group_id = 8;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 1;
    text = unit_round_trip(&msg);
    expect_contains(text, "ADD group_id=8,type=all,bucket=actions=drop");
    free(text);
    of_msg_uninit(&msg);
}

static void
test_group_mod_header_errors(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* 7.3.4.2, A.4.4: unknown command and type. */
    put_group_mod(&b, 3, OFPGT_ALL, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_COMMAND);
    put_group_mod(&b, 0xffff, OFPGT_ALL, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_COMMAND);
    put_group_mod(&b, OFPGC_ADD, 4, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_TYPE);
    put_group_mod(&b, OFPGC_DELETE, 0xff, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_TYPE);

    /* Group ids: OFPG_ANY never, OFPG_ALL only to delete, nothing between
     * OFPG_MAX and the reserved values. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, OFPG_ANY);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_DELETE, OFPGT_ALL, OFPG_ANY);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, OFPG_ALL);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_MODIFY, OFPGT_ALL, OFPG_ALL);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, OFPG_MAX + 1);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_DELETE, OFPGT_ALL, 0xfffffffe);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_DELETE, OFPGT_ALL, OFPG_ALL);
    expect_ok(&b);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, OFPG_MAX);
    expect_ok(&b);

    ofpbuf_uninit(&b);
}

static void
test_group_mod_bucket_errors(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* 5.6.1: an indirect group has one bucket (none is allowed). */
    put_group_mod(&b, OFPGC_ADD, OFPGT_INDIRECT, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 2);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_MODIFY, OFPGT_INDIRECT, 1);
    put_bucket(&b, 16, 0, OFPP_ANY, OFPG_ANY);
    put_bucket(&b, 16, 0, OFPP_ANY, OFPG_ANY);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_INDIRECT, 1);
    expect_ok(&b);

    /* 7.3.4.2: weight is undefined outside select groups. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 32, 1, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_INDIRECT, 1);
    put_bucket(&b, 32, 5, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_FF, 1);
    put_bucket(&b, 32, 0, 1, OFPG_ANY);
    put_output(&b, 1);
    put_bucket(&b, 32, 1, 2, OFPG_ANY);
    put_output(&b, 2);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_ADD, OFPGT_SELECT, 1);
    put_bucket(&b, 32, 0xffff, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_ok(&b);

    /* A fast failover bucket needs a watch. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_FF, 1);
    put_bucket(&b, 32, 0, 1, OFPG_ANY);
    put_output(&b, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 2);
    expect_error(&b, OFPERR_OFPGMFC_BAD_WATCH);
    put_group_mod(&b, OFPGC_ADD, OFPGT_FF, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, 3);
    put_output(&b, 1);
    expect_ok(&b);

    /* A watch must name a port or a group. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_SELECT, 1);
    put_bucket(&b, 32, 1, OFPP_MAX + 1, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_WATCH);
    put_group_mod(&b, OFPGC_ADD, OFPGT_FF, 1);
    put_bucket(&b, 32, 0, 1, OFPG_ALL);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_WATCH);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, 4, OFPG_ANY);
    put_output(&b, 1);
    expect_ok(&b);

    /* A delete carries no buckets (1.3.5, EXT-510). */
    put_group_mod(&b, OFPGC_DELETE, OFPGT_INDIRECT, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 2);
    expect_error(&b, OFPERR_OFPGMFC_INVALID_GROUP);
    put_group_mod(&b, OFPGC_DELETE, OFPGT_INDIRECT, 1);
    expect_ok(&b);

    /* Bucket actions are validated as a flow's (7.3.4.2). */
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 0);
    expect_error(&b, OFPERR_OFPBAC_BAD_OUT_PORT);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 24, 0, OFPP_ANY, OFPG_ANY);
    ofpbuf_put_be16(&b, 0x1234);            /* Unknown action type. */
    ofpbuf_put_be16(&b, 8);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPBAC_BAD_TYPE);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, OFPP_TABLE);             /* Only in packet-out. */
    expect_error(&b, OFPERR_OFPBAC_BAD_OUT_PORT);

    ofpbuf_uninit(&b);
}

/* Length problems at each level: the message, a bucket, its actions. */
static void
test_group_mod_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* The message is shorter than struct ofp_group_mod. */
    for (size_t len = 8; len < 16; len++) {
        put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
        b.size = len;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }

    /* Bytes after the last bucket too few for a bucket header. */
    for (size_t extra = 1; extra < 16; extra++) {
        put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
        put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
        put_output(&b, 1);
        ofpbuf_put_zeros(&b, extra);
        expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    }
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 16, 0, OFPP_ANY, OFPG_ANY);
    b.size -= 8;
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);

    /* Bucket len below its header, not a multiple of 8, past the end. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 0, 0, OFPP_ANY, OFPG_ANY);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 8, 0, OFPP_ANY, OFPG_ANY);
    ofpbuf_put_zeros(&b, 8);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 28, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 48, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    put_bucket(&b, 0xfff8, 0, OFPP_ANY, OFPG_ANY);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    /* ... also in a delete, whose buckets must still be well-formed. */
    put_group_mod(&b, OFPGC_DELETE, OFPGT_ALL, OFPG_ALL);
    put_bucket(&b, 48, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);

    /* An action overrunning its bucket, cut short, or of length 0. */
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 24, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);                      /* 16 bytes in an 8-byte list. */
    put_bucket(&b, 16, 0, OFPP_ANY, OFPG_ANY);
    expect_error(&b, OFPERR_OFPBAC_BAD_LEN);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 24, 0, OFPP_ANY, OFPG_ANY);
    ofpbuf_put_be16(&b, OFPAT_OUTPUT);
    ofpbuf_put_be16(&b, 0);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPBAC_BAD_LEN);
    put_group_mod(&b, OFPGC_ADD, OFPGT_ALL, 1);
    put_bucket(&b, 24, 0, OFPP_ANY, OFPG_ANY);
    ofpbuf_put_be16(&b, OFPAT_OUTPUT);
    ofpbuf_put_be16(&b, 8);                 /* Output needs 16. */
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPBAC_BAD_LEN);

    ofpbuf_uninit(&b);
}

/* ---- Multipart bodies ---- */

static void
test_group_stats_round_trip(void)
{
    struct of_bucket_counter counters[3] = {
        { 1, 64 }, { 2, 128 }, { UINT64_MAX, UINT64_MAX - 1 },
    };
    struct of_group_stats stats[3];
    struct of_msg msg;
    char *text;

    /* Request. */
    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 10);
    msg.u.mp_request.type = OFPMP_GROUP;
    msg.u.mp_request.group.group_id = OFPG_ALL;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_GROUP group_id=ALL");
    free(text);
    msg.u.mp_request.group.group_id = 42;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_GROUP group_id=42");
    free(text);
    of_msg_uninit(&msg);

    /* Reply: entries with 0, 1 and 3 bucket counters. */
    memset(stats, 0, sizeof stats);
    stats[0].group_id = 1;
    stats[0].ref_count = 2;
    stats[0].packet_count = 100;
    stats[0].byte_count = 6400;
    stats[0].duration_sec = 18;
    stats[0].duration_nsec = 500000000;
    stats[1].group_id = 2;
    stats[1].buckets = counters;
    stats[1].n_buckets = 1;
    stats[2].group_id = OFPG_MAX;
    stats[2].buckets = counters;
    stats[2].n_buckets = 3;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 11);
    msg.u.mp_reply.type = OFPMP_GROUP;
    msg.u.mp_reply.group.stats = stats;
    msg.u.mp_reply.group.n = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "3 groups\n  group_id=1,duration=18.500000000s,"
                    "ref_count=2,packet_count=100,byte_count=6400\n");
    expect_contains(text, "\n  group_id=2,duration=0.000000000s,"
                    "ref_count=0,packet_count=0,byte_count=0,"
                    "bucket0:packet_count=1,byte_count=64\n");
    expect_contains(text, "bucket1:packet_count=2,byte_count=128,"
                    "bucket2:packet_count=18446744073709551615,"
                    "byte_count=18446744073709551614");
    free(text);

    /* An empty reply. */
    msg.u.mp_reply.group.n = 0;
    text = unit_round_trip(&msg);
    expect_contains(text, "0 groups");
    free(text);
    of_msg_uninit(&msg);
}

static void
put_group_stats(struct ofpbuf *b, uint16_t length, uint32_t group_id)
{
    ofpbuf_put_be16(b, length);
    ofpbuf_put_zeros(b, 2);
    ofpbuf_put_be32(b, group_id);
    ofpbuf_put_be32(b, 1);                  /* ref_count */
    ofpbuf_put_zeros(b, 4);
    ofpbuf_put_be64(b, 2);                  /* packet_count */
    ofpbuf_put_be64(b, 3);                  /* byte_count */
    ofpbuf_put_be32(b, 4);
    ofpbuf_put_be32(b, 5);
}

static void
test_group_stats_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* The request body is 8 bytes. */
    put_mp_request(&b, OFPMP_GROUP);
    ofpbuf_put_be32(&b, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_request(&b, OFPMP_GROUP);
    ofpbuf_put_be32(&b, 1);
    ofpbuf_put_zeros(&b, 8);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    /* A good reply, to be spoiled below. */
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 56, 1);
    ofpbuf_put_be64(&b, 7);
    ofpbuf_put_be64(&b, 8);
    put_group_stats(&b, 40, 2);
    expect_ok(&b);

    /* Entry header cut short. */
    for (size_t cut = 1; cut < 40; cut += 7) {
        put_mp_reply(&b, OFPMP_GROUP);
        put_group_stats(&b, 40, 1);
        b.size -= cut;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }
    /* Entry length below 40, past the end, or with part of a counter. */
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 32, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 0, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 56, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 48, 1);
    ofpbuf_put_be64(&b, 7);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    /* Bucket counters cut short by the message's end. */
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 72, 1);
    ofpbuf_put_be64(&b, 7);
    ofpbuf_put_be64(&b, 8);
    ofpbuf_put_be64(&b, 9);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    /* Bucket counters that spill past their entry's length into the
     * next entry are read as the next entry. */
    put_mp_reply(&b, OFPMP_GROUP);
    put_group_stats(&b, 40, 1);
    ofpbuf_put_be64(&b, 7);
    ofpbuf_put_be64(&b, 8);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    ofpbuf_uninit(&b);
}

static void
test_group_desc_round_trip(void)
{
    struct of_group_desc descs[3];
    struct of_bucket buckets[4];
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 20);
    set_bucket(&buckets[0], &msg.arena, 50, OFPP_ANY, OFPG_ANY, "output:1");
    set_bucket(&buckets[1], &msg.arena, 50, 2, OFPG_ANY,
               "set_field:00:11:22:33:44:55->eth_dst,output:2");
    set_bucket(&buckets[2], &msg.arena, 0, 3, OFPG_ANY, "output:3");
    set_bucket(&buckets[3], &msg.arena, 0, 4, 1, "output:4");
    memset(descs, 0, sizeof descs);
    descs[0].type = OFPGT_SELECT;
    descs[0].group_id = 1;
    descs[0].buckets = buckets;
    descs[0].n_buckets = 2;
    descs[1].type = OFPGT_FF;
    descs[1].group_id = 2;
    descs[1].buckets = &buckets[2];
    descs[1].n_buckets = 2;
    descs[2].type = OFPGT_INDIRECT;
    descs[2].group_id = 3;
    msg.u.mp_reply.type = OFPMP_GROUP_DESC;
    msg.u.mp_reply.group_desc.descs = descs;
    msg.u.mp_reply.group_desc.n = 3;
    text = unit_round_trip(&msg);
    expect_contains(text, "3 groups\n  group_id=1,type=select,"
                    "bucket=weight:50,actions=output:1,bucket=weight:50,"
                    "watch_port:2,actions=set_field:00:11:22:33:44:55->"
                    "eth_dst,output:2\n");
    expect_contains(text, "\n  group_id=2,type=ff,bucket=watch_port:3,"
                    "actions=output:3,bucket=watch_port:4,watch_group:1,"
                    "actions=output:4\n  group_id=3,type=indirect");
    free(text);

    msg.u.mp_reply.group_desc.n = 0;
    text = unit_round_trip(&msg);
    expect_contains(text, "0 groups");
    free(text);
    of_msg_uninit(&msg);

    /* The request has no body. */
    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 21);
    msg.u.mp_request.type = OFPMP_GROUP_DESC;
    text = unit_round_trip(&msg);
    expect_contains(text, "OFPMP_GROUP_DESC");
    free(text);
    of_msg_uninit(&msg);
}

static void
put_group_desc(struct ofpbuf *b, uint16_t length, uint8_t type,
               uint32_t group_id)
{
    ofpbuf_put_be16(b, length);
    ofpbuf_put_u8(b, type);
    ofpbuf_put_u8(b, 0);
    ofpbuf_put_be32(b, group_id);
}

static void
test_group_desc_truncated(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* Good: two entries, the first with a bucket. */
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 40, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    put_group_desc(&b, 8, OFPGT_FF, 2);
    expect_ok(&b);

    /* Entry header cut short. */
    for (size_t cut = 1; cut < 8; cut++) {
        put_mp_reply(&b, OFPMP_GROUP_DESC);
        put_group_desc(&b, 8, OFPGT_ALL, 1);
        b.size -= cut;
        expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    }
    /* Entry length below 8, not a multiple of 8, past the end. */
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 4, OFPGT_ALL, 1);
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 12, OFPGT_ALL, 1);
    ofpbuf_put_zeros(&b, 8);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 48, OFPGT_ALL, 1);
    put_bucket(&b, 32, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);

    /* Bucket problems inside an entry. */
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 40, OFPGT_ALL, 1);
    put_bucket(&b, 40, 0, OFPP_ANY, OFPG_ANY);
    put_output(&b, 1);
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 16, OFPGT_ALL, 1);
    ofpbuf_put_zeros(&b, 8);                /* Half a bucket. */
    expect_error(&b, OFPERR_OFPGMFC_BAD_BUCKET);
    put_mp_reply(&b, OFPMP_GROUP_DESC);
    put_group_desc(&b, 32, OFPGT_ALL, 1);
    put_bucket(&b, 24, 0, OFPP_ANY, OFPG_ANY);
    ofpbuf_put_be16(&b, OFPAT_OUTPUT);
    ofpbuf_put_be16(&b, 16);                /* Past its bucket. */
    ofpbuf_put_zeros(&b, 4);
    expect_error(&b, OFPERR_OFPBAC_BAD_LEN);

    ofpbuf_uninit(&b);
}

static void
test_group_features(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_group_features *gf;
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 30);
    msg.u.mp_reply.type = OFPMP_GROUP_FEATURES;
    gf = &msg.u.mp_reply.group_features;
    gf->types = (1 << OFPGT_ALL) | (1 << OFPGT_SELECT) | (1 << OFPGT_FF);
    gf->capabilities = OFPGFC_SELECT_WEIGHT | OFPGFC_CHAINING;
    gf->max_groups[OFPGT_ALL] = 100;
    gf->max_groups[OFPGT_SELECT] = 200;
    gf->max_groups[OFPGT_FF] = 300;
    gf->actions[OFPGT_ALL] = (1 << OFPAT_OUTPUT) | (1 << OFPAT_GROUP);
    gf->actions[OFPGT_SELECT] = 1 << OFPAT_OUTPUT;
    gf->actions[OFPGT_FF] = (1 << OFPAT_OUTPUT) | (1 << OFPAT_PUSH_VLAN)
                            | (1 << OFPAT_SET_FIELD);
    text = unit_round_trip(&msg);
    expect_contains(text, "types=all,select,ff "
                    "capabilities=select_weight,chaining\n"
                    "  all: max_groups=100 actions=output,group\n"
                    "  select: max_groups=200 actions=output\n"
                    "  ff: max_groups=300 actions=output,push_vlan,"
                    "set_field");
    CU_ASSERT_PTR_NULL(strstr(text, "indirect:"));
    free(text);

    /* Unknown bits are shown, not lost. */
    gf->types = 1u << 7;
    gf->capabilities = 1u << 9;
    memset(gf->max_groups, 0, sizeof gf->max_groups);
    memset(gf->actions, 0, sizeof gf->actions);
    gf->actions[OFPGT_INDIRECT] = 1u << 30;
    text = unit_round_trip(&msg);
    expect_contains(text, "types=7 capabilities=0x200\n"
                    "  indirect: max_groups=0 actions=30");
    free(text);
    of_msg_uninit(&msg);

    /* The body is exactly 40 bytes. */
    put_mp_reply(&b, OFPMP_GROUP_FEATURES);
    ofpbuf_put_zeros(&b, 39);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP_FEATURES);
    ofpbuf_put_zeros(&b, 48);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    put_mp_reply(&b, OFPMP_GROUP_FEATURES);
    expect_error(&b, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

/* Truncation at every byte of a group mod and of each reply body. */
static void
test_group_every_prefix(void)
{
    struct of_bucket_counter counters[2] = { { 1, 2 }, { 3, 4 } };
    struct of_group_stats stats[3];
    struct of_group_desc descs[3];
    struct of_bucket buckets[3];
    struct of_msg msg;

    of_msg_init(&msg, OFPT_GROUP_MOD, 1);
    set_bucket(&buckets[0], &msg.arena, 0, OFPP_ANY, OFPG_ANY, "output:1");
    set_bucket(&buckets[1], &msg.arena, 0, 2, OFPG_ANY,
               "push_vlan:0x8100,set_field:10->vlan_vid,output:2");
    set_bucket(&buckets[2], &msg.arena, 0, OFPP_ANY, OFPG_ANY, "");
    msg.u.group_mod.command = OFPGC_ADD;
    msg.u.group_mod.type = OFPGT_ALL;
    msg.u.group_mod.group_id = 1;
    msg.u.group_mod.buckets = buckets;
    msg.u.group_mod.n_buckets = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 2);
    set_bucket(&buckets[0], &msg.arena, 3, OFPP_ANY, OFPG_ANY,
               "dec_ttl,output:1");
    set_bucket(&buckets[1], &msg.arena, 4, 2, OFPG_ANY, "output:2");
    memset(descs, 0, sizeof descs);
    descs[0].type = OFPGT_SELECT;
    descs[0].group_id = 1;
    descs[0].buckets = buckets;
    descs[0].n_buckets = 2;
    descs[1].group_id = 2;
    descs[2].type = OFPGT_INDIRECT;
    descs[2].group_id = 3;
    descs[2].buckets = &buckets[1];
    descs[2].n_buckets = 1;
    msg.u.mp_reply.type = OFPMP_GROUP_DESC;
    msg.u.mp_reply.group_desc.descs = descs;
    msg.u.mp_reply.group_desc.n = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 3);
    memset(stats, 0, sizeof stats);
    stats[0].group_id = 1;
    stats[0].buckets = counters;
    stats[0].n_buckets = 2;
    stats[1].group_id = 2;
    stats[2].group_id = 3;
    stats[2].buckets = counters;
    stats[2].n_buckets = 1;
    msg.u.mp_reply.type = OFPMP_GROUP;
    msg.u.mp_reply.group.stats = stats;
    msg.u.mp_reply.group.n = 3;
    check_prefixes(&msg, 3);
    of_msg_uninit(&msg);
}

/* ---- Real bytes from independent sources ---- */

static void
test_group_real_bytes(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *text;

    /* Open vSwitch tests/ofp-print.at, "OFPT_GROUP_MOD - OF1.1": the
     * group_mod layout is the same in 1.3, so only the version byte is
     * changed. */
    unit_hex(&b,
             "04 0f 00 70 11 22 33 44 00 00 01 00 87 65 43 21"
             "00 20 00 64 00 00 00 01 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 01 00 00 00 00 00 00 00 00"
             "00 20 00 c8 00 00 00 02 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 02 00 00 00 00 00 00 00 00"
             "00 20 00 c8 00 00 00 03 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 03 00 00 00 00 00 00 00 00");
    text = reencode(&b);
    expect_contains(text, "ADD group_id=2271560481,type=select,"
                    "bucket=weight:100,watch_port:1,actions=output:1,"
                    "bucket=weight:200,watch_port:2,actions=output:2,"
                    "bucket=weight:200,watch_port:3,actions=output:3");
    free(text);
    ofpbuf_clear(&b);

    /* loxigen test_data/of13/group_mod.data: a fast failover group whose
     * buckets have weight 1, which 7.3.4.2 makes invalid outside select
     * groups.  With the weights cleared, it decodes and re-encodes. */
    unit_hex(&b,
             "04 0f 00 70 12 34 56 78 00 01 03 00 00 00 00 05"
             "00 30 00 01 00 00 00 05 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 05 00 00 00 00 00 00 00 00"
             "00 00 00 10 00 00 00 06 00 00 00 00 00 00 00 00"
             "00 30 00 01 00 00 00 06 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 05 00 00 00 00 00 00 00 00"
             "00 00 00 10 00 00 00 06 00 00 00 00 00 00 00 00");
    unit_expect_error(b.data, b.size, OFPERR_OFPGMFC_INVALID_GROUP);
    b.data[16 + 3] = 0;
    b.data[16 + 48 + 3] = 0;
    text = reencode(&b);
    expect_contains(text, "MOD group_id=5,type=ff,bucket=watch_port:5,"
                    "actions=output:5,output:6,bucket=watch_port:6,"
                    "actions=output:5,output:6");
    free(text);
    ofpbuf_clear(&b);

    /* loxigen test_data/of13/group_desc_stats_reply.data (a reply: the
     * group-mod weight rule does not apply). */
    unit_hex(&b,
             "04 13 00 80 12 34 56 78 00 07 00 00 00 00 00 00"
             "00 68 03 00 00 00 00 01"
             "00 30 00 01 00 00 00 05 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 05 00 00 00 00 00 00 00 00"
             "00 00 00 10 00 00 00 06 00 00 00 00 00 00 00 00"
             "00 30 00 01 00 00 00 06 ff ff ff ff 00 00 00 00"
             "00 00 00 10 00 00 00 05 00 00 00 00 00 00 00 00"
             "00 00 00 10 00 00 00 06 00 00 00 00 00 00 00 00"
             "00 08 03 00 00 00 00 02");
    text = reencode(&b);
    expect_contains(text, "2 groups\n  group_id=1,type=ff,bucket=weight:1,"
                    "watch_port:5,actions=output:5,output:6,"
                    "bucket=weight:1,watch_port:6,actions=output:5,"
                    "output:6\n  group_id=2,type=ff");
    free(text);
    ofpbuf_clear(&b);

    /* Open vSwitch tests/ofp-print.at, "OFPST_GROUP reply - OF1.3". */
    unit_hex(&b,
             "04 13 00 b0 00 00 00 02 00 06 00 00 00 00 00 00"
             "00 58 00 00 87 65 43 21 00 00 00 04 00 00 00 00"
             "00 00 00 00 00 00 88 88 00 00 00 00 00 77 77 77"
             "00 00 00 12 1d cd 65 00"
             "00 00 00 00 00 00 11 11 00 00 00 00 00 22 22 22"
             "00 00 00 00 00 00 11 11 00 00 00 00 00 22 22 22"
             "00 00 00 00 00 00 66 66 00 00 00 00 00 33 33 33"
             "00 48 00 00 00 00 00 05 00 00 00 02 00 00 00 00"
             "00 00 00 00 00 00 88 88 00 00 00 00 00 77 77 77"
             "00 00 00 10 1d cd 65 00"
             "00 00 00 00 00 00 11 11 00 00 00 00 00 22 22 22"
             "00 00 00 00 00 00 11 11 00 00 00 00 00 22 22 22");
    text = reencode(&b);
    expect_contains(text, "group_id=2271560481,duration=18.500000000s,"
                    "ref_count=4,packet_count=34952,byte_count=7829367,"
                    "bucket0:packet_count=4369,byte_count=2236962,"
                    "bucket1:packet_count=4369,byte_count=2236962,"
                    "bucket2:packet_count=26214,byte_count=3355443");
    expect_contains(text, "group_id=5,duration=16.500000000s,ref_count=2");
    free(text);
    ofpbuf_clear(&b);

    /* loxigen test_data/of13/group_stats_reply.data. */
    unit_hex(&b,
             "04 13 00 80 12 34 56 78 00 06 00 00 00 00 00 00"
             "00 48 00 00 00 00 00 01 00 00 00 08 00 00 00 00"
             "00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20"
             "00 00 00 14 00 00 00 64"
             "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02"
             "00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 04"
             "00 28 00 00 00 00 00 01 00 00 00 08 00 00 00 00"
             "00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 20"
             "00 00 00 14 00 00 00 64");
    text = reencode(&b);
    expect_contains(text, "group_id=1,duration=20.000000100s,ref_count=8,"
                    "packet_count=16,byte_count=32,bucket0:packet_count=1,"
                    "byte_count=2,bucket1:packet_count=3,byte_count=4\n");
    free(text);
    ofpbuf_clear(&b);

    /* Open vSwitch tests/ofp-print.at, "OFPST_GROUP_FEATURES reply" (an
     * OF1.2 message; the body is the same in 1.3, so only the version byte
     * is changed). */
    unit_hex(&b,
             "04 13 00 38 00 00 00 02 00 08 00 00 00 00 00 00"
             "00 00 00 0f 00 00 00 0f"
             "00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04"
             "00 00 00 01 00 02 00 01 00 06 00 01 00 0e 00 01");
    text = reencode(&b);
    expect_contains(text, "types=all,select,indirect,ff capabilities="
                    "select_weight,select_liveness,chaining,"
                    "chaining_checks\n  all: max_groups=1 actions=output\n"
                    "  select: max_groups=2 actions=output,");
    free(text);

    ofpbuf_uninit(&b);
}

/* ---- Parsing ---- */

/* Parses 'text' for 'command' and returns the message (caller uninits). */
static enum ofperr
parse_group(const char *s, uint16_t command, struct of_msg *msg,
            char **errorp)
{
    of_msg_init(msg, OFPT_GROUP_MOD, 99);
    *errorp = of_group_mod_parse(&msg->u.group_mod, s, command, &msg->arena);
    return *errorp ? OFPERR_OFPBRC_BAD_TYPE : 0;
}

/* Asserts that 's' parses, that the result round-trips on the wire, that
 * its text is 'expected', and that the text parses back to the same
 * bytes. */
static void
check_parse_at(const char *s, uint16_t command, const char *expected,
               const char *file, int line)
{
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct ds text = DS_EMPTY_INITIALIZER;
    struct of_msg msg, again;
    char *error, *rt;

    if (parse_group(s, command, &msg, &error)) {
        fprintf(stderr, "\n%s:%d: '%s': %s\n", file, line, s, error);
        CU_assertImplementation(false, line, "group parses", file, "",
                                CU_FALSE);
        free(error);
        of_msg_uninit(&msg);
        return;
    }
    rt = unit_round_trip_at(&msg, file, line);
    free(rt);

    of_group_mod_format(&msg.u.group_mod, &text);
    if (strcmp(ds_cstr(&text), expected)) {
        fprintf(stderr, "\n%s:%d: '%s'\n   gives '%s'\nexpected '%s'\n",
                file, line, s, ds_cstr(&text), expected);
    }
    CU_assertImplementation(!strcmp(ds_cstr(&text), expected), line,
                            "parsed group prints as expected", file, "",
                            CU_FALSE);

    /* The text without its command word parses to the same message. */
    if (!parse_group(strchr(ds_cstr(&text), ' ') + 1, command, &again,
                     &error)) {
        of_msg_encode(&msg, &a);
        of_msg_encode(&again, &b);
        CU_assertImplementation(a.size == b.size
                                && !memcmp(a.data, b.data, a.size),
                                line, "printed group parses back", file, "",
                                CU_FALSE);
    } else {
        fprintf(stderr, "\n%s:%d: '%s': %s\n", file, line, ds_cstr(&text),
                error);
        CU_assertImplementation(false, line, "printed group parses", file,
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
test_group_parse(void)
{
    check_parse("group_id=1,type=select,bucket=weight:10,watch_port:2,"
                "actions=output:1,bucket=weight:20,actions=output:2",
                OFPGC_ADD,
                "ADD group_id=1,type=select,bucket=weight:10,watch_port:2,"
                "actions=output:1,bucket=weight:20,actions=output:2");
    /* Action lists with commas, and '=' or ':' in bucket fields. */
    check_parse("group_id=2,type=all,"
                "bucket=actions=push_vlan:0x8100,set_field:5->vlan_vid,"
                "output:1,bucket=watch_port=LOCAL,actions=dec_ttl,output:2",
                OFPGC_ADD,
                "ADD group_id=2,type=all,bucket=actions=push_vlan:0x8100,"
                "set_field:5->vlan_vid,output:1,bucket=watch_port:LOCAL,"
                "actions=dec_ttl,output:2");
    /* ovs shorthand: bare actions after "bucket="; select weights default
     * to 1. */
    check_parse("group_id=3,type=select,bucket=output:1,"
                "bucket=output:2,set_queue:4", OFPGC_MODIFY,
                "MOD group_id=3,type=select,bucket=weight:1,"
                "actions=output:1,bucket=weight:1,actions=output:2,"
                "set_queue:4");
    check_parse("group_id=4,type=fast_failover,"
                "bucket=watch_port:1,output:1,"
                "bucket=watch_group:3,watch_port:2,actions=group:3",
                OFPGC_ADD,
                "ADD group_id=4,type=ff,bucket=watch_port:1,"
                "actions=output:1,bucket=watch_port:2,watch_group:3,"
                "actions=group:3");
    check_parse(" group_id=5 , type=FF , bucket=watch_port:7, "
                "actions=output:7 ", OFPGC_ADD,
                "ADD group_id=5,type=ff,bucket=watch_port:7,"
                "actions=output:7");
    check_parse("group_id=6,type=indirect,bucket=actions=CONTROLLER:65535",
                OFPGC_ADD,
                "ADD group_id=6,type=indirect,"
                "bucket=actions=CONTROLLER:65535");
    check_parse("group_id=7,type=all,bucket=", OFPGC_ADD,
                "ADD group_id=7,type=all,bucket=actions=drop");
    check_parse("group_id=0x10,type=all", OFPGC_ADD,
                "ADD group_id=16,type=all");
    /* A delete needs neither group_id (all groups) nor type. */
    check_parse("", OFPGC_DELETE, "DEL group_id=ALL,type=all");
    check_parse("group_id=9", OFPGC_DELETE, "DEL group_id=9,type=all");
    check_parse("group_id=all", OFPGC_DELETE, "DEL group_id=ALL,type=all");
}

static void
expect_parse_error_at(const char *s, uint16_t command, const char *word,
                      const char *file, int line)
{
    struct of_msg msg;
    char *error;

    if (!parse_group(s, command, &msg, &error)) {
        fprintf(stderr, "\n%s:%d: '%s' parsed\n", file, line, s);
        CU_assertImplementation(false, line, "group does not parse", file,
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
test_group_parse_errors(void)
{
    expect_parse_error("group_id=1,type=sideways", OFPGC_ADD,
                       "'sideways'");
    expect_parse_error("group_id=x1,type=all", OFPGC_ADD, "'x1'");
    expect_parse_error("group_id=4294967041,type=all", OFPGC_ADD,
                       "'4294967041'");
    expect_parse_error("group_id=-1,type=all", OFPGC_ADD, "'-1'");
    expect_parse_error("group_id=1,type=all,colour=red", OFPGC_ADD,
                       "'colour=red'");
    expect_parse_error("type=all", OFPGC_ADD, "group_id");
    expect_parse_error("group_id=1", OFPGC_ADD, "type");
    expect_parse_error("group_id=all,type=all", OFPGC_ADD, "group_id=ALL");
    expect_parse_error("group_id=any", OFPGC_DELETE, "group_id=ANY");
    expect_parse_error("group_id=1,type=select,bucket=weight:heavy,"
                       "actions=output:1", OFPGC_ADD, "'heavy'");
    expect_parse_error("group_id=1,type=select,bucket=weight:65536,"
                       "actions=output:1", OFPGC_ADD, "'65536'");
    expect_parse_error("group_id=1,type=all,bucket=watch_port:nowhere,"
                       "actions=output:1", OFPGC_ADD, "'nowhere'");
    expect_parse_error("group_id=1,type=all,bucket=watch_group:ALL,"
                       "actions=output:1", OFPGC_ADD, "'ALL'");
    expect_parse_error("group_id=1,type=all,bucket=actions=output:1,"
                       "frobnicate:3", OFPGC_ADD, "frobnicate");
    expect_parse_error("group_id=1,type=all,bucket=teleport,"
                       "bucket=output:2", OFPGC_ADD, "teleport");
    /* The wire rules, in words. */
    expect_parse_error("group_id=1,type=all,bucket=weight:2,"
                       "actions=output:1", OFPGC_ADD, "weight:2");
    expect_parse_error("group_id=1,type=indirect,bucket=output:1,"
                       "bucket=output:2", OFPGC_ADD, "indirect");
    expect_parse_error("group_id=1,type=ff,bucket=watch_port:1,output:1,"
                       "bucket=output:2", OFPGC_ADD, "watch_port");
}

static CU_TestInfo tests[] = {
    { "group_mod round trip", test_group_mod_round_trip },
    { "group_mod header errors", test_group_mod_header_errors },
    { "group_mod bucket errors", test_group_mod_bucket_errors },
    { "group_mod truncated", test_group_mod_truncated },
    { "group stats round trip", test_group_stats_round_trip },
    { "group stats truncated", test_group_stats_truncated },
    { "group desc round trip", test_group_desc_round_trip },
    { "group desc truncated", test_group_desc_truncated },
    { "group features", test_group_features },
    { "group every prefix", test_group_every_prefix },
    { "group real bytes", test_group_real_bytes },
    { "group parse", test_group_parse },
    { "group parse errors", test_group_parse_errors },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofp-group", tests);
