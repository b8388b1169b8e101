#include "switch/flow.h"

#include <netinet/in.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/packet.h"

/* A new field in ofproto/oxm-fields.def must be taught to the parser, the
 * field map and the formatter below, and to set_field (packet-edit.c),
 * before FLOW_N_OXM_FIELDS (flow.h) may follow it. */
_Static_assert(OF_N_FIELDS == FLOW_N_OXM_FIELDS,
               "oxm-fields.def changed: update switch/flow.[ch] and "
               "switch/packet-edit.c");

#define ICMP6_NS 135
#define ICMP6_NA 136
#define ND_OPT_SLL 1
#define ND_OPT_TLL 2
#define TCP_FLAGS_MASK 0x0fff

#define LIKELY(X) __builtin_expect(!!(X), 1)
#define UNLIKELY(X) __builtin_expect(!!(X), 0)

static inline uint16_t
rd16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static inline uint32_t
rd32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Stores offset 'x' in '*ofs' if it can be represented. */
static inline bool
set_ofs(uint16_t *ofs, size_t x)
{
    if (UNLIKELY(x >= PACKET_OFS_NONE)) {
        return false;
    }
    *ofs = x;
    return true;
}

/* ---- Parsing ---- */

static void
parse_nd(struct flow *flow, const uint8_t *l4, size_t n)
{
    bool sll = false, tll = false;

    /* RFC 4861 sections 4.3 and 4.4: type, code, checksum, 4 bytes of
     * flags or reserved, the target, then options. */
    memcpy(flow->nd_target, l4 + 8, 16);
    for (size_t o = 24; o + 8 <= n;) {
        size_t olen = l4[o + 1] * 8;

        if (!olen || olen > n - o) {
            break;
        }
        if (olen == 8) {
            if (l4[o] == ND_OPT_SLL && flow->icmp_type == ICMP6_NS && !sll) {
                memcpy(flow->arp_sha, l4 + o + 2, ETH_ADDR_LEN);
                sll = true;
            } else if (l4[o] == ND_OPT_TLL && flow->icmp_type == ICMP6_NA
                       && !tll) {
                memcpy(flow->arp_tha, l4 + o + 2, ETH_ADDR_LEN);
                tll = true;
            }
        }
        o += olen;
    }
}

/* Parses the transport header at 'ofs', whose protocol is flow->ip_proto,
 * with the IP payload ending at 'end'. */
static void
parse_l4(struct dp_packet *p, struct flow *flow, size_t ofs, size_t end)
{
    const uint8_t *l4 = p->data + ofs;
    size_t n = end - ofs;

    if (!set_ofs(&p->l4_ofs, ofs)) {
        return;
    }
    switch (flow->ip_proto) {
    case IPPROTO_TCP:
        if (n >= 4) {
            flow->tp_src = rd16(l4);
            flow->tp_dst = rd16(l4 + 2);
        }
        if (n >= 14) {
            flow->tcp_flags = rd16(l4 + 12) & TCP_FLAGS_MASK;
        }
        break;
    case IPPROTO_UDP:
    case IPPROTO_SCTP:
        if (n >= 4) {
            flow->tp_src = rd16(l4);
            flow->tp_dst = rd16(l4 + 2);
        }
        break;
    case IPPROTO_ICMP:
        if (flow->eth_type == ETH_TYPE_IPV4 && n >= 2) {
            flow->icmp_type = l4[0];
            flow->icmp_code = l4[1];
        }
        break;
    case IPPROTO_ICMPV6:
        if (flow->eth_type == ETH_TYPE_IPV6 && n >= 2) {
            flow->icmp_type = l4[0];
            flow->icmp_code = l4[1];
            if ((l4[0] == ICMP6_NS || l4[0] == ICMP6_NA) && n >= 24) {
                parse_nd(flow, l4, n);
            }
        }
        break;
    default:
        break;
    }
}

static void
parse_ipv4(struct dp_packet *p, struct flow *flow, size_t ofs)
{
    const uint8_t *ip = p->data + ofs;
    size_t avail = p->len - ofs;
    size_t ihl, tot, end;
    uint16_t frag;

    if (avail < 20 || ip[0] >> 4 != 4) {
        return;
    }
    ihl = (ip[0] & 0xf) * 4;
    if (ihl < 20 || ihl > avail || !set_ofs(&p->l3_ofs, ofs)) {
        return;
    }
    flow->ip_dscp = ip[1] >> 2;
    flow->ip_ecn = ip[1] & 3;
    flow->nw_ttl = ip[8];
    flow->ip_proto = ip[9];
    flow->nw_src = rd32(ip + 12);
    flow->nw_dst = rd32(ip + 16);

    /* The total length bounds the payload (what follows is Ethernet
     * padding) unless it is inconsistent or the frame is cut short. */
    tot = rd16(ip + 2);
    end = tot >= ihl && tot <= avail ? tot : avail;

    frag = rd16(ip + 6);
    if (UNLIKELY(frag & 0x3fff)) {
        flow->ip_frag = FLOW_FRAG_ANY;
        if (frag & 0x1fff) {
            flow->ip_frag |= FLOW_FRAG_LATER;
            return;
        }
    }
    parse_l4(p, flow, ofs + ihl, ofs + end);
}

/* The order RFC 2460 (section 4.1) recommends for extension headers.  A
 * destination options header before a routing header is the first kind,
 * after anything that comes after routing the second. */
enum exthdr_rank {
    RANK_HOP = 1,
    RANK_DEST_FIRST,
    RANK_ROUTER,
    RANK_FRAG,
    RANK_AUTH,
    RANK_ESP,
    RANK_DEST_LAST,
};

static void
parse_ipv6(struct dp_packet *p, struct flow *flow, size_t ofs)
{
    const uint8_t *ip = p->data + ofs;
    size_t avail = p->len - ofs;
    size_t plen, end, o;
    uint32_t vtf;
    uint16_t eh = 0;
    int max_rank = 0;
    int n_dest = 0;
    bool upper = false;
    uint8_t nh;

    if (avail < 40 || ip[0] >> 4 != 6 || !set_ofs(&p->l3_ofs, ofs)) {
        return;
    }
    vtf = rd32(ip);
    flow->ip_dscp = (vtf >> 22) & 0x3f;
    flow->ip_ecn = (vtf >> 20) & 3;
    flow->ipv6_flabel = vtf & 0xfffff;
    plen = rd16(ip + 4);
    nh = ip[6];
    flow->nw_ttl = ip[7];
    memcpy(flow->ipv6_src, ip + 8, 16);
    memcpy(flow->ipv6_dst, ip + 24, 16);
    end = plen && plen <= avail - 40 ? 40 + plen : avail;

    /* Walk the extension headers to the upper-layer protocol, noting each
     * in ipv6_exthdr (OpenFlow 1.3.5, 7.2.3.8). */
    for (o = 40;;) {
        uint16_t bit;
        int rank;
        size_t hlen;

        switch (nh) {
        case IPPROTO_HOPOPTS:
            bit = OFPIEH_HOP;
            rank = RANK_HOP;
            break;
        case IPPROTO_DSTOPTS:
            bit = OFPIEH_DEST;
            rank = max_rank < RANK_ROUTER ? RANK_DEST_FIRST : RANK_DEST_LAST;
            break;
        case IPPROTO_ROUTING:
            bit = OFPIEH_ROUTER;
            rank = RANK_ROUTER;
            break;
        case IPPROTO_FRAGMENT:
            bit = OFPIEH_FRAG;
            rank = RANK_FRAG;
            break;
        case IPPROTO_AH:
            bit = OFPIEH_AUTH;
            rank = RANK_AUTH;
            break;
        case IPPROTO_ESP:
            bit = OFPIEH_ESP;
            rank = RANK_ESP;
            break;
        case IPPROTO_NONE:
            eh |= OFPIEH_NONEXT;
            goto done;
        default:
            upper = true;
            goto done;
        }

        /* Two destination options headers are expected; any other kind
         * only once.  Hop-by-hop must come first (RFC 2460, 4.1). */
        if (bit == OFPIEH_DEST ? ++n_dest > 2 : (eh & bit) != 0) {
            eh |= OFPIEH_UNREP;
        }
        if (rank < max_rank || (bit == OFPIEH_HOP && o != 40)) {
            eh |= OFPIEH_UNSEQ;
        }
        eh |= bit;
        max_rank = MAX(max_rank, rank);

        /* ESP's payload is encrypted: nothing past it can be read. */
        if (nh == IPPROTO_ESP || o + 8 > end) {
            goto done;
        }
        if (nh == IPPROTO_FRAGMENT) {
            hlen = 8;
            flow->ip_frag = FLOW_FRAG_ANY;
            if (rd16(ip + o + 2) & 0xfff8) {
                flow->ip_frag |= FLOW_FRAG_LATER;
                nh = ip[o];
                goto done;
            }
        } else if (nh == IPPROTO_AH) {
            hlen = (ip[o + 1] + 2) * 4;     /* RFC 4302, 2.2. */
        } else {
            hlen = (ip[o + 1] + 1) * 8;
        }
        if (hlen > end - o) {
            goto done;
        }
        nh = ip[o];
        o += hlen;
    }

done:
    flow->ip_proto = nh;
    flow->ipv6_exthdr = eh;
    if (upper) {
        parse_l4(p, flow, ofs + o, ofs + end);
    }
}

static void
parse_arp(struct dp_packet *p, struct flow *flow, size_t ofs)
{
    const uint8_t *a = p->data + ofs;
    size_t n = p->len - ofs;

    /* Ethernet and IPv4 only (RFC 826): hardware type 1, protocol type
     * 0x0800, address lengths 6 and 4. */
    if (n < 8 || rd16(a) != 1 || rd16(a + 2) != ETH_TYPE_IPV4 || a[4] != 6
        || a[5] != 4 || !set_ofs(&p->l3_ofs, ofs)) {
        return;
    }
    flow->arp_op = rd16(a + 6);
    if (n >= 14) {
        memcpy(flow->arp_sha, a + 8, ETH_ADDR_LEN);
    }
    if (n >= 18) {
        flow->nw_src = rd32(a + 14);
    }
    if (n >= 24) {
        memcpy(flow->arp_tha, a + 18, ETH_ADDR_LEN);
    }
    if (n >= 28) {
        flow->nw_dst = rd32(a + 24);
    }
}

static void
parse_mpls(struct dp_packet *p, struct flow *flow, size_t ofs)
{
    const uint8_t *d = p->data;
    uint32_t lse;

    if (ofs + MPLS_HEADER_LEN > p->len || !set_ofs(&p->l2_5_ofs, ofs)) {
        return;
    }
    lse = rd32(d + ofs);
    flow->mpls_label = lse >> 12;
    flow->mpls_tc = (lse >> 9) & 7;
    flow->mpls_bos = (lse >> 8) & 1;
    flow->mpls_ttl = lse & 0xff;

    /* Find the bottom of the stack, for copy_ttl and segmentation. */
    for (size_t o = ofs; o + MPLS_HEADER_LEN <= p->len;
         o += MPLS_HEADER_LEN) {
        if (d[o + 2] & 1) {
            set_ofs(&p->l3_ofs, o + MPLS_HEADER_LEN);
            break;
        }
    }
}

static void
parse_pbb(struct dp_packet *p, struct flow *flow, size_t ofs)
{
    /* OpenFlow 1.3.5, 7.2.3.7: matching stops at the I-TAG. */
    if (ofs + PBB_ITAG_LEN <= p->len && set_ofs(&p->l2_5_ofs, ofs)) {
        flow->pbb_isid = rd32(p->data + ofs) & 0xffffff;
    }
}

static const struct flow zero_flow;

void
flow_extract(struct dp_packet *p, struct flow *flow)
{
    const uint8_t *d = p->data;
    size_t len = p->len;
    size_t ofs;
    uint16_t type;

    /* A struct copy: GCC makes 'rep stos' of a memset this size, slower
     * for 160 bytes than ten vector stores. */
    *flow = zero_flow;
    flow->in_port = p->in_port;
    flow->in_phy_port = p->in_port;
    flow->tunnel_id = p->tunnel.id;
    flow->tun_src = p->tunnel.src;
    flow->tun_dst = p->tunnel.dst;
    packet_reset_offsets(p);

    if (UNLIKELY(len < ETH_HEADER_LEN)) {
        if (len >= 2 * ETH_ADDR_LEN) {
            memcpy(flow->eth_dst, d, ETH_ADDR_LEN);
            memcpy(flow->eth_src, d + ETH_ADDR_LEN, ETH_ADDR_LEN);
        }
        return;
    }
    memcpy(flow->eth_dst, d, ETH_ADDR_LEN);
    memcpy(flow->eth_src, d + ETH_ADDR_LEN, ETH_ADDR_LEN);
    type = rd16(d + 12);
    ofs = ETH_HEADER_LEN;

    if (UNLIKELY(eth_type_is_vlan(type))) {
        uint16_t tci;

        /* A tag counts when its TCI and the type after it are there. */
        if (ofs + VLAN_HEADER_LEN > len) {
            flow->eth_type = type;
            return;
        }
        tci = rd16(d + ofs);
        flow->vlan_vid = OFPVID_PRESENT | (tci & 0xfff);
        flow->vlan_pcp = tci >> 13;
        type = rd16(d + ofs + 2);
        ofs += VLAN_HEADER_LEN;
        while (eth_type_is_vlan(type)) {
            if (ofs + VLAN_HEADER_LEN > len) {
                flow->eth_type = type;
                return;
            }
            type = rd16(d + ofs + 2);
            ofs += VLAN_HEADER_LEN;
        }
    }
    if (UNLIKELY(type < ETH_TYPE_MIN)) {
        flow->eth_type = ETH_TYPE_NOT_ETH;
        return;
    }
    flow->eth_type = type;

    if (LIKELY(type == ETH_TYPE_IPV4)) {
        parse_ipv4(p, flow, ofs);
    } else if (type == ETH_TYPE_IPV6) {
        parse_ipv6(p, flow, ofs);
    } else if (type == ETH_TYPE_ARP) {
        parse_arp(p, flow, ofs);
    } else if (eth_type_is_mpls(type)) {
        parse_mpls(p, flow, ofs);
    } else if (type == ETH_TYPE_PBB) {
        parse_pbb(p, flow, ofs);
    }
}

void
flow_reextract(struct dp_packet *p, struct flow *flow)
{
    uint64_t metadata = flow->metadata;
    uint64_t tunnel_id = flow->tunnel_id;
    uint32_t in_port = flow->in_port;
    uint32_t in_phy_port = flow->in_phy_port;
    uint32_t tun_src = flow->tun_src;
    uint32_t tun_dst = flow->tun_dst;

    flow_extract(p, flow);
    flow->metadata = metadata;
    flow->tunnel_id = tunnel_id;
    flow->in_port = in_port;
    flow->in_phy_port = in_phy_port;
    flow->tun_src = tun_src;
    flow->tun_dst = tun_dst;
}

/* ---- Fields ---- */

#define FIELD(MEMBER, BITS)                                                 \
    { offsetof(struct flow, MEMBER), sizeof ((struct flow *) 0)->MEMBER,    \
      BITS }

static const struct flow_field fields[] = {
    [OF_FIELD_IN_PORT] = FIELD(in_port, 32),
    [OF_FIELD_IN_PHY_PORT] = FIELD(in_phy_port, 32),
    [OF_FIELD_METADATA] = FIELD(metadata, 64),
    [OF_FIELD_ETH_DST] = FIELD(eth_dst, 48),
    [OF_FIELD_ETH_SRC] = FIELD(eth_src, 48),
    [OF_FIELD_ETH_TYPE] = FIELD(eth_type, 16),
    [OF_FIELD_VLAN_VID] = FIELD(vlan_vid, 13),
    [OF_FIELD_VLAN_PCP] = FIELD(vlan_pcp, 3),
    [OF_FIELD_IP_DSCP] = FIELD(ip_dscp, 6),
    [OF_FIELD_IP_ECN] = FIELD(ip_ecn, 2),
    [OF_FIELD_IP_PROTO] = FIELD(ip_proto, 8),
    [OF_FIELD_IPV4_SRC] = FIELD(nw_src, 32),
    [OF_FIELD_IPV4_DST] = FIELD(nw_dst, 32),
    [OF_FIELD_TCP_SRC] = FIELD(tp_src, 16),
    [OF_FIELD_TCP_DST] = FIELD(tp_dst, 16),
    [OF_FIELD_UDP_SRC] = FIELD(tp_src, 16),
    [OF_FIELD_UDP_DST] = FIELD(tp_dst, 16),
    [OF_FIELD_SCTP_SRC] = FIELD(tp_src, 16),
    [OF_FIELD_SCTP_DST] = FIELD(tp_dst, 16),
    [OF_FIELD_ICMPV4_TYPE] = FIELD(icmp_type, 8),
    [OF_FIELD_ICMPV4_CODE] = FIELD(icmp_code, 8),
    [OF_FIELD_ARP_OP] = FIELD(arp_op, 16),
    [OF_FIELD_ARP_SPA] = FIELD(nw_src, 32),
    [OF_FIELD_ARP_TPA] = FIELD(nw_dst, 32),
    [OF_FIELD_ARP_SHA] = FIELD(arp_sha, 48),
    [OF_FIELD_ARP_THA] = FIELD(arp_tha, 48),
    [OF_FIELD_IPV6_SRC] = FIELD(ipv6_src, 128),
    [OF_FIELD_IPV6_DST] = FIELD(ipv6_dst, 128),
    [OF_FIELD_IPV6_FLABEL] = FIELD(ipv6_flabel, 20),
    [OF_FIELD_ICMPV6_TYPE] = FIELD(icmp_type, 8),
    [OF_FIELD_ICMPV6_CODE] = FIELD(icmp_code, 8),
    [OF_FIELD_IPV6_ND_TARGET] = FIELD(nd_target, 128),
    [OF_FIELD_IPV6_ND_SLL] = FIELD(arp_sha, 48),
    [OF_FIELD_IPV6_ND_TLL] = FIELD(arp_tha, 48),
    [OF_FIELD_MPLS_LABEL] = FIELD(mpls_label, 20),
    [OF_FIELD_MPLS_TC] = FIELD(mpls_tc, 3),
    [OF_FIELD_MPLS_BOS] = FIELD(mpls_bos, 1),
    [OF_FIELD_PBB_ISID] = FIELD(pbb_isid, 24),
    [OF_FIELD_TUNNEL_ID] = FIELD(tunnel_id, 64),
    [OF_FIELD_IPV6_EXTHDR] = FIELD(ipv6_exthdr, 9),
    [OF_FIELD_TUN_IPV4_SRC] = FIELD(tun_src, 32),
    [OF_FIELD_TUN_IPV4_DST] = FIELD(tun_dst, 32),
};
_Static_assert(ARRAY_SIZE(fields) == OF_N_FIELDS,
               "every OXM field needs a place in struct flow");

const struct flow_field *
flow_field(enum of_field field)
{
    return &fields[field];
}

static bool
prereq_met(const struct flow *f, enum of_prereq prereq)
{
    bool ipv4 = f->eth_type == ETH_TYPE_IPV4;
    bool ipv6 = f->eth_type == ETH_TYPE_IPV6;
    bool icmpv6 = ipv6 && f->ip_proto == IPPROTO_ICMPV6;

    switch (prereq) {
    case PREREQ_NONE:
    case PREREQ_IN_PORT:
        return true;
    case PREREQ_VLAN:
        return (f->vlan_vid & OFPVID_PRESENT) != 0;
    case PREREQ_IP:
        return ipv4 || ipv6;
    case PREREQ_IPV4:
        return ipv4;
    case PREREQ_IPV6:
        return ipv6;
    case PREREQ_ARP:
        return f->eth_type == ETH_TYPE_ARP;
    case PREREQ_TCP:
        return (ipv4 || ipv6) && f->ip_proto == IPPROTO_TCP;
    case PREREQ_UDP:
        return (ipv4 || ipv6) && f->ip_proto == IPPROTO_UDP;
    case PREREQ_SCTP:
        return (ipv4 || ipv6) && f->ip_proto == IPPROTO_SCTP;
    case PREREQ_ICMPV4:
        return ipv4 && f->ip_proto == IPPROTO_ICMP;
    case PREREQ_ICMPV6:
        return icmpv6;
    case PREREQ_ND:
        return icmpv6
               && (f->icmp_type == ICMP6_NS || f->icmp_type == ICMP6_NA);
    case PREREQ_ND_SOL:
        return icmpv6 && f->icmp_type == ICMP6_NS;
    case PREREQ_ND_ADV:
        return icmpv6 && f->icmp_type == ICMP6_NA;
    case PREREQ_MPLS:
        return eth_type_is_mpls(f->eth_type);
    case PREREQ_PBB:
        return f->eth_type == ETH_TYPE_PBB;
    }
    return false;
}

bool
flow_field_applies(const struct flow *flow, enum of_field field)
{
    return prereq_met(flow, of_field_info(field)->prereq);
}

void
flow_get_value(const struct flow *flow, enum of_field field,
               union of_value *value)
{
    const struct flow_field *ff = &fields[field];

    /* Every union of_value member starts at its first byte and has the
     * width of the field's storage in struct flow. */
    memset(value, 0, sizeof *value);
    memcpy(value, (const uint8_t *) flow + ff->offset, ff->size);
}

void
flow_set_value(struct flow *flow, enum of_field field,
               const union of_value *value)
{
    const struct flow_field *ff = &fields[field];

    memcpy((uint8_t *) flow + ff->offset, value, ff->size);
}

/* The field's valid bits, as a value. */
static void
field_full_mask(const struct flow_field *ff, union of_value *m)
{
    uint64_t bits = ff->n_bits >= 64 ? UINT64_MAX
                                     : (UINT64_C(1) << ff->n_bits) - 1;

    memset(m, 0, sizeof *m);
    switch (ff->size) {
    case 1:
        m->u8 = bits;
        break;
    case 2:
        m->u16 = bits;
        break;
    case 4:
        m->u32 = bits;
        break;
    case 8:
        m->u64 = bits;
        break;
    default:
        memset(m->bytes, 0xff, ff->size);
        break;
    }
}

void
flow_from_match(const struct of_match *match, struct flow *value,
                struct flow *mask)
{
    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    for (size_t i = 0; i < match->n; i++) {
        const struct of_oxm *oxm = &match->oxms[i];
        const struct flow_field *ff;
        union of_value full, v, m;

        if (oxm->field >= OF_N_FIELDS) {
            continue;
        }
        ff = &fields[oxm->field];
        field_full_mask(ff, &full);
        m = oxm->has_mask ? oxm->mask : full;
        v = oxm->value;
        for (size_t k = 0; k < ff->size; k++) {
            m.bytes[k] &= full.bytes[k];
            v.bytes[k] &= m.bytes[k];
        }
        memcpy((uint8_t *) value + ff->offset, &v, ff->size);
        memcpy((uint8_t *) mask + ff->offset, &m, ff->size);
    }
}

void
flow_to_match(const struct flow *value, const struct flow *mask,
              struct of_match *match)
{
    of_match_init(match);
    for (int i = 0; i < OF_N_FIELDS; i++) {
        enum of_field field = i;
        const struct flow_field *ff = &fields[field];
        union of_value full, v, m;
        bool any = false, exact = true;

        flow_get_value(mask, field, &m);
        field_full_mask(ff, &full);
        for (size_t k = 0; k < ff->size; k++) {
            m.bytes[k] &= full.bytes[k];
            any = any || m.bytes[k];
            exact = exact && m.bytes[k] == full.bytes[k];
        }
        if (!any || !flow_field_applies(value, field)) {
            continue;
        }
        flow_get_value(value, field, &v);
        of_match_set(match, field, &v, exact ? NULL : &m);
    }
}

bool
flow_matches(const struct flow *flow, const struct flow *value,
             const struct flow *mask)
{
    const uint8_t *f = (const uint8_t *) flow;
    const uint8_t *v = (const uint8_t *) value;
    const uint8_t *m = (const uint8_t *) mask;

    for (size_t i = 0; i < sizeof *flow; i += sizeof(uint64_t)) {
        uint64_t fw, vw, mw;

        memcpy(&fw, f + i, sizeof fw);
        memcpy(&vw, v + i, sizeof vw);
        memcpy(&mw, m + i, sizeof mw);
        if ((fw & mw) != vw) {
            return false;
        }
    }
    return true;
}

void
flow_format(const struct flow *flow, struct ds *s)
{
    static const union of_value zero;
    size_t start = s->length;

    for (int i = 0; i < OF_N_FIELDS; i++) {
        enum of_field field = i;
        union of_value v;

        if (field == OF_FIELD_IN_PHY_PORT
            && flow->in_phy_port == flow->in_port) {
            continue;
        }
        if (!flow_field_applies(flow, field)) {
            continue;
        }
        flow_get_value(flow, field, &v);
        if (!memcmp(&v, &zero, sizeof v)) {
            continue;
        }
        if (s->length > start) {
            ds_put_char(s, ',');
        }
        ds_put_format(s, "%s=", of_field_info(field)->name);
        of_value_format(field, &v, NULL, s);
    }

    if (flow->nw_ttl) {
        ds_put_format(s, "%snw_ttl=%u", s->length > start ? "," : "",
                      flow->nw_ttl);
    }
    if (flow->mpls_ttl) {
        ds_put_format(s, "%smpls_ttl=%u", s->length > start ? "," : "",
                      flow->mpls_ttl);
    }
    if (flow->ip_frag) {
        ds_put_format(s, "%snw_frag=%s", s->length > start ? "," : "",
                      flow->ip_frag & FLOW_FRAG_LATER ? "later" : "first");
    }
    if (flow->tcp_flags) {
        ds_put_format(s, "%stcp_flags=0x%03x", s->length > start ? "," : "",
                      flow->tcp_flags);
    }
}
