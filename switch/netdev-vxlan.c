/*
 * netdev-vxlan: VXLAN tunnel ports (RFC 7348) over a UDP socket.  See
 * netdev.h for the options.
 *
 * A VXLAN packet is an IPv4/UDP datagram to port 4789 whose payload is an
 * 8-byte header (flags with the I bit, 24-bit VNI) and then the inner
 * Ethernet frame.  The kernel's UDP socket does the outer headers, their
 * checksums and fragmentation, so the port only adds and removes the VXLAN
 * header: one recvmmsg() per batch in, one sendmmsg() per batch out, the
 * header in an iovec of its own (no copy of the frame).
 *
 * Each port has a UDP socket of its own, bound to its local address and
 * UDP port, so two vxlan ports cannot share both (EADDRINUSE): other
 * VXLAN endpoints (Linux, Open vSwitch) send from a source port chosen per
 * flow, so the kernel could not tell their datagrams apart by connected
 * sockets.  A port bound to one remote end drops what comes from anyone
 * else; one flow-based port serves any number of remote ends.
 */
#include "switch/netdev-provider.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_vxlan);

#define VXLAN_DEFAULT_PORT 4789
#define VXLAN_HLEN 8
#define VXLAN_FLAG_I 0x08
#define VXLAN_OVERHEAD 50       /* Outer Ethernet, IPv4, UDP, VXLAN. */
#define VXLAN_SOCKET_BUF (4 * 1024 * 1024)

struct netdev_vxlan {
    struct netdev up;

    /* Options. */
    bool remote_flow;
    struct in_addr remote;
    bool key_flow;
    uint32_t key;
    struct in_addr local;
    uint16_t port;

    uint8_t mac[6];
    bool admin_up;

    /* Receive batch. */
    uint8_t rhdr[NETDEV_BATCH][VXLAN_HLEN];
    struct iovec riov[NETDEV_BATCH][2];
    struct sockaddr_in rfrom[NETDEV_BATCH];
    union {
        struct cmsghdr h;
        uint8_t b[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } rctl[NETDEV_BATCH];
    struct mmsghdr rmsgs[NETDEV_BATCH];

    /* Send batch. */
    uint8_t shdr[NETDEV_BATCH][VXLAN_HLEN];
    struct iovec siov[NETDEV_BATCH][2];
    struct sockaddr_in sto[NETDEV_BATCH];
    struct mmsghdr smsgs[NETDEV_BATCH];
    const struct dp_packet *spkts[NETDEV_BATCH];
    int n_send;

    /* Segments of a GSO super-frame, cut before encapsulation. */
    uint8_t *seg_bufs;
    struct dp_packet segs[NETDEV_BATCH];
    struct dp_packet *seg_ptrs[NETDEV_BATCH];
};

static struct netdev_vxlan *
vxlan_cast(struct netdev *netdev)
{
    return (struct netdev_vxlan *) netdev;
}

static const struct netdev_vxlan *
vxlan_cast_const(const struct netdev *netdev)
{
    return (const struct netdev_vxlan *) netdev;
}

/* ---- Options ---- */

static int
parse_ip(const char *value, struct in_addr *addr)
{
    return inet_pton(AF_INET, value, addr) == 1 ? 0 : EINVAL;
}

static int
parse_options(struct netdev_vxlan *dev, const char *options)
{
    char *copy = xstrdup(options);
    char *save = NULL;
    bool have_remote = false;
    int error = 0;

    dev->key_flow = true;
    dev->port = VXLAN_DEFAULT_PORT;
    for (char *kv = strtok_r(copy, ",", &save); kv && !error;
         kv = strtok_r(NULL, ",", &save)) {
        char *value = strchr(kv, '=');
        char *end;
        unsigned long n;

        if (!value) {
            VLOG_WARN("%s: option '%s' has no value", dev->up.name, kv);
            error = EINVAL;
            break;
        }
        *value++ = '\0';
        if (!strcmp(kv, "remote_ip")) {
            have_remote = true;
            dev->remote_flow = !strcmp(value, "flow");
            if (!dev->remote_flow && parse_ip(value, &dev->remote)) {
                error = EINVAL;
            }
        } else if (!strcmp(kv, "key")) {
            dev->key_flow = !strcmp(value, "flow");
            if (!dev->key_flow) {
                errno = 0;
                n = strtoul(value, &end, 0);
                if (errno || *end || end == value || n > 0xffffff) {
                    error = EINVAL;
                }
                dev->key = n;
            }
        } else if (!strcmp(kv, "local_ip")) {
            error = parse_ip(value, &dev->local);
        } else if (!strcmp(kv, "dst_port")) {
            errno = 0;
            n = strtoul(value, &end, 0);
            if (errno || *end || end == value || !n || n > 65535) {
                error = EINVAL;
            }
            dev->port = n;
        } else {
            error = EINVAL;
        }
        if (error) {
            VLOG_WARN("%s: bad option %s=%s", dev->up.name, kv, value);
        }
    }
    if (!error && !have_remote) {
        VLOG_WARN("%s: a vxlan port needs remote_ip=IP or remote_ip=flow",
                  dev->up.name);
        error = EINVAL;
    }
    free(copy);
    return error;
}

/* ---- Open and close ---- */

static void
vxlan_close(struct netdev *netdev)
{
    struct netdev_vxlan *dev = vxlan_cast(netdev);

    if (netdev->fd >= 0) {
        close(netdev->fd);
    }
    free(dev->seg_bufs);
    free(dev);
}

static int
set_opt(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) < 0 ? errno : 0;
}

static int
open_socket(struct netdev_vxlan *dev)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int error;

    if (fd < 0) {
        return errno;
    }
    dev->up.fd = fd;
    error = set_opt(fd, IPPROTO_IP, IP_PKTINFO, 1);
    if (!error) {
        /* An outer datagram larger than the path MTU is fragmented rather
         * than refused: the inner frame keeps its size. */
        error = set_opt(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT);
    }
    if (!error) {
        /* RFC 7348, section 5: the outer UDP checksum SHOULD be sent as
         * zero (as Linux's own VXLAN devices and Open vSwitch do).  A
         * checksum left to the NIC is never filled in on a veth, and a
         * receiver reading the wire with a packet socket (Open vSwitch's
         * userspace datapath) drops the datagram as corrupt. */
        error = set_opt(fd, SOL_SOCKET, SO_NO_CHECK, 1);
    }
    if (error) {
        return error;
    }
    if (set_opt(fd, SOL_SOCKET, SO_RCVBUFFORCE, VXLAN_SOCKET_BUF)) {
        set_opt(fd, SOL_SOCKET, SO_RCVBUF, VXLAN_SOCKET_BUF);
    }
    if (set_opt(fd, SOL_SOCKET, SO_SNDBUFFORCE, VXLAN_SOCKET_BUF)) {
        set_opt(fd, SOL_SOCKET, SO_SNDBUF, VXLAN_SOCKET_BUF);
    }

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(dev->port);
    sa.sin_addr = dev->local;
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        return errno;
    }
    return 0;
}

static void
random_mac(uint8_t mac[6])
{
    struct timespec ts;
    uint64_t x;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    x = (uint64_t) ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t) getpid()
        ^ (uint64_t) (uintptr_t) mac;
    for (int i = 0; i < 6; i++) {
        mac[i] = x >> (8 * i);
    }
    mac[0] = (mac[0] & 0xfe) | 0x02;    /* Unicast, locally administered. */
}

static int
vxlan_open(const char *name, const char *options, struct netdev **netdevp)
{
    struct netdev_vxlan *dev = xzalloc(sizeof *dev);
    int error;

    netdev_init(&dev->up, &netdev_vxlan_class, name);
    error = parse_options(dev, options);
    if (!error) {
        error = open_socket(dev);
        if (error) {
            VLOG_WARN("%s: cannot open its UDP socket (port %u): %s%s",
                      name, dev->port, strerror(error),
                      error == EADDRINUSE
                      ? " (another vxlan port has this local address and "
                        "port: one flow-based port serves many remote ends)"
                      : "");
        }
    }
    if (error) {
        vxlan_close(&dev->up);
        return error;
    }
    random_mac(dev->mac);
    dev->admin_up = true;
    for (int i = 0; i < NETDEV_BATCH; i++) {
        struct msghdr *m = &dev->rmsgs[i].msg_hdr;

        dev->riov[i][0].iov_base = dev->rhdr[i];
        dev->riov[i][0].iov_len = VXLAN_HLEN;
        m->msg_iov = dev->riov[i];
        m->msg_iovlen = 2;
        m->msg_name = &dev->rfrom[i];

        dev->siov[i][0].iov_base = dev->shdr[i];
        dev->siov[i][0].iov_len = VXLAN_HLEN;
        m = &dev->smsgs[i].msg_hdr;
        m->msg_iov = dev->siov[i];
        m->msg_iovlen = 2;
    }
    dev->seg_bufs = xmalloc((size_t) NETDEV_BATCH * NETDEV_BUF_SIZE);
    for (int i = 0; i < NETDEV_BATCH; i++) {
        packet_init(&dev->segs[i],
                    dev->seg_bufs + (size_t) i * NETDEV_BUF_SIZE,
                    NETDEV_BUF_SIZE);
        dev->seg_ptrs[i] = &dev->segs[i];
    }
    *netdevp = &dev->up;
    return 0;
}

/* ---- Receive ---- */

static uint32_t
pktinfo_dst(struct msghdr *m)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo pi;

            memcpy(&pi, CMSG_DATA(c), sizeof pi);
            return ntohl(pi.ipi_addr.s_addr);
        }
    }
    return 0;
}

static int
vxlan_recv(struct netdev *netdev, struct dp_packet *pkts[], int n)
{
    struct netdev_vxlan *dev = vxlan_cast(netdev);
    int r, got = 0;

    for (int i = 0; i < n; i++) {
        struct msghdr *m = &dev->rmsgs[i].msg_hdr;

        dev->riov[i][1].iov_base = pkts[i]->base + PACKET_HEADROOM;
        dev->riov[i][1].iov_len = pkts[i]->allocated - PACKET_HEADROOM;
        m->msg_namelen = sizeof dev->rfrom[i];
        m->msg_control = &dev->rctl[i];
        m->msg_controllen = sizeof dev->rctl[i];
        m->msg_flags = 0;
    }
    do {
        r = recvmmsg(netdev->fd, dev->rmsgs, n, MSG_DONTWAIT, NULL);
    } while (r < 0 && errno == EINTR);
    if (r <= 0) {
        return 0;
    }
    for (int i = 0; i < r; i++) {
        struct msghdr *m = &dev->rmsgs[i].msg_hdr;
        const uint8_t *h = dev->rhdr[i];
        unsigned int len = dev->rmsgs[i].msg_len;
        struct dp_packet *p = pkts[i];
        uint32_t vni;

        if (len < VXLAN_HLEN + ETH_HEADER_LEN || m->msg_flags & MSG_TRUNC
            || !(h[0] & VXLAN_FLAG_I)) {
            netdev->stats.rx_errors++;
            continue;
        }
        vni = (uint32_t) h[4] << 16 | h[5] << 8 | h[6];
        if (!dev->admin_up || (!dev->key_flow && vni != dev->key)
            || (!dev->remote_flow
                && dev->rfrom[i].sin_addr.s_addr != dev->remote.s_addr)) {
            /* Down, another VNI, or another end than the port's. */
            netdev->stats.rx_dropped++;
            continue;
        }
        p->data = p->base + PACKET_HEADROOM;
        p->len = len - VXLAN_HLEN;
        memset(&p->offload, 0, sizeof p->offload);
        p->tunnel.id = vni;
        p->tunnel.src = ntohl(dev->rfrom[i].sin_addr.s_addr);
        p->tunnel.dst = pktinfo_dst(m);
        packet_reset_offsets(p);
        netdev_count(&netdev->stats.rx_packets, &netdev->stats.rx_bytes,
                     p->len, &p->offload);
        if (i != got) {
            /* Keep the received ones first: swap the buffers. */
            pkts[i] = pkts[got];
            pkts[got] = p;
        }
        got++;
    }
    return got;
}

/* ---- Send ---- */

static void
flush(struct netdev_vxlan *dev)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    struct netdev *netdev = &dev->up;
    int i = 0;

    while (i < dev->n_send) {
        int r = sendmmsg(netdev->fd, dev->smsgs + i, dev->n_send - i,
                         MSG_DONTWAIT);

        if (r > 0) {
            for (int k = i; k < i + r; k++) {
                netdev_count(&netdev->stats.tx_packets,
                             &netdev->stats.tx_bytes, dev->spkts[k]->len,
                             &dev->spkts[k]->offload);
            }
            i += r;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == ENOBUFS) {
            netdev->stats.tx_dropped += dev->n_send - i;
            break;
        } else {
            /* No route, unreachable (an ICMP error reported on the
             * socket), ...: this datagram is lost, the next may go. */
            VLOG_WARN_RL(&rl, "%s: cannot send to %s: %s", netdev->name,
                         inet_ntoa(dev->sto[i].sin_addr), strerror(errno));
            netdev->stats.tx_errors++;
            i++;
        }
    }
    dev->n_send = 0;
}

/* Queues 'p' (whole, not GSO) for 'dst' with 'vni'. */
static void
queue_one(struct netdev_vxlan *dev, const struct dp_packet *p,
          uint32_t dst, uint32_t vni)
{
    int k = dev->n_send;
    uint8_t *h = dev->shdr[k];
    struct msghdr *m = &dev->smsgs[k].msg_hdr;

    memset(h, 0, VXLAN_HLEN);
    h[0] = VXLAN_FLAG_I;
    h[4] = vni >> 16;
    h[5] = vni >> 8;
    h[6] = vni;
    dev->siov[k][1].iov_base = p->data;
    dev->siov[k][1].iov_len = p->len;
    memset(&dev->sto[k], 0, sizeof dev->sto[k]);
    dev->sto[k].sin_family = AF_INET;
    dev->sto[k].sin_port = htons(dev->port);
    if (dev->remote_flow) {
        dev->sto[k].sin_addr.s_addr = htonl(dst);
    } else {
        dev->sto[k].sin_addr = dev->remote;
    }
    m->msg_name = &dev->sto[k];
    m->msg_namelen = sizeof dev->sto[k];
    dev->spkts[k] = p;
    if (++dev->n_send == NETDEV_BATCH) {
        flush(dev);
    }
}

static int
vxlan_send(struct netdev *netdev, struct dp_packet *const pkts[], int n)
{
    struct netdev_vxlan *dev = vxlan_cast(netdev);
    int handed = 0;

    for (int i = 0; i < n; i++) {
        struct dp_packet *p = pkts[i];
        uint32_t dst = dev->remote_flow ? p->tunnel.dst : 1;
        uint32_t vni = dev->key_flow ? p->tunnel.id & 0xffffff : dev->key;

        if (!dev->admin_up || !dst) {
            /* Down, or flow-based with no tun_ipv4_dst set. */
            netdev->stats.tx_dropped++;
            continue;
        }
        if (packet_is_gso(p)) {
            struct packet_seg seg;

            /* The segments go out before the next frame: flush what the
             * segment buffers would otherwise overwrite. */
            flush(dev);
            if (!packet_seg_init(&seg, p)) {
                netdev->stats.tx_errors++;
                continue;
            }
            while (!packet_seg_done(&seg)) {
                size_t m = packet_seg_next(&seg, dev->seg_ptrs,
                                           NETDEV_BATCH);

                if (!m) {
                    netdev->stats.tx_errors++;
                    break;
                }
                for (size_t k = 0; k < m; k++) {
                    queue_one(dev, dev->seg_ptrs[k], dst, vni);
                }
                flush(dev);
            }
            handed++;
            continue;
        }
        packet_csum_complete(p);
        queue_one(dev, p, dst, vni);
        handed++;
    }
    flush(dev);
    /* The kernel may still drop some (counted above): what was handed
     * over is what the caller sent. */
    return handed;
}

/* ---- Properties ---- */

static int
vxlan_get_mac(const struct netdev *netdev, uint8_t mac[6])
{
    memcpy(mac, vxlan_cast_const(netdev)->mac, 6);
    return 0;
}

static int
vxlan_get_mtu(const struct netdev *netdev OF_UNUSED, int *mtup)
{
    *mtup = 1500 - VXLAN_OVERHEAD;
    return 0;
}

static int
vxlan_get_flags(const struct netdev *netdev, unsigned int *flags)
{
    const struct netdev_vxlan *dev = vxlan_cast_const(netdev);

    *flags = (__atomic_load_n(&dev->admin_up, __ATOMIC_ACQUIRE)
              ? NETDEV_UP | NETDEV_CARRIER : 0);
    return 0;
}

static int
vxlan_set_up(struct netdev *netdev, bool up)
{
    __atomic_store_n(&vxlan_cast(netdev)->admin_up, up, __ATOMIC_RELEASE);
    return 0;
}

static int
vxlan_get_features(const struct netdev *netdev OF_UNUSED,
                   struct netdev_features *f)
{
    memset(f, 0, sizeof *f);
    return 0;
}

const struct netdev_class netdev_vxlan_class = {
    .type = "vxlan",
    .open_options = vxlan_open,
    .close = vxlan_close,
    .recv = vxlan_recv,
    .send = vxlan_send,
    .get_mac = vxlan_get_mac,
    .get_mtu = vxlan_get_mtu,
    .get_flags = vxlan_get_flags,
    .set_up = vxlan_set_up,
    .get_features = vxlan_get_features,
};
