/* Tests of switch/netdev: the afpacket class on veth pairs in network
 * namespaces this suite creates (and deletes), the tap class, and the dummy
 * class.  Needs root.
 *
 * Every namespace and interface name carries the process id, so parallel
 * runs do not collide, and every wait is bounded. */
#include "switch/netdev.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ofproto/ofp13.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/packet.h"
#include "tests/unit/unit.h"

#define TEST_ETH_TYPE 0x88b5    /* IEEE local experimental. */

/* ---- Helpers: time, commands, namespaces ---- */

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int
run(const char *format, ...)
{
    char cmd[512];
    va_list args;
    int status;

    va_start(args, format);
    vsnprintf(cmd, sizeof cmd, format, args);
    va_end(args);
    status = system(cmd);
    if (status) {
        fprintf(stderr, "test-netdev: \"%s\" failed (%d)\n", cmd, status);
    }
    return status;
}

/* The namespace the tests started in, for coming back. */
static int
home_ns(void)
{
    static int fd = -1;

    if (fd < 0) {
        fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    }
    return fd;
}

static bool
ns_enter(const char *ns)
{
    char path[128];
    int fd, r;

    home_ns();
    snprintf(path, sizeof path, "/var/run/netns/%s", ns);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    r = setns(fd, CLONE_NEWNET);
    close(fd);
    return r == 0;
}

static void
ns_leave(void)
{
    if (setns(home_ns(), CLONE_NEWNET)) {
        perror("setns home");
        abort();
    }
}

static int
ns_socket(const char *ns, int domain, int type, int protocol)
{
    int fd;

    if (!ns_enter(ns)) {
        return -1;
    }
    fd = socket(domain, type, protocol);
    ns_leave();
    return fd;
}

static int
ns_netdev_open(const char *ns, const char *name, const char *type,
               struct netdev **netdevp)
{
    int error;

    if (!ns_enter(ns)) {
        *netdevp = NULL;
        return ENOENT;
    }
    error = netdev_open(name, type, netdevp);
    ns_leave();
    return error;
}

static unsigned int
ns_ifindex(const char *ns, const char *name)
{
    unsigned int ifindex;

    if (!ns_enter(ns)) {
        return 0;
    }
    ifindex = if_nametoindex(name);
    ns_leave();
    return ifindex;
}

/* Namespaces this process made and has not deleted yet: deleted at exit,
 * should a test stop half way. */
#define MAX_NS 16
static char made_ns[MAX_NS][32];

static void
ns_del(const char *ns)
{
    run("ip netns del %s 2>/dev/null", ns);
    for (int i = 0; i < MAX_NS; i++) {
        if (!strcmp(made_ns[i], ns)) {
            made_ns[i][0] = '\0';
        }
    }
}

static void
ns_del_all(void)
{
    for (int i = 0; i < MAX_NS; i++) {
        if (made_ns[i][0]) {
            ns_del(made_ns[i]);
        }
    }
}

/* Names a new namespace for this process: "ofk-nd<pid>-<n><tag>", a new
 * <n> each time. */
static void
ns_name(char *ns, size_t size, char tag)
{
    static int n;

    snprintf(ns, size, "ofk-nd%d-%d%c", (int) getpid(), n++, tag);
}

/* A namespace with IPv6 off, so that its kernel sends nothing on its own
 * on the interfaces we watch. */
static int
ns_add(const char *ns)
{
    static bool registered;

    if (!registered) {
        atexit(ns_del_all);
        registered = true;
    }
    for (int i = 0; i < MAX_NS; i++) {
        if (!made_ns[i][0]) {
            snprintf(made_ns[i], sizeof made_ns[i], "%s", ns);
            break;
        }
    }
    return (run("ip netns add %s", ns)
            || run("ip netns exec %s sysctl -qw "
                   "net.ipv6.conf.all.disable_ipv6=1 "
                   "net.ipv6.conf.default.disable_ipv6=1", ns)
            || run("ip -n %s link set lo up", ns));
}

/* Waits up to 'ms' for 'ifname' in 'ns' to be running: the kernel's link
 * watch has seen its carrier and attached its queue (before that, it
 * drops what it is given to send). */
static bool
wait_running(const char *ns, const char *ifname, int ms)
{
    long long deadline = now_ms() + ms;
    int fd = ns_socket(ns, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    bool running = false;

    while (fd >= 0 && !running && now_ms() < deadline) {
        struct ifreq ifr;

        memset(&ifr, 0, sizeof ifr);
        snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
        running = (!ioctl(fd, SIOCGIFFLAGS, &ifr)
                   && ifr.ifr_flags & IFF_RUNNING);
        if (!running) {
            usleep(10000);
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    return running;
}

/* A veth pair 'a' (in 'ns_a') and 'b' (in 'ns_b'), both up and running. */
static int
veth_add(const char *ns_a, const char *a, const char *ns_b, const char *b)
{
    return (run("ip link add %s netns %s type veth peer name %s netns %s",
                a, ns_a, b, ns_b)
            || run("ip -n %s link set %s up", ns_a, a)
            || run("ip -n %s link set %s up", ns_b, b)
            || !wait_running(ns_a, a, 2000)
            || !wait_running(ns_b, b, 2000));
}

/* ---- The fixture: the switch's end 'sw' in namespace 'S', its peer 'peer'
 * in namespace 'P', a raw socket on the peer, and a netdev on 'sw'. ---- */

struct env {
    char ns_s[32], ns_p[32];
    char sw[IF_NAMESIZE], peer[IF_NAMESIZE];
    int peer_fd;                /* Raw socket on 'peer'. */
    struct netdev *netdev;
    struct dp_packet pkts[NETDEV_BATCH];
    struct dp_packet *ptrs[NETDEV_BATCH];
    uint8_t *bufs;
};

static int
raw_socket(const char *ns, const char *ifname)
{
    struct sockaddr_ll sll;
    int one = 1;
    int fd = ns_socket(ns, AF_PACKET, SOCK_RAW | SOCK_CLOEXEC,
                       htons(ETH_P_ALL));

    if (fd < 0) {
        return -1;
    }
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ns_ifindex(ns, ifname);
    if (!sll.sll_ifindex || bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        close(fd);
        return -1;
    }
    return fd;
}

static void
bufs_init(struct dp_packet pkts[], struct dp_packet *ptrs[], uint8_t **bufs)
{
    *bufs = malloc((size_t) NETDEV_BATCH * NETDEV_BUF_SIZE);
    for (int i = 0; i < NETDEV_BATCH; i++) {
        packet_init(&pkts[i], *bufs + (size_t) i * NETDEV_BUF_SIZE,
                    NETDEV_BUF_SIZE);
        ptrs[i] = &pkts[i];
    }
}

static bool
env_setup(struct env *env)
{
    int pid = getpid();

    memset(env, 0, sizeof *env);
    env->peer_fd = -1;
    ns_name(env->ns_s, sizeof env->ns_s, 's');
    ns_name(env->ns_p, sizeof env->ns_p, 'p');
    snprintf(env->sw, sizeof env->sw, "nd%ds", pid);
    snprintf(env->peer, sizeof env->peer, "nd%dp", pid);
    bufs_init(env->pkts, env->ptrs, &env->bufs);
    if (ns_add(env->ns_s) || ns_add(env->ns_p)
        || veth_add(env->ns_s, env->sw, env->ns_p, env->peer)) {
        return false;
    }
    env->peer_fd = raw_socket(env->ns_p, env->peer);
    return (env->peer_fd >= 0
            && !ns_netdev_open(env->ns_s, env->sw, NULL, &env->netdev));
}

static void
env_teardown(struct env *env)
{
    netdev_close(env->netdev);
    if (env->peer_fd >= 0) {
        close(env->peer_fd);
    }
    ns_del(env->ns_s);
    ns_del(env->ns_p);
    free(env->bufs);
}

/* ---- Frames ---- */

static const uint8_t mac_peer[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Writes a frame of 'len' bytes: broadcast from mac_peer, with the VLAN
 * tags 'tags' (TPID << 16 | TCI, outermost first), TEST_ETH_TYPE, then the
 * sequence number 'seq' and a pattern. */
static size_t
make_frame(uint8_t *f, size_t len, const uint32_t *tags, int n_tags,
           uint32_t seq)
{
    size_t ofs = 12;

    memcpy(f, mac_bcast, 6);
    memcpy(f + 6, mac_peer, 6);
    for (int i = 0; i < n_tags; i++) {
        f[ofs++] = tags[i] >> 24;
        f[ofs++] = tags[i] >> 16;
        f[ofs++] = tags[i] >> 8;
        f[ofs++] = tags[i];
    }
    f[ofs++] = TEST_ETH_TYPE >> 8;
    f[ofs++] = TEST_ETH_TYPE & 0xff;
    f[ofs++] = seq >> 24;
    f[ofs++] = seq >> 16;
    f[ofs++] = seq >> 8;
    f[ofs++] = seq;
    for (size_t i = ofs; i < len; i++) {
        f[i] = (uint8_t) (i * 7 + seq);
    }
    return len;
}

static bool
peer_send(struct env *env, const void *frame, size_t len)
{
    if (send(env->peer_fd, frame, len, 0) == (ssize_t) len) {
        return true;
    }
    if (errno == ENETDOWN) {
        /* Kept from when the peer went down, and reported once. */
        return send(env->peer_fd, frame, len, 0) == (ssize_t) len;
    }
    return false;
}

/* Receives one frame on the peer's raw socket within 'ms' milliseconds.
 * Returns its length, or -1. */
static ssize_t
peer_recv(struct env *env, uint8_t *buf, size_t size, int ms)
{
    struct pollfd pfd = { .fd = env->peer_fd, .events = POLLIN };

    if (poll(&pfd, 1, ms) <= 0) {
        return -1;
    }
    return recv(env->peer_fd, buf, size, MSG_DONTWAIT);
}

/* Receives on 'netdev' until 'want' frames arrived or 'ms' passed.  Calls
 * 'check(i, p, aux)' on the i-th frame.  Returns the count and stores the
 * largest batch in '*max_batch' (if nonnull). */
static int
recv_frames(struct netdev *netdev, struct dp_packet *ptrs[], int want,
            int ms, void (*check)(int, const struct dp_packet *, void *),
            void *aux, int *max_batch)
{
    long long deadline = now_ms() + ms;
    int got = 0;

    if (max_batch) {
        *max_batch = 0;
    }
    while (got < want && now_ms() < deadline) {
        struct pollfd pfd = { .fd = netdev_get_fd(netdev), .events = POLLIN };
        int n;

        poll(&pfd, 1, 20);
        n = netdev_recv(netdev, ptrs, NETDEV_BATCH);
        for (int i = 0; i < n; i++) {
            if (check) {
                check(got + i, ptrs[i], aux);
            }
        }
        if (max_batch && n > *max_batch) {
            *max_batch = n;
        }
        got += n;
    }
    return got;
}

/* ---- afpacket: receive ---- */

#define N_RX 200

static size_t
rx_len(int i)
{
    return 60 + (i * 37) % 1455;    /* 60 ... 1514 bytes. */
}

static void
check_rx(int i, const struct dp_packet *p, void *aux)
{
    uint8_t frame[2048];
    int *bad = aux;
    size_t len = make_frame(frame, rx_len(i), NULL, 0, i);

    if (p->len != len || memcmp(p->data, frame, len)
        || p->data != p->base + PACKET_HEADROOM
        || p->offload.csum_partial || p->offload.gso_type
        || p->l3_ofs != PACKET_OFS_NONE) {
        (*bad)++;
    }
}

static void
test_afpacket_recv(void)
{
    struct env env;
    uint8_t frame[2048];
    int bad = 0, max_batch, got;

    CU_ASSERT_FATAL(env_setup(&env));
    CU_ASSERT_STRING_EQUAL(netdev_get_type(env.netdev), "afpacket");
    CU_ASSERT_STRING_EQUAL(netdev_get_name(env.netdev), env.sw);

    /* Nothing waiting: no frame, no blocking. */
    CU_ASSERT_EQUAL(netdev_recv(env.netdev, env.ptrs, NETDEV_BATCH), 0);

    for (int i = 0; i < N_RX; i++) {
        CU_ASSERT_TRUE(peer_send(&env, frame,
                                 make_frame(frame, rx_len(i), NULL, 0, i)));
    }
    got = recv_frames(env.netdev, env.ptrs, N_RX, 2000, check_rx, &bad,
                      &max_batch);
    CU_ASSERT_EQUAL(got, N_RX);
    CU_ASSERT_EQUAL(bad, 0);
    /* They were waiting together: they come in batches. */
    CU_ASSERT(max_batch > 1);
    CU_ASSERT_EQUAL(netdev_recv(env.netdev, env.ptrs, NETDEV_BATCH), 0);

    env_teardown(&env);
}

/* VLAN tags: the kernel takes the outer one out; it must be back. */
static void
test_afpacket_vlan(void)
{
    static const uint32_t tags[][2] = {
        { 0x8100a064, 0 },              /* 802.1Q, PCP 5, VID 100. */
        { 0x88a800c8, 0 },              /* 802.1ad, VID 200. */
        { 0x88a8012c, 0x81000190 },     /* QinQ: S 300, C 400. */
        { 0x8100e000, 0 },              /* Priority tag: PCP 7, VID 0. */
        { 0x81000fff, 0x81000005 },     /* Two 802.1Q tags. */
    };
    struct env env;
    uint8_t frame[2048];

    CU_ASSERT_FATAL(env_setup(&env));
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        int n_tags = tags[t][1] ? 2 : 1;
        size_t sizes[2] = { 64, 1514 };

        for (int s = 0; s < 2; s++) {
            size_t len = make_frame(frame, sizes[s], tags[t], n_tags, t);
            int got;

            CU_ASSERT_TRUE(peer_send(&env, frame, len));
            got = recv_frames(env.netdev, env.ptrs, 1, 1000, NULL, NULL,
                              NULL);
            CU_ASSERT_EQUAL_FATAL(got, 1);
            CU_ASSERT_EQUAL(env.ptrs[0]->len, len);
            CU_ASSERT_TRUE(env.ptrs[0]->len == len
                           && !memcmp(env.ptrs[0]->data, frame, len));
            /* The tag went into the headroom. */
            CU_ASSERT_EQUAL(packet_headroom(env.ptrs[0]),
                            PACKET_HEADROOM - 4);
        }
    }
    env_teardown(&env);
}

/* A frame larger than a ring slot arrives whole (through the socket
 * queue), tag included. */
static void
test_afpacket_jumbo(void)
{
    static const uint32_t tag = 0x81000065;
    struct env env;
    static uint8_t frame[9100];
    size_t len;

    CU_ASSERT_FATAL(env_setup(&env));
    CU_ASSERT_EQUAL_FATAL(run("ip -n %s link set %s mtu 9000", env.ns_s,
                              env.sw), 0);
    CU_ASSERT_EQUAL_FATAL(run("ip -n %s link set %s mtu 9000", env.ns_p,
                              env.peer), 0);

    for (int i = 0; i < 3; i++) {
        len = make_frame(frame, 9014, NULL, 0, i);
        CU_ASSERT_TRUE(peer_send(&env, frame, len));
    }
    len = make_frame(frame, 9018, &tag, 1, 3);
    CU_ASSERT_TRUE(peer_send(&env, frame, len));
    /* Small frames keep their order with the large ones. */
    len = make_frame(frame, 100, NULL, 0, 4);
    CU_ASSERT_TRUE(peer_send(&env, frame, len));

    CU_ASSERT_EQUAL_FATAL(recv_frames(env.netdev, env.ptrs, 5, 2000, NULL,
                                      NULL, NULL), 5);
    for (int i = 0; i < 5; i++) {
        len = (i < 3 ? make_frame(frame, 9014, NULL, 0, i)
               : i == 3 ? make_frame(frame, 9018, &tag, 1, 3)
               : make_frame(frame, 100, NULL, 0, 4));
        CU_ASSERT_EQUAL(env.ptrs[i]->len, len);
        CU_ASSERT_TRUE(env.ptrs[i]->len == len
                       && !memcmp(env.ptrs[i]->data, frame, len));
    }
    env_teardown(&env);
}

/* ---- afpacket: send ---- */

#define N_TX 100

static void
test_afpacket_send(void)
{
    struct env env;
    uint8_t frame[2048], got[2048];
    int n_ok = 0;

    CU_ASSERT_FATAL(env_setup(&env));
    for (int i = 0; i < N_TX; i++) {
        size_t len = make_frame(frame, rx_len(i), NULL, 0, i);

        CU_ASSERT_TRUE(packet_set_frame(env.ptrs[i % NETDEV_BATCH], frame,
                                        len));
        if (i % NETDEV_BATCH == NETDEV_BATCH - 1 || i == N_TX - 1) {
            int n = i % NETDEV_BATCH + 1;

            CU_ASSERT_EQUAL(netdev_send(env.netdev, env.ptrs, n), n);
        }
    }
    for (int i = 0; i < N_TX; i++) {
        size_t len = make_frame(frame, rx_len(i), NULL, 0, i);
        ssize_t n = peer_recv(&env, got, sizeof got, 1000);

        if (n == (ssize_t) len && !memcmp(got, frame, len)) {
            n_ok++;
        }
    }
    CU_ASSERT_EQUAL(n_ok, N_TX);

    /* The switch does not receive its own frames. */
    CU_ASSERT_EQUAL(recv_frames(env.netdev, env.ptrs, 1, 300, NULL, NULL,
                                NULL), 0);

    /* A frame longer than the MTU without GSO is refused, and counted;
     * the rest of the batch still goes. */
    {
        static uint8_t big[3000];
        struct netdev_stats st;

        CU_ASSERT_TRUE(packet_set_frame(env.ptrs[0], big,
                                        make_frame(big, 3000, NULL, 0, 1)));
        CU_ASSERT_TRUE(packet_set_frame(env.ptrs[1], frame,
                                        make_frame(frame, 60, NULL, 0, 2)));
        vlog_set_level(VLL_ERR);    /* The warning is expected. */
        CU_ASSERT_EQUAL(netdev_send(env.netdev, env.ptrs, 2), 1);
        vlog_set_level(VLL_INFO);
        CU_ASSERT_EQUAL(peer_recv(&env, got, sizeof got, 1000), 60);
        netdev_get_stats(env.netdev, &st);
        CU_ASSERT_EQUAL(st.tx_errors, 1);
        CU_ASSERT_EQUAL(st.tx_packets, N_TX + 1);
    }
    env_teardown(&env);
}

/* Frames the peer sends and frames the switch sends, interleaved: the
 * switch gets exactly the peer's. */
static void
test_afpacket_no_own_frames(void)
{
    struct env env;
    uint8_t frame[256];
    int got;

    CU_ASSERT_FATAL(env_setup(&env));
    for (int i = 0; i < 20; i++) {
        CU_ASSERT_TRUE(packet_set_frame(env.ptrs[0], frame,
                                        make_frame(frame, 100, NULL, 0,
                                                   1000 + i)));
        CU_ASSERT_EQUAL(netdev_send(env.netdev, env.ptrs, 1), 1);
        CU_ASSERT_TRUE(peer_send(&env, frame,
                                 make_frame(frame, 80, NULL, 0, i)));
    }
    got = recv_frames(env.netdev, env.ptrs, 21, 500, NULL, NULL, NULL);
    CU_ASSERT_EQUAL(got, 20);
    for (int i = 0; i < MIN(got, NETDEV_BATCH); i++) {
        CU_ASSERT_EQUAL(env.ptrs[i]->len, 80);
    }
    env_teardown(&env);
}

/* ---- afpacket: counters ---- */

static void
test_afpacket_stats(void)
{
    struct netdev_stats st;
    struct env env;
    uint8_t frame[2048];
    uint64_t bytes = 0;
    int got, n_flood = 6000;

    CU_ASSERT_FATAL(env_setup(&env));
    CU_ASSERT_EQUAL(netdev_get_stats(env.netdev, &st), 0);
    CU_ASSERT_EQUAL(st.rx_packets, 0);
    CU_ASSERT_EQUAL(st.tx_packets, 0);

    for (int i = 0; i < 30; i++) {
        bytes += rx_len(i);
        CU_ASSERT_TRUE(peer_send(&env, frame,
                                 make_frame(frame, rx_len(i), NULL, 0, i)));
    }
    CU_ASSERT_EQUAL(recv_frames(env.netdev, env.ptrs, 30, 2000, NULL, NULL,
                                NULL), 30);
    for (int i = 0; i < 10; i++) {
        CU_ASSERT_TRUE(packet_set_frame(env.ptrs[i], frame,
                                        make_frame(frame, 100 + i, NULL, 0,
                                                   i)));
    }
    CU_ASSERT_EQUAL(netdev_send(env.netdev, env.ptrs, 10), 10);
    CU_ASSERT_EQUAL(netdev_get_stats(env.netdev, &st), 0);
    CU_ASSERT_EQUAL(st.rx_packets, 30);
    CU_ASSERT_EQUAL(st.rx_bytes, bytes);
    CU_ASSERT_EQUAL(st.tx_packets, 10);
    CU_ASSERT_EQUAL(st.tx_bytes, 10 * 100 + 45);
    CU_ASSERT_EQUAL(st.rx_dropped, 0);
    CU_ASSERT_EQUAL(st.rx_errors + st.tx_errors + st.tx_dropped, 0);

    /* More than the ring holds, while the switch is not reading: every
     * frame is either received or counted as dropped. */
    for (int i = 0; i < n_flood; i++) {
        CU_ASSERT_TRUE(peer_send(&env, frame,
                                 make_frame(frame, 1000, NULL, 0, i)));
    }
    got = recv_frames(env.netdev, env.ptrs, n_flood, 1000, NULL, NULL,
                      NULL);
    CU_ASSERT_EQUAL(netdev_get_stats(env.netdev, &st), 0);
    CU_ASSERT(st.rx_dropped > 0);
    CU_ASSERT(got < n_flood);
    CU_ASSERT_EQUAL(st.rx_packets, 30 + got);
    CU_ASSERT_EQUAL(got + st.rx_dropped, n_flood);
    env_teardown(&env);
}

/* ---- afpacket: properties and link state ---- */

static void
test_afpacket_properties(void)
{
    static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    struct netdev_features f;
    struct env env;
    unsigned int flags;
    uint8_t got_mac[6];
    int mtu;

    CU_ASSERT_FATAL(env_setup(&env));
    CU_ASSERT_EQUAL(run("ip -n %s link set %s mtu 1400 address "
                        "02:11:22:33:44:55", env.ns_s, env.sw), 0);
    CU_ASSERT_EQUAL(netdev_get_mtu(env.netdev, &mtu), 0);
    CU_ASSERT_EQUAL(mtu, 1400);
    CU_ASSERT_EQUAL(netdev_get_mac(env.netdev, got_mac), 0);
    CU_ASSERT_TRUE(!memcmp(got_mac, mac, 6));
    CU_ASSERT_EQUAL((unsigned int) netdev_get_ifindex(env.netdev),
                    ns_ifindex(env.ns_s, env.sw));
    CU_ASSERT(netdev_get_ifindex(env.netdev) > 0);
    CU_ASSERT_EQUAL(netdev_get_flags(env.netdev, &flags), 0);
    CU_ASSERT_EQUAL(flags, NETDEV_UP | NETDEV_CARRIER);

    /* A veth says 10 Gb/s, full duplex, twisted pair. */
    CU_ASSERT_EQUAL(netdev_get_features(env.netdev, &f), 0);
    CU_ASSERT_EQUAL(f.curr, OFPPF_10GB_FD | OFPPF_COPPER);
    CU_ASSERT_EQUAL(f.curr_speed, 10000000);
    CU_ASSERT_EQUAL(f.max_speed, 10000000);
    CU_ASSERT_EQUAL(f.supported, 0);
    CU_ASSERT_EQUAL(f.peer, 0);

    /* Gone interface: ENODEV. */
    CU_ASSERT_EQUAL(run("ip -n %s link del %s", env.ns_s, env.sw), 0);
    CU_ASSERT_EQUAL(netdev_get_mtu(env.netdev, &mtu), ENODEV);
    CU_ASSERT_EQUAL(mtu, 0);
    CU_ASSERT_EQUAL(netdev_get_flags(env.netdev, &flags), ENODEV);
    CU_ASSERT_EQUAL(netdev_recv(env.netdev, env.ptrs, NETDEV_BATCH), 0);
    env_teardown(&env);
}

/* Waits up to 'ms' for the flags of 'netdev' to become 'want', reading
 * them as a datapath does: when the monitor fires, and every 100 ms.
 * Returns the milliseconds it took, or -1.  Sets '*fired' if the monitor
 * fired meanwhile. */
static long long
wait_flags(struct netdev_monitor *mon, struct netdev *netdev,
           unsigned int want, int ms, bool *fired)
{
    long long start = now_ms(), deadline = start + ms;

    for (;;) {
        struct pollfd pfd = { .fd = netdev_monitor_get_fd(mon),
                              .events = POLLIN };
        unsigned int flags;

        if (!netdev_get_flags(netdev, &flags) && flags == want) {
            return now_ms() - start;
        }
        if (now_ms() >= deadline) {
            return -1;
        }
        poll(&pfd, 1, 100);
        *fired |= netdev_monitor_run(mon);
    }
}

/* Waits up to 'ms' for the monitor to fire, unless '*fired' already. */
static bool
wait_monitor(struct netdev_monitor *mon, int ms, bool *fired)
{
    long long deadline = now_ms() + ms;

    while (!*fired && now_ms() < deadline) {
        struct pollfd pfd = { .fd = netdev_monitor_get_fd(mon),
                              .events = POLLIN };

        poll(&pfd, 1, 10);
        *fired = netdev_monitor_run(mon);
    }
    return *fired;
}

static void
test_afpacket_link(void)
{
    struct netdev_monitor *mon;
    struct env env;
    uint8_t frame[128];
    unsigned int flags;
    long long ms;
    bool fired;
    int got;

    CU_ASSERT_FATAL(env_setup(&env));
    CU_ASSERT_FATAL(ns_enter(env.ns_s));
    CU_ASSERT_EQUAL(netdev_monitor_create(&mon), 0);
    ns_leave();
    CU_ASSERT_FATAL(mon != NULL);
    CU_ASSERT_FALSE(netdev_monitor_run(mon));

    /* The peer goes down: carrier lost, within a second.  The kernel's
     * notification may take up to a second by itself (both ends have the
     * same ifindex in their namespaces, which makes the event "not
     * urgent"), so it has a bit longer. */
    CU_ASSERT_EQUAL(run("ip -n %s link set %s down", env.ns_p, env.peer), 0);
    fired = false;
    ms = wait_flags(mon, env.netdev, NETDEV_UP, 1000, &fired);
    CU_ASSERT(ms >= 0);
    printf("[carrier down noticed in %lld ms] ", ms);
    CU_ASSERT_TRUE(wait_monitor(mon, 1500, &fired));
    CU_ASSERT_EQUAL(run("ip -n %s link set %s up", env.ns_p, env.peer), 0);
    fired = false;
    ms = wait_flags(mon, env.netdev, NETDEV_UP | NETDEV_CARRIER, 1000,
                    &fired);
    CU_ASSERT(ms >= 0);
    CU_ASSERT_TRUE(wait_monitor(mon, 1500, &fired));

    /* Administratively down (OFPPC_PORT_DOWN) and up again; the port
     * still receives afterwards.  Going down leaves an error on the fd,
     * which poll() reports until it is cleared. */
    CU_ASSERT_EQUAL(netdev_clear_error(env.netdev), 0);
    CU_ASSERT_EQUAL(netdev_set_up(env.netdev, false), 0);
    CU_ASSERT_EQUAL(netdev_get_flags(env.netdev, &flags), 0);
    CU_ASSERT_EQUAL(flags, 0);
    {
        struct pollfd pfd = { .fd = netdev_get_fd(env.netdev),
                              .events = POLLIN };

        CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);
        CU_ASSERT(pfd.revents & POLLERR);
        CU_ASSERT_EQUAL(netdev_clear_error(env.netdev), ENETDOWN);
        CU_ASSERT_EQUAL(poll(&pfd, 1, 0), 0);
        CU_ASSERT_EQUAL(netdev_clear_error(env.netdev), 0);

        /* Down and up again: netdev_recv(), finding nothing, clears the
         * error itself, so a datapath that polls does not spin. */
        CU_ASSERT_EQUAL(netdev_set_up(env.netdev, true), 0);
        CU_ASSERT_EQUAL(netdev_set_up(env.netdev, false), 0);
        CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);
        CU_ASSERT(pfd.revents & POLLERR);
        CU_ASSERT_EQUAL(netdev_recv(env.netdev, env.ptrs, NETDEV_BATCH), 0);
        CU_ASSERT_EQUAL(poll(&pfd, 1, 0), 0);
    }
    CU_ASSERT(wait_flags(mon, env.netdev, 0, 1000, &fired) >= 0);
    CU_ASSERT_EQUAL(recv_frames(env.netdev, env.ptrs, 1, 100, NULL, NULL,
                                NULL), 0);
    CU_ASSERT_EQUAL(netdev_set_up(env.netdev, true), 0);
    CU_ASSERT(wait_flags(mon, env.netdev, NETDEV_UP | NETDEV_CARRIER, 1000,
                         &fired) >= 0);
    /* The peer's kernel drops what it sends until its link watch has
     * reattached its queue, which may take a second: try a few times. */
    got = 0;
    for (int i = 0; i < 20 && !got; i++) {
        CU_ASSERT_TRUE(peer_send(&env, frame,
                                 make_frame(frame, 100, NULL, 0, 7)));
        got = recv_frames(env.netdev, env.ptrs, 1, 100, NULL, NULL, NULL);
    }
    CU_ASSERT_EQUAL(got, 1);

    netdev_monitor_destroy(mon);
    netdev_monitor_destroy(NULL);
    env_teardown(&env);
}

/* ---- TCP through a forwarder ----
 *
 * The forwarder is the least a switch does: ports in pairs (0 and 1, 2 and
 * 3), every frame received on one sent to the other, offload state and
 * all.  With 'vlan', ports 1 and 2 are the two ends of a trunk: frames
 * going out on 1 get an 802.1ad tag pushed and frames going out on 2 an
 * 802.1Q tag, and frames coming in on them have it popped again; so the
 * trunk carries tagged super-frames both ways, received with the tag
 * taken out by the kernel and put back by the netdev. */

struct forwarder {
    struct netdev *port[4];
    int n_ports;
    bool vlan;
    pthread_t thread;
    volatile bool stop;

    /* What crossed it. */
    uint64_t frames, gso_frames, partial_frames, tagged_frames;
    uint64_t bad_offsets;       /* csum_start not at the TCP header. */
    uint64_t bad_tags;          /* A trunk frame without its tag. */
    uint64_t send_failures;
};

/* The transport header's offset in an Ethernet frame with IPv4 or IPv6 (no
 * extension headers), after any VLAN tags, and the first TPID in
 * '*tpid' (0 if untagged); 0 if there is no IP. */
static size_t
l4_offset(const struct dp_packet *p, uint16_t *tpid)
{
    const uint8_t *d = p->data;
    size_t ofs = 12;
    uint16_t type;

    *tpid = 0;
    for (;;) {
        if (ofs + 2 > p->len) {
            return 0;
        }
        type = d[ofs] << 8 | d[ofs + 1];
        if (type != ETH_TYPE_VLAN && type != ETH_TYPE_VLAN_8021AD) {
            break;
        }
        if (!*tpid) {
            *tpid = type;
        }
        ofs += 4;
    }
    ofs += 2;
    if (type == ETH_TYPE_IPV4 && ofs < p->len) {
        return ofs + (d[ofs] & 0x0f) * 4;
    } else if (type == ETH_TYPE_IPV6) {
        return ofs + 40;
    }
    return 0;
}

static void
forward_batch(struct forwarder *fw, struct dp_packet *ptrs[], int n,
              int from)
{
    int to = from ^ 1;

    for (int i = 0; i < n; i++) {
        struct dp_packet *p = ptrs[i];
        uint16_t tpid;
        size_t l4 = l4_offset(p, &tpid);

        fw->frames++;
        fw->tagged_frames += tpid != 0;
        if (packet_is_gso(p)) {
            fw->gso_frames++;
        }
        if (p->offload.csum_partial) {
            fw->partial_frames++;
            if (l4 && (p->offload.csum_start != l4
                       || p->offload.csum_offset != 16)) {
                fw->bad_offsets++;
            }
        }
        if (fw->vlan && (from == 1 || from == 2)) {
            /* Off the trunk: 802.1ad from port 1's side, 802.1Q from
             * port 2's. */
            if (tpid != (from == 2 ? ETH_TYPE_VLAN_8021AD : ETH_TYPE_VLAN)
                || packet_headroom(p) != PACKET_HEADROOM - 4) {
                /* Wrong tag, or not one the kernel took out and the
                 * netdev put back. */
                fw->bad_tags++;
            }
            if (tpid) {
                packet_pull(p, 12, 4);
            }
        } else if (fw->vlan) {
            uint8_t *tag = packet_push(p, 12, 4);
            uint16_t type = to == 1 ? ETH_TYPE_VLAN_8021AD : ETH_TYPE_VLAN;

            tag[0] = type >> 8;
            tag[1] = type & 0xff;
            tag[2] = 0x20;      /* PCP 1, VID 100. */
            tag[3] = 100;
        }
    }
    fw->send_failures += n - netdev_send(fw->port[to], ptrs, n);
}

static void *
forwarder_main(void *fw_)
{
    struct forwarder *fw = fw_;
    struct dp_packet pkts[NETDEV_BATCH], *ptrs[NETDEV_BATCH];
    uint8_t *bufs;

    bufs_init(pkts, ptrs, &bufs);
    while (!fw->stop) {
        struct pollfd pfd[4];

        for (int i = 0; i < fw->n_ports; i++) {
            pfd[i].fd = netdev_get_fd(fw->port[i]);
            pfd[i].events = POLLIN;
        }
        poll(pfd, fw->n_ports, 20);
        for (int i = 0; i < fw->n_ports; i++) {
            if (pfd[i].revents) {
                int n = netdev_recv(fw->port[i], ptrs, NETDEV_BATCH);

                forward_batch(fw, ptrs, n, i);
            }
        }
    }
    free(bufs);
    return NULL;
}

static bool
forwarder_start(struct forwarder *fw)
{
    return !pthread_create(&fw->thread, NULL, forwarder_main, fw);
}

static void
forwarder_stop(struct forwarder *fw, const char *what)
{
    fw->stop = true;
    pthread_join(fw->thread, NULL);
    printf("[%s: %lu frames, %lu GSO, %lu partial, %lu tagged] ", what,
           (unsigned long) fw->frames, (unsigned long) fw->gso_frames,
           (unsigned long) fw->partial_frames,
           (unsigned long) fw->tagged_frames);
    for (int i = 0; i < fw->n_ports; i++) {
        netdev_close(fw->port[i]);
    }
}

static uint8_t
pattern(size_t i)
{
    return (uint8_t) (i * 131 + (i >> 11));
}

/* Sends 'total' bytes over TCP from a socket in 'ns_client' to 'ip' in
 * 'ns_server' within 'ms' milliseconds.  Returns the bytes received
 * intact (or -1 if the sockets could not be set up). */
static long
tcp_transfer(const char *ns_client, const char *ns_server, const char *ip,
             size_t total, int ms)
{
    struct sockaddr_in sin;
    long long deadline = now_ms() + ms;
    size_t sent = 0, received = 0;
    int lfd, cfd, sfd = -1, one = 1;
    bool shut = false, corrupt = false;
    static uint8_t out[65536], in[65536];

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(5201);
    inet_pton(AF_INET, ip, &sin.sin_addr);
    lfd = ns_socket(ns_server, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    cfd = ns_socket(ns_client, AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0 || cfd < 0) {
        return -1;
    }
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *) &sin, sizeof sin) || listen(lfd, 1)
        || (connect(cfd, (struct sockaddr *) &sin, sizeof sin)
            && errno != EINPROGRESS)) {
        close(lfd);
        close(cfd);
        return -1;
    }

    while (received < total && !corrupt && now_ms() < deadline) {
        struct pollfd pfd[2] = {
            { .fd = cfd, .events = sent < total ? POLLOUT : 0 },
            { .fd = sfd >= 0 ? sfd : lfd, .events = POLLIN },
        };

        poll(pfd, 2, 50);
        if (sfd < 0) {
            sfd = accept(lfd, NULL, NULL);
            if (sfd >= 0) {
                fcntl(sfd, F_SETFL, O_NONBLOCK);
            }
        }
        if (sent < total) {
            size_t n = MIN(sizeof out, total - sent);
            ssize_t r;

            for (size_t i = 0; i < n; i++) {
                out[i] = pattern(sent + i);
            }
            r = send(cfd, out, n, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (r > 0) {
                sent += r;
            }
        } else if (!shut) {
            shutdown(cfd, SHUT_WR);
            shut = true;
        }
        while (sfd >= 0) {
            ssize_t r = recv(sfd, in, sizeof in, MSG_DONTWAIT);

            if (r <= 0) {
                break;
            }
            for (ssize_t i = 0; i < r; i++) {
                if (in[i] != pattern(received + i)) {
                    corrupt = true;
                    break;
                }
            }
            received += r;
        }
    }
    close(cfd);
    close(lfd);
    if (sfd >= 0) {
        close(sfd);
    }
    return corrupt ? 0 : (long) received;
}

#define TCP_BYTES (10 * 1000 * 1000)

/* Hosts 'A' and 'B' in their own namespaces, joined through the switch's
 * namespace 'S' by veth pairs and the forwarder; with 'vlan', through two
 * forwarders and a VLAN trunk between them (a veth pair in 'S'). */
static void
tcp_through_forwarder(bool vlan)
{
    char ns_a[32], ns_b[32], ns_s[32];
    char a0[16], a1[16], b0[16], b1[16], t0[16], t1[16];
    struct forwarder fw;
    int pid = getpid();
    long got;

    memset(&fw, 0, sizeof fw);
    ns_name(ns_a, sizeof ns_a, 'a');
    ns_name(ns_b, sizeof ns_b, 'b');
    ns_name(ns_s, sizeof ns_s, 's');
    snprintf(a0, sizeof a0, "nd%da0", pid);
    snprintf(a1, sizeof a1, "nd%da1", pid);
    snprintf(b0, sizeof b0, "nd%db0", pid);
    snprintf(b1, sizeof b1, "nd%db1", pid);
    snprintf(t0, sizeof t0, "nd%dt0", pid);
    snprintf(t1, sizeof t1, "nd%dt1", pid);

    CU_ASSERT_FATAL(!ns_add(ns_a) && !ns_add(ns_b) && !ns_add(ns_s));
    CU_ASSERT_FATAL(!veth_add(ns_s, a0, ns_a, a1)
                    && !veth_add(ns_s, b0, ns_b, b1));
    CU_ASSERT_FATAL(!run("ip -n %s addr add 10.97.0.1/24 dev %s", ns_a, a1)
                    && !run("ip -n %s addr add 10.97.0.2/24 dev %s", ns_b,
                            b1));
    CU_ASSERT_FATAL(!ns_netdev_open(ns_s, a0, "afpacket", &fw.port[0]));
    if (vlan) {
        /* Linux lets a packet socket send 4 bytes beyond the MTU for an
         * 802.1Q tag only: give the trunk room for an 802.1ad one. */
        CU_ASSERT_FATAL(!veth_add(ns_s, t0, ns_s, t1)
                        && !run("ip -n %s link set %s mtu 1504", ns_s, t0)
                        && !run("ip -n %s link set %s mtu 1504", ns_s, t1));
        CU_ASSERT_FATAL(!ns_netdev_open(ns_s, t0, "afpacket", &fw.port[1]));
        CU_ASSERT_FATAL(!ns_netdev_open(ns_s, t1, "afpacket", &fw.port[2]));
        CU_ASSERT_FATAL(!ns_netdev_open(ns_s, b0, "afpacket", &fw.port[3]));
        fw.n_ports = 4;
        fw.vlan = true;
    } else {
        CU_ASSERT_FATAL(!ns_netdev_open(ns_s, b0, "afpacket", &fw.port[1]));
        fw.n_ports = 2;
    }
    CU_ASSERT_FATAL(forwarder_start(&fw));

    /* Both directions. */
    got = tcp_transfer(ns_a, ns_b, "10.97.0.2", TCP_BYTES, 30000);
    CU_ASSERT_EQUAL(got, TCP_BYTES);
    got = tcp_transfer(ns_b, ns_a, "10.97.0.1", TCP_BYTES, 30000);
    CU_ASSERT_EQUAL(got, TCP_BYTES);

    forwarder_stop(&fw, vlan ? "VLAN trunk" : "veth");
    /* The kernel's default offloads were in play, and survived. */
    CU_ASSERT(fw.gso_frames > 0);
    CU_ASSERT(fw.partial_frames > 0);
    CU_ASSERT_EQUAL(fw.bad_offsets, 0);
    CU_ASSERT_EQUAL(fw.bad_tags, 0);
    if (vlan) {
        /* Half of what crossed it came off the trunk. */
        CU_ASSERT(fw.tagged_frames >= fw.frames / 2 - 1);
    } else {
        CU_ASSERT_EQUAL(fw.tagged_frames, 0);
    }

    ns_del(ns_a);
    ns_del(ns_b);
    ns_del(ns_s);
}

static void
test_afpacket_tcp(void)
{
    tcp_through_forwarder(false);
}

static void
test_afpacket_tcp_vlan(void)
{
    tcp_through_forwarder(true);
}

/* ---- tap ---- */

static void
test_tap(void)
{
    char ns[32], name[16];
    struct netdev *tap, *tap2;
    struct netdev_features f;
    struct dp_packet pkts[NETDEV_BATCH], *ptrs[NETDEV_BATCH];
    struct netdev_stats st;
    unsigned int flags;
    uint8_t *bufs, frame[256], got[256], mac[6];
    int fd, mtu;
    long long deadline;

    ns_name(ns, sizeof ns, 't');
    snprintf(name, sizeof name, "nd%dtap", getpid());
    bufs_init(pkts, ptrs, &bufs);
    CU_ASSERT_FATAL(!ns_add(ns));

    CU_ASSERT_EQUAL_FATAL(ns_netdev_open(ns, name, "tap", &tap), 0);
    CU_ASSERT_STRING_EQUAL(netdev_get_type(tap), "tap");
    CU_ASSERT_EQUAL((unsigned int) netdev_get_ifindex(tap),
                    ns_ifindex(ns, name));
    CU_ASSERT_EQUAL(netdev_get_flags(tap, &flags), 0);
    CU_ASSERT_EQUAL(flags, NETDEV_UP | NETDEV_CARRIER);
    CU_ASSERT_EQUAL(netdev_get_mtu(tap, &mtu), 0);
    CU_ASSERT_EQUAL(mtu, 1500);
    CU_ASSERT_EQUAL(netdev_get_mac(tap, mac), 0);
    CU_ASSERT_EQUAL(mac[0] & 1, 0);
    /* The tun driver says full duplex, twisted pair, at 10 Mb/s (older
     * kernels) or 10 Gb/s (Linux 6.18). */
    CU_ASSERT_EQUAL(netdev_get_features(tap, &f), 0);
    CU_ASSERT(f.curr == (OFPPF_10MB_FD | OFPPF_COPPER)
              || f.curr == (OFPPF_10GB_FD | OFPPF_COPPER));
    CU_ASSERT_EQUAL(f.curr_speed, f.curr & OFPPF_10MB_FD ? 10000 : 10000000);
    /* A second tap of the same name is refused. */
    CU_ASSERT_EQUAL(ns_netdev_open(ns, name, "tap", &tap2), EEXIST);
    CU_ASSERT_PTR_NULL(tap2);

    /* The kernel side: a raw socket on the tap interface. */
    fd = raw_socket(ns, name);
    CU_ASSERT_FATAL(fd >= 0);

    /* Switch to kernel. */
    CU_ASSERT_TRUE(packet_set_frame(ptrs[0], frame,
                                    make_frame(frame, 120, NULL, 0, 1)));
    CU_ASSERT_TRUE(packet_set_frame(ptrs[1], frame,
                                    make_frame(frame, 130, NULL, 0, 2)));
    CU_ASSERT_EQUAL(netdev_send(tap, ptrs, 2), 2);
    for (int i = 0; i < 2; i++) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        size_t len = make_frame(frame, 120 + 10 * i, NULL, 0, i + 1);

        CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);
        CU_ASSERT_EQUAL(recv(fd, got, sizeof got, MSG_DONTWAIT),
                        (ssize_t) len);
        CU_ASSERT_TRUE(!memcmp(got, frame, len));
    }

    /* Kernel to switch, a VLAN-tagged one included (a tap keeps tags in
     * the frame). */
    {
        static const uint32_t tag = 0x81000064;
        size_t len;

        CU_ASSERT_EQUAL(send(fd, frame, make_frame(frame, 90, NULL, 0, 3),
                             0), 90);
        len = make_frame(frame, 94, &tag, 1, 4);
        CU_ASSERT_EQUAL(send(fd, frame, len, 0), (ssize_t) len);
        CU_ASSERT_EQUAL(recv_frames(tap, ptrs, 2, 1000, NULL, NULL, NULL),
                        2);
        CU_ASSERT_EQUAL(ptrs[0]->len, 90);
        CU_ASSERT_EQUAL(ptrs[1]->len, len);
        CU_ASSERT_TRUE(!memcmp(ptrs[1]->data, frame, len));
    }
    CU_ASSERT_EQUAL(netdev_get_stats(tap, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 2);
    CU_ASSERT_EQUAL(st.tx_bytes, 250);
    CU_ASSERT_EQUAL(st.rx_packets, 2);
    CU_ASSERT_EQUAL(st.rx_bytes, 184);
    CU_ASSERT_EQUAL(st.rx_dropped, 0);
    close(fd);

    /* Closing deletes the interface. */
    netdev_close(tap);
    deadline = now_ms() + 1000;
    while (ns_ifindex(ns, name) && now_ms() < deadline) {
        usleep(10000);
    }
    CU_ASSERT_EQUAL(ns_ifindex(ns, name), 0);

    ns_del(ns);
    free(bufs);
}

/* TCP between the kernel behind a tap (as behind the LOCAL port) and a
 * host behind a veth, through the forwarder: offloads both ways. */
static void
test_tap_tcp(void)
{
    char ns_s[32], ns_b[32], tap_name[16], b0[16], b1[16];
    struct forwarder fw;
    int pid = getpid();
    long got;

    memset(&fw, 0, sizeof fw);
    ns_name(ns_s, sizeof ns_s, 's');
    ns_name(ns_b, sizeof ns_b, 'b');
    snprintf(tap_name, sizeof tap_name, "nd%dtap", pid);
    snprintf(b0, sizeof b0, "nd%db0", pid);
    snprintf(b1, sizeof b1, "nd%db1", pid);

    CU_ASSERT_FATAL(!ns_add(ns_s) && !ns_add(ns_b));
    CU_ASSERT_FATAL(!veth_add(ns_s, b0, ns_b, b1));
    CU_ASSERT_FATAL(!ns_netdev_open(ns_s, tap_name, "tap", &fw.port[0]));
    CU_ASSERT_FATAL(!ns_netdev_open(ns_s, b0, NULL, &fw.port[1]));
    fw.n_ports = 2;
    CU_ASSERT_FATAL(!run("ip -n %s addr add 10.98.0.1/24 dev %s", ns_s,
                         tap_name)
                    && !run("ip -n %s addr add 10.98.0.2/24 dev %s", ns_b,
                            b1));
    CU_ASSERT_FATAL(forwarder_start(&fw));

    /* Both directions: the tap's kernel sends, then receives. */
    got = tcp_transfer(ns_s, ns_b, "10.98.0.2", TCP_BYTES, 30000);
    CU_ASSERT_EQUAL(got, TCP_BYTES);
    got = tcp_transfer(ns_b, ns_s, "10.98.0.1", TCP_BYTES, 30000);
    CU_ASSERT_EQUAL(got, TCP_BYTES);

    forwarder_stop(&fw, "tap");
    CU_ASSERT(fw.gso_frames > 0);
    CU_ASSERT(fw.partial_frames > 0);
    CU_ASSERT_EQUAL(fw.bad_offsets, 0);

    ns_del(ns_b);
    ns_del(ns_s);
}

/* ---- dummy ---- */

static bool
fd_readable(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    return poll(&pfd, 1, 0) == 1;
}

static void
test_dummy(void)
{
    struct dp_packet pkts[NETDEV_BATCH], *ptrs[NETDEV_BATCH];
    struct packet_offload off, got_off;
    struct netdev *d1, *d2, *dup;
    struct netdev_stats st;
    struct netdev_features f;
    struct ofpbuf cap;
    unsigned int flags;
    uint8_t *bufs, frame[256], mac1[6], mac2[6];
    int mtu;

    bufs_init(pkts, ptrs, &bufs);
    CU_ASSERT_EQUAL_FATAL(netdev_open("dummy-p1", "dummy", &d1), 0);
    CU_ASSERT_EQUAL_FATAL(netdev_open("dummy-p2", "dummy", &d2), 0);
    CU_ASSERT_EQUAL(netdev_open("dummy-p1", "dummy", &dup), EEXIST);
    CU_ASSERT_PTR_NULL(dup);
    CU_ASSERT_PTR_EQUAL(netdev_dummy_find("dummy-p1"), d1);
    CU_ASSERT_PTR_EQUAL(netdev_dummy_find("dummy-p2"), d2);
    CU_ASSERT_PTR_NULL(netdev_dummy_find("dummy-p3"));
    CU_ASSERT_EQUAL(netdev_get_ifindex(d1), 0);

    /* Properties. */
    CU_ASSERT_EQUAL(netdev_get_mac(d1, mac1), 0);
    CU_ASSERT_EQUAL(netdev_get_mac(d2, mac2), 0);
    CU_ASSERT_EQUAL(mac1[0], 0x02);
    CU_ASSERT_TRUE(memcmp(mac1, mac2, 6) != 0);
    CU_ASSERT_EQUAL(netdev_get_mtu(d1, &mtu), 0);
    CU_ASSERT_EQUAL(mtu, 1500);
    CU_ASSERT_EQUAL(netdev_get_features(d1, &f), 0);
    CU_ASSERT_EQUAL(f.curr_speed, 10000000);

    /* Inject, then receive in order; the fd is readable exactly while
     * frames wait. */
    CU_ASSERT_FALSE(fd_readable(netdev_get_fd(d1)));
    memset(&off, 0, sizeof off);
    off.csum_partial = true;
    off.csum_start = 34;
    off.csum_offset = 16;
    for (int i = 0; i < 70; i++) {
        CU_ASSERT_TRUE(netdev_dummy_inject(d1, frame,
                                           make_frame(frame, 60 + i, NULL,
                                                      0, i),
                                           i == 5 ? &off : NULL));
    }
    CU_ASSERT_TRUE(fd_readable(netdev_get_fd(d1)));
    CU_ASSERT_EQUAL(netdev_recv(d1, ptrs, NETDEV_BATCH), NETDEV_BATCH);
    CU_ASSERT_EQUAL(ptrs[0]->len, 60);
    CU_ASSERT_EQUAL(ptrs[63]->len, 123);
    CU_ASSERT_TRUE(ptrs[5]->offload.csum_partial);
    CU_ASSERT_EQUAL(ptrs[5]->offload.csum_start, 34);
    CU_ASSERT_FALSE(ptrs[6]->offload.csum_partial);
    CU_ASSERT_TRUE(fd_readable(netdev_get_fd(d1)));
    CU_ASSERT_EQUAL(netdev_recv(d1, ptrs, NETDEV_BATCH), 6);
    CU_ASSERT_FALSE(fd_readable(netdev_get_fd(d1)));
    CU_ASSERT_EQUAL(netdev_recv(d1, ptrs, NETDEV_BATCH), 0);

    /* Send, then capture with offload state. */
    CU_ASSERT_TRUE(packet_set_frame(ptrs[0], frame,
                                    make_frame(frame, 100, NULL, 0, 9)));
    ptrs[0]->offload = off;
    CU_ASSERT_TRUE(packet_set_frame(ptrs[1], frame,
                                    make_frame(frame, 80, NULL, 0, 10)));
    CU_ASSERT_EQUAL(netdev_send(d2, ptrs, 2), 2);
    CU_ASSERT_EQUAL(netdev_dummy_n_captured(d2), 2);
    CU_ASSERT_EQUAL(netdev_dummy_n_captured(d1), 0);
    ofpbuf_init(&cap);
    CU_ASSERT_TRUE(netdev_dummy_capture(d2, &cap, &got_off));
    CU_ASSERT_EQUAL(cap.size, 100);
    CU_ASSERT_TRUE(got_off.csum_partial);
    CU_ASSERT_EQUAL(got_off.csum_offset, 16);
    ofpbuf_clear(&cap);
    CU_ASSERT_TRUE(netdev_dummy_capture(d2, &cap, NULL));
    CU_ASSERT_EQUAL(cap.size, 80);
    CU_ASSERT_TRUE(!memcmp(cap.data, frame, 80));
    CU_ASSERT_FALSE(netdev_dummy_capture(d2, &cap, NULL));
    ofpbuf_uninit(&cap);

    /* Link state: no carrier, no frames either way. */
    netdev_dummy_set_carrier(d2, false);
    CU_ASSERT_EQUAL(netdev_get_flags(d2, &flags), 0);
    CU_ASSERT_EQUAL(flags, NETDEV_UP);
    CU_ASSERT_EQUAL(netdev_send(d2, ptrs, 1), 0);
    CU_ASSERT_FALSE(netdev_dummy_inject(d2, frame, 60, NULL));
    netdev_dummy_set_carrier(d2, true);
    CU_ASSERT_EQUAL(netdev_set_up(d2, false), 0);
    CU_ASSERT_EQUAL(netdev_get_flags(d2, &flags), 0);
    CU_ASSERT_EQUAL(flags, 0);
    CU_ASSERT_EQUAL(netdev_set_up(d2, true), 0);
    CU_ASSERT_EQUAL(netdev_get_flags(d2, &flags), 0);
    CU_ASSERT_EQUAL(flags, NETDEV_UP | NETDEV_CARRIER);

    /* Counters. */
    CU_ASSERT_EQUAL(netdev_get_stats(d1, &st), 0);
    CU_ASSERT_EQUAL(st.rx_packets, 70);
    CU_ASSERT_EQUAL(st.rx_bytes, 70 * 60 + 69 * 70 / 2);
    CU_ASSERT_EQUAL(st.tx_packets, 0);
    CU_ASSERT_EQUAL(netdev_get_stats(d2, &st), 0);
    CU_ASSERT_EQUAL(st.tx_packets, 2);
    CU_ASSERT_EQUAL(st.tx_bytes, 180);
    CU_ASSERT_EQUAL(st.tx_dropped, 1);
    CU_ASSERT_EQUAL(st.rx_dropped, 1);

    netdev_close(d1);
    CU_ASSERT_PTR_NULL(netdev_dummy_find("dummy-p1"));
    netdev_close(d2);
    netdev_close(NULL);
    free(bufs);
}

/* A GSO super-frame counts as the segments it stands for. */
static void
test_gso_counting(void)
{
    struct dp_packet pkts[NETDEV_BATCH], *ptrs[NETDEV_BATCH];
    struct packet_offload off;
    struct netdev_stats st;
    struct netdev *d;
    static uint8_t frame[2554];
    uint8_t *bufs;

    bufs_init(pkts, ptrs, &bufs);
    CU_ASSERT_EQUAL_FATAL(netdev_open("dummy-gso", "dummy", &d), 0);
    memset(&off, 0, sizeof off);
    off.gso_type = PACKET_GSO_TCPV4;
    off.gso_size = 1000;
    off.hdr_len = 54;
    off.csum_partial = true;
    off.csum_start = 34;
    off.csum_offset = 16;
    /* 2500 payload bytes: 3 segments of 54 header bytes each. */
    CU_ASSERT_TRUE(netdev_dummy_inject(d, frame, 2554, &off));
    /* Exactly one segment's worth: one packet. */
    CU_ASSERT_TRUE(netdev_dummy_inject(d, frame, 1054, &off));
    CU_ASSERT_EQUAL(netdev_recv(d, ptrs, NETDEV_BATCH), 2);
    CU_ASSERT_EQUAL(netdev_send(d, ptrs, 2), 2);
    CU_ASSERT_EQUAL(netdev_get_stats(d, &st), 0);
    CU_ASSERT_EQUAL(st.rx_packets, 4);
    CU_ASSERT_EQUAL(st.rx_bytes, 2554 + 2 * 54 + 1054);
    CU_ASSERT_EQUAL(st.tx_packets, 4);
    CU_ASSERT_EQUAL(st.tx_bytes, st.rx_bytes);
    netdev_close(d);
    free(bufs);
}

static void
test_open_errors(void)
{
    struct netdev *netdev = (struct netdev *) &netdev;

    CU_ASSERT_EQUAL(netdev_open("lo", "nosuchclass", &netdev), EAFNOSUPPORT);
    CU_ASSERT_PTR_NULL(netdev);
    CU_ASSERT_EQUAL(netdev_open("ofk-no-such-if", NULL, &netdev), ENODEV);
    CU_ASSERT_PTR_NULL(netdev);
    CU_ASSERT_EQUAL(netdev_open("a-name-far-too-long-for-linux", "dummy",
                                &netdev), ENAMETOOLONG);
    CU_ASSERT_EQUAL(netdev_open("", "dummy", &netdev), EINVAL);
    CU_ASSERT_EQUAL(netdev_open("a/b", "dummy", &netdev), EINVAL);
    /* A tap cannot take the name of an interface that is not one. */
    CU_ASSERT_NOT_EQUAL(netdev_open("lo", "tap", &netdev), 0);
    CU_ASSERT_PTR_NULL(netdev);
}

static CU_TestInfo tests[] = {
    { "netdev afpacket receives batches", test_afpacket_recv },
    { "netdev afpacket restores VLAN tags", test_afpacket_vlan },
    { "netdev afpacket receives frames larger than a slot",
      test_afpacket_jumbo },
    { "netdev afpacket sends batches", test_afpacket_send },
    { "netdev afpacket never receives its own frames",
      test_afpacket_no_own_frames },
    { "netdev afpacket counts", test_afpacket_stats },
    { "netdev afpacket properties", test_afpacket_properties },
    { "netdev afpacket link changes", test_afpacket_link },
    { "netdev afpacket TCP with offloads", test_afpacket_tcp },
    { "netdev afpacket TCP over VLAN with offloads", test_afpacket_tcp_vlan },
    { "netdev tap", test_tap },
    { "netdev tap TCP with offloads", test_tap_tcp },
    { "netdev dummy", test_dummy },
    { "netdev GSO counting", test_gso_counting },
    { "netdev open errors", test_open_errors },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("netdev", tests);
