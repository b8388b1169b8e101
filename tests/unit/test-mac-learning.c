#include "switch/mac-learning.h"

#include <string.h>

#include "ofproto/ofp13.h"
#include "switch/flow.h"
#include "tests/unit/unit.h"

static const uint8_t A[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t B[6] = { 0x02, 0, 0, 0, 0, 0x0b };
static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MCAST[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
static const uint8_t STP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };
static const uint8_t LLDP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };

static void
frame(struct flow *f, uint32_t in_port, const uint8_t src[6],
      const uint8_t dst[6], uint16_t vlan_vid)
{
    memset(f, 0, sizeof *f);
    f->in_port = in_port;
    memcpy(f->eth_src, src, 6);
    memcpy(f->eth_dst, dst, 6);
    f->vlan_vid = vlan_vid;
}

static void
test_forward(void)
{
    struct mac_learning *ml = mac_learning_create(64, 1000);
    struct flow f;
    uint32_t port;

    /* A -> B, B unknown: flood; A is learned on port 1. */
    frame(&f, 1, A, B, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 0, &port), ML_FLOOD);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 0, 0), 1);

    /* B -> A: out of port 1 only; B learned on port 2. */
    frame(&f, 2, B, A, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 10, &port), ML_OUTPUT);
    CU_ASSERT_EQUAL(port, 1);

    /* A -> B now known. */
    frame(&f, 1, A, B, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 20, &port), ML_OUTPUT);
    CU_ASSERT_EQUAL(port, 2);

    /* Broadcast and multicast flood. */
    frame(&f, 1, A, BCAST, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 30, &port), ML_FLOOD);
    frame(&f, 1, A, MCAST, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 30, &port), ML_FLOOD);

    /* Link-local control frames and group sources are dropped, and a
     * group source is never learned. */
    frame(&f, 1, A, STP, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 30, &port), ML_DROP);
    frame(&f, 1, A, LLDP, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 30, &port), ML_DROP);
    frame(&f, 3, MCAST, A, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 30, &port), ML_DROP);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, MCAST, 0, 30), 0);

    /* A destination on the input port: dropped, never sent back. */
    frame(&f, 2, B, B, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 40, &port), ML_DROP);

    /* A moves to port 3: relearned at once. */
    frame(&f, 3, A, B, 0);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 50, &port), ML_OUTPUT);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 0, 50), 3);

    /* VLANs are separate: A in VLAN 10 is unknown. */
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 10, 50), 0);
    frame(&f, 2, B, A, OFPVID_PRESENT | 10);
    CU_ASSERT_EQUAL(mac_learning_forward(ml, &f, 50, &port), ML_FLOOD);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, B, 10, 50), 2);

    mac_learning_destroy(ml);
}

static void
test_aging_and_flush(void)
{
    struct mac_learning *ml = mac_learning_create(64, 1000);

    CU_ASSERT_TRUE(mac_learning_learn(ml, A, 0, 1, 0));
    CU_ASSERT_FALSE(mac_learning_learn(ml, A, 0, 1, 500));
    CU_ASSERT_TRUE(mac_learning_learn(ml, B, 0, 2, 500));
    CU_ASSERT_EQUAL(mac_learning_count(ml, 600), 2);

    /* A was last seen at 500: alive at 1499, gone at 1500. */
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 0, 1499), 1);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 0, 1500), 0);
    /* Seen again after aging out: news. */
    CU_ASSERT_TRUE(mac_learning_learn(ml, A, 0, 1, 2000));

    mac_learning_learn(ml, B, 0, 2, 2000);
    mac_learning_flush_port(ml, 2);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, B, 0, 2000), 0);
    CU_ASSERT_EQUAL(mac_learning_lookup(ml, A, 0, 2000), 1);
    mac_learning_flush(ml);
    CU_ASSERT_EQUAL(mac_learning_count(ml, 2000), 0);
    mac_learning_destroy(ml);
}

static void
test_full(void)
{
    struct mac_learning *ml = mac_learning_create(16, 100000);
    uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0 };
    size_t n;

    /* Many more addresses than room: the table stays within its size,
     * keeps the most recent ones of each bucket, and the last learned
     * address is always found. */
    for (int i = 0; i < 1000; i++) {
        mac[4] = i >> 8;
        mac[5] = i;
        mac_learning_learn(ml, mac, 0, 1 + i % 7, i);
        CU_ASSERT_EQUAL(mac_learning_lookup(ml, mac, 0, i), 1 + i % 7);
    }
    n = mac_learning_count(ml, 1000);
    CU_ASSERT_TRUE(n > 0 && n <= 16);
    mac_learning_destroy(ml);
}

static CU_TestInfo tests[] = {
    { "forward", test_forward },
    { "aging and flush", test_aging_and_flush },
    { "full table", test_full },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("mac-learning", tests)
