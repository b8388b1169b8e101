#include "switch/packet-edit.h"

#include <netinet/in.h>
#include <string.h>

#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/flow.h"
#include "switch/packet.h"

/* pe_set_field() switches over every field without a default, so a new
 * one breaks the build here too (-Wswitch). */
_Static_assert(OF_N_FIELDS == FLOW_N_OXM_FIELDS,
               "oxm-fields.def changed: teach pe_set_field() the new field");

#define ICMP6_NS 135
#define ICMP6_NA 136
#define ND_OPT_SLL 1
#define ND_OPT_TLL 2
#define MPLS_BOS_BIT 0x100
#define TCI_VID_PCP 0xefff      /* The TCI without its DEI bit. */

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

static inline void
wr16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static inline void
wr32(uint8_t *p, uint32_t x)
{
    p[0] = x >> 24;
    p[1] = x >> 16;
    p[2] = x >> 8;
    p[3] = x;
}

/* True if 'n' bytes at offset 'ofs' lie within the frame. */
static inline bool
has(const struct dp_packet *p, size_t ofs, size_t n)
{
    return ofs != PACKET_OFS_NONE && ofs <= p->len && n <= p->len - ofs;
}

static bool
is_ipv4(const struct dp_packet *p, const struct flow *flow)
{
    return flow->eth_type == ETH_TYPE_IPV4 && has(p, p->l3_ofs, 20);
}

static bool
is_ipv6(const struct dp_packet *p, const struct flow *flow)
{
    return flow->eth_type == ETH_TYPE_IPV6 && has(p, p->l3_ofs, 40);
}

/* The offset of the outermost MPLS label stack entry, or PACKET_OFS_NONE. */
static size_t
mpls_ofs(const struct dp_packet *p, const struct flow *flow)
{
    return (eth_type_is_mpls(flow->eth_type) && has(p, p->l2_5_ofs, 4)
            ? p->l2_5_ofs : PACKET_OFS_NONE);
}

/* The offset of the ethertype after the VLAN tags, counted as
 * flow_extract() counts them, or PACKET_OFS_NONE if the frame is shorter
 * than an Ethernet header. */
static size_t
eth_type_ofs(const struct dp_packet *p)
{
    size_t o = 12;

    if (p->len < ETH_HEADER_LEN) {
        return PACKET_OFS_NONE;
    }
    while (eth_type_is_vlan(rd16(p->data + o))
           && o + 2 + VLAN_HEADER_LEN <= p->len) {
        o += VLAN_HEADER_LEN;
    }
    return o;
}

/* Where the IP payload ends: the IPv4 total length or IPv6 payload length
 * if consistent, else the end of the frame (as flow_extract() decides). */
static size_t
ip_end(const struct dp_packet *p, const struct flow *flow)
{
    const uint8_t *ip = p->data + p->l3_ofs;
    size_t avail = p->len - p->l3_ofs;
    size_t x;

    if (is_ipv4(p, flow)) {
        x = rd16(ip + 2);
        if (x >= (size_t) (ip[0] & 0xf) * 4 && x <= avail) {
            return p->l3_ofs + x;
        }
    } else if (is_ipv6(p, flow)) {
        x = rd16(ip + 4);
        if (x && x <= avail - 40) {
            return p->l3_ofs + 40 + x;
        }
    }
    return p->len;
}

/* True if 'n' bytes of the transport header lie within the IP payload,
 * which ends at 'end' (ip_end()), as flow_extract() bounds it. */
static bool
l4_has(const struct dp_packet *p, size_t end, size_t n)
{
    return has(p, p->l4_ofs, n) && (size_t) p->l4_ofs + n <= end;
}

/* ---- Checksums ---- */

/* A change to some bytes covered by a checksum: the 16-bit words around
 * them, counted from the start of the checksummed data, before and after
 * the change. */
struct edit {
    size_t w0;                  /* Offset of the first word. */
    size_t wn;                  /* Bytes in the words. */
    uint8_t old[20];
};

/* Notes the words around 'n' bytes at 'ofs' of a checksum whose data
 * starts at 'base', before they change.  The caller has checked that the
 * words lie within the frame. */
static void
edit_begin(struct edit *e, const struct dp_packet *p, size_t base,
           size_t ofs, size_t n)
{
    size_t end = ofs + n;

    e->w0 = ofs - ((ofs - base) & 1);
    end += (end - base) & 1;
    e->wn = end - e->w0;
    memcpy(e->old, p->data + e->w0, e->wn);
}

/* Updates the checksum at 'csum' for the change 'e' noted. */
static void
edit_csum(const struct edit *e, const struct dp_packet *p, uint8_t *csum)
{
    packet_csum_update(csum, e->old, p->data + e->w0, e->wn);
}

/* The transport checksum of the frame. */
struct l4_csum {
    uint8_t *field;             /* NULL: none to keep. */
    bool pseudo;                /* It covers the IP pseudo-header. */
    bool partial;               /* It holds the pseudo-header sum only. */
    bool udp;                   /* 0 means "none" (RFC 768). */
};

static void
l4_csum_find(struct dp_packet *p, const struct flow *flow, size_t end,
             struct l4_csum *c)
{
    const struct packet_offload *o = &p->offload;
    size_t field;

    memset(c, 0, sizeof *c);
    if (p->l4_ofs == PACKET_OFS_NONE) {
        return;
    }
    switch (flow->ip_proto) {
    case IPPROTO_TCP:
        field = 16;
        c->pseudo = true;
        break;
    case IPPROTO_UDP:
        field = 6;
        c->pseudo = true;
        c->udp = true;
        break;
    case IPPROTO_ICMP:
        if (flow->eth_type != ETH_TYPE_IPV4) {
            return;
        }
        field = 2;
        break;
    case IPPROTO_ICMPV6:
        if (flow->eth_type != ETH_TYPE_IPV6) {
            return;
        }
        field = 2;
        c->pseudo = true;
        break;
    default:
        return;
    }
    if (o->csum_partial) {
        /* The kernel completes the checksum where the offload state says,
         * which is where the transport header keeps it. */
        c->partial = true;
        field = o->csum_start + o->csum_offset;
        if (has(p, field, 2)) {
            c->field = p->data + field;
        }
    } else if (l4_has(p, end, field + 2)) {
        c->field = p->data + p->l4_ofs + field;
    }
}

static void
l4_csum_apply(const struct l4_csum *c, const void *old, const void *new,
              size_t n)
{
    uint16_t v;

    memcpy(&v, c->field, sizeof v);
    if (c->udp && !v) {
        return;                 /* No checksum: it stays so. */
    }
    packet_csum_update(c->field, old, new, n);
    memcpy(&v, c->field, sizeof v);
    if (c->udp && !v) {
        v = 0xffff;
        memcpy(c->field, &v, sizeof v);
    }
}

/* Bytes of the transport header changed (the words noted in 'e', counted
 * from the transport header; the IP payload ends at 'end'). */
static void
l4_csum_body(struct dp_packet *p, const struct flow *flow, size_t end,
             const struct edit *e)
{
    struct l4_csum c;

    l4_csum_find(p, flow, end, &c);
    if (c.field && !c.partial) {
        l4_csum_apply(&c, e->old, p->data + e->w0, e->wn);
    }
}

/* Words of the pseudo-header changed from 'old' to 'new'. */
static void
l4_csum_pseudo(struct dp_packet *p, const struct flow *flow,
               const void *old, const void *new, size_t n)
{
    struct l4_csum c;

    if (p->l4_ofs == PACKET_OFS_NONE) {
        return;
    }
    l4_csum_find(p, flow, ip_end(p, flow), &c);
    if (!c.field || !c.pseudo) {
        return;
    }
    if (c.partial) {
        /* The field holds the sum S, not its complement: update ~S. */
        uint16_t s;

        memcpy(&s, c.field, sizeof s);
        s = ~s;
        packet_csum_update(&s, old, new, n);
        s = ~s;
        memcpy(c.field, &s, sizeof s);
    } else {
        l4_csum_apply(&c, old, new, n);
    }
}

/* Computes SCTP's CRC32c again, unless the offload will. */
static void
sctp_csum_redo(struct dp_packet *p, const struct flow *flow)
{
    size_t end = ip_end(p, flow);

    if (!p->offload.csum_partial && p->l4_ofs != PACKET_OFS_NONE
        && end >= (size_t) p->l4_ofs + 12) {
        packet_sctp_csum_set(p->data + p->l4_ofs, end - p->l4_ofs);
    }
}

/* Writes the IPv4 TTL or IPv6 hop limit of the header at 'ofs' (whose
 * version tells which), with the IPv4 header checksum.  Returns false if
 * it is not a whole IP header. */
static bool
ip_ttl_write(struct dp_packet *p, size_t ofs, uint8_t ttl)
{
    struct edit e;

    if (!has(p, ofs, 1)) {
        return false;
    }
    if (p->data[ofs] >> 4 == 4 && has(p, ofs, 20)) {
        edit_begin(&e, p, ofs, ofs + 8, 1);
        p->data[ofs + 8] = ttl;
        edit_csum(&e, p, p->data + ofs + 10);
        return true;
    } else if (p->data[ofs] >> 4 == 6 && has(p, ofs, 40)) {
        p->data[ofs + 7] = ttl;
        return true;
    }
    return false;
}

/* The TTL of the IP header at 'ofs', or -1 if it is not a whole one. */
static int
ip_ttl_read(const struct dp_packet *p, size_t ofs)
{
    if (!has(p, ofs, 1)) {
        return -1;
    }
    if (p->data[ofs] >> 4 == 4 && has(p, ofs, 20)) {
        return p->data[ofs + 8];
    } else if (p->data[ofs] >> 4 == 6 && has(p, ofs, 40)) {
        return p->data[ofs + 7];
    }
    return -1;
}

/* ---- set_field ---- */

bool
pe_field_is_settable(enum of_field field)
{
    switch (field) {
    case OF_FIELD_IN_PORT:
    case OF_FIELD_IN_PHY_PORT:
    case OF_FIELD_METADATA:
    case OF_FIELD_IPV6_EXTHDR:
        return false;
    case OF_FIELD_ETH_DST:
    case OF_FIELD_ETH_SRC:
    case OF_FIELD_ETH_TYPE:
    case OF_FIELD_VLAN_VID:
    case OF_FIELD_VLAN_PCP:
    case OF_FIELD_IP_DSCP:
    case OF_FIELD_IP_ECN:
    case OF_FIELD_IP_PROTO:
    case OF_FIELD_IPV4_SRC:
    case OF_FIELD_IPV4_DST:
    case OF_FIELD_TCP_SRC:
    case OF_FIELD_TCP_DST:
    case OF_FIELD_UDP_SRC:
    case OF_FIELD_UDP_DST:
    case OF_FIELD_SCTP_SRC:
    case OF_FIELD_SCTP_DST:
    case OF_FIELD_ICMPV4_TYPE:
    case OF_FIELD_ICMPV4_CODE:
    case OF_FIELD_ARP_OP:
    case OF_FIELD_ARP_SPA:
    case OF_FIELD_ARP_TPA:
    case OF_FIELD_ARP_SHA:
    case OF_FIELD_ARP_THA:
    case OF_FIELD_IPV6_SRC:
    case OF_FIELD_IPV6_DST:
    case OF_FIELD_IPV6_FLABEL:
    case OF_FIELD_ICMPV6_TYPE:
    case OF_FIELD_ICMPV6_CODE:
    case OF_FIELD_IPV6_ND_TARGET:
    case OF_FIELD_IPV6_ND_SLL:
    case OF_FIELD_IPV6_ND_TLL:
    case OF_FIELD_MPLS_LABEL:
    case OF_FIELD_MPLS_TC:
    case OF_FIELD_MPLS_BOS:
    case OF_FIELD_PBB_ISID:
    case OF_FIELD_TUNNEL_ID:
    case OF_FIELD_TUN_IPV4_SRC:
    case OF_FIELD_TUN_IPV4_DST:
        return true;
    case OF_N_FIELDS:
        break;
    }
    return false;
}

/* Clears the bits of 'v' beyond the field's width. */
static void
value_clip(enum of_field field, union of_value *v)
{
    const struct flow_field *ff = flow_field(field);
    uint64_t bits = ff->n_bits >= 64 ? UINT64_MAX
                                     : (UINT64_C(1) << ff->n_bits) - 1;

    switch (ff->size) {
    case 1:
        v->u8 &= bits;
        break;
    case 2:
        v->u16 &= bits;
        break;
    case 4:
        v->u32 &= bits;
        break;
    case 8:
        v->u64 &= bits;
        break;
    default:
        break;
    }
}

static unsigned int
set_eth_addr(struct dp_packet *p, size_t ofs, const uint8_t mac[6],
             uint8_t *key)
{
    if (p->len < 2 * ETH_ADDR_LEN) {
        return PE_SKIPPED;
    }
    memcpy(p->data + ofs, mac, ETH_ADDR_LEN);
    memcpy(key, mac, ETH_ADDR_LEN);
    return PE_OK;
}

static unsigned int
set_eth_type(struct dp_packet *p, struct flow *flow, uint16_t type)
{
    size_t o = eth_type_ofs(p);

    if (o == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    if (rd16(p->data + o) == type) {
        return PE_OK;
    }
    wr16(p->data + o, type);
    flow->eth_type = type;
    return PE_REPARSE;
}

/* Sets the bits 'mask' of the outermost tag's TCI to 'bits'. */
static unsigned int
set_tci(struct dp_packet *p, uint16_t mask, uint16_t bits)
{
    uint16_t tci;

    if (p->len < ETH_HEADER_LEN + VLAN_HEADER_LEN
        || !eth_type_is_vlan(rd16(p->data + 12))) {
        return PE_SKIPPED;
    }
    tci = rd16(p->data + 14);
    wr16(p->data + 14, (tci & ~mask) | (bits & mask));
    return PE_OK;
}

static unsigned int
set_vlan_vid(struct dp_packet *p, struct flow *flow, uint16_t vid)
{
    if (!(flow->vlan_vid & OFPVID_PRESENT)) {
        return PE_SKIPPED;      /* set_field does not push a tag. */
    }
    vid &= 0xfff;
    if (set_tci(p, 0x0fff, vid)) {
        return PE_SKIPPED;
    }
    flow->vlan_vid = OFPVID_PRESENT | vid;
    return PE_OK;
}

static unsigned int
set_vlan_pcp(struct dp_packet *p, struct flow *flow, uint8_t pcp)
{
    if (set_tci(p, 0xe000, pcp << 13)) {
        return PE_SKIPPED;
    }
    flow->vlan_pcp = pcp;
    return PE_OK;
}

/* Sets the IPv4 TOS byte or IPv6 traffic class bits 'mask' to 'bits'. */
static unsigned int
set_ip_tos(struct dp_packet *p, const struct flow *flow, uint8_t mask,
           uint8_t bits)
{
    size_t l3 = p->l3_ofs;

    if (is_ipv4(p, flow)) {
        struct edit e;

        edit_begin(&e, p, l3, l3 + 1, 1);
        p->data[l3 + 1] = (p->data[l3 + 1] & ~mask) | (bits & mask);
        edit_csum(&e, p, p->data + l3 + 10);
    } else if (is_ipv6(p, flow)) {
        uint32_t w = rd32(p->data + l3);
        uint32_t m = (uint32_t) mask << 20;

        wr32(p->data + l3, (w & ~m) | (((uint32_t) bits << 20) & m));
    } else {
        return PE_SKIPPED;
    }
    return PE_OK;
}

/* The offset of the byte that holds the upper-layer protocol of the IPv6
 * header at l3_ofs: the next header field of the last extension header
 * flow_extract() walked. */
static size_t
ipv6_proto_ofs(const struct dp_packet *p, const struct flow *flow)
{
    const uint8_t *d = p->data;
    size_t l3 = p->l3_ofs;
    size_t end = ip_end(p, flow);
    size_t pos = l3 + 6;
    size_t o = l3 + 40;

    for (;;) {
        uint8_t nh = d[pos];
        size_t hlen;

        if (nh != IPPROTO_HOPOPTS && nh != IPPROTO_DSTOPTS
            && nh != IPPROTO_ROUTING && nh != IPPROTO_FRAGMENT
            && nh != IPPROTO_AH) {
            break;
        }
        if (o + 8 > end) {
            break;
        }
        if (nh == IPPROTO_FRAGMENT) {
            hlen = 8;
            if (rd16(d + o + 2) & 0xfff8) {
                pos = o;
                break;
            }
        } else if (nh == IPPROTO_AH) {
            hlen = (d[o + 1] + 2) * 4;
        } else {
            hlen = (d[o + 1] + 1) * 8;
        }
        if (hlen > end - o) {
            break;
        }
        pos = o;
        o += hlen;
    }
    return pos;
}

static unsigned int
set_ip_proto(struct dp_packet *p, struct flow *flow, uint8_t proto)
{
    uint8_t old_word[2] = { 0, flow->ip_proto };
    uint8_t new_word[2] = { 0, proto };
    size_t l3 = p->l3_ofs;
    size_t pos;

    if (is_ipv4(p, flow)) {
        struct edit e;

        pos = l3 + 9;
        if (p->data[pos] == proto) {
            return PE_OK;
        }
        edit_begin(&e, p, l3, pos, 1);
        p->data[pos] = proto;
        edit_csum(&e, p, p->data + l3 + 10);
    } else if (is_ipv6(p, flow)) {
        pos = ipv6_proto_ofs(p, flow);
        if (p->data[pos] != flow->ip_proto) {
            return PE_SKIPPED;
        }
        if (p->data[pos] == proto) {
            return PE_OK;
        }
        p->data[pos] = proto;
    } else {
        return PE_SKIPPED;
    }
    /* The transport header stays where it was: its checksum, if it has
     * one, now covers a pseudo-header with the new protocol. */
    l4_csum_pseudo(p, flow, old_word, new_word, 2);
    flow->ip_proto = proto;
    return PE_REPARSE;
}

/* Writes 'n' bytes of the IP header at offset 'ofs' from it, which are
 * also in the pseudo-header (addresses), with the checksums. */
static void
set_ip_addr(struct dp_packet *p, const struct flow *flow, size_t ofs,
            const void *addr, size_t n, bool ipv4)
{
    size_t l3 = p->l3_ofs;
    struct edit e;

    edit_begin(&e, p, l3, l3 + ofs, n);
    memcpy(p->data + l3 + ofs, addr, n);
    if (ipv4) {
        edit_csum(&e, p, p->data + l3 + 10);
    }
    l4_csum_pseudo(p, flow, e.old, p->data + e.w0, e.wn);
}

static unsigned int
set_ipv4_addr(struct dp_packet *p, const struct flow *flow, size_t ofs,
              uint32_t addr)
{
    uint8_t a[4];

    if (!is_ipv4(p, flow)) {
        return PE_SKIPPED;
    }
    wr32(a, addr);
    set_ip_addr(p, flow, ofs, a, sizeof a, true);
    return PE_OK;
}

static unsigned int
set_ipv6_addr(struct dp_packet *p, const struct flow *flow, size_t ofs,
              const uint8_t addr[16])
{
    if (!is_ipv6(p, flow)) {
        return PE_SKIPPED;
    }
    set_ip_addr(p, flow, ofs, addr, 16, false);
    return PE_OK;
}

/* Writes 'n' bytes at offset 'ofs' of the transport header, with its
 * checksum, if the transport header has at least 'min' bytes. */
static unsigned int
set_l4_bytes(struct dp_packet *p, const struct flow *flow, size_t ofs,
             const void *bytes, size_t n, size_t min)
{
    size_t l4 = p->l4_ofs;
    size_t end;
    struct edit e;

    if (l4 == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    end = ip_end(p, flow);
    if (!l4_has(p, end, MAX(min, ofs + n + ((ofs + n) & 1)))) {
        return PE_SKIPPED;
    }
    edit_begin(&e, p, l4, l4 + ofs, n);
    memcpy(p->data + l4 + ofs, bytes, n);
    l4_csum_body(p, flow, end, &e);
    return PE_OK;
}

static unsigned int
set_port(struct dp_packet *p, const struct flow *flow, size_t ofs,
         uint16_t port, uint16_t *key)
{
    uint8_t b[2];

    /* flow_extract() reads both ports or neither. */
    wr16(b, port);
    if (set_l4_bytes(p, flow, ofs, b, 2, 4)) {
        return PE_SKIPPED;
    }
    if (flow->ip_proto == IPPROTO_SCTP) {
        sctp_csum_redo(p, flow);
    }
    *key = port;
    return PE_OK;
}

static unsigned int
set_icmp_byte(struct dp_packet *p, const struct flow *flow, size_t ofs,
              uint8_t x, uint8_t *key)
{
    if (set_l4_bytes(p, flow, ofs, &x, 1, 2)) {
        return PE_SKIPPED;
    }
    *key = x;
    return PE_OK;
}

static unsigned int
set_arp(struct dp_packet *p, size_t ofs, const void *bytes, size_t n)
{
    if (!has(p, p->l3_ofs, ofs + n)) {
        return PE_SKIPPED;
    }
    memcpy(p->data + p->l3_ofs + ofs, bytes, n);
    return PE_OK;
}

/* The offset, from the ICMPv6 header, of the first neighbor discovery
 * option of 'type' that holds an Ethernet address, found as
 * flow_extract() finds it, or 0. */
static size_t
nd_opt_find(const struct dp_packet *p, const struct flow *flow, uint8_t type)
{
    const uint8_t *l4 = p->data + p->l4_ofs;
    size_t n = ip_end(p, flow) - p->l4_ofs;

    for (size_t o = 24; o + 8 <= n;) {
        size_t olen = l4[o + 1] * 8;

        if (!olen || olen > n - o) {
            break;
        }
        if (olen == 8 && l4[o] == type) {
            return o;
        }
        o += olen;
    }
    return 0;
}

static unsigned int
set_nd_lladdr(struct dp_packet *p, const struct flow *flow, uint8_t type,
              const uint8_t mac[6], uint8_t *key)
{
    size_t o;

    if (p->l4_ofs == PACKET_OFS_NONE
        || !l4_has(p, ip_end(p, flow), 24)) {
        return PE_SKIPPED;
    }
    o = nd_opt_find(p, flow, type);
    if (!o || set_l4_bytes(p, flow, o + 2, mac, ETH_ADDR_LEN, 0)) {
        return PE_SKIPPED;
    }
    memcpy(key, mac, ETH_ADDR_LEN);
    return PE_OK;
}

/* Sets the bits 'mask' of the outermost MPLS label stack entry to
 * 'bits'. */
static unsigned int
set_lse(struct dp_packet *p, const struct flow *flow, uint32_t mask,
        uint32_t bits)
{
    size_t m = mpls_ofs(p, flow);

    if (m == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    wr32(p->data + m, (rd32(p->data + m) & ~mask) | (bits & mask));
    return PE_OK;
}

static unsigned int
set_pbb_isid(struct dp_packet *p, struct flow *flow, uint32_t isid)
{
    size_t o = p->l2_5_ofs;

    if (!has(p, o, PBB_ITAG_LEN)) {
        return PE_SKIPPED;
    }
    wr32(p->data + o, (rd32(p->data + o) & 0xff000000) | isid);
    flow->pbb_isid = isid;
    return PE_OK;
}

unsigned int
pe_set_field(struct dp_packet *p, struct flow *flow, enum of_field field,
             const union of_value *value)
{
    union of_value v = *value;
    unsigned int r;
    uint8_t b[4];

    if (field >= OF_N_FIELDS || !flow_field_applies(flow, field)) {
        return PE_SKIPPED;
    }
    value_clip(field, &v);
    switch (field) {
    case OF_FIELD_IN_PORT:
    case OF_FIELD_IN_PHY_PORT:
    case OF_FIELD_METADATA:
    case OF_FIELD_IPV6_EXTHDR:
        return PE_SKIPPED;

    case OF_FIELD_TUNNEL_ID:
        p->tunnel.id = v.u64;
        flow->tunnel_id = v.u64;
        return PE_OK;
    case OF_FIELD_TUN_IPV4_SRC:
        p->tunnel.src = v.u32;
        flow->tun_src = v.u32;
        return PE_OK;
    case OF_FIELD_TUN_IPV4_DST:
        p->tunnel.dst = v.u32;
        flow->tun_dst = v.u32;
        return PE_OK;

    case OF_FIELD_ETH_DST:
        return set_eth_addr(p, 0, v.mac, flow->eth_dst);
    case OF_FIELD_ETH_SRC:
        return set_eth_addr(p, ETH_ADDR_LEN, v.mac, flow->eth_src);
    case OF_FIELD_ETH_TYPE:
        return set_eth_type(p, flow, v.u16);
    case OF_FIELD_VLAN_VID:
        return set_vlan_vid(p, flow, v.u16);
    case OF_FIELD_VLAN_PCP:
        return set_vlan_pcp(p, flow, v.u8);

    case OF_FIELD_IP_DSCP:
        r = set_ip_tos(p, flow, 0xfc, v.u8 << 2);
        if (!r) {
            flow->ip_dscp = v.u8;
        }
        return r;
    case OF_FIELD_IP_ECN:
        r = set_ip_tos(p, flow, 0x03, v.u8);
        if (!r) {
            flow->ip_ecn = v.u8;
        }
        return r;
    case OF_FIELD_IP_PROTO:
        return set_ip_proto(p, flow, v.u8);
    case OF_FIELD_IPV4_SRC:
        r = set_ipv4_addr(p, flow, 12, v.u32);
        if (!r) {
            flow->nw_src = v.u32;
        }
        return r;
    case OF_FIELD_IPV4_DST:
        r = set_ipv4_addr(p, flow, 16, v.u32);
        if (!r) {
            flow->nw_dst = v.u32;
        }
        return r;

    case OF_FIELD_TCP_SRC:
    case OF_FIELD_UDP_SRC:
    case OF_FIELD_SCTP_SRC:
        return set_port(p, flow, 0, v.u16, &flow->tp_src);
    case OF_FIELD_TCP_DST:
    case OF_FIELD_UDP_DST:
    case OF_FIELD_SCTP_DST:
        return set_port(p, flow, 2, v.u16, &flow->tp_dst);

    case OF_FIELD_ICMPV4_TYPE:
        return set_icmp_byte(p, flow, 0, v.u8, &flow->icmp_type);
    case OF_FIELD_ICMPV4_CODE:
    case OF_FIELD_ICMPV6_CODE:
        return set_icmp_byte(p, flow, 1, v.u8, &flow->icmp_code);
    case OF_FIELD_ICMPV6_TYPE:
        if (flow->icmp_type == v.u8) {
            return PE_OK;
        }
        /* The type decides whether the key has neighbor discovery
         * fields. */
        r = set_icmp_byte(p, flow, 0, v.u8, &flow->icmp_type);
        return r ? r : PE_REPARSE;

    case OF_FIELD_ARP_OP:
        wr16(b, v.u16);
        r = set_arp(p, 6, b, 2);
        if (!r) {
            flow->arp_op = v.u16;
        }
        return r;
    case OF_FIELD_ARP_SPA:
        wr32(b, v.u32);
        r = set_arp(p, 14, b, 4);
        if (!r) {
            flow->nw_src = v.u32;
        }
        return r;
    case OF_FIELD_ARP_TPA:
        wr32(b, v.u32);
        r = set_arp(p, 24, b, 4);
        if (!r) {
            flow->nw_dst = v.u32;
        }
        return r;
    case OF_FIELD_ARP_SHA:
        r = set_arp(p, 8, v.mac, ETH_ADDR_LEN);
        if (!r) {
            memcpy(flow->arp_sha, v.mac, ETH_ADDR_LEN);
        }
        return r;
    case OF_FIELD_ARP_THA:
        r = set_arp(p, 18, v.mac, ETH_ADDR_LEN);
        if (!r) {
            memcpy(flow->arp_tha, v.mac, ETH_ADDR_LEN);
        }
        return r;

    case OF_FIELD_IPV6_SRC:
        r = set_ipv6_addr(p, flow, 8, v.ipv6);
        if (!r) {
            memcpy(flow->ipv6_src, v.ipv6, 16);
        }
        return r;
    case OF_FIELD_IPV6_DST:
        r = set_ipv6_addr(p, flow, 24, v.ipv6);
        if (!r) {
            memcpy(flow->ipv6_dst, v.ipv6, 16);
        }
        return r;
    case OF_FIELD_IPV6_FLABEL:
        if (!is_ipv6(p, flow)) {
            return PE_SKIPPED;
        }
        wr32(p->data + p->l3_ofs,
             (rd32(p->data + p->l3_ofs) & ~UINT32_C(0xfffff)) | v.u32);
        flow->ipv6_flabel = v.u32;
        return PE_OK;
    case OF_FIELD_IPV6_ND_TARGET:
        r = set_l4_bytes(p, flow, 8, v.ipv6, 16, 24);
        if (!r) {
            memcpy(flow->nd_target, v.ipv6, 16);
        }
        return r;
    case OF_FIELD_IPV6_ND_SLL:
        return set_nd_lladdr(p, flow, ND_OPT_SLL, v.mac, flow->arp_sha);
    case OF_FIELD_IPV6_ND_TLL:
        return set_nd_lladdr(p, flow, ND_OPT_TLL, v.mac, flow->arp_tha);

    case OF_FIELD_MPLS_LABEL:
        r = set_lse(p, flow, 0xfffff000, v.u32 << 12);
        if (!r) {
            flow->mpls_label = v.u32;
        }
        return r;
    case OF_FIELD_MPLS_TC:
        r = set_lse(p, flow, 0xe00, (uint32_t) v.u8 << 9);
        if (!r) {
            flow->mpls_tc = v.u8;
        }
        return r;
    case OF_FIELD_MPLS_BOS:
        if (flow->mpls_bos == v.u8) {
            return PE_OK;
        }
        /* Where the stack ends moves: so does l3_ofs. */
        r = set_lse(p, flow, MPLS_BOS_BIT, (uint32_t) v.u8 << 8);
        if (!r) {
            flow->mpls_bos = v.u8;
        }
        return r ? r : PE_REPARSE;
    case OF_FIELD_PBB_ISID:
        return set_pbb_isid(p, flow, v.u32);

    case OF_N_FIELDS:
        break;
    }
    return PE_SKIPPED;
}

/* ---- Push and pop ---- */

/* A pop took bytes out of a frame that was 'old_len' bytes long.  If that
 * made a frame of at least ETH_MIN_LEN bytes shorter than that, pads it
 * back to ETH_MIN_LEN with zeros, as the MAC of a port pads a short frame
 * on the wire: what leaves stays a valid Ethernet frame (a bridge that
 * removes a VLAN tag from a short frame pads it likewise).  A frame that
 * was already shorter is not made longer.  The padding follows
 * the IP packet, whose length fields say where it ends.  Returns
 * PE_REPARSE if it padded (a header that was cut short may now be whole),
 * else PE_OK. */
static unsigned int
pad_after_pop(struct dp_packet *p, size_t old_len)
{
    size_t n;

    if (old_len < ETH_MIN_LEN || p->len >= ETH_MIN_LEN) {
        return PE_OK;
    }
    n = ETH_MIN_LEN - p->len;
    if (packet_tailroom(p) < n) {
        return PE_OK;
    }
    memset(p->data + p->len, 0, n);
    p->len += n;
    return PE_REPARSE;
}

/* Zeroes the key from 'member' on. */
#define FLOW_CLEAR_FROM(FLOW, MEMBER)                                       \
    memset((uint8_t *) (FLOW) + offsetof(struct flow, MEMBER), 0,           \
           sizeof *(FLOW) - offsetof(struct flow, MEMBER))

unsigned int
pe_push_vlan(struct dp_packet *p, struct flow *flow, uint16_t tpid)
{
    uint16_t tci = 0;
    uint8_t *tag;

    if (p->len < ETH_HEADER_LEN) {
        return PE_SKIPPED;
    }
    /* 7.2.5: VID and PCP from the tag that was outermost. */
    if (p->len >= ETH_HEADER_LEN + VLAN_HEADER_LEN
        && eth_type_is_vlan(rd16(p->data + 12))) {
        tci = rd16(p->data + 14) & TCI_VID_PCP;
    }
    tag = packet_push(p, 12, VLAN_HEADER_LEN);
    if (!tag) {
        return PE_NO_ROOM;
    }
    wr16(tag, tpid);
    wr16(tag + 2, tci);
    if (!eth_type_is_vlan(tpid)) {
        return PE_REPARSE;
    }
    flow->vlan_vid = OFPVID_PRESENT | (tci & 0xfff);
    flow->vlan_pcp = tci >> 13;
    return PE_OK;
}

unsigned int
pe_pop_vlan(struct dp_packet *p, struct flow *flow)
{
    const size_t tagged = ETH_HEADER_LEN + VLAN_HEADER_LEN;
    size_t old_len = p->len;

    if (p->len < tagged || !eth_type_is_vlan(rd16(p->data + 12))) {
        return PE_SKIPPED;
    }
    packet_pull(p, 12, VLAN_HEADER_LEN);
    if (pad_after_pop(p, old_len)) {
        return PE_REPARSE;
    }
    if (p->len >= tagged && eth_type_is_vlan(rd16(p->data + 12))) {
        uint16_t tci = rd16(p->data + 14);

        flow->vlan_vid = OFPVID_PRESENT | (tci & 0xfff);
        flow->vlan_pcp = tci >> 13;
    } else {
        flow->vlan_vid = 0;
        flow->vlan_pcp = 0;
    }
    return PE_OK;
}

unsigned int
pe_push_mpls(struct dp_packet *p, struct flow *flow, uint16_t ethertype)
{
    size_t t = eth_type_ofs(p);
    size_t ofs;
    bool was_mpls;
    uint32_t lse;
    uint8_t *hdr;

    if (t == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    ofs = t + 2;
    was_mpls = (eth_type_is_mpls(rd16(p->data + t))
                && has(p, ofs, MPLS_HEADER_LEN));
    if (was_mpls) {
        /* 7.2.5: label, TC and TTL from the entry that was outermost. */
        lse = rd32(p->data + ofs) & ~MPLS_BOS_BIT;
    } else {
        /* The TTL from IP, if it is IP; the new entry ends the stack. */
        uint8_t ttl = (flow->eth_type == ETH_TYPE_IPV4
                       || flow->eth_type == ETH_TYPE_IPV6
                       ? flow->nw_ttl : 0);

        lse = MPLS_BOS_BIT | ttl;
    }

    hdr = packet_push(p, ofs, MPLS_HEADER_LEN);
    if (!hdr) {
        return PE_NO_ROOM;
    }
    wr32(hdr, lse);
    wr16(p->data + t, ethertype);
    if (!eth_type_is_mpls(ethertype)) {
        return PE_REPARSE;
    }

    flow->eth_type = ethertype;
    flow->mpls_label = lse >> 12;
    flow->mpls_tc = (lse >> 9) & 7;
    flow->mpls_bos = (lse >> 8) & 1;
    flow->mpls_ttl = lse & 0xff;
    FLOW_CLEAR_FROM(flow, pbb_isid);
    p->l2_5_ofs = ofs;
    if (!was_mpls) {
        p->l3_ofs = ofs + MPLS_HEADER_LEN;
    }
    p->l4_ofs = PACKET_OFS_NONE;
    return PE_OK;
}

unsigned int
pe_pop_mpls(struct dp_packet *p, struct flow *flow, uint16_t ethertype)
{
    size_t m = mpls_ofs(p, flow);
    size_t old_len = p->len;

    if (m == PACKET_OFS_NONE || m < ETH_HEADER_LEN) {
        return PE_SKIPPED;
    }
    wr16(p->data + m - 2, ethertype);
    packet_pull(p, m, MPLS_HEADER_LEN);
    pad_after_pop(p, old_len);
    flow->eth_type = ethertype;
    return PE_REPARSE;
}

unsigned int
pe_push_pbb(struct dp_packet *p, struct flow *flow, uint16_t ethertype)
{
    uint32_t isid = 0;
    uint8_t pcp = 0;
    uint8_t *hdr;

    if (p->len < ETH_HEADER_LEN) {
        return PE_SKIPPED;
    }
    /* 7.2.5: I-SID from the I-TAG that was outermost, I-PCP from the
     * outermost VLAN tag's PCP. */
    if (flow->eth_type == ETH_TYPE_PBB && has(p, p->l2_5_ofs, PBB_ITAG_LEN)) {
        isid = rd32(p->data + p->l2_5_ofs) & 0xffffff;
    }
    if (flow->vlan_vid & OFPVID_PRESENT) {
        pcp = flow->vlan_pcp;
    }

    hdr = packet_push(p, 0, PBB_HEADER_LEN);
    if (!hdr) {
        return PE_NO_ROOM;
    }
    /* B-DA and B-SA: the customer's addresses, which follow the I-TAG. */
    memcpy(hdr, hdr + PBB_HEADER_LEN, 2 * ETH_ADDR_LEN);
    wr16(hdr + 12, ethertype);
    wr32(hdr + 14, ((uint32_t) pcp << 29) | isid);
    if (ethertype != ETH_TYPE_PBB) {
        return PE_REPARSE;
    }

    FLOW_CLEAR_FROM(flow, vlan_vid);
    flow->eth_type = ethertype;
    flow->pbb_isid = isid;
    p->l2_5_ofs = ETH_HEADER_LEN;
    p->l3_ofs = PACKET_OFS_NONE;
    p->l4_ofs = PACKET_OFS_NONE;
    return PE_OK;
}

unsigned int
pe_pop_pbb(struct dp_packet *p, struct flow *flow)
{
    size_t o = p->l2_5_ofs;
    size_t old_len = p->len;

    if (flow->eth_type != ETH_TYPE_PBB
        || !has(p, o, PBB_ITAG_LEN + 2 * ETH_ADDR_LEN)) {
        return PE_SKIPPED;
    }
    packet_pull(p, 0, o + PBB_ITAG_LEN);
    pad_after_pop(p, old_len);
    return PE_REPARSE;
}

/* ---- TTL ---- */

static int
nw_ttl_read(const struct dp_packet *p, const struct flow *flow)
{
    return (is_ipv4(p, flow) || is_ipv6(p, flow)
            ? ip_ttl_read(p, p->l3_ofs) : -1);
}

static unsigned int
nw_ttl_write(struct dp_packet *p, struct flow *flow, uint8_t ttl)
{
    if (!(is_ipv4(p, flow) || is_ipv6(p, flow))
        || !ip_ttl_write(p, p->l3_ofs, ttl)) {
        return PE_SKIPPED;
    }
    flow->nw_ttl = ttl;
    return PE_OK;
}

unsigned int
pe_set_nw_ttl(struct dp_packet *p, struct flow *flow, uint8_t ttl)
{
    return nw_ttl_write(p, flow, ttl);
}

unsigned int
pe_dec_nw_ttl(struct dp_packet *p, struct flow *flow)
{
    int ttl = nw_ttl_read(p, flow);

    if (ttl < 0) {
        return PE_SKIPPED;
    } else if (ttl == 0) {
        return PE_INVALID_TTL;
    }
    nw_ttl_write(p, flow, ttl - 1);
    return ttl == 1 ? PE_INVALID_TTL : PE_OK;
}

unsigned int
pe_set_mpls_ttl(struct dp_packet *p, struct flow *flow, uint8_t ttl)
{
    size_t m = mpls_ofs(p, flow);

    if (m == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    p->data[m + 3] = ttl;
    flow->mpls_ttl = ttl;
    return PE_OK;
}

unsigned int
pe_dec_mpls_ttl(struct dp_packet *p, struct flow *flow)
{
    size_t m = mpls_ofs(p, flow);
    uint8_t ttl;

    if (m == PACKET_OFS_NONE) {
        return PE_SKIPPED;
    }
    ttl = p->data[m + 3];
    if (!ttl) {
        return PE_INVALID_TTL;
    }
    pe_set_mpls_ttl(p, flow, ttl - 1);
    return ttl == 1 ? PE_INVALID_TTL : PE_OK;
}

/* The inner IP header of IPv4 or IPv6 in IPv4 or IPv6, or
 * PACKET_OFS_NONE. */
static size_t
ip_in_ip_ofs(const struct dp_packet *p, const struct flow *flow)
{
    if ((is_ipv4(p, flow) || is_ipv6(p, flow))
        && (flow->ip_proto == IPPROTO_IPIP || flow->ip_proto == IPPROTO_IPV6)
        && p->l4_ofs != PACKET_OFS_NONE) {
        return p->l4_ofs;
    }
    return PACKET_OFS_NONE;
}

unsigned int
pe_copy_ttl_out(struct dp_packet *p, struct flow *flow)
{
    size_t m = mpls_ofs(p, flow);
    int ttl;

    if (m != PACKET_OFS_NONE) {
        if (!(rd32(p->data + m) & MPLS_BOS_BIT)) {
            ttl = has(p, m + MPLS_HEADER_LEN, MPLS_HEADER_LEN)
                  ? p->data[m + 7] : -1;
        } else {
            ttl = ip_ttl_read(p, p->l3_ofs);
        }
        if (ttl < 0) {
            return PE_SKIPPED;
        }
        return pe_set_mpls_ttl(p, flow, ttl);
    }

    ttl = ip_ttl_read(p, ip_in_ip_ofs(p, flow));
    return ttl < 0 ? PE_SKIPPED : nw_ttl_write(p, flow, ttl);
}

unsigned int
pe_copy_ttl_in(struct dp_packet *p, struct flow *flow)
{
    size_t m = mpls_ofs(p, flow);
    int ttl;

    /* The inner header is not in the key: only the frame changes. */
    if (m != PACKET_OFS_NONE) {
        ttl = p->data[m + 3];
        if (!(rd32(p->data + m) & MPLS_BOS_BIT)) {
            if (!has(p, m + MPLS_HEADER_LEN, MPLS_HEADER_LEN)) {
                return PE_SKIPPED;
            }
            p->data[m + 7] = ttl;
            return PE_OK;
        }
        return ip_ttl_write(p, p->l3_ofs, ttl) ? PE_OK : PE_SKIPPED;
    }

    ttl = nw_ttl_read(p, flow);
    if (ttl < 0 || !ip_ttl_write(p, ip_in_ip_ofs(p, flow), ttl)) {
        return PE_SKIPPED;
    }
    return PE_OK;
}
