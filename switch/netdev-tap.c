/*
 * netdev-tap: a tap interface the switch creates and owns (the LOCAL
 * port).
 *
 * /dev/net/tun with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR: every frame read
 * or written starts with a struct virtio_net_hdr, and TUNSETOFFLOAD lets
 * the kernel hand us TCP (and, where the kernel has it, UDP) super-frames
 * with partial checksums, as it does to a veth.  The interface is not
 * persistent: it disappears when the file descriptor closes.
 *
 * The tun device has no batched read or write: one system call per frame.
 * The kernel's count of frames it could not queue for us (the
 * interface's tx_dropped, read over rtnetlink) is our rx_dropped.
 */
#include "switch/netdev-provider.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/virtio_net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_tap);

#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

struct netdev_tap {
    struct netdev up;
    int nl_fd;                  /* NETLINK_ROUTE, for the kernel counters. */
    uint64_t base_tx_dropped;   /* The interface's tx_dropped at open. */
};

static struct netdev_tap *
tap_cast(struct netdev *netdev)
{
    return (struct netdev_tap *) netdev;
}

/* Reads the kernel's counters of the interface over rtnetlink. */
static int
tap_kernel_stats(const struct netdev_tap *dev, struct rtnl_link_stats64 *out)
{
    struct {
        struct nlmsghdr nlh;
        struct ifinfomsg ifi;
    } req;
    uint64_t buf[2048];
    ssize_t n;
    int left;

    memset(&req, 0, sizeof req);
    req.nlh.nlmsg_len = sizeof req;
    req.nlh.nlmsg_type = RTM_GETLINK;
    req.nlh.nlmsg_flags = NLM_F_REQUEST;
    req.nlh.nlmsg_seq = 1;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = dev->up.ifindex;
    if (send(dev->nl_fd, &req, sizeof req, 0) < 0) {
        return errno;
    }
    do {
        n = recv(dev->nl_fd, buf, sizeof buf, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno;
    }

    left = n;
    for (const struct nlmsghdr *h = (const struct nlmsghdr *) buf;
         NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
        const struct ifinfomsg *ifi;
        const struct rtattr *rta;
        int attr_len;

        if (h->nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *e = NLMSG_DATA(h);

            return h->nlmsg_len >= NLMSG_LENGTH(sizeof *e) && e->error
                   ? -e->error : EPROTO;
        }
        if (h->nlmsg_type != RTM_NEWLINK
            || h->nlmsg_len < NLMSG_LENGTH(sizeof *ifi)) {
            continue;
        }
        ifi = NLMSG_DATA(h);
        attr_len = h->nlmsg_len - NLMSG_LENGTH(sizeof *ifi);
        for (rta = IFLA_RTA(ifi); RTA_OK(rta, attr_len);
             rta = RTA_NEXT(rta, attr_len)) {
            if (rta->rta_type == IFLA_STATS64
                && RTA_PAYLOAD(rta) >= sizeof *out) {
                memcpy(out, RTA_DATA(rta), sizeof *out);
                return 0;
            }
        }
    }
    return EPROTO;
}

static void
tap_close(struct netdev *netdev)
{
    struct netdev_tap *dev = tap_cast(netdev);

    if (dev->nl_fd >= 0) {
        close(dev->nl_fd);
    }
    if (netdev->fd >= 0) {
        close(netdev->fd);      /* Deletes the interface. */
    }
    netdev_linux_uninit(netdev);
    free(dev);
}

static int
tap_setup(struct netdev_tap *dev)
{
    unsigned int offloads = (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6
                             | TUN_F_TSO_ECN);
    int hdr_size = sizeof(struct virtio_net_hdr);
    struct rtnl_link_stats64 st;
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev->up.name);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_TUN_EXCL;
    if (ioctl(dev->up.fd, TUNSETIFF, &ifr) < 0) {
        return errno == EBUSY ? EEXIST : errno;
    }
    if (ioctl(dev->up.fd, TUNSETVNETHDRSZ, &hdr_size) < 0) {
        return errno;
    }
    /* UDP segmentation offload arrived in Linux 6.2. */
    if (ioctl(dev->up.fd, TUNSETOFFLOAD, offloads | TUN_F_USO4 | TUN_F_USO6)
        < 0 && ioctl(dev->up.fd, TUNSETOFFLOAD, offloads) < 0) {
        return errno;
    }

    error = netdev_linux_init(&dev->up);
    if (!error) {
        error = netdev_linux_set_up(&dev->up, true);
    }
    if (error) {
        return error;
    }

    dev->nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (dev->nl_fd < 0) {
        return errno;
    }
    if (!tap_kernel_stats(dev, &st)) {
        dev->base_tx_dropped = st.tx_dropped;
    }
    return 0;
}

static int
tap_open(const char *name, struct netdev **netdevp)
{
    struct netdev_tap *dev = xzalloc(sizeof *dev);
    int error;

    netdev_init(&dev->up, &netdev_tap_class, name);
    dev->nl_fd = -1;
    dev->up.fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (dev->up.fd < 0) {
        error = errno;
        goto error;
    }
    error = tap_setup(dev);
    if (error) {
        goto error;
    }
    *netdevp = &dev->up;
    return 0;

error:
    tap_close(&dev->up);
    return error;
}

static int
tap_recv(struct netdev *netdev, struct dp_packet *pkts[], int n)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    int got = 0;

    while (got < n) {
        struct dp_packet *p = pkts[got];
        struct virtio_net_hdr vnet;
        struct iovec iov[2];
        ssize_t r;

        if (p->allocated <= PACKET_HEADROOM) {
            netdev->stats.rx_errors++;
            break;
        }
        iov[0].iov_base = &vnet;
        iov[0].iov_len = sizeof vnet;
        iov[1].iov_base = p->base + PACKET_HEADROOM;
        iov[1].iov_len = p->allocated - PACKET_HEADROOM;
        r = readv(netdev->fd, iov, 2);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: read: %s", netdev->name,
                             strerror(errno));
                netdev->stats.rx_errors++;
            }
            break;
        }
        if (r < (ssize_t) sizeof vnet + 14) {
            netdev->stats.rx_errors++;
            continue;
        }
        p->data = p->base + PACKET_HEADROOM;
        p->len = r - sizeof vnet;
        memset(&p->tunnel, 0, sizeof p->tunnel);
        packet_reset_offsets(p);
        netdev_vnet_to_offload(&vnet, &p->offload);
        netdev_count(&netdev->stats.rx_packets, &netdev->stats.rx_bytes,
                     p->len, &p->offload);
        got++;
    }
    return got;
}

static int
tap_send(struct netdev *netdev, struct dp_packet *const pkts[], int n)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    int sent = 0;

    for (int i = 0; i < n; i++) {
        const struct dp_packet *p = pkts[i];
        struct virtio_net_hdr vnet;
        struct iovec iov[2];
        ssize_t r;

        netdev_offload_to_vnet(&p->offload, &vnet);
        iov[0].iov_base = &vnet;
        iov[0].iov_len = sizeof vnet;
        iov[1].iov_base = p->data;
        iov[1].iov_len = p->len;
        do {
            r = writev(netdev->fd, iov, 2);
        } while (r < 0 && errno == EINTR);
        if (r >= 0) {
            netdev_count(&netdev->stats.tx_packets, &netdev->stats.tx_bytes,
                         p->len, &p->offload);
            sent++;
        } else if (errno == EAGAIN || errno == EIO || errno == ENOBUFS) {
            /* EIO: the interface is down. */
            netdev->stats.tx_dropped++;
        } else {
            VLOG_WARN_RL(&rl, "%s: cannot send a %"PRIu32"-byte frame: %s",
                         netdev->name, p->len, strerror(errno));
            netdev->stats.tx_errors++;
        }
    }
    return sent;
}

static int
tap_get_stats(struct netdev *netdev, struct netdev_stats *stats)
{
    struct netdev_tap *dev = tap_cast(netdev);
    struct rtnl_link_stats64 st;
    int error = tap_kernel_stats(dev, &st);

    /* The kernel transmits to us: its drops are frames we did not read in
     * time. */
    if (!error && st.tx_dropped >= dev->base_tx_dropped) {
        stats->rx_dropped += st.tx_dropped - dev->base_tx_dropped;
    }
    return error;
}

const struct netdev_class netdev_tap_class = {
    .type = "tap",
    .open = tap_open,
    .close = tap_close,
    .recv = tap_recv,
    .send = tap_send,
    .get_stats = tap_get_stats,
    .get_mac = netdev_linux_get_mac,
    .get_mtu = netdev_linux_get_mtu,
    .get_flags = netdev_linux_get_flags,
    .set_up = netdev_linux_set_up,
    .get_features = netdev_linux_get_features,
};
