/*
 * packet-edit: the header changes OpenFlow 1.3 actions make (5.12, 7.2.5):
 * set_field, push and pop of VLAN, MPLS and PBB headers, and the TTL
 * actions, on a frame whose layer offsets flow_extract() set, keeping the
 * flow key in step.
 *
 * Every function takes the packet and its key ('flow', which must describe
 * the frame: just extracted, or kept in step by earlier edits) and returns
 * PE_* flags:
 *
 *   PE_OK (0)        done; 'flow' and the layer offsets describe the frame
 *                    (exactly as flow_reextract() would).
 *   PE_SKIPPED       the frame lacks the header the action needs (or it is
 *                    cut short), or the field cannot be set: nothing
 *                    changed.  OpenFlow leaves such actions undefined; a
 *                    switch forwards the packet unchanged.
 *   PE_INVALID_TTL   a decrement met a TTL of 0 (left at 0) or made it 0:
 *                    the pipeline drops the packet or, with
 *                    OFPC_INVALID_TTL_TO_CONTROLLER, sends it to the
 *                    controller with reason OFPR_INVALID_TTL (5.12).
 *   PE_REPARSE       the frame changed in a way the key cannot follow in
 *                    place (pop_mpls, pop_pbb, a pop_vlan that padded the
 *                    frame, set_field of eth_type, ip_proto, mpls_bos or
 *                    icmpv6_type): the caller must
 *                    call flow_reextract() before anything reads the key or
 *                    the layer offsets again (the next lookup or edit).
 *                    Until then the key is stale, but every edit stays
 *                    within the frame.
 *   PE_NO_ROOM       a push found no room in the buffer: nothing changed.
 *
 * Checksums follow every change, incrementally (RFC 1624): the IPv4 header
 * checksum, and the TCP, UDP and ICMPv6 checksums (which cover the
 * pseudo-header) and the ICMPv4 one.  A UDP checksum of 0 ("none") stays
 * 0.  SCTP's CRC32c is computed again when a port changes.  A frame whose
 * transport checksum is partial (offload csum_partial: the field holds the
 * pseudo-header sum) gets that sum updated for pseudo-header changes (IP
 * addresses, protocol) and nothing for changes in the transport header
 * itself (they are summed when the checksum is completed); a GSO
 * super-frame stays valid for the kernel to segment.
 *
 * Where headers go (OpenFlow 1.3.5, 5.12 and the table of field values for
 * push actions in 7.2.5):
 *   push_vlan  a new outermost tag after the Ethernet addresses; VID and
 *              PCP copied from the tag that was outermost, else 0.
 *   push_mpls  a new outermost label stack entry after the Ethernet header
 *              and any VLAN tags; label, TC and TTL copied from the entry
 *              that was outermost, else label 0, TC 0, bottom of stack,
 *              and TTL from IPv4 TTL / IPv6 hop limit, else 0.
 *   push_pbb   a new outer Ethernet header (B-DA, B-SA copied from the
 *              frame's addresses) and I-TAG in front of the whole frame,
 *              whose own header becomes C-DA, C-SA: I-SID copied from the
 *              I-TAG that was outermost, else 0; I-PCP from the outermost
 *              VLAN tag's PCP, else 0; DEI and UCA 0.
 *   pop_vlan   removes the outermost tag.
 *   pop_mpls   removes the outermost label stack entry; 'ethertype'
 *              replaces the type in front of it.
 *   pop_pbb    removes everything before the customer addresses: B-DA,
 *              B-SA, B-tags and the I-TAG.
 * A pop never makes a frame of ETH_MIN_LEN (60) bytes or more shorter
 * than that: it pads the end with zeros, as a port's MAC pads a short
 * frame, so a minimum-size frame stays one (Ryu's tests expect
 * ethernet/mpls/ipv4/icmp, 60 bytes with its padding, to leave pop_mpls
 * as the 60-byte ethernet/ipv4/icmp frame).
 *
 * set_field can set every OXM field of OpenFlow 1.3 but in_port,
 * in_phy_port and metadata (7.2.5; the action decoder refuses those), and
 * ipv6_exthdr, a pseudo-field that describes which extension headers a
 * packet has: setting it would have to add or remove headers, so ofkit
 * does not (pe_field_is_settable() says so; the switch leaves it out of
 * its set-field table features and refuses such actions).  tunnel_id,
 * tun_src and tun_dst are metadata of the key only.  A vlan_vid value is
 * taken without its OFPVID_PRESENT bit (set_field cannot add a tag);
 * values are clipped to the field's width.  nd_sll and nd_tll rewrite an
 * existing link-layer address option (none is added).
 *
 * The datapath thread's functions: no allocation, no lock, no system
 * call.
 */
#ifndef SWITCH_PACKET_EDIT_H
#define SWITCH_PACKET_EDIT_H 1

#include <stdbool.h>
#include <stdint.h>

#include "ofproto/ofp-match.h"

struct dp_packet;
struct flow;

enum {
    PE_OK = 0,
    PE_SKIPPED = 1 << 0,
    PE_INVALID_TTL = 1 << 1,
    PE_REPARSE = 1 << 2,
    PE_NO_ROOM = 1 << 3,
};

/* ---- set_field ---- */

/* True if pe_set_field() can set 'field' (see above). */
bool pe_field_is_settable(enum of_field field);

/* Sets 'field' of the packet and of 'flow' to 'value'. */
unsigned int pe_set_field(struct dp_packet *, struct flow *,
                          enum of_field field, const union of_value *value);

/* ---- Push and pop ---- */

/* 'tpid' is 0x8100 or 0x88a8; 'ethertype' for MPLS 0x8847 or 0x8848, for
 * PBB 0x88e7 (the action decoder checks). */
unsigned int pe_push_vlan(struct dp_packet *, struct flow *, uint16_t tpid);
unsigned int pe_pop_vlan(struct dp_packet *, struct flow *);
unsigned int pe_push_mpls(struct dp_packet *, struct flow *,
                          uint16_t ethertype);
unsigned int pe_pop_mpls(struct dp_packet *, struct flow *,
                         uint16_t ethertype);
unsigned int pe_push_pbb(struct dp_packet *, struct flow *,
                         uint16_t ethertype);
unsigned int pe_pop_pbb(struct dp_packet *, struct flow *);

/* ---- TTL ---- */

/* IPv4 TTL (with the header checksum) or IPv6 hop limit, of an IPv4 or
 * IPv6 packet (not IP under MPLS, which OpenFlow cannot see). */
unsigned int pe_set_nw_ttl(struct dp_packet *, struct flow *, uint8_t ttl);
unsigned int pe_dec_nw_ttl(struct dp_packet *, struct flow *);

/* The TTL of the outermost MPLS label stack entry. */
unsigned int pe_set_mpls_ttl(struct dp_packet *, struct flow *,
                             uint8_t ttl);
unsigned int pe_dec_mpls_ttl(struct dp_packet *, struct flow *);

/* copy_ttl_out copies the TTL of the next-to-outermost header with a TTL
 * to the outermost, copy_ttl_in the outermost's to the next: MPLS to MPLS,
 * IP under the bottom of an MPLS stack (told by its version nibble) to
 * MPLS or back, and IP-in-IP (IPv4 or IPv6 in IPv4 or IPv6) between the
 * two IP headers. */
unsigned int pe_copy_ttl_out(struct dp_packet *, struct flow *);
unsigned int pe_copy_ttl_in(struct dp_packet *, struct flow *);

#endif /* switch/packet-edit.h */
