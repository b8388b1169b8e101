#include "switch/pktbuf.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp13.h"
#include "switch/packet.h"
#include "tests/unit/unit.h"

struct test_packet {
    struct dp_packet p;
    uint8_t *buf;
};

static void
tp_init(struct test_packet *tp)
{
    size_t size = PACKET_MAX_LEN + PACKET_HEADROOM;

    tp->buf = malloc(size);
    packet_init(&tp->p, tp->buf, size);
}

static void
test_save_retrieve(void)
{
    struct pktbuf *pb = pktbuf_create(4);
    struct test_packet in, out;
    uint8_t frame[60];
    uint32_t id, id2;

    tp_init(&in);
    tp_init(&out);
    for (size_t i = 0; i < sizeof frame; i++) {
        frame[i] = i;
    }
    CU_ASSERT_TRUE(packet_set_frame(&in.p, frame, sizeof frame));
    in.p.in_port = 7;

    id = pktbuf_save(pb, &in.p, 1000);
    CU_ASSERT_NOT_EQUAL(id, OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(pktbuf_count(pb), 1);
    CU_ASSERT_EQUAL(pktbuf_retrieve(pb, id, &out.p, 1001), 0);
    CU_ASSERT_EQUAL(out.p.len, sizeof frame);
    CU_ASSERT_EQUAL(out.p.in_port, 7);
    CU_ASSERT_TRUE(!memcmp(out.p.data, frame, sizeof frame));
    CU_ASSERT_EQUAL(pktbuf_count(pb), 0);

    /* Used once: empty.  Never issued: unknown. */
    CU_ASSERT_EQUAL(pktbuf_retrieve(pb, id, &out.p, 1002),
                    OFPERR_OFPBRC_BUFFER_EMPTY);
    CU_ASSERT_EQUAL(pktbuf_retrieve(pb, id + (100u << 2), &out.p, 1002),
                    OFPERR_OFPBRC_BUFFER_UNKNOWN);
    CU_ASSERT_EQUAL(pktbuf_retrieve(pb, OFP_NO_BUFFER, &out.p, 1002),
                    OFPERR_OFPBRC_BUFFER_UNKNOWN);

    /* Four slots fill; a fifth packet gets no buffer until one expires. */
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_NOT_EQUAL(pktbuf_save(pb, &in.p, 2000), OFP_NO_BUFFER);
    }
    CU_ASSERT_EQUAL(pktbuf_save(pb, &in.p, 2001), OFP_NO_BUFFER);
    id2 = pktbuf_save(pb, &in.p, 2000 + PKTBUF_EXPIRY_MS);
    CU_ASSERT_NOT_EQUAL(id2, OFP_NO_BUFFER);

    /* Expiry frees the old ones; a buffer retrieved late is empty. */
    CU_ASSERT_EQUAL(pktbuf_expire(pb, 2000 + PKTBUF_EXPIRY_MS), 3);
    CU_ASSERT_EQUAL(pktbuf_count(pb), 1);
    CU_ASSERT_EQUAL(pktbuf_retrieve(pb, id2, &out.p,
                                    3000 + 2 * PKTBUF_EXPIRY_MS),
                    OFPERR_OFPBRC_BUFFER_EMPTY);

    pktbuf_destroy(pb);
    pktbuf_destroy(NULL);
    free(in.buf);
    free(out.buf);
}

static void
test_ids_never_special(void)
{
    struct pktbuf *pb = pktbuf_create(1);
    struct test_packet tp;
    uint8_t frame[14] = { 0 };

    tp_init(&tp);
    CU_ASSERT_TRUE(packet_set_frame(&tp.p, frame, sizeof frame));
    /* Wrap the sequence of the one slot many times. */
    for (int i = 0; i < 70000; i++) {
        uint32_t id = pktbuf_save(pb, &tp.p, i);

        CU_ASSERT_NOT_EQUAL(id, OFP_NO_BUFFER);
        CU_ASSERT_NOT_EQUAL(id, 0);
        CU_ASSERT_EQUAL(pktbuf_retrieve(pb, id, &tp.p, i), 0);
    }
    pktbuf_destroy(pb);
    free(tp.buf);
}

static CU_TestInfo tests[] = {
    { "save and retrieve", test_save_retrieve },
    { "ids never special", test_ids_never_special },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("pktbuf", tests)
