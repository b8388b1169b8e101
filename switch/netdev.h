/*
 * netdev: one network interface used as a switch port, or a test double.
 *
 * A netdev is opened by name and class:
 *
 *   "afpacket"  (the default) an existing Linux interface: veth, physical
 *               NIC, a tap someone else made.  One AF_PACKET socket with a
 *               TPACKET_V2 receive ring and virtio-net headers.
 *   "tap"       a tap interface the switch creates (the LOCAL port, named
 *               after the switch), brings up, and deletes on close.
 *   "dummy"     an in-process device for tests: the test injects the
 *               frames it receives and captures the frames it sends.
 *   "vxlan"     a VXLAN tunnel (RFC 7348) over a UDP socket: frames
 *               received from the remote end are the port's input, with
 *               the VNI and the outer addresses in dp_packet.tunnel;
 *               frames sent are encapsulated.  Options, after the type
 *               ("vxlan:remote_ip=192.0.2.2,key=flow"), comma-separated:
 *                 remote_ip=IP|flow  the other end, or "flow": each
 *                                    frame's tunnel dst (set_field of
 *                                    tun_ipv4_dst) says where it goes,
 *                                    and frames from any end arrive
 *                 key=VNI|flow       the VNI sent and the only one
 *                                    accepted, or "flow" (the default):
 *                                    the frame's tunnel_id, any VNI in
 *                 local_ip=IP        the address to send from and listen
 *                                    on (default: any)
 *                 dst_port=N         UDP port (default 4789)
 *               Each port has the UDP port on its local address to
 *               itself (EADDRINUSE for a second one): a port bound to a
 *               remote_ip drops what other ends send; a flow-based port
 *               serves any number of them.  A GSO super-frame is cut
 *               into segments and a partial checksum completed before
 *               encapsulation; the
 *               kernel fragments an outer datagram larger than the
 *               underlay's MTU, so give the VMs an MTU 50 bytes below the
 *               underlay's (1450 on a 1500-byte network) to avoid that.
 *
 * The datapath thread polls many ports: each netdev has a file descriptor
 * that becomes readable (POLLIN) when frames are waiting, netdev_recv()
 * fills a batch of caller-provided packet buffers, and netdev_send() hands
 * a batch to the kernel.  Neither allocates; receive costs no system call
 * while the ring holds frames, send one sendmmsg() per batch (afpacket).
 * The tap device has no batched interface: one read or write per frame.
 *
 * Offloads.  With the kernel's default settings veth and tap hand us TCP
 * super-frames of up to 64 KiB (GSO) and frames whose transport checksum
 * is still to be computed (CHECKSUM_PARTIAL).  Every class carries this
 * state in a struct virtio_net_hdr per frame (PACKET_VNET_HDR, or the tap's
 * IFF_VNET_HDR) to and from dp_packet.offload, so a frame received on one
 * port and sent on another stays whole, and the kernel of the output
 * device segments it or completes its checksum as that device needs.  A
 * user never has to turn offloads off.  Frames that leave through no
 * netdev (packet-in) are completed by the datapath (packet.h).
 *
 * VLAN tags.  The kernel takes the outer tag out of a frame before a packet
 * socket sees it; afpacket puts it back (TPID 0x8100 or 0x88a8, from the
 * ring header or PACKET_AUXDATA), with the offload offsets moved to match,
 * so the parser sees the frame as it was on the wire.
 *
 * Own frames.  A port never receives what the switch sent on it
 * (PACKET_IGNORE_OUTGOING, and the packet type is checked as well).
 *
 * Statistics are counted in userspace as frames pass, plus the kernel's
 * count of frames it dropped because the switch did not keep up.  A GSO
 * super-frame counts as the segments it stands for (packets) and their
 * bytes on the wire (each segment carries the headers again).
 *
 * Link state.  netdev_get_flags() asks the kernel: SIOCGIFFLAGS for
 * IFF_UP and ETHTOOL_GLINK for the carrier (2 us together), which sees a
 * veth peer go down at once.  A netdev_monitor is an rtnetlink socket the
 * datapath polls with its ports: when it fires, re-read the flags of every
 * port.  It is not enough alone: the kernel sends the notification from
 * its link watch, which holds back events it deems not urgent for up to a
 * second (a veth whose ifindex equals its peer's, in another namespace, is
 * one), and dummies send none.  So a datapath also re-reads the flags of
 * every port every 100-200 ms (a few microseconds per port), and notices
 * any change well within a second.
 *
 * Why no libpcap class.  libpcap (1.10) cannot carry virtio-net headers,
 * so a frame received from a veth with default offloads loses its GSO and
 * partial-checksum state: a 64 KiB TCP super-frame with a half-computed
 * checksum arrives as an opaque too-long frame that can be neither
 * forwarded nor segmented correctly (the segment size is gone), and even
 * a plain UDP datagram from a local socket arrives with a wrong checksum.
 * It sends with one system call per frame, and it was slower than the
 * afpacket class both ways (figures in netdev-afpacket.c).
 *
 * Memory: an afpacket port maps a 4 MiB receive ring (2048 slots of
 * 2 KiB at MTU 1500), enough for 4 ms of 64-byte frames at 500,000 per
 * second.
 *
 * Threading: a netdev belongs to one thread at a time (the datapath).  The
 * netdev_dummy_*() test functions may be called from any thread while the
 * datapath uses the device; they lock.  A netdev's sockets live in the
 * network namespace that was current when it was opened.
 */
#ifndef SWITCH_NETDEV_H
#define SWITCH_NETDEV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "switch/packet.h"

struct netdev;
struct ofpbuf;

/* Bytes each receive buffer needs: a 64 KiB GSO super-frame, a VLAN tag
 * put back, and the headroom. */
#define NETDEV_BUF_SIZE (PACKET_HEADROOM + PACKET_MAX_LEN)

/* Largest batch one netdev_recv() or netdev_send() call handles at once
 * (a larger 'n' is fine: it is served in several batches). */
#define NETDEV_BATCH 64

/* ---- Open and close ---- */

/* Opens interface 'name' with class 'type' ("afpacket", "tap", "dummy",
 * "vxlan:OPTIONS" (above); NULL means "afpacket").  Returns 0 and the
 * netdev in '*netdevp' (the caller owns it and closes it with
 * netdev_close()), or a positive errno value and NULL: ENODEV (no such
 * interface), EAFNOSUPPORT (no such class), EINVAL (bad options, or
 * options for a class that takes none), EEXIST (a tap or dummy of that
 * name exists), ENAMETOOLONG, EPERM, ... */
int netdev_open(const char *name, const char *type, struct netdev **netdevp);

/* Closes 'netdev' (a tap interface is deleted).  Accepts NULL. */
void netdev_close(struct netdev *);

const char *netdev_get_name(const struct netdev *);
const char *netdev_get_type(const struct netdev *);

/* The interface index, or 0 for a dummy. */
int netdev_get_ifindex(const struct netdev *);

/* A file descriptor that is readable while frames may be waiting.  Owned by
 * the netdev; poll it, never read it.  When poll() reports it readable or
 * in error (POLLERR), call netdev_recv(). */
int netdev_get_fd(const struct netdev *);

/* Reads and returns the error pending on the fd (0 if none): an afpacket
 * socket gets ENETDOWN when its interface goes down, and poll() reports
 * POLLERR until it is read.  netdev_recv() does this itself when it finds
 * nothing to receive.  The port keeps working once the interface is up
 * again. */
int netdev_clear_error(struct netdev *);

/* ---- Frames ---- */

/* Receives up to 'n' frames into 'pkts[0..n)', each packet_init()ed on a
 * buffer of at least NETDEV_BUF_SIZE bytes that the caller owns.  Each
 * frame is placed after PACKET_HEADROOM bytes of headroom (a VLAN tag put
 * back takes 4 of them), with its offload state; layer offsets are reset
 * and 'in_port' is left alone.  Returns how many frames it received (0 if
 * none is waiting: never blocks).  Frames that cannot be received whole
 * are dropped and counted.
 *
 * A call that finds nothing waiting reads the fd's pending error (one
 * system call, see netdev_clear_error()): call it for the fds poll()
 * reports, not in a busy loop.  With frames waiting, afpacket makes no
 * system call at all. */
int netdev_recv(struct netdev *, struct dp_packet *pkts[], int n);

/* Sends the 'n' frames of 'pkts' in order, each with its offload state.
 * The frames are handed to the kernel (or a dummy's capture queue) before
 * it returns; the caller keeps the packets.  Returns how many were sent;
 * the others are counted as dropped (queue full, link down) or errors
 * (refused by the device).  Linux refuses a frame that is not a GSO
 * super-frame and is longer than the MTU plus 14 bytes, plus 4 if it
 * starts with an 802.1Q tag (not for an 802.1ad one: a port that carries
 * full-size frames with an 802.1ad tag needs an MTU of 1504). */
int netdev_send(struct netdev *, struct dp_packet *const pkts[], int n);

/* ---- Counters ---- */

struct netdev_stats {
    uint64_t rx_packets;
    uint64_t tx_packets;
    uint64_t rx_bytes;
    uint64_t tx_bytes;
    uint64_t rx_dropped;        /* The switch did not keep up. */
    uint64_t tx_dropped;        /* Queue full, link down. */
    uint64_t rx_errors;         /* Truncated or unreadable frames. */
    uint64_t tx_errors;         /* Frames the device refused. */
};

/* Counters since the netdev was opened.  Returns 0 or an errno value (the
 * userspace counters are filled in either way). */
int netdev_get_stats(struct netdev *, struct netdev_stats *);

/* ---- Properties ---- */

/* Each returns 0 or a positive errno value (ENODEV once the interface is
 * gone). */
int netdev_get_mac(const struct netdev *, uint8_t mac[6]);
int netdev_get_mtu(const struct netdev *, int *mtup);

enum netdev_flags {
    NETDEV_UP = 1 << 0,         /* Administratively up (IFF_UP). */
    NETDEV_CARRIER = 1 << 1,    /* Link up: up with carrier (IFF_RUNNING). */
};

/* Stores NETDEV_* bits in '*flags' (0 on error). */
int netdev_get_flags(const struct netdev *, unsigned int *flags);

/* Brings the interface up or down (OFPPC_PORT_DOWN). */
int netdev_set_up(struct netdev *, bool up);

/* What struct of_port reports (OpenFlow 1.3.5, 7.2.1): OFPPF_* bits and
 * speeds in kbps, from the kernel's ethtool link settings.  A veth reports
 * 10 Gb/s full duplex copper; a tap the same on Linux 6.18 (older kernels
 * said 10 Mb/s); an interface that knows no speed (virtio-net, a NIC
 * without link) nothing: all zero. */
struct netdev_features {
    uint32_t curr;
    uint32_t advertised;
    uint32_t supported;
    uint32_t peer;
    uint32_t curr_speed;
    uint32_t max_speed;
};

/* Zeroes '*features' on error (EOPNOTSUPP: no ethtool settings). */
int netdev_get_features(const struct netdev *,
                        struct netdev_features *features);

/* ---- Link state notification ---- */

struct netdev_monitor;

/* Opens an rtnetlink socket that hears of every link change in the current
 * network namespace.  Returns 0 or an errno value; the caller owns
 * '*monitorp' (NULL on error). */
int netdev_monitor_create(struct netdev_monitor **monitorp);
void netdev_monitor_destroy(struct netdev_monitor *);   /* Accepts NULL. */

/* Readable when notifications are waiting. */
int netdev_monitor_get_fd(const struct netdev_monitor *);

/* Reads every waiting notification.  Returns true if a link was added,
 * changed or removed (or notifications were lost), in which case the
 * caller re-reads the flags of its ports. */
bool netdev_monitor_run(struct netdev_monitor *);

/* ---- Dummy devices (tests) ----
 *
 * A dummy has a MAC address derived from its name (02:dd:...), MTU 1500,
 * 10 Gb/s features, and starts up with carrier.  It allocates per frame:
 * it is not for benchmarks. */

/* The open dummy named 'name' (not owned), or NULL. */
struct netdev *netdev_dummy_find(const char *name);

/* Queues a copy of 'len' bytes at 'frame' (with 'offload', or none if
 * NULL) to be received by the switch.  Returns false (and counts a drop)
 * if the device is down or its receive queue is full. */
bool netdev_dummy_inject(struct netdev *, const void *frame, size_t len,
                         const struct packet_offload *offload);

/* Takes the oldest frame the switch sent: appends it to 'frame' and stores
 * its offload state in '*offload' (if nonnull).  Returns false if there is
 * none. */
bool netdev_dummy_capture(struct netdev *, struct ofpbuf *frame,
                          struct packet_offload *offload);

/* Frames waiting in the capture queue. */
size_t netdev_dummy_n_captured(struct netdev *);

/* Sets the carrier (link) of a dummy. */
void netdev_dummy_set_carrier(struct netdev *, bool carrier);

#endif /* switch/netdev.h */
