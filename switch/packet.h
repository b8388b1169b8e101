/*
 * packet: one frame in the datapath.
 *
 * struct dp_packet is a frame in a buffer with headroom, so that pushing a
 * VLAN, MPLS or PBB header (or, later, a VXLAN encapsulation) moves 'data'
 * back instead of copying the frame.  Buffers come from the port's receive
 * batch and are reused batch after batch: nothing on the fast path
 * allocates.
 *
 * Offload state travels with the frame.  A frame received from a veth or
 * tap with the kernel's default offloads may be a GSO super-frame (up to
 * 64 KiB, to be cut into 'gso_size' segments) and may carry a partial
 * transport checksum (CHECKSUM_PARTIAL: the checksum field holds the
 * pseudo-header sum and the sum over the bytes from 'csum_start' is still
 * to be added at 'csum_start' + 'csum_offset').  These are the fields of
 * struct virtio_net_hdr, in host order.  For a GSO super-frame the
 * pseudo-header sum in the checksum field is the one of the whole
 * super-frame (its full transport length), as Linux expects when it
 * segments.  Code that changes bytes covered by a checksum must keep them
 * right (see packet_csum_*), and a frame that leaves where offloads cannot
 * follow (to a controller, or a port without them) is completed first:
 * packet_csum_complete() for a partial checksum, packet_seg_*() to cut a
 * super-frame into ordinary frames.
 *
 * Offsets of the parsed layers are set by flow_extract() (flow.h) and are
 * relative to 'data'; PACKET_OFS_NONE when a layer is absent.
 *
 * packet_csum() and packet_csum_fold() return host-order values: store
 * them with a big-endian put (ofp_put_be16()).  The incremental updates
 * take the old and new words as they lie in the frame.
 *
 * Not thread-safe: a packet belongs to the thread that holds it.  No
 * function here allocates memory.
 */
#ifndef SWITCH_PACKET_H
#define SWITCH_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room reserved in front of every frame for pushed headers. */
#define PACKET_HEADROOM 128

/* Largest frame the datapath carries: a 64 KiB GSO super-frame plus
 * headers. */
#define PACKET_MAX_LEN (65536 + 256)

#define PACKET_OFS_NONE UINT16_MAX

/* Ethertypes and header lengths the datapath knows. */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_VLAN 0x8100        /* 802.1Q tag (C-tag). */
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848
#define ETH_TYPE_VLAN_8021AD 0x88a8 /* 802.1ad tag (S-tag). */
#define ETH_TYPE_PBB 0x88e7         /* 802.1ah I-TAG. */
#define ETH_TYPE_MIN 0x0600         /* Smaller values are 802.3 lengths. */
#define ETH_TYPE_NOT_ETH 0x05ff     /* eth_type of an 802.3 frame. */

#define ETH_ADDR_LEN 6
#define ETH_HEADER_LEN 14
#define ETH_MIN_LEN 60              /* Shortest frame, without its FCS
                                     * (IEEE 802.3). */
#define VLAN_HEADER_LEN 4           /* TPID and TCI. */
#define MPLS_HEADER_LEN 4           /* One label stack entry. */
#define PBB_ITAG_LEN 4
#define PBB_HEADER_LEN 18           /* B-DA, B-SA, 0x88e7, I-TAG. */

static inline bool
eth_type_is_vlan(uint16_t type)
{
    return type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD;
}

static inline bool
eth_type_is_mpls(uint16_t type)
{
    return type == ETH_TYPE_MPLS || type == ETH_TYPE_MPLS_MCAST;
}

/* Offload flags (struct virtio_net_hdr's flags and gso_type). */
enum packet_gso {
    PACKET_GSO_NONE = 0,
    PACKET_GSO_TCPV4 = 1,
    PACKET_GSO_UDP = 3,         /* UFO (IP fragmentation): not supported. */
    PACKET_GSO_TCPV6 = 4,
    PACKET_GSO_UDP_L4 = 5,
    PACKET_GSO_ECN = 0x80,      /* Flag: the TCP stream uses ECN. */
};

struct packet_offload {
    bool csum_partial;          /* VIRTIO_NET_HDR_F_NEEDS_CSUM. */
    bool csum_valid;            /* VIRTIO_NET_HDR_F_DATA_VALID. */
    uint8_t gso_type;           /* enum packet_gso. */
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;        /* From 'data'. */
    uint16_t csum_offset;       /* From csum_start. */
};

/* The tunnel a packet came in through, or is to leave through (OXM
 * tunnel_id, and Open vSwitch's tun_ipv4_src and tun_ipv4_dst).  A packet
 * from a port that is no tunnel has all zero.  set_field writes it, and a
 * flow-based tunnel port sends to 'dst' with VNI 'id'. */
struct packet_tunnel {
    uint64_t id;                /* VXLAN: the VNI. */
    uint32_t src;               /* IPv4, host order; 0: none. */
    uint32_t dst;
};

struct dp_packet {
    uint8_t *base;              /* Start of the buffer. */
    uint32_t allocated;         /* Bytes at 'base'. */
    uint8_t *data;              /* The Ethernet header. */
    uint32_t len;               /* Bytes of frame at 'data'. */

    uint32_t in_port;           /* OpenFlow port it arrived on. */
    struct packet_tunnel tunnel;
    uint32_t queue;             /* set_queue's queue id + 1; 0: none. */
    uint32_t tx_priority;       /* Socket priority it leaves with: the
                                 * egress queue (switch/tc.h), 0 for the
                                 * port's default. */
    struct packet_offload offload;

    /* Set by flow_extract(). */
    uint16_t l2_5_ofs;          /* First MPLS label stack entry, or the
                                 * PBB I-TAG. */
    uint16_t l3_ofs;            /* IPv4, IPv6 or ARP header; for MPLS, the
                                 * bytes after the bottom of the stack. */
    uint16_t l4_ofs;            /* The header after IP and its extension
                                 * headers, whatever ip_proto names (TCP,
                                 * UDP, SCTP, ICMP, ...); none for a later
                                 * fragment, nor when ESP, no-next-header
                                 * or a truncated IPv6 extension header
                                 * ends the walk.  It may be cut short:
                                 * check its length. */
};

/* ---- Create and destroy ---- */

/* Points 'p' at 'allocated' bytes at 'base' (which the caller owns) with
 * an empty frame after PACKET_HEADROOM, no offload state, no layer
 * offsets and in_port 0. */
void packet_init(struct dp_packet *p, uint8_t *base, uint32_t allocated);

/* Sets the frame to a copy of 'len' bytes at 'frame', after
 * PACKET_HEADROOM bytes of headroom, and clears the offload state and the
 * layer offsets.  Returns false (changing nothing) if it does not fit. */
bool packet_set_frame(struct dp_packet *p, const void *frame, size_t len);

/* Copies 'src' (frame, in_port, offload state, offsets) into 'dst',
 * which must have its own buffer; the frame lands after PACKET_HEADROOM.
 * Returns false (changing nothing) if it does not fit. */
bool packet_copy(struct dp_packet *dst, const struct dp_packet *src);

/* Forgets the layer offsets (all PACKET_OFS_NONE). */
static inline void
packet_reset_offsets(struct dp_packet *p)
{
    p->l2_5_ofs = PACKET_OFS_NONE;
    p->l3_ofs = PACKET_OFS_NONE;
    p->l4_ofs = PACKET_OFS_NONE;
}

static inline size_t
packet_headroom(const struct dp_packet *p)
{
    return p->data - p->base;
}

static inline size_t
packet_tailroom(const struct dp_packet *p)
{
    return p->allocated - packet_headroom(p) - p->len;
}

static inline bool
packet_is_gso(const struct dp_packet *p)
{
    return (p->offload.gso_type & ~PACKET_GSO_ECN) != PACKET_GSO_NONE;
}

/* ---- Headers ---- */

/* Inserts 'n' bytes at offset 'ofs' (moving the bytes before it back into
 * the headroom, or if the headroom is too small the bytes after it into
 * the tailroom) and returns a pointer to them, or NULL (changing nothing)
 * if there is no room.  The new bytes are not initialised.  Layer offsets
 * at or after 'ofs' and the offload state (csum_start, hdr_len) move
 * too. */
void *packet_push(struct dp_packet *p, size_t ofs, size_t n);

/* Removes 'n' bytes at offset 'ofs' (moving the bytes before it forward).
 * Layer offsets and offload state follow: those past the removed bytes
 * move back by 'n'; those inside them become 'ofs' (they now name what
 * followed the removed bytes, so a caller that removes a whole layer
 * fixes or re-derives that layer's offset). */
void packet_pull(struct dp_packet *p, size_t ofs, size_t n);

/* ---- Checksums ---- */

/* Adds 'n' bytes at 'data' to the running one's complement sum 'sum'
 * (start with 0; the running sum is opaque: only packet_csum_add() and
 * packet_csum_fold() understand it).  Every call but the last must cover
 * an even number of bytes. */
uint64_t packet_csum_add(uint64_t sum, const void *data, size_t n);

/* Folds a running sum to 16 bits, not complemented, in host order.  A
 * checksum field is ~packet_csum_fold(sum of its pseudo-header and data
 * with the field zero); a partial checksum field (offload) holds
 * packet_csum_fold(pseudo-header sum). */
uint16_t packet_csum_fold(uint64_t sum);

/* The Internet checksum of 'n' bytes, folded and complemented, in host
 * order. */
uint16_t packet_csum(const void *data, size_t n);

/* Incremental update (RFC 1624, eqn. 3) of checksum field '*csum' (network
 * order, as stored) when a 16-bit or 32-bit word changes from 'old' to
 * 'new' (network order).  '*csum' may be unaligned. */
void packet_csum_update16(void *csum, uint16_t old_, uint16_t new_);
void packet_csum_update32(void *csum, uint32_t old_, uint32_t new_);

/* The same for 'n' bytes (n even, starting at an even offset of the
 * checksummed data) that change from 'old' to 'new'. */
void packet_csum_update(void *csum, const void *old_, const void *new_,
                        size_t n);

/* CRC32c (Castagnoli, as SCTP uses it, RFC 4960 appendix B): continues
 * 'crc' (start with 0) over 'n' bytes. */
uint32_t packet_crc32c(uint32_t crc, const void *data, size_t n);

/* Computes the SCTP checksum of the 'n'-byte SCTP packet at 'sctp' and
 * stores it in its checksum field. */
void packet_sctp_csum_set(void *sctp, size_t n);

/* Fills in a partial transport checksum and clears 'csum_partial', if set
 * and the frame is not a GSO super-frame (those are cut by packet_seg_*(),
 * which completes every segment).  A partial checksum at offset 8 is
 * SCTP's: it is computed as CRC32c.  Does nothing if 'csum_start' or the
 * checksum field lies outside the frame. */
void packet_csum_complete(struct dp_packet *p);

/* ---- GSO segmentation ----
 *
 * Cuts a TCP (over IPv4 or IPv6) or UDP_L4 super-frame into frames of at
 * most 'gso_size' payload bytes, each a complete frame: the headers of the
 * super-frame (Ethernet, tags, MPLS, IP with options or extension headers,
 * TCP with options), then its share of the payload; IP total length (or
 * payload length), IPv4 identification (incremented per segment) and
 * header checksum, TCP sequence number, TCP flags (FIN and PSH only on the
 * last segment, CWR only on the first), UDP length and transport checksum
 * (computed in full) are set per segment.  Segments have no offload
 * state.  A frame that is not GSO gives one copy with its partial
 * checksum, if any, completed.
 *
 * The IP header is the one at l3_ofs (as flow_extract() sets it, also
 * under MPLS) or, where that is unset (IP inside PBB), the one found by
 * walking Ethernet, VLAN tags, PBB and MPLS; the transport header is at
 * l4_ofs or, failing that, at csum_start.  Segments keep the super-frame's
 * layer offsets and in_port.  They are written into buffers the caller
 * provides, a batch at a time:
 *
 *     struct packet_seg seg;
 *
 *     if (packet_seg_init(&seg, p)) {
 *         while (!packet_seg_done(&seg)) {
 *             size_t n = packet_seg_next(&seg, batch, n_free);
 *             ...
 *         }
 *     }
 *
 * Each output packet must have been packet_init()ed on a buffer of at
 * least PACKET_HEADROOM + packet_seg_max_len() bytes.  The super-frame
 * must not change while it is being cut.
 */
struct packet_seg {
    const struct dp_packet *p;  /* The super-frame (not owned). */
    uint32_t hdr_len;           /* Header bytes copied into each segment. */
    uint32_t next;              /* Offset in 'p' of the next payload byte. */
    uint32_t end;               /* Offset in 'p' past the payload. */
    uint32_t mss;               /* Payload bytes per segment. */
    uint32_t seq;               /* TCP sequence number of the first. */
    uint16_t l3_ofs;
    uint16_t l4_ofs;
    uint32_t index;             /* Segments made so far. */
    uint32_t n_segs;            /* Segments in all. */
    uint16_t ip_id;             /* IPv4 identification of the first. */
    uint8_t l4_proto;           /* 6 (TCP) or 17 (UDP). */
    bool ipv4;
};

/* Prepares to cut 'p'.  Returns false if 'p' cannot be cut: UFO, a
 * transport protocol that does not match the GSO type, a missing or
 * truncated IP or transport header, or a frame larger than
 * PACKET_MAX_LEN. */
bool packet_seg_init(struct packet_seg *, const struct dp_packet *p);

/* Segments in all, and the largest frame one of them may be. */
size_t packet_seg_count(const struct packet_seg *);
size_t packet_seg_max_len(const struct packet_seg *);

/* True when every segment has been made. */
bool packet_seg_done(const struct packet_seg *);

/* Writes up to 'n' next segments into 'out[0..n)' and returns how many it
 * wrote.  Stops early at a buffer too small for a segment (so a return
 * below both 'n' and the segments left means that). */
size_t packet_seg_next(struct packet_seg *, struct dp_packet *const out[],
                       size_t n);

#endif /* switch/packet.h */
