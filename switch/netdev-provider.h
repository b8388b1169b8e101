/*
 * netdev-provider: the interface between netdev.c and the port classes
 * (netdev-afpacket.c, netdev-tap.c, netdev-dummy.c).
 *
 * Each class embeds struct netdev first in its own structure and fills in
 * a struct netdev_class.  netdev.c dispatches to the class and holds the
 * helpers the Linux classes share: interface ioctls (flags, MTU, MAC,
 * ethtool) on the netdev's own AF_INET socket, so that they reach the
 * network namespace the netdev was opened in, and the conversion between
 * struct virtio_net_hdr and struct packet_offload.
 *
 * Private to switch/netdev*.c.
 */
#ifndef SWITCH_NETDEV_PROVIDER_H
#define SWITCH_NETDEV_PROVIDER_H 1

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "switch/netdev.h"

struct virtio_net_hdr;

struct netdev {
    const struct netdev_class *class;
    char name[IF_NAMESIZE];
    int ifindex;                /* 0 for a dummy. */
    int fd;                     /* Pollable, owned by the class. */
    int ioctl_fd;               /* AF_INET socket for ioctls, or -1. */
    struct netdev_stats stats;  /* Userspace counters, kept by the class. */
};

struct netdev_class {
    const char *type;

    /* Opens 'name' (at most IF_NAMESIZE - 1 bytes).  Returns 0 and the
     * netdev, with netdev_init() done, or an errno value.  A class that
     * takes options ("vxlan:remote_ip=...") has 'open_options' instead,
     * which gets the text after the colon ("" if none). */
    int (*open)(const char *name, struct netdev **netdevp);
    int (*open_options)(const char *name, const char *options,
                        struct netdev **netdevp);

    /* Frees the netdev and everything the class holds. */
    void (*close)(struct netdev *);

    int (*recv)(struct netdev *, struct dp_packet *pkts[], int n);
    int (*send)(struct netdev *, struct dp_packet *const pkts[], int n);

    /* Reads and returns the error pending on 'fd'.  May be NULL (no fd
     * error to clear). */
    int (*clear_error)(struct netdev *);

    /* Adds kernel counters to '*stats', which holds a copy of the
     * userspace counters.  May be NULL. */
    int (*get_stats)(struct netdev *, struct netdev_stats *stats);

    int (*get_mac)(const struct netdev *, uint8_t mac[6]);
    int (*get_mtu)(const struct netdev *, int *mtup);
    int (*get_flags)(const struct netdev *, unsigned int *flags);
    int (*set_up)(struct netdev *, bool up);
    int (*get_features)(const struct netdev *, struct netdev_features *);
};

extern const struct netdev_class netdev_afpacket_class;
extern const struct netdev_class netdev_tap_class;
extern const struct netdev_class netdev_dummy_class;
extern const struct netdev_class netdev_vxlan_class;

/* Fills in the common part of a new netdev: class, name, fd -1, no ioctl
 * socket, zero counters. */
void netdev_init(struct netdev *, const struct netdev_class *,
                 const char *name);

/* Counts 'len' bytes with 'offload' as received or sent: a GSO
 * super-frame counts as its segments. */
void netdev_count(uint64_t *packets, uint64_t *bytes, uint32_t len,
                  const struct packet_offload *offload);

/* ---- Linux interfaces ---- */

/* Opens the netdev's ioctl socket and looks up its ifindex.  Returns 0 or
 * an errno value (ENODEV). */
int netdev_linux_init(struct netdev *);

/* Closes the ioctl socket. */
void netdev_linux_uninit(struct netdev *);

/* Class operations for any Linux interface. */
int netdev_linux_get_mac(const struct netdev *, uint8_t mac[6]);
int netdev_linux_get_mtu(const struct netdev *, int *mtup);
int netdev_linux_get_flags(const struct netdev *, unsigned int *flags);
int netdev_linux_set_up(struct netdev *, bool up);
int netdev_linux_get_features(const struct netdev *,
                              struct netdev_features *);

/* ---- Virtio-net headers ---- */

/* Host byte order: what packet sockets and a tap without TUNSETVNETLE use
 * on a little-endian host.  The kernel checks the header it is given. */
void netdev_vnet_to_offload(const struct virtio_net_hdr *,
                            struct packet_offload *);
void netdev_offload_to_vnet(const struct packet_offload *,
                            struct virtio_net_hdr *);

/* Puts back a VLAN tag the kernel took out of the frame of 'p': inserts
 * 'tpid' and 'tci' after the MAC addresses, moving the offload offsets.
 * Returns false if the frame is too short or there is no headroom. */
bool netdev_vlan_restore(struct dp_packet *p, uint16_t tpid, uint16_t tci);

#endif /* switch/netdev-provider.h */
