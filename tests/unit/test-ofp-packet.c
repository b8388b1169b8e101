#include "ofproto/ofp-packet.h"

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
expect_contains_at(const char *text, const char *needle, const char *file,
                   int line)
{
    bool ok = text && strstr(text, needle) != NULL;

    if (!ok) {
        fprintf(stderr, "\n%s:%d: '%s' not in:\n%s\n", file, line, needle,
                text ? text : "(null)");
    }
    CU_assertImplementation(ok, line, "text contains the expected words",
                            file, "", CU_FALSE);
}
#define expect_contains(TEXT, NEEDLE) \
    expect_contains_at(TEXT, NEEDLE, __FILE__, __LINE__)

/* Decodes the message in 'hex', asserts success and that re-encoding gives
 * the same bytes; returns its text (caller frees). */
static char *
check_vector_at(const char *hex, const char *file, int line)
{
    struct ofpbuf in = OFPBUF_INITIALIZER, out = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg msg;
    enum ofperr error;

    unit_hex(&in, hex);
    error = of_msg_decode(&msg, in.data, in.size);
    if (error) {
        fprintf(stderr, "\n%s:%d: decode failed: %s\n", file, line,
                ofperr_name(error));
    }
    CU_assertImplementation(!error, line, "vector decodes", file, "",
                            CU_FALSE);
    if (!error) {
        bool same;

        of_msg_encode(&msg, &out);
        same = in.size == out.size && !memcmp(in.data, out.data, in.size);
        CU_assertImplementation(same, line, "vector re-encodes identically",
                                file, "", CU_FALSE);
        of_msg_format(&msg, &s);
    }
    of_msg_uninit(&msg);
    ofpbuf_uninit(&in);
    ofpbuf_uninit(&out);
    return ds_steal_cstr(&s);
}
#define check_vector(HEX) check_vector_at(HEX, __FILE__, __LINE__)

static void
expect_hex_error_at(const char *hex, enum ofperr error, const char *file,
                    int line)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    unit_hex(&b, hex);
    unit_expect_error_at(b.data, b.size, error, file, line);
    ofpbuf_uninit(&b);
}
#define expect_hex_error(HEX, ERROR) \
    expect_hex_error_at(HEX, ERROR, __FILE__, __LINE__)

static const char *
body_text(const char *text)
{
    const char *p = strstr(text, "): ");

    return p ? p + 3 : text;
}

/* An ARP request from 10.0.0.1 (f2:0b:a4:7d:f8:ea) for 10.0.0.3. */
static const uint8_t arp_frame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0xf2, 0x0b,
    0xa4, 0x7d, 0xf8, 0xea, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x0a, 0x00, 0x00, 0x03,
};

/* A UDP datagram 192.168.1.2 -> 192.168.1.3 in VLAN 10, priority 3. */
static const uint8_t vlan_udp_frame[] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x81, 0x00, 0x60, 0x0a, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
    0xc0, 0xa8, 0x01, 0x02, 0xc0, 0xa8, 0x01, 0x03,
    0x04, 0x00, 0x04, 0x01, 0x00, 0x08, 0x00, 0x00,
};

/* ---- PACKET_IN ---- */

static void
test_packet_in_round_trip(void)
{
    struct of_msg msg;
    struct of_packet_in *pin = &msg.u.packet_in;
    char *text;

    of_msg_init(&msg, OFPT_PACKET_IN, 0x10);
    pin->buffer_id = 2;
    pin->total_len = sizeof arp_frame;
    pin->reason = OFPR_ACTION;
    pin->table_id = 1;
    pin->cookie = 0x0001020300000000ull;
    of_match_init(&pin->match);
    of_match_set_u32(&pin->match, OF_FIELD_IN_PORT, 6);
    pin->data = arp_frame;
    pin->len = sizeof arp_frame;
    text = unit_round_trip(&msg);
    CU_ASSERT_STRING_EQUAL(body_text(text),
                           "in_port=6 reason=ACTION table=1 "
                           "cookie=0x1020300000000 buffer_id=0x2 "
                           "total_len=42 data_len=42 "
                           "eth_src=f2:0b:a4:7d:f8:ea "
                           "eth_dst=ff:ff:ff:ff:ff:ff eth_type=0x0806 "
                           "arp_op=1 arp_spa=10.0.0.1 arp_tpa=10.0.0.3");
    free(text);
    of_msg_uninit(&msg);

    /* A table miss, unbuffered and cut to 30 of 1500 bytes, with pipeline
     * fields besides in_port and a VLAN-tagged IPv4 frame. */
    of_msg_init(&msg, OFPT_PACKET_IN, 0x11);
    pin->buffer_id = OFP_NO_BUFFER;
    pin->total_len = 1500;
    pin->reason = OFPR_NO_MATCH;
    pin->table_id = 3;
    pin->cookie = UINT64_MAX;
    of_match_init(&pin->match);
    of_match_set_u32(&pin->match, OF_FIELD_IN_PORT, OFPP_LOCAL);
    of_match_set_u64(&pin->match, OF_FIELD_METADATA, 0xabc);
    of_match_set_u64(&pin->match, OF_FIELD_TUNNEL_ID, 0x99);
    pin->data = vlan_udp_frame;
    pin->len = sizeof vlan_udp_frame;
    text = unit_round_trip(&msg);
    expect_contains(text, "in_port=LOCAL reason=NO_MATCH table=3 "
                    "cookie=0xffffffffffffffff buffer_id=none "
                    "total_len=1500 data_len=46 eth_src=00:00:00:00:00:01 "
                    "eth_dst=00:00:00:00:00:02 vlan_vid=10 vlan_pcp=3 "
                    "eth_type=0x0800 ipv4_src=192.168.1.2 "
                    "ipv4_dst=192.168.1.3 ip_proto=17 match=");
    expect_contains(text, "metadata=0xabc");
    expect_contains(text, "tunnel_id=0x99");
    free(text);
    of_msg_uninit(&msg);

    /* Other reasons; an empty match and no frame. */
    of_msg_init(&msg, OFPT_PACKET_IN, 0x12);
    pin->buffer_id = OFP_NO_BUFFER;
    pin->reason = OFPR_INVALID_TTL;
    of_match_init(&pin->match);
    text = unit_round_trip(&msg);
    CU_ASSERT_STRING_EQUAL(body_text(text),
                           "in_port=none reason=INVALID_TTL table=0 "
                           "cookie=0x0 buffer_id=none total_len=0 "
                           "data_len=0");
    free(text);
    pin->reason = 7;
    pin->data = arp_frame;
    pin->len = 10;
    text = unit_round_trip(&msg);
    expect_contains(text, "reason=7 ");
    expect_contains(text, "data_len=10");
    free(text);
    of_msg_uninit(&msg);
}

/* A packet-in for in_port=1 with a 4-byte frame.  The match starts at
 * offset 24, the pad at 40, the frame at 42. */
#define PI_FIXED "00 00 00 05 00 04 00 01 00 00 00 00 00 00 00 07"
#define PI_MATCH "00 01 00 0c 80 00 00 04 00 00 00 01 00 00 00 00"

static void
test_packet_in_errors(void)
{
    char *text;

    text = check_vector("04 0a 00 2e 00 00 00 01" PI_FIXED PI_MATCH
                        "00 00 de ad be ef");
    expect_contains(text, "in_port=1 reason=NO_MATCH table=1 cookie=0x7 "
                    "buffer_id=0x5 total_len=4 data_len=4");
    free(text);

    /* The fixed part cut short. */
    expect_hex_error("04 0a 00 17 00 00 00 01"
                     "00 00 00 05 00 04 00 01 00 00 00 00 00 00 00",
                     OFPERR_OFPBRC_BAD_LEN);
    /* No match, or part of its header. */
    expect_hex_error("04 0a 00 18 00 00 00 01" PI_FIXED,
                     OFPERR_OFPBRC_BAD_LEN);
    expect_hex_error("04 0a 00 1b 00 00 00 01" PI_FIXED "00 01 00",
                     OFPERR_OFPBRC_BAD_LEN);
    /* The match's length runs past the message. */
    expect_hex_error("04 0a 00 2e 00 00 00 01" PI_FIXED
                     "00 01 00 3c 80 00 00 04 00 00 00 01 00 00 00 00"
                     "00 00 de ad be ef", OFPERR_OFPBMC_BAD_LEN);
    /* The two bytes of pad missing, or one of them. */
    expect_hex_error("04 0a 00 28 00 00 00 01" PI_FIXED PI_MATCH,
                     OFPERR_OFPBRC_BAD_LEN);
    expect_hex_error("04 0a 00 29 00 00 00 01" PI_FIXED PI_MATCH "00",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Errors of the match pass through. */
    expect_hex_error("04 0a 00 2e 00 00 00 01" PI_FIXED
                     "00 01 00 0a 80 00 1c 02 00 50 00 00 00 00 00 00"
                     "00 00 de ad be ef", OFPERR_OFPBMC_BAD_PREREQ);
    /* Pad but no frame is fine. */
    free(check_vector("04 0a 00 2a 00 00 00 01" PI_FIXED PI_MATCH "00 00"));
}

/* ---- PACKET_OUT ---- */

static struct of_action output_table[] = {
    { .type = OFPAT_OUTPUT, .output = { .port = OFPP_TABLE, .max_len = 0 } },
};

static struct of_action two_actions[] = {
    { .type = OFPAT_SET_FIELD,
      .set_field = { .field = OF_FIELD_IPV4_DST,
                     .value = { .u32 = 0x0a000009 } } },
    { .type = OFPAT_OUTPUT, .output = { .port = 3, .max_len = 0 } },
};

static void
test_packet_out_round_trip(void)
{
    struct of_msg msg;
    struct of_packet_out *po = &msg.u.packet_out;
    char *text;

    /* Output to OFPP_TABLE is legal in a packet-out (7.3.7). */
    of_msg_init(&msg, OFPT_PACKET_OUT, 0x20);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_CONTROLLER;
    po->actions = output_table;
    po->n_actions = ARRAY_SIZE(output_table);
    po->data = vlan_udp_frame;
    po->len = sizeof vlan_udp_frame;
    text = unit_round_trip(&msg);
    expect_contains(text, "in_port=CONTROLLER buffer_id=none actions=");
    expect_contains(text, "TABLE");
    expect_contains(text, " data_len=46 eth_src=00:00:00:00:00:01 "
                    "eth_dst=00:00:00:00:00:02 vlan_vid=10 vlan_pcp=3 "
                    "eth_type=0x0800 ipv4_src=192.168.1.2 "
                    "ipv4_dst=192.168.1.3 ip_proto=17");
    free(text);
    of_msg_uninit(&msg);

    /* A buffered packet, with data that the switch will ignore. */
    of_msg_init(&msg, OFPT_PACKET_OUT, 0x21);
    po->buffer_id = 100;
    po->in_port = 4;
    po->actions = two_actions;
    po->n_actions = ARRAY_SIZE(two_actions);
    po->data = arp_frame;
    po->len = sizeof arp_frame;
    text = unit_round_trip(&msg);
    expect_contains(text, "in_port=4 buffer_id=0x64 actions=");
    expect_contains(text, "set_field:10.0.0.9->ipv4_dst,output:3");
    expect_contains(text, "arp_op=1 arp_spa=10.0.0.1 arp_tpa=10.0.0.3");
    free(text);
    of_msg_uninit(&msg);

    /* Unbuffered and empty; no actions. */
    of_msg_init(&msg, OFPT_PACKET_OUT, 0x22);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_LOCAL;
    text = unit_round_trip(&msg);
    CU_ASSERT_STRING_EQUAL(body_text(text), "in_port=LOCAL buffer_id=none "
                           "actions=drop data_len=0");
    free(text);
    of_msg_uninit(&msg);
}

/* A packet-out with output:1 and no frame, from 'in_port'. */
static void
put_packet_out(struct ofpbuf *b, uint32_t in_port)
{
    unit_hex(b, "04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 00"
             "00 10 00 00 00 00 00 00"
             "00 00 00 10 00 00 00 01 ff e5 00 00 00 00 00 00");
    ofpbuf_set_be32(b, 12, in_port);
}

static void
test_packet_out_in_port(void)
{
    static const struct {
        uint32_t port;
        bool ok;
    } cases[] = {
        { 1, true },
        { 0xfffe, true },
        { OFPP_MAX, true },
        { OFPP_LOCAL, true },
        { OFPP_CONTROLLER, true },
        { 0, false },
        { OFPP_MAX + 1, false },
        { OFPP_IN_PORT, false },
        { OFPP_TABLE, false },
        { OFPP_NORMAL, false },
        { OFPP_FLOOD, false },
        { OFPP_ALL, false },
        { OFPP_ANY, false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;
        struct of_msg msg;
        enum ofperr error;

        put_packet_out(&b, cases[i].port);
        error = of_msg_decode(&msg, b.data, b.size);
        if (error != (cases[i].ok ? 0 : OFPERR_OFPBRC_BAD_PORT)) {
            fprintf(stderr, "\nin_port 0x%x: %s\n", cases[i].port,
                    ofperr_name(error));
        }
        CU_ASSERT_EQUAL(error, cases[i].ok ? 0 : OFPERR_OFPBRC_BAD_PORT);
        if (!error) {
            CU_ASSERT_EQUAL(msg.u.packet_out.in_port, cases[i].port);
            CU_ASSERT_EQUAL(msg.u.packet_out.n_actions, 1);
            CU_ASSERT_EQUAL(msg.u.packet_out.len, 0);
        }
        of_msg_uninit(&msg);
        ofpbuf_uninit(&b);
    }
}

static void
test_packet_out_errors(void)
{
    /* The fixed part cut short. */
    expect_hex_error("04 0d 00 1f 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 00 00 00 00 00 00", OFPERR_OFPBRC_BAD_LEN);
    expect_hex_error("04 0d 00 08 00 00 00 01", OFPERR_OFPBRC_BAD_LEN);

    /* actions_len past the end of the message. */
    expect_hex_error("04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 18 00 00 00 00 00 00"
                     "00 00 00 10 00 00 00 02 ff e5 00 00 00 00 00 00",
                     OFPERR_OFPBRC_BAD_LEN);
    expect_hex_error("04 0d 00 20 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 10 00 00 00 00 00 00 00 00 00 10 00 00 00 02",
                     OFPERR_OFPBRC_BAD_LEN);
    expect_hex_error("04 0d 00 18 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "ff ff 00 00 00 00 00 00", OFPERR_OFPBRC_BAD_LEN);

    /* actions_len cutting an action short; errors of the actions pass
     * through. */
    expect_hex_error("04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 08 00 00 00 00 00 00"
                     "00 00 00 10 00 00 00 02 ff e5 00 00 00 00 00 00",
                     OFPERR_OFPBAC_BAD_LEN);
    expect_hex_error("04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 10 00 00 00 00 00 00"
                     "00 00 00 10 00 00 00 00 ff e5 00 00 00 00 00 00",
                     OFPERR_OFPBAC_BAD_OUT_PORT);
    expect_hex_error("04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 01"
                     "00 10 00 00 00 00 00 00"
                     "00 63 00 10 00 00 00 02 ff e5 00 00 00 00 00 00",
                     OFPERR_OFPBAC_BAD_TYPE);

    /* The same output:TABLE that a packet-out may use is refused in a
     * flow's instructions. */
    free(check_vector("04 0d 00 28 00 00 00 01 ff ff ff ff 00 00 00 01"
                      "00 10 00 00 00 00 00 00"
                      "00 00 00 10 ff ff ff f9 00 00 00 00 00 00 00 00"));
    expect_hex_error("04 0e 00 50 00 00 00 01"
                     "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                     "00 00 00 00 00 00 00 0a ff ff ff ff ff ff ff ff"
                     "ff ff ff ff 00 00 00 00"
                     "00 01 00 04 00 00 00 00"
                     "00 04 00 18 00 00 00 00"
                     "00 00 00 10 ff ff ff f9 00 00 00 00 00 00 00 00",
                     OFPERR_OFPBAC_BAD_OUT_PORT);
}

/* ---- Independent vectors ---- */

static void
test_vectors(void)
{
    char *text;

    /* Ryu, ryu/tests/packet_data/of13/4-1-ofp_packet_out.packet: an ICMP
     * echo request from CONTROLLER to ALL. */
    text = check_vector(
        "04 0d 00 8a 00 00 00 00 ff ff ff ff ff ff ff fd"
        "00 10 00 00 00 00 00 00 00 00 00 10 ff ff ff fc"
        "ff ff 00 00 00 00 00 00 f2 0b a4 d0 3f 70 f2 0b"
        "a4 7d f8 ea 08 00 45 00 00 54 f8 1a 00 00 ff 01"
        "af 8b 0a 00 00 01 0a 00 00 02 08 00 02 08 f7 60"
        "00 00 31 d6 02 00 00 00 00 00 ab 8d 2d 31 00 00"
        "00 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d"
        "1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d"
        "2e 2f 00 00 00 00 00 00 00 00");
    expect_contains(text, "in_port=CONTROLLER buffer_id=none actions=");
    expect_contains(text, "ALL");
    expect_contains(text, "data_len=98 eth_src=f2:0b:a4:7d:f8:ea "
                    "eth_dst=f2:0b:a4:d0:3f:70 eth_type=0x0800 "
                    "ipv4_src=10.0.0.1 ipv4_dst=10.0.0.2 ip_proto=1");
    free(text);

    /* loxigen, test_data/of13/packet_out.data: buffered, with data,
     * output:2 max_len 0xffff and dec_nw_ttl. */
    text = check_vector(
        "04 0d 00 33 12 34 56 78 00 00 00 64 00 00 00 04"
        "00 18 00 00 00 00 00 00 00 00 00 10 00 00 00 02"
        "ff ff 00 00 00 00 00 00 00 18 00 08 00 00 00 00"
        "61 62 63");
    expect_contains(text, "in_port=4 buffer_id=0x64 actions=");
    expect_contains(text, "dec_ttl data_len=3");
    free(text);

    /* Ryu, 4-4-ofp_packet_in.packet: an ARP request, with a match of
     * every field it had. */
    text = check_vector(
        "04 0a 00 94 00 00 00 00 00 00 00 02 00 2a 01 01"
        "00 01 02 03 00 00 00 00 00 01 00 50 80 00 00 04"
        "00 00 00 06 80 00 0a 02 08 06 80 00 06 06 ff ff"
        "ff ff ff ff 80 00 08 06 f2 0b a4 7d f8 ea 80 00"
        "2a 02 00 01 80 00 2c 04 0a 00 00 01 80 00 2e 04"
        "0a 00 00 03 80 00 30 06 f2 0b a4 7d f8 ea 80 00"
        "32 06 00 00 00 00 00 00 00 00 ff ff ff ff ff ff"
        "f2 0b a4 7d f8 ea 08 06 00 01 08 00 06 04 00 01"
        "f2 0b a4 7d f8 ea 0a 00 00 01 00 00 00 00 00 00"
        "0a 00 00 03");
    expect_contains(text, "in_port=6 reason=ACTION table=1 "
                    "cookie=0x1020300000000 buffer_id=0x2 total_len=42 "
                    "data_len=42 eth_src=f2:0b:a4:7d:f8:ea "
                    "eth_dst=ff:ff:ff:ff:ff:ff eth_type=0x0806 arp_op=1 "
                    "arp_spa=10.0.0.1 arp_tpa=10.0.0.3 match=");
    expect_contains(text, "arp_tpa=10.0.0.3");
    free(text);

    /* Ryu, libofproto-OFP13-packet_in.packet: a table miss with tunnel
     * metadata (tunnel_id and Open vSwitch's tun_src/tun_dst). */
    text = check_vector(
        "04 0a 00 46 00 00 00 00 00 00 00 c8 03 e8 00 64"
        "00 00 00 00 00 00 00 00 00 01 00 28 80 00 00 04"
        "00 00 ab cd 80 00 4c 08 00 00 00 00 00 00 c3 50"
        "00 01 3e 04 c0 a8 02 03 00 01 40 04 c0 a8 02 04"
        "00 00 68 6f 67 65");
    expect_contains(text, "in_port=43981 reason=NO_MATCH table=100 "
                    "cookie=0x0 buffer_id=0xc8 total_len=1000 data_len=4 "
                    "match=");
    expect_contains(text, "tunnel_id=0xc350");
    free(text);
}

/* ---- The ovs-ofctl syntax ---- */

static void
test_parse(void)
{
    struct of_msg msg;
    struct of_packet_out *po = &msg.u.packet_out;
    char *error, *text;

    of_msg_init(&msg, OFPT_PACKET_OUT, 1);
    error = of_packet_out_parse(po, "in_port=1,actions=set_field:10.0.0.9->"
                                "ipv4_dst,output:3,packet=ffffffffffff"
                                "f20ba47df8ea0806", &msg.arena);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    CU_ASSERT_EQUAL(po->in_port, 1);
    CU_ASSERT_EQUAL(po->buffer_id, OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(po->n_actions, 2);
    CU_ASSERT_EQUAL(po->len, 14);
    if (po->len == 14) {
        CU_ASSERT_EQUAL(po->data[0], 0xff);
        CU_ASSERT_EQUAL(po->data[6], 0xf2);
        CU_ASSERT_EQUAL(po->data[13], 0x06);
    }
    text = unit_round_trip(&msg);
    expect_contains(text, "in_port=1 buffer_id=none "
                    "actions=set_field:10.0.0.9->ipv4_dst,output:3 "
                    "data_len=14 eth_src=f2:0b:a4:7d:f8:ea "
                    "eth_dst=ff:ff:ff:ff:ff:ff eth_type=0x0806");
    free(text);
    of_msg_uninit(&msg);

    /* Names for in_port; the packet before the actions; spaces. */
    of_msg_init(&msg, OFPT_PACKET_OUT, 1);
    error = of_packet_out_parse(po, "packet=00AAbb in_port=LOCAL "
                                "actions=output:TABLE", &msg.arena);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    CU_ASSERT_EQUAL(po->in_port, OFPP_LOCAL);
    CU_ASSERT_EQUAL(po->n_actions, 1);
    CU_ASSERT_EQUAL(po->len, 3);
    if (po->len == 3) {
        CU_ASSERT_EQUAL(po->data[1], 0xaa);
        CU_ASSERT_EQUAL(po->data[2], 0xbb);
    }
    free(unit_round_trip(&msg));
    of_msg_uninit(&msg);

    /* Defaults: from CONTROLLER, unbuffered, nothing; a buffer. */
    of_msg_init(&msg, OFPT_PACKET_OUT, 1);
    error = of_packet_out_parse(po, "buffer_id=5,actions=drop", &msg.arena);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    CU_ASSERT_EQUAL(po->in_port, OFPP_CONTROLLER);
    CU_ASSERT_EQUAL(po->buffer_id, 5);
    CU_ASSERT_EQUAL(po->n_actions, 0);
    CU_ASSERT_EQUAL(po->len, 0);
    of_msg_uninit(&msg);
}

static void
test_parse_errors(void)
{
    static const struct {
        const char *text;
        const char *message;    /* Exact, or NULL. */
        const char *needle;     /* Must appear in the message. */
    } cases[] = {
        { "bogus=1", "unknown field 'bogus'", NULL },
        { "in_port=1,frob", "unknown field 'frob'", NULL },
        { "in_port=eth0", NULL, "eth0" },
        { "in_port", "in_port: missing value", NULL },
        { "in_port=ANY", NULL, "'ANY'" },
        { "in_port=0", NULL, "'0'" },
        { "in_port=TABLE", NULL, "'TABLE'" },
        { "buffer_id=x", "buffer_id: 'x' is not a number", NULL },
        { "packet=abc", NULL, "'abc'" },
        { "packet=zz", "packet: 'zz' is not hexadecimal", NULL },
        { "packet", "packet: missing value", NULL },
        { "actions=frob,packet=00", NULL, "frob" },
        { "actions", "actions: missing value", NULL },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct arena arena = ARENA_INITIALIZER;
        struct of_packet_out po;
        char *error = of_packet_out_parse(&po, cases[i].text, &arena);

        if (!error) {
            fprintf(stderr, "\n'%s' parsed\n", cases[i].text);
            CU_FAIL("parse error expected");
        } else if (cases[i].message) {
            if (strcmp(error, cases[i].message)) {
                fprintf(stderr, "\n'%s': got '%s'\n", cases[i].text, error);
            }
            CU_ASSERT_STRING_EQUAL(error, cases[i].message);
        } else {
            expect_contains(error, cases[i].needle);
        }
        free(error);
        arena_destroy(&arena);
    }
}

static CU_TestInfo tests[] = {
    { "packet_in round trip", test_packet_in_round_trip },
    { "packet_in errors", test_packet_in_errors },
    { "packet_out round trip", test_packet_out_round_trip },
    { "packet_out in_port", test_packet_out_in_port },
    { "packet_out errors", test_packet_out_errors },
    { "independent vectors", test_vectors },
    { "parse", test_parse },
    { "parse errors", test_parse_errors },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("ofp-packet", tests)
