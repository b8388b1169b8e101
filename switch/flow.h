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
#define FLOW_FRAG_ANY   (1 << 0)    /* A fragment (first or later). */
#define FLOW_FRAG_LATER (1 << 1)    /* A fragment with a nonzero offset. */

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
 * in_phy_port) and sets p's layer offsets.  Never fails: what cannot be
 * parsed is left zero, as a switch must still forward malformed frames
 * by the fields it did read. */
void flow_extract(struct dp_packet *p, struct flow *flow);

/* ---- Fields ---- */

/* Where an OXM field lives in struct flow. */
struct flow_field {
    uint16_t offset;            /* Bytes from the start of struct flow. */
    uint8_t size;               /* 1, 2, 4, 6, 8 or 16 bytes. */
};

/* The place of 'field' in struct flow. */
const struct flow_field *flow_field(enum of_field field);

/* Reads 'field' of 'flow' as an OXM value, and writes one into it. */
void flow_get_value(const struct flow *, enum of_field,
                    union of_value *value);
void flow_set_value(struct flow *, enum of_field,
                    const union of_value *value);

/* Converts an OpenFlow match into a key and mask: for every OXM, its value
 * and mask (all-ones if exact) at the field's place.  The match must be
 * valid (of_match_validate()). */
void flow_from_match(const struct of_match *, struct flow *value,
                     struct flow *mask);

/* The reverse: the OXMs of every field 'mask' touches, in field order. */
void flow_to_match(const struct flow *value, const struct flow *mask,
                   struct of_match *);

/* True if 'flow' matches 'value' under 'mask'. */
bool flow_matches(const struct flow *flow, const struct flow *value,
                  const struct flow *mask);

/* Appends the key in ovs-ofctl syntax (only nonzero fields). */
void flow_format(const struct flow *, struct ds *);

#endif /* switch/flow.h */
