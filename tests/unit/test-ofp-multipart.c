#include "ofproto/ofp-multipart.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

/* A PORT_DESC reply with 'n' ports (64 bytes each on the wire). */
static void
build_port_desc(struct of_msg *msg, size_t n, uint32_t xid)
{
    struct of_port *ports;

    of_msg_init(msg, OFPT_MULTIPART_REPLY, xid);
    msg->u.mp_reply.type = OFPMP_PORT_DESC;
    ports = arena_alloc(&msg->arena, n * sizeof *ports);
    for (size_t i = 0; i < n; i++) {
        ports[i].port_no = i + 1;
        snprintf(ports[i].name, sizeof ports[i].name, "p%zu", i + 1);
        ports[i].hw_addr[5] = i;
    }
    msg->u.mp_reply.port_desc.ports = ports;
    msg->u.mp_reply.port_desc.n = n;
}

static void
test_split_and_join(void)
{
    struct ofpbuf out = OFPBUF_INITIALIZER;
    struct of_mp_assembler a;
    struct of_msg msg, done;
    size_t n_msgs, ofs = 0, parts = 0;
    bool complete = false;

    /* 2000 ports are 128000 bytes: two messages at the protocol limit. */
    build_port_desc(&msg, 2000, 77);
    CU_ASSERT_FALSE(of_msg_encode(&msg, &out));
    CU_ASSERT_EQUAL(out.size, 0);
    n_msgs = of_mp_encode_split(&msg, OFP_MAX_MSG_LEN, &out);
    CU_ASSERT_EQUAL(n_msgs, 2);

    of_mp_assembler_init(&a);
    while (ofs < out.size) {
        uint8_t version, type;
        uint16_t len;
        uint32_t xid;
        struct of_msg part;

        of_msg_header(out.data + ofs, &version, &type, &len, &xid);
        CU_ASSERT_EQUAL(xid, 77);
        /* Each part is a whole message in its own right, entries intact. */
        CU_ASSERT_EQUAL(of_msg_decode(&part, out.data + ofs, len), 0);
        CU_ASSERT_EQUAL(part.u.mp_reply.flags & OFPMPF_REPLY_MORE,
                        ofs + len < out.size ? OFPMPF_REPLY_MORE : 0);
        of_msg_uninit(&part);
        CU_ASSERT_FALSE(complete);
        CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data + ofs, len, &done,
                                            &complete), 0);
        ofs += len;
        parts++;
    }
    CU_ASSERT_EQUAL(parts, 2);
    CU_ASSERT_TRUE(complete);
    if (complete) {
        CU_ASSERT_EQUAL(done.u.mp_reply.port_desc.n, 2000);
        CU_ASSERT_EQUAL(done.u.mp_reply.port_desc.ports[1999].port_no, 2000);
        CU_ASSERT_STRING_EQUAL(done.u.mp_reply.port_desc.ports[1999].name,
                               "p2000");
        CU_ASSERT_EQUAL(done.u.mp_reply.flags, 0);
        of_msg_uninit(&done);
    }

    /* Small limits split between entries: 10 ports of 64 bytes fit 4 to a
     * 300-byte message (16 + 4 * 64 = 272). */
    ofpbuf_clear(&out);
    of_msg_uninit(&msg);
    build_port_desc(&msg, 10, 5);
    CU_ASSERT_EQUAL(of_mp_encode_split(&msg, 300, &out), 3);
    CU_ASSERT_EQUAL(out.size, 3 * 16 + 10 * 64);

    /* An empty body is one message without "more". */
    ofpbuf_clear(&out);
    of_msg_uninit(&msg);
    build_port_desc(&msg, 0, 6);
    CU_ASSERT_EQUAL(of_mp_encode_split(&msg, OFP_MAX_MSG_LEN, &out), 1);
    CU_ASSERT_EQUAL(out.size, 16);
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data, out.size, &done,
                                        &complete), 0);
    CU_ASSERT_TRUE(complete);
    if (complete) {
        CU_ASSERT_EQUAL(done.u.mp_reply.port_desc.n, 0);
        of_msg_uninit(&done);
    }

    of_mp_assembler_uninit(&a);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&out);
}

static void
test_join_errors(void)
{
    struct ofpbuf out = OFPBUF_INITIALIZER, other = OFPBUF_INITIALIZER;
    struct of_mp_assembler a;
    struct of_msg msg, done;
    bool complete;
    uint16_t len;

    build_port_desc(&msg, 10, 9);
    of_mp_encode_split(&msg, 300, &out);
    len = ofp_get_be16(out.data + 2);
    of_mp_assembler_init(&a);

    /* A part of another transaction (xid 10) in the middle. */
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data, len, &done,
                                        &complete), 0);
    CU_ASSERT_FALSE(complete);
    ofpbuf_put(&other, out.data + len, ofp_get_be16(out.data + len + 2));
    ofpbuf_set_be32(&other, 4, 10);
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, other.data, other.size, &done,
                                        &complete),
                    OFPERR_OFPBRC_BAD_MULTIPART);
    CU_ASSERT_FALSE(a.started);

    /* A part whose header length disagrees with its size. */
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data, len - 1, &done,
                                        &complete), OFPERR_OFPBRC_BAD_LEN);

    /* Not a multipart message. */
    ofpbuf_clear(&other);
    of_msg_encode_empty(OFPT_BARRIER_REQUEST, 1, &other);
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, other.data, other.size, &done,
                                        &complete), OFPERR_OFPBRC_BAD_TYPE);

    /* A joined body over the limit. */
    a.max_body = 300;
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data, len, &done,
                                        &complete), 0);
    CU_ASSERT_EQUAL(of_mp_assembler_add(&a, out.data + len,
                                        ofp_get_be16(out.data + len + 2),
                                        &done, &complete),
                    OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW);
    CU_ASSERT_FALSE(a.started);

    of_mp_assembler_uninit(&a);
    of_msg_uninit(&msg);
    ofpbuf_uninit(&out);
    ofpbuf_uninit(&other);
}

static void
test_envelope_errors(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* Unknown multipart type 14. */
    unit_hex(&b, "04 12 0010 00000001 000e 0000 00000000");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_MULTIPART);
    ofpbuf_clear(&b);
    /* Envelope cut short. */
    unit_hex(&b, "04 13 000c 00000001 0000 0000");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_clear(&b);
    /* DESC request with a body. */
    unit_hex(&b, "04 12 0018 00000001 0000 0000 00000000 0000000000000000");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

static void
test_message_errors(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    /* Header length unlike the bytes given; shorter than a header. */
    unit_hex(&b, "04 05 0009 00000001");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    unit_expect_error(b.data, 4, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_clear(&b);
    /* Unknown type 30 and 99. */
    unit_hex(&b, "04 1e 0008 00000001");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_clear(&b);
    unit_hex(&b, "04 63 0008 00000001");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_clear(&b);
    /* OpenFlow 1.0 features request; a 1.0 HELLO still decodes. */
    unit_hex(&b, "01 05 0008 00000001");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_VERSION);
    ofpbuf_clear(&b);
    unit_hex(&b, "01 00 0008 00000001");
    unit_expect_error(b.data, b.size, 0);
    ofpbuf_clear(&b);
    /* A barrier request with a body. */
    unit_hex(&b, "04 14 000c 00000001 00000000");
    unit_expect_error(b.data, b.size, OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_uninit(&b);
}

static void
test_error_reply(void)
{
    struct ofpbuf request = OFPBUF_INITIALIZER, out = OFPBUF_INITIALIZER;
    struct of_msg msg;

    /* An 80-byte request: the error carries its first 64 bytes and xid. */
    unit_hex(&request, "04 0e 0050 0000abcd");
    ofpbuf_put_zeros(&request, 72);
    of_msg_encode_error(OFPERR_OFPBMC_BAD_PREREQ, request.data, request.size,
                        &out);
    CU_ASSERT_EQUAL(out.size, 12 + 64);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, out.data, out.size), 0);
    CU_ASSERT_EQUAL(msg.type, OFPT_ERROR);
    CU_ASSERT_EQUAL(msg.xid, 0xabcd);
    CU_ASSERT_EQUAL(msg.u.error.type, OFPET_BAD_MATCH);
    CU_ASSERT_EQUAL(msg.u.error.code, 9);
    CU_ASSERT_EQUAL(msg.u.error.len, 64);
    CU_ASSERT_TRUE(!memcmp(msg.u.error.data, request.data, 64));
    of_msg_uninit(&msg);

    /* A request shorter than a header: all of it, xid 0. */
    ofpbuf_clear(&out);
    of_msg_encode_error(OFPERR_OFPBRC_BAD_LEN, request.data, 5, &out);
    CU_ASSERT_EQUAL(out.size, 12 + 5);
    CU_ASSERT_EQUAL(ofp_get_be32(out.data + 4), 0);

    /* HELLO_FAILED is type 0, code 0 and still an error. */
    ofpbuf_clear(&out);
    of_msg_encode_error(OFPERR_OFPHFC_INCOMPATIBLE, request.data, 8, &out);
    CU_ASSERT_EQUAL(ofp_get_be16(out.data + 8), 0);
    CU_ASSERT_EQUAL(ofp_get_be16(out.data + 10), 0);
    CU_ASSERT_TRUE(ofperr_is_valid(OFPERR_OFPHFC_INCOMPATIBLE));
    ofpbuf_uninit(&request);
    ofpbuf_uninit(&out);
}

static void
test_error_table(void)
{
    /* Every error maps to its type/code and back, and by name. */
    for (int e = 1; e < OFPERR_N_ERRORS; e++) {
        CU_ASSERT_EQUAL(ofperr_from_type_code(ofperr_type(e),
                                              ofperr_code(e)), e);
        CU_ASSERT_EQUAL(ofperr_from_name(ofperr_name(e)), e);
        CU_ASSERT_PTR_NOT_NULL(ofperr_type_name(ofperr_type(e)));
    }
    CU_ASSERT_EQUAL(ofperr_type(OFPERR_OFPTFFC_EPERM), 13);
    CU_ASSERT_EQUAL(ofperr_code(OFPERR_OFPTFFC_EPERM), 5);
    CU_ASSERT_EQUAL(ofperr_from_name("OFPERR_OFPBAC_BAD_SET_LEN"),
                    OFPERR_OFPBAC_BAD_SET_LEN);
    CU_ASSERT_EQUAL(ofperr_from_type_code(1, 99), 0);
    CU_ASSERT_STRING_EQUAL(ofperr_name(0), "OK");
}

static CU_TestInfo tests[] = {
    { "split and join", test_split_and_join },
    { "join errors", test_join_errors },
    { "envelope errors", test_envelope_errors },
    { "message errors", test_message_errors },
    { "error reply", test_error_reply },
    { "error table", test_error_table },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("ofp-multipart", tests)
