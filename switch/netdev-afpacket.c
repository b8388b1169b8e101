/*
 * netdev-afpacket: an existing Linux interface through one AF_PACKET
 * socket.
 *
 * Receive: a TPACKET_V2 ring of 2 KiB slots (more for a larger MTU) with
 * PACKET_VNET_HDR, so each frame arrives with its virtio-net header in
 * front of it.  A frame larger than a slot (a GSO super-frame, up to
 * 64 KiB) is not lost: with PACKET_COPY_THRESH the kernel marks its
 * truncated slot TP_STATUS_COPY and queues the whole frame on the socket,
 * where recvmsg() fetches it, with PACKET_AUXDATA for its VLAN tag.  The
 * ring and the queue are filled under the same lock, so their order
 * agrees.  Reading frames from the ring costs no system call; poll() on
 * the socket reports when the ring is not empty.
 *
 * Send: sendmmsg() with a virtio-net header before each frame, one call
 * per batch; the kernel segments super-frames and completes partial
 * checksums for devices that cannot.
 *
 * Measured on this kernel (Linux 6.18, 2 vCPUs under KVM; 64-byte frames;
 * one CPU generates into a veth, the other runs the candidate;
 * tests/bench/bench-netdev.c; medians of 5 runs, +-10% from run to run):
 *
 *   forward g0 -> h0 (send: sendmmsg)     delivered/s   UDP round trip
 *   TPACKET_V2 ring + vnet   (chosen)       454,000         65 us
 *   TPACKET_V3 ring + vnet                  508,000        913 us
 *   recvmmsg + vnet + auxdata               354,000         68 us
 *   libpcap, immediate mode (a V2 ring)     460,000     (no vnet)
 *
 *   send h0 -> h1                          delivered/s
 *   sendmmsg + vnet          (chosen)       619,000
 *   TPACKET_V2 TX ring + vnet               560,000
 *   libpcap pcap_inject                     465,000
 *
 * Both V2 and V3 rings accept PACKET_VNET_HDR here (it must be set before
 * the ring: EBUSY after), and so does a V2 or V3 TX ring.  V3 costs the
 * least per frame, but hands frames over a block at a time, when a block
 * fills or its timer (1 ms at least) expires: at low rates every frame
 * waits, and a round trip through two ports takes almost a millisecond.
 * A switch cannot afford that.  recvmmsg() does the kernel's copy on the
 * datapath's CPU and frees an skb per frame: a quarter slower.  libpcap in
 * immediate mode uses the same V2 ring (so it receives as fast) but
 * cannot carry virtio-net headers, and sends a frame per system call.
 * PACKET_QDISC_BYPASS made no measurable difference on veth (which has no
 * qdisc), so it is left off and the qdisc of a physical NIC keeps working.
 * A 4 MiB ring dropped nothing where a 2 MiB one dropped a little under
 * scheduling hiccups.
 */
#include "switch/netdev-provider.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_afpacket);

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

/* Ring geometry: 4 MiB per port, in 64 KiB blocks. */
#define RING_BYTES (4 * 1024 * 1024)
#define RING_BLOCK (64 * 1024)
#define SLOT_MIN 2048
#define SLOT_MAX (16 * 1024)

/* Bytes of a slot before the frame: the tpacket2 header, the sockaddr_ll,
 * alignment and the virtio-net header (the kernel puts the frame at
 * tp_mac, about 76 bytes in). */
#define SLOT_OVERHEAD 128

/* Socket buffers: the receive queue holds the frames too large for a slot
 * (a 64 KiB super-frame uses about 70 KiB of it). */
#define SOCKET_BUF_BYTES (4 * 1024 * 1024)

/* Sockets for egress queues per port (netdev_afpacket.prio_socks). */
#define AFPACKET_PRIO_SOCKS 8

struct netdev_afpacket {
    struct netdev up;

    uint8_t *ring;
    size_t ring_size;
    uint32_t slot_size;
    uint32_t n_slots;
    uint32_t head;              /* Next slot to read. */
    uint64_t kernel_drops;      /* PACKET_STATISTICS, summed. */

    /* Send-only sockets for frames with a socket priority (an egress
     * queue, switch/tc.h), opened when first needed.  The last one is
     * shared by the priorities beyond the others and set per batch. */
    struct {
        uint32_t priority;
        int fd;
    } prio_socks[AFPACKET_PRIO_SOCKS];
    int n_prio_socks;

    /* Send batch, prepared once. */
    struct virtio_net_hdr vnet[NETDEV_BATCH];
    struct iovec iov[NETDEV_BATCH][2];
    struct mmsghdr msgs[NETDEV_BATCH];
};

static struct netdev_afpacket *
afpacket_cast(struct netdev *netdev)
{
    return (struct netdev_afpacket *) netdev;
}

static int
set_int_opt(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) < 0 ? errno : 0;
}

static void
set_buf(int fd, int force_name, int name)
{
    if (set_int_opt(fd, SOL_SOCKET, force_name, SOCKET_BUF_BYTES)) {
        set_int_opt(fd, SOL_SOCKET, name, SOCKET_BUF_BYTES);
    }
}

static uint32_t
slot_size_for_mtu(int mtu)
{
    uint32_t need = mtu + ETH_HLEN + 2 * VLAN_HEADER_LEN + SLOT_OVERHEAD;
    uint32_t size = SLOT_MIN;

    while (size < need && size < SLOT_MAX) {
        size *= 2;
    }
    return size;
}

static int
afpacket_setup(struct netdev_afpacket *dev)
{
    struct tpacket_req req;
    struct packet_mreq mreq;
    struct sockaddr_ll sll;
    int fd = dev->up.fd;
    int mtu, error;

    /* Order matters: the version and the virtio-net header before the
     * ring (EBUSY after). */
    error = set_int_opt(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V2);
    if (!error) {
        error = set_int_opt(fd, SOL_PACKET, PACKET_VNET_HDR, 1);
    }
    if (!error) {
        error = set_int_opt(fd, SOL_PACKET, PACKET_AUXDATA, 1);
    }
    if (!error) {
        error = set_int_opt(fd, SOL_PACKET, PACKET_COPY_THRESH, 1);
    }
    if (error) {
        return error;
    }
    /* Older kernels lack it; the receive path checks the packet type
     * too. */
    set_int_opt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1);
    set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF);
    set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF);

    if (netdev_linux_get_mtu(&dev->up, &mtu)) {
        mtu = 1500;
    }
    dev->slot_size = slot_size_for_mtu(mtu);
    memset(&req, 0, sizeof req);
    req.tp_block_size = RING_BLOCK;
    req.tp_block_nr = RING_BYTES / RING_BLOCK;
    req.tp_frame_size = dev->slot_size;
    req.tp_frame_nr = RING_BYTES / dev->slot_size;
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0) {
        return errno;
    }
    dev->n_slots = req.tp_frame_nr;
    dev->ring_size = RING_BYTES;
    dev->ring = mmap(NULL, dev->ring_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED, fd, 0);
    if (dev->ring == MAP_FAILED) {
        dev->ring = NULL;
        return errno;
    }

    /* A switch port sees every frame, whatever its destination.  The
     * membership ends with the socket. */
    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = dev->up.ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                   sizeof mreq) < 0) {
        return errno;
    }

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = dev->up.ifindex;
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        return errno;
    }
    return 0;
}

static void
afpacket_close(struct netdev *netdev)
{
    struct netdev_afpacket *dev = afpacket_cast(netdev);

    if (dev->ring) {
        munmap(dev->ring, dev->ring_size);
    }
    if (netdev->fd >= 0) {
        close(netdev->fd);
    }
    for (int i = 0; i < dev->n_prio_socks; i++) {
        close(dev->prio_socks[i].fd);
    }
    netdev_linux_uninit(netdev);
    free(dev);
}

static int
afpacket_open(const char *name, struct netdev **netdevp)
{
    struct netdev_afpacket *dev = xzalloc(sizeof *dev);
    int error;

    netdev_init(&dev->up, &netdev_afpacket_class, name);
    error = netdev_linux_init(&dev->up);
    if (error) {
        goto error;
    }
    /* Protocol 0: nothing arrives before bind(), after the ring is
     * ready. */
    dev->up.fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        0);
    if (dev->up.fd < 0) {
        error = errno;
        goto error;
    }
    error = afpacket_setup(dev);
    if (error) {
        goto error;
    }

    for (int i = 0; i < NETDEV_BATCH; i++) {
        dev->iov[i][0].iov_base = &dev->vnet[i];
        dev->iov[i][0].iov_len = sizeof dev->vnet[i];
        dev->msgs[i].msg_hdr.msg_iov = dev->iov[i];
        dev->msgs[i].msg_hdr.msg_iovlen = 2;
    }
    *netdevp = &dev->up;
    return 0;

error:
    afpacket_close(&dev->up);
    return error;
}

/* ---- Receive ---- */

static struct tpacket2_hdr *
slot(const struct netdev_afpacket *dev, uint32_t i)
{
    return (struct tpacket2_hdr *) (dev->ring + (size_t) i * dev->slot_size);
}

/* Puts back the tag the kernel took out, if any. */
static bool
restore_vlan(struct netdev_afpacket *dev, struct dp_packet *p,
             uint32_t status, uint16_t tci, uint16_t tpid)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);

    if (!(status & TP_STATUS_VLAN_VALID)) {
        return true;
    }
    if (!(status & TP_STATUS_VLAN_TPID_VALID)) {
        tpid = ETH_TYPE_VLAN;
    }
    if (!netdev_vlan_restore(p, tpid, tci)) {
        VLOG_WARN_RL(&rl, "%s: no room to restore a VLAN tag",
                     dev->up.name);
        dev->up.stats.rx_errors++;
        return false;
    }
    return true;
}

/* Fetches from the socket queue the whole frame whose ring slot says
 * TP_STATUS_COPY. */
static bool
recv_copy(struct netdev_afpacket *dev, struct dp_packet *p)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    union {
        struct cmsghdr align;
        uint8_t buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } control;
    struct virtio_net_hdr vnet;
    struct iovec iov[2];
    struct msghdr msg;
    struct cmsghdr *cmsg;
    ssize_t n;

    if (p->allocated <= PACKET_HEADROOM) {
        dev->up.stats.rx_errors++;
        recv(dev->up.fd, NULL, 0, MSG_DONTWAIT | MSG_TRUNC);
        return false;
    }
    iov[0].iov_base = &vnet;
    iov[0].iov_len = sizeof vnet;
    iov[1].iov_base = p->base + PACKET_HEADROOM;
    iov[1].iov_len = p->allocated - PACKET_HEADROOM;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    msg.msg_control = &control;
    msg.msg_controllen = sizeof control;
    do {
        n = recvmsg(dev->up.fd, &msg, MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < (ssize_t) (sizeof vnet + ETH_HLEN) || msg.msg_flags & MSG_TRUNC) {
        if (n < 0) {
            VLOG_WARN_RL(&rl, "%s: frame queued for copy is missing (%s)",
                         dev->up.name, strerror(errno));
        }
        dev->up.stats.rx_errors++;
        return false;
    }

    p->data = p->base + PACKET_HEADROOM;
    p->len = n - sizeof vnet;
    memset(&p->tunnel, 0, sizeof p->tunnel);
    packet_reset_offsets(p);
    netdev_vnet_to_offload(&vnet, &p->offload);
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level == SOL_PACKET
            && cmsg->cmsg_type == PACKET_AUXDATA
            && cmsg->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
            struct tpacket_auxdata aux;

            memcpy(&aux, CMSG_DATA(cmsg), sizeof aux);
            return restore_vlan(dev, p, aux.tp_status, aux.tp_vlan_tci,
                                aux.tp_vlan_tpid);
        }
    }
    return true;
}

/* Reads the frame of slot 'h' into 'p'.  Returns false if there is no frame
 * to give (own frame, truncated, no room). */
static bool
recv_slot(struct netdev_afpacket *dev, const struct tpacket2_hdr *h,
          uint32_t status, struct dp_packet *p)
{
    const struct sockaddr_ll *sll = (const struct sockaddr_ll *)
        ((const uint8_t *) h + TPACKET_ALIGN(sizeof *h));
    const uint8_t *frame = (const uint8_t *) h + h->tp_mac;

    if (sll->sll_pkttype == PACKET_OUTGOING) {
        /* Our own transmission, on a kernel without
         * PACKET_IGNORE_OUTGOING. */
        if (status & TP_STATUS_COPY) {
            recv(dev->up.fd, NULL, 0, MSG_DONTWAIT | MSG_TRUNC);
        }
        return false;
    }
    if (status & TP_STATUS_COPY) {
        return recv_copy(dev, p);
    }
    if (h->tp_snaplen < h->tp_len) {
        /* Too large for a slot, and the socket queue was full. */
        dev->up.stats.rx_dropped++;
        return false;
    }
    if (h->tp_mac < sizeof(struct virtio_net_hdr)
        || h->tp_mac + h->tp_snaplen > dev->slot_size
        || h->tp_snaplen < ETH_HLEN
        || !packet_set_frame(p, frame, h->tp_snaplen)) {
        dev->up.stats.rx_errors++;
        return false;
    }
    netdev_vnet_to_offload((const struct virtio_net_hdr *)
                           (frame - sizeof(struct virtio_net_hdr)),
                           &p->offload);
    return restore_vlan(dev, p, status, h->tp_vlan_tci, h->tp_vlan_tpid);
}

/* The kernel reports ENETDOWN on the socket when the interface goes down;
 * it stays pending (and poll() keeps returning POLLERR) until read. */
static int
afpacket_clear_error(struct netdev *netdev)
{
    int error = 0;
    socklen_t len = sizeof error;

    if (getsockopt(netdev->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        return errno;
    }
    return error;
}

static int
afpacket_recv(struct netdev *netdev, struct dp_packet *pkts[], int n)
{
    struct netdev_afpacket *dev = afpacket_cast(netdev);
    int got = 0;

    while (got < n) {
        struct tpacket2_hdr *h = slot(dev, dev->head);
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
        struct dp_packet *p = pkts[got];

        if (!(status & TP_STATUS_USER)) {
            break;
        }
        if (recv_slot(dev, h, status, p)) {
            netdev_count(&netdev->stats.rx_packets, &netdev->stats.rx_bytes,
                         p->len, &p->offload);
            got++;
        }
        __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
        dev->head = dev->head + 1 == dev->n_slots ? 0 : dev->head + 1;
    }
    if (!got) {
        /* Woken for nothing: perhaps for an error, which would keep poll()
         * returning until it is read. */
        afpacket_clear_error(netdev);
    }
    return got;
}

/* ---- Send ---- */

/* A socket that sends with socket priority 'priority' on the port, or -1.
 * It receives nothing (protocol 0) and is not bound to a ring: sendmmsg()
 * with the same virtio-net headers as the main socket. */
static int
prio_sock(struct netdev_afpacket *dev, uint32_t priority)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    struct sockaddr_ll sll;
    int fd, i;

    for (i = 0; i < dev->n_prio_socks; i++) {
        if (dev->prio_socks[i].priority == priority) {
            return dev->prio_socks[i].fd;
        }
    }
    if (dev->n_prio_socks == AFPACKET_PRIO_SOCKS) {
        /* Out of sockets: the last one changes priority. */
        i = AFPACKET_PRIO_SOCKS - 1;
        if (set_int_opt(dev->prio_socks[i].fd, SOL_SOCKET, SO_PRIORITY,
                        priority)) {
            return -1;
        }
        dev->prio_socks[i].priority = priority;
        return dev->prio_socks[i].fd;
    }
    fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        VLOG_WARN_RL(&rl, "%s: cannot open a queue socket: %s",
                     dev->up.name, strerror(errno));
        return -1;
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = dev->up.ifindex;
    if (set_int_opt(fd, SOL_PACKET, PACKET_VNET_HDR, 1)
        || set_int_opt(fd, SOL_SOCKET, SO_PRIORITY, priority)
        || bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        VLOG_WARN_RL(&rl, "%s: cannot set up a queue socket: %s",
                     dev->up.name, strerror(errno));
        close(fd);
        return -1;
    }
    set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF);
    dev->prio_socks[dev->n_prio_socks].priority = priority;
    dev->prio_socks[dev->n_prio_socks].fd = fd;
    dev->n_prio_socks++;
    return fd;
}

static int afpacket_send_fd(struct netdev *, int fd,
                            struct dp_packet *const pkts[], int n);

/* Sends each run of frames with the same priority through its socket. */
static int
afpacket_send(struct netdev *netdev, struct dp_packet *const pkts[], int n)
{
    struct netdev_afpacket *dev = afpacket_cast(netdev);
    int sent = 0;

    for (int i = 0; i < n;) {
        uint32_t priority = pkts[i]->tx_priority;
        int j = i + 1;
        int fd;

        while (j < n && pkts[j]->tx_priority == priority) {
            j++;
        }
        fd = priority ? prio_sock(dev, priority) : netdev->fd;
        if (fd < 0) {
            /* No socket for the queue: the port's default queue. */
            fd = netdev->fd;
        }
        sent += afpacket_send_fd(netdev, fd, pkts + i, j - i);
        i = j;
    }
    return sent;
}

static int
afpacket_send_fd(struct netdev *netdev, int fd,
                 struct dp_packet *const pkts[], int n)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    struct netdev_afpacket *dev = afpacket_cast(netdev);
    bool nobufs = false, netdown = false;
    int i = 0, sent = 0;

    for (int k = 0; k < n; k++) {
        netdev_offload_to_vnet(&pkts[k]->offload, &dev->vnet[k]);
        dev->iov[k][1].iov_base = pkts[k]->data;
        dev->iov[k][1].iov_len = pkts[k]->len;
    }

    while (i < n) {
        int r = sendmmsg(fd, dev->msgs + i, n - i, MSG_DONTWAIT);

        if (r > 0) {
            for (int k = i; k < i + r; k++) {
                netdev_count(&netdev->stats.tx_packets,
                             &netdev->stats.tx_bytes, pkts[k]->len,
                             &pkts[k]->offload);
            }
            i += r;
            sent += r;
            nobufs = false;
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == ENETDOWN && !netdown) {
            /* Perhaps only the error the socket kept from when the
             * interface went down (it is cleared by being reported): try
             * again once. */
            netdown = true;
            continue;
        }
        if (errno == ENOBUFS && !nobufs) {
            /* One frame dropped by a full queue or a peer that is down:
             * the next may go. */
            netdev->stats.tx_dropped++;
            nobufs = true;
            i++;
        } else if (errno == EAGAIN || errno == ENOBUFS || errno == ENETDOWN
                   || errno == ENXIO || errno == ENODEV) {
            netdev->stats.tx_dropped += n - i;
            break;
        } else {
            VLOG_WARN_RL(&rl, "%s: cannot send a %"PRIu32"-byte frame: %s",
                         netdev->name, pkts[i]->len, strerror(errno));
            netdev->stats.tx_errors++;
            i++;
        }
    }
    return sent;
}

/* ---- Counters ---- */

static int
afpacket_get_stats(struct netdev *netdev, struct netdev_stats *stats)
{
    struct netdev_afpacket *dev = afpacket_cast(netdev);
    struct tpacket_stats st;
    socklen_t len = sizeof st;
    int error = 0;

    /* Reading resets the kernel's counters: keep the sum. */
    memset(&st, 0, sizeof st);
    if (getsockopt(netdev->fd, SOL_PACKET, PACKET_STATISTICS, &st,
                   &len) < 0) {
        error = errno;
    } else {
        dev->kernel_drops += st.tp_drops;
    }
    stats->rx_dropped += dev->kernel_drops;
    return error;
}

const struct netdev_class netdev_afpacket_class = {
    .type = "afpacket",
    .open = afpacket_open,
    .close = afpacket_close,
    .recv = afpacket_recv,
    .send = afpacket_send,
    .clear_error = afpacket_clear_error,
    .get_stats = afpacket_get_stats,
    .get_mac = netdev_linux_get_mac,
    .get_mtu = netdev_linux_get_mtu,
    .get_flags = netdev_linux_get_flags,
    .set_up = netdev_linux_set_up,
    .get_features = netdev_linux_get_features,
};
