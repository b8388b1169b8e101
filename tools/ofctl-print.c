/*
 * ofctl-print: replies in ovs-ofctl's text layout.  See ofctl-print.h.
 *
 * The layouts follow what ovs-ofctl 3.1 prints for an OpenFlow 1.3
 * switch; tests/integration/ofctl-ovs.sh compares the two on the same
 * flows.
 */

#include "tools/ofctl-print.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-port.h"
#include "ofproto/ofp-switch.h"
#include "ofproto/ofp-table.h"
#include "ofproto/util.h"

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_RARP 0x8035
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848

#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_SCTP_ 132

void
ofctl_format_header(const char *name, uint32_t xid, struct ds *s)
{
    ds_put_format(s, "%s (OF1.3) (xid=0x%"PRIx32"):", name, xid);
}

void
ofctl_format_duration(uint32_t sec, uint32_t nsec, struct ds *s)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec) {
        uint32_t msec = nsec / 1000000;

        if (msec * 1000000 == nsec) {
            ds_put_format(s, ".%03"PRIu32, msec);
        } else {
            ds_put_format(s, ".%09"PRIu32, nsec);
            while (s->length && s->string[s->length - 1] == '0') {
                s->string[--s->length] = '\0';
            }
        }
    }
    ds_put_char(s, 's');
}

/* Names of bits, lowest first; NULL for a bit without one.  Prints "0"
 * for no bits and leftover bits in hex, as ovs-ofctl does. */
static void
format_bit_names(uint32_t bits, const char *const names[32], char sep,
                 struct ds *s)
{
    int n = 0;

    if (!bits) {
        ds_put_char(s, '0');
        return;
    }
    for (int i = 0; i < 32; i++) {
        uint32_t bit = UINT32_C(1) << i;

        if (bits & bit && names[i]) {
            if (n++) {
                ds_put_char(s, sep);
            }
            ds_put_cstr(s, names[i]);
            bits &= ~bit;
        }
    }
    if (bits) {
        if (n) {
            ds_put_char(s, sep);
        }
        ds_put_format(s, "0x%"PRIx32, bits);
    }
}

/* ---- Values ---- */

static bool
all_ones(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}

static bool
all_zeros(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* The number of leading one bits if 'p' is a CIDR mask (ones, then
 * zeros), otherwise -1. */
static int
cidr_bits(const uint8_t *p, size_t n)
{
    size_t i = 0;
    int bits = 0;

    while (i < n && p[i] == 0xff) {
        i++;
        bits += 8;
    }
    if (i < n) {
        uint8_t b = p[i++];

        while (b & 0x80) {
            bits++;
            b <<= 1;
        }
        if (b) {
            return -1;
        }
    }
    return all_zeros(p + i, n - i) ? bits : -1;
}

static void
format_mac(const uint8_t mac[6], struct ds *s)
{
    ds_put_format(s, "%02x:%02x:%02x:%02x:%02x:%02x",
                  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void
format_ipv4(uint32_t ip, struct ds *s)
{
    ds_put_format(s, "%"PRIu32".%"PRIu32".%"PRIu32".%"PRIu32,
                  ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

static void
format_ipv6(const uint8_t addr[16], struct ds *s)
{
    char buf[INET6_ADDRSTRLEN];

    ds_put_cstr(s, inet_ntop(AF_INET6, addr, buf, sizeof buf));
}

/* The OXM's mask, or all-ones bytes if it has none. */
static union of_value
oxm_mask(const struct of_oxm *o)
{
    union of_value m;

    if (o->has_mask) {
        return o->mask;
    }
    memset(&m, 0xff, sizeof m);
    return m;
}

static void
format_mac_masked(const char *name, const struct of_oxm *o, struct ds *s)
{
    union of_value m;

    if (!o) {
        return;
    }
    m = oxm_mask(o);
    if (all_zeros(m.mac, 6)) {
        return;
    }
    ds_put_format(s, "%s=", name);
    format_mac(o->value.mac, s);
    if (!all_ones(m.mac, 6)) {
        ds_put_char(s, '/');
        format_mac(m.mac, s);
    }
    ds_put_char(s, ',');
}

static void
format_ipv4_value(uint32_t ip, uint32_t mask, struct ds *s)
{
    format_ipv4(ip, s);
    if (mask != UINT32_MAX) {
        uint8_t b[4] = { mask >> 24, mask >> 16, mask >> 8, mask };
        int bits = cidr_bits(b, 4);

        if (bits >= 0) {
            ds_put_format(s, "/%d", bits);
        } else {
            ds_put_char(s, '/');
            format_ipv4(mask, s);
        }
    }
}

static void
format_ipv4_masked(const char *name, const struct of_oxm *o, struct ds *s)
{
    uint32_t mask;

    if (!o) {
        return;
    }
    mask = o->has_mask ? o->mask.u32 : UINT32_MAX;
    if (!mask) {
        return;
    }
    ds_put_format(s, "%s=", name);
    format_ipv4_value(o->value.u32, mask, s);
    ds_put_char(s, ',');
}

static void
format_ipv6_value(const uint8_t addr[16], const uint8_t mask[16],
                  struct ds *s)
{
    format_ipv6(addr, s);
    if (!all_ones(mask, 16)) {
        int bits = cidr_bits(mask, 16);

        if (bits >= 0) {
            ds_put_format(s, "/%d", bits);
        } else {
            ds_put_char(s, '/');
            format_ipv6(mask, s);
        }
    }
}

static void
format_ipv6_masked(const char *name, const struct of_oxm *o, struct ds *s)
{
    union of_value m;

    if (!o) {
        return;
    }
    m = oxm_mask(o);
    if (all_zeros(m.ipv6, 16)) {
        return;
    }
    ds_put_format(s, "%s=", name);
    format_ipv6_value(o->value.ipv6, m.ipv6, s);
    ds_put_char(s, ',');
}

/* Open vSwitch prints 64-bit fields with "%#"PRIx64: 0 as "0". */
static void
format_hex64(uint64_t x, struct ds *s)
{
    if (x) {
        ds_put_format(s, "0x%"PRIx64, x);
    } else {
        ds_put_char(s, '0');
    }
}

static void
format_be64_masked(const char *name, const struct of_oxm *o, struct ds *s)
{
    uint64_t mask;

    if (!o) {
        return;
    }
    mask = o->has_mask ? o->mask.u64 : UINT64_MAX;
    if (!mask) {
        return;
    }
    ds_put_format(s, "%s=", name);
    format_hex64(o->value.u64, s);
    if (mask != UINT64_MAX) {
        ds_put_char(s, '/');
        format_hex64(mask, s);
    }
    ds_put_char(s, ',');
}

/* A field that is exact in OpenFlow 1.3 and printed in decimal. */
static void
format_decimal(const char *name, const struct of_oxm *o, struct ds *s)
{
    const struct of_field_info *info;
    uint32_t x;

    if (!o) {
        return;
    }
    info = of_field_info(o->field);
    x = (info->bytes == 1 ? o->value.u8
         : info->bytes == 2 ? o->value.u16
         : o->value.u32);
    ds_put_format(s, "%s=%"PRIu32",", name, x);
}

/* ---- Matches ---- */

static const struct of_oxm *
find(const struct of_match *m, enum of_field field)
{
    return of_match_find(m, field);
}

/* The first of up to three fields present in 'm'. */
static const struct of_oxm *
find_any(const struct of_match *m, enum of_field a, enum of_field b,
         enum of_field c)
{
    const struct of_oxm *o = find(m, a);

    if (!o) {
        o = find(m, b);
    }
    if (!o) {
        o = find(m, c);
    }
    return o;
}

/* Prints vlan_vid and vlan_pcp the way Open vSwitch does after folding
 * them into one 802.1Q TCI whose CFI bit means "a tag is present"
 * (OFPVID_PRESENT has the same value). */
static void
format_vlan(const struct of_match *m, struct ds *s)
{
    const struct of_oxm *vid = find(m, OF_FIELD_VLAN_VID);
    const struct of_oxm *pcp = find(m, OF_FIELD_VLAN_PCP);
    uint16_t tci = 0, mask = 0;
    uint16_t vid_mask, pcp_mask;

    if (vid) {
        uint16_t vm = (vid->has_mask ? vid->mask.u16 : 0xffff) & 0x1fff;

        tci = vid->value.u16 & vm;
        mask = vm;
    }
    if (pcp) {
        tci = (tci & 0x1fff) | (pcp->value.u8 & 7) << 13 | 0x1000;
        mask |= 0xf000;
    }
    if (!mask) {
        return;
    }
    vid_mask = mask & 0x0fff;
    pcp_mask = mask & 0xe000;
    if (mask & 0x1000 && tci & 0x1000
        && (!vid_mask || vid_mask == 0x0fff)
        && (!pcp_mask || pcp_mask == 0xe000)
        && (vid_mask || pcp_mask)) {
        if (vid_mask) {
            ds_put_format(s, "dl_vlan=%u,", tci & 0x0fff);
        }
        if (pcp_mask) {
            ds_put_format(s, "dl_vlan_pcp=%u,", tci >> 13);
        }
    } else if (mask == 0xffff) {
        ds_put_format(s, "vlan_tci=0x%04x,", tci);
    } else {
        ds_put_format(s, "vlan_tci=0x%04x/0x%04x,", tci, mask);
    }
}

/* Fields the layout above prints; others go last, in ofproto's form. */
static bool
field_is_ovs(enum of_field f)
{
    switch (f) {
    case OF_FIELD_IN_PHY_PORT:
    case OF_FIELD_PBB_ISID:
    case OF_FIELD_IPV6_EXTHDR:
        return false;
    default:
        return f < OF_N_FIELDS;
    }
}

void
ofctl_format_match(const struct of_match *m, int priority, struct ds *s)
{
    const struct of_oxm *eth_type = find(m, OF_FIELD_ETH_TYPE);
    const struct of_oxm *ip_proto = find(m, OF_FIELD_IP_PROTO);
    const struct of_oxm *o;
    uint16_t dl_type = eth_type ? eth_type->value.u16 : 0;
    uint8_t nw_proto = ip_proto ? ip_proto->value.u8 : 0;
    bool skip_type = false;
    bool skip_proto = false;
    size_t start = s->length;

    if (priority != OFP_DEFAULT_PRIORITY) {
        ds_put_format(s, "priority=%d,", priority);
    }

    if (eth_type) {
        const char *name = NULL;

        skip_type = true;
        if (dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6) {
            bool v6 = dl_type == ETH_TYPE_IPV6;

            name = v6 ? "ipv6" : "ip";
            if (ip_proto) {
                skip_proto = true;
                if (nw_proto == (v6 ? IPPROTO_ICMPV6_ : IPPROTO_ICMP_)) {
                    name = v6 ? "icmp6" : "icmp";
                } else if (nw_proto == IPPROTO_TCP_) {
                    name = v6 ? "tcp6" : "tcp";
                } else if (nw_proto == IPPROTO_UDP_) {
                    name = v6 ? "udp6" : "udp";
                } else if (nw_proto == IPPROTO_SCTP_) {
                    name = v6 ? "sctp6" : "sctp";
                } else {
                    skip_proto = false;
                }
            }
        } else if (dl_type == ETH_TYPE_ARP) {
            name = "arp";
        } else if (dl_type == ETH_TYPE_RARP) {
            name = "rarp";
        } else if (dl_type == ETH_TYPE_MPLS) {
            name = "mpls";
        } else if (dl_type == ETH_TYPE_MPLS_MCAST) {
            name = "mplsm";
        } else {
            skip_type = false;
        }
        if (name) {
            ds_put_format(s, "%s,", name);
        }
    }

    format_be64_masked("tun_id", find(m, OF_FIELD_TUNNEL_ID), s);
    format_ipv4_masked("tun_src", find(m, OF_FIELD_TUN_IPV4_SRC), s);
    format_ipv4_masked("tun_dst", find(m, OF_FIELD_TUN_IPV4_DST), s);
    format_be64_masked("metadata", find(m, OF_FIELD_METADATA), s);

    o = find(m, OF_FIELD_IN_PORT);
    if (o) {
        ds_put_cstr(s, "in_port=");
        of_port_no_format(o->value.u32, s);
        ds_put_char(s, ',');
    }
    format_vlan(m, s);
    format_mac_masked("dl_src", find(m, OF_FIELD_ETH_SRC), s);
    format_mac_masked("dl_dst", find(m, OF_FIELD_ETH_DST), s);
    if (!skip_type && eth_type) {
        ds_put_format(s, "dl_type=0x%04x,", dl_type);
    }

    if (dl_type == ETH_TYPE_IPV6) {
        format_ipv6_masked("ipv6_src", find(m, OF_FIELD_IPV6_SRC), s);
        format_ipv6_masked("ipv6_dst", find(m, OF_FIELD_IPV6_DST), s);
        o = find(m, OF_FIELD_IPV6_FLABEL);
        if (o) {
            uint32_t mask = o->has_mask ? o->mask.u32 : UINT32_MAX;

            if (mask == UINT32_MAX) {
                ds_put_format(s, "ipv6_label=0x%05"PRIx32",", o->value.u32);
            } else if (mask) {
                ds_put_format(s, "ipv6_label=0x%05"PRIx32"/0x%05"PRIx32",",
                              o->value.u32, mask);
            }
        }
    } else if (dl_type == ETH_TYPE_ARP || dl_type == ETH_TYPE_RARP) {
        format_ipv4_masked("arp_spa", find(m, OF_FIELD_ARP_SPA), s);
        format_ipv4_masked("arp_tpa", find(m, OF_FIELD_ARP_TPA), s);
    } else {
        format_ipv4_masked("nw_src", find(m, OF_FIELD_IPV4_SRC), s);
        format_ipv4_masked("nw_dst", find(m, OF_FIELD_IPV4_DST), s);
    }
    if (dl_type == ETH_TYPE_ARP || dl_type == ETH_TYPE_RARP) {
        format_decimal("arp_op", find(m, OF_FIELD_ARP_OP), s);
        format_mac_masked("arp_sha", find(m, OF_FIELD_ARP_SHA), s);
        format_mac_masked("arp_tha", find(m, OF_FIELD_ARP_THA), s);
    } else if (!skip_proto) {
        format_decimal("nw_proto", ip_proto, s);
    }

    /* Open vSwitch keeps the whole TOS byte: DSCP prints shifted. */
    o = find(m, OF_FIELD_IP_DSCP);
    if (o) {
        ds_put_format(s, "nw_tos=%u,", (o->value.u8 & 0x3f) << 2);
    }
    format_decimal("nw_ecn", find(m, OF_FIELD_IP_ECN), s);
    format_decimal("mpls_label", find(m, OF_FIELD_MPLS_LABEL), s);
    format_decimal("mpls_tc", find(m, OF_FIELD_MPLS_TC), s);
    format_decimal("mpls_bos", find(m, OF_FIELD_MPLS_BOS), s);

    if (dl_type == ETH_TYPE_IP && nw_proto == IPPROTO_ICMP_) {
        format_decimal("icmp_type", find(m, OF_FIELD_ICMPV4_TYPE), s);
        format_decimal("icmp_code", find(m, OF_FIELD_ICMPV4_CODE), s);
    } else if (dl_type == ETH_TYPE_IPV6 && nw_proto == IPPROTO_ICMPV6_) {
        format_decimal("icmp_type", find(m, OF_FIELD_ICMPV6_TYPE), s);
        format_decimal("icmp_code", find(m, OF_FIELD_ICMPV6_CODE), s);
        format_ipv6_masked("nd_target", find(m, OF_FIELD_IPV6_ND_TARGET), s);
        format_mac_masked("nd_sll", find(m, OF_FIELD_IPV6_ND_SLL), s);
        format_mac_masked("nd_tll", find(m, OF_FIELD_IPV6_ND_TLL), s);
    } else {
        format_decimal("tp_src", find_any(m, OF_FIELD_TCP_SRC,
                                          OF_FIELD_UDP_SRC,
                                          OF_FIELD_SCTP_SRC), s);
        format_decimal("tp_dst", find_any(m, OF_FIELD_TCP_DST,
                                          OF_FIELD_UDP_DST,
                                          OF_FIELD_SCTP_DST), s);
    }

    for (size_t i = 0; i < m->n; i++) {
        if (!field_is_ovs(m->oxms[i].field)) {
            of_oxm_format(&m->oxms[i], s);
            ds_put_char(s, ',');
        }
    }

    if (s->length > start) {
        ds_chomp(s, ',');
    }
}

/* ---- Actions and instructions ---- */

/* Open vSwitch's name for a field as a set_field destination, and whether
 * it prints the value in hex. */
static const char *
set_field_name(enum of_field f, bool *hex)
{
    *hex = false;
    switch (f) {
    case OF_FIELD_IP_ECN:
        return "nw_ecn";
    case OF_FIELD_IPV4_SRC:
        return "ip_src";
    case OF_FIELD_IPV4_DST:
        return "ip_dst";
    case OF_FIELD_TUNNEL_ID:
        *hex = true;
        return "tun_id";
    case OF_FIELD_METADATA:
    case OF_FIELD_ETH_TYPE:
    case OF_FIELD_IPV6_FLABEL:
        *hex = true;
        return of_field_info(f)->name;
    default:
        return of_field_info(f)->name;
    }
}

/* Open vSwitch prints a hexadecimal field as its bytes without leading
 * zeros ("0x64"), or "0". */
static void
format_hex_bytes(const uint8_t *p, size_t n, struct ds *s)
{
    bool printed = false;

    for (size_t i = 0; i < n; i++) {
        if (p[i] || printed) {
            ds_put_format(s, printed ? "%02x" : "0x%x", p[i]);
            printed = true;
        }
    }
    if (!printed) {
        ds_put_char(s, '0');
    }
}

static void
format_set_field(const struct of_oxm *o, struct ds *s)
{
    const struct of_field_info *info = of_field_info(o->field);
    uint8_t wire[16];
    const char *name;
    bool hex;

    name = set_field_name(o->field, &hex);
    ds_put_cstr(s, "set_field:");
    switch (info->fmt) {
    case FMT_MAC:
        format_mac(o->value.mac, s);
        break;
    case FMT_IPV4:
        format_ipv4(o->value.u32, s);
        break;
    case FMT_IPV6:
        format_ipv6(o->value.ipv6, s);
        break;
    case FMT_DEC:
    case FMT_HEX:
    case FMT_PORT:
    case FMT_VLAN_VID:
    case FMT_EXTHDR:
        of_value_to_wire(o->field, &o->value, wire);
        if (hex) {
            format_hex_bytes(wire, info->bytes, s);
        } else {
            uint64_t x = 0;

            for (size_t i = 0; i < info->bytes; i++) {
                x = x << 8 | wire[i];
            }
            ds_put_format(s, "%"PRIu64, x);
        }
        break;
    }
    ds_put_format(s, "->%s", name);
}

static void
format_action(const struct of_action *a, struct ds *s)
{
    switch (a->type) {
    case OFPAT_SET_FIELD:
        if (field_is_ovs(a->set_field.field)) {
            format_set_field(&a->set_field, s);
            return;
        }
        break;
    case OFPAT_SET_MPLS_TTL:
        ds_put_format(s, "set_mpls_ttl(%u)", a->ttl);
        return;
    default:
        break;
    }
    of_actions_format(a, 1, s);
}

void
ofctl_format_actions(const struct of_action *actions, size_t n,
                     struct ds *s)
{
    if (!n) {
        ds_put_cstr(s, "drop");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i) {
            ds_put_char(s, ',');
        }
        format_action(&actions[i], s);
    }
}

static void
put_sep(struct ds *s, size_t start)
{
    if (s->length > start) {
        ds_put_char(s, ',');
    }
}

void
ofctl_format_instructions(const struct of_instruction *insts, size_t n,
                          struct ds *s)
{
    /* Open vSwitch's order, whatever the order on the wire. */
    static const uint16_t order[] = {
        OFPIT_METER, OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS,
        OFPIT_WRITE_ACTIONS, OFPIT_WRITE_METADATA, OFPIT_GOTO_TABLE,
    };
    size_t start = s->length;

    for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
        for (size_t i = 0; i < n; i++) {
            const struct of_instruction *in = &insts[i];

            if (in->type != order[k]) {
                continue;
            }
            switch (in->type) {
            case OFPIT_METER:
                put_sep(s, start);
                ds_put_format(s, "meter:%"PRIu32, in->meter_id);
                break;
            case OFPIT_APPLY_ACTIONS:
                if (in->actions.n) {
                    put_sep(s, start);
                    ofctl_format_actions(in->actions.actions, in->actions.n,
                                         s);
                }
                break;
            case OFPIT_CLEAR_ACTIONS:
                put_sep(s, start);
                ds_put_cstr(s, "clear_actions");
                break;
            case OFPIT_WRITE_ACTIONS:
                put_sep(s, start);
                ds_put_cstr(s, "write_actions(");
                if (in->actions.n) {
                    ofctl_format_actions(in->actions.actions, in->actions.n,
                                         s);
                }
                ds_put_char(s, ')');
                break;
            case OFPIT_WRITE_METADATA:
                put_sep(s, start);
                ds_put_cstr(s, "write_metadata:");
                format_hex64(in->write_metadata.metadata, s);
                if (in->write_metadata.mask != UINT64_MAX) {
                    ds_put_char(s, '/');
                    format_hex64(in->write_metadata.mask, s);
                }
                break;
            case OFPIT_GOTO_TABLE:
                put_sep(s, start);
                ds_put_format(s, "goto_table:%u", in->table_id);
                break;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (insts[i].type == OFPIT_EXPERIMENTER) {
            put_sep(s, start);
            of_instructions_format(&insts[i], 1, s);
        }
    }
    if (s->length == start) {
        ds_put_cstr(s, "drop");
    }
}

/* ---- Flows ---- */

static void
format_counter(const char *name, uint64_t x, struct ds *s)
{
    if (x == UINT64_MAX) {
        ds_put_format(s, "%s=?, ", name);
    } else {
        ds_put_format(s, "%s=%"PRIu64", ", name, x);
    }
}

void
ofctl_format_flow_stats(const struct of_flow_stats *fs, bool show_stats,
                        struct ds *s)
{
    static const char *const flag_names[] = {
        "send_flow_rem", "check_overlap", "reset_counts",
        "no_packet_counts", "no_byte_counts",
    };
    size_t length;

    if (show_stats || fs->cookie) {
        ds_put_format(s, "cookie=0x%"PRIx64", ", fs->cookie);
    }
    if (show_stats) {
        ds_put_cstr(s, "duration=");
        ofctl_format_duration(fs->duration_sec, fs->duration_nsec, s);
        ds_put_cstr(s, ", ");
    }
    if (show_stats || fs->table_id) {
        ds_put_format(s, "table=%u, ", fs->table_id);
    }
    if (show_stats) {
        format_counter("n_packets", fs->packet_count, s);
        format_counter("n_bytes", fs->byte_count, s);
    }
    if (fs->idle_timeout) {
        ds_put_format(s, "idle_timeout=%u, ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard_timeout=%u, ", fs->hard_timeout);
    }
    for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
        if (fs->flags & (1u << i)) {
            ds_put_format(s, "%s ", flag_names[i]);
        }
    }

    length = s->length;
    ofctl_format_match(&fs->match, fs->priority, s);
    if (s->length != length) {
        ds_put_char(s, ' ');
    }
    ds_put_cstr(s, "actions=");
    ofctl_format_instructions(fs->instructions, fs->n_instructions, s);
}

void
ofctl_format_aggregate(const struct of_aggregate_reply *agg, struct ds *s)
{
    ds_put_format(s, " packet_count=%"PRIu64" byte_count=%"PRIu64
                  " flow_count=%"PRIu32, agg->packet_count, agg->byte_count,
                  agg->flow_count);
}

/* ---- Switch and ports ---- */

void
ofctl_format_features(const struct of_switch_features *f, struct ds *s)
{
    static const char *const names[32] = {
        [0] = "FLOW_STATS", [1] = "TABLE_STATS", [2] = "PORT_STATS",
        [3] = "GROUP_STATS", [5] = "IP_REASM", [6] = "QUEUE_STATS",
        [8] = "PORT_BLOCKED",
    };

    ds_put_format(s, " dpid:%016"PRIx64"\n", f->datapath_id);
    ds_put_format(s, "n_tables:%u, n_buffers:%"PRIu32, f->n_tables,
                  f->n_buffers);
    if (f->auxiliary_id) {
        ds_put_format(s, ", auxiliary_id:%u", f->auxiliary_id);
    }
    ds_put_cstr(s, "\ncapabilities: ");
    format_bit_names(f->capabilities, names, ' ', s);
    ds_put_char(s, '\n');
}

void
ofctl_format_switch_config(const struct of_switch_config *c, struct ds *s)
{
    static const char *const frags[] = { "normal", "drop", "reassemble" };
    unsigned int frag = c->flags & OFPC_FRAG_MASK;

    if (frag < ARRAY_SIZE(frags)) {
        ds_put_format(s, " frags=%s", frags[frag]);
    } else {
        ds_put_format(s, " frags=0x%x", frag);
    }
    ds_put_format(s, " miss_send_len=%u", c->miss_send_len);
}

static const char *const port_feature_names[32] = {
    "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
    "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER",
    "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
};

static void
format_port_features(const char *label, uint32_t bits, struct ds *s)
{
    if (bits) {
        ds_put_format(s, "     %-12s", label);
        format_bit_names(bits, port_feature_names, ' ', s);
        ds_put_char(s, '\n');
    }
}

static void
format_port(const struct of_port *p, struct ds *s)
{
    static const char *const config_names[32] = {
        [0] = "PORT_DOWN", [2] = "NO_RECV", [5] = "NO_FWD",
        [6] = "NO_PACKET_IN",
    };
    static const char *const state_names[32] = {
        [0] = "LINK_DOWN", [1] = "BLOCKED", [2] = "LIVE",
    };

    ds_put_char(s, ' ');
    of_port_no_format(p->port_no, s);
    ds_put_char(s, '(');
    for (size_t i = 0; p->name[i]; i++) {
        unsigned char c = p->name[i];

        if (c < 0x20 || c > 0x7e) {
            break;
        }
        ds_put_char(s, c);
    }
    ds_put_cstr(s, "): addr:");
    format_mac(p->hw_addr, s);
    ds_put_cstr(s, "\n     config:     ");
    format_bit_names(p->config, config_names, ' ', s);
    ds_put_cstr(s, "\n     state:      ");
    format_bit_names(p->state, state_names, ' ', s);
    ds_put_char(s, '\n');
    format_port_features("current:", p->curr, s);
    format_port_features("advertised:", p->advertised, s);
    format_port_features("supported:", p->supported, s);
    format_port_features("peer:", p->peer, s);
    ds_put_format(s, "     speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max\n",
                  p->curr_speed / 1000, p->max_speed / 1000);
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct of_port *const *a = a_;
    const struct of_port *const *b = b_;

    return ((*a)->port_no > (*b)->port_no) - ((*a)->port_no < (*b)->port_no);
}

void
ofctl_format_ports(const struct of_port *ports, size_t n, struct ds *s)
{
    const struct of_port **sorted = xcalloc(n ? n : 1, sizeof *sorted);

    for (size_t i = 0; i < n; i++) {
        sorted[i] = &ports[i];
    }
    qsort(sorted, n, sizeof *sorted, compare_ports);
    for (size_t i = 0; i < n; i++) {
        format_port(sorted[i], s);
    }
    free(sorted);
}

static void
format_port_counter(const char *name, uint64_t x, bool more, struct ds *s)
{
    ds_put_cstr(s, name);
    if (x == UINT64_MAX) {
        ds_put_char(s, '?');
    } else {
        ds_put_format(s, "%"PRIu64, x);
    }
    ds_put_cstr(s, more ? ", " : "\n");
}

void
ofctl_format_port_stats(const struct of_port_stats_reply *reply,
                        struct ds *s)
{
    ds_put_format(s, " %zu ports\n", reply->n);
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_port_stats *ps = &reply->stats[i];

        ds_put_cstr(s, "  port ");
        if (ps->port_no < 10) {
            ds_put_char(s, ' ');
        }
        of_port_no_format(ps->port_no, s);
        ds_put_cstr(s, ": rx ");
        format_port_counter("pkts=", ps->rx_packets, true, s);
        format_port_counter("bytes=", ps->rx_bytes, true, s);
        format_port_counter("drop=", ps->rx_dropped, true, s);
        format_port_counter("errs=", ps->rx_errors, true, s);
        format_port_counter("frame=", ps->rx_frame_err, true, s);
        format_port_counter("over=", ps->rx_over_err, true, s);
        format_port_counter("crc=", ps->rx_crc_err, false, s);
        ds_put_cstr(s, "           tx ");
        format_port_counter("pkts=", ps->tx_packets, true, s);
        format_port_counter("bytes=", ps->tx_bytes, true, s);
        format_port_counter("drop=", ps->tx_dropped, true, s);
        format_port_counter("errs=", ps->tx_errors, true, s);
        format_port_counter("coll=", ps->collisions, false, s);
        if (ps->duration_sec != UINT32_MAX) {
            ds_put_cstr(s, "           duration=");
            ofctl_format_duration(ps->duration_sec, ps->duration_nsec, s);
            ds_put_char(s, '\n');
        }
    }
}

static void
format_ditto(int first, int last, struct ds *s)
{
    if (first < 0) {
        return;
    }
    if (first == last) {
        ds_put_format(s, "\n  table %d: ditto\n", first);
    } else {
        ds_put_format(s, "\n  tables %d...%d: ditto\n", first, last);
    }
}

void
ofctl_format_table_stats(const struct of_table_stats_reply *reply,
                         struct ds *s)
{
    int first = -1, last = -1;

    for (size_t i = 0; i < reply->n; i++) {
        const struct of_table_stats *t = &reply->stats[i];
        const struct of_table_stats *prev = i ? t - 1 : NULL;

        if (prev && t->active_count == prev->active_count
            && t->lookup_count == prev->lookup_count
            && t->matched_count == prev->matched_count) {
            if (first < 0) {
                first = t->table_id;
            }
            last = t->table_id;
            continue;
        }
        format_ditto(first, last, s);
        first = -1;
        ds_put_format(s, "\n  table %u:\n", t->table_id);
        ds_put_format(s, "    active=%"PRIu32", lookup=%"PRIu64", matched=%"
                      PRIu64"\n", t->active_count, t->lookup_count,
                      t->matched_count);
    }
    format_ditto(first, last, s);
}

/* ---- Groups ---- */

static void
format_bucket(uint8_t type, const struct of_bucket *b, struct ds *s)
{
    ds_put_cstr(s, "bucket=");
    if (b->weight != (type == OFPGT_SELECT ? 1 : 0)) {
        ds_put_format(s, "weight:%u,", b->weight);
    }
    if (b->watch_port != OFPP_ANY) {
        ds_put_cstr(s, "watch_port:");
        of_port_no_format(b->watch_port, s);
        ds_put_char(s, ',');
    }
    if (b->watch_group != OFPG_ANY) {
        ds_put_format(s, "watch_group:%"PRIu32",", b->watch_group);
    }
    ds_put_cstr(s, "actions=");
    ofctl_format_actions(b->actions, b->n_actions, s);
}

void
ofctl_format_group_desc(const struct of_group_desc_reply *reply,
                        struct ds *s)
{
    static const char *const types[] = { "all", "select", "indirect", "ff" };

    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_desc *gd = &reply->descs[i];

        ds_put_format(s, "\n group_id=%"PRIu32",type=%s", gd->group_id,
                      gd->type < ARRAY_SIZE(types) ? types[gd->type]
                      : "unknown");
        for (size_t j = 0; j < gd->n_buckets; j++) {
            ds_put_char(s, ',');
            format_bucket(gd->type, &gd->buckets[j], s);
        }
    }
}

void
ofctl_format_group_stats(const struct of_group_stats_reply *reply,
                         struct ds *s)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_group_stats *gs = &reply->stats[i];

        ds_put_format(s, "\n group_id=%"PRIu32",", gs->group_id);
        if (gs->duration_sec != UINT32_MAX) {
            ds_put_cstr(s, "duration=");
            ofctl_format_duration(gs->duration_sec, gs->duration_nsec, s);
            ds_put_char(s, ',');
        }
        ds_put_format(s, "ref_count=%"PRIu32",packet_count=%"PRIu64
                      ",byte_count=%"PRIu64, gs->ref_count,
                      gs->packet_count, gs->byte_count);
        for (size_t j = 0; j < gs->n_buckets; j++) {
            if (gs->buckets[j].packet_count != UINT64_MAX) {
                ds_put_format(s, ",bucket%zu:packet_count=%"PRIu64
                              ",byte_count=%"PRIu64, j,
                              gs->buckets[j].packet_count,
                              gs->buckets[j].byte_count);
            }
        }
    }
}

/* Action names for feature bitmaps, in the order Open vSwitch prints
 * them (its own action order) and with its names; actions it does not
 * have come after, in type order. */
static const struct {
    uint16_t type;
    const char *name;
} action_bits[] = {
    { OFPAT_OUTPUT, "output" },
    { OFPAT_GROUP, "group" },
    { OFPAT_SET_FIELD, "set_field" },
    { OFPAT_POP_VLAN, "strip_vlan" },
    { OFPAT_PUSH_VLAN, "push_vlan" },
    { OFPAT_SET_NW_TTL, "mod_nw_ttl" },
    { OFPAT_DEC_NW_TTL, "dec_ttl" },
    { OFPAT_SET_MPLS_TTL, "set_mpls_ttl" },
    { OFPAT_DEC_MPLS_TTL, "dec_mpls_ttl" },
    { OFPAT_PUSH_MPLS, "push_mpls" },
    { OFPAT_POP_MPLS, "pop_mpls" },
    { OFPAT_SET_QUEUE, "set_queue" },
    { OFPAT_COPY_TTL_OUT, "copy_ttl_out" },
    { OFPAT_COPY_TTL_IN, "copy_ttl_in" },
    { OFPAT_PUSH_PBB, "push_pbb" },
    { OFPAT_POP_PBB, "pop_pbb" },
};

static void
format_action_bitmap(uint32_t bits, struct ds *s)
{
    size_t start = s->length;

    for (size_t i = 0; i < ARRAY_SIZE(action_bits); i++) {
        uint32_t bit = UINT32_C(1) << action_bits[i].type;

        if (bits & bit) {
            if (s->length > start) {
                ds_put_char(s, ' ');
            }
            ds_put_cstr(s, action_bits[i].name);
            bits &= ~bit;
        }
    }
    if (bits) {
        if (s->length > start) {
            ds_put_char(s, ' ');
        }
        ds_put_format(s, "0x%"PRIx32, bits);
    }
}

void
ofctl_format_group_features(const struct of_group_features *gf,
                            struct ds *s)
{
    static const char *const types[] = {
        "all", "select", "indirect", "fast failover",
    };

    ds_put_cstr(s, "\n Group table:\n");
    ds_put_format(s, "    Types:  0x%"PRIx32"\n", gf->types);
    ds_put_format(s, "    Capabilities:  0x%"PRIx32"\n", gf->capabilities);
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        if (gf->types & (1u << i)) {
            ds_put_format(s, "    %s group:\n", types[i]);
            ds_put_cstr(s, "       max_groups=");
            if (gf->max_groups[i]) {
                ds_put_format(s, "0x%"PRIx32, gf->max_groups[i]);
            } else {
                ds_put_char(s, '0');
            }
            ds_put_cstr(s, "\n       actions: ");
            format_action_bitmap(gf->actions[i], s);
            ds_put_char(s, '\n');
        }
    }
}

/* ---- Meters ---- */

static void
format_meter_id(uint32_t id, char sep, struct ds *s)
{
    if (id <= OFPM_MAX) {
        ds_put_format(s, "meter%c%"PRIu32, sep, id);
    } else {
        ds_put_format(s, "meter%c%s", sep,
                      id == OFPM_SLOWPATH ? "slowpath"
                      : id == OFPM_CONTROLLER ? "controller"
                      : id == OFPM_ALL ? "all" : "unknown");
    }
}

void
ofctl_format_meter_config(const struct of_meter_config_reply *reply,
                          struct ds *s)
{
    static const char *const flag_names[] = {
        "kbps", "pktps", "burst", "stats",
    };

    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_config *mc = &reply->configs[i];
        uint16_t other = mc->flags & ~0xf;

        ds_put_char(s, '\n');
        format_meter_id(mc->meter_id, '=', s);
        ds_put_char(s, ' ');
        for (size_t j = 0; j < ARRAY_SIZE(flag_names); j++) {
            if (mc->flags & (1u << j)) {
                ds_put_format(s, "%s ", flag_names[j]);
            }
        }
        if (other) {
            ds_put_format(s, "flags:0x%x ", other);
        }
        ds_put_cstr(s, "bands=");
        for (size_t j = 0; j < mc->n_bands; j++) {
            const struct of_meter_band *b = &mc->bands[j];

            ds_put_cstr(s, "\ntype=");
            if (b->type == OFPMBT_DROP) {
                ds_put_cstr(s, "drop");
            } else if (b->type == OFPMBT_DSCP_REMARK) {
                ds_put_cstr(s, "dscp_remark");
            } else {
                ds_put_format(s, "%u", b->type);
            }
            ds_put_format(s, " rate=%"PRIu32, b->rate);
            if (mc->flags & OFPMF_BURST) {
                ds_put_format(s, " burst_size=%"PRIu32, b->burst_size);
            }
            if (b->type == OFPMBT_DSCP_REMARK) {
                ds_put_format(s, " prec_level=%u", b->prec_level);
            }
        }
        ds_put_char(s, '\n');
    }
}

void
ofctl_format_meter_stats(const struct of_meter_stats_reply *reply,
                         struct ds *s)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_meter_stats *ms = &reply->stats[i];

        ds_put_char(s, '\n');
        format_meter_id(ms->meter_id, ':', s);
        ds_put_format(s, " flow_count:%"PRIu32" packet_in_count:%"PRIu64
                      " byte_in_count:%"PRIu64" duration:", ms->flow_count,
                      ms->packet_in_count, ms->byte_in_count);
        ofctl_format_duration(ms->duration_sec, ms->duration_nsec, s);
        ds_put_cstr(s, " bands:\n");
        for (size_t j = 0; j < ms->n_bands; j++) {
            ds_put_format(s, "%zu: packet_count:%"PRIu64" byte_count:%"
                          PRIu64"\n", j, ms->bands[j].packet_band_count,
                          ms->bands[j].byte_band_count);
        }
    }
}

void
ofctl_format_meter_features(const struct of_meter_features *mf,
                            struct ds *s)
{
    static const char *const band_names[32] = {
        [OFPMBT_DROP] = "drop", [OFPMBT_DSCP_REMARK] = "dscp_remark",
    };
    static const char *const cap_names[32] = {
        "kbps", "pktps", "burst", "stats",
    };

    ds_put_format(s, "\nmax_meter:%"PRIu32" max_bands:%u max_color:%u\n",
                  mf->max_meter, mf->max_bands, mf->max_color);
    ds_put_cstr(s, "band_types: ");
    format_bit_names(mf->band_types, band_names, ' ', s);
    ds_put_cstr(s, "\ncapabilities: ");
    format_bit_names(mf->capabilities, cap_names, ' ', s);
    ds_put_char(s, '\n');
}
