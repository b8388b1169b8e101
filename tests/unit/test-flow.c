#include "switch/flow.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/packet.h"
#include "tests/unit/unit.h"

/* ---- Frames, byte by byte ----
 *
 * The same small builder is in test-flow.c and test-packet-edit.c.  Each
 * fr_*() appends one header; fr_finish() fills in the lengths and
 * checksums of the last IP header and the last transport header, with
 * checksum code of its own (RFC 1071 over big-endian words, bitwise
 * CRC32c), independent of switch/packet.c. */

#define FRAME_MAX 2048
#define NONE SIZE_MAX

struct frame {
    uint8_t b[FRAME_MAX];
    size_t len;
    size_t ip;                  /* Last IP header, or NONE. */
    size_t l4;                  /* Last transport header, or NONE. */
    uint8_t l4_proto;
};

static void
fr_init(struct frame *f)
{
    memset(f, 0, sizeof *f);
    f->ip = NONE;
    f->l4 = NONE;
}

static void
fr_put(struct frame *f, const void *p, size_t n)
{
    if (f->len + n > FRAME_MAX) {
        CU_FAIL_FATAL("frame too long");
    }
    memcpy(f->b + f->len, p, n);
    f->len += n;
}

static void
fr_u8(struct frame *f, uint8_t x)
{
    fr_put(f, &x, 1);
}

static void
fr_be16(struct frame *f, uint16_t x)
{
    fr_u8(f, x >> 8);
    fr_u8(f, x);
}

static void
fr_be32(struct frame *f, uint32_t x)
{
    fr_be16(f, x >> 16);
    fr_be16(f, x);
}

static void
fr_zeros(struct frame *f, size_t n)
{
    while (n--) {
        fr_u8(f, 0);
    }
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int m[6];

    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
               &m[5]) != 6) {
        CU_FAIL_FATAL("bad MAC in test");
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = m[i];
    }
}

static void
fr_mac(struct frame *f, const char *s)
{
    uint8_t mac[6];

    parse_mac(s, mac);
    fr_put(f, mac, 6);
}

static void
parse_ipv6(const char *s, uint8_t a[16])
{
    if (inet_pton(AF_INET6, s, a) != 1) {
        CU_FAIL_FATAL("bad IPv6 address in test");
    }
}

static uint32_t
ipv4(const char *s)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        CU_FAIL_FATAL("bad IPv4 address in test");
    }
    return ntohl(a.s_addr);
}

static void
fr_eth(struct frame *f, const char *dst, const char *src, uint16_t type)
{
    fr_mac(f, dst);
    fr_mac(f, src);
    fr_be16(f, type);
}

/* A tag's TCI and the type after it (the TPID is the type before). */
static void
fr_vlan(struct frame *f, uint8_t pcp, uint16_t vid, uint16_t type)
{
    fr_be16(f, (pcp << 13) | vid);
    fr_be16(f, type);
}

static void
fr_mpls(struct frame *f, uint32_t label, uint8_t tc, bool bos, uint8_t ttl)
{
    fr_be32(f, (label << 12) | (tc << 9) | (bos << 8) | ttl);
}

static void
fr_itag(struct frame *f, uint8_t pcp, uint32_t isid)
{
    fr_be32(f, ((uint32_t) pcp << 29) | isid);
}

/* IPv4 with 'optlen' bytes of options (NOPs then end of list). */
static void
fr_ipv4(struct frame *f, uint8_t tos, uint16_t frag, uint8_t ttl,
        uint8_t proto, const char *src, const char *dst, size_t optlen)
{
    f->ip = f->len;
    fr_u8(f, 0x40 | (5 + optlen / 4));
    fr_u8(f, tos);
    fr_be16(f, 0);              /* Total length: fr_finish(). */
    fr_be16(f, 0x1234);
    fr_be16(f, frag);
    fr_u8(f, ttl);
    fr_u8(f, proto);
    fr_be16(f, 0);              /* Checksum: fr_finish(). */
    fr_be32(f, ipv4(src));
    fr_be32(f, ipv4(dst));
    for (size_t i = 0; i < optlen; i++) {
        fr_u8(f, i + 1 < optlen ? 1 : 0);
    }
    f->l4 = NONE;
}

static void
fr_ipv6(struct frame *f, uint8_t tc, uint32_t flabel, uint8_t nh,
        uint8_t hlim, const char *src, const char *dst)
{
    uint8_t a[16];

    f->ip = f->len;
    fr_be32(f, (6u << 28) | ((uint32_t) tc << 20) | flabel);
    fr_be16(f, 0);              /* Payload length: fr_finish(). */
    fr_u8(f, nh);
    fr_u8(f, hlim);
    parse_ipv6(src, a);
    fr_put(f, a, 16);
    parse_ipv6(dst, a);
    fr_put(f, a, 16);
    f->l4 = NONE;
}

/* Hop-by-hop, destination options or routing: (len8 + 1) * 8 bytes. */
static void
fr_ext(struct frame *f, uint8_t nh, uint8_t len8)
{
    fr_u8(f, nh);
    fr_u8(f, len8);
    fr_zeros(f, len8 * 8 + 6);  /* Pad1 options. */
}

static void
fr_frag6(struct frame *f, uint8_t nh, uint16_t offset, bool more)
{
    fr_u8(f, nh);
    fr_u8(f, 0);
    fr_be16(f, (offset << 3) | more);
    fr_be32(f, 0xabcdef01);
}

/* AH (RFC 4302) of (plen + 2) * 4 bytes. */
static void
fr_ah(struct frame *f, uint8_t nh, uint8_t plen)
{
    fr_u8(f, nh);
    fr_u8(f, plen);
    fr_be16(f, 0);
    fr_be32(f, 0x100);          /* SPI. */
    fr_be32(f, 1);              /* Sequence number. */
    fr_zeros(f, (plen + 2) * 4 - 12);
}

static void
fr_tcp(struct frame *f, uint16_t sport, uint16_t dport, uint16_t flags,
       size_t optlen)
{
    f->l4 = f->len;
    f->l4_proto = 6;
    fr_be16(f, sport);
    fr_be16(f, dport);
    fr_be32(f, 0x11223344);
    fr_be32(f, 0x55667788);
    fr_be16(f, ((5 + optlen / 4) << 12) | flags);
    fr_be16(f, 8192);
    fr_be16(f, 0);
    fr_be16(f, 0);
    for (size_t i = 0; i < optlen; i++) {
        fr_u8(f, 1);
    }
}

static void
fr_udp(struct frame *f, uint16_t sport, uint16_t dport)
{
    f->l4 = f->len;
    f->l4_proto = 17;
    fr_be16(f, sport);
    fr_be16(f, dport);
    fr_be32(f, 0);
}

static void
fr_sctp(struct frame *f, uint16_t sport, uint16_t dport)
{
    f->l4 = f->len;
    f->l4_proto = 132;
    fr_be16(f, sport);
    fr_be16(f, dport);
    fr_be32(f, 0xcafe);         /* Verification tag. */
    fr_be32(f, 0);
    /* A DATA chunk. */
    fr_u8(f, 0);
    fr_u8(f, 3);
    fr_be16(f, 20);
    fr_be32(f, 1);
    fr_be16(f, 0);
    fr_be16(f, 0);
    fr_be32(f, 0);
    fr_be32(f, 0x41424344);
}

/* ICMP (proto 1) or ICMPv6 (58): type, code, checksum, 4 more bytes. */
static void
fr_icmp(struct frame *f, uint8_t proto, uint8_t type, uint8_t code)
{
    f->l4 = f->len;
    f->l4_proto = proto;
    fr_u8(f, type);
    fr_u8(f, code);
    fr_be16(f, 0);
    fr_be32(f, type == 136 ? 0x60000000 : 0x00010002);
}

static void
fr_nd_target(struct frame *f, const char *target)
{
    uint8_t a[16];

    parse_ipv6(target, a);
    fr_put(f, a, 16);
}

/* A neighbor discovery option of 'len8' * 8 bytes; a link-layer address
 * option when 'mac' is nonnull. */
static void
fr_nd_opt(struct frame *f, uint8_t type, uint8_t len8, const char *mac)
{
    fr_u8(f, type);
    fr_u8(f, len8);
    if (mac) {
        fr_mac(f, mac);
        fr_zeros(f, len8 * 8 - 8);
    } else if (len8) {
        fr_zeros(f, len8 * 8 - 2);
    }
}

static void
fr_arp(struct frame *f, uint16_t op, const char *sha, const char *spa,
       const char *tha, const char *tpa)
{
    f->ip = NONE;
    f->l4 = NONE;
    fr_be16(f, 1);
    fr_be16(f, 0x0800);
    fr_u8(f, 6);
    fr_u8(f, 4);
    fr_be16(f, op);
    fr_mac(f, sha);
    fr_be32(f, ipv4(spa));
    fr_mac(f, tha);
    fr_be32(f, ipv4(tpa));
}

static void
fr_payload(struct frame *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fr_u8(f, i * 7 + 1);
    }
}

static uint32_t
ref_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    return sum;
}

static uint16_t
ref_csum(uint32_t sum, const uint8_t *p, size_t n)
{
    sum = ref_sum(sum, p, n);
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

/* The pseudo-header sum of the IP header at 'ip'. */
static uint32_t
ref_pseudo(const uint8_t *ip, uint8_t proto, uint32_t len)
{
    if (ip[0] >> 4 == 4) {
        return ref_sum(proto + (len & 0xffff), ip + 12, 8);
    }
    return ref_sum(proto + (len >> 16) + (len & 0xffff), ip + 8, 32);
}

static uint32_t
ref_crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffff;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0x82f63b78 & -(c & 1));
        }
    }
    return ~c;
}

static void
wr16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static uint16_t
rd16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

/* Fills in the lengths and checksums of the last IP header and transport
 * header (the transport checksum covers everything to the end). */
static void
fr_finish(struct frame *f)
{
    uint8_t *ip = f->ip != NONE ? f->b + f->ip : NULL;

    if (ip && ip[0] >> 4 == 4) {
        size_t ihl = (ip[0] & 0xf) * 4;

        wr16(ip + 2, f->len - f->ip);
        wr16(ip + 10, 0);
        wr16(ip + 10, ref_csum(0, ip, ihl));
    } else if (ip) {
        wr16(ip + 4, f->len - f->ip - 40);
    }
    if (f->l4 != NONE) {
        uint8_t *l4 = f->b + f->l4;
        size_t n = f->len - f->l4;

        switch (f->l4_proto) {
        case 6:
            wr16(l4 + 16, 0);
            wr16(l4 + 16, ref_csum(ref_pseudo(ip, 6, n), l4, n));
            break;
        case 17:
            wr16(l4 + 4, n);
            wr16(l4 + 6, 0);
            wr16(l4 + 6, ref_csum(ref_pseudo(ip, 17, n), l4, n) ?: 0xffff);
            break;
        case 1:
            wr16(l4 + 2, 0);
            wr16(l4 + 2, ref_csum(0, l4, n));
            break;
        case 58:
            wr16(l4 + 2, 0);
            wr16(l4 + 2, ref_csum(ref_pseudo(ip, 58, n), l4, n));
            break;
        case 132: {
            uint32_t crc;

            memset(l4 + 8, 0, 4);
            crc = ref_crc32c(l4, n);
            l4[8] = crc;
            l4[9] = crc >> 8;
            l4[10] = crc >> 16;
            l4[11] = crc >> 24;
            break;
        }
        default:
            break;
        }
    }
}

/* A packet holding a copy of the frame's first 'n' bytes in a heap buffer
 * of exactly PACKET_HEADROOM + n + 'tailroom' bytes (so AddressSanitizer
 * sees any read past it), arriving on port 3. */
static struct dp_packet *
fr_packet(const struct frame *f, size_t n, size_t tailroom)
{
    struct dp_packet *p = xzalloc(sizeof *p);
    size_t size = PACKET_HEADROOM + n + tailroom;

    packet_init(p, xmalloc(size), size);
    packet_set_frame(p, f->b, n);
    p->in_port = 3;
    return p;
}

static void
free_packet(struct dp_packet *p)
{
    if (p) {
        free(p->base);
        free(p);
    }
}

/* ---- Expectations ---- */

#define MAC_A "12:11:11:11:11:11"
#define MAC_B "22:22:22:22:22:22"

/* An expected key: in_port 3 and the two addresses every frame here has
 * (dst MAC_B, src MAC_A). */
static void
exp_init(struct flow *exp)
{
    memset(exp, 0, sizeof *exp);
    exp->in_port = 3;
    exp->in_phy_port = 3;
    parse_mac(MAC_B, exp->eth_dst);
    parse_mac(MAC_A, exp->eth_src);
}

/* Extracts the frame (finished) and asserts the whole key and the layer
 * offsets. */
static void
check_extract_(const struct frame *f, const struct flow *exp, size_t l2_5,
               size_t l3, size_t l4, const char *where)
{
    struct dp_packet *p = fr_packet(f, f->len, 0);
    struct flow flow;

    memset(&flow, 0x5a, sizeof flow);
    flow_extract(p, &flow);
    if (memcmp(&flow, exp, sizeof flow)) {
        struct ds a = DS_EMPTY_INITIALIZER, b = DS_EMPTY_INITIALIZER;

        flow_format(&flow, &a);
        flow_format(exp, &b);
        fprintf(stderr, "\n%s:\n  got  %s\n  want %s\n", where, ds_cstr(&a),
                ds_cstr(&b));
        ds_destroy(&a);
        ds_destroy(&b);
        CU_FAIL("key differs");
    }
    CU_ASSERT_EQUAL(p->l2_5_ofs, l2_5 == NONE ? PACKET_OFS_NONE : l2_5);
    CU_ASSERT_EQUAL(p->l3_ofs, l3 == NONE ? PACKET_OFS_NONE : l3);
    CU_ASSERT_EQUAL(p->l4_ofs, l4 == NONE ? PACKET_OFS_NONE : l4);
    free_packet(p);
}
#define check_extract(F, EXP, L2_5, L3, L4) \
    check_extract_(F, EXP, L2_5, L3, L4, __func__)

static void
set_ipv6_key(uint8_t key[16], const char *s)
{
    parse_ipv6(s, key);
}

/* ---- Frames ---- */

static void
f_lldp(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x88cc);
    fr_payload(f, 40);
}

static void
f_8023(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0026);
    fr_u8(f, 0x42);
    fr_u8(f, 0x42);
    fr_u8(f, 0x03);
    fr_payload(f, 35);
}

static void
f_vlan_tcp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8100);
    fr_vlan(f, 5, 100, 0x0800);
    fr_ipv4(f, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(f, 11111, 2222, 0x018, 4);
    fr_payload(f, 32);
    fr_finish(f);
}

static void
f_qinq_udp6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x88a8);
    fr_vlan(f, 3, 10, 0x8100);
    fr_vlan(f, 1, 20, 0x8100);
    fr_vlan(f, 0, 30, 0x86dd);
    fr_ipv6(f, 0, 0, 17, 64, "10::10", "20::20");
    fr_udp(f, 53, 5353);
    fr_payload(f, 10);
    fr_finish(f);
}

static void
f_mpls2_ipv4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8847);
    fr_mpls(f, 100, 3, false, 64);
    fr_mpls(f, 0xfffff, 7, true, 1);
    fr_ipv4(f, 0, 0, 32, 6, "10.0.0.1", "10.0.0.2", 0);
    fr_tcp(f, 1, 2, 0x10, 0);
    fr_finish(f);
}

static void
f_vlan_mpls(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8100);
    fr_vlan(f, 2, 7, 0x8848);
    fr_mpls(f, 16, 0, true, 255);
    fr_ipv6(f, 0, 0, 59, 64, "1::1", "2::2");
    fr_finish(f);
}

static void
f_pbb(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x88e7);
    fr_itag(f, 2, 0x123456);
    fr_eth(f, "aa:aa:aa:aa:aa:aa", "bb:bb:bb:bb:bb:bb", 0x0800);
    fr_ipv4(f, 0, 0, 64, 6, "10.0.0.1", "10.0.0.2", 0);
    fr_tcp(f, 1, 2, 0x02, 0);
    fr_finish(f);
}

static void
f_svlan_pbb(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x88a8);
    fr_vlan(f, 0, 10, 0x88e7);
    fr_itag(f, 0, 100);
    fr_eth(f, MAC_B, MAC_A, 0x88a8);
    fr_vlan(f, 0, 10, 0x8100);
    fr_vlan(f, 3, 100, 0x0800);
    fr_ipv4(f, 0, 0, 64, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(f, 11111, 2222, 0x02, 0);
    fr_finish(f);
}

static void
f_arp(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0806);
    fr_arp(f, 2, MAC_A, "192.168.10.10", MAC_B, "192.168.20.20");
    fr_zeros(f, 18);            /* Ethernet padding. */
}

static void
f_tcp4_options(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0xb9, 0x4000, 33, 6, "10.1.2.3", "172.16.0.9", 8);
    fr_tcp(f, 40000, 443, 0x1d2, 12);
    fr_payload(f, 100);
    fr_finish(f);
}

static void
f_frag4_first(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 0x2000, 64, 17, "10.0.0.1", "10.0.0.2", 0);
    fr_udp(f, 1000, 2000);
    fr_payload(f, 64);
    fr_finish(f);
}

static void
f_frag4_later(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 185, 64, 17, "10.0.0.1", "10.0.0.2", 0);
    fr_payload(f, 64);
    fr_finish(f);
}

static void
f_sctp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 0, 64, 132, "10.0.0.1", "10.0.0.2", 0);
    fr_sctp(f, 36412, 2905);
    fr_finish(f);
}

static void
f_icmp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 0, 64, 1, "10.0.0.1", "10.0.0.2", 0);
    fr_icmp(f, 1, 3, 13);
    fr_payload(f, 28);
    fr_finish(f);
}

static void
f_tcp6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0x2b, 0x12345, 6, 255, "2001:db8::1", "2001:db8::2");
    fr_tcp(f, 11111, 2222, 0x002, 0);
    fr_payload(f, 20);
    fr_finish(f);
}

/* Every extension header, in RFC 2460's order, before TCP. */
static void
f_ext_all(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 0, 64, "10::10", "20::20");
    fr_ext(f, 60, 0);           /* Hop-by-hop. */
    fr_ext(f, 43, 1);           /* Destination (first). */
    fr_ext(f, 44, 2);           /* Routing. */
    fr_frag6(f, 51, 0, true);   /* First fragment. */
    fr_ah(f, 60, 4);
    fr_ext(f, 6, 0);            /* Destination (last). */
    fr_tcp(f, 5, 6, 0x010, 0);
    fr_payload(f, 8);
    fr_finish(f);
}

static void
f_ext_ryu(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 100, 0, 64, "10::10", "20::20");
    fr_ext(f, 51, 0);
    fr_ah(f, 6, 1);
    fr_tcp(f, 11111, 2222, 0, 4);
    fr_payload(f, 32);
    fr_finish(f);
}

static void
f_frag6_later(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 44, 64, "10::10", "20::20");
    fr_frag6(f, 17, 100, false);
    fr_payload(f, 48);
    fr_finish(f);
}

static void
f_esp6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 0, 64, "10::10", "20::20");
    fr_ext(f, 50, 0);
    fr_be32(f, 0x1000);         /* SPI. */
    fr_payload(f, 40);
    fr_finish(f);
}

static void
f_nd_ns(struct frame *f)
{
    fr_init(f);
    fr_eth(f, "33:33:ff:00:00:02", MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 58, 255, "fe80::1", "ff02::1:ff00:2");
    fr_icmp(f, 58, 135, 0);
    fr_nd_target(f, "fe80::2");
    fr_nd_opt(f, 14, 1, NULL);              /* Nonce. */
    fr_nd_opt(f, 1, 2, "aa:aa:aa:aa:aa:aa"); /* Not Ethernet: skipped. */
    fr_nd_opt(f, 1, 1, "00:11:22:33:44:55");
    fr_nd_opt(f, 1, 1, "66:66:66:66:66:66"); /* The first one wins. */
    fr_nd_opt(f, 2, 1, "77:77:77:77:77:77"); /* TLL in a solicitation. */
    fr_finish(f);
}

static void
f_nd_na(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 58, 255, "fe80::2", "fe80::1");
    fr_icmp(f, 58, 136, 0);
    fr_nd_target(f, "2001:db8::99");
    fr_nd_opt(f, 1, 1, "77:77:77:77:77:77"); /* SLL in an advertisement. */
    fr_nd_opt(f, 2, 1, "66:55:44:33:22:11");
    fr_finish(f);
}

static void
f_icmp6_echo(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 58, 64, "2001:db8::1", "2001:db8::2");
    fr_icmp(f, 58, 128, 0);
    fr_payload(f, 56);
    fr_finish(f);
}

/* ---- Parsing ---- */

static void
test_ethernet(void)
{
    struct flow exp;
    struct frame f;

    f_lldp(&f);
    exp_init(&exp);
    exp.eth_type = 0x88cc;
    check_extract(&f, &exp, NONE, NONE, NONE);

    /* 802.3 with LLC: not an Ethernet II type. */
    f_8023(&f);
    exp.eth_type = 0x05ff;
    check_extract(&f, &exp, NONE, NONE, NONE);
}

static void
test_vlan(void)
{
    struct flow exp;
    struct frame f;

    f_vlan_tcp4(&f);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.vlan_vid = OFPVID_PRESENT | 100;
    exp.vlan_pcp = 5;
    exp.ip_dscp = 8;
    exp.ip_proto = 6;
    exp.nw_ttl = 64;
    exp.nw_src = 0xc0a80a0a;
    exp.nw_dst = 0xc0a81414;
    exp.tp_src = 11111;
    exp.tp_dst = 2222;
    exp.tcp_flags = 0x018;
    check_extract(&f, &exp, NONE, 18, 38);

    /* 802.1ad outside, two 802.1Q inside: the outermost tag counts. */
    f_qinq_udp6(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.vlan_vid = OFPVID_PRESENT | 10;
    exp.vlan_pcp = 3;
    exp.ip_proto = 17;
    exp.nw_ttl = 64;
    set_ipv6_key(exp.ipv6_src, "10::10");
    set_ipv6_key(exp.ipv6_dst, "20::20");
    exp.tp_src = 53;
    exp.tp_dst = 5353;
    check_extract(&f, &exp, NONE, 26, 66);
}

static void
test_mpls(void)
{
    struct flow exp;
    struct frame f;

    /* Two entries over IPv4: the outermost in the key, IP not parsed. */
    f_mpls2_ipv4(&f);
    exp_init(&exp);
    exp.eth_type = 0x8847;
    exp.mpls_label = 100;
    exp.mpls_tc = 3;
    exp.mpls_bos = 0;
    exp.mpls_ttl = 64;
    check_extract(&f, &exp, 14, 22, NONE);

    /* A stack with no bottom in the frame. */
    f.len = 18;
    check_extract(&f, &exp, 14, NONE, NONE);

    f_vlan_mpls(&f);
    exp_init(&exp);
    exp.eth_type = 0x8848;
    exp.vlan_vid = OFPVID_PRESENT | 7;
    exp.vlan_pcp = 2;
    exp.mpls_label = 16;
    exp.mpls_bos = 1;
    exp.mpls_ttl = 255;
    check_extract(&f, &exp, 18, 22, NONE);
}

static void
test_pbb(void)
{
    struct flow exp;
    struct frame f;

    /* Matching stops at the I-TAG (7.2.3.7). */
    f_pbb(&f);
    exp_init(&exp);
    exp.eth_type = 0x88e7;
    exp.pbb_isid = 0x123456;
    check_extract(&f, &exp, 14, NONE, NONE);

    /* A B-tag in front: its VID is the key's. */
    f_svlan_pbb(&f);
    exp_init(&exp);
    exp.eth_type = 0x88e7;
    exp.vlan_vid = OFPVID_PRESENT | 10;
    exp.pbb_isid = 100;
    check_extract(&f, &exp, 18, NONE, NONE);
}

static void
test_arp(void)
{
    struct flow exp;
    struct frame f;

    f_arp(&f);
    exp_init(&exp);
    exp.eth_type = 0x0806;
    exp.arp_op = 2;
    exp.nw_src = 0xc0a80a0a;
    exp.nw_dst = 0xc0a81414;
    parse_mac(MAC_A, exp.arp_sha);
    parse_mac(MAC_B, exp.arp_tha);
    check_extract(&f, &exp, NONE, 14, NONE);

    /* Not Ethernet and IPv4: nothing from the ARP header. */
    f.b[15] = 6;
    exp_init(&exp);
    exp.eth_type = 0x0806;
    check_extract(&f, &exp, NONE, NONE, NONE);
    f.b[15] = 1;
    f.b[19] = 16;
    check_extract(&f, &exp, NONE, NONE, NONE);
}

static void
test_ipv4(void)
{
    struct flow exp;
    struct frame f;

    /* Options, DF, DSCP 46 and ECN 1, every TCP flag bit but three. */
    f_tcp4_options(&f);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.ip_dscp = 46;
    exp.ip_ecn = 1;
    exp.ip_proto = 6;
    exp.nw_ttl = 33;
    exp.nw_src = 0x0a010203;
    exp.nw_dst = 0xac100009;
    exp.tp_src = 40000;
    exp.tp_dst = 443;
    exp.tcp_flags = 0x1d2;
    check_extract(&f, &exp, NONE, 14, 42);

    f_sctp4(&f);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.ip_proto = 132;
    exp.nw_ttl = 64;
    exp.nw_src = 0x0a000001;
    exp.nw_dst = 0x0a000002;
    exp.tp_src = 36412;
    exp.tp_dst = 2905;
    check_extract(&f, &exp, NONE, 14, 34);

    f_icmp4(&f);
    exp.ip_proto = 1;
    exp.tp_src = exp.tp_dst = 0;
    exp.icmp_type = 3;
    exp.icmp_code = 13;
    check_extract(&f, &exp, NONE, 14, 34);
}

static void
test_ipv4_fragments(void)
{
    struct flow exp;
    struct frame f;

    /* The first fragment has its transport header. */
    f_frag4_first(&f);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.ip_proto = 17;
    exp.nw_ttl = 64;
    exp.nw_src = 0x0a000001;
    exp.nw_dst = 0x0a000002;
    exp.ip_frag = FLOW_FRAG_ANY;
    exp.tp_src = 1000;
    exp.tp_dst = 2000;
    check_extract(&f, &exp, NONE, 14, 34);

    /* A later one has none. */
    f_frag4_later(&f);
    exp.ip_frag = FLOW_FRAG_ANY | FLOW_FRAG_LATER;
    exp.tp_src = exp.tp_dst = 0;
    check_extract(&f, &exp, NONE, 14, NONE);
}

static void
test_ipv4_lengths(void)
{
    struct flow exp;
    struct frame f;

    /* The total length ends the payload: what follows is padding. */
    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(&f, 0, 0, 64, 6, "10.0.0.1", "10.0.0.2", 0);
    fr_tcp(&f, 80, 81, 0x012, 0);
    f.len -= 7;                 /* 13 bytes of TCP: ports, no flags. */
    fr_finish(&f);
    fr_payload(&f, 20);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.ip_proto = 6;
    exp.nw_ttl = 64;
    exp.nw_src = 0x0a000001;
    exp.nw_dst = 0x0a000002;
    exp.tp_src = 80;
    exp.tp_dst = 81;
    check_extract(&f, &exp, NONE, 14, 34);

    /* 14 bytes of TCP: the flags too. */
    wr16(f.b + 16, 20 + 14);
    f.b[34 + 13] = 0x12;
    exp.tcp_flags = 0x012;
    check_extract(&f, &exp, NONE, 14, 34);

    /* A total length past the frame: the frame ends the payload. */
    wr16(f.b + 16, 1000);
    exp.tcp_flags = rd16(f.b + 34 + 12) & 0xfff;
    check_extract(&f, &exp, NONE, 14, 34);

    /* Header length below 20, past the frame, or the wrong version:
     * nothing from IP on. */
    exp_init(&exp);
    exp.eth_type = 0x0800;
    f.b[14] = 0x44;
    check_extract(&f, &exp, NONE, NONE, NONE);
    f.b[14] = 0x4f;
    f.len = 14 + 50;
    check_extract(&f, &exp, NONE, NONE, NONE);
    f.b[14] = 0x65;
    check_extract(&f, &exp, NONE, NONE, NONE);
}

static void
test_ipv6(void)
{
    struct flow exp;
    struct frame f;

    f_tcp6(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ip_dscp = 0x2b >> 2;
    exp.ip_ecn = 3;
    exp.ipv6_flabel = 0x12345;
    exp.ip_proto = 6;
    exp.nw_ttl = 255;
    set_ipv6_key(exp.ipv6_src, "2001:db8::1");
    set_ipv6_key(exp.ipv6_dst, "2001:db8::2");
    exp.tp_src = 11111;
    exp.tp_dst = 2222;
    exp.tcp_flags = 0x002;
    check_extract(&f, &exp, NONE, 14, 54);

    /* Wrong version. */
    f.b[14] = 0x40;
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    check_extract(&f, &exp, NONE, NONE, NONE);
}

static void
test_ipv6_exthdr(void)
{
    struct flow exp;
    struct frame f;

    f_ext_all(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ip_proto = 6;
    exp.nw_ttl = 64;
    exp.ip_frag = FLOW_FRAG_ANY;
    exp.ipv6_exthdr = (OFPIEH_HOP | OFPIEH_DEST | OFPIEH_ROUTER
                       | OFPIEH_FRAG | OFPIEH_AUTH);
    set_ipv6_key(exp.ipv6_src, "10::10");
    set_ipv6_key(exp.ipv6_dst, "20::20");
    exp.tp_src = 5;
    exp.tp_dst = 6;
    exp.tcp_flags = 0x010;
    check_extract(&f, &exp, NONE, 14,
                  14 + 40 + 8 + 16 + 24 + 8 + 24 + 8);

    /* Ryu's test: hop-by-hop and AH, 0x44 (68). */
    f_ext_ryu(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ipv6_flabel = 100;
    exp.ip_proto = 6;
    exp.nw_ttl = 64;
    exp.ipv6_exthdr = 68;
    set_ipv6_key(exp.ipv6_src, "10::10");
    set_ipv6_key(exp.ipv6_dst, "20::20");
    exp.tp_src = 11111;
    exp.tp_dst = 2222;
    check_extract(&f, &exp, NONE, 14, 14 + 40 + 8 + 12);

    /* A later fragment: the protocol after the fragment header, no
     * transport header. */
    f_frag6_later(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ip_proto = 17;
    exp.nw_ttl = 64;
    exp.ip_frag = FLOW_FRAG_ANY | FLOW_FRAG_LATER;
    exp.ipv6_exthdr = OFPIEH_FRAG;
    set_ipv6_key(exp.ipv6_src, "10::10");
    set_ipv6_key(exp.ipv6_dst, "20::20");
    check_extract(&f, &exp, NONE, 14, NONE);

    /* No next header, right after the IPv6 header. */
    f.b[20] = 59;
    exp.ip_proto = 59;
    exp.ip_frag = 0;
    exp.ipv6_exthdr = OFPIEH_NONEXT;
    check_extract(&f, &exp, NONE, 14, NONE);

    /* ESP ends the walk. */
    f_esp6(&f);
    exp.ip_proto = 50;
    exp.ip_frag = 0;
    exp.ipv6_exthdr = OFPIEH_HOP | OFPIEH_ESP;
    check_extract(&f, &exp, NONE, 14, NONE);
}

/* The ipv6_exthdr bits and ip_proto of IPv6 with extension headers
 * 'types' (0-terminated after the first) then 'upper'. */
static void
check_exthdr_(const uint8_t *types, size_t n, uint8_t upper,
              uint16_t bits, const char *where)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(&f, 0, 0, n ? types[0] : upper, 64, "10::10", "20::20");
    for (size_t i = 0; i < n; i++) {
        uint8_t nh = i + 1 < n ? types[i + 1] : upper;

        if (types[i] == 44) {
            fr_frag6(&f, nh, 0, false);
        } else if (types[i] == 51) {
            fr_ah(&f, nh, 1);
        } else if (types[i] == 50) {
            fr_payload(&f, 16);
        } else {
            fr_ext(&f, nh, i & 1);
        }
    }
    fr_payload(&f, 8);
    fr_finish(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    if (flow.ipv6_exthdr != bits) {
        fprintf(stderr, "\n%s: ipv6_exthdr 0x%x, want 0x%x\n", where,
                flow.ipv6_exthdr, bits);
    }
    CU_ASSERT_EQUAL(flow.ipv6_exthdr, bits);
    free_packet(p);
}
#define check_exthdr(UPPER, BITS, ...)                                  \
    do {                                                                \
        static const uint8_t types_[] = { __VA_ARGS__ };                \
        check_exthdr_(types_, sizeof types_, UPPER, BITS, #__VA_ARGS__); \
    } while (0)

enum { HOP = 0, RT = 43, FRAG = 44, ESP = 50, AH = 51, NONXT = 59, DST = 60 };

static void
test_exthdr_rules(void)
{
    /* OpenFlow 1.3.5, 7.2.3.8, with RFC 2460's order (4.1). */
    check_exthdr(6, OFPIEH_HOP, HOP);
    check_exthdr(NONXT, OFPIEH_DEST | OFPIEH_NONEXT, DST);
    check_exthdr(NONXT, OFPIEH_HOP | OFPIEH_NONEXT, HOP);
    check_exthdr(6, OFPIEH_ESP, ESP);
    check_exthdr(6, OFPIEH_DEST | OFPIEH_ROUTER, DST, RT, DST);
    check_exthdr(6, OFPIEH_DEST | OFPIEH_FRAG | OFPIEH_AUTH | OFPIEH_ESP,
                 DST, FRAG, AH, ESP);
    check_exthdr(6, OFPIEH_DEST | OFPIEH_AUTH, AH, DST);

    /* Unexpected repeats: any kind twice but destination options, which
     * may come twice. */
    check_exthdr(6, OFPIEH_HOP | OFPIEH_UNREP | OFPIEH_UNSEQ, HOP, HOP);
    check_exthdr(6, OFPIEH_FRAG | OFPIEH_UNREP, FRAG, FRAG);
    check_exthdr(6, OFPIEH_ROUTER | OFPIEH_UNREP, RT, RT);
    check_exthdr(6, OFPIEH_AUTH | OFPIEH_UNREP, AH, AH);
    check_exthdr(6, OFPIEH_DEST, DST, DST);
    check_exthdr(6, OFPIEH_DEST | OFPIEH_UNREP, DST, DST, DST);

    /* Unexpected sequence. */
    check_exthdr(6, OFPIEH_HOP | OFPIEH_DEST | OFPIEH_UNSEQ, DST, HOP);
    check_exthdr(6, OFPIEH_ROUTER | OFPIEH_AUTH | OFPIEH_UNSEQ, AH, RT);
    check_exthdr(6, OFPIEH_ROUTER | OFPIEH_DEST | OFPIEH_FRAG
                 | OFPIEH_UNSEQ, RT, DST, FRAG);
    check_exthdr(6, OFPIEH_FRAG | OFPIEH_ROUTER | OFPIEH_UNSEQ, FRAG, RT);
}

static void
test_nd(void)
{
    struct flow exp;
    struct frame f;

    /* A solicitation: the first Ethernet source link-layer address. */
    f_nd_ns(&f);
    exp_init(&exp);
    parse_mac("33:33:ff:00:00:02", exp.eth_dst);
    exp.eth_type = 0x86dd;
    exp.ip_proto = 58;
    exp.nw_ttl = 255;
    set_ipv6_key(exp.ipv6_src, "fe80::1");
    set_ipv6_key(exp.ipv6_dst, "ff02::1:ff00:2");
    exp.icmp_type = 135;
    set_ipv6_key(exp.nd_target, "fe80::2");
    parse_mac("00:11:22:33:44:55", exp.arp_sha);
    check_extract(&f, &exp, NONE, 14, 54);

    /* An option of length 0 ends the options. */
    f.b[54 + 24 + 1] = 0;
    memset(exp.arp_sha, 0, 6);
    fr_finish(&f);
    check_extract(&f, &exp, NONE, 14, 54);

    /* An advertisement: the target link-layer address. */
    f_nd_na(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ip_proto = 58;
    exp.nw_ttl = 255;
    set_ipv6_key(exp.ipv6_src, "fe80::2");
    set_ipv6_key(exp.ipv6_dst, "fe80::1");
    exp.icmp_type = 136;
    set_ipv6_key(exp.nd_target, "2001:db8::99");
    parse_mac("66:55:44:33:22:11", exp.arp_tha);
    check_extract(&f, &exp, NONE, 14, 54);

    /* Options past the payload length are not options. */
    wr16(f.b + 18, 24);
    memset(exp.arp_tha, 0, 6);
    check_extract(&f, &exp, NONE, 14, 54);

    f_icmp6_echo(&f);
    exp_init(&exp);
    exp.eth_type = 0x86dd;
    exp.ip_proto = 58;
    exp.nw_ttl = 64;
    set_ipv6_key(exp.ipv6_src, "2001:db8::1");
    set_ipv6_key(exp.ipv6_dst, "2001:db8::2");
    exp.icmp_type = 128;
    check_extract(&f, &exp, NONE, 14, 54);

    /* ICMP over IPv6 and ICMPv6 over IPv4 are not parsed. */
    f.b[20] = 1;
    exp.ip_proto = 1;
    exp.icmp_type = 0;
    check_extract(&f, &exp, NONE, 14, 54);
    f_icmp4(&f);
    f.b[23] = 58;
    fr_finish(&f);
    exp_init(&exp);
    exp.eth_type = 0x0800;
    exp.ip_proto = 58;
    exp.nw_ttl = 64;
    exp.nw_src = 0x0a000001;
    exp.nw_dst = 0x0a000002;
    check_extract(&f, &exp, NONE, 14, 34);
}

static void
test_reextract(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    f_tcp6(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow.metadata = 0x1122334455667788ull;
    flow.tunnel_id = 42;
    flow.tun_src = 1;
    flow.tun_dst = 2;
    flow.tp_src = 9;
    p->in_port = 99;
    flow_reextract(p, &flow);
    CU_ASSERT_EQUAL(flow.metadata, 0x1122334455667788ull);
    CU_ASSERT_EQUAL(flow.tunnel_id, 42);
    CU_ASSERT_EQUAL(flow.tun_src, 1);
    CU_ASSERT_EQUAL(flow.tun_dst, 2);
    CU_ASSERT_EQUAL(flow.in_port, 3);
    CU_ASSERT_EQUAL(flow.tp_src, 11111);
    free_packet(p);
}

/* ---- Truncated and mangled frames ---- */

static void (*const catalogue[])(struct frame *) = {
    f_lldp, f_8023, f_vlan_tcp4, f_qinq_udp6, f_mpls2_ipv4, f_vlan_mpls,
    f_pbb, f_svlan_pbb, f_arp, f_tcp4_options, f_frag4_first,
    f_frag4_later, f_sctp4, f_icmp4, f_tcp6, f_ext_all, f_ext_ryu,
    f_frag6_later, f_esp6, f_nd_ns, f_nd_na, f_icmp6_echo,
};

static bool
is_ext_type(uint8_t x)
{
    return x == HOP || x == RT || x == FRAG || x == AH || x == DST;
}

/* Every field of 'part' (a prefix of the frame 'full' came from) is the
 * same or zero, except where a cut makes the parser stop early: eth_type
 * may be a VLAN TPID, ip_proto an extension header, and ipv6_exthdr has a
 * subset of the bits. */
static void
check_prefix(const struct flow *full, const struct flow *part, size_t n,
             const struct dp_packet *p)
{
    struct flow a = *full, b = *part;

    CU_ASSERT_TRUE(b.eth_type == a.eth_type || !b.eth_type
                   || b.eth_type == 0x8100 || b.eth_type == 0x88a8);
    CU_ASSERT_TRUE(b.ip_proto == a.ip_proto || !b.ip_proto
                   || is_ext_type(b.ip_proto));
    CU_ASSERT_EQUAL(b.ipv6_exthdr & ~a.ipv6_exthdr, 0);
    a.eth_type = b.eth_type = 0;
    a.ip_proto = b.ip_proto = 0;
    a.ipv6_exthdr = b.ipv6_exthdr = 0;
    for (int i = 0; i < OF_N_FIELDS; i++) {
        union of_value va, vb;
        static const union of_value zero;

        flow_get_value(&a, i, &va);
        flow_get_value(&b, i, &vb);
        if (memcmp(&va, &vb, sizeof va) && memcmp(&vb, &zero, sizeof vb)) {
            fprintf(stderr, "\nprefix %zu: field %s differs\n", n,
                    of_field_info(i)->name);
            CU_FAIL("prefix field differs");
        }
    }
    CU_ASSERT_TRUE(b.nw_ttl == a.nw_ttl || !b.nw_ttl);
    CU_ASSERT_TRUE(b.mpls_ttl == a.mpls_ttl || !b.mpls_ttl);
    CU_ASSERT_TRUE(b.ip_frag == a.ip_frag || !b.ip_frag);
    CU_ASSERT_TRUE(b.tcp_flags == a.tcp_flags || !b.tcp_flags);
    CU_ASSERT_TRUE(p->l2_5_ofs == PACKET_OFS_NONE || p->l2_5_ofs <= n);
    CU_ASSERT_TRUE(p->l3_ofs == PACKET_OFS_NONE || p->l3_ofs <= n);
    CU_ASSERT_TRUE(p->l4_ofs == PACKET_OFS_NONE || p->l4_ofs <= n);
}

static void
test_truncations(void)
{
    for (size_t k = 0; k < ARRAY_SIZE(catalogue); k++) {
        struct flow full, part;
        struct dp_packet *p;
        struct frame f;

        catalogue[k](&f);
        p = fr_packet(&f, f.len, 0);
        flow_extract(p, &full);
        free_packet(p);
        for (size_t n = 0; n <= f.len; n++) {
            p = fr_packet(&f, n, 0);
            flow_extract(p, &part);
            check_prefix(&full, &part, n, p);
            free_packet(p);
        }
    }
}

/* Random mutations of every frame at random lengths, in buffers sized
 * exactly (run under AddressSanitizer by `make ASAN=1 unit`). */
static void
test_fuzz(void)
{
    srand(12345);
    for (int iter = 0; iter < 30000; iter++) {
        struct dp_packet *p;
        struct flow flow;
        struct frame f;
        size_t n;
        int k = rand() % 4;

        catalogue[rand() % ARRAY_SIZE(catalogue)](&f);
        for (int i = 0; i <= k; i++) {
            size_t at = rand() % f.len;

            /* Favour the bytes that steer the parser. */
            f.b[at] = (rand() & 3 ? rand()
                       : (uint8_t[]) { 0, 6, 17, 43, 44, 50, 51, 58, 59,
                                       60, 0x81, 0x88, 0x86 }[rand() % 13]);
        }
        n = rand() % 3 ? f.len : rand() % (f.len + 1);
        p = fr_packet(&f, n, 0);
        flow_extract(p, &flow);
        CU_ASSERT_TRUE(p->l3_ofs == PACKET_OFS_NONE || p->l3_ofs <= n);
        CU_ASSERT_TRUE(p->l4_ofs == PACKET_OFS_NONE || p->l4_ofs <= n);
        free_packet(p);
    }
}

/* ---- Field map ---- */

static bool
aliases(enum of_field a, enum of_field b)
{
    static const enum of_field groups[][3] = {
        { OF_FIELD_IPV4_SRC, OF_FIELD_ARP_SPA, OF_N_FIELDS },
        { OF_FIELD_IPV4_DST, OF_FIELD_ARP_TPA, OF_N_FIELDS },
        { OF_FIELD_TCP_SRC, OF_FIELD_UDP_SRC, OF_FIELD_SCTP_SRC },
        { OF_FIELD_TCP_DST, OF_FIELD_UDP_DST, OF_FIELD_SCTP_DST },
        { OF_FIELD_ICMPV4_TYPE, OF_FIELD_ICMPV6_TYPE, OF_N_FIELDS },
        { OF_FIELD_ICMPV4_CODE, OF_FIELD_ICMPV6_CODE, OF_N_FIELDS },
        { OF_FIELD_ARP_SHA, OF_FIELD_IPV6_ND_SLL, OF_N_FIELDS },
        { OF_FIELD_ARP_THA, OF_FIELD_IPV6_ND_TLL, OF_N_FIELDS },
    };

    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        bool has_a = false, has_b = false;

        for (int j = 0; j < 3; j++) {
            has_a = has_a || groups[i][j] == a;
            has_b = has_b || groups[i][j] == b;
        }
        if (has_a && has_b) {
            return true;
        }
    }
    return false;
}

static void
test_field_map(void)
{
    CU_ASSERT_EQUAL(OF_N_FIELDS, FLOW_N_OXM_FIELDS);
    for (int i = 0; i < OF_N_FIELDS; i++) {
        const struct flow_field *ff = flow_field(i);
        const struct of_field_info *info = of_field_info(i);
        union of_value v, max;
        struct flow flow, before;

        /* Width: OXM's, pbb_isid's 3 bytes kept in 4. */
        CU_ASSERT_EQUAL(ff->size, info->bytes == 3 ? 4 : info->bytes);
        CU_ASSERT_TRUE(ff->offset + ff->size <= sizeof(struct flow));
        CU_ASSERT_TRUE(ff->n_bits > 0 && ff->n_bits <= ff->size * 8);

        /* Valid bits: the same as ofp-match's range check. */
        if (ff->size <= 8 && ff->n_bits < 64) {
            memset(&max, 0, sizeof max);
            memcpy(&max, &(uint64_t) { (UINT64_C(1) << ff->n_bits) - 1 },
                   ff->size);
            CU_ASSERT_TRUE(of_value_is_valid(i, &max));
            if (ff->n_bits < ff->size * 8) {
                uint64_t over = UINT64_C(1) << ff->n_bits;

                memset(&max, 0, sizeof max);
                memcpy(&max, &over, ff->size);
                CU_ASSERT_FALSE(of_value_is_valid(i, &max));
            }
        }

        /* Get and set touch the field's bytes only. */
        memset(&flow, 0x11, sizeof flow);
        before = flow;
        memset(&v, 0, sizeof v);
        memset(&v, 0xa5, ff->size);
        flow_set_value(&flow, i, &v);
        for (size_t k = 0; k < sizeof flow; k++) {
            bool inside = k >= ff->offset && k < ff->offset + ff->size;

            CU_ASSERT_EQUAL(((uint8_t *) &flow)[k],
                            inside ? 0xa5 : ((uint8_t *) &before)[k]);
        }
        memset(&max, 0x77, sizeof max);
        flow_get_value(&flow, i, &max);
        CU_ASSERT_EQUAL(memcmp(&max, &v, sizeof v), 0);

        /* Storage is shared only by fields whose prerequisites
         * exclude each other. */
        for (int j = 0; j < OF_N_FIELDS; j++) {
            const struct flow_field *g = flow_field(j);

            if (j != i && ff->offset < g->offset + g->size
                && g->offset < ff->offset + ff->size) {
                CU_ASSERT_TRUE(aliases(i, j));
                CU_ASSERT_EQUAL(ff->offset, g->offset);
                CU_ASSERT_EQUAL(ff->size, g->size);
            }
        }
    }
    /* The typed values land where union of_value says. */
    {
        struct flow flow;
        union of_value v;

        memset(&flow, 0, sizeof flow);
        flow.pbb_isid = 0xabcdef;
        flow.vlan_vid = 0x1064;
        flow_get_value(&flow, OF_FIELD_PBB_ISID, &v);
        CU_ASSERT_EQUAL(v.u32, 0xabcdef);
        flow_get_value(&flow, OF_FIELD_VLAN_VID, &v);
        CU_ASSERT_EQUAL(v.u16, 0x1064);
    }
}

static void
test_field_applies(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    f_arp(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_ARP_SPA));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_IPV4_SRC));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_VLAN_PCP));
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_VLAN_VID));
    free_packet(p);

    f_nd_ns(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_IPV6_ND_SLL));
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_IPV6_ND_TARGET));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_IPV6_ND_TLL));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_ARP_SHA));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_ICMPV4_TYPE));
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_ICMPV6_TYPE));
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_IPV6_EXTHDR));
    free_packet(p);

    f_vlan_mpls(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_MPLS_LABEL));
    CU_ASSERT_TRUE(flow_field_applies(&flow, OF_FIELD_VLAN_PCP));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_IP_PROTO));
    CU_ASSERT_FALSE(flow_field_applies(&flow, OF_FIELD_PBB_ISID));
    free_packet(p);
}

/* ---- Matches ---- */

/* A valid match on 'field' with the prerequisites it needs. */
static void
match_with_prereqs(struct of_match *m, enum of_field field)
{
    of_match_init(m);
    switch (of_field_info(field)->prereq) {
    case PREREQ_NONE:
        break;
    case PREREQ_IN_PORT:
        of_match_set_u32(m, OF_FIELD_IN_PORT, 1);
        break;
    case PREREQ_VLAN:
        of_match_set_u16(m, OF_FIELD_VLAN_VID, OFPVID_PRESENT | 5);
        break;
    case PREREQ_IP:
    case PREREQ_IPV4:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x0800);
        break;
    case PREREQ_IPV6:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x86dd);
        break;
    case PREREQ_ARP:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x0806);
        break;
    case PREREQ_TCP:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x86dd);
        of_match_set_u8(m, OF_FIELD_IP_PROTO, 6);
        break;
    case PREREQ_UDP:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x0800);
        of_match_set_u8(m, OF_FIELD_IP_PROTO, 17);
        break;
    case PREREQ_SCTP:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x0800);
        of_match_set_u8(m, OF_FIELD_IP_PROTO, 132);
        break;
    case PREREQ_ICMPV4:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x0800);
        of_match_set_u8(m, OF_FIELD_IP_PROTO, 1);
        break;
    case PREREQ_ICMPV6:
    case PREREQ_ND:
    case PREREQ_ND_SOL:
    case PREREQ_ND_ADV:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x86dd);
        of_match_set_u8(m, OF_FIELD_IP_PROTO, 58);
        if (of_field_info(field)->prereq == PREREQ_ND
            || of_field_info(field)->prereq == PREREQ_ND_SOL) {
            of_match_set_u8(m, OF_FIELD_ICMPV6_TYPE, 135);
        } else if (of_field_info(field)->prereq == PREREQ_ND_ADV) {
            of_match_set_u8(m, OF_FIELD_ICMPV6_TYPE, 136);
        }
        break;
    case PREREQ_MPLS:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x8847);
        break;
    case PREREQ_PBB:
        of_match_set_u16(m, OF_FIELD_ETH_TYPE, 0x88e7);
        break;
    }
}

static void
test_match_round_trip(void)
{
    srand(7);
    for (int i = 0; i < OF_N_FIELDS; i++) {
        const struct flow_field *ff = flow_field(i);

        for (int masked = 0; masked <= of_field_info(i)->maskable;
             masked++) {
            struct of_match m, back;
            struct flow value, mask;
            union of_value v, msk;

            match_with_prereqs(&m, i);
            memset(&v, 0, sizeof v);
            memset(&msk, 0, sizeof msk);
            for (size_t k = 0; k < ff->size; k++) {
                v.bytes[k] = rand();
                msk.bytes[k] = k & 1 ? 0xf0 : 0xff;
            }
            /* Clip to the field's valid bits. */
            if (ff->size <= 8) {
                uint64_t x = 0, y = 0, bits = ff->n_bits >= 64
                    ? UINT64_MAX : (UINT64_C(1) << ff->n_bits) - 1;

                memcpy(&x, &v, ff->size);
                memcpy(&y, &msk, ff->size);
                x &= bits;
                y &= bits & ~UINT64_C(1);
                memcpy(&v, &x, ff->size);
                memcpy(&msk, &y, ff->size);
            }
            if (i == OF_FIELD_IN_PORT || i == OF_FIELD_IN_PHY_PORT) {
                v.u32 = 1;
            }
            if (i == OF_FIELD_VLAN_VID && !masked) {
                v.u16 |= OFPVID_PRESENT;
            }
            if (!of_match_find(&m, i)) {
                of_match_set(&m, i, &v, masked ? &msk : NULL);
            }
            CU_ASSERT_EQUAL(of_match_validate(&m), 0);

            flow_from_match(&m, &value, &mask);
            CU_ASSERT_TRUE(flow_matches(&value, &value, &mask));
            flow_to_match(&value, &mask, &back);
            if (!of_match_equal(&m, &back)) {
                struct ds a = DS_EMPTY_INITIALIZER, b = DS_EMPTY_INITIALIZER;

                of_match_format(&m, &a);
                of_match_format(&back, &b);
                fprintf(stderr, "\n%s: %s became %s\n",
                        of_field_info(i)->name, ds_cstr(&a), ds_cstr(&b));
                ds_destroy(&a);
                ds_destroy(&b);
                CU_FAIL("match does not round trip");
            }
        }
    }
}

static void
test_match_canonical(void)
{
    struct flow value, mask, value2, mask2;
    struct of_match m, m2, back;
    union of_value v, msk;

    /* vlan_vid=0x1064/0x1fff is the exact vlan_vid=0x1064. */
    of_match_init(&m);
    memset(&v, 0, sizeof v);
    memset(&msk, 0, sizeof msk);
    v.u16 = 0x1064;
    msk.u16 = 0x1fff;
    m.oxms[0].field = OF_FIELD_VLAN_VID;
    m.oxms[0].has_mask = true;
    m.oxms[0].value = v;
    m.oxms[0].mask = msk;
    m.n = 1;
    of_match_init(&m2);
    of_match_set_u16(&m2, OF_FIELD_VLAN_VID, 0x1064);
    flow_from_match(&m, &value, &mask);
    flow_from_match(&m2, &value2, &mask2);
    CU_ASSERT_EQUAL(memcmp(&value, &value2, sizeof value), 0);
    CU_ASSERT_EQUAL(memcmp(&mask, &mask2, sizeof mask), 0);
    CU_ASSERT_EQUAL(mask.vlan_vid, 0x1fff);
    flow_to_match(&value, &mask, &back);
    CU_ASSERT_TRUE(of_match_equal(&back, &m2));

    /* Exact pbb_isid: the 24 valid bits. */
    of_match_init(&m);
    of_match_set_u16(&m, OF_FIELD_ETH_TYPE, 0x88e7);
    of_match_set_u32(&m, OF_FIELD_PBB_ISID, 0x123456);
    flow_from_match(&m, &value, &mask);
    CU_ASSERT_EQUAL(mask.pbb_isid, 0xffffff);
    CU_ASSERT_EQUAL(mask.eth_type, 0xffff);
    CU_ASSERT_EQUAL(value.pbb_isid, 0x123456);
}

static void
test_matches_packets(void)
{
    struct flow flow, value, mask;
    struct dp_packet *p;
    struct of_match m;
    union of_value v, msk;
    struct frame f;

    f_vlan_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);

    /* tcp,vlan_vid=present,nw_src=192.168.0.0/16,tcp_dst=2222 */
    of_match_init(&m);
    of_match_set_u16(&m, OF_FIELD_ETH_TYPE, 0x0800);
    of_match_set_u8(&m, OF_FIELD_IP_PROTO, 6);
    memset(&v, 0, sizeof v);
    memset(&msk, 0, sizeof msk);
    v.u16 = OFPVID_PRESENT;
    msk.u16 = OFPVID_PRESENT;
    of_match_set(&m, OF_FIELD_VLAN_VID, &v, &msk);
    v.u32 = 0xc0a80000;
    msk.u32 = 0xffff0000;
    of_match_set(&m, OF_FIELD_IPV4_SRC, &v, &msk);
    of_match_set_u16(&m, OF_FIELD_TCP_DST, 2222);
    CU_ASSERT_EQUAL(of_match_validate(&m), 0);
    flow_from_match(&m, &value, &mask);
    CU_ASSERT_TRUE(flow_matches(&flow, &value, &mask));

    flow.tp_dst = 2223;
    CU_ASSERT_FALSE(flow_matches(&flow, &value, &mask));
    flow.tp_dst = 2222;
    flow.nw_src = 0xc0a90a0a;
    CU_ASSERT_FALSE(flow_matches(&flow, &value, &mask));
    flow.nw_src = 0xc0a8ffff;
    CU_ASSERT_TRUE(flow_matches(&flow, &value, &mask));
    flow.vlan_vid = 0;
    CU_ASSERT_FALSE(flow_matches(&flow, &value, &mask));

    /* The empty match matches everything. */
    of_match_init(&m);
    flow_from_match(&m, &value, &mask);
    CU_ASSERT_TRUE(flow_matches(&flow, &value, &mask));
    free_packet(p);
}

static void
test_format(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    f_vlan_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow_format(&flow, &s);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s),
                           "in_port=3,eth_dst=22:22:22:22:22:22,"
                           "eth_src=12:11:11:11:11:11,eth_type=0x800,"
                           "vlan_vid=100,vlan_pcp=5,ip_dscp=8,ip_proto=6,"
                           "ipv4_src=192.168.10.10,ipv4_dst=192.168.20.20,"
                           "tcp_src=11111,tcp_dst=2222,nw_ttl=64,"
                           "tcp_flags=0x018");
    free_packet(p);

    /* Shared storage prints under the name that applies. */
    ds_clear(&s);
    f_arp(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow_format(&flow, &s);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "arp_spa=192.168.10.10"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "arp_sha=12:11:11:11:11:11"));
    CU_ASSERT_PTR_NULL(strstr(ds_cstr(&s), "ipv4"));
    free_packet(p);

    ds_clear(&s);
    f_frag6_later(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow_format(&flow, &s);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "ipv6_exthdr=frag"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "nw_frag=later"));
    free_packet(p);

    ds_clear(&s);
    f_mpls2_ipv4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow.in_phy_port = 7;
    flow.metadata = 0xff;
    flow_format(&flow, &s);
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "in_phy_port=7"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "metadata=0xff"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "mpls_label=100,mpls_tc=3"));
    CU_ASSERT_PTR_NOT_NULL(strstr(ds_cstr(&s), "mpls_ttl=64"));
    CU_ASSERT_PTR_NULL(strstr(ds_cstr(&s), "mpls_bos"));
    free_packet(p);
    ds_destroy(&s);
}

static CU_TestInfo tests[] = {
    { "ethernet and 802.3", test_ethernet },
    { "vlan and qinq", test_vlan },
    { "mpls", test_mpls },
    { "pbb", test_pbb },
    { "arp", test_arp },
    { "ipv4", test_ipv4 },
    { "ipv4 fragments", test_ipv4_fragments },
    { "ipv4 lengths", test_ipv4_lengths },
    { "ipv6", test_ipv6 },
    { "ipv6 extension headers", test_ipv6_exthdr },
    { "ipv6_exthdr rules", test_exthdr_rules },
    { "neighbor discovery", test_nd },
    { "reextract", test_reextract },
    { "truncations", test_truncations },
    { "fuzz", test_fuzz },
    { "field map", test_field_map },
    { "field applies", test_field_applies },
    { "match round trip", test_match_round_trip },
    { "match canonical", test_match_canonical },
    { "matches packets", test_matches_packets },
    { "format", test_format },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("flow", tests);
