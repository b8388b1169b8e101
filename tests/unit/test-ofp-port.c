#include "ofproto/ofp-port.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

/* Round-trips 'msg' and asserts that its text contains 'expect'. */
static void
round_trip_text(const struct of_msg *msg, const char *expect)
{
    char *text = unit_round_trip(msg);

    CU_ASSERT_PTR_NOT_NULL(strstr(text, expect));
    if (!strstr(text, expect)) {
        fprintf(stderr, "\nexpected '%s' in:\n%s\n", expect, text);
    }
    free(text);
}

/* Decodes the message written in 'hex' into 'msg' (which the caller must
 * uninit) and asserts that it decodes and re-encodes to the same bytes. */
static void
decode_reencode(const char *hex, struct of_msg *msg)
{
    struct ofpbuf in = OFPBUF_INITIALIZER, out = OFPBUF_INITIALIZER;
    enum ofperr error;

    unit_hex(&in, hex);
    error = of_msg_decode(msg, in.data, in.size);
    CU_ASSERT_EQUAL(error, 0);
    if (error) {
        fprintf(stderr, "\ndecode failed: %s\n", ofperr_name(error));
    } else {
        CU_ASSERT_TRUE(of_msg_encode(msg, &out));
        CU_ASSERT_EQUAL(out.size, in.size);
        CU_ASSERT_TRUE(out.size == in.size
                       && !memcmp(out.data, in.data, in.size));
    }
    ofpbuf_uninit(&in);
    ofpbuf_uninit(&out);
}

/* Asserts that the message in 'hex' (its length field is fixed up) fails
 * to decode with 'EXPECTED' (0: decodes). */
#define EXPECT_HEX_ERROR(HEX, EXPECTED)                                   \
    do {                                                                  \
        struct ofpbuf b_ = OFPBUF_INITIALIZER;                            \
                                                                          \
        unit_hex(&b_, HEX);                                               \
        unit_fix_length(&b_);                                             \
        unit_expect_error(b_.data, b_.size, EXPECTED);                    \
        ofpbuf_uninit(&b_);                                               \
    } while (0)

static void
assert_text(const struct of_msg *msg, const char *expect)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    of_msg_format(msg, &s);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), expect));
    if (!strstr(ds_cstr(&s), expect)) {
        fprintf(stderr, "\nexpected '%s' in:\n%s\n", expect, ds_cstr(&s));
    }
    ds_destroy(&s);
}

/* The 64-byte struct ofp_port of loxigen test_data/of13/port_status.data:
 * port 4 "foo", hw_addr 01:02:03:04:05:06, config NO_RECV|NO_FWD, state
 * BLOCKED, curr 10MB-HD, advertised 10MB-FD, supported 100MB-HD, peer
 * 100MB-FD, speeds 10 and 20 kbps. */
#define LOXI_PORT                                                         \
    "00000004 00000000 010203040506 0000"                                 \
    "666f6f0000000000 0000000000000000"                                   \
    "00000024 00000002 00000001 00000002 00000004 00000008"               \
    "0000000a 00000014"

static void
init_port(struct of_port *p, uint32_t port_no, const char *name)
{
    static const uint8_t mac[OFP_ETH_ALEN] = { 0x50, 0x54, 0, 0, 0, 1 };

    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    memcpy(p->hw_addr, mac, sizeof mac);
    strcpy(p->name, name);
    p->config = OFPPC_PORT_DOWN;
    p->state = OFPPS_LINK_DOWN;
    p->curr = OFPPF_10GB_FD | OFPPF_COPPER;
    p->advertised = OFPPF_1GB_FD | OFPPF_AUTONEG;
    p->supported = OFPPF_1GB_FD | OFPPF_10GB_FD;
    p->curr_speed = 10000000;
    p->max_speed = 10000000;
}

/* ---- PORT_STATUS and struct ofp_port ---- */

static void
test_port_status(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_PORT_STATUS, 0);
    msg.u.port_status.reason = OFPPR_ADD;
    init_port(&msg.u.port_status.desc, 1, "eth0");
    round_trip_text(&msg, "ADD: 1(eth0): addr:50:54:00:00:00:01, "
                    "config: PORT_DOWN, state: LINK_DOWN, "
                    "current: 10GB-FD COPPER, advertised: 1GB-FD AUTO_NEG, "
                    "supported: 1GB-FD 10GB-FD, "
                    "speed: 10000 Mbps now, 10000 Mbps max");
    msg.u.port_status.reason = OFPPR_DELETE;
    msg.u.port_status.desc.port_no = OFPP_LOCAL;
    round_trip_text(&msg, "DELETE: LOCAL(eth0)");
    msg.u.port_status.reason = 9;
    round_trip_text(&msg, "reason=9: LOCAL(eth0)");
    of_msg_uninit(&msg);

    /* A name of all 16 bytes has no NUL on the wire. */
    of_msg_init(&msg, OFPT_PORT_STATUS, 0);
    msg.u.port_status.reason = OFPPR_MODIFY;
    init_port(&msg.u.port_status.desc, 2, "abcdefghijklmnop");
    msg.u.port_status.desc.config = 0;
    msg.u.port_status.desc.state = OFPPS_LIVE | (1u << 7);
    msg.u.port_status.desc.peer = 1u << 20;
    round_trip_text(&msg, "MODIFY: 2(abcdefghijklmnop): ");
    round_trip_text(&msg, "config: 0, state: LIVE 0x80");
    round_trip_text(&msg, "peer: 0x100000");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/port_status.data. */
    decode_reencode("04 0c 00 50 12345678 02 00000000000000" LOXI_PORT,
                    &msg);
    CU_ASSERT_EQUAL(msg.u.port_status.reason, OFPPR_MODIFY);
    CU_ASSERT_EQUAL(msg.u.port_status.desc.port_no, 4);
    CU_ASSERT_STRING_EQUAL(msg.u.port_status.desc.name, "foo");
    CU_ASSERT_EQUAL(msg.u.port_status.desc.hw_addr[5], 6);
    CU_ASSERT_EQUAL(msg.u.port_status.desc.config,
                    OFPPC_NO_RECV | OFPPC_NO_FWD);
    CU_ASSERT_EQUAL(msg.u.port_status.desc.max_speed, 20);
    assert_text(&msg, "MODIFY: 4(foo): addr:01:02:03:04:05:06, "
                "config: NO_RECV NO_FWD, state: BLOCKED, current: 10MB-HD, "
                "advertised: 10MB-FD, supported: 100MB-HD, "
                "peer: 100MB-FD, speed: 0 Mbps now, 0 Mbps max");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_PORT_STATUS - OF1.1" (the
     * OpenFlow 1.1 body is the 1.3 one). */
    decode_reencode("04 0c 00 50 00 00 00 00 02 00 00 00 00 00 00 00"
                    "00 00 00 03 00 00 00 00 50 54 00 00 00 01 00 00"
                    "65 74 68 30 00 00 00 00 00 00 00 00 00 00 00 00"
                    "00 00 00 00 00 00 00 00 00 00 20 08 00 00 28 0f"
                    "00 00 28 0f 00 00 00 00 00 01 86 a0 00 01 86 a0",
                    &msg);
    assert_text(&msg, "MODIFY: 3(eth0): addr:50:54:00:00:00:01, "
                "config: 0, state: 0, current: 100MB-FD AUTO_NEG, "
                "advertised: 10MB-HD 10MB-FD 100MB-HD 100MB-FD COPPER "
                "AUTO_NEG");
    assert_text(&msg, "speed: 100 Mbps now, 100 Mbps max");
    of_msg_uninit(&msg);

    /* One byte short of the port, one byte too many. */
    EXPECT_HEX_ERROR("04 0c 00 00 12345678 02 00000000000000" LOXI_PORT,
                     0);
    EXPECT_HEX_ERROR("04 0c 00 00 12345678 02 00000000000000"
                     "00000004 00000000 010203040506 0000",
                     OFPERR_OFPBRC_BAD_LEN);
    {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, "04 0c 00 00 12345678 02 00000000000000" LOXI_PORT);
        b.size--;
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_put_zeros(&b, 2);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }
    EXPECT_HEX_ERROR("04 0c 00 00 12345678 02", OFPERR_OFPBRC_BAD_LEN);
}

/* ---- PORT_MOD ---- */

static void
test_port_mod(void)
{
    static const uint8_t mac[OFP_ETH_ALEN] = { 0xaa, 0xbb, 0xcc, 0, 1, 2 };
    struct of_msg msg;

    of_msg_init(&msg, OFPT_PORT_MOD, 1);
    msg.u.port_mod.port_no = 5;
    memcpy(msg.u.port_mod.hw_addr, mac, sizeof mac);
    msg.u.port_mod.config = OFPPC_NO_FWD;
    msg.u.port_mod.mask = OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    msg.u.port_mod.advertise = OFPPF_1GB_FD | OFPPF_PAUSE_ASYM;
    round_trip_text(&msg, "port: 5: addr:aa:bb:cc:00:01:02, config: NO_FWD, "
                    "mask: NO_FWD NO_PACKET_IN, "
                    "advertise: 1GB-FD PAUSE_ASYM");
    msg.u.port_mod.port_no = OFPP_LOCAL;
    round_trip_text(&msg, "port: LOCAL:");
    msg.u.port_mod.port_no = OFPP_MAX;
    msg.u.port_mod.advertise = 0;
    round_trip_text(&msg, "advertise: UNCHANGED");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_PORT_MOD - OF1.3". */
    decode_reencode("04 10 00 28 00 00 00 03 00 00 00 03 00 00 00 00"
                    "50 54 00 00 00 01 00 00 00 00 00 01 00 00 00 01"
                    "00 00 00 00 00 00 00 00", &msg);
    CU_ASSERT_EQUAL(msg.u.port_mod.port_no, 3);
    CU_ASSERT_EQUAL(msg.u.port_mod.config, OFPPC_PORT_DOWN);
    CU_ASSERT_EQUAL(msg.u.port_mod.mask, OFPPC_PORT_DOWN);
    assert_text(&msg, "port: 3: addr:50:54:00:00:00:01, config: PORT_DOWN, "
                "mask: PORT_DOWN, advertise: UNCHANGED");
    of_msg_uninit(&msg);

#define PORT_MOD(PORT, CONFIG, MASK, ADVERTISE)                           \
    "04 10 00 00 00000001 " PORT " 00000000 505400000001 0000 "           \
    CONFIG " " MASK " " ADVERTISE " 00000000"

    /* Numbers that can name no port (A.2.1). */
    EXPECT_HEX_ERROR(PORT_MOD("00000000", "00000000", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_PORT);
    EXPECT_HEX_ERROR(PORT_MOD("ffffffff", "00000000", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_PORT);
    EXPECT_HEX_ERROR(PORT_MOD("fffffffd", "00000000", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_PORT);
    EXPECT_HEX_ERROR(PORT_MOD("fffffffb", "00000000", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_PORT);
    EXPECT_HEX_ERROR(PORT_MOD("ffffff01", "00000000", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_PORT);
    EXPECT_HEX_ERROR(PORT_MOD("fffffffe", "00000000", "00000000",
                              "00000000"), 0);
    EXPECT_HEX_ERROR(PORT_MOD("ffffff00", "00000000", "00000000",
                              "00000000"), 0);

    /* Config and mask bits A.2.1 does not define. */
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000002", "00000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_CONFIG);
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000000", "00000008",
                              "00000000"), OFPERR_OFPPMFC_BAD_CONFIG);
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "80000000", "80000000",
                              "00000000"), OFPERR_OFPPMFC_BAD_CONFIG);
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000065", "00000065",
                              "00000000"), 0);

    /* Advertise bits outside OFPPF_*. */
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000000", "00000000",
                              "00010000"), OFPERR_OFPPMFC_BAD_ADVERTISE);
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000000", "00000000",
                              "0000ffff"), 0);

    /* Wrong lengths. */
    EXPECT_HEX_ERROR("04 10 00 00 00000001 00000001 00000000 505400000001"
                     "0000 00000000 00000000 00000000 000000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR(PORT_MOD("00000001", "00000000", "00000000",
                              "00000000") "00", OFPERR_OFPBRC_BAD_LEN);
#undef PORT_MOD
}

/* ---- OFPMP_PORT_STATS ---- */

static void
test_port_stats(void)
{
    struct of_port_stats stats[2];
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 1);
    msg.u.mp_request.type = OFPMP_PORT_STATS;
    msg.u.mp_request.port_stats.port_no = OFPP_ANY;
    round_trip_text(&msg, "OFPMP_PORT_STATS port_no=ANY");
    msg.u.mp_request.port_stats.port_no = 7;
    round_trip_text(&msg, "port_no=7");
    of_msg_uninit(&msg);

    memset(stats, 0, sizeof stats);
    stats[0].port_no = 1;
    stats[0].rx_packets = 10;
    stats[0].tx_bytes = 2000;
    stats[0].collisions = UINT64_MAX;
    stats[0].duration_sec = 5;
    stats[0].duration_nsec = 250000000;
    stats[1].port_no = OFPP_LOCAL;
    stats[1].rx_crc_err = 3;
    stats[1].duration_sec = UINT32_MAX;
    stats[1].duration_nsec = UINT32_MAX;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 1);
    msg.u.mp_reply.type = OFPMP_PORT_STATS;
    msg.u.mp_reply.port_stats.stats = stats;
    msg.u.mp_reply.port_stats.n = 2;
    round_trip_text(&msg, "2 ports\n  port 1: rx pkts=10, bytes=0, drop=0, "
                    "errs=0, frame=0, over=0, crc=0; tx pkts=0, bytes=2000, "
                    "drop=0, errs=0, coll=?; duration=5.250s");
    round_trip_text(&msg, "port LOCAL: rx pkts=0");
    round_trip_text(&msg, "crc=3; tx");
    round_trip_text(&msg, "duration=?");
    msg.u.mp_reply.port_stats.n = 0;
    round_trip_text(&msg, "0 ports");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPST_PORT request - 1.3" and
     * "OFPST_PORT reply - OF1.3". */
    decode_reencode("04 12 00 18 00 00 00 02 00 04 00 00 00 00 00 00"
                    "ff ff ff ff 00 00 00 00", &msg);
    assert_text(&msg, "port_no=ANY");
    of_msg_uninit(&msg);
    decode_reencode(
        "04 13 01 60 00 00 00 02 00 04 00 00 00 00 00 00"
        "00 00 00 02 00 00 00 00 00 00 00 00 00 01 95 56"
        "00 00 00 00 00 00 00 88 00 00 00 00 02 5d 08 98"
        "00 00 00 00 00 00 2c f8 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 01 00 0f 42 40"
        "ff ff ff fe 00 00 00 00"
        "00 00 00 00 00 00 00 44 00 00 00 00 00 00 9d 2c"
        "00 00 00 00 00 00 16 7c 00 00 00 00 01 1e 36 44"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "ff ff ff ff ff ff ff ff"
        "00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 44"
        "00 00 00 00 00 00 9d 2c 00 00 00 00 00 00 16 7c"
        "00 00 00 00 01 1e 36 44 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 07 54 d4 c0", &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.port_stats.n, 3);
    if (msg.u.mp_reply.port_stats.n == 3) {
        const struct of_port_stats *ps = msg.u.mp_reply.port_stats.stats;

        CU_ASSERT_EQUAL(ps[0].port_no, 2);
        CU_ASSERT_EQUAL(ps[0].rx_packets, 103766);
        CU_ASSERT_EQUAL(ps[0].rx_bytes, 39651480);
        CU_ASSERT_EQUAL(ps[1].port_no, OFPP_LOCAL);
        CU_ASSERT_EQUAL(ps[2].duration_nsec, 123000000);
    }
    assert_text(&msg, "3 ports\n  port 2: rx pkts=103766, bytes=39651480, "
                "drop=0, errs=0, frame=0, over=0, crc=0; tx pkts=136, "
                "bytes=11512, drop=0, errs=0, coll=0; duration=1.001s");
    assert_text(&msg, "port LOCAL: rx pkts=68, bytes=5756");
    assert_text(&msg, "duration=0.123s");
    of_msg_uninit(&msg);

    /* Request of the wrong size; reply not a multiple of 112 bytes. */
    EXPECT_HEX_ERROR("04 12 00 00 00000001 0004 0000 00000000 ffffffff",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 12 00 00 00000001 0004 0000 00000000 ffffffff"
                     "00000000 00", OFPERR_OFPBRC_BAD_LEN);
    {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, "04 13 00 00 00000001 0004 0000 00000000");
        ofpbuf_put_zeros(&b, 112 + 111);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_put_zeros(&b, 1);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, 0);
        ofpbuf_put_zeros(&b, 8);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }
}

/* ---- OFPMP_PORT_DESC ---- */

static void
test_port_desc(void)
{
    struct of_port ports[3];
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 1);
    msg.u.mp_request.type = OFPMP_PORT_DESC;
    round_trip_text(&msg, "OFPMP_PORT_DESC");
    of_msg_uninit(&msg);

    init_port(&ports[0], 1, "eth0");
    init_port(&ports[1], 2, "eth1");
    init_port(&ports[2], OFPP_LOCAL, "br0");
    ports[2].config = 0;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 1);
    msg.u.mp_reply.type = OFPMP_PORT_DESC;
    msg.u.mp_reply.port_desc.ports = ports;
    msg.u.mp_reply.port_desc.n = 3;
    round_trip_text(&msg, "3 ports\n  1(eth0): addr:50:54:00:00:00:01, "
                    "config: PORT_DOWN");
    round_trip_text(&msg, "\n  2(eth1): ");
    round_trip_text(&msg, "\n  LOCAL(br0): addr:50:54:00:00:00:01, "
                    "config: 0, state: LINK_DOWN");
    msg.u.mp_reply.port_desc.n = 0;
    round_trip_text(&msg, "0 ports");
    of_msg_uninit(&msg);

    /* Two copies of loxigen's port from port_status.data. */
    decode_reencode("04 13 00 90 00000003 000d 0000 00000000"
                    LOXI_PORT LOXI_PORT, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.port_desc.n, 2);
    assert_text(&msg, "2 ports\n  4(foo): addr:01:02:03:04:05:06");
    of_msg_uninit(&msg);

    /* Not a multiple of 64 bytes. */
    EXPECT_HEX_ERROR("04 13 00 00 00000003 000d 0000 00000000"
                     LOXI_PORT "00", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 13 00 00 00000003 000d 0000 00000000"
                     "00000004 00000000", OFPERR_OFPBRC_BAD_LEN);
    /* The request has no body. */
    EXPECT_HEX_ERROR("04 12 00 00 00000003 000d 0000 00000000 00000000",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- OFPMP_QUEUE ---- */

static void
test_queue_stats(void)
{
    struct of_queue_stats stats[2];
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 1);
    msg.u.mp_request.type = OFPMP_QUEUE;
    msg.u.mp_request.queue.port_no = OFPP_ANY;
    msg.u.mp_request.queue.queue_id = OFPQ_ALL;
    round_trip_text(&msg, "OFPMP_QUEUE port=ANY queue=ALL");
    msg.u.mp_request.queue.port_no = 3;
    msg.u.mp_request.queue.queue_id = 1;
    round_trip_text(&msg, "port=3 queue=1");
    of_msg_uninit(&msg);

    memset(stats, 0, sizeof stats);
    stats[0].port_no = 3;
    stats[0].queue_id = 1;
    stats[0].tx_bytes = 302;
    stats[0].tx_packets = 1;
    stats[0].duration_sec = 100;
    stats[0].duration_nsec = 500000000;
    stats[1].port_no = 2;
    stats[1].queue_id = 7;
    stats[1].tx_errors = UINT64_MAX;
    stats[1].duration_sec = UINT32_MAX;
    stats[1].duration_nsec = UINT32_MAX;
    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 1);
    msg.u.mp_reply.type = OFPMP_QUEUE;
    msg.u.mp_reply.queue.stats = stats;
    msg.u.mp_reply.queue.n = 2;
    round_trip_text(&msg, "2 queues\n  port 3 queue 1: bytes=302, pkts=1, "
                    "errors=0, duration=100.500s\n  port 2 queue 7: "
                    "bytes=0, pkts=0, errors=?, duration=?");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPST_QUEUE request - OF1.3" and
     * "OFPST_QUEUE reply - OF1.3". */
    decode_reencode("04 12 00 18 00 00 00 02 00 05 00 00 00 00 00 00"
                    "ff ff ff ff ff ff ff ff", &msg);
    assert_text(&msg, "port=ANY queue=ALL");
    of_msg_uninit(&msg);
    decode_reencode(
        "04 13 01 00 00 00 00 01 00 05 00 00 00 00 00 00"
        "00 00 00 03 00 00 00 01 00 00 00 00 00 00 01 2e"
        "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00"
        "00 00 00 64 1d cd 65 00"
        "00 00 00 03 00 00 00 02 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 64 1d cd 65 00"
        "00 00 00 02 00 00 00 01 00 00 00 00 00 00 08 34"
        "00 00 00 00 00 00 00 14 00 00 00 00 00 00 00 00"
        "00 00 00 64 1d cd 65 00"
        "00 00 00 02 00 00 00 02 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 64 1d cd 65 00"
        "00 00 00 01 00 00 00 01 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 64 1d cd 65 00"
        "00 00 00 01 00 00 00 02 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "ff ff ff ff ff ff ff ff", &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.queue.n, 6);
    assert_text(&msg, "6 queues\n  port 3 queue 1: bytes=302, pkts=1, "
                "errors=0, duration=100.500s");
    assert_text(&msg, "port 2 queue 1: bytes=2100, pkts=20");
    assert_text(&msg, "port 1 queue 2: bytes=0, pkts=0, errors=0, "
                "duration=?");
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 12 00 00 00000001 0005 0000 00000000 ffffffff",
                     OFPERR_OFPBRC_BAD_LEN);
    {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, "04 13 00 00 00000001 0005 0000 00000000");
        ofpbuf_put_zeros(&b, 41);
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        b.size -= 2;
        unit_fix_length(&b);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }
}

/* ---- QUEUE_GET_CONFIG_REQUEST and _REPLY ---- */

static void
test_queue_get_config_request(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_QUEUE_GET_CONFIG_REQUEST, 1);
    msg.u.queue_get_config_request.port = 1;
    round_trip_text(&msg, "port=1");
    msg.u.queue_get_config_request.port = OFPP_ANY;
    round_trip_text(&msg, "port=ANY");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_QUEUE_GET_CONFIG_REQUEST -
     * OF1.2", as OpenFlow 1.3. */
    decode_reencode("04 16 00 10 00 00 00 01 00 00 00 01 00 00 00 00",
                    &msg);
    CU_ASSERT_EQUAL(msg.u.queue_get_config_request.port, 1);
    of_msg_uninit(&msg);

    /* 7.3.6: a physical port (<= OFPP_MAX) or OFPP_ANY. */
    EXPECT_HEX_ERROR("04 16 00 00 00000001 00000000 00000000",
                     OFPERR_OFPQOFC_BAD_PORT);
    EXPECT_HEX_ERROR("04 16 00 00 00000001 fffffffd 00000000",
                     OFPERR_OFPQOFC_BAD_PORT);
    EXPECT_HEX_ERROR("04 16 00 00 00000001 fffffffe 00000000",
                     OFPERR_OFPQOFC_BAD_PORT);
    EXPECT_HEX_ERROR("04 16 00 00 00000001 ffffff00 00000000", 0);
    EXPECT_HEX_ERROR("04 16 00 00 00000001 00000001 000000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 16 00 00 00000001 00000001 00000000 00",
                     OFPERR_OFPBRC_BAD_LEN);
}

static void
test_queue_get_config_reply(void)
{
    static const uint8_t exp_data[] = { 0xde, 0xad, 0xbe };
    struct of_queue_prop props[3];
    struct of_packet_queue queues[3];
    struct of_msg msg;

    memset(props, 0, sizeof props);
    props[0].type = OFPQT_MIN_RATE;
    props[0].rate = 500;
    props[1].type = OFPQT_MAX_RATE;
    props[1].rate = 1001;
    props[2].type = OFPQT_EXPERIMENTER;
    props[2].experimenter.experimenter = 0x2320;
    props[2].experimenter.data = exp_data;
    props[2].experimenter.len = sizeof exp_data;
    memset(queues, 0, sizeof queues);
    queues[0].queue_id = 1;
    queues[0].port = 1;
    queues[0].props = props;
    queues[0].n_props = 2;
    queues[1].queue_id = 2;
    queues[1].port = 1;
    queues[2].queue_id = 3;
    queues[2].port = 4;
    queues[2].props = &props[2];
    queues[2].n_props = 1;

    of_msg_init(&msg, OFPT_QUEUE_GET_CONFIG_REPLY, 1);
    msg.u.queue_get_config_reply.port = 1;
    msg.u.queue_get_config_reply.queues = queues;
    msg.u.queue_get_config_reply.n = 3;
    round_trip_text(&msg, "port=1\n  queue 1: min_rate:50.0% "
                    "max_rate:disabled\n  queue 2:\n  queue 3: port=4 "
                    "experimenter:0x00002320(deadbe)");
    msg.u.queue_get_config_reply.n = 0;
    round_trip_text(&msg, "port=1");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_QUEUE_GET_CONFIG_REPLY -
     * OF1.3". */
    decode_reencode("04 17 00 50 00 00 00 01"
                    "00 00 00 01 00 00 00 00"
                    "00 00 55 55 00 00 00 01 00 30 00 00 00 00 00 00"
                    "00 01 00 10 00 00 00 00 01 f4 00 00 00 00 00 00"
                    "00 02 00 10 00 00 00 00 02 ee 00 00 00 00 00 00"
                    "00 00 44 44 00 08 00 01 00 10 00 00 00 00 00 00",
                    &msg);
    CU_ASSERT_EQUAL(msg.u.queue_get_config_reply.n, 2);
    if (msg.u.queue_get_config_reply.n == 2) {
        const struct of_packet_queue *q = msg.u.queue_get_config_reply.queues;

        CU_ASSERT_EQUAL(q[0].queue_id, 0x5555);
        CU_ASSERT_EQUAL(q[0].n_props, 2);
        CU_ASSERT_EQUAL(q[0].props[0].type, OFPQT_MIN_RATE);
        CU_ASSERT_EQUAL(q[0].props[0].rate, 500);
        CU_ASSERT_EQUAL(q[0].props[1].rate, 750);
        CU_ASSERT_EQUAL(q[1].queue_id, 0x4444);
        CU_ASSERT_EQUAL(q[1].n_props, 0);
    }
    assert_text(&msg, "port=1\n  queue 21845: min_rate:50.0% "
                "max_rate:75.0%\n  queue 17476: port=524289");
    of_msg_uninit(&msg);

    /* An experimenter property with data. */
    decode_reencode("04 17 00 33 00000001 00000001 00000000"
                    "00000009 00000001 0023 000000000000"
                    "ffff 0013 00000000 00002320 00000000 616263", &msg);
    if (msg.u.queue_get_config_reply.n == 1
        && msg.u.queue_get_config_reply.queues[0].n_props == 1) {
        const struct of_queue_prop *p
            = &msg.u.queue_get_config_reply.queues[0].props[0];

        CU_ASSERT_EQUAL(p->type, OFPQT_EXPERIMENTER);
        CU_ASSERT_EQUAL(p->experimenter.experimenter, 0x2320);
        CU_ASSERT_EQUAL(p->experimenter.len, 3);
    } else {
        CU_FAIL("one queue with one property");
    }
    of_msg_uninit(&msg);

    /* A property type 1.3 does not define is skipped (and not
     * re-encoded). */
    {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        unit_hex(&b, "04 17 00 40 00000001 00000001 00000000"
                 "00000009 00000001 0030 000000000000"
                 "0003 0010 00000000 0102030405060708"
                 "0001 0010 00000000 0064 000000000000");
        CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
        CU_ASSERT_EQUAL(msg.u.queue_get_config_reply.n, 1);
        if (msg.u.queue_get_config_reply.n == 1) {
            const struct of_packet_queue *q
                = msg.u.queue_get_config_reply.queues;

            CU_ASSERT_EQUAL(q->n_props, 1);
            CU_ASSERT_EQUAL(q->props[0].type, OFPQT_MIN_RATE);
            CU_ASSERT_EQUAL(q->props[0].rate, 100);
        }
        of_msg_uninit(&msg);
        ofpbuf_uninit(&b);
    }
}

static void
test_queue_get_config_lengths(void)
{
    /* Body shorter than port + pad. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Truncated queue header. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0010 0000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Queue length below its header. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0008 000000000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Queue length beyond the message. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0030 000000000000"
                     "0001 0010 00000000 0064 000000000000 00",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Queue length that ends inside a property header. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0014 000000000000"
                     "0001 0010 00000000 0064 000000000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Property length below its header. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0018 000000000000"
                     "0003 0004 00000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Property length beyond its queue (but inside the message). */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0018 000000000000"
                     "0001 0010 00000000"
                     "00000008 00000001 0010 000000000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Rate properties that are not 16 bytes. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0018 000000000000"
                     "0001 0008 00000000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0028 000000000000"
                     "0002 0018 00000000 0064 000000000000 0000000000000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Experimenter property shorter than its fixed part. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 001c 000000000000"
                     "ffff 000c 00000000 00002320",
                     OFPERR_OFPBRC_BAD_LEN);
    /* And the well-formed counterparts decode. */
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0020 000000000000"
                     "0002 0010 00000000 0064 000000000000", 0);
    EXPECT_HEX_ERROR("04 17 00 00 00000001 00000001 00000000"
                     "00000009 00000001 0010 000000000000", 0);
}

static CU_TestInfo tests[] = {
    { "port status", test_port_status },
    { "port mod", test_port_mod },
    { "port stats", test_port_stats },
    { "port desc", test_port_desc },
    { "queue stats", test_queue_stats },
    { "queue get config request", test_queue_get_config_request },
    { "queue get config reply", test_queue_get_config_reply },
    { "queue get config lengths", test_queue_get_config_lengths },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofp-port", tests);
