#include "switch/netdev.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/netdev-provider.h"

static const struct netdev_class *const classes[] = {
    &netdev_afpacket_class,
    &netdev_tap_class,
    &netdev_dummy_class,
    &netdev_vxlan_class,
};

/* ---- Open and close ---- */

int
netdev_open(const char *name, const char *type, struct netdev **netdevp)
{
    const struct netdev_class *class = NULL;
    const char *options = NULL;
    size_t type_len;

    *netdevp = NULL;
    if (!type) {
        type = "afpacket";
    }
    /* "TYPE:OPTIONS" */
    type_len = strcspn(type, ":");
    if (type[type_len] == ':') {
        options = type + type_len + 1;
    }
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
        if (strlen(classes[i]->type) == type_len
            && !strncmp(classes[i]->type, type, type_len)) {
            class = classes[i];
            break;
        }
    }
    if (!class) {
        return EAFNOSUPPORT;
    }
    if (options && options[0] && !class->open_options) {
        return EINVAL;
    }
    if (!name[0] || strchr(name, '/') || strchr(name, ' ')) {
        return EINVAL;
    }
    if (strlen(name) >= IF_NAMESIZE) {
        return ENAMETOOLONG;
    }
    return (class->open_options
            ? class->open_options(name, options ? options : "", netdevp)
            : class->open(name, netdevp));
}

void
netdev_close(struct netdev *netdev)
{
    if (netdev) {
        netdev->class->close(netdev);
    }
}

const char *
netdev_get_name(const struct netdev *netdev)
{
    return netdev->name;
}

const char *
netdev_get_type(const struct netdev *netdev)
{
    return netdev->class->type;
}

int
netdev_get_ifindex(const struct netdev *netdev)
{
    return netdev->ifindex;
}

int
netdev_get_fd(const struct netdev *netdev)
{
    return netdev->fd;
}

/* ---- Frames ---- */

int
netdev_recv(struct netdev *netdev, struct dp_packet *pkts[], int n)
{
    int got = 0;

    while (got < n) {
        int want = MIN(n - got, NETDEV_BATCH);
        int r = netdev->class->recv(netdev, pkts + got, want);

        got += r;
        if (r < want) {
            break;
        }
    }
    return got;
}

int
netdev_send(struct netdev *netdev, struct dp_packet *const pkts[], int n)
{
    int sent = 0;

    for (int i = 0; i < n; i += NETDEV_BATCH) {
        sent += netdev->class->send(netdev, pkts + i,
                                    MIN(n - i, NETDEV_BATCH));
    }
    return sent;
}

int
netdev_clear_error(struct netdev *netdev)
{
    return netdev->class->clear_error ? netdev->class->clear_error(netdev)
                                      : 0;
}

/* ---- Counters ---- */

int
netdev_get_stats(struct netdev *netdev, struct netdev_stats *stats)
{
    *stats = netdev->stats;
    return (netdev->class->get_stats
            ? netdev->class->get_stats(netdev, stats)
            : 0);
}

void
netdev_count(uint64_t *packets, uint64_t *bytes, uint32_t len,
             const struct packet_offload *o)
{
    uint8_t gso = o->gso_type & ~PACKET_GSO_ECN;

    if (gso != PACKET_GSO_NONE && o->gso_size) {
        uint32_t hdr = o->hdr_len < len ? o->hdr_len : 0;
        uint32_t segs = (len - hdr + o->gso_size - 1) / o->gso_size;

        if (segs > 1) {
            *packets += segs;
            *bytes += len + (uint64_t) (segs - 1) * hdr;
            return;
        }
    }
    *packets += 1;
    *bytes += len;
}

/* ---- Properties ---- */

int
netdev_get_mac(const struct netdev *netdev, uint8_t mac[6])
{
    int error = netdev->class->get_mac(netdev, mac);

    if (error) {
        memset(mac, 0, 6);
    }
    return error;
}

int
netdev_get_mtu(const struct netdev *netdev, int *mtup)
{
    int error = netdev->class->get_mtu(netdev, mtup);

    if (error) {
        *mtup = 0;
    }
    return error;
}

int
netdev_get_flags(const struct netdev *netdev, unsigned int *flags)
{
    int error = netdev->class->get_flags(netdev, flags);

    if (error) {
        *flags = 0;
    }
    return error;
}

int
netdev_set_up(struct netdev *netdev, bool up)
{
    return netdev->class->set_up(netdev, up);
}

int
netdev_get_features(const struct netdev *netdev,
                    struct netdev_features *features)
{
    int error;

    memset(features, 0, sizeof *features);
    error = netdev->class->get_features(netdev, features);
    if (error) {
        memset(features, 0, sizeof *features);
    }
    return error;
}

/* ---- Provider helpers ---- */

void
netdev_init(struct netdev *netdev, const struct netdev_class *class,
            const char *name)
{
    memset(netdev, 0, sizeof *netdev);
    netdev->class = class;
    snprintf(netdev->name, sizeof netdev->name, "%s", name);
    netdev->fd = -1;
    netdev->ioctl_fd = -1;
}

/* ---- Linux interfaces ---- */

static int
linux_ioctl(const struct netdev *netdev, unsigned long cmd, struct ifreq *ifr)
{
    memset(ifr, 0, sizeof *ifr);
    snprintf(ifr->ifr_name, sizeof ifr->ifr_name, "%s", netdev->name);
    return ioctl(netdev->ioctl_fd, cmd, ifr) < 0 ? errno : 0;
}

int
netdev_linux_init(struct netdev *netdev)
{
    struct ifreq ifr;
    int error;

    netdev->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (netdev->ioctl_fd < 0) {
        return errno;
    }
    error = linux_ioctl(netdev, SIOCGIFINDEX, &ifr);
    if (error) {
        close(netdev->ioctl_fd);
        netdev->ioctl_fd = -1;
        return error;
    }
    netdev->ifindex = ifr.ifr_ifindex;
    return 0;
}

void
netdev_linux_uninit(struct netdev *netdev)
{
    if (netdev->ioctl_fd >= 0) {
        close(netdev->ioctl_fd);
        netdev->ioctl_fd = -1;
    }
}

int
netdev_linux_get_mac(const struct netdev *netdev, uint8_t mac[6])
{
    struct ifreq ifr;
    int error = linux_ioctl(netdev, SIOCGIFHWADDR, &ifr);

    if (!error) {
        memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    }
    return error;
}

int
netdev_linux_get_mtu(const struct netdev *netdev, int *mtup)
{
    struct ifreq ifr;
    int error = linux_ioctl(netdev, SIOCGIFMTU, &ifr);

    if (!error) {
        *mtup = ifr.ifr_mtu;
    }
    return error;
}

static int ethtool_ioctl(const struct netdev *, void *cmd);

/* Carrier: the device's own link state (ETHTOOL_GLINK, netif_carrier_ok()
 * for veth and tap) where it has one.  IFF_RUNNING follows the operational
 * state, which the kernel updates from its link watch, up to a second
 * late (when it deems the event not urgent, as it does for a veth whose
 * ifindex equals its peer's in another namespace). */
int
netdev_linux_get_flags(const struct netdev *netdev, unsigned int *flags)
{
    struct ethtool_value link;
    struct ifreq ifr;
    int error = linux_ioctl(netdev, SIOCGIFFLAGS, &ifr);

    *flags = 0;
    if (error || !(ifr.ifr_flags & IFF_UP)) {
        return error;
    }
    *flags |= NETDEV_UP;
    memset(&link, 0, sizeof link);
    link.cmd = ETHTOOL_GLINK;
    if (!ethtool_ioctl(netdev, &link)
        ? link.data != 0 : (ifr.ifr_flags & IFF_RUNNING) != 0) {
        *flags |= NETDEV_CARRIER;
    }
    return 0;
}

int
netdev_linux_set_up(struct netdev *netdev, bool up)
{
    struct ifreq ifr;
    int error = linux_ioctl(netdev, SIOCGIFFLAGS, &ifr);
    short old;

    if (error) {
        return error;
    }
    old = ifr.ifr_flags;
    ifr.ifr_flags = up ? old | IFF_UP : old & ~IFF_UP;
    if (ifr.ifr_flags == old) {
        return 0;
    }
    return ioctl(netdev->ioctl_fd, SIOCSIFFLAGS, &ifr) < 0 ? errno : 0;
}

/* ---- Features (ethtool) ---- */

/* OFPPF_* bits of a link of 'mbps' megabits per second. */
static uint32_t
speed_to_ofppf(uint32_t mbps, bool full_duplex)
{
    switch (mbps) {
    case 10:
        return full_duplex ? OFPPF_10MB_FD : OFPPF_10MB_HD;
    case 100:
        return full_duplex ? OFPPF_100MB_FD : OFPPF_100MB_HD;
    case 1000:
        return full_duplex ? OFPPF_1GB_FD : OFPPF_1GB_HD;
    case 10000:
        return OFPPF_10GB_FD;
    case 40000:
        return OFPPF_40GB_FD;
    case 100000:
        return OFPPF_100GB_FD;
    case 1000000:
        return OFPPF_1TB_FD;
    }
    return OFPPF_OTHER;
}

/* The ethtool link modes (linux/ethtool.h, ETHTOOL_LINK_MODE_*_BIT) as
 * runs of bits of one speed. */
struct link_mode_run {
    uint8_t first, last;
    uint32_t mbps;              /* 0: not a speed (port, pause, FEC). */
    bool half;
};

static const struct link_mode_run link_modes[] = {
    { 0, 0, 10, true },
    { 1, 1, 10, false },
    { 2, 2, 100, true },
    { 3, 3, 100, false },
    { 4, 4, 1000, true },
    { 5, 5, 1000, false },
    { 6, 11, 0, false },        /* Autoneg, TP, AUI, MII, FIBRE, BNC. */
    { 12, 12, 10000, false },
    { 13, 14, 0, false },       /* Pause, Asym_Pause. */
    { 15, 15, 2500, false },
    { 16, 16, 0, false },       /* Backplane. */
    { 17, 17, 1000, false },
    { 18, 19, 10000, false },
    { 20, 20, 0, false },       /* 10000baseR_FEC. */
    { 21, 22, 20000, false },
    { 23, 26, 40000, false },
    { 27, 30, 56000, false },
    { 31, 33, 25000, false },
    { 34, 35, 50000, false },
    { 36, 39, 100000, false },
    { 40, 40, 50000, false },
    { 41, 41, 1000, false },
    { 42, 46, 10000, false },
    { 47, 47, 2500, false },
    { 48, 48, 5000, false },
    { 49, 51, 0, false },       /* FEC modes. */
    { 52, 56, 50000, false },
    { 57, 61, 100000, false },
    { 62, 66, 200000, false },
    { 67, 67, 100, false },
    { 68, 68, 1000, false },
    { 69, 73, 400000, false },
    { 74, 74, 0, false },       /* FEC_LLRS. */
    { 75, 79, 100000, false },
    { 80, 84, 200000, false },
    { 85, 89, 400000, false },
    { 90, 90, 100, true },
    { 91, 91, 100, false },
    { 92, 92, 10, false },
};

/* Converts a link mode bitmap of 'nwords' 32-bit words to OFPPF_* bits and
 * stores the fastest speed in it (Mb/s) in '*max_mbps'. */
static uint32_t
link_modes_to_ofppf(const uint32_t *map, int nwords, uint32_t *max_mbps)
{
    uint32_t ofppf = 0;

    *max_mbps = 0;
    for (int bit = 0; bit < nwords * 32; bit++) {
        const struct link_mode_run *run = NULL;

        if (!(map[bit / 32] & (UINT32_C(1) << (bit % 32)))) {
            continue;
        }
        for (size_t i = 0; i < ARRAY_SIZE(link_modes); i++) {
            if (bit >= link_modes[i].first && bit <= link_modes[i].last) {
                run = &link_modes[i];
                break;
            }
        }
        if (!run) {
            ofppf |= OFPPF_OTHER;   /* A mode newer than this table. */
        } else if (run->mbps) {
            ofppf |= speed_to_ofppf(run->mbps, !run->half);
            *max_mbps = MAX(*max_mbps, run->mbps);
        } else if (bit == ETHTOOL_LINK_MODE_Autoneg_BIT) {
            ofppf |= OFPPF_AUTONEG;
        } else if (bit == ETHTOOL_LINK_MODE_TP_BIT) {
            ofppf |= OFPPF_COPPER;
        } else if (bit == ETHTOOL_LINK_MODE_FIBRE_BIT) {
            ofppf |= OFPPF_FIBER;
        } else if (bit == ETHTOOL_LINK_MODE_Pause_BIT) {
            ofppf |= OFPPF_PAUSE;
        } else if (bit == ETHTOOL_LINK_MODE_Asym_Pause_BIT) {
            ofppf |= OFPPF_PAUSE_ASYM;
        }
    }
    return ofppf;
}

/* Up to 127 words of link modes: the kernel says how many it uses. */
#define LINK_MODE_WORDS_MAX 127

struct link_settings_req {
    struct ethtool_link_settings s;
    uint32_t maps[3 * LINK_MODE_WORDS_MAX];
};

static int
ethtool_ioctl(const struct netdev *netdev, void *cmd)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", netdev->name);
    ifr.ifr_data = cmd;
    return ioctl(netdev->ioctl_fd, SIOCETHTOOL, &ifr) < 0 ? errno : 0;
}

static void
fill_curr(struct netdev_features *f, uint32_t speed, uint8_t duplex,
          uint8_t port, uint8_t autoneg)
{
    if (speed != 0 && speed != (uint32_t) SPEED_UNKNOWN) {
        f->curr = speed_to_ofppf(speed, duplex != DUPLEX_HALF);
        f->curr_speed = speed > UINT32_MAX / 1000 ? UINT32_MAX : speed * 1000;
    }
    if (port == PORT_TP || port == PORT_DA) {
        f->curr |= OFPPF_COPPER;
    } else if (port == PORT_FIBRE) {
        f->curr |= OFPPF_FIBER;
    }
    if (autoneg == AUTONEG_ENABLE) {
        f->curr |= OFPPF_AUTONEG;
    }
}

static int
get_features_glinksettings(const struct netdev *netdev,
                           struct netdev_features *f)
{
    struct link_settings_req req;
    uint32_t max_mbps = 0, mbps;
    int nwords, error;

    /* The handshake: asked with 0 words, the kernel answers with minus the
     * number it uses. */
    memset(&req, 0, sizeof req);
    req.s.cmd = ETHTOOL_GLINKSETTINGS;
    error = ethtool_ioctl(netdev, &req);
    if (error) {
        return error;
    }
    nwords = -req.s.link_mode_masks_nwords;
    if (nwords <= 0 || nwords > LINK_MODE_WORDS_MAX) {
        return EPROTO;
    }
    memset(&req, 0, sizeof req);
    req.s.cmd = ETHTOOL_GLINKSETTINGS;
    req.s.link_mode_masks_nwords = nwords;
    error = ethtool_ioctl(netdev, &req);
    if (error) {
        return error;
    }

    fill_curr(f, req.s.speed, req.s.duplex, req.s.port, req.s.autoneg);
    f->supported = link_modes_to_ofppf(req.maps, nwords, &mbps);
    max_mbps = MAX(max_mbps, mbps);
    f->advertised = link_modes_to_ofppf(req.maps + nwords, nwords, &mbps);
    f->peer = link_modes_to_ofppf(req.maps + 2 * nwords, nwords, &mbps);
    f->max_speed = (max_mbps > UINT32_MAX / 1000 ? UINT32_MAX
                    : MAX(max_mbps * 1000, f->curr_speed));
    return 0;
}

static int
get_features_gset(const struct netdev *netdev, struct netdev_features *f)
{
    struct ethtool_cmd cmd;
    uint32_t map[1], mbps;
    int error;

    memset(&cmd, 0, sizeof cmd);
    cmd.cmd = ETHTOOL_GSET;
    error = ethtool_ioctl(netdev, &cmd);
    if (error) {
        return error;
    }
    fill_curr(f, ethtool_cmd_speed(&cmd), cmd.duplex, cmd.port,
              cmd.autoneg);
    map[0] = cmd.supported;
    f->supported = link_modes_to_ofppf(map, 1, &mbps);
    f->max_speed = MAX(mbps * 1000, f->curr_speed);
    map[0] = cmd.advertising;
    f->advertised = link_modes_to_ofppf(map, 1, &mbps);
    map[0] = cmd.lp_advertising;
    f->peer = link_modes_to_ofppf(map, 1, &mbps);
    return 0;
}

int
netdev_linux_get_features(const struct netdev *netdev,
                          struct netdev_features *f)
{
    int error = get_features_glinksettings(netdev, f);

    if (error == EOPNOTSUPP || error == EPROTO) {
        memset(f, 0, sizeof *f);
        error = get_features_gset(netdev, f);
    }
    return error;
}

/* ---- Virtio-net headers ---- */

void
netdev_vnet_to_offload(const struct virtio_net_hdr *v,
                       struct packet_offload *o)
{
    o->csum_partial = (v->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0;
    o->csum_valid = (v->flags & VIRTIO_NET_HDR_F_DATA_VALID) != 0;
    o->gso_type = v->gso_type;
    o->hdr_len = v->hdr_len;
    o->gso_size = v->gso_size;
    o->csum_start = v->csum_start;
    o->csum_offset = v->csum_offset;
}

void
netdev_offload_to_vnet(const struct packet_offload *o,
                       struct virtio_net_hdr *v)
{
    /* DATA_VALID is a receive flag: the kernel ignores it on transmit. */
    v->flags = o->csum_partial ? VIRTIO_NET_HDR_F_NEEDS_CSUM : 0;
    v->gso_type = o->gso_type;
    v->hdr_len = o->hdr_len;
    v->gso_size = o->gso_size;
    v->csum_start = o->csum_partial ? o->csum_start : 0;
    v->csum_offset = o->csum_partial ? o->csum_offset : 0;
}

bool
netdev_vlan_restore(struct dp_packet *p, uint16_t tpid, uint16_t tci)
{
    uint8_t *tag;

    if (p->len < 2 * ETH_ADDR_LEN) {
        return false;
    }
    tag = packet_push(p, 2 * ETH_ADDR_LEN, VLAN_HEADER_LEN);
    if (!tag) {
        return false;
    }
    tag[0] = tpid >> 8;
    tag[1] = tpid;
    tag[2] = tci >> 8;
    tag[3] = tci;
    return true;
}

/* ---- Link state notification ---- */

struct netdev_monitor {
    int fd;
};

int
netdev_monitor_create(struct netdev_monitor **monitorp)
{
    struct sockaddr_nl sa;
    int fd;

    *monitorp = NULL;
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                NETLINK_ROUTE);
    if (fd < 0) {
        return errno;
    }
    memset(&sa, 0, sizeof sa);
    sa.nl_family = AF_NETLINK;
    sa.nl_groups = RTMGRP_LINK;
    if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
        int error = errno;

        close(fd);
        return error;
    }
    *monitorp = xmalloc(sizeof **monitorp);
    (*monitorp)->fd = fd;
    return 0;
}

void
netdev_monitor_destroy(struct netdev_monitor *monitor)
{
    if (monitor) {
        close(monitor->fd);
        free(monitor);
    }
}

int
netdev_monitor_get_fd(const struct netdev_monitor *monitor)
{
    return monitor->fd;
}

bool
netdev_monitor_run(struct netdev_monitor *monitor)
{
    bool changed = false;
    uint32_t buf[4096];

    for (;;) {
        ssize_t n = recv(monitor->fd, buf, sizeof buf, MSG_DONTWAIT);
        int left;

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOBUFS) {
                /* The socket overflowed: something changed, unknown what. */
                changed = true;
                continue;
            }
            break;              /* EAGAIN: drained. */
        }
        left = n;
        for (const struct nlmsghdr *h = (const struct nlmsghdr *) buf;
             NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            if (h->nlmsg_type == RTM_NEWLINK
                || h->nlmsg_type == RTM_DELLINK) {
                changed = true;
            }
        }
    }
    return changed;
}
