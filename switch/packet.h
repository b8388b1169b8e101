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
 * struct virtio_net_hdr, in host order.  Code that changes bytes covered by
 * a checksum must keep them right (see packet_csum_*), and a frame that
 * leaves where offloads cannot follow (to a controller, or a port without
 * them) is completed first (packet_offload_complete()).
 *
 * Offsets of the parsed layers are set by flow_extract() (flow.h) and are
 * relative to 'data'; PACKET_OFS_NONE when a layer is absent.
 *
 * Not thread-safe: a packet belongs to the thread that holds it.
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

/* Offload flags (struct virtio_net_hdr's flags and gso_type). */
enum packet_gso {
    PACKET_GSO_NONE = 0,
    PACKET_GSO_TCPV4 = 1,
    PACKET_GSO_UDP = 3,
    PACKET_GSO_TCPV6 = 4,
    PACKET_GSO_UDP_L4 = 5,
    PACKET_GSO_ECN = 0x80,
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

struct dp_packet {
    uint8_t *base;              /* Start of the buffer. */
    uint32_t allocated;         /* Bytes at 'base'. */
    uint8_t *data;              /* The Ethernet header. */
    uint32_t len;               /* Bytes of frame at 'data'. */

    uint32_t in_port;           /* OpenFlow port it arrived on. */
    struct packet_offload offload;

    /* Set by flow_extract(). */
    uint16_t l2_5_ofs;          /* First MPLS label stack entry. */
    uint16_t l3_ofs;            /* IPv4, IPv6 or ARP header. */
    uint16_t l4_ofs;            /* TCP, UDP, SCTP, ICMP header. */
};

/* ---- Create and destroy ---- */

/* Points 'p' at 'allocated' bytes at 'base' (which the caller owns) with
 * an empty frame after PACKET_HEADROOM. */
void packet_init(struct dp_packet *p, uint8_t *base, uint32_t allocated);

/* Sets the frame to a copy of 'len' bytes at 'frame'.  Returns false if it
 * does not fit. */
bool packet_set_frame(struct dp_packet *p, const void *frame, size_t len);

/* Copies 'src' (frame, in_port, offload state, offsets) into 'dst',
 * which must have its own buffer. */
void packet_copy(struct dp_packet *dst, const struct dp_packet *src);

/* ---- Headers ---- */

/* Inserts 'n' bytes at offset 'ofs' (moving the bytes before it back into
 * the headroom) and returns a pointer to them, or NULL if there is no
 * room.  Layer offsets at or after 'ofs' and the offload state move too. */
void *packet_push(struct dp_packet *p, size_t ofs, size_t n);

/* Removes 'n' bytes at offset 'ofs' (moving the bytes before it forward).
 * Layer offsets and offload state follow. */
void packet_pull(struct dp_packet *p, size_t ofs, size_t n);

/* ---- Checksums ---- */

/* The Internet checksum of 'n' bytes, folded and complemented. */
uint16_t packet_csum(const void *data, size_t n);

/* Incremental update (RFC 1624) of checksum field '*csum' (network
 * order, as stored) when a 16-bit or 32-bit word changes from 'old' to
 * 'new' (network order). */
void packet_csum_update16(uint16_t *csum, uint16_t old_, uint16_t new_);
void packet_csum_update32(uint16_t *csum, uint32_t old_, uint32_t new_);

/* Fills in a partial transport checksum and clears 'csum_partial', if set
 * and the frame is not a GSO super-frame.  Cuts a GSO super-frame into its
 * segments is the job of packet_segment() (coming with the datapath). */
void packet_csum_complete(struct dp_packet *p);

#endif /* switch/packet.h */
