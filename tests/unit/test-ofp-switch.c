#include "ofproto/ofp-switch.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* ---- Helpers ---- */

/* Round-trips 'msg' and asserts that its text contains 'expect' (if
 * nonnull). */
static void
round_trip_text(const struct of_msg *msg, const char *expect)
{
    char *text = unit_round_trip(msg);

    if (expect) {
        CU_ASSERT_PTR_NOT_NULL(strstr(text, expect));
        if (!strstr(text, expect)) {
            fprintf(stderr, "\nexpected '%s' in:\n%s\n", expect, text);
        }
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
 * to decode with 'expected'. */
#define EXPECT_HEX_ERROR(HEX, EXPECTED)                                   \
    do {                                                                  \
        struct ofpbuf b_ = OFPBUF_INITIALIZER;                            \
                                                                          \
        unit_hex(&b_, HEX);                                               \
        unit_fix_length(&b_);                                             \
        unit_expect_error(b_.data, b_.size, EXPECTED);                    \
        ofpbuf_uninit(&b_);                                               \
    } while (0)

/* Asserts that formatting the decoded 'msg' gives text containing
 * 'expect'. */
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

/* ---- Messages without a body ---- */

static void
test_empty(void)
{
    static const uint8_t types[] = {
        OFPT_FEATURES_REQUEST, OFPT_GET_CONFIG_REQUEST, OFPT_BARRIER_REQUEST,
        OFPT_BARRIER_REPLY, OFPT_GET_ASYNC_REQUEST,
    };

    for (size_t i = 0; i < sizeof types; i++) {
        struct ofpbuf b = OFPBUF_INITIALIZER;
        struct of_msg msg;
        char *text;

        of_msg_init(&msg, types[i], 7);
        text = unit_round_trip(&msg);
        free(text);
        of_msg_uninit(&msg);

        /* One byte of body is one too many. */
        ofpbuf_put_u8(&b, OFP_VERSION);
        ofpbuf_put_u8(&b, types[i]);
        ofpbuf_put_be16(&b, 9);
        ofpbuf_put_be32(&b, 1);
        ofpbuf_put_u8(&b, 0);
        unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_uninit(&b);
    }

    /* The empty multipart request bodies, e.g. OFPMP_DESC. */
    EXPECT_HEX_ERROR("04 12 00 00 00000001 0000 0000 00000000 00",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- HELLO ---- */

static void
test_hello_round_trip(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_HELLO, 1);
    msg.u.hello.has_bitmap = true;
    msg.u.hello.n_bitmaps = 1;
    msg.u.hello.bitmaps[0] = (1u << 1) | (1u << 4);
    round_trip_text(&msg, "version bitmap: 0x01, 0x04");
    of_msg_uninit(&msg);

    /* Two words: 12 bytes of element, 4 of padding. */
    of_msg_init(&msg, OFPT_HELLO, 2);
    msg.u.hello.has_bitmap = true;
    msg.u.hello.n_bitmaps = 2;
    msg.u.hello.bitmaps[0] = 1u << 4;
    msg.u.hello.bitmaps[1] = 1u << 1;
    round_trip_text(&msg, "version bitmap: 0x04, 0x21");
    of_msg_uninit(&msg);

    /* No elements at all. */
    of_msg_init(&msg, OFPT_HELLO, 3);
    round_trip_text(&msg, "OFPT_HELLO");
    of_msg_uninit(&msg);

    /* What ofp-msgs sends, checked byte by byte. */
    {
        struct ofpbuf b = OFPBUF_INITIALIZER, want = OFPBUF_INITIALIZER;

        of_msg_encode_hello(5, &b);
        unit_hex(&want, "04 00 00 10 00000005 0001 0008 00000010");
        CU_ASSERT_EQUAL(b.size, want.size);
        CU_ASSERT_TRUE(b.size == want.size
                       && !memcmp(b.data, want.data, b.size));
        ofpbuf_uninit(&b);
        ofpbuf_uninit(&want);
    }
}

static void
test_hello_elements(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* An unknown element (type 0xffff, 6 bytes + 2 of padding) before the
     * bitmap is skipped. */
    unit_hex(&b, "04 00 00 18 00000001 ffff 0006 0102 0000"
             "0001 0008 00000010");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_TRUE(msg.u.hello.has_bitmap);
    CU_ASSERT_EQUAL(msg.u.hello.n_bitmaps, 1);
    CU_ASSERT_EQUAL(msg.u.hello.bitmaps[0], 0x10);
    CU_ASSERT_TRUE(of_hello_allows_13(&msg.u.hello, msg.version));
    of_msg_uninit(&msg);
    ofpbuf_clear(&b);

    /* The last element may leave out its padding. */
    unit_hex(&b, "04 00 00 14 00000001 0001 000c 00000010 00000001");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_EQUAL(msg.u.hello.n_bitmaps, 2);
    CU_ASSERT_EQUAL(msg.u.hello.bitmaps[1], 1);
    of_msg_uninit(&msg);
    ofpbuf_clear(&b);

    /* Only the first bitmap element counts. */
    unit_hex(&b, "04 00 00 18 00000001 0001 0008 00000010"
             "0001 0008 00000040");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_EQUAL(msg.u.hello.n_bitmaps, 1);
    CU_ASSERT_EQUAL(msg.u.hello.bitmaps[0], 0x10);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);

    /* Element length below its own header. */
    EXPECT_HEX_ERROR("04 00 00 00 00000001 0001 0003 00000000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 00 00 00 00000001 ffff 0000 00000000",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Element longer than the message. */
    EXPECT_HEX_ERROR("04 00 00 00 00000001 0001 0010 00000010",
                     OFPERR_OFPBRC_BAD_LEN);
    /* Truncated element header. */
    EXPECT_HEX_ERROR("04 00 00 00 00000001 0001", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 00 00 00 00000001 0001 0008 00000010 ff",
                     OFPERR_OFPBRC_BAD_LEN);
    /* A bitmap that is not a whole number of 32-bit words. */
    EXPECT_HEX_ERROR("04 00 00 00 00000001 0001 0006 0010 0000",
                     OFPERR_OFPBRC_BAD_LEN);
}

static void
test_hello_negotiation(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* An OpenFlow 1.0 peer: version 1, no elements.  The hello decodes
     * (any version may say hello) but does not allow 1.3. */
    unit_hex(&b, "01 00 00 08 00000001");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_EQUAL(msg.version, 1);
    CU_ASSERT_FALSE(msg.u.hello.has_bitmap);
    CU_ASSERT_FALSE(of_hello_allows_13(&msg.u.hello, msg.version));
    of_msg_uninit(&msg);
    ofpbuf_clear(&b);

    /* A 1.5 peer that only speaks 1.5 (bit 6). */
    unit_hex(&b, "06 00 00 10 00000001 0001 0008 00000040");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_TRUE(msg.u.hello.has_bitmap);
    CU_ASSERT_FALSE(of_hello_allows_13(&msg.u.hello, msg.version));
    of_msg_uninit(&msg);
    ofpbuf_clear(&b);

    /* A 1.5 peer that speaks 1.0, 1.3 and 1.5. */
    unit_hex(&b, "06 00 00 10 00000001 0001 0008 00000052");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_TRUE(of_hello_allows_13(&msg.u.hello, msg.version));
    assert_text(&msg, "version bitmap: 0x01, 0x04, 0x06");
    of_msg_uninit(&msg);
    ofpbuf_clear(&b);

    /* A 1.4 peer without a bitmap: 1.3 is the smaller version. */
    unit_hex(&b, "05 00 00 08 00000001");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_TRUE(of_hello_allows_13(&msg.u.hello, msg.version));
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);

    /* Directly: the bitmap wins over the header's version. */
    {
        struct of_hello h;

        memset(&h, 0, sizeof h);
        CU_ASSERT_TRUE(of_hello_allows_13(&h, 4));
        CU_ASSERT_FALSE(of_hello_allows_13(&h, 3));
        h.has_bitmap = true;
        CU_ASSERT_FALSE(of_hello_allows_13(&h, 4));     /* No words. */
        h.n_bitmaps = 1;
        h.bitmaps[0] = 1u << 4;
        CU_ASSERT_TRUE(of_hello_allows_13(&h, 1));
        h.bitmaps[0] = (1u << 1) | (1u << 5);
        CU_ASSERT_FALSE(of_hello_allows_13(&h, 5));
    }
}

static void
test_hello_loxigen(void)
{
    struct of_msg msg;

    /* loxigen test_data/of13/hello_elem_versionbitmap.data: the element
     * "00 01 00 0c 01 23 45 67 89 ab cd ef", here inside a hello with the
     * padding 7.5.1 requires. */
    decode_reencode("04 00 00 18 12345678"
                    "0001 000c 01234567 89abcdef 00000000", &msg);
    CU_ASSERT_TRUE(msg.u.hello.has_bitmap);
    CU_ASSERT_EQUAL(msg.u.hello.n_bitmaps, 2);
    CU_ASSERT_EQUAL(msg.u.hello.bitmaps[0], 0x01234567);
    CU_ASSERT_EQUAL(msg.u.hello.bitmaps[1], 0x89abcdef);
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/hello.data puts two 12-byte elements back to
     * back without the padding 7.5.1 requires; read as the spec says, the
     * second element's header lands in the first one's padding and what
     * follows is an element of length 3. */
    EXPECT_HEX_ERROR("04 00 00 20 12345678"
                     "0001 000c 00000001 00000002"
                     "0001 000c 00000003 00000004",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- ERROR ---- */

static void
test_error_round_trip(void)
{
    static const uint8_t data[] = { 0x04, 0x05, 0x00, 0x08, 0, 0, 0, 9 };
    struct of_msg msg;

    /* of_msg_encode_error() with a whole request: it is decoded and
     * printed in full. */
    {
        struct ofpbuf b = OFPBUF_INITIALIZER;

        of_msg_encode_error(OFPERR_OFPBRC_BAD_TYPE, data, sizeof data, &b);
        CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
        CU_ASSERT_EQUAL(msg.u.error.type, OFPET_BAD_REQUEST);
        CU_ASSERT_EQUAL(msg.u.error.code, 1);
        CU_ASSERT_EQUAL(msg.u.error.len, sizeof data);
        CU_ASSERT_EQUAL(msg.xid, 9);
        assert_text(&msg, "OFPBRC_BAD_TYPE");
        assert_text(&msg, "OFPT_FEATURES_REQUEST (OF1.3) (xid=0x9)");
        of_msg_uninit(&msg);
        ofpbuf_uninit(&b);
    }

    of_msg_init(&msg, OFPT_ERROR, 3);
    msg.u.error.type = OFPET_PORT_MOD_FAILED;
    msg.u.error.code = 2;
    msg.u.error.data = data;
    msg.u.error.len = sizeof data;
    round_trip_text(&msg, "OFPPMFC_BAD_CONFIG");
    of_msg_uninit(&msg);

    /* No data at all. */
    of_msg_init(&msg, OFPT_ERROR, 3);
    msg.u.error.type = OFPET_BAD_MATCH;
    msg.u.error.code = 8;
    round_trip_text(&msg, "OFPBMC_BAD_MASK");
    of_msg_uninit(&msg);

    /* An experimenter error. */
    of_msg_init(&msg, OFPT_ERROR, 4);
    msg.u.error.type = OFPET_EXPERIMENTER;
    msg.u.error.code = 7;
    msg.u.error.experimenter = 0x2320;
    msg.u.error.data = data;
    msg.u.error.len = sizeof data;
    round_trip_text(&msg, "experimenter=0x00002320 exp_type=7");
    of_msg_uninit(&msg);

    /* A code the spec does not define, and a type it does not. */
    of_msg_init(&msg, OFPT_ERROR, 5);
    msg.u.error.type = OFPET_BAD_REQUEST;
    msg.u.error.code = 99;
    round_trip_text(&msg, "OFPET_BAD_REQUEST code=99");
    msg.u.error.type = 77;
    msg.u.error.code = 1;
    round_trip_text(&msg, "type=77 code=1");
    of_msg_uninit(&msg);

    /* OFPET_HELLO_FAILED carries text. */
    of_msg_init(&msg, OFPT_ERROR, 6);
    msg.u.error.type = OFPET_HELLO_FAILED;
    msg.u.error.code = 0;
    msg.u.error.data = (const uint8_t *) "no common version";
    msg.u.error.len = strlen("no common version");
    round_trip_text(&msg, "OFPHFC_INCOMPATIBLE \"no common version\"");
    of_msg_uninit(&msg);
}

static void
test_error_truncated_request(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* The first 64 bytes of an 80-byte flow mod (xid 0x42). */
    unit_hex(&b, "04 01 00 4c 00000042 0001 0006"
             "04 0e 00 50 00000042");
    ofpbuf_put_zeros(&b, 56);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_EQUAL(msg.u.error.len, 64);
    assert_text(&msg, "OFPBRC_BAD_LEN");
    assert_text(&msg, "OFPT_FLOW_MOD (xid=0x42)");
    assert_text(&msg, "truncated to 64 of 80 bytes");
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);

    /* Data that is not an OpenFlow 1.3 message is dumped in hex. */
    b = (struct ofpbuf) OFPBUF_INITIALIZER;
    unit_hex(&b, "04 01 00 14 00000001 0001 0006 01 05 00 08 00000001");
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    assert_text(&msg, "01 05 00 08 00 00 00 01");
    of_msg_uninit(&msg);
    ofpbuf_uninit(&b);
}

static void
test_error_lengths(void)
{
    /* Type but no code. */
    EXPECT_HEX_ERROR("04 01 00 00 00000001 0001", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 01 00 00 00000001", OFPERR_OFPBRC_BAD_LEN);
    /* An experimenter error without its experimenter id. */
    EXPECT_HEX_ERROR("04 01 00 00 00000001 ffff 0001 0000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 01 00 00 00000001 ffff 0001 00002320", 0);
}

static void
test_error_real_bytes(void)
{
    struct of_msg msg;

    /* loxigen test_data/of13/error.data. */
    decode_reencode("04 01 00 0f 12345678 0004 0008 616263", &msg);
    CU_ASSERT_EQUAL(msg.u.error.type, OFPET_BAD_MATCH);
    CU_ASSERT_EQUAL(msg.u.error.code, 8);
    CU_ASSERT_EQUAL(msg.u.error.len, 3);
    CU_ASSERT_TRUE(!memcmp(msg.u.error.data, "abc", 3));
    assert_text(&msg, "OFPBMC_BAD_MASK");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/bad_request_error_msg.data. */
    decode_reencode("04 01 00 0f 12345678 0001 0008 616263", &msg);
    assert_text(&msg, "OFPBRC_BUFFER_UNKNOWN");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-errors.at: OFPBIC_DUP_INST as an ONF
     * experimenter error (exp_type 2600) about a hello. */
    decode_reencode("04 01 00 18 12345678 ffff 0a28 4f4e4600"
                    "04 00 00 08 12345678", &msg);
    CU_ASSERT_EQUAL(msg.u.error.type, OFPET_EXPERIMENTER);
    CU_ASSERT_EQUAL(msg.u.error.code, 0x0a28);
    CU_ASSERT_EQUAL(msg.u.error.experimenter, 0x4f4e4600);
    CU_ASSERT_EQUAL(msg.u.error.len, 8);
    assert_text(&msg, "experimenter=0x4f4e4600 exp_type=2600");
    assert_text(&msg, "OFPT_HELLO (OF1.3) (xid=0x12345678)");
    of_msg_uninit(&msg);
}

/* ---- ECHO ---- */

static void
test_echo(void)
{
    static const uint8_t payload[100] = { 0x25, 0x53, 0x54, 0x1a, 0x9d };
    struct of_msg msg;

    of_msg_init(&msg, OFPT_ECHO_REQUEST, 1);
    round_trip_text(&msg, "0 bytes of payload");
    msg.u.echo.data = payload;
    msg.u.echo.len = 5;
    round_trip_text(&msg, "5 bytes of payload\n  25 53 54 1a 9d");
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_ECHO_REPLY, 2);
    msg.u.echo.data = payload;
    msg.u.echo.len = sizeof payload;
    round_trip_text(&msg, "(36 more bytes)");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/echo_request.data and echo_reply.data. */
    decode_reencode("04 02 00 0b 12345678 616263", &msg);
    CU_ASSERT_EQUAL(msg.u.echo.len, 3);
    CU_ASSERT_TRUE(!memcmp(msg.u.echo.data, "abc", 3));
    of_msg_uninit(&msg);
    decode_reencode("04 03 00 0b 12345678 616263", &msg);
    assert_text(&msg, "3 bytes of payload");
    of_msg_uninit(&msg);
}

/* ---- EXPERIMENTER ---- */

static void
test_experimenter(void)
{
    static const uint8_t data[] = { 1, 2, 3, 4, 5 };
    struct of_msg msg;

    of_msg_init(&msg, OFPT_EXPERIMENTER, 1);
    msg.u.experimenter.exp.experimenter = 0x2320;
    msg.u.experimenter.exp.exp_type = 16;
    round_trip_text(&msg, "experimenter=0x00002320 exp_type=16");
    msg.u.experimenter.exp.data = data;
    msg.u.experimenter.exp.len = sizeof data;
    round_trip_text(&msg, "01 02 03 04 05");
    of_msg_uninit(&msg);

    decode_reencode("04 04 00 15 00000007 00005c16 00000003 0102030405",
                    &msg);
    CU_ASSERT_EQUAL(msg.u.experimenter.exp.experimenter, 0x5c16);
    CU_ASSERT_EQUAL(msg.u.experimenter.exp.exp_type, 3);
    CU_ASSERT_EQUAL(msg.u.experimenter.exp.len, 5);
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 04 00 00 00000001 00002320 000000",
                     OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 04 00 00 00000001", OFPERR_OFPBRC_BAD_LEN);
}

static void
test_experimenter_multipart(void)
{
    static const uint8_t data[] = { 0xaa, 0xbb };
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 1);
    msg.u.mp_request.type = OFPMP_EXPERIMENTER;
    msg.u.mp_request.experimenter.exp.experimenter = 0x5c16c7;
    msg.u.mp_request.experimenter.exp.exp_type = 1;
    msg.u.mp_request.experimenter.exp.data = data;
    msg.u.mp_request.experimenter.exp.len = sizeof data;
    round_trip_text(&msg, "experimenter=0x005c16c7 exp_type=1");
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 1);
    msg.u.mp_reply.type = OFPMP_EXPERIMENTER;
    msg.u.mp_reply.experimenter.exp.experimenter = 0x2320;
    msg.u.mp_reply.experimenter.exp.exp_type = 2;
    round_trip_text(&msg, "OFPMP_EXPERIMENTER");
    of_msg_uninit(&msg);

    decode_reencode("04 13 00 1a 00000009 ffff 0000 00000000"
                    "00002320 00000002 aabb", &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.experimenter.exp.len, 2);
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 12 00 00 00000001 ffff 0000 00000000 00002320",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- FEATURES_REPLY ---- */

static void
test_features(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_FEATURES_REPLY, 1);
    msg.u.features.datapath_id = 0x505400000001ull;
    msg.u.features.n_buffers = 256;
    msg.u.features.n_tables = 254;
    msg.u.features.capabilities = OFPC_FLOW_STATS | OFPC_PORT_BLOCKED;
    round_trip_text(&msg, "dpid:0000505400000001");
    round_trip_text(&msg, "n_tables:254, n_buffers:256");
    round_trip_text(&msg, "capabilities: FLOW_STATS PORT_BLOCKED");
    msg.u.features.auxiliary_id = 3;
    msg.u.features.capabilities = 1u << 4;
    round_trip_text(&msg, "auxiliary_id:3");
    round_trip_text(&msg, "capabilities: 0x10");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/features_reply.data. */
    decode_reencode("04 06 00 20 12345678 fedcba9876543210 00000040"
                    "c8 05 0000 00000101 00000000", &msg);
    CU_ASSERT_EQUAL(msg.u.features.datapath_id, 0xfedcba9876543210ull);
    CU_ASSERT_EQUAL(msg.u.features.n_buffers, 64);
    CU_ASSERT_EQUAL(msg.u.features.n_tables, 200);
    CU_ASSERT_EQUAL(msg.u.features.auxiliary_id, 5);
    CU_ASSERT_EQUAL(msg.u.features.capabilities,
                    OFPC_FLOW_STATS | OFPC_PORT_BLOCKED);
    assert_text(&msg, "dpid:fedcba9876543210");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_FEATURES_REPLY - OF1.3". */
    decode_reencode("04 06 00 20 00 00 00 01 00 00 50 54 00 00 00 01"
                    "00 00 01 00 ff 00 00 00 00 00 01 77 00 00 00 00",
                    &msg);
    /* Bit 4 (OpenFlow 1.0's OFPC_STP) means nothing in 1.3: kept, shown
     * in hex. */
    assert_text(&msg, "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                "IP_REASM QUEUE_STATS PORT_BLOCKED 0x10");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/features_request.data. */
    decode_reencode("04 05 00 08 12345678", &msg);
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 06 00 00 12345678 fedcba9876543210 00000040"
                     "c8 05 0000 00000101 000000", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 06 00 00 12345678 fedcba9876543210 00000040"
                     "c8 05 0000 00000101 00000000 00",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- GET_CONFIG_REPLY and SET_CONFIG ---- */

static void
test_switch_config(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_SET_CONFIG, 1);
    msg.u.config.flags = OFPC_FRAG_DROP;
    msg.u.config.miss_send_len = 128;
    round_trip_text(&msg, "frags=drop miss_send_len=128");
    msg.type = OFPT_GET_CONFIG_REPLY;
    msg.u.config.flags = OFPC_FRAG_NORMAL;
    msg.u.config.miss_send_len = 0;
    round_trip_text(&msg, "frags=normal miss_send_len=0");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/set_config.data. */
    decode_reencode("04 09 00 0c 12345678 0002 ffff", &msg);
    CU_ASSERT_EQUAL(msg.u.config.flags, OFPC_FRAG_REASM);
    CU_ASSERT_EQUAL(msg.u.config.miss_send_len, 0xffff);
    assert_text(&msg, "frags=reassemble miss_send_len=NO_BUFFER");
    of_msg_uninit(&msg);

    /* loxigen test_data/of13/get_config_request.data. */
    decode_reencode("04 07 00 08 12345678", &msg);
    of_msg_uninit(&msg);

    /* Flags A.3.2 does not define. */
    EXPECT_HEX_ERROR("04 09 00 00 00000001 0003 0080",
                     OFPERR_OFPSCFC_BAD_FLAGS);
    EXPECT_HEX_ERROR("04 09 00 00 00000001 0004 0080",
                     OFPERR_OFPSCFC_BAD_FLAGS);
    EXPECT_HEX_ERROR("04 08 00 00 00000001 8000 0080",
                     OFPERR_OFPSCFC_BAD_FLAGS);
    /* Wrong length. */
    EXPECT_HEX_ERROR("04 09 00 00 00000001 0000", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 08 00 00 00000001 0000 0080 0000",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- ROLE_REQUEST and ROLE_REPLY ---- */

static void
test_role(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_ROLE_REQUEST, 1);
    msg.u.role.role = OFPCR_ROLE_SLAVE;
    msg.u.role.generation_id = 0x1234567890abcdefull;
    round_trip_text(&msg, "role=slave generation_id=1311768467294899695");
    msg.type = OFPT_ROLE_REPLY;
    msg.u.role.role = OFPCR_ROLE_EQUAL;
    round_trip_text(&msg, "role=equal");
    msg.u.role.role = OFPCR_ROLE_NOCHANGE;
    round_trip_text(&msg, "role=nochange");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_ROLE_REQUEST - OF1.2", as
     * OpenFlow 1.3 (the body is the same). */
    decode_reencode("04 18 00 18 00000002 00000002 00000000"
                    "0000000000000003", &msg);
    assert_text(&msg, "role=master generation_id=3");
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 18 00 00 00000002 00000004 00000000"
                     "0000000000000003", OFPERR_OFPRRFC_BAD_ROLE);
    EXPECT_HEX_ERROR("04 19 00 00 00000002 ffffffff 00000000"
                     "0000000000000003", OFPERR_OFPRRFC_BAD_ROLE);
    EXPECT_HEX_ERROR("04 18 00 00 00000002 00000002 00000000"
                     "00000000000000", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 18 00 00 00000002 00000002 00000000"
                     "0000000000000003 00", OFPERR_OFPBRC_BAD_LEN);
}

/* ---- GET_ASYNC_REPLY and SET_ASYNC ---- */

static void
test_async(void)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_SET_ASYNC, 1);
    msg.u.async.packet_in_mask[0] = 0x3;
    msg.u.async.port_status_mask[0] = 0x7;
    msg.u.async.flow_removed_mask[0] = 0xf;
    msg.u.async.port_status_mask[1] = 0x7;
    round_trip_text(&msg, "PACKET_IN: no_match action");
    round_trip_text(&msg, "FLOW_REMOVED: idle hard delete group_delete");
    round_trip_text(&msg, "slave:\n       PACKET_IN: (off)");
    msg.type = OFPT_GET_ASYNC_REPLY;
    round_trip_text(&msg, "master:");
    of_msg_uninit(&msg);

    /* Open vSwitch tests/ofp-print.at, "OFPT_SET_ASYNC - OF1.3": bit 12 of
     * the packet-in masks is no reason; it is kept and shown in hex. */
    decode_reencode("04 1c 00 20 00 00 00 00 00 00 10 05 00 00 10 07"
                    "00 00 00 03 00 00 00 07 00 00 00 00 00 00 00 03",
                    &msg);
    CU_ASSERT_EQUAL(msg.u.async.packet_in_mask[0], 0x1005);
    CU_ASSERT_EQUAL(msg.u.async.packet_in_mask[1], 0x1007);
    CU_ASSERT_EQUAL(msg.u.async.port_status_mask[0], 0x3);
    CU_ASSERT_EQUAL(msg.u.async.port_status_mask[1], 0x7);
    CU_ASSERT_EQUAL(msg.u.async.flow_removed_mask[0], 0);
    CU_ASSERT_EQUAL(msg.u.async.flow_removed_mask[1], 0x3);
    assert_text(&msg, "PACKET_IN: no_match invalid_ttl 0x1000");
    assert_text(&msg, "PORT_STATUS: add delete\n");
    of_msg_uninit(&msg);

    EXPECT_HEX_ERROR("04 1c 00 00 00000000 00000000 00000000 00000000"
                     "00000000 00000000 000000", OFPERR_OFPBRC_BAD_LEN);
    EXPECT_HEX_ERROR("04 1b 00 00 00000000 00000000 00000000 00000000"
                     "00000000 00000000 00000000 00",
                     OFPERR_OFPBRC_BAD_LEN);
}

/* ---- OFPMP_DESC ---- */

static void
fill(char *s, size_t n, char c)
{
    memset(s, c, n);
    s[n] = '\0';
}

static void
test_desc(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;
    struct of_msg msg;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 1);
    msg.u.mp_request.type = OFPMP_DESC;
    round_trip_text(&msg, "OFPMP_DESC");
    of_msg_uninit(&msg);

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, 1);
    msg.u.mp_reply.type = OFPMP_DESC;
    strcpy(msg.u.mp_reply.desc.mfr_desc, "Nicira, Inc.");
    strcpy(msg.u.mp_reply.desc.hw_desc, "Open vSwitch");
    strcpy(msg.u.mp_reply.desc.sw_desc, "1.1.0pre2");
    strcpy(msg.u.mp_reply.desc.serial_num, "None");
    strcpy(msg.u.mp_reply.desc.dp_desc, "None");
    round_trip_text(&msg, "Manufacturer: Nicira, Inc.\n  Hardware: Open "
                    "vSwitch\n  Software: 1.1.0pre2\n  Serial Num: None\n"
                    "  DP Description: None");

    /* The bytes, against the layout of Open vSwitch's "OFPST_DESC reply"
     * test: strings at 0, 256, 512, 768 and 800, NUL-padded. */
    CU_ASSERT_TRUE(of_msg_encode(&msg, &b));
    CU_ASSERT_EQUAL(b.size, 16 + 1056);
    CU_ASSERT_TRUE(!memcmp(b.data + 16, "Nicira, Inc.\0", 13));
    CU_ASSERT_TRUE(!memcmp(b.data + 16 + 256, "Open vSwitch\0", 13));
    CU_ASSERT_TRUE(!memcmp(b.data + 16 + 512, "1.1.0pre2\0", 10));
    CU_ASSERT_TRUE(!memcmp(b.data + 16 + 768, "None\0", 5));
    CU_ASSERT_TRUE(!memcmp(b.data + 16 + 800, "None\0", 5));
    ofpbuf_uninit(&b);

    /* Every field full length, without a NUL. */
    fill(msg.u.mp_reply.desc.mfr_desc, DESC_STR_LEN, 'm');
    fill(msg.u.mp_reply.desc.hw_desc, DESC_STR_LEN, 'h');
    fill(msg.u.mp_reply.desc.sw_desc, DESC_STR_LEN, 's');
    fill(msg.u.mp_reply.desc.serial_num, SERIAL_NUM_LEN, 'n');
    fill(msg.u.mp_reply.desc.dp_desc, DESC_STR_LEN, 'd');
    round_trip_text(&msg, "Serial Num: nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\n");
    b = (struct ofpbuf) OFPBUF_INITIALIZER;
    CU_ASSERT_TRUE(of_msg_encode(&msg, &b));
    CU_ASSERT_EQUAL(b.data[16 + 767], 's');
    CU_ASSERT_EQUAL(b.data[16 + 768], 'n');
    CU_ASSERT_EQUAL(b.data[16 + 1055], 'd');
    of_msg_uninit(&msg);

    /* Decoding the full-length fields keeps every byte. */
    CU_ASSERT_EQUAL(of_msg_decode(&msg, b.data, b.size), 0);
    CU_ASSERT_EQUAL(strlen(msg.u.mp_reply.desc.serial_num), SERIAL_NUM_LEN);
    CU_ASSERT_EQUAL(strlen(msg.u.mp_reply.desc.dp_desc), DESC_STR_LEN);
    of_msg_uninit(&msg);

    /* One byte short, one byte long. */
    b.size--;
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_put_u8(&b, 0);
    ofpbuf_put_u8(&b, 0);
    unit_fix_length(&b);
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

static CU_TestInfo tests[] = {
    { "empty bodies", test_empty },
    { "hello round trip", test_hello_round_trip },
    { "hello elements", test_hello_elements },
    { "hello negotiation", test_hello_negotiation },
    { "hello loxigen bytes", test_hello_loxigen },
    { "error round trip", test_error_round_trip },
    { "error with truncated request", test_error_truncated_request },
    { "error lengths", test_error_lengths },
    { "error real bytes", test_error_real_bytes },
    { "echo", test_echo },
    { "experimenter", test_experimenter },
    { "experimenter multipart", test_experimenter_multipart },
    { "features reply", test_features },
    { "switch config", test_switch_config },
    { "role", test_role },
    { "async config", test_async },
    { "desc", test_desc },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofp-switch", tests);
