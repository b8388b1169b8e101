/*
 * bench-netdev: packet rates of the port I/O strategies, and why
 * switch/netdev-afpacket.c is built the way it is.
 *
 * Topology (network namespaces, made and deleted by the program):
 *
 *     [G] g1 ---- g0 [S] h0 ---- h1 [H]
 *
 * A generator process in G (pinned to CPU 0) sends 64-byte frames on g1 as
 * fast as sendmmsg() goes; the strategy under test runs in S (pinned to
 * CPU 1).  Rates are medians of several runs, in frames per second:
 *
 *   rx   frames a strategy receives on g0 (copied into dp_packet buffers,
 *        as the datapath needs them), with the kernel's drop count
 *   tx   frames a strategy sends on h0 that arrive at h1 (no generator)
 *   fwd  frames received on g0 and sent on h0 that arrive at h1
 *   rtt  UDP round trips between G and H through a forwarder on each
 *        side, at low rate
 *
 * Candidates: the netdev afpacket class (TPACKET_V2 ring + vnet headers
 * for receive, sendmmsg + vnet headers for send); a TPACKET_V3 ring +
 * vnet headers; recvmmsg + vnet headers + PACKET_AUXDATA; a TPACKET_V2 TX
 * ring + vnet headers; libpcap in immediate mode (pcap_dispatch,
 * pcap_inject); the tap class.
 *
 * Built with everything else (tests/bench/module.mk); run as root:
 *     build/bench/bench-netdev [SECONDS [RUNS]]
 * libpcap is loaded at run time (dlopen), so the build needs no -lpcap;
 * without it the libpcap candidates are skipped.
 *
 * The figures and the choice they led to are in switch/netdev-afpacket.c.
 * Note for the "rx" lines: the generator's CPU also does the kernel's
 * receive work, including waking the reader, so a reader that sleeps and
 * wakes per frame (V2 ring, recvmmsg) slows the generator down: its
 * offered rate is lower.  The "fwd" lines, where the reader is busy, are
 * the ones that matter for a switch.
 */
#include "switch/netdev.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "switch/packet.h"

#define BATCH NETDEV_BATCH
#define FRAME_LEN 60            /* 64 bytes on the wire with the FCS. */

static double seconds = 3.0;
static int n_runs = 3;

/* libpcap, loaded at run time. */
#define PCAP_FUNCS                              \
    PCAP_FUNC(pcap_create)                      \
    PCAP_FUNC(pcap_set_immediate_mode)          \
    PCAP_FUNC(pcap_set_snaplen)                 \
    PCAP_FUNC(pcap_set_buffer_size)             \
    PCAP_FUNC(pcap_set_promisc)                 \
    PCAP_FUNC(pcap_activate)                    \
    PCAP_FUNC(pcap_geterr)                      \
    PCAP_FUNC(pcap_setnonblock)                 \
    PCAP_FUNC(pcap_setdirection)                \
    PCAP_FUNC(pcap_get_selectable_fd)           \
    PCAP_FUNC(pcap_dispatch)                    \
    PCAP_FUNC(pcap_stats)                       \
    PCAP_FUNC(pcap_inject)                      \
    PCAP_FUNC(pcap_close)

#define PCAP_FUNC(NAME) static __typeof__(NAME) *p_##NAME;
PCAP_FUNCS
#undef PCAP_FUNC

static bool
pcap_load(void)
{
    void *lib = dlopen("libpcap.so.0.8", RTLD_NOW);

    if (!lib) {
        lib = dlopen("libpcap.so", RTLD_NOW);
    }
    if (!lib) {
        return false;
    }
#define PCAP_FUNC(NAME)                                 \
    p_##NAME = (__typeof__(NAME) *) dlsym(lib, #NAME);  \
    if (!p_##NAME) {                                    \
        return false;                                   \
    }
    PCAP_FUNCS
#undef PCAP_FUNC
    return true;
}

static bool have_pcap;

/* ---- Helpers ---- */

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
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
        fprintf(stderr, "bench-netdev: \"%s\" failed\n", cmd);
    }
    return status;
}

static void
pin(int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static int home_fd = -1;

static void
ns_enter(const char *ns)
{
    char path[128];
    int fd;

    if (home_fd < 0) {
        home_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    }
    snprintf(path, sizeof path, "/var/run/netns/%s", ns);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET)) {
        perror(path);
        exit(1);
    }
    close(fd);
}

static void
ns_leave(void)
{
    if (setns(home_fd, CLONE_NEWNET)) {
        perror("setns");
        exit(1);
    }
}

static int
cmp_double(const void *a_, const void *b_)
{
    double a = *(const double *) a_, b = *(const double *) b_;

    return a < b ? -1 : a > b;
}

static double
median(double *v, int n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* ---- Topology ---- */

struct topo {
    char g[32], s[32], h[32];
    char g0[16], g1[16], h0[16], h1[16];
};

static struct topo topo;

static void
topo_destroy(void)
{
    run("ip netns del %s 2>/dev/null", topo.g);
    run("ip netns del %s 2>/dev/null", topo.s);
    run("ip netns del %s 2>/dev/null", topo.h);
}

static void
topo_create(void)
{
    int pid = getpid();
    const char *nss[3] = { topo.g, topo.s, topo.h };

    snprintf(topo.g, sizeof topo.g, "ofk-bn%d-g", pid);
    snprintf(topo.s, sizeof topo.s, "ofk-bn%d-s", pid);
    snprintf(topo.h, sizeof topo.h, "ofk-bn%d-h", pid);
    snprintf(topo.g0, sizeof topo.g0, "bn%dg0", pid);
    snprintf(topo.g1, sizeof topo.g1, "bn%dg1", pid);
    snprintf(topo.h0, sizeof topo.h0, "bn%dh0", pid);
    snprintf(topo.h1, sizeof topo.h1, "bn%dh1", pid);
    atexit(topo_destroy);
    for (int i = 0; i < 3; i++) {
        if (run("ip netns add %s", nss[i])
            || run("ip netns exec %s sysctl -qw "
                   "net.ipv6.conf.all.disable_ipv6=1 "
                   "net.ipv6.conf.default.disable_ipv6=1", nss[i])) {
            exit(1);
        }
    }
    if (run("ip link add %s netns %s type veth peer name %s netns %s",
            topo.g1, topo.g, topo.g0, topo.s)
        || run("ip link add %s netns %s type veth peer name %s netns %s",
               topo.h0, topo.s, topo.h1, topo.h)
        || run("ip -n %s link set %s up", topo.g, topo.g1)
        || run("ip -n %s link set %s up", topo.s, topo.g0)
        || run("ip -n %s link set %s up", topo.s, topo.h0)
        || run("ip -n %s link set %s up", topo.h, topo.h1)
        || run("ip -n %s addr add 10.99.0.1/24 dev %s", topo.g, topo.g1)
        || run("ip -n %s addr add 10.99.0.2/24 dev %s", topo.h, topo.h1)) {
        exit(1);
    }
    sleep(2);                   /* Link watch: queues attached. */
}

/* Frames 'ifname' in 'ns' received, by the kernel's count. */
static uint64_t
rx_count(const char *ns, const char *ifname)
{
    struct ifaddrs *ifa, *i;
    uint64_t n = 0;

    ns_enter(ns);
    if (!getifaddrs(&ifa)) {
        for (i = ifa; i; i = i->ifa_next) {
            if (i->ifa_addr && i->ifa_addr->sa_family == AF_PACKET
                && i->ifa_data && !strcmp(i->ifa_name, ifname)) {
                n = ((const struct rtnl_link_stats *) i->ifa_data)
                    ->rx_packets;
            }
        }
        freeifaddrs(ifa);
    }
    ns_leave();
    return n;
}

/* A raw packet socket on 'ifname' in 'ns' (it stays there). */
static int
raw_socket(const char *ns, const char *ifname, bool vnet)
{
    struct sockaddr_ll sll;
    int one = 1, fd;

    ns_enter(ns);
    fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (vnet) {
        setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one);
    }
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = if_nametoindex(ifname);
    ns_leave();
    return fd;
}

static void
raw_bind(int fd, const char *ns, const char *ifname)
{
    struct sockaddr_ll sll;

    ns_enter(ns);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = if_nametoindex(ifname);
    ns_leave();
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        perror("bind");
        exit(1);
    }
}

static void
make_frame(uint8_t *f)
{
    static const uint8_t head[] = {
        0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
        0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0, 10, 99, 0, 1,
        10, 99, 0, 3, 0x30, 0x39, 0x30, 0x39, 0, 26, 0, 0,
    };

    memset(f, 0, FRAME_LEN);
    memcpy(f, head, sizeof head);
}

/* ---- The generator ---- */

/* Starts a process that sends 64-byte frames on g1 for 'secs' seconds
 * and writes how many to the pipe '*result_fd'. */
static pid_t
gen_start(double secs, int *result_fd)
{
    int pipefd[2];
    pid_t pid;

    if (pipe(pipefd)) {
        exit(1);
    }
    pid = fork();
    if (!pid) {
        uint8_t frame[FRAME_LEN];
        struct iovec iov[BATCH];
        struct mmsghdr msgs[BATCH];
        int fd = raw_socket(topo.g, topo.g1, false);
        uint64_t sent = 0;
        double end;

        pin(0);
        raw_bind(fd, topo.g, topo.g1);
        make_frame(frame);
        for (int i = 0; i < BATCH; i++) {
            iov[i].iov_base = frame;
            iov[i].iov_len = sizeof frame;
            memset(&msgs[i], 0, sizeof msgs[i]);
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        usleep(200000);
        end = now() + secs;
        while (now() < end) {
            int n = sendmmsg(fd, msgs, BATCH, 0);

            sent += n > 0 ? n : 0;
        }
        if (write(pipefd[1], &sent, sizeof sent) != sizeof sent) {
            _exit(1);
        }
        _exit(0);
    }
    close(pipefd[1]);
    *result_fd = pipefd[0];
    return pid;
}

static uint64_t
gen_finish(pid_t pid, int fd)
{
    uint64_t sent = 0;

    if (read(fd, &sent, sizeof sent) != sizeof sent) {
        sent = 0;
    }
    close(fd);
    waitpid(pid, NULL, 0);
    return sent;
}

/* The offload state of a received virtio-net header (the raw strategies
 * must carry it too: a locally sent UDP datagram arrives with its checksum
 * still to be computed). */
static void
vnet_to_offload(const struct virtio_net_hdr *v, struct packet_offload *o)
{
    memset(o, 0, sizeof *o);
    o->csum_partial = (v->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0;
    o->gso_type = v->gso_type;
    o->hdr_len = v->hdr_len;
    o->gso_size = v->gso_size;
    o->csum_start = v->csum_start;
    o->csum_offset = v->csum_offset;
}

/* ---- Receive strategies ----
 *
 * Each receives up to BATCH frames into 'pkts' and returns how many; the
 * fd to poll is 'fd'. */

struct rx {
    const char *name;
    int fd;
    int (*recv)(struct rx *, struct dp_packet *pkts[]);
    uint64_t (*drops)(struct rx *);
    void (*close)(struct rx *);

    struct netdev *netdev;
    uint8_t *ring;
    size_t ring_size;
    unsigned int block, n_blocks, block_size;
    pcap_t *pcap;
};

static uint64_t
sock_drops(struct rx *rx)
{
    struct tpacket_stats_v3 st;
    socklen_t len = sizeof st;

    memset(&st, 0, sizeof st);
    getsockopt(rx->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len);
    return st.tp_drops;
}

/* The netdev afpacket class. */
static int
rx_netdev_recv(struct rx *rx, struct dp_packet *pkts[])
{
    return netdev_recv(rx->netdev, pkts, BATCH);
}

static uint64_t
rx_netdev_drops(struct rx *rx)
{
    struct netdev_stats st;

    netdev_get_stats(rx->netdev, &st);
    return st.rx_dropped;
}

static void
rx_netdev_close(struct rx *rx)
{
    netdev_close(rx->netdev);
}

static void
rx_netdev_open(struct rx *rx, const char *ns, const char *ifname)
{
    ns_enter(ns);
    if (netdev_open(ifname, NULL, &rx->netdev)) {
        exit(1);
    }
    ns_leave();
    rx->name = "TPACKET_V2 ring + vnet (netdev)";
    rx->fd = netdev_get_fd(rx->netdev);
    rx->recv = rx_netdev_recv;
    rx->drops = rx_netdev_drops;
    rx->close = rx_netdev_close;
}

/* TPACKET_V3 ring with virtio-net headers: 1 MiB blocks, 1 ms timer. */
static int
rx_v3_recv(struct rx *rx, struct dp_packet *pkts[])
{
    struct tpacket_block_desc *bd = (struct tpacket_block_desc *)
        (rx->ring + (size_t) rx->block * rx->block_size);
    const struct tpacket3_hdr *h;
    int n = 0;

    if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE)
          & TP_STATUS_USER)) {
        return 0;
    }
    /* A block holds thousands of frames: take them all, the caller's
     * batch is reused (the copy is what counts). */
    h = (const struct tpacket3_hdr *) ((uint8_t *) bd
                                       + bd->hdr.bh1.offset_to_first_pkt);
    for (unsigned int i = 0; i < bd->hdr.bh1.num_pkts; i++) {
        struct dp_packet *p = pkts[n % BATCH];

        packet_set_frame(p, (const uint8_t *) h + h->tp_mac, h->tp_snaplen);
        vnet_to_offload((const struct virtio_net_hdr *)
                        ((const uint8_t *) h + h->tp_mac
                         - sizeof(struct virtio_net_hdr)), &p->offload);
        n++;
        h = (const struct tpacket3_hdr *) ((const uint8_t *) h
                                           + h->tp_next_offset);
    }
    __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
                     __ATOMIC_RELEASE);
    rx->block = (rx->block + 1) % rx->n_blocks;
    return n;
}

static void
rx_ring_close(struct rx *rx)
{
    munmap(rx->ring, rx->ring_size);
    close(rx->fd);
}

static void
rx_v3_open(struct rx *rx, const char *ns, const char *ifname)
{
    struct tpacket_req3 req;
    int v = TPACKET_V3;

    rx->fd = raw_socket(ns, ifname, false);
    setsockopt(rx->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v);
    v = 1;
    setsockopt(rx->fd, SOL_PACKET, PACKET_VNET_HDR, &v, sizeof v);
    memset(&req, 0, sizeof req);
    req.tp_block_size = 1 << 20;
    req.tp_block_nr = 4;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = req.tp_block_size / req.tp_frame_size
                      * req.tp_block_nr;
    req.tp_retire_blk_tov = 1;
    if (setsockopt(rx->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        perror("TPACKET_V3");
        exit(1);
    }
    rx->block_size = req.tp_block_size;
    rx->n_blocks = req.tp_block_nr;
    rx->ring_size = (size_t) req.tp_block_size * req.tp_block_nr;
    rx->ring = mmap(NULL, rx->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                    rx->fd, 0);
    raw_bind(rx->fd, ns, ifname);
    rx->name = "TPACKET_V3 ring + vnet";
    rx->recv = rx_v3_recv;
    rx->drops = sock_drops;
    rx->close = rx_ring_close;
}

/* recvmmsg() with virtio-net headers and PACKET_AUXDATA. */
static int
rx_mmsg_recv(struct rx *rx, struct dp_packet *pkts[])
{
    static struct virtio_net_hdr vnet[BATCH];
    static uint8_t control[BATCH][CMSG_SPACE(sizeof(struct
                                                    tpacket_auxdata))];
    struct iovec iov[BATCH][2];
    struct mmsghdr msgs[BATCH];
    int n;

    for (int i = 0; i < BATCH; i++) {
        iov[i][0].iov_base = &vnet[i];
        iov[i][0].iov_len = sizeof vnet[i];
        iov[i][1].iov_base = pkts[i]->base + PACKET_HEADROOM;
        iov[i][1].iov_len = pkts[i]->allocated - PACKET_HEADROOM;
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_iov = iov[i];
        msgs[i].msg_hdr.msg_iovlen = 2;
        msgs[i].msg_hdr.msg_control = control[i];
        msgs[i].msg_hdr.msg_controllen = sizeof control[i];
    }
    n = recvmmsg(rx->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    for (int i = 0; i < n; i++) {
        pkts[i]->data = pkts[i]->base + PACKET_HEADROOM;
        pkts[i]->len = msgs[i].msg_len - sizeof vnet[i];
        vnet_to_offload(&vnet[i], &pkts[i]->offload);
    }
    return n > 0 ? n : 0;
}

static void
rx_sock_close(struct rx *rx)
{
    close(rx->fd);
}

static void
rx_mmsg_open(struct rx *rx, const char *ns, const char *ifname)
{
    int one = 1, size = 4 << 20;

    rx->fd = raw_socket(ns, ifname, true);
    setsockopt(rx->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);
    setsockopt(rx->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    raw_bind(rx->fd, ns, ifname);
    rx->name = "recvmmsg + vnet + auxdata";
    rx->recv = rx_mmsg_recv;
    rx->drops = sock_drops;
    rx->close = rx_sock_close;
}

/* libpcap in immediate mode. */
struct pcap_ctx {
    struct dp_packet **pkts;
    int n;
};

static void
pcap_cb(u_char *ctx_, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct pcap_ctx *ctx = (struct pcap_ctx *) ctx_;

    packet_set_frame(ctx->pkts[ctx->n++], bytes, h->caplen);
}

static int
rx_pcap_recv(struct rx *rx, struct dp_packet *pkts[])
{
    struct pcap_ctx ctx = { pkts, 0 };

    p_pcap_dispatch(rx->pcap, BATCH, pcap_cb, (u_char *) &ctx);
    return ctx.n;
}

static uint64_t
rx_pcap_drops(struct rx *rx)
{
    struct pcap_stat st;

    memset(&st, 0, sizeof st);
    p_pcap_stats(rx->pcap, &st);
    return st.ps_drop;
}

static void
rx_pcap_close(struct rx *rx)
{
    p_pcap_close(rx->pcap);
}

static pcap_t *
pcap_start(const char *ns, const char *ifname)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p;

    ns_enter(ns);
    p = p_pcap_create(ifname, err);
    if (!p) {
        fprintf(stderr, "pcap: %s\n", err);
        exit(1);
    }
    p_pcap_set_immediate_mode(p, 1);
    p_pcap_set_snaplen(p, 65535);
    p_pcap_set_buffer_size(p, 4 << 20);
    p_pcap_set_promisc(p, 1);
    if (p_pcap_activate(p) < 0) {
        fprintf(stderr, "pcap: %s\n", p_pcap_geterr(p));
        exit(1);
    }
    p_pcap_setnonblock(p, 1, err);
    p_pcap_setdirection(p, PCAP_D_IN);
    ns_leave();
    return p;
}

static void
rx_pcap_open(struct rx *rx, const char *ns, const char *ifname)
{
    rx->pcap = pcap_start(ns, ifname);
    rx->fd = p_pcap_get_selectable_fd(rx->pcap);
    rx->name = "libpcap immediate mode";
    rx->recv = rx_pcap_recv;
    rx->drops = rx_pcap_drops;
    rx->close = rx_pcap_close;
}

typedef void rx_open_func(struct rx *, const char *ns, const char *ifname);

static rx_open_func *const rx_opens[] = {
    rx_netdev_open, rx_v3_open, rx_mmsg_open, rx_pcap_open,
};

/* ---- Send strategies ---- */

struct tx {
    const char *name;
    int (*send)(struct tx *, struct dp_packet *pkts[], int n);
    void (*close)(struct tx *);

    struct netdev *netdev;
    int fd;
    uint8_t *ring;
    size_t ring_size;
    unsigned int slot, n_slots;
    pcap_t *pcap;
};

static int
tx_netdev_send(struct tx *tx, struct dp_packet *pkts[], int n)
{
    return netdev_send(tx->netdev, pkts, n);
}

static void
tx_netdev_close(struct tx *tx)
{
    netdev_close(tx->netdev);
}

static void
tx_netdev_open(struct tx *tx, const char *ns, const char *ifname)
{
    ns_enter(ns);
    if (netdev_open(ifname, NULL, &tx->netdev)) {
        exit(1);
    }
    ns_leave();
    tx->name = "sendmmsg + vnet (netdev)";
    tx->send = tx_netdev_send;
    tx->close = tx_netdev_close;
}

/* TPACKET_V2 TX ring with virtio-net headers: copy into slots, one
 * send() per batch. */
static int
tx_ring_send(struct tx *tx, struct dp_packet *pkts[], int n)
{
    size_t data_ofs = TPACKET_ALIGN(sizeof(struct tpacket2_hdr));
    int queued = 0;

    for (int i = 0; i < n; i++) {
        struct tpacket2_hdr *h = (struct tpacket2_hdr *)
            (tx->ring + (size_t) tx->slot * 2048);
        uint8_t *d = (uint8_t *) h + data_ofs;

        if (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)
            != TP_STATUS_AVAILABLE) {
            break;
        }
        memset(d, 0, sizeof(struct virtio_net_hdr));
        memcpy(d + sizeof(struct virtio_net_hdr), pkts[i]->data,
               pkts[i]->len);
        h->tp_len = pkts[i]->len + sizeof(struct virtio_net_hdr);
        __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
                         __ATOMIC_RELEASE);
        tx->slot = (tx->slot + 1) % tx->n_slots;
        queued++;
    }
    send(tx->fd, NULL, 0, MSG_DONTWAIT);
    return queued;
}

static void
tx_ring_close(struct tx *tx)
{
    munmap(tx->ring, tx->ring_size);
    close(tx->fd);
}

static void
tx_ring_open(struct tx *tx, const char *ns, const char *ifname)
{
    struct tpacket_req req;
    int v = TPACKET_V2;

    tx->fd = raw_socket(ns, ifname, false);
    setsockopt(tx->fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v);
    v = 1;
    setsockopt(tx->fd, SOL_PACKET, PACKET_VNET_HDR, &v, sizeof v);
    memset(&req, 0, sizeof req);
    req.tp_block_size = 1 << 16;
    req.tp_block_nr = 32;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = req.tp_block_size / req.tp_frame_size
                      * req.tp_block_nr;
    if (setsockopt(tx->fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof req)) {
        perror("PACKET_TX_RING");
        exit(1);
    }
    tx->n_slots = req.tp_frame_nr;
    tx->ring_size = (size_t) req.tp_block_size * req.tp_block_nr;
    tx->ring = mmap(NULL, tx->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                    tx->fd, 0);
    raw_bind(tx->fd, ns, ifname);
    tx->name = "TPACKET_V2 TX ring + vnet";
    tx->send = tx_ring_send;
    tx->close = tx_ring_close;
}

static int
tx_pcap_send(struct tx *tx, struct dp_packet *pkts[], int n)
{
    int sent = 0;

    for (int i = 0; i < n; i++) {
        sent += p_pcap_inject(tx->pcap, pkts[i]->data, pkts[i]->len) > 0;
    }
    return sent;
}

static void
tx_pcap_close(struct tx *tx)
{
    p_pcap_close(tx->pcap);
}

static void
tx_pcap_open(struct tx *tx, const char *ns, const char *ifname)
{
    tx->pcap = pcap_start(ns, ifname);
    tx->name = "libpcap pcap_inject";
    tx->send = tx_pcap_send;
    tx->close = tx_pcap_close;
}

typedef void tx_open_func(struct tx *, const char *ns, const char *ifname);

static tx_open_func *const tx_opens[] = {
    tx_netdev_open, tx_ring_open, tx_pcap_open,
};

/* ---- Measurements ---- */

static struct dp_packet pkts_storage[BATCH];
static struct dp_packet *pkts[BATCH];

static void
pkts_init(void)
{
    uint8_t *bufs = malloc((size_t) BATCH * NETDEV_BUF_SIZE);

    for (int i = 0; i < BATCH; i++) {
        packet_init(&pkts_storage[i], bufs + (size_t) i * NETDEV_BUF_SIZE,
                    NETDEV_BUF_SIZE);
        pkts[i] = &pkts_storage[i];
    }
}

/* Receives with 'rx' while the generator runs; with 'tx', forwards what it
 * receives.  Returns frames received per second; '*offered' is the
 * generator's rate, '*delivered' what reached h1 per second, '*drops' the
 * kernel's drop count. */
static double
rx_run(struct rx *rx, struct tx *tx, double *offered, double *delivered,
       uint64_t *drops)
{
    uint64_t received = 0, before = rx_count(topo.h, topo.h1);
    int gen_fd;
    pid_t gen = gen_start(seconds, &gen_fd);
    double end = now() + seconds + 0.5;

    pin(1);
    while (now() < end) {
        struct pollfd pfd = { .fd = rx->fd, .events = POLLIN };
        int n = rx->recv(rx, pkts);

        if (!n) {
            poll(&pfd, 1, 10);
            continue;
        }
        received += n;
        if (tx) {
            for (int i = 0; i < n; i += BATCH) {
                tx->send(tx, pkts, n - i < BATCH ? n - i : BATCH);
            }
        }
    }
    *offered = gen_finish(gen, gen_fd) / seconds;
    *delivered = (rx_count(topo.h, topo.h1) - before) / seconds;
    *drops = rx->drops(rx);
    return received / seconds;
}

static void
bench_rx(bool forward)
{
    printf("\n%s: 64-byte frames, g0 -> %s (medians of %d runs of %.0f s)"
           "\n", forward ? "fwd" : "rx", forward ? "h0 (sendmmsg + vnet)"
           : "userspace", n_runs, seconds);
    for (size_t s = 0; s < sizeof rx_opens / sizeof rx_opens[0]; s++) {
        double rate[16], offered[16], delivered[16];
        uint64_t drops = 0;
        struct rx rx;
        struct tx tx;

        if (rx_opens[s] == rx_pcap_open && !have_pcap) {
            continue;
        }
        for (int r = 0; r < n_runs; r++) {
            memset(&rx, 0, sizeof rx);
            memset(&tx, 0, sizeof tx);
            rx_opens[s](&rx, topo.s, topo.g0);
            if (forward) {
                tx_netdev_open(&tx, topo.s, topo.h0);
            }
            rate[r] = rx_run(&rx, forward ? &tx : NULL, &offered[r],
                             &delivered[r], &drops);
            rx.close(&rx);
            if (forward) {
                tx.close(&tx);
            }
        }
        if (forward) {
            printf("  %-34s %9.0f/s delivered (offered %9.0f/s)\n", rx.name,
                   median(delivered, n_runs), median(offered, n_runs));
        } else {
            printf("  %-34s %9.0f/s received  (offered %9.0f/s, last run "
                   "dropped %llu)\n", rx.name, median(rate, n_runs),
                   median(offered, n_runs), (unsigned long long) drops);
        }
    }
}

static void
bench_tx(void)
{
    uint8_t frame[FRAME_LEN];

    make_frame(frame);
    for (int i = 0; i < BATCH; i++) {
        packet_set_frame(pkts[i], frame, sizeof frame);
    }
    printf("\ntx: 64-byte frames, h0 -> h1 (medians of %d runs of %.0f s)\n",
           n_runs, seconds);
    for (size_t s = 0; s < sizeof tx_opens / sizeof tx_opens[0]; s++) {
        double rate[16], delivered[16];
        struct tx tx;

        if (tx_opens[s] == tx_pcap_open && !have_pcap) {
            continue;
        }
        for (int r = 0; r < n_runs; r++) {
            uint64_t sent = 0, before = rx_count(topo.h, topo.h1);
            double end;

            memset(&tx, 0, sizeof tx);
            tx_opens[s](&tx, topo.s, topo.h0);
            pin(1);
            end = now() + seconds;
            while (now() < end) {
                sent += tx.send(&tx, pkts, BATCH);
            }
            tx.close(&tx);
            rate[r] = sent / seconds;
            delivered[r] = (rx_count(topo.h, topo.h1) - before) / seconds;
        }
        printf("  %-34s %9.0f/s delivered (%9.0f/s accepted)\n", tx.name,
               median(delivered, n_runs), median(rate, n_runs));
    }
}

/* The tap class: frames written into the kernel, and what it sends us. */
static void
bench_tap(void)
{
    char name[16];
    struct netdev *tap;
    double rate[16];

    snprintf(name, sizeof name, "bn%dtap", (int) getpid());
    ns_enter(topo.s);
    if (netdev_open(name, "tap", &tap)) {
        exit(1);
    }
    ns_leave();
    for (int r = 0; r < n_runs; r++) {
        uint64_t before = rx_count(topo.s, name), sent = 0;
        double end = now() + seconds;

        pin(1);
        while (now() < end) {
            sent += netdev_send(tap, pkts, BATCH);
        }
        rate[r] = (rx_count(topo.s, name) - before) / seconds;
    }
    printf("\ntap: 64-byte frames written (one writev each)\n"
           "  %-34s %9.0f/s\n", "tap (netdev)", median(rate, n_runs));
    netdev_close(tap);
}

/* ---- Latency ---- */

struct fwd_thread {
    struct rx rx[2];
    struct tx tx[2];
    volatile bool stop;
};

static void *
fwd_main(void *fw_)
{
    struct fwd_thread *fw = fw_;
    struct dp_packet ps[BATCH], *pp[BATCH];
    uint8_t *bufs = malloc((size_t) BATCH * NETDEV_BUF_SIZE);

    for (int i = 0; i < BATCH; i++) {
        packet_init(&ps[i], bufs + (size_t) i * NETDEV_BUF_SIZE,
                    NETDEV_BUF_SIZE);
        pp[i] = &ps[i];
    }
    pin(1);
    while (!fw->stop) {
        struct pollfd pfd[2] = {
            { .fd = fw->rx[0].fd, .events = POLLIN },
            { .fd = fw->rx[1].fd, .events = POLLIN },
        };

        poll(pfd, 2, 10);
        for (int i = 0; i < 2; i++) {
            int n = fw->rx[i].recv(&fw->rx[i], pp);

            for (int k = 0; k < n; k += BATCH) {
                fw->tx[!i].send(&fw->tx[!i], pp, n - k < BATCH ? n - k
                                : BATCH);
            }
        }
    }
    free(bufs);
    return NULL;
}

/* UDP round trips G -> H -> G through a forwarder whose receive side is
 * 'open'; returns the median in microseconds. */
static double
bench_rtt_one(rx_open_func *open_rx, const char **name)
{
    struct fwd_thread fw;
    struct sockaddr_in a, b;
    pthread_t thread;
    double rtt[1000];
    int ga, hb, n = 0;
    char buf[64];

    memset(&fw, 0, sizeof fw);
    open_rx(&fw.rx[0], topo.s, topo.g0);
    open_rx(&fw.rx[1], topo.s, topo.h0);
    tx_netdev_open(&fw.tx[0], topo.s, topo.g0);
    tx_netdev_open(&fw.tx[1], topo.s, topo.h0);
    *name = fw.rx[0].name;
    pthread_create(&thread, NULL, fwd_main, &fw);

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(7001);
    inet_pton(AF_INET, "10.99.0.1", &a.sin_addr);
    b = a;
    inet_pton(AF_INET, "10.99.0.2", &b.sin_addr);
    ns_enter(topo.g);
    ga = socket(AF_INET, SOCK_DGRAM, 0);
    ns_leave();
    ns_enter(topo.h);
    hb = socket(AF_INET, SOCK_DGRAM, 0);
    ns_leave();
    bind(ga, (struct sockaddr *) &a, sizeof a);
    bind(hb, (struct sockaddr *) &b, sizeof b);

    /* ARP first, then the round trips: the echo is done inline. */
    for (int i = 0, lost = 0; i < 1100 && n < 1000 && lost < 5; i++) {
        struct pollfd pfd = { .fd = hb, .events = POLLIN };
        double t0 = now();

        sendto(ga, buf, 16, 0, (struct sockaddr *) &b, sizeof b);
        if (poll(&pfd, 1, 1000) != 1) {
            lost++;
            continue;
        }
        recv(hb, buf, sizeof buf, 0);
        sendto(hb, buf, 16, 0, (struct sockaddr *) &a, sizeof a);
        pfd.fd = ga;
        if (poll(&pfd, 1, 1000) != 1) {
            continue;
        }
        recv(ga, buf, sizeof buf, 0);
        if (i >= 10) {
            rtt[n++] = (now() - t0) * 1e6;
        }
        usleep(1000);
    }
    fw.stop = true;
    pthread_join(thread, NULL);
    for (int i = 0; i < 2; i++) {
        fw.rx[i].close(&fw.rx[i]);
        fw.tx[i].close(&fw.tx[i]);
    }
    close(ga);
    close(hb);
    return n ? median(rtt, n) : -1;
}

static void
bench_rtt(void)
{
    static rx_open_func *const opens[] = {
        rx_netdev_open, rx_v3_open, rx_mmsg_open,
    };

    printf("\nrtt: UDP G -> H -> G through a forwarder, 1000 round trips "
           "at 1 ms intervals (median)\n");
    for (size_t s = 0; s < sizeof opens / sizeof opens[0]; s++) {
        const char *name;
        double us = bench_rtt_one(opens[s], &name);

        printf("  %-34s %9.0f us\n", name, us);
    }
}

/* ---- Link state ---- */

static void
bench_link(void)
{
    struct netdev *netdev;
    unsigned int flags;
    int n = 100000;
    double t0;

    ns_enter(topo.s);
    if (netdev_open(topo.g0, NULL, &netdev)) {
        exit(1);
    }
    ns_leave();
    t0 = now();
    for (int i = 0; i < n; i++) {
        netdev_get_flags(netdev, &flags);
    }
    printf("\nlink: netdev_get_flags() %.2f us per call (SIOCGIFFLAGS + "
           "ETHTOOL_GLINK)\n", (now() - t0) * 1e6 / n);
    netdev_close(netdev);
}

int
main(int argc, char *argv[])
{
    if (argc > 1) {
        seconds = atof(argv[1]);
    }
    if (argc > 2) {
        n_runs = atoi(argv[2]);
        n_runs = n_runs < 1 ? 1 : n_runs > 16 ? 16 : n_runs;
    }
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    have_pcap = pcap_load();
    if (!have_pcap) {
        printf("libpcap not found: its candidates are skipped\n");
    }
    pkts_init();
    topo_create();
    bench_link();
    bench_rtt();
    bench_rx(false);
    bench_rx(true);
    bench_tx();
    bench_tap();
    return 0;
}
