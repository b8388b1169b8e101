#include "ofproto/ofp-actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

static enum ofperr
decode_actions_hex(const char *hex, enum of_action_context ctx)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct ofpbuf_rd rd;
    struct arena arena = ARENA_INITIALIZER;
    struct of_action *actions;
    size_t n;
    enum ofperr error;

    unit_hex(&b, hex);
    ofpbuf_rd_init(&rd, b.data, b.size);
    error = of_actions_decode(&rd, b.size, ctx, &arena, &actions, &n);
    arena_destroy(&arena);
    ofpbuf_uninit(&b);
    return error;
}

static enum ofperr
decode_insts_hex(const char *hex)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct ofpbuf_rd rd;
    struct arena arena = ARENA_INITIALIZER;
    struct of_instruction *insts;
    size_t n;
    enum ofperr error;

    unit_hex(&b, hex);
    ofpbuf_rd_init(&rd, b.data, b.size);
    error = of_instructions_decode(&rd, b.size, OF_ACTX_FLOW, &arena, &insts,
                                   &n);
    arena_destroy(&arena);
    ofpbuf_uninit(&b);
    return error;
}

/* Parses 'text' as instructions, checks it prints as 'expected' (NULL:
 * the same), and that the encoding decodes and re-encodes identically.
 * Returns the encoding's hex (caller frees). */
static char *
check_text(const char *text, const char *expected)
{
    struct arena arena = ARENA_INITIALIZER;
    struct of_instruction *insts, *back;
    size_t n, n_back;
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct ofpbuf_rd rd;
    struct ds s = DS_EMPTY_INITIALIZER;
    char *error;
    enum ofperr err;

    error = of_instructions_parse(text, &arena, &insts, &n);
    if (error) {
        fprintf(stderr, "\n'%s': %s\n", text, error);
        CU_FAIL("instructions parse");
        free(error);
        arena_destroy(&arena);
        return xstrdup("");
    }
    of_instructions_format(insts, n, &s);
    if (strcmp(ds_cstr(&s), expected ? expected : text)) {
        fprintf(stderr, "\n'%s' printed as '%s'\n", text, ds_cstr(&s));
        CU_FAIL("printed text differs");
    }
    of_instructions_encode(insts, n, &a);
    ofpbuf_rd_init(&rd, a.data, a.size);
    err = of_instructions_decode(&rd, a.size, OF_ACTX_FLOW, &arena, &back,
                                 &n_back);
    CU_ASSERT_EQUAL(err, 0);
    if (err) {
        fprintf(stderr, "\n'%s' does not decode: %s\n", text,
                ofperr_name(err));
    } else {
        CU_ASSERT_EQUAL(n_back, n);
        of_instructions_encode(back, n_back, &b);
        CU_ASSERT_TRUE(a.size == b.size
                       && (!a.size || !memcmp(a.data, b.data, a.size)));
    }
    ds_clear(&s);
    ds_put_hex(&s, a.data, a.size);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
    arena_destroy(&arena);
    return ds_steal_cstr(&s);
}

static void
test_every_action(void)
{
    static const char *const cases[] = {
        "output:1",
        "output:4294967040",
        "IN_PORT",
        "NORMAL",
        "FLOOD",
        "ALL",
        "LOCAL",
        "CONTROLLER:128",
        "CONTROLLER:65535",
        "copy_ttl_out",
        "copy_ttl_in",
        "set_mpls_ttl:64",
        "dec_mpls_ttl",
        "push_vlan:0x8100",
        "push_vlan:0x88a8",
        "pop_vlan",
        "push_mpls:0x8847",
        "push_mpls:0x8848",
        "pop_mpls:0x0800",
        "set_queue:3",
        "group:7",
        "mod_nw_ttl:9",
        "dec_ttl",
        "push_pbb:0x88e7",
        "pop_pbb",
        "experimenter(0x00002320,0102030405060708)",
        "set_field:10->vlan_vid",
        "set_field:aa:bb:cc:dd:ee:ff->eth_dst",
        "set_field:10.1.2.3->ipv4_src",
        "set_field:2001:db8::1->ipv6_dst",
        "set_field:46->ip_dscp",
        "set_field:8080->tcp_dst",
        "set_field:74565->mpls_label",
        "set_field:0xabc->pbb_isid",
        "set_field:0x99->tunnel_id",
        "set_field:192.168.0.9->tun_dst",
    };
    static const struct {
        const char *text, *printed;
    } aliases[] = {
        { "set_field:10.0.0.1->ip_dst", "set_field:10.0.0.1->ipv4_dst" },
        { "set_field:10.0.0.2->nw_src", "set_field:10.0.0.2->ipv4_src" },
        { "set_mpls_ttl(63)", "set_mpls_ttl:63" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        free(check_text(cases[i], NULL));
    }
    for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
        free(check_text(aliases[i].text, aliases[i].printed));
    }
}

static void
test_instructions_text(void)
{
    char *hex;

    free(check_text("meter:1,output:2,clear_actions,write_actions(group:1,"
                    "output:3),write_metadata:0x1/0xff,goto_table:4",
                    NULL));
    /* Given in any order, instructions print (and encode) in execution
     * order. */
    free(check_text("goto_table:2,write_metadata:0x5,output:1,meter:3",
                    "meter:3,output:1,write_metadata:0x5,goto_table:2"));
    free(check_text("drop", NULL));
    free(check_text("", "drop"));
    free(check_text("apply_actions(output:1),output:2", "output:1,output:2"));
    free(check_text("write_actions()", NULL));
    free(check_text("2,3", "output:2,output:3"));
    free(check_text("controller,in_port,flood",
                    "CONTROLLER:65535,IN_PORT,FLOOD"));
    free(check_text("strip_vlan,mod_vlan_vid:5,mod_dl_src:00:00:00:00:00:01",
                    "pop_vlan,set_field:5->vlan_vid,"
                    "set_field:00:00:00:00:00:01->eth_src"));
    free(check_text("enqueue:3:7", "set_queue:7,output:3"));
    free(check_text("mod_nw_tos:184", "set_field:46->ip_dscp"));

    /* The bytes: push_vlan, set_field vlan_vid with the present bit,
     * output:2, as ovs-ofctl encodes them. */
    hex = check_text("push_vlan:0x8100,set_field:10->vlan_vid,output:2",
                     NULL);
    if (strcmp(hex, "0004003000000000" "0011000881000000"
               "0019001080000c02100a000000000000"
               "00000010000000020000000000000000")) {
        fprintf(stderr, "\ngot %s\n", hex);
    }
    CU_ASSERT_STRING_EQUAL(hex,
                           "0004003000000000"           /* apply, len 48 */
                           "0011000881000000"           /* push_vlan */
                           "0019001080000c02100a000000000000"  /* vlan_vid */
                           "00000010000000020000000000000000");  /* out:2 */
    free(hex);
}

static void
test_text_errors(void)
{
    static const struct {
        const char *text;
        const char *needle;
    } cases[] = {
        { "frobnicate", "'frobnicate'" },
        { "output:eth0", "'eth0'" },
        { "output", "output" },
        { "group:x", "'x'" },
        { "set_field:1->nosuch", "'nosuch'" },
        { "set_field:300->ip_dscp", "'300'" },
        { "set_field:1", "set_field" },
        { "set_field:10.0.0.0/8->ipv4_dst", "mask" },
        { "goto_table:255", "'255'" },
        { "goto_table:1,goto_table:2", "goto_table" },
        { "write_actions(output:1", "parentheses" },
        { "output:1,drop", "drop" },
        { "pop_vlan:3", "pop_vlan" },
        { "mod_nw_ttl:256", "'256'" },
        { "write_metadata:0x1/zz", "'zz'" },
        { "experimenter(0x2320,abc)", "abc" },
        /* The decoder's value checks apply to text too. */
        { "output:0", "OFPBAC_BAD_OUT_PORT" },
        { "0", "'0'" },
        { "output:TABLE", "OFPBAC_BAD_OUT_PORT" },
        { "push_vlan:0", "OFPBAC_BAD_ARGUMENT" },
        { "set_field:5->metadata", "OFPBAC_BAD_SET_TYPE" },
        { "set_field:1->in_port", "OFPBAC_BAD_SET_TYPE" },
        { "push_mpls:0x8688", "OFPBAC_BAD_ARGUMENT" },
        { "write_actions(push_pbb:0x8100)", "OFPBAC_BAD_ARGUMENT" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct arena arena = ARENA_INITIALIZER;
        struct of_instruction *insts;
        size_t n;
        char *error = of_instructions_parse(cases[i].text, &arena, &insts,
                                            &n);

        CU_ASSERT_PTR_NOT_NULL(error);
        if (!error) {
            fprintf(stderr, "\n'%s' parsed\n", cases[i].text);
        } else if (!strstr(error, cases[i].needle)) {
            fprintf(stderr, "\n'%s': error '%s' does not name '%s'\n",
                    cases[i].text, error, cases[i].needle);
            CU_FAIL("error names the offending word");
        }
        free(error);
        arena_destroy(&arena);
    }
}

static void
test_action_errors(void)
{
    static const struct {
        const char *hex;
        enum of_action_context ctx;
        enum ofperr error;
    } cases[] = {
        /* Type 1 was an OpenFlow 1.0 action; not in 1.3. */
        { "0001000800000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_TYPE },
        { "0099000800000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_TYPE },
        /* Shorter than 8, not a multiple of 8, past the end. */
        { "00120004", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_LEN },
        { "0012000400000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_LEN },
        { "0012000c0000000000000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_LEN },
        { "0012001000000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_LEN },
        /* Output of 8 bytes. */
        { "0000000800000001", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_LEN },
        /* pop_vlan of 16 bytes. */
        { "00120010000000000000000000000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_LEN },
        /* Output to port 0, OFPP_ANY, an unused reserved number. */
        { "00000010000000000000000000000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { "00000010ffffffff0000000000000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { "00000010ffffff010000000000000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_OUT_PORT },
        /* OFPP_TABLE only in packet-out. */
        { "00000010fffffff90000000000000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { "00000010fffffff90000000000000000", OF_ACTX_GROUP,
          OFPERR_OFPBAC_BAD_OUT_PORT },
        { "00000010fffffff90000000000000000", OF_ACTX_PACKET_OUT, 0 },
        /* Bad ethertypes. */
        { "0011000808000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_ARGUMENT },
        { "0013000881000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_ARGUMENT },
        { "001a000881000000", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_ARGUMENT },
        { "0014000808000000", OF_ACTX_FLOW, 0 },
        /* Group above OFPG_MAX. */
        { "00160008fffffffc", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_OUT_GROUP },
        { "00160008ffffff00", OF_ACTX_FLOW, 0 },
        /* set_field: unknown field, in_port, metadata. */
        { "0019 0010 80005001 01 000000 00000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80000004 00000001 00000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_TYPE },
        { "0019 0010 80000408 0000000000000001", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_TYPE },
        /* set_field: masked. */
        { "0019 0010 80000d04 100a 1fff 00000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        /* set_field: OXM length wrong for the field; padding too long;
         * action too short for its OXM header. */
        { "0019 0010 80000c03 100a00 00000000 00", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_LEN },
        { "0019 0018 80000c02 100a 0000 00000000 00000000 00000000",
          OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_SET_LEN },
        { "0019 0008 80000c02", OF_ACTX_FLOW, OFPERR_OFPBAC_BAD_SET_LEN },
        /* set_field: value out of range (vlan_pcp 9). */
        { "0019 0010 80000e01 09 000000 00000000", OF_ACTX_FLOW,
          OFPERR_OFPBAC_BAD_SET_ARGUMENT },
        /* What a switch reports is checked for structure only. */
        { "00000010000000000000000000000000", OF_ACTX_REPORT, 0 },
        { "0011000808000000", OF_ACTX_REPORT, 0 },
        { "00160008fffffffc", OF_ACTX_REPORT, 0 },
        { "0000000800000001", OF_ACTX_REPORT, OFPERR_OFPBAC_BAD_LEN },
        { "0099000800000000", OF_ACTX_REPORT, OFPERR_OFPBAC_BAD_TYPE },
        /* Experimenter action: any data, 8-byte multiple. */
        { "ffff001000002320 0102030405060708", OF_ACTX_FLOW, 0 },
        { "ffff000800002320", OF_ACTX_FLOW, 0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        enum ofperr error = decode_actions_hex(cases[i].hex, cases[i].ctx);

        if (error != cases[i].error) {
            fprintf(stderr, "\ncase %zu (%s): expected %s, got %s\n", i,
                    cases[i].hex, ofperr_name(cases[i].error),
                    ofperr_name(error));
            CU_FAIL("action decode error");
        }
    }
}

static void
test_instruction_errors(void)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Unknown type 7, and 0. */
        { "0007000800000000", OFPERR_OFPBIC_UNKNOWN_INST },
        { "0000000800000000", OFPERR_OFPBIC_UNKNOWN_INST },
        /* Lengths: too short, not a multiple of 8, past the end, wrong
         * for the type. */
        { "0001000400000000", OFPERR_OFPBIC_BAD_LEN },
        { "000100", OFPERR_OFPBIC_BAD_LEN },
        { "0001000c 00000000 00000000", OFPERR_OFPBIC_BAD_LEN },
        { "0001001000000000", OFPERR_OFPBIC_BAD_LEN },
        { "00010010000000000000000000000000", OFPERR_OFPBIC_BAD_LEN },
        { "0002000800000000", OFPERR_OFPBIC_BAD_LEN },
        { "00050010000000000000000000000000", OFPERR_OFPBIC_BAD_LEN },
        { "00060010000000010000000000000000", OFPERR_OFPBIC_BAD_LEN },
        /* Duplicate type. */
        { "0001000801000000 0001000802000000", OFPERR_OFPBIC_DUP_INST },
        { "0005000800000000 0005000800000000", OFPERR_OFPBIC_DUP_INST },
        /* goto_table OFPTT_ALL. */
        { "00010008ff000000", OFPERR_OFPBIC_BAD_TABLE_ID },
        /* An error inside an action list surfaces as the action error. */
        { "0004001000000000 0099000800000000", OFPERR_OFPBAC_BAD_TYPE },
        { "0003001000000000 0012000400000000", OFPERR_OFPBAC_BAD_LEN },
        /* Well-formed: goto, metadata, meter, experimenter. */
        { "0001000801000000", 0 },
        { "0002001800000000 0000000000000001 00000000000000ff", 0 },
        { "0006000800000001", 0 },
        { "ffff001000002320 0000000000000000", 0 },
        { "", 0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        enum ofperr error = decode_insts_hex(cases[i].hex);

        if (error != cases[i].error) {
            fprintf(stderr, "\ncase %zu (%s): expected %s, got %s\n", i,
                    cases[i].hex, ofperr_name(cases[i].error),
                    ofperr_name(error));
            CU_FAIL("instruction decode error");
        }
    }
}

static void
test_ports(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    uint32_t port;
    char *error;

    of_port_no_format(OFPP_LOCAL, &s);
    ds_put_char(&s, ' ');
    of_port_no_format(5, &s);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "LOCAL 5");
    ds_destroy(&s);

    CU_ASSERT_PTR_NULL(of_port_no_parse("controller", &port));
    CU_ASSERT_EQUAL(port, OFPP_CONTROLLER);
    CU_ASSERT_PTR_NULL(of_port_no_parse("0x10", &port));
    CU_ASSERT_EQUAL(port, 16);
    error = of_port_no_parse("4294967296", &port);
    CU_ASSERT_PTR_NOT_NULL(error);
    free(error);
    CU_ASSERT_STRING_EQUAL(of_action_type_name(OFPAT_SET_FIELD),
                           "OFPAT_SET_FIELD");
    CU_ASSERT_PTR_NULL(of_action_type_name(1));
}

/* set_field against the flow's match (7.2.5): the prerequisites of the
 * field must hold, through the actions before it. */
static void
test_match_consistency(void)
{
    static const struct {
        const char *flow;
        bool ok;
    } cases[] = {
        { "ip,actions=set_field:1.2.3.4->ip_src", true },
        { "arp,actions=set_field:1.2.3.4->ip_src", false },
        { "actions=set_field:1.2.3.4->ip_src", false },
        { "tcp,actions=set_field:80->tcp_dst", true },
        { "udp,actions=set_field:80->tcp_dst", false },
        { "actions=set_field:5->vlan_vid", true },
        { "actions=set_field:5->vlan_pcp", false },
        { "actions=push_vlan:0x8100,set_field:5->vlan_pcp", true },
        { "dl_vlan=5,actions=set_field:3->vlan_pcp", true },
        { "dl_vlan=5,actions=pop_vlan,set_field:3->vlan_pcp", false },
        { "actions=set_field:3->mpls_label", false },
        { "ip,actions=push_mpls:0x8847,set_field:3->mpls_label", true },
        { "ip,actions=push_mpls:0x8847,set_field:1.2.3.4->ip_src", false },
        { "mpls,actions=pop_mpls:0x0800,set_field:1.2.3.4->ip_src", true },
        { "mpls,actions=pop_mpls:0x0800,set_field:1->tcp_src", false },
        { "actions=set_field:0x0800->eth_type,set_field:1.2.3.4->ip_src",
          true },
        { "ip,actions=set_field:6->ip_proto,set_field:1->tcp_src", true },
        /* The action set runs pushes before set_field whatever the order
         * they were written in. */
        { "actions=write_actions(set_field:5->vlan_pcp,push_vlan:0x8100)",
          true },
        { "actions=write_actions(set_field:5->vlan_pcp)", false },
        { "ip,actions=push_mpls:0x8847,"
          "write_actions(set_field:1.2.3.4->ip_src)", false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct arena arena = ARENA_INITIALIZER;
        struct of_flow_mod fm;
        enum ofperr error;
        char *msg = of_flow_mod_parse(&fm, cases[i].flow, OFPFC_ADD, &arena);

        CU_ASSERT_PTR_NULL(msg);
        if (msg) {
            fprintf(stderr, "\n'%s': %s\n", cases[i].flow, msg);
            free(msg);
            arena_destroy(&arena);
            continue;
        }
        error = of_instructions_check_match(&fm.match, fm.instructions,
                                            fm.n_instructions);
        if (error != (cases[i].ok ? 0 : OFPERR_OFPBAC_MATCH_INCONSISTENT)) {
            fprintf(stderr, "\n'%s': %s\n", cases[i].flow,
                    error ? ofperr_name(error) : "accepted");
            CU_FAIL("set_field checked against the match");
        }
        arena_destroy(&arena);
    }
}

static CU_TestInfo tests[] = {
    { "every action", test_every_action },
    { "instructions text", test_instructions_text },
    { "text errors", test_text_errors },
    { "action errors", test_action_errors },
    { "instruction errors", test_instruction_errors },
    { "ports", test_ports },
    { "match consistency", test_match_consistency },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("ofp-actions", tests)
