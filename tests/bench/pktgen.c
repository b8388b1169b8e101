/*
 * pktgen: the 64-byte packet generator and counting receiver of
 * `make bench` (tests/bench/bench.sh).
 *
 *   pktgen send IFNAME SECONDS [options]
 *       Sends 64-byte UDP/IPv4 frames (60 bytes plus the FCS the wire
 *       would add) on IFNAME as fast as sendmmsg() goes, through an
 *       AF_PACKET socket, for SECONDS.  Prints the frames sent and the
 *       offered rate.
 *   pktgen sink IFNAME WARMUP SECONDS [options]
 *       Counts the generator's frames arriving on IFNAME through a
 *       TPACKET_V3 ring, from WARMUP seconds after it starts for SECONDS
 *       (by the kernel's receive timestamps, so a late read does not move
 *       a frame out of its interval).  Prints the count, the rate and the
 *       ring's drop count.
 *
 * Options:
 *   --src-mac MAC, --dst-mac MAC   Ethernet addresses (send)
 *   --src-ip IP, --dst-ip IP       IPv4 addresses (send)
 *   --n-dst N                      spread frames over N destination
 *                                  addresses from --dst-ip up, in turn
 *   --batch N                      frames per sendmmsg() (1-256)
 *
 * The frames carry UDP port PKTGEN_PORT at both ends and a magic word, so
 * that the sink counts them and nothing else.  A benchmark tool, not part
 * of the switch: it touches no switch code.  Run as root inside a network
 * namespace (ip netns exec).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN 60
#define PKTGEN_PORT 7777
#define PKTGEN_MAGIC 0x4f464b42u        /* "OFKB" */
#define MAX_BATCH 256

/* Sink ring: 512 blocks of 64 KiB (about 250,000 64-byte frames, half a
 * second at the rates measured here), handed over every 10 ms at most. */
#define SINK_BLOCK (64 * 1024)
#define SINK_BLOCKS 512
#define SINK_FRAME 2048
#define SINK_TIMEOUT_MS 10

struct options {
    uint8_t src_mac[ETH_ALEN];
    uint8_t dst_mac[ETH_ALEN];
    uint32_t src_ip;            /* Host order. */
    uint32_t dst_ip;            /* Host order. */
    uint32_t n_dst;
    int batch;
};

static void
die(const char *what)
{
    fprintf(stderr, "pktgen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: pktgen send IFNAME SECONDS [--src-mac MAC] "
            "[--dst-mac MAC]\n"
            "                  [--src-ip IP] [--dst-ip IP] [--n-dst N] "
            "[--batch N]\n"
            "       pktgen sink IFNAME WARMUP SECONDS\n");
    exit(2);
}

static double
now_sec(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
    unsigned int b[ETH_ALEN];

    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5]) != ETH_ALEN) {
        fprintf(stderr, "pktgen: bad MAC address '%s'\n", s);
        exit(2);
    }
    for (int i = 0; i < ETH_ALEN; i++) {
        mac[i] = b[i];
    }
}

static uint32_t
parse_ip(const char *s)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        fprintf(stderr, "pktgen: bad IPv4 address '%s'\n", s);
        exit(2);
    }
    return ntohl(a.s_addr);
}

static double
parse_seconds(const char *s)
{
    char *end;
    double x = strtod(s, &end);

    if (*end || x < 0 || x > 3600) {
        fprintf(stderr, "pktgen: bad number of seconds '%s'\n", s);
        exit(2);
    }
    return x;
}

/* An AF_PACKET socket bound to IFNAME that receives 'protocol' (0: it
 * only sends, and the kernel spends nothing on it for frames received). */
static int
open_packet_socket(const char *ifname, uint16_t protocol)
{
    struct sockaddr_ll sll;
    int fd = socket(AF_PACKET, SOCK_RAW, htons(protocol));

    if (fd < 0) {
        die("socket");
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(protocol);
    sll.sll_ifindex = if_nametoindex(ifname);
    if (!sll.sll_ifindex) {
        die(ifname);
    }
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        die("bind");
    }
    return fd;
}

/* ---- Send ---- */

static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static void
put32(uint8_t *p, uint32_t x)
{
    put16(p, x >> 16);
    put16(p + 2, x);
}

static void
set_dst_ip(uint8_t *frame, uint32_t dst)
{
    uint8_t *ip = frame + ETH_HLEN;
    uint32_t sum = 0;

    put32(ip + 16, dst);
    put16(ip + 10, 0);
    for (int i = 0; i < 20; i += 2) {
        sum += (ip[i] << 8) | ip[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    put16(ip + 10, ~sum);
}

static void
build_frame(uint8_t *f, const struct options *o)
{
    uint8_t *ip = f + ETH_HLEN;
    uint8_t *udp = ip + 20;

    memset(f, 0, FRAME_LEN);
    memcpy(f, o->dst_mac, ETH_ALEN);
    memcpy(f + ETH_ALEN, o->src_mac, ETH_ALEN);
    put16(f + 12, ETH_P_IP);
    ip[0] = 0x45;
    put16(ip + 2, FRAME_LEN - ETH_HLEN);
    ip[8] = 64;
    ip[9] = IPPROTO_UDP;
    put32(ip + 12, o->src_ip);
    put16(udp, PKTGEN_PORT);
    put16(udp + 2, PKTGEN_PORT);
    put16(udp + 4, FRAME_LEN - ETH_HLEN - 20);
    put32(udp + 8, PKTGEN_MAGIC);       /* UDP checksum 0: none. */
    set_dst_ip(f, o->dst_ip);
}

static int
cmd_send(const char *ifname, double seconds, const struct options *o)
{
    static uint8_t frames[MAX_BATCH][FRAME_LEN];
    struct iovec iov[MAX_BATCH];
    struct mmsghdr msgs[MAX_BATCH];
    int fd = open_packet_socket(ifname, 0);
    int one = 1;
    uint64_t sent = 0, errors = 0;
    uint32_t next = 0;
    double start, end, t;

    /* Straight to the driver: a veth has no qdisc anyway. */
    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < o->batch; i++) {
        build_frame(frames[i], o);
        iov[i].iov_base = frames[i];
        iov[i].iov_len = FRAME_LEN;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    start = now_sec(CLOCK_MONOTONIC);
    end = start + seconds;
    do {
        int n;

        if (o->n_dst > 1) {
            for (int i = 0; i < o->batch; i++) {
                set_dst_ip(frames[i], o->dst_ip + next);
                if (++next >= o->n_dst) {
                    next = 0;
                }
            }
        }
        n = sendmmsg(fd, msgs, o->batch, 0);
        if (n > 0) {
            sent += n;
        } else if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
            errors++;
        } else {
            die("sendmmsg");
        }
        t = now_sec(CLOCK_MONOTONIC);
    } while (t < end);

    printf("sent %" PRIu64 " frames in %.2f s: %.0f frames/s "
           "(%" PRIu64 " full-queue retries)\n",
           sent, t - start, sent / (t - start), errors);
    close(fd);
    return 0;
}

/* ---- Sink ---- */

static bool
is_ours(const uint8_t *f, uint32_t len)
{
    const uint8_t *ip = f + ETH_HLEN;
    const uint8_t *udp;
    uint32_t magic;

    if (len < FRAME_LEN || f[12] != 0x08 || f[13] != 0x00
        || ip[0] != 0x45 || ip[9] != IPPROTO_UDP) {
        return false;
    }
    udp = ip + 20;
    magic = ((uint32_t) udp[8] << 24) | (udp[9] << 16) | (udp[10] << 8)
            | udp[11];
    return ((udp[2] << 8) | udp[3]) == PKTGEN_PORT && magic == PKTGEN_MAGIC;
}

static int
cmd_sink(const char *ifname, double warmup, double seconds)
{
    struct tpacket_req3 req;
    struct tpacket_stats_v3 stats;
    socklen_t stats_len = sizeof stats;
    int version = TPACKET_V3;
    int fd = open_packet_socket(ifname, ETH_P_IP);
    uint8_t *ring;
    uint64_t counted = 0, before = 0, after = 0, drops;
    double t_from, t_to, deadline;
    unsigned int block = 0;

    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version,
                   sizeof version) < 0) {
        die("PACKET_VERSION");
    }
    memset(&req, 0, sizeof req);
    req.tp_block_size = SINK_BLOCK;
    req.tp_block_nr = SINK_BLOCKS;
    req.tp_frame_size = SINK_FRAME;
    req.tp_frame_nr = SINK_BLOCK / SINK_FRAME * SINK_BLOCKS;
    req.tp_retire_blk_tov = SINK_TIMEOUT_MS;
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        die("PACKET_RX_RING");
    }
    ring = mmap(NULL, (size_t) SINK_BLOCK * SINK_BLOCKS,
                PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) {
        die("mmap");
    }
    /* Frames before the bind and the ring are not ours to count; the
     * statistics restart with the first read below. */
    getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &stats_len);

    t_from = now_sec(CLOCK_REALTIME) + warmup;
    t_to = t_from + seconds;
    deadline = now_sec(CLOCK_MONOTONIC) + warmup + seconds + 0.2;
    for (;;) {
        struct tpacket_block_desc *bd = (struct tpacket_block_desc *)
            (ring + (size_t) block * SINK_BLOCK);
        struct tpacket3_hdr *h;

        if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE)
              & TP_STATUS_USER)) {
            struct pollfd pfd = { fd, POLLIN, 0 };
            double left = deadline - now_sec(CLOCK_MONOTONIC);

            if (left <= 0) {
                break;
            }
            poll(&pfd, 1, left > 0.05 ? 50 : (int) (left * 1000) + 1);
            continue;
        }
        h = (struct tpacket3_hdr *) ((uint8_t *) bd
                                     + bd->hdr.bh1.offset_to_first_pkt);
        for (uint32_t i = 0; i < bd->hdr.bh1.num_pkts; i++) {
            double t = h->tp_sec + h->tp_nsec / 1e9;

            if (is_ours((uint8_t *) h + h->tp_mac, h->tp_snaplen)) {
                if (t < t_from) {
                    before++;
                } else if (t < t_to) {
                    counted++;
                } else {
                    after++;
                }
            }
            h = (struct tpacket3_hdr *) ((uint8_t *) h
                                         + h->tp_next_offset);
        }
        __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
                         __ATOMIC_RELEASE);
        block = (block + 1) % SINK_BLOCKS;
    }
    stats_len = sizeof stats;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats,
                   &stats_len) < 0) {
        die("PACKET_STATISTICS");
    }
    drops = stats.tp_drops;
    printf("received %" PRIu64 " frames in %.2f s: %.0f frames/s "
           "(%" PRIu64 " before, %" PRIu64 " after, %" PRIu64
           " dropped by the sink's ring)\n",
           counted, seconds, seconds > 0 ? counted / seconds : 0.0, before,
           after, drops);
    munmap(ring, (size_t) SINK_BLOCK * SINK_BLOCKS);
    close(fd);
    return 0;
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "src-mac", required_argument, NULL, 's' },
        { "dst-mac", required_argument, NULL, 'd' },
        { "src-ip", required_argument, NULL, 'S' },
        { "dst-ip", required_argument, NULL, 'D' },
        { "n-dst", required_argument, NULL, 'n' },
        { "batch", required_argument, NULL, 'b' },
        { NULL, 0, NULL, 0 },
    };
    struct options o = {
        .src_mac = { 0x02, 0, 0, 0, 0x01, 0x01 },
        .dst_mac = { 0x02, 0, 0, 0, 0x09, 0x09 },
        .src_ip = 0x0a000001,
        .dst_ip = 0x0a000002,
        .n_dst = 1,
        .batch = 64,
    };
    int c;

    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (c) {
        case 's':
            parse_mac(optarg, o.src_mac);
            break;
        case 'd':
            parse_mac(optarg, o.dst_mac);
            break;
        case 'S':
            o.src_ip = parse_ip(optarg);
            break;
        case 'D':
            o.dst_ip = parse_ip(optarg);
            break;
        case 'n':
            o.n_dst = strtoul(optarg, NULL, 10);
            if (!o.n_dst) {
                usage();
            }
            break;
        case 'b':
            o.batch = atoi(optarg);
            if (o.batch < 1 || o.batch > MAX_BATCH) {
                usage();
            }
            break;
        default:
            usage();
        }
    }
    argc -= optind;
    argv += optind;
    if (argc == 3 && !strcmp(argv[0], "send")) {
        return cmd_send(argv[1], parse_seconds(argv[2]), &o);
    } else if (argc == 4 && !strcmp(argv[0], "sink")) {
        return cmd_sink(argv[1], parse_seconds(argv[2]),
                        parse_seconds(argv[3]));
    }
    usage();
    return 2;
}
