#include "ofproto/ofp-match.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* Decodes a match written as hex (struct ofp_match and OXMs, padded). */
static enum ofperr
decode_hex(const char *hex, struct of_match *match, size_t *left)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct ofpbuf_rd rd;
    enum ofperr error;

    unit_hex(&b, hex);
    ofpbuf_rd_init(&rd, b.data, b.size);
    error = of_match_decode(&rd, match);
    if (left) {
        *left = ofpbuf_rd_left(&rd);
    }
    ofpbuf_uninit(&b);
    return error;
}

/* Parses "name=value,name,..." into 'match' with of_match_parse_field. */
static char *
parse_match(const char *text, struct of_match *match)
{
    char *copy = xstrdup(text), *save = NULL, *error = NULL;

    of_match_init(match);
    for (char *w = strtok_r(copy, ",", &save); w && !error;
         w = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(w, '=');

        if (eq) {
            *eq = '\0';
        }
        error = of_match_parse_field(match, w, eq ? eq + 1 : NULL);
    }
    free(copy);
    return error;
}

static char *
format_match(const struct of_match *match)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    of_match_format(match, &s);
    return ds_steal_cstr(&s);
}

/* Encodes, decodes, re-encodes: same bytes, same match. */
static void
check_round_trip(const struct of_match *match)
{
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct of_match back;
    struct ofpbuf_rd rd;
    enum ofperr error;

    of_match_encode(match, &a);
    CU_ASSERT_EQUAL(a.size % 8, 0);
    ofpbuf_rd_init(&rd, a.data, a.size);
    error = of_match_decode(&rd, &back);
    CU_ASSERT_EQUAL(error, 0);
    if (error) {
        char *text = format_match(match);

        fprintf(stderr, "\nmatch '%s' does not decode: %s\n", text,
                ofperr_name(error));
        free(text);
    }
    CU_ASSERT_EQUAL(ofpbuf_rd_left(&rd), 0);
    of_match_encode(&back, &b);
    CU_ASSERT_TRUE(a.size == b.size && !memcmp(a.data, b.data, a.size));
    CU_ASSERT_TRUE(of_match_equal(match, &back));
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
}

/* Text that parses, prints back as 'expected' (NULL: the same text) and
 * round-trips on the wire. */
static void
check_text(const char *text, const char *expected)
{
    struct of_match match, again;
    char *error = parse_match(text, &match);
    char *printed;

    CU_ASSERT_PTR_NULL(error);
    if (error) {
        fprintf(stderr, "\n'%s': %s\n", text, error);
        free(error);
        return;
    }
    CU_ASSERT_EQUAL(of_match_validate(&match), 0);
    printed = format_match(&match);
    if (strcmp(printed, expected ? expected : text)) {
        fprintf(stderr, "\n'%s' printed as '%s'\n", text, printed);
        CU_FAIL("printed text differs");
    }
    error = parse_match(printed, &again);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    CU_ASSERT_TRUE(of_match_equal(&match, &again));
    check_round_trip(&match);
    free(printed);
}

static void
test_every_field(void)
{
    /* Each field with its prerequisites, exact and (where allowed)
     * masked. */
    static const char *const cases[] = {
        "in_port=1",
        "in_port=LOCAL",
        "in_port=1,in_phy_port=2",
        "metadata=0x123",
        "metadata=0x1200/0xff00",
        "eth_dst=aa:bb:cc:dd:ee:ff",
        "eth_dst=01:00:00:00:00:00/01:00:00:00:00:00",
        "eth_src=00:11:22:33:44:55",
        "eth_src=00:11:22:00:00:00/ff:ff:ff:00:00:00",
        "eth_type=0x88cc",
        "vlan_vid=10",
        "vlan_vid=none",
        "vlan_vid=0x1000/0x1000",
        "vlan_vid=10,vlan_pcp=5",
        "ip,ip_dscp=46",
        "ip,ip_ecn=3",
        "ipv6,ip_dscp=8",
        "ip,ip_proto=47",
        "ip,ipv4_src=10.0.0.1",
        "ip,ipv4_dst=10.0.0.0/24",
        "ip,ipv4_dst=10.0.0.1/255.0.0.255",
        "tcp,tcp_src=1234",
        "tcp,tcp_dst=80",
        "udp,udp_src=53",
        "udp,udp_dst=67",
        "sctp,sctp_src=1",
        "sctp,sctp_dst=2",
        "icmp,icmp_type=8",
        "icmp,icmp_code=0",
        "arp,arp_op=1",
        "arp,arp_spa=10.0.0.1",
        "arp,arp_tpa=10.0.0.0/8",
        "arp,arp_sha=00:11:22:33:44:55",
        "arp,arp_tha=00:11:22:33:44:00/ff:ff:ff:ff:ff:00",
        "ipv6,ipv6_src=2001:db8::1",
        "ipv6,ipv6_src=2001:db8::/32",
        "ipv6,ipv6_dst=fe80::1",
        "ipv6,ipv6_dst=::1/ffff::ffff",
        "ipv6,ipv6_label=0x12345",
        "ipv6,ipv6_label=0x10000/0xf0000",
        "icmp6,icmpv6_type=128",
        "icmp6,icmpv6_code=0",
        "icmp6,icmpv6_type=135,nd_target=2001:db8::1",
        "icmp6,icmpv6_type=136,nd_target=2001:db8::2",
        "icmp6,icmpv6_type=135,nd_sll=00:11:22:33:44:55",
        "icmp6,icmpv6_type=136,nd_tll=00:11:22:33:44:66",
        "mpls,mpls_label=1048575",
        "mplsm,mpls_tc=7",
        "mpls,mpls_bos=1",
        "eth_type=0x88e7,pbb_isid=0xabcdef",
        "eth_type=0x88e7,pbb_isid=0xab0000/0xff0000",
        "tunnel_id=0x1234567890",
        "tunnel_id=0x100/0xff00",
        "ipv6,ipv6_exthdr=nonext|frag",
        "ipv6,ipv6_exthdr=auth/0x4",
        "tun_src=192.168.1.1",
        "tun_dst=192.168.0.0/16",
    };
    uint64_t covered = 0;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct of_match match;
        char *error;

        check_text(cases[i], NULL);
        error = parse_match(cases[i], &match);
        free(error);
        for (size_t k = 0; k < match.n; k++) {
            covered |= UINT64_C(1) << match.oxms[k].field;
        }
    }
    /* Every field of oxm-fields.def is exercised. */
    CU_ASSERT_EQUAL(covered, (UINT64_C(1) << OF_N_FIELDS) - 1);
}

static void
test_ovs_names(void)
{
    check_text("dl_dst=aa:bb:cc:dd:ee:ff,dl_type=0x0800,nw_dst=10.0.0.0/24",
               "ip,eth_dst=aa:bb:cc:dd:ee:ff,ipv4_dst=10.0.0.0/24");
    check_text("tcp,nw_src=1.2.3.4,tp_dst=22",
               "tcp,ipv4_src=1.2.3.4,tcp_dst=22");
    check_text("udp6,tp_src=546", "udp6,udp_src=546");
    check_text("arp,nw_src=10.0.0.1,nw_proto=2",
               "arp,arp_spa=10.0.0.1,arp_op=2");
    check_text("icmp6,icmp_type=135", "icmp6,icmpv6_type=135");
    check_text("ip,nw_tos=184", "ip,ip_dscp=46");
    check_text("dl_vlan=100,dl_vlan_pcp=3", "vlan_vid=100,vlan_pcp=3");
    check_text("dl_vlan=0xffff", "vlan_vid=none");
    check_text("tun_id=5", "tunnel_id=0x5");
    check_text("in_port=controller", "in_port=CONTROLLER");
    check_text("vlan_tci=0x1000/0x1000", "vlan_vid=0x1000/0x1000");
    check_text("vlan_tci=0x7005", "vlan_vid=5,vlan_pcp=3");
    check_text("vlan_tci=0", "vlan_vid=none");
}

static void
test_text_errors(void)
{
    static const struct {
        const char *text;
        const char *needle;     /* The error must contain this. */
    } cases[] = {
        { "foo=1", "'foo'" },
        { "ip,nw_dst=10.0.0.300", "'10.0.0.300'" },
        { "ip,ipv4_dst=10.0.0.0/33", "33" },
        { "tp_dst=80", "tp_dst" },
        { "vlan_pcp=9", "'9'" },
        { "eth_dst=aa:bb:cc", "'aa:bb:cc'" },
        { "in_port=eth0", "'eth0'" },
        { "tcp=1", "'tcp'" },
        { "ip_dscp", "ip_dscp" },
        { "ip,nw_tos=185", "'185'" },
        { "ipv6,ipv6_exthdr=bogus", "'bogus'" },
        { "in_port=1/1", "in_port" },
        { "vlan_tci=0x1005/0x3fff", "priority" },
        { "tcp,tcp_flags=+syn", "tcp_flags" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct of_match match;
        char *error = parse_match(cases[i].text, &match);

        CU_ASSERT_PTR_NOT_NULL(error);
        if (error && !strstr(error, cases[i].needle)) {
            fprintf(stderr, "\n'%s': error '%s' does not name '%s'\n",
                    cases[i].text, error, cases[i].needle);
            CU_FAIL("error names the offending word");
        }
        free(error);
    }
}

static void
test_wire_bytes(void)
{
    struct of_match match;
    struct ofpbuf b = OFPBUF_INITIALIZER;
    char *error = parse_match("in_port=1,ip,ipv4_dst=10.0.0.0/24", &match);

    CU_ASSERT_PTR_NULL(error);
    free(error);
    of_match_encode(&match, &b);
    /* ofp_match: type 1, length 4 + 8 + 6 + 12 = 30, padded to 32. */
    {
        static const uint8_t expected[] = {
            0x00, 0x01, 0x00, 0x1e,
            0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
            0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
            0x80, 0x00, 0x19, 0x08, 0x0a, 0x00, 0x00, 0x00,
            0xff, 0xff, 0xff, 0x00,
            0x00, 0x00,
        };

        CU_ASSERT_EQUAL(b.size, sizeof expected);
        CU_ASSERT_TRUE(b.size == sizeof expected
                       && !memcmp(b.data, expected, sizeof expected));
    }
    ofpbuf_uninit(&b);

    /* The empty match is 4 bytes of header and 4 of padding. */
    of_match_init(&match);
    of_match_encode(&match, &b);
    CU_ASSERT_EQUAL(b.size, 8);
    CU_ASSERT_EQUAL(ofp_get_be16(b.data + 2), 4);
    ofpbuf_uninit(&b);
}

static void
test_decode_errors(void)
{
    static const struct {
        const char *hex;
        enum ofperr error;
    } cases[] = {
        /* Match type 0 (OFPMT_STANDARD). */
        { "0000 0004 00000000", OFPERR_OFPBMC_BAD_TYPE },
        /* Match length below the header. */
        { "0001 0003 00000000", OFPERR_OFPBMC_BAD_LEN },
        /* Match length past the end of the bytes. */
        { "0001 0010 00000000", OFPERR_OFPBMC_BAD_LEN },
        /* Padding missing. */
        { "0001 000c 80000004 00000001", OFPERR_OFPBMC_BAD_LEN },
        /* OXM header cut short. */
        { "0001 0006 8000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* OXM payload past the match length. */
        { "0001 000a 80000004 0000 0000 0000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* in_port with a 3-byte payload. */
        { "0001 000b 80000003 000001 00000000 00", OFPERR_OFPBMC_BAD_LEN },
        /* Basic field 40 does not exist. */
        { "0001 0009 80005001 01 00000000000000", OFPERR_OFPBMC_BAD_FIELD },
        /* Unknown class. */
        { "0001 0009 00050001 01 00000000000000", OFPERR_OFPBMC_BAD_FIELD },
        /* Experimenter class. */
        { "0001 000c ffff0004 00002320 00000000", OFPERR_OFPBMC_BAD_FIELD },
        /* Experimenter OXM too short for its experimenter id. */
        { "0001 000a ffff0002 0000 00000000 0000", OFPERR_OFPBMC_BAD_LEN },
        /* in_port with a mask: not maskable. */
        { "0001 0010 80000108 00000001 ffffffff", OFPERR_OFPBMC_BAD_MASK },
        /* eth_type with a mask. */
        { "0001 000c 80000b04 0800 ffff 00000000", OFPERR_OFPBMC_BAD_MASK },
        /* vlan_vid mask with bits beyond 13. */
        { "0001 000c 80000d04 1000 f000 00000000", OFPERR_OFPBMC_BAD_MASK },
        /* ipv4_dst 10.0.0.1/24: a value bit outside the mask. */
        { "0001 0016 80000a02 0800 80001908 0a000001 ffffff00 0000",
          OFPERR_OFPBMC_BAD_WILDCARDS },
        /* vlan_pcp 8 (with vlan_vid 10 present). */
        { "0001 000f 80000c02 100a 80000e01 08 00", OFPERR_OFPBMC_BAD_VALUE },
        /* vlan_vid 0x2000. */
        { "0001 000a 80000c02 2000 000000000000", OFPERR_OFPBMC_BAD_VALUE },
        /* ip_dscp 64. */
        { "0001 000f 80000a02 0800 80001001 40 00", OFPERR_OFPBMC_BAD_VALUE },
        /* mpls_label 0x100000. */
        { "0001 0012 80000a02 8847 80004404 00100000 000000000000",
          OFPERR_OFPBMC_BAD_VALUE },
        /* in_port twice. */
        { "0001 0014 80000004 00000001 80000004 00000002 00000000",
          OFPERR_OFPBMC_DUP_FIELD },
        /* tcp_dst without ip_proto. */
        { "0001 0010 80000a02 0800 80001c02 0050",
          OFPERR_OFPBMC_BAD_PREREQ },
        /* tcp_dst with ip_proto 17. */
        { "0001 0015 80000a02 0800 80001401 11 80001c02 0050 000000",
          OFPERR_OFPBMC_BAD_PREREQ },
        /* ip_proto without eth_type. */
        { "0001 0009 80001401 06 00000000000000", OFPERR_OFPBMC_BAD_PREREQ },
        /* ipv4_src with eth_type IPv6. */
        { "0001 0012 80000a02 86dd 80001604 0a000001 000000000000",
          OFPERR_OFPBMC_BAD_PREREQ },
        /* vlan_pcp without vlan_vid. */
        { "0001 0009 80000e01 03 00000000000000", OFPERR_OFPBMC_BAD_PREREQ },
        /* vlan_pcp with vlan_vid none. */
        { "0001 000f 80000c02 0000 80000e01 03 00", OFPERR_OFPBMC_BAD_PREREQ },
        /* in_phy_port without in_port. */
        { "0001 000c 80000204 00000001 00000000", OFPERR_OFPBMC_BAD_PREREQ },
        /* nd_target with icmpv6_type 128. */
        { "0001 0028 80000a02 86dd 80001401 3a 80003a01 80"
          " 80003e10 20010db8000000000000000000000001",
          OFPERR_OFPBMC_BAD_PREREQ },
        /* eth_type matched only under a mask does not satisfy ipv4_src:
         * (eth_type is not maskable, so this is a mask error first). */
        { "0001 0014 80000b04 0800 ffff 80001604 0a000001 00000000",
          OFPERR_OFPBMC_BAD_MASK },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct of_match match;
        enum ofperr error = decode_hex(cases[i].hex, &match, NULL);

        if (error != cases[i].error) {
            fprintf(stderr, "\ncase %zu (%s): expected %s, got %s\n", i,
                    cases[i].hex, ofperr_name(cases[i].error),
                    ofperr_name(error));
            CU_FAIL("match decode error");
        }
        CU_ASSERT_EQUAL(match.n, 0);
    }
}

static void
test_prereq_order(void)
{
    struct of_match match;
    size_t left;

    /* tcp_dst, then ip_proto, then eth_type: the reverse of the usual
     * order is accepted (docs/spec-decisions.md). */
    CU_ASSERT_EQUAL(decode_hex("0001 0015 80001c02 0050 80001401 06"
                               " 80000a02 0800 000000", &match, &left),
                    0);
    CU_ASSERT_EQUAL(left, 0);
    CU_ASSERT_EQUAL(match.n, 3);
    CU_ASSERT_PTR_NOT_NULL(of_match_find(&match, OF_FIELD_TCP_DST));
    CU_ASSERT_EQUAL(of_match_find(&match, OF_FIELD_TCP_DST)->value.u16, 80);
}

static void
test_builders(void)
{
    struct of_match match;
    union of_value v, m;
    const uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };
    char *text;

    of_match_init(&match);
    of_match_set_u32(&match, OF_FIELD_IN_PORT, 7);
    of_match_set_u16(&match, OF_FIELD_ETH_TYPE, 0x0800);
    of_match_set_u8(&match, OF_FIELD_IP_PROTO, 17);
    of_match_set_mac(&match, OF_FIELD_ETH_SRC, mac);
    of_match_set_u64(&match, OF_FIELD_METADATA, 42);
    CU_ASSERT_EQUAL(of_match_validate(&match), 0);
    text = format_match(&match);
    CU_ASSERT_STRING_EQUAL(text, "udp,in_port=7,eth_src=01:02:03:04:05:06,"
                           "metadata=0x2a");
    free(text);

    /* Replacing keeps the position; an all-zero mask removes. */
    of_match_set_u32(&match, OF_FIELD_IN_PORT, 9);
    CU_ASSERT_EQUAL(match.oxms[0].value.u32, 9);
    memset(&v, 0, sizeof v);
    memset(&m, 0, sizeof m);
    CU_ASSERT_TRUE(of_match_set(&match, OF_FIELD_METADATA, &v, &m));
    CU_ASSERT_PTR_NULL(of_match_find(&match, OF_FIELD_METADATA));
    /* Bits outside the mask are cleared. */
    v.u32 = 0x0a000001;
    m.u32 = 0xffffff00;
    CU_ASSERT_TRUE(of_match_set(&match, OF_FIELD_IPV4_DST, &v, &m));
    CU_ASSERT_EQUAL(of_match_find(&match, OF_FIELD_IPV4_DST)->value.u32,
                    0x0a000000);
    of_match_remove(&match, OF_FIELD_IN_PORT);
    CU_ASSERT_PTR_NULL(of_match_find(&match, OF_FIELD_IN_PORT));
    CU_ASSERT_EQUAL(of_match_validate(&match), 0);

    /* A dropped prerequisite is found by validation. */
    of_match_remove(&match, OF_FIELD_ETH_TYPE);
    CU_ASSERT_EQUAL(of_match_validate(&match), OFPERR_OFPBMC_BAD_PREREQ);
}

static void
test_field_names(void)
{
    CU_ASSERT_EQUAL(of_field_from_name("dl_dst"), OF_FIELD_ETH_DST);
    CU_ASSERT_EQUAL(of_field_from_name("ETH_DST"), OF_FIELD_ETH_DST);
    CU_ASSERT_EQUAL(of_field_from_name("nope"), OF_N_FIELDS);
    CU_ASSERT_EQUAL(of_field_from_oxm(OFPXMC_OPENFLOW_BASIC, 39),
                    OF_FIELD_IPV6_EXTHDR);
    CU_ASSERT_EQUAL(of_field_from_oxm(OFPXMC_NXM_1, 31),
                    OF_FIELD_TUN_IPV4_SRC);
    CU_ASSERT_EQUAL(of_field_from_oxm(OFPXMC_OPENFLOW_BASIC, 40),
                    OF_N_FIELDS);
    CU_ASSERT_TRUE(of_match_is_field_name("tp_dst"));
    CU_ASSERT_TRUE(of_match_is_field_name("tcp6"));
    CU_ASSERT_FALSE(of_match_is_field_name("actions"));
    /* The 40 basic fields are numbered as the spec numbers them. */
    for (int i = 0; i <= OF_FIELD_IPV6_EXTHDR; i++) {
        CU_ASSERT_EQUAL(of_field_info(i)->oxm_class, OFPXMC_OPENFLOW_BASIC);
        CU_ASSERT_EQUAL(of_field_info(i)->oxm_field, i);
    }
}

static void
test_check_text(void)
{
    static const struct {
        const char *text;
        const char *needle;
    } cases[] = {
        { "sctp,sctp_dst=9,icmp_type=3", "icmp_type: needs icmp" },
        { "udp,arp", "ip_proto: needs ip" },
        { "vlan_pcp=3", "vlan_pcp: needs a VLAN" },
        { "ipv6,nd_target=::1", "nd_target" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct of_match match;
        char *error = parse_match(cases[i].text, &match);

        if (!error) {
            error = of_match_check(&match);
        }
        CU_ASSERT_PTR_NOT_NULL(error);
        if (error && !strstr(error, cases[i].needle)) {
            fprintf(stderr, "\n'%s': '%s' lacks '%s'\n", cases[i].text,
                    error, cases[i].needle);
            CU_FAIL("check names the field");
        }
        free(error);
    }
    {
        struct of_match match;
        char *error = parse_match("tcp,tcp_dst=80", &match);

        CU_ASSERT_PTR_NULL(error);
        CU_ASSERT_PTR_NULL(of_match_check(&match));
    }
}

static CU_TestInfo tests[] = {
    { "check text", test_check_text },
    { "every field", test_every_field },
    { "ovs-ofctl names", test_ovs_names },
    { "text errors", test_text_errors },
    { "wire bytes", test_wire_bytes },
    { "decode errors", test_decode_errors },
    { "prerequisites in any order", test_prereq_order },
    { "builders", test_builders },
    { "field names", test_field_names },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("ofp-match", tests)
