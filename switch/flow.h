/*
 * flow: the flow key, a packet parsed once into every field OpenFlow 1.3
 * can match, and the map between OXM fields and the key.
 *
 * struct flow holds each field in host order (addresses as bytes in network
 * order), at a fixed place, in 64-bit words with zero padding, so that:
 *   - a struct flow is also a mask (all-ones bits where a rule matches);
 *   - the classifier hashes and compares masked keys word by word
 *     (FLOW_U64S words), touching only the words a mask uses;
 *   - two keys are equal exactly when their bytes are (memcmp), which the
 *     exact-match cache relies on.  Fields a packet lacks are zero.
 *
 * Some storage is shared where OpenFlow's prerequisites make the meanings
 * exclusive, as in Open vSwitch: 'nw_src'/'nw_dst' hold ipv4_src/dst or
 * arp_spa/tpa; 'tp_src'/'tp_dst' the TCP, UDP or SCTP ports; 'icmp_type'
 * and 'icmp_code' ICMPv4 or ICMPv6; 'arp_sha'/'arp_tha' also nd_sll/tll.
 *
 * Fields the pipeline needs beyond OXM (TTLs, fragment flags, TCP flags)
 * are in the key too: a cached decision must not depend on anything
 * outside it.
 *
 * What flow_extract() reads (OpenFlow 1.3.5, 7.2.3.7 and 7.2.3.8):
 *   - Ethernet II.  An 802.3 frame (type/length below 0x600) gets
 *     eth_type 0x05ff and nothing more is parsed.
 *   - 802.1Q (0x8100) and 802.1ad (0x88a8) tags, any number: vlan_vid
 *     (OFPVID_PRESENT | VID) and vlan_pcp of the outermost; eth_type is the
 *     type after the last tag.  On Linux packet sockets the kernel may take
 *     the outer tag out of the frame; the netdev layer puts it back before
 *     flow_extract(), which therefore always finds tags in the frame.
 *   - MPLS (0x8847, 0x8848): the outermost label stack entry (label, tc,
 *     bos, ttl).  Nothing under the stack is parsed (OpenFlow gives no way
 *     to know what it is), but l3_ofs marks where it starts.
 *   - PBB (0x88e7): pbb_isid from the I-TAG; matching stops there
 *     (eth_type stays 0x88e7, the customer frame is not parsed).
 *   - ARP for Ethernet and IPv4 (hardware type 1, protocol 0x0800, lengths
 *     6 and 4): arp_op, spa, tpa, sha, tha.
 *   - IPv4 with options: dscp, ecn, proto, ttl, src, dst, ip_frag; a later
 *     fragment (nonzero offset) has no transport fields.  The total length
 *     bounds the transport header (Ethernet padding is not payload).
 *   - IPv6: dscp, ecn, flow label, hop limit, src, dst; the extension
 *     headers (hop-by-hop, routing, fragment, destination, AH; ESP and
 *     no-next-header end the walk) are walked to ip_proto, the
 *     upper-layer protocol, and ipv6_exthdr gets the OFPIEH_* bits: one
 *     per header kind present, NONEXT for next header 59, UNREP when a
 *     kind repeats (a third destination options header; two are
 *     expected), UNSEQ when the order is not RFC 2460's (hop-by-hop first,
 *     then destination, routing, fragment, AH, ESP, destination).
 *   - TCP ports and flags, UDP and SCTP ports, ICMPv4 type and code (over
 *     IPv4 only), ICMPv6 type and code (over IPv6 only) and, for neighbor
 *     solicitation (135) and advertisement (136), nd_target and the first
 *     Ethernet source (in a solicitation) or target (in an advertisement)
 *     link-layer address option.
 * A transport, ARP or neighbor discovery header cut short yields the
 * fields that lie wholly in the bytes that are there; the rest stay zero.
 * An Ethernet, VLAN, MPLS, PBB, IPv4 or IPv6 header cut short, or
 * inconsistent (IPv4 with a header length below 20 or past the frame, a
 * version that does not match the ethertype), yields nothing from that
 * layer on, except that a VLAN tag cut short leaves its TPID as eth_type
 * and an IPv6 extension header cut short sets its OFPIEH_* bit and leaves
 * ip_proto at its type.  flow_extract() never reads past the frame.
 *
 * Every OXM field of ofproto/oxm-fields.def has an entry in the field map
 * (flow.c), whose size is checked at compile time: adding a field breaks
 * the build until the parser, map, formatter and set_field know it.
 *
 * Pure functions; safe from any thread.
 */
#ifndef SWITCH_FLOW_H
#define SWITCH_FLOW_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-match.h"

struct dp_packet;
struct ds;

/* Fragment flags of 'ip_frag'. */
#define FLOW_FRAG_ANY   (1 << 0)    /* A fragment (first or later), or an
                                     * IPv6 fragment header. */
#define FLOW_FRAG_LATER (1 << 1)    /* A fragment with a nonzero offset. */

/* The number of OXM fields (ofproto/oxm-fields.def) the key, the parser,
 * the field map, the formatter and set_field (packet-edit.c) know.  Code
 * that must handle every field checks OF_N_FIELDS against it with
 * _Static_assert, so a new field breaks the build until each knows it. */
#define FLOW_N_OXM_FIELDS 42

struct flow {
    /* Pipeline metadata. */
    uint64_t metadata;
    uint64_t tunnel_id;
    uint32_t in_port;
    uint32_t in_phy_port;
    uint32_t tun_src;           /* IPv4, host order. */
    uint32_t tun_dst;

    /* Ethernet and tags. */
    uint8_t eth_dst[6];
    uint8_t eth_src[6];
    uint16_t eth_type;          /* After VLAN tags; 0x8847 for MPLS. */
    uint16_t vlan_vid;          /* OFPVID_PRESENT | VID of the outer tag. */
    uint8_t vlan_pcp;
    uint8_t mpls_tc;
    uint8_t mpls_bos;
    uint8_t mpls_ttl;
    uint32_t mpls_label;        /* Outermost label stack entry. */
    uint32_t pbb_isid;

    /* IPv4, IPv6, ARP. */
    uint8_t ip_dscp;
    uint8_t ip_ecn;
    uint8_t ip_proto;
    uint8_t nw_ttl;             /* IPv4 TTL or IPv6 hop limit. */
    uint8_t ip_frag;            /* FLOW_FRAG_*. */
    uint8_t pad1;
    uint16_t ipv6_exthdr;       /* OFPIEH_* pseudo-field. */
    uint32_t nw_src;            /* ipv4_src or arp_spa, host order. */
    uint32_t nw_dst;            /* ipv4_dst or arp_tpa. */
    uint32_t ipv6_flabel;
    uint8_t ipv6_src[16];
    uint8_t ipv6_dst[16];
    uint8_t nd_target[16];
    uint8_t arp_sha[6];         /* Also nd_sll. */
    uint8_t arp_tha[6];         /* Also nd_tll. */
    uint16_t arp_op;

    /* Transport. */
    uint16_t tp_src;            /* TCP, UDP or SCTP. */
    uint16_t tp_dst;
    uint8_t icmp_type;          /* ICMPv4 or ICMPv6. */
    uint8_t icmp_code;
    uint16_t tcp_flags;
    uint8_t pad2[6];
};

#define FLOW_U64S (sizeof(struct flow) / sizeof(uint64_t))
_Static_assert(sizeof(struct flow) % sizeof(uint64_t) == 0,
               "struct flow is a whole number of 64-bit words");

/* ---- Parsing ---- */

/* Parses the frame of 'p' into 'flow' (with p->in_port as in_port and
 * in_phy_port, p->tunnel as the tunnel fields, and zero metadata) and sets
 * p's layer offsets.  Never fails: what cannot be parsed is left zero, as
 * a switch must still forward malformed frames by the fields it did read.
 * Called once per packet: no allocation, no system call. */
void flow_extract(struct dp_packet *p, struct flow *flow);

/* Parses the frame of 'p' again into 'flow' after an edit that changed
 * its structure (packet-edit.h: an edit that returns PE_REPARSE), keeping
 * the pipeline's fields of 'flow': in_port, in_phy_port, metadata,
 * tunnel_id, tun_src and tun_dst. */
void flow_reextract(struct dp_packet *p, struct flow *flow);

/* ---- Fields ---- */

/* Where an OXM field lives in struct flow. */
struct flow_field {
    uint16_t offset;            /* Bytes from the start of struct flow. */
    uint8_t size;               /* 1, 2, 4, 6, 8 or 16 bytes. */
    uint8_t n_bits;             /* Valid bits of a numeric field (1, 2, 4
                                 * or 8 bytes, host order): the low
                                 * 'n_bits'; size * 8 for addresses. */
};

/* The place of 'field' (< OF_N_FIELDS) in struct flow. */
const struct flow_field *flow_field(enum of_field field);

/* True if the prerequisites of 'field' (OpenFlow 1.3.5, table 12) hold
 * for the packet 'flow' describes, so that the storage 'field' shares with
 * others (see above) means 'field'. */
bool flow_field_applies(const struct flow *, enum of_field field);

/* Reads 'field' of 'flow' as an OXM value, and writes one into it. */
void flow_get_value(const struct flow *, enum of_field,
                    union of_value *value);
void flow_set_value(struct flow *, enum of_field,
                    const union of_value *value);

/* Converts an OpenFlow match into a key and mask: for every OXM, its value
 * and mask at the field's place.  Masks are canonical: an exact match and
 * a mask of all the field's valid bits both give the valid bits (so
 * vlan_vid=0x1064 and vlan_vid=0x1064/0x1fff are the same rule), and value
 * bits outside the mask are cleared.  The match must be valid
 * (of_match_validate()). */
void flow_from_match(const struct of_match *, struct flow *value,
                     struct flow *mask);

/* The reverse: the OXMs of every field 'mask' touches whose prerequisites
 * 'value' meets, in field order; exact where the mask covers every valid
 * bit. */
void flow_to_match(const struct flow *value, const struct flow *mask,
                   struct of_match *);

/* True if 'flow' matches 'value' under 'mask' ('value' already masked, as
 * flow_from_match() makes it). */
bool flow_matches(const struct flow *flow, const struct flow *value,
                  const struct flow *mask);

/* Appends the key in ovs-ofctl syntax: the nonzero fields whose
 * prerequisites hold, in field order, then nw_ttl, mpls_ttl,
 * nw_frag=first|later and tcp_flags when nonzero.  in_phy_port is printed
 * only when it differs from in_port. */
void flow_format(const struct flow *, struct ds *);

#endif /* switch/flow.h */
