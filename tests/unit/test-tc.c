/* Tests of switch/tc: HTB queues on the loopback interface of a network
 * namespace of the test's own (made by unshare() in a thread, so nothing
 * outside it changes).  Needs root; skipped otherwise. */
#include "switch/tc.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/unit/unit.h"

/* Brings up lo in the current namespace; returns its ifindex or 0. */
static int
lo_up(void)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int ifindex = 0;

    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (fd >= 0 && !ioctl(fd, SIOCGIFFLAGS, &ifr)) {
        ifr.ifr_flags |= IFF_UP;
        if (!ioctl(fd, SIOCSIFFLAGS, &ifr)) {
            ifindex = if_nametoindex("lo");
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    return ifindex;
}

/* Sends 'n' 100-byte frames out of 'ifindex' with socket priority
 * 'priority'.  Returns how many went. */
static int
send_frames(int ifindex, uint32_t priority, int n)
{
    struct sockaddr_ll sll;
    uint8_t frame[100];
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    int prio = priority, sent = 0;

    if (fd < 0) {
        return 0;
    }
    setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, sizeof prio);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = ifindex;
    memset(frame, 0, sizeof frame);
    memset(frame, 0xff, 6);
    frame[6] = 0x02;
    frame[12] = 0x88;
    frame[13] = 0xb5;
    for (int i = 0; i < n; i++) {
        if (sendto(fd, frame, sizeof frame, 0, (struct sockaddr *) &sll,
                   sizeof sll) == sizeof frame) {
            sent++;
        }
    }
    close(fd);
    return sent;
}

static void *
queues_thread(void *arg)
{
    struct tc_queue queues[] = {
        { 0, TC_RATE_NONE, TC_RATE_NONE },
        { 1, 1000000, 5000000 },
        { 7, TC_RATE_NONE, 200000 },
    };
    struct tc_queue_stats st;
    char *msg = NULL;
    int ifindex;

    (void) arg;
    if (unshare(CLONE_NEWNET)) {
        CU_FAIL("unshare(CLONE_NEWNET)");
        return NULL;
    }
    ifindex = lo_up();
    CU_ASSERT(ifindex > 0);
    if (ifindex <= 0) {
        return NULL;
    }

    /* No queues yet. */
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 1, &st), ENOENT);

    CU_ASSERT_EQUAL(tc_set_queues(ifindex, 0, queues, 3, &msg), 0);
    if (msg) {
        fprintf(stderr, "\ntc: %s\n", msg);
        free(msg);
    }
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 1, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 0);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 2, &st), ENOENT);

    /* A frame sent with a queue's priority is counted by that queue, and
     * by no other. */
    CU_ASSERT_EQUAL(send_frames(ifindex, tc_queue_priority(1), 5), 5);
    CU_ASSERT_EQUAL(send_frames(ifindex, tc_queue_priority(7), 3), 3);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 1, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 5);
    CU_ASSERT_EQUAL(st.tx_bytes, 500);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 7, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 3);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 0, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 0);

    /* Replacing the queues starts them afresh. */
    CU_ASSERT_EQUAL(tc_set_queues(ifindex, 1000000000, queues + 1, 1, NULL),
                    0);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 1, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 0);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 7, &st), ENOENT);

    /* A queue id beyond the range is refused; none clears. */
    queues[0].queue_id = TC_QUEUE_MAX + 1;
    CU_ASSERT_EQUAL(tc_set_queues(ifindex, 0, queues, 1, NULL), EINVAL);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, TC_QUEUE_MAX + 1, &st),
                    ENOENT);
    CU_ASSERT_EQUAL(tc_set_queues(ifindex, 0, NULL, 0, NULL), 0);
    CU_ASSERT_EQUAL(tc_get_queue_stats(ifindex, 1, &st), ENOENT);

    /* An interface that does not exist. */
    CU_ASSERT_EQUAL(tc_set_queues(ifindex + 1000, 0, queues + 1, 1, NULL),
                    ENODEV);
    return NULL;
}

static void
test_queues(void)
{
    pthread_t thread;

    if (geteuid()) {
        fprintf(stderr, "(skipped: needs root) ");
        return;
    }
    CU_ASSERT_FATAL(!pthread_create(&thread, NULL, queues_thread, NULL));
    pthread_join(thread, NULL);
}

static CU_TestInfo tests[] = {
    { "queues on lo", test_queues },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("tc", tests)
