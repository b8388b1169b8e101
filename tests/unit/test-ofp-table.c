#include "ofproto/ofp-table.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-multipart.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

/* Decodes 'len' bytes at 'data' into 'msg' (which the caller must
 * of_msg_uninit()) and asserts success. */
static bool
decode_ok(struct of_msg *msg, const void *data, size_t len)
{
    enum ofperr error = of_msg_decode(msg, data, len);

    CU_ASSERT_EQUAL(error, 0);
    if (error) {
        fprintf(stderr, "\ndecode failed: %s\n", ofperr_name(error));
    }
    return !error;
}

/* Asserts that 'text' contains 'needle', printing the text if not. */
#define ASSERT_TEXT(TEXT, NEEDLE)                                           \
    do {                                                                    \
        bool found_ = strstr(TEXT, NEEDLE) != NULL;                         \
        CU_ASSERT(found_);                                                  \
        if (!found_) {                                                      \
            fprintf(stderr, "\n%s:%d: \"%s\" not in:\n%s\n", __FILE__,     \
                    __LINE__, NEEDLE, TEXT);                                \
        }                                                                   \
    } while (0)

/* Starts a multipart message of 'type' (OFPT_MULTIPART_REQUEST or
 * OFPT_MULTIPART_REPLY) with multipart type 'mp_type', length to be fixed
 * by unit_fix_length(). */
static void
mp_start(struct ofpbuf *b, uint8_t type, uint16_t mp_type)
{
    ofpbuf_put_u8(b, OFP_VERSION);
    ofpbuf_put_u8(b, type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_be32(b, 7);
    ofpbuf_put_be16(b, mp_type);
    ofpbuf_put_be16(b, 0);
    ofpbuf_put_zeros(b, 4);
}

/* Appends the 64-byte fixed part of a table features entry with length 0
 * and returns its offset, for entry_end(). */
static size_t
entry_start(struct ofpbuf *b, uint8_t table_id)
{
    size_t start = b->size;

    ofpbuf_put_be16(b, 0);
    ofpbuf_put_u8(b, table_id);
    ofpbuf_put_zeros(b, 5);
    ofpbuf_put(b, "t", 1);
    ofpbuf_put_zeros(b, 31);
    ofpbuf_put_be64(b, UINT64_MAX);
    ofpbuf_put_be64(b, 0);
    ofpbuf_put_be32(b, 0);
    ofpbuf_put_be32(b, 100);
    return start;
}

static void
entry_end(struct ofpbuf *b, size_t start)
{
    ofpbuf_set_be16(b, start, b->size - start);
}

/* A TABLE_FEATURES reply whose one entry (table 1) holds exactly the
 * properties written as hex in 'props' (lengths and padding included);
 * the entry and message lengths are made consistent. */
static void
reply_with_props(struct ofpbuf *b, const char *props)
{
    size_t start;

    mp_start(b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
    start = entry_start(b, 1);
    unit_hex(b, props);
    /* Properties are padded to 8, so whole ones fill a multiple of 8. */
    CU_ASSERT_EQUAL((b->size - start) % 8, 0);
    entry_end(b, start);
    unit_fix_length(b);
}

static void
expect_props_error(const char *props, enum ofperr expected, int line)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    reply_with_props(&b, props);
    unit_expect_error_at(b.data, b.size, expected, __FILE__, line);
    ofpbuf_uninit(&b);
}
#define EXPECT_PROPS_ERROR(PROPS, ERR) \
    expect_props_error(PROPS, ERR, __LINE__)

/* Encodes 'msg' and returns the bytes in 'b'. */
static void
encode_ok(const struct of_msg *msg, struct ofpbuf *b)
{
    CU_ASSERT_TRUE(of_msg_encode(msg, b));
}

/* ---- TABLE_MOD ---- */

static void
test_table_mod_round_trip(void)
{
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_TABLE_MOD, 1);
    msg.u.table_mod.table_id = 3;
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "table_id=3 config=0x0");
    free(text);

    /* OFPTT_ALL is a valid target (7.3.3), and the deprecated bits are
     * accepted. */
    msg.u.table_mod.table_id = OFPTT_ALL;
    msg.u.table_mod.config = OFPTC_DEPRECATED_MASK;
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "table_id=ALL config=0x3");
    free(text);
    of_msg_uninit(&msg);
}

static void
test_table_mod_wire(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER, again = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* A.3.3 by hand: header, table_id 5, pad[3], config 1. */
    unit_hex(&b, "04 11 00 10 00 00 00 2a  05 00 00 00  00 00 00 01");
    if (decode_ok(&msg, b.data, b.size)) {
        CU_ASSERT_EQUAL(msg.u.table_mod.table_id, 5);
        CU_ASSERT_EQUAL(msg.u.table_mod.config, 1);
        encode_ok(&msg, &again);
        CU_ASSERT(again.size == b.size
                  && !memcmp(again.data, b.data, b.size));
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    ofpbuf_uninit(&b);
}

static void
test_table_mod_errors(void)
{
    static const char *const bad_config[] = {
        "04 11 00 10 00 00 00 01  00 00 00 00  00 00 00 04",
        "04 11 00 10 00 00 00 01  ff 00 00 00  80 00 00 00",
        "04 11 00 10 00 00 00 01  01 00 00 00  00 00 01 03",
    };
    static const char *const bad_len[] = {
        "04 11 00 0f 00 00 00 01  00 00 00 00  00 00 00",
        "04 11 00 0c 00 00 00 01  00 00 00 00",
        "04 11 00 08 00 00 00 01",
        "04 11 00 11 00 00 00 01  00 00 00 00  00 00 00 00  00",
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad_config); i++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, bad_config[i]);
        unit_expect_error(b.data, b.size, OFPERR_OFPTMFC_BAD_CONFIG);
        ofpbuf_uninit(&b);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad_len); i++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, bad_len[i]);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }
    CU_ASSERT_EQUAL(ofperr_type(OFPERR_OFPTMFC_BAD_CONFIG), 8);
    CU_ASSERT_EQUAL(ofperr_code(OFPERR_OFPTMFC_BAD_CONFIG), 1);
}

/* ---- TABLE stats ---- */

static void
test_table_stats_round_trip(void)
{
    struct of_table_stats stats[] = {
        { 0, 1, 2, 3 },
        { 1, 5, 100, 80 },
        { 254, UINT32_MAX, UINT64_MAX, UINT64_MAX - 1 },
    };
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 2);
    msg.u.mp_reply.type = OFPMP_TABLE;
    msg.u.mp_reply.table.stats = stats;
    msg.u.mp_reply.table.n = ARRAY_SIZE(stats);
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "\n  table 0: active=1, lookup=2, matched=3");
    ASSERT_TEXT(text, "\n  table 1: active=5, lookup=100, matched=80");
    ASSERT_TEXT(text, "table 254: active=4294967295, "
                "lookup=18446744073709551615, "
                "matched=18446744073709551614");
    free(text);

    /* No tables at all. */
    msg.u.mp_reply.table.n = 0;
    text = unit_round_trip(&msg);
    CU_ASSERT_PTR_NULL(strstr(text, "table "));
    free(text);
    of_msg_uninit(&msg);
}

static void
test_table_stats_wire(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER, again = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* Two ofp_table_stats (A.3.5.3) by hand. */
    mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE);
    unit_hex(&b, "00 000000 00000002 0000000000000010 000000000000000f"
                 "07 000000 00000000 0000000000000000 0000000000000000");
    unit_fix_length(&b);
    if (decode_ok(&msg, b.data, b.size)) {
        const struct of_table_stats_reply *r = &msg.u.mp_reply.table;

        CU_ASSERT_EQUAL(r->n, 2);
        if (r->n == 2) {
            CU_ASSERT_EQUAL(r->stats[0].table_id, 0);
            CU_ASSERT_EQUAL(r->stats[0].active_count, 2);
            CU_ASSERT_EQUAL(r->stats[0].lookup_count, 16);
            CU_ASSERT_EQUAL(r->stats[0].matched_count, 15);
            CU_ASSERT_EQUAL(r->stats[1].table_id, 7);
        }
        encode_ok(&msg, &again);
        CU_ASSERT(again.size == b.size
                  && !memcmp(again.data, b.data, b.size));
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    ofpbuf_uninit(&b);
}

static void
test_table_stats_errors(void)
{
    static const size_t bad_sizes[] = { 1, 8, 23, 25, 47, 49 };

    for (size_t i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE);
        ofpbuf_put_zeros(&b, bad_sizes[i]);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }
}

/* ---- TABLE_FEATURES: building ---- */

static const uint8_t exp_data[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static struct of_feature_id inst_ids[] = {
    { .type = OFPIT_GOTO_TABLE },
    { .type = OFPIT_METER },
    { .type = OFPIT_EXPERIMENTER, .experimenter = 0x2320 },
    { .type = OFPIT_EXPERIMENTER, .experimenter = 0xff000001,
      .data = exp_data, .len = 4 },
};

static struct of_feature_id action_ids[] = {
    { .type = OFPAT_OUTPUT },
    { .type = OFPAT_SET_FIELD },
    { .type = OFPAT_POP_PBB },
    { .type = OFPAT_EXPERIMENTER, .experimenter = 0x4f4e4600 },
    { .type = OFPAT_EXPERIMENTER, .experimenter = 0x2320,
      .data = exp_data, .len = 2 },
};

static uint8_t next_tables[] = { 1, 2, 3, 5, 7, 8, 254 };

static struct of_feature_oxm oxm_ids[] = {
    { OXM_HEADER(OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_IN_PORT, 0, 4), 0 },
    { OXM_HEADER(OFPXMC_OPENFLOW_BASIC, OFPXMT_OFB_ETH_DST, 1, 12), 0 },
    { OXM_HEADER(OFPXMC_NXM_1, 31, 1, 8), 0 },
    { OXM_HEADER(OFPXMC_EXPERIMENTER, 5, 0, 8), 0x4f4e4600 },
    { OXM_HEADER(OFPXMC_OPENFLOW_BASIC, 127, 0, 0), 0 },
};

static const uint16_t all_prop_types[] = {
    OFPTFPT_INSTRUCTIONS, OFPTFPT_INSTRUCTIONS_MISS,
    OFPTFPT_NEXT_TABLES, OFPTFPT_NEXT_TABLES_MISS,
    OFPTFPT_WRITE_ACTIONS, OFPTFPT_WRITE_ACTIONS_MISS,
    OFPTFPT_APPLY_ACTIONS, OFPTFPT_APPLY_ACTIONS_MISS,
    OFPTFPT_MATCH, OFPTFPT_WILDCARDS,
    OFPTFPT_WRITE_SETFIELD, OFPTFPT_WRITE_SETFIELD_MISS,
    OFPTFPT_APPLY_SETFIELD, OFPTFPT_APPLY_SETFIELD_MISS,
    OFPTFPT_EXPERIMENTER, OFPTFPT_EXPERIMENTER_MISS,
};

/* Fills 'tf' with one property of every type (the _MISS ones with
 * shorter or empty lists), allocated from 'arena'. */
static void
build_all_props(struct of_table_features *tf, struct arena *arena)
{
    memset(tf, 0, sizeof *tf);
    tf->table_id = 1;
    strcpy(tf->name, "all props");
    tf->metadata_match = UINT64_MAX;
    tf->metadata_write = 0xff;
    tf->config = 3;
    tf->max_entries = 4096;
    tf->n_props = ARRAY_SIZE(all_prop_types);
    tf->props = arena_alloc(arena, tf->n_props * sizeof *tf->props);
    for (size_t i = 0; i < tf->n_props; i++) {
        struct of_table_feature_prop *p = &tf->props[i];
        bool miss = i % 2 == 1;

        p->type = all_prop_types[i];
        switch (p->type) {
        case OFPTFPT_INSTRUCTIONS:
        case OFPTFPT_INSTRUCTIONS_MISS:
            p->ids.ids = inst_ids;
            p->ids.n = miss ? 1 : ARRAY_SIZE(inst_ids);
            break;
        case OFPTFPT_NEXT_TABLES:
        case OFPTFPT_NEXT_TABLES_MISS:
            p->tables.ids = next_tables;
            p->tables.n = miss ? 0 : ARRAY_SIZE(next_tables);
            break;
        case OFPTFPT_WRITE_ACTIONS:
        case OFPTFPT_WRITE_ACTIONS_MISS:
        case OFPTFPT_APPLY_ACTIONS:
        case OFPTFPT_APPLY_ACTIONS_MISS:
            p->ids.ids = action_ids;
            p->ids.n = miss ? 0 : ARRAY_SIZE(action_ids);
            break;
        case OFPTFPT_EXPERIMENTER:
            p->experimenter.experimenter = 0x2320;
            p->experimenter.exp_type = 9;
            p->experimenter.data = exp_data;
            p->experimenter.len = sizeof exp_data;
            break;
        case OFPTFPT_EXPERIMENTER_MISS:
            p->experimenter.experimenter = 0x2320;
            p->experimenter.exp_type = 10;
            break;
        default:
            p->oxms.oxms = oxm_ids;
            p->oxms.n = miss ? 2 : ARRAY_SIZE(oxm_ids);
            break;
        }
    }
}

/* ---- TABLE_FEATURES: round trips ---- */

static void
test_features_request_empty(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 3);
    msg.u.mp_request.type = OFPMP_TABLE_FEATURES;
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "OFPMP_TABLE_FEATURES");
    CU_ASSERT_PTR_NULL(strstr(text, "table "));
    free(text);
    encode_ok(&msg, &b);
    CU_ASSERT_EQUAL(b.size, 16);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);
}

static void
test_features_request_tables(void)
{
    static struct of_feature_id ids[] = {
        { .type = OFPIT_APPLY_ACTIONS }, { .type = OFPIT_GOTO_TABLE },
    };
    static uint8_t tables[] = { 1 };
    struct of_table_feature_prop props0[] = {
        { .type = OFPTFPT_INSTRUCTIONS, .ids = { ids, 2 } },
        { .type = OFPTFPT_NEXT_TABLES, .tables = { tables, 1 } },
    };
    struct of_table_feature_prop props1[] = {
        { .type = OFPTFPT_INSTRUCTIONS, .ids = { ids, 1 } },
    };
    struct of_table_features tf[2];
    struct of_msg msg, back;
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *text;

    memset(tf, 0, sizeof tf);
    tf[0].table_id = 0;
    strcpy(tf[0].name, "ingress");
    tf[0].max_entries = 10;
    tf[0].props = props0;
    tf[0].n_props = ARRAY_SIZE(props0);
    tf[1].table_id = 1;
    /* A name of exactly OFP_MAX_TABLE_NAME_LEN bytes, no NUL on the
     * wire. */
    memset(tf[1].name, 'x', OFP_MAX_TABLE_NAME_LEN);
    tf[1].props = props1;
    tf[1].n_props = ARRAY_SIZE(props1);

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 4);
    msg.u.mp_request.type = OFPMP_TABLE_FEATURES;
    msg.u.mp_request.table_features.tables = tf;
    msg.u.mp_request.table_features.n = 2;
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "table 0 (\"ingress\"):");
    ASSERT_TEXT(text, "instructions: apply_actions,goto_table\n");
    ASSERT_TEXT(text, "next tables: 1\n");
    ASSERT_TEXT(text, "table 1 (\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")");
    free(text);

    /* 16 + (64 + 16 + 8) + (64 + 8). */
    encode_ok(&msg, &b);
    CU_ASSERT_EQUAL(b.size, 176);
    if (decode_ok(&back, b.data, b.size)) {
        const struct of_table_features_list *l
            = &back.u.mp_request.table_features;

        CU_ASSERT_EQUAL(l->n, 2);
        if (l->n == 2) {
            CU_ASSERT_STRING_EQUAL(l->tables[0].name, "ingress");
            CU_ASSERT_EQUAL(strlen(l->tables[1].name),
                            OFP_MAX_TABLE_NAME_LEN);
            CU_ASSERT_EQUAL(l->tables[0].n_props, 2);
            CU_ASSERT_EQUAL(l->tables[1].n_props, 1);
        }
    }
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);
}

static void
test_features_reply_all_props(void)
{
    struct of_table_features tf;
    struct of_msg msg, back;
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 5);
    build_all_props(&tf, &msg.arena);
    msg.u.mp_reply.type = OFPMP_TABLE_FEATURES;
    msg.u.mp_reply.table_features.tables = &tf;
    msg.u.mp_reply.table_features.n = 1;
    text = unit_round_trip(&msg);

    ASSERT_TEXT(text, "\n  table 1 (\"all props\"):\n");
    ASSERT_TEXT(text, "\n    metadata: match=0xffffffffffffffff "
                "write=0x00000000000000ff\n");
    ASSERT_TEXT(text, "\n    config=0x3 max_entries=4096\n");
    ASSERT_TEXT(text, "\n    instructions: goto_table,meter,"
                "experimenter(0x2320),"
                "experimenter(0xff000001,data=01020304)\n");
    ASSERT_TEXT(text, "\n    instructions (miss): goto_table\n");
    ASSERT_TEXT(text, "\n    next tables: 1-3,5,7-8,254\n");
    ASSERT_TEXT(text, "\n    next tables (miss): none\n");
    ASSERT_TEXT(text, "\n    write actions: output,set_field,pop_pbb,"
                "experimenter(0x4f4e4600),experimenter(0x2320,data=0102)\n");
    ASSERT_TEXT(text, "\n    write actions (miss):\n");
    ASSERT_TEXT(text, "\n    apply actions: output,set_field,pop_pbb,");
    ASSERT_TEXT(text, "\n    apply actions (miss):\n");
    ASSERT_TEXT(text, "\n    match: in_port,eth_dst/mask,tun_src/mask,"
                "experimenter(0x4f4e4600:5),oxm(0x8000:127)\n");
    ASSERT_TEXT(text, "\n    wildcards: in_port,eth_dst/mask\n");
    ASSERT_TEXT(text, "\n    write setfield: in_port,");
    ASSERT_TEXT(text, "\n    write setfield (miss): in_port,eth_dst/mask\n");
    ASSERT_TEXT(text, "\n    apply setfield: in_port,");
    ASSERT_TEXT(text, "\n    apply setfield (miss): in_port,eth_dst/mask\n");
    ASSERT_TEXT(text, "\n    experimenter: experimenter=0x2320 exp_type=9 "
                "data=0102030405060708\n");
    ASSERT_TEXT(text, "\n    experimenter (miss): experimenter=0x2320 "
                "exp_type=10");
    free(text);

    /* The decoded values, property by property. */
    encode_ok(&msg, &b);
    if (decode_ok(&back, b.data, b.size)) {
        const struct of_table_features_list *l
            = &back.u.mp_reply.table_features;
        const struct of_table_features *t = l->tables;
        const struct of_table_feature_prop *p;

        CU_ASSERT_EQUAL_FATAL(l->n, 1);
        CU_ASSERT_EQUAL(t->table_id, 1);
        CU_ASSERT_STRING_EQUAL(t->name, "all props");
        CU_ASSERT_EQUAL(t->metadata_match, UINT64_MAX);
        CU_ASSERT_EQUAL(t->metadata_write, 0xff);
        CU_ASSERT_EQUAL(t->config, 3);
        CU_ASSERT_EQUAL(t->max_entries, 4096);
        CU_ASSERT_EQUAL_FATAL(t->n_props, ARRAY_SIZE(all_prop_types));
        for (size_t i = 0; i < t->n_props; i++) {
            CU_ASSERT_EQUAL(t->props[i].type, all_prop_types[i]);
        }

        p = of_table_features_find_prop(t, OFPTFPT_INSTRUCTIONS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL_FATAL(p->ids.n, 4);
        CU_ASSERT_EQUAL(p->ids.ids[1].type, OFPIT_METER);
        CU_ASSERT_EQUAL(p->ids.ids[2].experimenter, 0x2320);
        CU_ASSERT_EQUAL(p->ids.ids[2].len, 0);
        CU_ASSERT_EQUAL(p->ids.ids[3].experimenter, 0xff000001);
        CU_ASSERT_EQUAL_FATAL(p->ids.ids[3].len, 4);
        CU_ASSERT(!memcmp(p->ids.ids[3].data, exp_data, 4));

        p = of_table_features_find_prop(t, OFPTFPT_NEXT_TABLES);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL_FATAL(p->tables.n, ARRAY_SIZE(next_tables));
        CU_ASSERT(!memcmp(p->tables.ids, next_tables, sizeof next_tables));
        p = of_table_features_find_prop(t, OFPTFPT_NEXT_TABLES_MISS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->tables.n, 0);

        p = of_table_features_find_prop(t, OFPTFPT_APPLY_ACTIONS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL_FATAL(p->ids.n, ARRAY_SIZE(action_ids));
        CU_ASSERT_EQUAL(p->ids.ids[2].type, OFPAT_POP_PBB);
        CU_ASSERT_EQUAL(p->ids.ids[4].experimenter, 0x2320);
        CU_ASSERT_EQUAL(p->ids.ids[4].len, 2);

        p = of_table_features_find_prop(t, OFPTFPT_MATCH);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL_FATAL(p->oxms.n, ARRAY_SIZE(oxm_ids));
        for (size_t i = 0; i < p->oxms.n; i++) {
            CU_ASSERT_EQUAL(p->oxms.oxms[i].oxm_header,
                            oxm_ids[i].oxm_header);
            CU_ASSERT_EQUAL(p->oxms.oxms[i].experimenter,
                            oxm_ids[i].experimenter);
        }

        p = of_table_features_find_prop(t, OFPTFPT_EXPERIMENTER);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->experimenter.experimenter, 0x2320);
        CU_ASSERT_EQUAL(p->experimenter.exp_type, 9);
        CU_ASSERT_EQUAL_FATAL(p->experimenter.len, sizeof exp_data);
        CU_ASSERT(!memcmp(p->experimenter.data, exp_data, sizeof exp_data));
        p = of_table_features_find_prop(t, OFPTFPT_EXPERIMENTER_MISS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->experimenter.len, 0);

        /* Types 9 and 11 do not exist in 1.3. */
        CU_ASSERT_PTR_NULL(of_table_features_find_prop(t, 9));
    }
    of_msg_uninit(&back);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);
}

/* Lengths and padding on the wire, checked byte by byte against what
 * 7.3.5.5 says: each property's length excludes its padding to 8. */
static void
test_features_wire_layout(void)
{
    static struct of_feature_id ids[] = {
        { .type = OFPIT_EXPERIMENTER, .experimenter = 0x2320 },
    };
    static uint8_t tables[] = { 4, 5, 6 };
    static struct of_feature_oxm oxms[] = {
        { OXM_HEADER(OFPXMC_EXPERIMENTER, 1, 0, 4), 0xaabbccdd },
    };
    struct of_table_feature_prop props[] = {
        { .type = OFPTFPT_INSTRUCTIONS, .ids = { ids, 1 } },
        { .type = OFPTFPT_NEXT_TABLES, .tables = { tables, 3 } },
        { .type = OFPTFPT_APPLY_SETFIELD, .oxms = { oxms, 1 } },
    };
    struct of_table_features tf;
    struct of_table_features_list list = { &tf, 1 };
    struct ofpbuf b = OFPBUF_INITIALIZER, want = OFPBUF_INITIALIZER;

    memset(&tf, 0, sizeof tf);
    tf.table_id = 2;
    strcpy(tf.name, "ab");
    tf.metadata_match = 0x0102030405060708ull;
    tf.max_entries = 0x10000;
    tf.props = props;
    tf.n_props = ARRAY_SIZE(props);
    of_table_features_list_encode(&list, &b);

    unit_hex(&want,
             "0068 02 0000000000"                   /* length 104, table 2 */
             "6162000000000000000000000000000000000000000000000000000000000000"
             "0102030405060708 0000000000000000"    /* metadata */
             "00000000 00010000"                    /* config, max */
             "0000 000c ffff0008 00002320 00000000" /* instructions */
             "0002 0007 040506 00"                  /* next tables */
             "000e 000c ffff0204 aabbccdd 00000000"); /* apply setfield */
    CU_ASSERT_EQUAL(b.size, want.size);
    CU_ASSERT(b.size == want.size && !memcmp(b.data, want.data, b.size));
    ofpbuf_uninit(&b);
    ofpbuf_uninit(&want);
}

/* A reply reasoned out by hand from 7.3.5.5 (independent of our encoder):
 * table 1 "acl", metadata match 0xff, write 0, max_entries 1024, with
 * instructions [apply_actions], next tables [2, 3, 4], match [eth_type,
 * ipv4_dst with mask], wildcards [ipv4_dst]. */
static void
test_features_hand_capture(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER, again = OFPBUF_INITIALIZER;
    struct of_msg msg;

    unit_hex(&b,
             "04 13 0078 00000011"      /* MULTIPART_REPLY, 120 bytes */
             "000c 0000 00000000"       /* OFPMP_TABLE_FEATURES */
             "0068 01 0000000000"       /* entry: 104 bytes, table 1 */
             "61636c0000000000000000000000000000000000000000000000000000000000"
             "00000000000000ff"         /* metadata_match */
             "0000000000000000"         /* metadata_write */
             "00000000"                 /* config */
             "00000400"                 /* max_entries 1024 */
             "0000 0008 0004 0004"      /* INSTRUCTIONS: apply_actions */
             "0002 0007 02 03 04 00"    /* NEXT_TABLES: 2 3 4, pad 1 */
             "0008 000c 80000a02 80001908 00000000" /* MATCH, pad 4 */
             "000a 0008 80001804");     /* WILDCARDS: ipv4_dst */
    if (decode_ok(&msg, b.data, b.size)) {
        const struct of_table_features_list *l
            = &msg.u.mp_reply.table_features;
        const struct of_table_features *t = l->tables;
        const struct of_table_feature_prop *p;
        struct ds s = DS_EMPTY_INITIALIZER;

        CU_ASSERT_EQUAL_FATAL(l->n, 1);
        CU_ASSERT_EQUAL(t->table_id, 1);
        CU_ASSERT_STRING_EQUAL(t->name, "acl");
        CU_ASSERT_EQUAL(t->metadata_match, 0xff);
        CU_ASSERT_EQUAL(t->max_entries, 1024);
        CU_ASSERT_EQUAL_FATAL(t->n_props, 4);
        p = &t->props[1];
        CU_ASSERT_EQUAL(p->type, OFPTFPT_NEXT_TABLES);
        CU_ASSERT_EQUAL_FATAL(p->tables.n, 3);
        CU_ASSERT_EQUAL(p->tables.ids[2], 4);
        p = &t->props[2];
        CU_ASSERT_EQUAL_FATAL(p->oxms.n, 2);
        CU_ASSERT_EQUAL(p->oxms.oxms[1].oxm_header,
                        OXM_HEADER(OFPXMC_OPENFLOW_BASIC,
                                   OFPXMT_OFB_IPV4_DST, 1, 8));

        encode_ok(&msg, &again);
        CU_ASSERT(again.size == b.size
                  && !memcmp(again.data, b.data, b.size));
        of_msg_format(&msg, &s);
        ASSERT_TEXT(ds_cstr(&s), "table 1 (\"acl\"):");
        ASSERT_TEXT(ds_cstr(&s), "instructions: apply_actions\n");
        ASSERT_TEXT(ds_cstr(&s), "next tables: 2-4\n");
        ASSERT_TEXT(ds_cstr(&s), "match: eth_type,ipv4_dst/mask\n");
        ASSERT_TEXT(ds_cstr(&s), "wildcards: ipv4_dst");
        ds_destroy(&s);
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    ofpbuf_uninit(&b);
}

/* loxigen's test_data/of13/table_feature_prop_instructions.data
 * (floodlight/loxigen): an INSTRUCTIONS property [apply_actions,
 * clear_actions], length 12 and 4 bytes of padding, inside an entry. */
static void
test_features_loxigen_prop(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER, again = OFPBUF_INITIALIZER;
    struct of_msg msg;

    reply_with_props(&b, "00 00 00 0c 00 04 00 04 00 05 00 04 00 00 00 00");
    if (decode_ok(&msg, b.data, b.size)) {
        const struct of_table_features *t
            = msg.u.mp_reply.table_features.tables;

        CU_ASSERT_EQUAL_FATAL(msg.u.mp_reply.table_features.n, 1);
        CU_ASSERT_EQUAL_FATAL(t->n_props, 1);
        CU_ASSERT_EQUAL(t->props[0].type, OFPTFPT_INSTRUCTIONS);
        CU_ASSERT_EQUAL_FATAL(t->props[0].ids.n, 2);
        CU_ASSERT_EQUAL(t->props[0].ids.ids[0].type, OFPIT_APPLY_ACTIONS);
        CU_ASSERT_EQUAL(t->props[0].ids.ids[1].type, OFPIT_CLEAR_ACTIONS);
        encode_ok(&msg, &again);
        CU_ASSERT(again.size == b.size
                  && !memcmp(again.data, b.data, b.size));
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    ofpbuf_uninit(&b);
}

/* ---- TABLE_FEATURES: errors ---- */

static void
test_features_prop_errors(void)
{
    /* Property header: length below 4, or past the entry. */
    EXPECT_PROPS_ERROR("0000 0000 00000000", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("0000 0002 00000000", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("0000 0003 00000000", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("0000 0010 00040004", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("0002 0009 01020304", OFPERR_OFPTFFC_BAD_LEN);
    /* ... also when an earlier property was fine. */
    EXPECT_PROPS_ERROR("0002 0005 01 000000  0000 0010 00040004",
                       OFPERR_OFPTFFC_BAD_LEN);

    /* Unknown types, 9 and 11 included (they are not in 1.3). */
    EXPECT_PROPS_ERROR("0009 0004 00000000", OFPERR_OFPTFFC_BAD_TYPE);
    EXPECT_PROPS_ERROR("000b 0004 00000000", OFPERR_OFPTFFC_BAD_TYPE);
    EXPECT_PROPS_ERROR("0010 0004 00000000", OFPERR_OFPTFFC_BAD_TYPE);
    EXPECT_PROPS_ERROR("fffd 0008 00000000", OFPERR_OFPTFFC_BAD_TYPE);
    /* After a property with padding: the padding is consumed, so the next
     * header is read where it is. */
    EXPECT_PROPS_ERROR("0002 0006 0102 0000  0009 0004 00000000",
                       OFPERR_OFPTFFC_BAD_TYPE);

    /* Instruction ids. */
    EXPECT_PROPS_ERROR("0000 000c 0001 0008 00000000 00000000",
                       OFPERR_OFPTFFC_BAD_LEN);    /* standard id, len 8 */
    EXPECT_PROPS_ERROR("0000 0008 0001 0002",
                       OFPERR_OFPTFFC_BAD_LEN);    /* len below 4 */
    EXPECT_PROPS_ERROR("0000 0008 0001 0000",
                       OFPERR_OFPTFFC_BAD_LEN);    /* len 0 */
    EXPECT_PROPS_ERROR("0000 0006 0001 0000",
                       OFPERR_OFPTFFC_BAD_LEN);    /* half an id */
    EXPECT_PROPS_ERROR("0000 0008 ffff 0004",
                       OFPERR_OFPTFFC_BAD_LEN);    /* exp. id, len 4 */
    EXPECT_PROPS_ERROR("0000 000c ffff 000c 00002320 00000000",
                       OFPERR_OFPTFFC_BAD_LEN);    /* exp. id past prop */
    EXPECT_PROPS_ERROR("0001 000a ffff 0006 0000 000000000000",
                       OFPERR_OFPTFFC_BAD_LEN);    /* miss, len 6 */

    /* Action ids, in each of the four action properties. */
    for (uint16_t type = OFPTFPT_WRITE_ACTIONS;
         type <= OFPTFPT_APPLY_ACTIONS_MISS; type++) {
        char hex[128];

        snprintf(hex, sizeof hex, "%04x 000c 0000 0008 00000000 00000000",
                 type);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
        snprintf(hex, sizeof hex, "%04x 000a ffff 0006 0000 000000000000",
                 type);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
        snprintf(hex, sizeof hex, "%04x 0007 0000 00 00", type);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
    }

    /* OXM ids, in each of the six OXM properties. */
    static const uint16_t oxm_types[] = {
        OFPTFPT_MATCH, OFPTFPT_WILDCARDS,
        OFPTFPT_WRITE_SETFIELD, OFPTFPT_WRITE_SETFIELD_MISS,
        OFPTFPT_APPLY_SETFIELD, OFPTFPT_APPLY_SETFIELD_MISS,
    };
    for (size_t i = 0; i < ARRAY_SIZE(oxm_types); i++) {
        char hex[128];

        /* Two bytes of a second id. */
        snprintf(hex, sizeof hex, "%04x 000a 80000a02 8000 000000000000",
                 oxm_types[i]);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
        /* An experimenter id without its experimenter. */
        snprintf(hex, sizeof hex, "%04x 0008 ffff0204",
                 oxm_types[i]);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
        /* ... or with half of it. */
        snprintf(hex, sizeof hex, "%04x 000a ffff0204 aabb 000000000000",
                 oxm_types[i]);
        EXPECT_PROPS_ERROR(hex, OFPERR_OFPTFFC_BAD_LEN);
    }

    /* Experimenter properties need experimenter and exp_type. */
    EXPECT_PROPS_ERROR("fffe 0004 00000000", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("fffe 0008 00002320", OFPERR_OFPTFFC_BAD_LEN);
    EXPECT_PROPS_ERROR("ffff 000b 00002320 000000 00000000 00",
                       OFPERR_OFPTFFC_BAD_LEN);

    CU_ASSERT_EQUAL(ofperr_type(OFPERR_OFPTFFC_BAD_LEN), 13);
    CU_ASSERT_EQUAL(ofperr_code(OFPERR_OFPTFFC_BAD_LEN), 3);
    CU_ASSERT_EQUAL(ofperr_code(OFPERR_OFPTFFC_BAD_TYPE), 2);
}

/* Minimal valid forms of the edge cases the error test rejects. */
static void
test_features_prop_edges(void)
{
    static const char *const good[] = {
        "0000 0004 00000000",                   /* empty instructions */
        "0000 000c ffff 0008 00002320 00000000", /* exp. instruction */
        "0006 0011 ffff 000d 00002320 0a0b0c0d0e 00000000000000",
        "0008 000c ffff0204 aabbccdd 00000000", /* experimenter OXM id */
        "0008 0008 80000000",                   /* OXM length 0 */
        "fffe 000c 00002320 00000001 00000000", /* experimenter, no data */
        "ffff 000e 00002320 00000001 0102 0000", /* odd data, padded */
        "0000 0008 0007 0004",                  /* unknown instruction */
        "0004 0008 0063 0004",                  /* unknown action */
    };
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg msg;

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        struct ofpbuf again = OFPBUF_INITIALIZER;

        ofpbuf_clear(&b);
        reply_with_props(&b, good[i]);
        if (decode_ok(&msg, b.data, b.size)) {
            encode_ok(&msg, &again);
            CU_ASSERT(again.size == b.size
                      && !memcmp(again.data, b.data, b.size));
        }
        of_msg_uninit(&msg);
        ofpbuf_uninit(&again);
    }

    /* Ids of types this library does not know are the switch's business:
     * they decode, and print as numbers. */
    ofpbuf_clear(&b);
    reply_with_props(&b, "0000 0008 0007 0004  0004 0008 0063 0004");
    if (decode_ok(&msg, b.data, b.size)) {
        of_msg_format(&msg, &s);
        ASSERT_TEXT(ds_cstr(&s), "\n    instructions: instruction(7)\n");
        ASSERT_TEXT(ds_cstr(&s), "\n    write actions: action(99)");
    }
    of_msg_uninit(&msg);
    ds_destroy(&s);
    ofpbuf_uninit(&b);
}

/* Errors in the entries themselves: their lengths are lengths of the
 * multipart body (OFPBRC_BAD_LEN), not of properties. */
static void
test_features_entry_errors(void)
{
    static const uint16_t bad_lengths[] = { 0, 8, 56, 63, 66, 70, 71 };
    struct ofpbuf b = OFPBUF_INITIALIZER;
    size_t start;

    /* Declared lengths below 64 or not a multiple of 8; the body holds 72
     * bytes, so each is within it. */
    for (size_t i = 0; i < ARRAY_SIZE(bad_lengths); i++) {
        ofpbuf_clear(&b);
        mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
        start = entry_start(&b, 0);
        unit_hex(&b, "0002 0006 0102 0000");
        ofpbuf_set_be16(&b, start, bad_lengths[i]);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    }

    /* Entry longer than the body. */
    ofpbuf_clear(&b);
    mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
    start = entry_start(&b, 0);
    ofpbuf_set_be16(&b, start, 72);
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);

    /* Truncated entry header: a good entry, then 8 bytes of another. */
    ofpbuf_clear(&b);
    mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
    entry_end(&b, entry_start(&b, 0));
    unit_hex(&b, "0040 01 0000000000");
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);

    /* A body of less than one entry. */
    for (size_t n = 1; n < 64; n += 7) {
        ofpbuf_clear(&b);
        mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
        ofpbuf_put_be16(&b, 64);
        ofpbuf_put_zeros(&b, n > 2 ? n - 2 : 0);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    }

    /* OFPTT_ALL is no table. */
    ofpbuf_clear(&b);
    mp_start(&b, OFPT_MULTIPART_REPLY, OFPMP_TABLE_FEATURES);
    entry_end(&b, entry_start(&b, OFPTT_ALL));
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPTFFC_BAD_TABLE);

    /* The same rules hold in a request that sets tables. */
    ofpbuf_clear(&b);
    mp_start(&b, OFPT_MULTIPART_REQUEST, OFPMP_TABLE_FEATURES);
    start = entry_start(&b, 0);
    unit_hex(&b, "0009 0004 00000000");
    entry_end(&b, start);
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPTFFC_BAD_TYPE);
    ofpbuf_set_be16(&b, 16, 60);
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

/* Truncation at each level, by cutting a good message short (and fixing
 * the header length): every proper prefix of the body fails, with
 * OFPBRC_BAD_LEN when the cut is in the entry's own length and
 * OFPTFFC_BAD_LEN when a property's length is inconsistent. */
static void
test_features_truncation(void)
{
    struct of_table_features tf;
    struct of_msg msg;
    struct ofpbuf good = OFPBUF_INITIALIZER;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 5);
    build_all_props(&tf, &msg.arena);
    msg.u.mp_reply.type = OFPMP_TABLE_FEATURES;
    msg.u.mp_reply.table_features.tables = &tf;
    msg.u.mp_reply.table_features.n = 1;
    encode_ok(&msg, &good);

    /* Cut the message: the entry runs past the body. */
    for (size_t len = 17; len < good.size; len++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        ofpbuf_put(&b, good.data, len);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }

    /* Shrink the entry by 8 (so it stays a multiple of 8): the last
     * property, or its padding, runs past the entry. */
    for (size_t cut = 8; cut < good.size - 16 - 64; cut += 8) {
        struct ofpbuf b = OFPBUF_INITIALIZER;
        size_t entry_len = good.size - 16 - cut;
        const uint8_t *p = good.data + 16 + 64;
        bool boundary = false;

        /* Is the cut exactly at a property boundary?  Then the shorter
         * entry is well-formed. */
        while (p < good.data + 16 + entry_len) {
            p += ROUND_UP(ofp_get_be16(p + 2), 8);
        }
        boundary = p == good.data + 16 + entry_len;

        ofpbuf_put(&b, good.data, 16 + entry_len);
        ofpbuf_set_be16(&b, 16, entry_len);
        unit_fix_length(&b);
        if (boundary) {
            struct of_msg back;

            if (decode_ok(&back, b.data, b.size)) {
                CU_ASSERT(back.u.mp_reply.table_features.tables[0].n_props
                          < ARRAY_SIZE(all_prop_types));
            }
            of_msg_uninit(&back);
        } else {
            unit_expect_error(b.data, b.size, OFPERR_OFPTFFC_BAD_LEN);
        }
        ofpbuf_uninit(&b);
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&good);
}

/* ---- The default description and multipart splitting ---- */

static void
test_default_features(void)
{
    struct arena arena;
    struct of_table_features first, last;
    const struct of_table_feature_prop *p;

    arena_init(&arena);
    of_table_features_default(&first, 0, 64, 1000000, &arena);
    of_table_features_default(&last, 63, 64, 1000000, &arena);

    CU_ASSERT_EQUAL(first.table_id, 0);
    CU_ASSERT_STRING_EQUAL(first.name, "table0");
    CU_ASSERT_STRING_EQUAL(last.name, "table63");
    CU_ASSERT_EQUAL(first.metadata_match, UINT64_MAX);
    CU_ASSERT_EQUAL(first.metadata_write, UINT64_MAX);
    CU_ASSERT_EQUAL(first.max_entries, 1000000);

    /* Every standard property type, _MISS ones included. */
    for (size_t i = 0; i < ARRAY_SIZE(all_prop_types); i++) {
        uint16_t type = all_prop_types[i];
        bool exp = (type == OFPTFPT_EXPERIMENTER
                    || type == OFPTFPT_EXPERIMENTER_MISS);

        CU_ASSERT_EQUAL(of_table_features_find_prop(&first, type) != NULL,
                        !exp);
        CU_ASSERT_EQUAL(of_table_features_find_prop(&last, type) != NULL,
                        !exp);
    }

    /* Instructions: all six, but no goto_table in the last table. */
    p = of_table_features_find_prop(&first, OFPTFPT_INSTRUCTIONS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->ids.n, 6);
    p = of_table_features_find_prop(&last, OFPTFPT_INSTRUCTIONS_MISS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->ids.n, 5);
    for (size_t i = 0; i < p->ids.n; i++) {
        CU_ASSERT_NOT_EQUAL(p->ids.ids[i].type, OFPIT_GOTO_TABLE);
    }

    /* Next tables: the later ones. */
    p = of_table_features_find_prop(&first, OFPTFPT_NEXT_TABLES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->tables.n, 63);
    CU_ASSERT_EQUAL(p->tables.ids[0], 1);
    CU_ASSERT_EQUAL(p->tables.ids[62], 63);
    p = of_table_features_find_prop(&last, OFPTFPT_NEXT_TABLES);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->tables.n, 0);

    /* Actions: the 16 standard ones. */
    p = of_table_features_find_prop(&first, OFPTFPT_APPLY_ACTIONS_MISS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->ids.n, 16);

    /* Match: every field, with the mask bit and length as the field
     * table says; wildcards: every field, plain. */
    p = of_table_features_find_prop(&first, OFPTFPT_MATCH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->oxms.n, OF_N_FIELDS);
    for (size_t i = 0; i < p->oxms.n; i++) {
        uint32_t h = p->oxms.oxms[i].oxm_header;
        enum of_field f = of_field_from_oxm(OXM_CLASS(h), OXM_FIELD(h));
        const struct of_field_info *info;

        CU_ASSERT_EQUAL_FATAL(f, (enum of_field) i);
        info = of_field_info(f);
        CU_ASSERT_EQUAL(OXM_HASMASK(h), info->maskable);
        CU_ASSERT_EQUAL(OXM_LENGTH(h),
                        info->maskable ? 2 * info->bytes : info->bytes);
    }
    p = of_table_features_find_prop(&first, OFPTFPT_WILDCARDS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->oxms.n, OF_N_FIELDS);
    for (size_t i = 0; i < p->oxms.n; i++) {
        CU_ASSERT_FALSE(OXM_HASMASK(p->oxms.oxms[i].oxm_header));
    }

    /* Set-field: everything but in_port, in_phy_port and metadata. */
    p = of_table_features_find_prop(&first, OFPTFPT_APPLY_SETFIELD);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->oxms.n, OF_N_FIELDS - 3);
    for (size_t i = 0; i < p->oxms.n; i++) {
        uint32_t h = p->oxms.oxms[i].oxm_header;
        enum of_field f = of_field_from_oxm(OXM_CLASS(h), OXM_FIELD(h));

        CU_ASSERT(f != OF_FIELD_IN_PORT && f != OF_FIELD_IN_PHY_PORT
                  && f != OF_FIELD_METADATA && f != OF_N_FIELDS);
        CU_ASSERT_FALSE(OXM_HASMASK(h));
    }
    arena_destroy(&arena);
}

static void
test_default_text(void)
{
    struct of_table_features tf[2];
    struct of_msg msg;
    char *text;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 8);
    of_table_features_default(&tf[0], 0, 64, 1000, &msg.arena);
    of_table_features_default(&tf[1], 63, 64, 1000, &msg.arena);
    msg.u.mp_reply.type = OFPMP_TABLE_FEATURES;
    msg.u.mp_reply.table_features.tables = tf;
    msg.u.mp_reply.table_features.n = 2;
    text = unit_round_trip(&msg);
    ASSERT_TEXT(text, "\n  table 0 (\"table0\"):\n    metadata: "
                "match=0xffffffffffffffff write=0xffffffffffffffff\n"
                "    config=0x0 max_entries=1000\n"
                "    instructions: goto_table,write_metadata,write_actions,"
                "apply_actions,clear_actions,meter\n");
    ASSERT_TEXT(text, "\n    next tables: 1-63\n");
    ASSERT_TEXT(text, "\n    next tables (miss): 1-63\n");
    ASSERT_TEXT(text, "\n  table 63 (\"table63\"):\n");
    ASSERT_TEXT(text, "\n    instructions: write_metadata,write_actions,"
                "apply_actions,clear_actions,meter\n");
    ASSERT_TEXT(text, "\n    next tables: none\n");
    ASSERT_TEXT(text, "\n    apply actions: output,copy_ttl_out,"
                "copy_ttl_in,set_mpls_ttl,dec_mpls_ttl,push_vlan,pop_vlan,"
                "push_mpls,pop_mpls,set_queue,group,set_nw_ttl,dec_nw_ttl,"
                "set_field,push_pbb,pop_pbb\n");
    ASSERT_TEXT(text, "\n    match: in_port,in_phy_port,metadata/mask,"
                "eth_dst/mask,eth_src/mask,eth_type,vlan_vid/mask,vlan_pcp,");
    ASSERT_TEXT(text, "\n    wildcards: in_port,in_phy_port,metadata,"
                "eth_dst,");
    ASSERT_TEXT(text, "\n    write setfield: eth_dst,eth_src,eth_type,");
    free(text);
    of_msg_uninit(&msg);
}

/* The reply for 64 tables is longer than one message can be: it travels
 * in parts below 64 KiB, all but the last flagged "more", which the
 * assembler joins back into the same description. */
static void
split_and_join(const struct of_msg *msg, size_t max_len,
               const struct ofpbuf *whole_body)
{
    struct ofpbuf parts = OFPBUF_INITIALIZER, body = OFPBUF_INITIALIZER;
    struct of_mp_assembler assembler;
    struct of_msg done;
    size_t n_parts, off, n_tables = 0, i;
    bool complete = false;

    n_parts = of_mp_encode_split(msg, max_len, &parts);
    CU_ASSERT(n_parts >= 2);

    of_mp_assembler_init(&assembler);
    for (off = 0, i = 0; off < parts.size; i++) {
        uint16_t len = ofp_get_be16(parts.data + off + 2);
        uint16_t flags = ofp_get_be16(parts.data + off + 10);
        bool is_last = i + 1 == n_parts;
        struct of_msg part;
        enum ofperr error;

        CU_ASSERT_FATAL(len >= 16 && off + len <= parts.size);
        CU_ASSERT(len <= max_len);
        CU_ASSERT_EQUAL(parts.data[off + 1], OFPT_MULTIPART_REPLY);
        CU_ASSERT_EQUAL(ofp_get_be32(parts.data + off + 4), msg->xid);
        CU_ASSERT_EQUAL(ofp_get_be16(parts.data + off + 8),
                        OFPMP_TABLE_FEATURES);
        CU_ASSERT_EQUAL((flags & OFPMPF_REPLY_MORE) != 0, !is_last);

        /* Split between entries, so each part decodes on its own. */
        if (decode_ok(&part, parts.data + off, len)) {
            n_tables += part.u.mp_reply.table_features.n;
        }
        of_msg_uninit(&part);

        error = of_mp_assembler_add(&assembler, parts.data + off, len,
                                    &done, &complete);
        CU_ASSERT_EQUAL(error, 0);
        CU_ASSERT_EQUAL(complete, is_last);
        off += len;
    }
    CU_ASSERT_EQUAL(i, n_parts);
    CU_ASSERT_EQUAL(n_tables, msg->u.mp_reply.table_features.n);
    CU_ASSERT_TRUE_FATAL(complete);

    CU_ASSERT_EQUAL(done.type, OFPT_MULTIPART_REPLY);
    CU_ASSERT_EQUAL(done.u.mp_reply.type, OFPMP_TABLE_FEATURES);
    CU_ASSERT_EQUAL(done.u.mp_reply.table_features.n,
                    msg->u.mp_reply.table_features.n);
    of_table_features_list_encode(&done.u.mp_reply.table_features, &body);
    CU_ASSERT(body.size == whole_body->size
              && !memcmp(body.data, whole_body->data, body.size));

    of_msg_uninit(&done);
    of_mp_assembler_uninit(&assembler);
    ofpbuf_uninit(&body);
    ofpbuf_uninit(&parts);
}

static void
test_default_split_and_join(void)
{
    struct ofpbuf whole = OFPBUF_INITIALIZER, body = OFPBUF_INITIALIZER;
    struct of_table_features *tables;
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 0x99);
    tables = arena_alloc(&msg.arena, 64 * sizeof *tables);
    for (int i = 0; i < 64; i++) {
        of_table_features_default(&tables[i], i, 64, 1000000, &msg.arena);
    }
    msg.u.mp_reply.type = OFPMP_TABLE_FEATURES;
    msg.u.mp_reply.table_features.tables = tables;
    msg.u.mp_reply.table_features.n = 64;

    of_table_features_list_encode(&msg.u.mp_reply.table_features, &body);
    CU_ASSERT(body.size > OFP_MAX_MSG_LEN);
    CU_ASSERT_FALSE(of_msg_encode(&msg, &whole));
    CU_ASSERT_EQUAL(whole.size, 0);

    split_and_join(&msg, OFP_MAX_MSG_LEN, &body);
    split_and_join(&msg, 4096, &body);

    of_msg_uninit(&msg);
    ofpbuf_uninit(&body);
    ofpbuf_uninit(&whole);
}

/* ---- Real bytes from another implementation ---- */

/* An OFPMP_TABLE_FEATURES reply (flag "more", 10 tables, 11128 bytes)
 * encoded by the Erlang of_protocol library: Ryu's
 * ryu/tests/packet_data/of13/4-56-ofp_table_features_reply.packet
 * (generated by ryu/tests/packet_data_generator/src/x4.erl; faucetsdn/ryu
 * at d6cda4f427ff8de82b94c58aa826824a106014c2).  Table 0 is named
 * "my table" in Japanese (UTF-8), its OXM ids have length 0, and it
 * carries three experimenter properties. */
#define JA_NAME "\xe7\xa7\x81\xe3\x81\xae\xe3\x83\x86\xe3\x83\xbc" \
    "\xe3\x83\x96\xe3\x83\xab"

static const char ryu_table_features_reply[] =
    "04132b7800000000000c0001000000000490000000000000e7a781e381aee383"
    "86e383bce38396e383ab0000000000000000000000000000ffffffffffffffff"
    "ffffffffffffffff00000000010000000000001c000100040002000400030004"
    "00040004000500040006000400000000000201020102030405060708090a0b0c"
    "0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c"
    "2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c"
    "4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c"
    "6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c"
    "8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabac"
    "adaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcc"
    "cdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebec"
    "edeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe0000000000000004004400000004"
    "0016000400150004000f0004001000040017000400180004000b0004000c0004"
    "00110004001200040013000400140004001a0004001b00040019000400000000"
    "00060044000000040016000400150004000f0004001000040017000400180004"
    "000b0004000c000400110004001200040013000400140004001a0004001b0004"
    "0019000400000000000800988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000a00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00000c009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000e0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00fffe000c000000650000000000000000fffe001000000065"
    "0000000100000001fffe00140000006500000002000000010000000200000000"
    "0458010000000000466c6f77205461626c652030783031000000000000000000"
    "0000000000000000ffffffffffffffffffffffffffffffff0000000001000000"
    "0000001c00010004000200040003000400040004000500040006000400000000"
    "0002010102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
    "1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d"
    "3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d"
    "5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d"
    "7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d"
    "9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbd"
    "bebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdd"
    "dedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfd"
    "fe0000000000000000040044000000040016000400150004000f000400100004"
    "0017000400180004000b0004000c000400110004001200040013000400140004"
    "001a0004001b0004001900040000000000060044000000040016000400150004"
    "000f0004001000040017000400180004000b0004000c00040011000400120004"
    "0013000400140004001a0004001b000400190004000000000008009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000a0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00000c00988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000e00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a000450020000000000"
    "466c6f77205461626c6520307830320000000000000000000000000000000000"
    "ffffffffffffffffffffffffffffffff00000000010000000000001c00010004"
    "0002000400030004000400040005000400060004000000000002010003040506"
    "0708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526"
    "2728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546"
    "4748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263646566"
    "6768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80818283848586"
    "8788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6"
    "a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6"
    "c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6"
    "e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe0004004400000004"
    "0016000400150004000f0004001000040017000400180004000b0004000c0004"
    "00110004001200040013000400140004001a0004001b00040019000400000000"
    "00060044000000040016000400150004000f0004001000040017000400180004"
    "000b0004000c000400110004001200040013000400140004001a0004001b0004"
    "0019000400000000000800988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000a00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00000c009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000e0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a000450030000000000466c6f77205461626c65203078303300"
    "00000000000000000000000000000000ffffffffffffffffffffffffffffffff"
    "00000000010000000000001c0001000400020004000300040004000400050004"
    "0006000400000000000200ff0405060708090a0b0c0d0e0f1011121314151617"
    "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637"
    "38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051525354555657"
    "58595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677"
    "78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091929394959697"
    "98999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7"
    "b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7"
    "d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7"
    "f8f9fafbfcfdfe0000040044000000040016000400150004000f000400100004"
    "0017000400180004000b0004000c000400110004001200040013000400140004"
    "001a0004001b0004001900040000000000060044000000040016000400150004"
    "000f0004001000040017000400180004000b0004000c00040011000400120004"
    "0013000400140004001a0004001b000400190004000000000008009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000a0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00000c00988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000e00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a000450040000000000"
    "466c6f77205461626c6520307830340000000000000000000000000000000000"
    "ffffffffffffffffffffffffffffffff00000000010000000000001c00010004"
    "000200040003000400040004000500040006000400000000000200fe05060708"
    "090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728"
    "292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748"
    "494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768"
    "696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788"
    "898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8"
    "a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8"
    "c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8"
    "e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe00000004004400000004"
    "0016000400150004000f0004001000040017000400180004000b0004000c0004"
    "00110004001200040013000400140004001a0004001b00040019000400000000"
    "00060044000000040016000400150004000f0004001000040017000400180004"
    "000b0004000c000400110004001200040013000400140004001a0004001b0004"
    "0019000400000000000800988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000a00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00000c009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000e0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a000450050000000000466c6f77205461626c65203078303500"
    "00000000000000000000000000000000ffffffffffffffffffffffffffffffff"
    "00000000010000000000001c0001000400020004000300040004000400050004"
    "0006000400000000000200fd060708090a0b0c0d0e0f10111213141516171819"
    "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839"
    "3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
    "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879"
    "7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
    "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
    "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9"
    "dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
    "fafbfcfdfe00000000040044000000040016000400150004000f000400100004"
    "0017000400180004000b0004000c000400110004001200040013000400140004"
    "001a0004001b0004001900040000000000060044000000040016000400150004"
    "000f0004001000040017000400180004000b0004000c00040011000400120004"
    "0013000400140004001a0004001b000400190004000000000008009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000a0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00000c00988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000e00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a000450060000000000"
    "466c6f77205461626c6520307830360000000000000000000000000000000000"
    "ffffffffffffffffffffffffffffffff00000000010000000000001c00010004"
    "000200040003000400040004000500040006000400000000000200fc0708090a"
    "0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a"
    "2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a"
    "4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a"
    "6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a"
    "8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aa"
    "abacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9ca"
    "cbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9ea"
    "ebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe000000000004004400000004"
    "0016000400150004000f0004001000040017000400180004000b0004000c0004"
    "00110004001200040013000400140004001a0004001b00040019000400000000"
    "00060044000000040016000400150004000f0004001000040017000400180004"
    "000b0004000c000400110004001200040013000400140004001a0004001b0004"
    "0019000400000000000800988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000a00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00000c009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000e0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a000450070000000000466c6f77205461626c65203078303700"
    "00000000000000000000000000000000ffffffffffffffffffffffffffffffff"
    "00000000010000000000001c0001000400020004000300040004000400050004"
    "0006000400000000000200fb08090a0b0c0d0e0f101112131415161718191a1b"
    "1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
    "3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b"
    "5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b"
    "7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b"
    "9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babb"
    "bcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadb"
    "dcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafb"
    "fcfdfe000000000000040044000000040016000400150004000f000400100004"
    "0017000400180004000b0004000c000400110004001200040013000400140004"
    "001a0004001b0004001900040000000000060044000000040016000400150004"
    "000f0004001000040017000400180004000b0004000c00040011000400120004"
    "0013000400140004001a0004001b000400190004000000000008009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000a0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00000c00988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000e00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a000450080000000000"
    "466c6f77205461626c6520307830380000000000000000000000000000000000"
    "ffffffffffffffffffffffffffffffff00000000010000000000001c00010004"
    "000200040003000400040004000500040006000400000000000200fa090a0b0c"
    "0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c"
    "2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c"
    "4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c"
    "6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c"
    "8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabac"
    "adaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcc"
    "cdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebec"
    "edeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe0000000000000004004400000004"
    "0016000400150004000f0004001000040017000400180004000b0004000c0004"
    "00110004001200040013000400140004001a0004001b00040019000400000000"
    "00060044000000040016000400150004000f0004001000040017000400180004"
    "000b0004000c000400110004001200040013000400140004001a0004001b0004"
    "0019000400000000000800988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000a00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00000c009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000e0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a000450090000000000466c6f77205461626c65203078303900"
    "00000000000000000000000000000000ffffffffffffffffffffffffffffffff"
    "00000000010000000000001c0001000400020004000300040004000400050004"
    "0006000400000000000200f90a0b0c0d0e0f101112131415161718191a1b1c1d"
    "1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d"
    "3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d"
    "5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d"
    "7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d"
    "9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbd"
    "bebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdd"
    "dedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfd"
    "fe0000000000000000040044000000040016000400150004000f000400100004"
    "0017000400180004000b0004000c000400110004001200040013000400140004"
    "001a0004001b0004001900040000000000060044000000040016000400150004"
    "000f0004001000040017000400180004000b0004000c00040011000400120004"
    "0013000400140004001a0004001b000400190004000000000008009880000000"
    "80000400800006008000080080000a0080000c0080000e008000100080001200"
    "80001400800016008000180080001a0080001c0080001e008000200080002200"
    "80002400800026008000280080002a0080002c0080002e008000300080003200"
    "80003400800036008000380080003a0080003c0080003e008000400080004200"
    "80004400800046008000480080004a00000a0098800000008000040080000600"
    "8000080080000a0080000c0080000e0080001000800012008000140080001600"
    "8000180080001a0080001c0080001e0080002000800022008000240080002600"
    "8000280080002a0080002c0080002e0080003000800032008000340080003600"
    "8000380080003a0080003c0080003e0080004000800042008000440080004600"
    "8000480080004a00000c00988000000080000400800006008000080080000a00"
    "80000c0080000e00800010008000120080001400800016008000180080001a00"
    "80001c0080001e00800020008000220080002400800026008000280080002a00"
    "80002c0080002e00800030008000320080003400800036008000380080003a00"
    "80003c0080003e00800040008000420080004400800046008000480080004a00"
    "000e00988000000080000400800006008000080080000a0080000c0080000e00"
    "800010008000120080001400800016008000180080001a0080001c0080001e00"
    "800020008000220080002400800026008000280080002a0080002c0080002e00"
    "800030008000320080003400800036008000380080003a0080003c0080003e00"
    "800040008000420080004400800046008000480080004a00";

static void
test_features_ryu_reply(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER, again = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg msg;

    unit_hex(&b, ryu_table_features_reply);
    CU_ASSERT_EQUAL_FATAL(b.size, 11128);
    if (decode_ok(&msg, b.data, b.size)) {
        const struct of_table_features_list *l
            = &msg.u.mp_reply.table_features;
        const struct of_table_feature_prop *p;

        CU_ASSERT_EQUAL(msg.u.mp_reply.flags, OFPMPF_REPLY_MORE);
        CU_ASSERT_EQUAL_FATAL(l->n, 10);
        for (size_t i = 0; i < l->n; i++) {
            CU_ASSERT_EQUAL(l->tables[i].table_id, i);
            CU_ASSERT_EQUAL(l->tables[i].max_entries, 16777216);
            CU_ASSERT_EQUAL(l->tables[i].n_props, i ? 8 : 11);
        }
        CU_ASSERT_STRING_EQUAL(l->tables[0].name, JA_NAME);
        CU_ASSERT_STRING_EQUAL(l->tables[9].name, "Flow Table 0x09");

        p = of_table_features_find_prop(&l->tables[0], OFPTFPT_NEXT_TABLES);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->tables.n, 254);
        p = of_table_features_find_prop(&l->tables[0], OFPTFPT_MATCH);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->oxms.n, 37);
        CU_ASSERT_EQUAL(l->tables[0].props[10].type, OFPTFPT_EXPERIMENTER);
        CU_ASSERT_EQUAL(l->tables[0].props[10].experimenter.experimenter,
                        101);
        CU_ASSERT_EQUAL(l->tables[0].props[10].experimenter.exp_type, 2);
        CU_ASSERT_EQUAL(l->tables[0].props[10].experimenter.len, 8);

        encode_ok(&msg, &again);
        CU_ASSERT(again.size == b.size
                  && !memcmp(again.data, b.data, b.size));

        of_msg_format(&msg, &s);
        ASSERT_TEXT(ds_cstr(&s), "OFPMP_TABLE_FEATURES flags=more");
        ASSERT_TEXT(ds_cstr(&s), "\n  table 0 (\"" JA_NAME "\"):\n");
        ASSERT_TEXT(ds_cstr(&s), "\n    instructions: goto_table,"
                    "write_metadata,write_actions,apply_actions,"
                    "clear_actions,meter\n");
        ASSERT_TEXT(ds_cstr(&s), "\n    next tables: 1-254\n");
        ASSERT_TEXT(ds_cstr(&s), "\n    next tables: 10-254\n");
        ASSERT_TEXT(ds_cstr(&s), "\n    match: in_port,metadata,eth_dst,");
        ASSERT_TEXT(ds_cstr(&s), "\n    experimenter: experimenter=0x65 "
                    "exp_type=1 data=00000001\n");
        ASSERT_TEXT(ds_cstr(&s), "\n  table 9 (\"Flow Table 0x09\"):");
    }
    ds_destroy(&s);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&again);
    ofpbuf_uninit(&b);
}

static CU_TestInfo tests[] = {
    { "table_mod round trip", test_table_mod_round_trip },
    { "table_mod wire", test_table_mod_wire },
    { "table_mod errors", test_table_mod_errors },
    { "table stats round trip", test_table_stats_round_trip },
    { "table stats wire", test_table_stats_wire },
    { "table stats errors", test_table_stats_errors },
    { "features request empty", test_features_request_empty },
    { "features request with tables", test_features_request_tables },
    { "features reply every property", test_features_reply_all_props },
    { "features wire layout", test_features_wire_layout },
    { "features hand capture", test_features_hand_capture },
    { "features loxigen property", test_features_loxigen_prop },
    { "features property errors", test_features_prop_errors },
    { "features property edges", test_features_prop_edges },
    { "features entry errors", test_features_entry_errors },
    { "features truncation", test_features_truncation },
    { "default features", test_default_features },
    { "default features text", test_default_text },
    { "default features split and join", test_default_split_and_join },
    { "features reply from ryu", test_features_ryu_reply },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofp-table", tests);
