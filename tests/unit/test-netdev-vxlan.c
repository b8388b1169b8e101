/* Tests of the vxlan netdev class: tunnel ports talking to each other over
 * the loopback interface of a network namespace of the test's own (made by
 * unshare() in a thread, so nothing outside it changes).  Needs root;
 * skipped otherwise. */
#include "switch/netdev.h"

#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ofproto/util.h"
#include "switch/packet.h"
#include "tests/unit/unit.h"

#define PORT "14789"
#define IP(A, B, C, D) ((uint32_t) (A) << 24 | (B) << 16 | (C) << 8 | (D))

static bool
lo_up(void)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    bool ok = false;

    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (fd >= 0 && !ioctl(fd, SIOCGIFFLAGS, &ifr)) {
        ifr.ifr_flags |= IFF_UP;
        ok = !ioctl(fd, SIOCSIFFLAGS, &ifr);
    }
    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

struct buf {
    struct dp_packet p;
    uint8_t *mem;
};

static void
buf_init(struct buf *b)
{
    b->mem = xmalloc(NETDEV_BUF_SIZE);
    packet_init(&b->p, b->mem, NETDEV_BUF_SIZE);
}

static void
buf_frame(struct buf *b, uint8_t tag, size_t len)
{
    uint8_t frame[1514];

    memset(frame, tag, sizeof frame);
    memcpy(frame, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01"
           "\x88\xb5", 14);
    packet_set_frame(&b->p, frame, len);
}

/* Receives one frame on 'dev' within a second into 'b'.  Returns false if
 * none came. */
static bool
recv_one(struct netdev *dev, struct buf *b)
{
    struct dp_packet *pkts[1] = { &b->p };
    struct pollfd pfd = { .fd = netdev_get_fd(dev), .events = POLLIN };

    for (int i = 0; i < 10; i++) {
        if (netdev_recv(dev, pkts, 1) == 1) {
            if (pkts[0] != &b->p) {
                return false;
            }
            return true;
        }
        poll(&pfd, 1, 100);
    }
    return false;
}

static void *
vxlan_thread(void *arg OF_UNUSED)
{
    struct netdev *a = NULL, *b = NULL, *c = NULL, *d = NULL, *bad = NULL;
    struct buf tx, rx;
    struct dp_packet *txp[1];
    struct netdev_stats st;

    if (unshare(CLONE_NEWNET) || !lo_up()) {
        CU_FAIL("a network namespace of its own");
        return NULL;
    }
    buf_init(&tx);
    buf_init(&rx);
    txp[0] = &tx.p;

    /* Bad options. */
    CU_ASSERT_EQUAL(netdev_open("vx0", "vxlan", &bad), EINVAL);
    CU_ASSERT_EQUAL(netdev_open("vx0", "vxlan:remote_ip=bogus", &bad),
                    EINVAL);
    CU_ASSERT_EQUAL(netdev_open("vx0", "vxlan:remote_ip=flow,key=16777216",
                                &bad), EINVAL);
    CU_ASSERT_EQUAL(netdev_open("vx0", "vxlan:remote_ip=flow,color=red",
                                &bad), EINVAL);
    CU_ASSERT_EQUAL(netdev_open("lo", "afpacket:promisc=1", &bad), EINVAL);
    CU_ASSERT_EQUAL(netdev_open("vx0", "vxlanx:remote_ip=flow", &bad),
                    EAFNOSUPPORT);
    CU_ASSERT_PTR_NULL(bad);

    /* A (127.0.0.1) and B (127.0.0.2) bound to each other; C
     * (127.0.0.3) flow-based; D (127.0.0.4) accepts VNI 77 only. */
    CU_ASSERT_EQUAL(netdev_open("vxa", "vxlan:remote_ip=127.0.0.2,"
                                "local_ip=127.0.0.1,dst_port=" PORT, &a), 0);
    CU_ASSERT_EQUAL(netdev_open("vxb", "vxlan:remote_ip=127.0.0.1,"
                                "local_ip=127.0.0.2,dst_port=" PORT, &b), 0);
    CU_ASSERT_EQUAL(netdev_open("vxc", "vxlan:remote_ip=flow,"
                                "local_ip=127.0.0.3,dst_port=" PORT, &c), 0);
    CU_ASSERT_EQUAL(netdev_open("vxd", "vxlan:remote_ip=127.0.0.3,"
                                "local_ip=127.0.0.4,key=77,dst_port=" PORT,
                                &d), 0);
    if (!a || !b || !c || !d) {
        goto out;
    }
    CU_ASSERT_STRING_EQUAL(netdev_get_type(a), "vxlan");

    /* A -> B: the frame whole, with its VNI and the outer addresses. */
    buf_frame(&tx, 0xa1, 1000);
    tx.p.tunnel.id = 5000;
    CU_ASSERT_EQUAL(netdev_send(a, txp, 1), 1);
    if (!recv_one(b, &rx)) {
        CU_FAIL("B receives what A sends");
        goto out;
    }
    CU_ASSERT_EQUAL(rx.p.len, 1000);
    CU_ASSERT_TRUE(rx.p.len == 1000
                   && !memcmp(rx.p.data, tx.p.data, 1000));
    CU_ASSERT_EQUAL(rx.p.tunnel.id, 5000);
    CU_ASSERT_EQUAL(rx.p.tunnel.src, IP(127, 0, 0, 1));
    CU_ASSERT_EQUAL(rx.p.tunnel.dst, IP(127, 0, 0, 2));

    /* A full-size frame, whose outer datagram exceeds 1500 bytes. */
    buf_frame(&tx, 0xa2, 1514);
    CU_ASSERT_EQUAL(netdev_send(b, txp, 1), 1);
    CU_ASSERT_TRUE(recv_one(a, &rx));
    CU_ASSERT_EQUAL(rx.p.len, 1514);

    /* C (flow-based) sends where the frame's tunnel dst says. */
    buf_frame(&tx, 0xc1, 100);
    tx.p.tunnel.id = 78;
    tx.p.tunnel.dst = IP(127, 0, 0, 4);
    CU_ASSERT_EQUAL(netdev_send(c, txp, 1), 1);
    /* ... and D, keyed 77, drops VNI 78 ... */
    CU_ASSERT_FALSE(recv_one(d, &rx));
    netdev_get_stats(d, &st);
    CU_ASSERT_EQUAL(st.rx_dropped, 1);
    /* ... but takes 77. */
    tx.p.tunnel.id = 77;
    CU_ASSERT_EQUAL(netdev_send(c, txp, 1), 1);
    CU_ASSERT_TRUE(recv_one(d, &rx));
    CU_ASSERT_EQUAL(rx.p.tunnel.id, 77);

    /* D, keyed, sends VNI 77 whatever the frame says; C takes it from
     * D's address. */
    buf_frame(&tx, 0xd1, 64);
    tx.p.tunnel.id = 1;
    CU_ASSERT_EQUAL(netdev_send(d, txp, 1), 1);
    CU_ASSERT_TRUE(recv_one(c, &rx));
    CU_ASSERT_EQUAL(rx.p.tunnel.id, 77);
    CU_ASSERT_EQUAL(rx.p.tunnel.src, IP(127, 0, 0, 4));

    /* B, bound to A, drops what C sends it. */
    buf_frame(&tx, 0xc2, 64);
    tx.p.tunnel.dst = IP(127, 0, 0, 2);
    CU_ASSERT_EQUAL(netdev_send(c, txp, 1), 1);
    CU_ASSERT_FALSE(recv_one(b, &rx));
    netdev_get_stats(b, &st);
    CU_ASSERT_EQUAL(st.rx_dropped, 1);

    /* A second port on A's address and UDP port. */
    CU_ASSERT_EQUAL(netdev_open("vxe", "vxlan:remote_ip=flow,"
                                "local_ip=127.0.0.1,dst_port=" PORT, &bad),
                    EADDRINUSE);

    /* A flow-based port with no tunnel dst drops the frame. */
    tx.p.tunnel.dst = 0;
    CU_ASSERT_EQUAL(netdev_send(c, txp, 1), 0);
    netdev_get_stats(c, &st);
    CU_ASSERT_EQUAL(st.tx_dropped, 1);

    /* A port that is down neither sends nor receives. */
    netdev_set_up(b, false);
    buf_frame(&tx, 0xb1, 64);
    CU_ASSERT_EQUAL(netdev_send(b, txp, 1), 0);
    CU_ASSERT_EQUAL(netdev_send(a, txp, 1), 1);
    CU_ASSERT_FALSE(recv_one(b, &rx));
    netdev_set_up(b, true);

    /* Counters. */
    netdev_get_stats(a, &st);
    CU_ASSERT_EQUAL(st.tx_packets, 2);
    CU_ASSERT_EQUAL(st.rx_packets, 1);

out:
    netdev_close(a);
    netdev_close(b);
    netdev_close(c);
    netdev_close(d);
    free(tx.mem);
    free(rx.mem);
    return NULL;
}

static void
test_vxlan(void)
{
    pthread_t thread;

    if (geteuid()) {
        fprintf(stderr, "(skipped: needs root) ");
        return;
    }
    CU_ASSERT_FATAL(!pthread_create(&thread, NULL, vxlan_thread, NULL));
    pthread_join(thread, NULL);
}

static CU_TestInfo tests[] = {
    { "tunnel ports on lo", test_vxlan },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("netdev-vxlan", tests)
