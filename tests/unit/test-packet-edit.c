#include "switch/packet-edit.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/flow.h"
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

#define MAC_A "12:11:11:11:11:11"
#define MAC_B "22:22:22:22:22:22"

/* ---- Frames ---- */

static void
f_tcp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 4);
    fr_tcp(f, 11111, 2222, 0x018, 4);
    fr_payload(f, 33);
    fr_finish(f);
}

static void
f_vlan_tcp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8100);
    fr_vlan(f, 5, 100, 0x0800);
    fr_ipv4(f, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(f, 11111, 2222, 0x018, 0);
    fr_payload(f, 32);
    fr_finish(f);
}

static void
f_udp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0x21, 0, 64, 17, "10.0.0.1", "10.0.0.2", 0);
    fr_udp(f, 53, 5353);
    fr_payload(f, 21);
    fr_finish(f);
}

/* UDP over IPv4 without a checksum (0). */
static void
f_udp4_nocsum(struct frame *f)
{
    f_udp4(f);
    wr16(f->b + 34 + 6, 0);
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
f_sctp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 0, 64, 132, "10.0.0.1", "10.0.0.2", 0);
    fr_sctp(f, 36412, 2905);
    fr_finish(f);
    fr_zeros(f, 4);             /* Ethernet padding: not SCTP's. */
}

static void
f_icmp4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(f, 0, 0, 64, 1, "10.0.0.1", "10.0.0.2", 0);
    fr_icmp(f, 1, 8, 0);
    fr_payload(f, 27);
    fr_finish(f);
}

/* TCP over IPv6 with hop-by-hop and destination options headers. */
static void
f_tcp6_ext(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0x2b, 0x12345, 0, 64, "2001:db8::1", "2001:db8::2");
    fr_ext(f, 60, 0);
    fr_ext(f, 6, 1);
    fr_tcp(f, 11111, 2222, 0x010, 0);
    fr_payload(f, 19);
    fr_finish(f);
}

/* UDP over IPv6, first fragment, with AH. */
static void
f_udp6_frag_ah(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 7, 44, 64, "2001:db8::1", "2001:db8::2");
    fr_frag6(f, 51, 0, true);
    fr_ah(f, 17, 4);
    fr_udp(f, 5000, 6000);
    fr_payload(f, 30);
    fr_finish(f);
}

static void
f_qinq_udp6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x88a8);
    fr_vlan(f, 3, 10, 0x8100);
    fr_vlan(f, 1, 20, 0x86dd);
    fr_ipv6(f, 0, 0, 17, 64, "10::10", "20::20");
    fr_udp(f, 53, 5353);
    fr_payload(f, 10);
    fr_finish(f);
}

static void
f_icmp6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x86dd);
    fr_ipv6(f, 0, 0, 58, 64, "2001:db8::1", "2001:db8::2");
    fr_icmp(f, 58, 128, 0);
    fr_payload(f, 17);
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
    fr_nd_opt(f, 14, 1, NULL);
    fr_nd_opt(f, 1, 1, "00:11:22:33:44:55");
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
    fr_nd_opt(f, 2, 1, "66:55:44:33:22:11");
    fr_finish(f);
}

static void
f_arp(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0806);
    fr_arp(f, 1, MAC_A, "192.168.10.10", MAC_B, "192.168.20.20");
}

static void
f_mpls_ipv4(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8847);
    fr_mpls(f, 100, 3, true, 64);
    fr_ipv4(f, 0x20, 0, 32, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(f, 11111, 2222, 0x010, 0);
    fr_payload(f, 8);
    fr_finish(f);
}

static void
f_mpls_ipv6(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8847);
    fr_mpls(f, 100, 3, true, 64);
    fr_ipv6(f, 0x20, 100, 6, 32, "10::10", "20::20");
    fr_tcp(f, 11111, 2222, 0x010, 0);
    fr_finish(f);
}

static void
f_mpls2(struct frame *f)
{
    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x8847);
    fr_mpls(f, 100, 3, false, 64);
    fr_mpls(f, 200, 1, true, 9);
    fr_ipv4(f, 0, 0, 32, 17, "10.0.0.1", "10.0.0.2", 0);
    fr_udp(f, 1, 2);
    fr_finish(f);
}

static void
f_pbb(struct frame *f)
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

/* IPv4 in IPv4: outer TTL 50, inner 20. */
static void
f_ipip(struct frame *f)
{
    size_t outer;

    fr_init(f);
    fr_eth(f, MAC_B, MAC_A, 0x0800);
    outer = f->len;
    fr_ipv4(f, 0, 0, 50, 4, "1.1.1.1", "2.2.2.2", 0);
    fr_ipv4(f, 0, 0, 20, 17, "10.0.0.1", "10.0.0.2", 0);
    fr_udp(f, 7, 8);
    fr_finish(f);
    /* The outer header: fr_finish() did the inner one. */
    wr16(f->b + outer + 2, f->len - outer);
    wr16(f->b + outer + 10, 0);
    wr16(f->b + outer + 10, ref_csum(0, f->b + outer, 20));
}

static const struct {
    const char *name;
    void (*build)(struct frame *);
} frames[] = {
    { "tcp4", f_tcp4 },
    { "vlan_tcp4", f_vlan_tcp4 },
    { "udp4", f_udp4 },
    { "udp4_nocsum", f_udp4_nocsum },
    { "frag4_first", f_frag4_first },
    { "sctp4", f_sctp4 },
    { "icmp4", f_icmp4 },
    { "tcp6_ext", f_tcp6_ext },
    { "udp6_frag_ah", f_udp6_frag_ah },
    { "qinq_udp6", f_qinq_udp6 },
    { "icmp6", f_icmp6 },
    { "nd_ns", f_nd_ns },
    { "nd_na", f_nd_na },
    { "arp", f_arp },
    { "mpls_ipv4", f_mpls_ipv4 },
    { "mpls_ipv6", f_mpls_ipv6 },
    { "mpls2", f_mpls2 },
    { "pbb", f_pbb },
    { "ipip", f_ipip },
};

/* ---- Checks ---- */

static struct dp_packet *
copy_packet(const struct dp_packet *p)
{
    struct dp_packet *q = xzalloc(sizeof *q);
    size_t size = PACKET_HEADROOM + p->len;

    packet_init(q, xmalloc(size), size);
    packet_copy(q, p);
    return q;
}

/* Asserts that 'flow' and p's offsets are what flow_reextract() gives. */
static void
check_key_(const struct dp_packet *p, const struct flow *flow,
           const char *where)
{
    struct dp_packet *q = copy_packet(p);
    struct flow g = *flow;

    flow_reextract(q, &g);
    if (memcmp(&g, flow, sizeof g)) {
        struct ds a = DS_EMPTY_INITIALIZER, b = DS_EMPTY_INITIALIZER;

        flow_format(flow, &a);
        flow_format(&g, &b);
        fprintf(stderr, "\n%s: key\n  kept      %s\n  reparsed  %s\n",
                where, ds_cstr(&a), ds_cstr(&b));
        ds_destroy(&a);
        ds_destroy(&b);
        CU_FAIL("key not in step with the frame");
    }
    CU_ASSERT_EQUAL(q->l2_5_ofs, p->l2_5_ofs);
    CU_ASSERT_EQUAL(q->l3_ofs, p->l3_ofs);
    CU_ASSERT_EQUAL(q->l4_ofs, p->l4_ofs);
    free_packet(q);
}
#define check_key(P, FLOW) check_key_(P, FLOW, __func__)

/* Asserts every checksum of the frame, computed from scratch: the IPv4
 * header's and the transport one (laid out as 'layout', or as ip_proto
 * says if it is negative; the pseudo-header has ip_proto). */
static void
check_csums_(const struct dp_packet *p, int layout, const char *where)
{
    struct dp_packet *q = copy_packet(p);
    const uint8_t *d = q->data;
    const uint8_t *ip, *l4;
    struct flow f;
    size_t end, n;
    bool ok = true;

    flow_extract(q, &f);
    if (q->l3_ofs == PACKET_OFS_NONE
        || (f.eth_type != 0x0800 && f.eth_type != 0x86dd)) {
        goto out;
    }
    ip = d + q->l3_ofs;
    if (f.eth_type == 0x0800) {
        ok = ref_csum(0, ip, (ip[0] & 0xf) * 4) == 0;
        if (!ok) {
            fprintf(stderr, "\n%s: bad IPv4 header checksum\n", where);
        }
        end = q->l3_ofs + rd16(ip + 2);
    } else {
        end = q->l3_ofs + 40 + rd16(ip + 4);
    }
    if (q->l4_ofs == PACKET_OFS_NONE) {
        goto out;
    }
    l4 = d + q->l4_ofs;
    n = end - q->l4_ofs;
    switch (layout >= 0 ? layout : f.ip_proto) {
    case 6:
        ok = ok && ref_csum(ref_pseudo(ip, f.ip_proto, n), l4, n) == 0;
        break;
    case 17:
        if (f.eth_type == 0x0800 && !rd16(l4 + 6)) {
            break;
        }
        ok = ok && ref_csum(ref_pseudo(ip, f.ip_proto, n), l4, n) == 0;
        break;
    case 1:
        ok = ok && ref_csum(0, l4, n) == 0;
        break;
    case 58:
        ok = ok && ref_csum(ref_pseudo(ip, f.ip_proto, n), l4, n) == 0;
        break;
    case 132: {
        uint8_t z[FRAME_MAX];
        uint32_t crc;

        memcpy(z, l4, n);
        memset(z + 8, 0, 4);
        crc = ref_crc32c(z, n);
        ok = ok && l4[8] == (crc & 0xff) && l4[9] == ((crc >> 8) & 0xff)
             && l4[10] == ((crc >> 16) & 0xff) && l4[11] == crc >> 24;
        break;
    }
    default:
        break;
    }
    if (!ok) {
        fprintf(stderr, "\n%s: bad checksum\n", where);
    }
out:
    CU_ASSERT_TRUE(ok);
    free_packet(q);
}
#define check_csums(P, LAYOUT) check_csums_(P, LAYOUT, __func__)

/* A value of 'field' for set_field, unlike 'cur', that keeps the frame
 * parseable the same way. */
static void
new_value(enum of_field field, const union of_value *cur,
          union of_value *v)
{
    const struct flow_field *ff = flow_field(field);

    memset(v, 0, sizeof *v);
    for (size_t k = 0; k < ff->size; k++) {
        v->bytes[k] = cur->bytes[k] ^ (0x5a + k * 17);
    }
    if (ff->size <= 8) {
        uint64_t x = 0;
        uint64_t bits = ff->n_bits >= 64 ? UINT64_MAX
                                         : (UINT64_C(1) << ff->n_bits) - 1;

        memcpy(&x, v, ff->size);
        x &= bits;
        if (!x || !memcmp(&x, cur, ff->size)) {
            x = 1;
        }
        memcpy(v, &x, ff->size);
    }
    switch (field) {
    case OF_FIELD_ETH_TYPE:
        v->u16 = 0x88b5;        /* Local experimental. */
        break;
    case OF_FIELD_IP_PROTO:
        v->u8 = 253;            /* Experimental. */
        break;
    case OF_FIELD_ICMPV6_TYPE:
        v->u8 = 200;
        break;
    case OF_FIELD_VLAN_VID:
        v->u16 &= 0xfff;        /* Without OFPVID_PRESENT. */
        break;
    default:
        break;
    }
}

/* ---- set_field ---- */

static void
test_set_every_field(void)
{
    int n_set = 0;

    for (size_t k = 0; k < ARRAY_SIZE(frames); k++) {
        for (int i = 0; i < OF_N_FIELDS; i++) {
            struct dp_packet *p;
            union of_value cur, v, got;
            struct flow flow, orig;
            struct frame f;
            unsigned int r;

            frames[k].build(&f);
            p = fr_packet(&f, f.len, 0);
            flow_extract(p, &flow);
            orig = flow;
            if (!pe_field_is_settable(i) || !flow_field_applies(&flow, i)
                || (i == OF_FIELD_VLAN_VID && !flow.vlan_vid)) {
                free_packet(p);
                continue;
            }
            flow_get_value(&flow, i, &cur);
            new_value(i, &cur, &v);

            r = pe_set_field(p, &flow, i, &v);
            if (r & PE_SKIPPED) {
                fprintf(stderr, "\n%s: %s skipped\n", frames[k].name,
                        of_field_info(i)->name);
            }
            CU_ASSERT_EQUAL(r & ~PE_REPARSE, PE_OK);
            if (!(r & PE_REPARSE)) {
                check_key_(p, &flow, frames[k].name);
            } else {
                flow_reextract(p, &flow);
            }
            flow_get_value(&flow, i, &got);
            if (i == OF_FIELD_VLAN_VID) {
                v.u16 |= OFPVID_PRESENT;
            }
            if (memcmp(&got, &v, sizeof v)) {
                fprintf(stderr, "\n%s: %s does not read back\n",
                        frames[k].name, of_field_info(i)->name);
                CU_FAIL("value does not read back");
            }
            check_csums_(p, i == OF_FIELD_IP_PROTO ? orig.ip_proto : -1,
                         of_field_info(i)->name);

            /* Setting it back gives the original frame. */
            if (!(r & PE_REPARSE)) {
                if (i == OF_FIELD_VLAN_VID) {
                    cur.u16 &= 0xfff;
                }
                pe_set_field(p, &flow, i, &cur);
                CU_ASSERT_EQUAL(p->len, f.len);
                if (memcmp(p->data, f.b, f.len)) {
                    fprintf(stderr, "\n%s: %s back: frame differs\n",
                            frames[k].name, of_field_info(i)->name);
                    CU_FAIL("frame differs after setting back");
                }
                CU_ASSERT_EQUAL(memcmp(&flow, &orig, sizeof flow), 0);
            }
            n_set++;
            free_packet(p);
        }
    }
    CU_ASSERT_TRUE(n_set > 150);
}

static void
test_not_settable(void)
{
    static const enum of_field no[] = {
        OF_FIELD_IN_PORT, OF_FIELD_IN_PHY_PORT, OF_FIELD_METADATA,
        OF_FIELD_IPV6_EXTHDR,
    };
    struct dp_packet *p;
    struct flow flow, before;
    union of_value v;
    struct frame f;
    int n = 0;

    for (int i = 0; i < OF_N_FIELDS; i++) {
        n += pe_field_is_settable(i);
    }
    CU_ASSERT_EQUAL(n, OF_N_FIELDS - (int) ARRAY_SIZE(no));

    f_tcp6_ext(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    before = flow;
    memset(&v, 0, sizeof v);
    v.u16 = 0x1ff;
    for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
        CU_ASSERT_FALSE(pe_field_is_settable(no[i]));
        CU_ASSERT_EQUAL(pe_set_field(p, &flow, no[i], &v), PE_SKIPPED);
    }
    CU_ASSERT_EQUAL(memcmp(&flow, &before, sizeof flow), 0);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);

    /* Metadata of the key only. */
    v.u64 = 0x123456789;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_TUNNEL_ID, &v), PE_OK);
    CU_ASSERT_EQUAL(flow.tunnel_id, 0x123456789);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    free_packet(p);
}

static void
test_set_field_absent(void)
{
    struct dp_packet *p;
    struct flow flow, before;
    union of_value v;
    struct frame f;

    memset(&v, 0, sizeof v);

    /* No tag: set_field does not push one. */
    f_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    before = flow;
    v.u16 = OFPVID_PRESENT | 5;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_VLAN_VID, &v),
                    PE_SKIPPED);
    v.u8 = 3;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_VLAN_PCP, &v),
                    PE_SKIPPED);
    /* Fields of other protocols. */
    v.u16 = 9;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_UDP_SRC, &v),
                    PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_ARP_OP, &v), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_MPLS_TC, &v),
                    PE_SKIPPED);
    CU_ASSERT_EQUAL(memcmp(&flow, &before, sizeof flow), 0);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    free_packet(p);

    /* A solicitation without a source link-layer address option. */
    f_nd_ns(&f);
    f.len -= 8;
    fr_finish(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IPV6_ND_SLL, &v),
                    PE_SKIPPED);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    free_packet(p);

    /* A later fragment has no ports. */
    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x0800);
    fr_ipv4(&f, 0, 0x0010, 64, 6, "10.0.0.1", "10.0.0.2", 0);
    fr_payload(&f, 30);
    fr_finish(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_TCP_SRC, &v),
                    PE_SKIPPED);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    /* But its addresses. */
    v.u32 = 0x0b000001;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IPV4_SRC, &v), PE_OK);
    check_csums(p, -1);
    free_packet(p);
}

static void
test_set_field_details(void)
{
    struct dp_packet *p;
    struct flow flow;
    union of_value v;
    struct frame f;

    memset(&v, 0, sizeof v);

    /* QinQ: the outer tag only; the DEI bit and the PCP stay. */
    f_qinq_udp6(&f);
    f.b[14] |= 0x10;
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    v.u16 = OFPVID_PRESENT | 0xabc;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_VLAN_VID, &v), PE_OK);
    CU_ASSERT_EQUAL(rd16(p->data + 14), 0x7abc);
    CU_ASSERT_EQUAL(rd16(p->data + 18), (1 << 13) | 20);
    CU_ASSERT_EQUAL(flow.vlan_vid, OFPVID_PRESENT | 0xabc);
    free_packet(p);

    /* UDP over IPv4 without a checksum keeps none. */
    f_udp4_nocsum(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    v.u32 = 0xc0000201;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IPV4_DST, &v), PE_OK);
    v.u16 = 4444;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_UDP_DST, &v), PE_OK);
    CU_ASSERT_EQUAL(rd16(p->data + 34 + 6), 0);
    CU_ASSERT_EQUAL(rd16(p->data + 34 + 2), 4444);
    check_csums(p, -1);
    free_packet(p);

    /* ip_proto under IPv6 extension headers: the last next header. */
    f_tcp6_ext(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    v.u8 = 17;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IP_PROTO, &v),
                    PE_REPARSE);
    CU_ASSERT_EQUAL(p->data[20], 0);            /* IPv6: hop-by-hop. */
    CU_ASSERT_EQUAL(p->data[54], 60);           /* Hop-by-hop: dest. */
    CU_ASSERT_EQUAL(p->data[62], 17);           /* Dest: now UDP. */
    check_csums(p, 6);
    flow_reextract(p, &flow);
    CU_ASSERT_EQUAL(flow.ip_proto, 17);
    CU_ASSERT_EQUAL(flow.ipv6_exthdr, OFPIEH_HOP | OFPIEH_DEST);
    free_packet(p);

    /* A value wider than the field is clipped. */
    f_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    v.u8 = 0xff;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IP_DSCP, &v), PE_OK);
    CU_ASSERT_EQUAL(p->data[15], 0xfc);
    CU_ASSERT_EQUAL(flow.ip_dscp, 0x3f);
    check_csums(p, -1);
    check_key(p, &flow);
    free_packet(p);

    /* SCTP: the CRC covers the SCTP packet, not the Ethernet padding. */
    f_sctp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    v.u16 = 1;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_SCTP_DST, &v), PE_OK);
    check_csums(p, -1);
    v.u16 = 2905;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_SCTP_DST, &v), PE_OK);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    free_packet(p);
}

/* ---- Offload ---- */

/* Makes the transport checksum of 'p' (extracted into 'flow') partial:
 * the field holds the pseudo-header sum. */
static void
make_partial(struct dp_packet *p, const struct flow *flow)
{
    uint8_t *ip = p->data + p->l3_ofs;
    size_t field = flow->ip_proto == 6 ? 16 : 6;
    size_t end = (flow->eth_type == 0x0800 ? p->l3_ofs + rd16(ip + 2)
                  : p->l3_ofs + 40 + rd16(ip + 4));
    size_t n = end - p->l4_ofs;

    wr16(p->data + p->l4_ofs + field,
         ~ref_csum(ref_pseudo(ip, flow->ip_proto, n), NULL, 0));
    p->offload.csum_partial = true;
    p->offload.csum_start = p->l4_ofs;
    p->offload.csum_offset = field;
}

static void
test_partial_csum(void)
{
    static void (*const builds[])(struct frame *) = {
        f_tcp4, f_vlan_tcp4, f_udp4, f_tcp6_ext, f_qinq_udp6,
    };
    int n = 0;

    for (size_t k = 0; k < ARRAY_SIZE(builds); k++) {
        for (int i = 0; i < OF_N_FIELDS; i++) {
            struct dp_packet *p;
            union of_value cur, v;
            struct flow flow;
            struct frame f;
            unsigned int r;

            builds[k](&f);
            p = fr_packet(&f, f.len, 0);
            flow_extract(p, &flow);
            if (!pe_field_is_settable(i) || !flow_field_applies(&flow, i)
                || i == OF_FIELD_IP_PROTO || i == OF_FIELD_ETH_TYPE
                || (i == OF_FIELD_VLAN_VID && !flow.vlan_vid)) {
                free_packet(p);
                continue;
            }
            make_partial(p, &flow);
            flow_get_value(&flow, i, &cur);
            new_value(i, &cur, &v);
            r = pe_set_field(p, &flow, i, &v);
            CU_ASSERT_EQUAL(r, PE_OK);
            CU_ASSERT_TRUE(p->offload.csum_partial);
            packet_csum_complete(p);
            check_csums_(p, -1, of_field_info(i)->name);
            n++;
            free_packet(p);
        }
    }
    CU_ASSERT_TRUE(n > 40);

    /* The protocol, in the pseudo-header, follows too. */
    {
        struct dp_packet *p;
        struct flow flow;
        union of_value v;
        struct frame f;

        f_tcp4(&f);
        p = fr_packet(&f, f.len, 0);
        flow_extract(p, &flow);
        make_partial(p, &flow);
        memset(&v, 0, sizeof v);
        v.u8 = 17;
        CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IP_PROTO, &v),
                        PE_REPARSE);
        packet_csum_complete(p);
        check_csums(p, 6);
        free_packet(p);
    }
}

/* A TCPv4 super-frame behind a VLAN tag: 'payload' bytes cut at 'mss',
 * with a partial checksum, extracted into 'flow'. */
static struct dp_packet *
gso_packet(size_t payload, uint16_t mss, struct flow *flow)
{
    struct dp_packet *p = xzalloc(sizeof *p);
    size_t size = PACKET_HEADROOM + PACKET_MAX_LEN;
    struct frame f;
    uint8_t *d;
    size_t l4;

    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x8100);
    fr_vlan(&f, 0, 7, 0x0800);
    fr_ipv4(&f, 0, 0x4000, 64, 6, "10.0.0.1", "10.0.0.2", 0);
    fr_tcp(&f, 40000, 5201, 0x018, 12);
    l4 = f.l4;

    packet_init(p, xmalloc(size), size);
    packet_set_frame(p, f.b, f.len);
    d = p->data;
    for (size_t i = 0; i < payload; i++) {
        d[f.len + i] = i * 13 + 5;
    }
    p->len = f.len + payload;
    wr16(d + 18 + 2, p->len - 18);
    wr16(d + 18 + 10, ref_csum(0, d + 18, 20));
    wr16(d + l4 + 16,
         ~ref_csum(ref_pseudo(d + 18, 6, p->len - l4), NULL, 0));
    p->in_port = 3;
    p->offload.csum_partial = true;
    p->offload.csum_start = l4;
    p->offload.csum_offset = 16;
    p->offload.gso_type = PACKET_GSO_TCPV4;
    p->offload.gso_size = mss;
    p->offload.hdr_len = f.len;
    flow_extract(p, flow);
    return p;
}

/* Cuts the super-frame 'p' (40000 bytes of payload after 'hdr' bytes of
 * headers, the edits of test_gso() made) and checks every segment, after
 * 'unwrap' (NULL, or pe_pop_pbb() or pop_mpls_ip()) removed what the
 * kernel could not see through. */
static void
check_gso_segments(struct dp_packet *p, size_t hdr,
                   unsigned int (*unwrap)(struct dp_packet *, struct flow *))
{
    struct dp_packet *out[64];
    struct packet_seg seg;
    size_t n, got = 0;

    CU_ASSERT_TRUE_FATAL(packet_seg_init(&seg, p));
    CU_ASSERT_EQUAL(packet_seg_count(&seg), (40000 + 1399) / 1400);
    for (size_t i = 0; i < ARRAY_SIZE(out); i++) {
        out[i] = xzalloc(sizeof *out[i]);
        packet_init(out[i], xmalloc(2048), 2048);
    }
    n = packet_seg_next(&seg, out, ARRAY_SIZE(out));
    CU_ASSERT_EQUAL(n, packet_seg_count(&seg));
    for (size_t i = 0; i < n; i++) {
        struct flow sf;

        got += out[i]->len - hdr;
        flow_extract(out[i], &sf);
        if (unwrap) {
            CU_ASSERT_EQUAL(unwrap(out[i], &sf), PE_REPARSE);
            flow_reextract(out[i], &sf);
        }
        check_csums(out[i], -1);
        CU_ASSERT_EQUAL(sf.nw_src, 0xc6336401);
        CU_ASSERT_EQUAL(sf.tp_src, 1234);
        CU_ASSERT_EQUAL(sf.ip_dscp, 46);
        CU_ASSERT_EQUAL(sf.nw_ttl, 63);
        CU_ASSERT_EQUAL(sf.vlan_vid, OFPVID_PRESENT | 99);
    }
    CU_ASSERT_EQUAL(got, 40000);
    for (size_t i = 0; i < ARRAY_SIZE(out); i++) {
        free_packet(out[i]);
    }
}

static unsigned int pop_mpls_ip(struct dp_packet *, struct flow *);

static void
test_gso(void)
{
    const size_t hdr = 4 + 18 + 20 + 32;
    struct dp_packet *p;
    struct flow flow;
    union of_value v;
    uint8_t *d;

    p = gso_packet(40000, 1400, &flow);
    memset(&v, 0, sizeof v);
    v.u32 = 0xc6336401;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IPV4_SRC, &v), PE_OK);
    v.u32 = 0xc6336402;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IPV4_DST, &v), PE_OK);
    v.u16 = 1234;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_TCP_SRC, &v), PE_OK);
    v.u8 = 46;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_IP_DSCP, &v), PE_OK);
    v.u16 = 99;
    CU_ASSERT_EQUAL(pe_set_field(p, &flow, OF_FIELD_VLAN_VID, &v), PE_OK);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(pe_push_vlan(p, &flow, 0x88a8), PE_OK);
    CU_ASSERT_EQUAL(pe_pop_vlan(p, &flow), PE_OK);
    check_key(p, &flow);

    /* Still a valid super-frame for the kernel: IPv4 header checksum,
     * pseudo-header sum (of the whole length) in the TCP checksum. */
    d = p->data;
    CU_ASSERT_EQUAL(p->offload.csum_start, 18 + 20);
    CU_ASSERT_EQUAL(p->offload.hdr_len, 18 + 20 + 32);
    CU_ASSERT_EQUAL(ref_csum(0, d + 18, 20), 0);
    CU_ASSERT_EQUAL(rd16(d + 38 + 16),
                    (uint16_t) ~ref_csum(ref_pseudo(d + 18, 6, p->len - 38),
                                         NULL, 0));

    /* And its segments are valid frames: as it is, ... */
    check_gso_segments(p, hdr - 4, NULL);

    /* ... under MPLS, ... */
    CU_ASSERT_EQUAL(pe_push_mpls(p, &flow, 0x8847), PE_OK);
    CU_ASSERT_EQUAL(p->offload.csum_start, 22 + 20);
    check_gso_segments(p, hdr, pop_mpls_ip);
    CU_ASSERT_EQUAL(pe_pop_mpls(p, &flow, 0x0800), PE_REPARSE);
    flow_reextract(p, &flow);

    /* ... and inside PBB, where flow_extract() does not look. */
    CU_ASSERT_EQUAL(pe_push_pbb(p, &flow, 0x88e7), PE_OK);
    CU_ASSERT_EQUAL(p->l3_ofs, PACKET_OFS_NONE);
    check_gso_segments(p, hdr - 4 + 18, pe_pop_pbb);
    free_packet(p);
}

/* ---- Push and pop ---- */

/* Applies 'push' then 'pop' to the frame and asserts the first changed
 * it as 'expected' (a frame, or NULL) with the key in step, and the second
 * restored it. */
static void
check_push_pop_(void (*build)(struct frame *),
                unsigned int (*push)(struct dp_packet *, struct flow *),
                const struct frame *expected,
                unsigned int (*pop)(struct dp_packet *, struct flow *),
                const char *where)
{
    struct dp_packet *p;
    struct flow flow, orig;
    struct frame f;
    unsigned int r;

    build(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    orig = flow;
    CU_ASSERT_EQUAL(push(p, &flow), PE_OK);
    check_key_(p, &flow, where);
    if (expected && (p->len != expected->len
                     || memcmp(p->data, expected->b, p->len))) {
        fprintf(stderr, "\n%s: pushed frame differs\n", where);
        CU_FAIL("pushed frame differs");
    }
    r = pop(p, &flow);
    CU_ASSERT_TRUE(r == PE_OK || r == PE_REPARSE);
    if (r == PE_REPARSE) {
        flow_reextract(p, &flow);
    }
    CU_ASSERT_EQUAL(p->len, f.len);
    if (memcmp(p->data, f.b, f.len)) {
        fprintf(stderr, "\n%s: popped frame differs\n", where);
        CU_FAIL("popped frame differs");
    }
    CU_ASSERT_EQUAL(memcmp(&flow, &orig, sizeof flow), 0);
    check_key_(p, &flow, where);
    free_packet(p);
}
#define check_push_pop(B, PUSH, E, POP) \
    check_push_pop_(B, PUSH, E, POP, __func__)

static unsigned int
push_vlan_8100(struct dp_packet *p, struct flow *flow)
{
    return pe_push_vlan(p, flow, 0x8100);
}

static unsigned int
push_vlan_88a8(struct dp_packet *p, struct flow *flow)
{
    return pe_push_vlan(p, flow, 0x88a8);
}

static unsigned int
push_mpls_8847(struct dp_packet *p, struct flow *flow)
{
    return pe_push_mpls(p, flow, 0x8847);
}

static unsigned int
push_pbb(struct dp_packet *p, struct flow *flow)
{
    return pe_push_pbb(p, flow, 0x88e7);
}

/* pop_mpls with the ethertype the frames here carry under MPLS. */
static unsigned int
pop_mpls_ip(struct dp_packet *p, struct flow *flow)
{
    uint16_t type = p->data[p->l3_ofs] >> 4 == 6 ? 0x86dd : 0x0800;

    return pe_pop_mpls(p, flow, flow->mpls_bos ? type : 0x8847);
}

static unsigned int
pop_mpls_arp(struct dp_packet *p, struct flow *flow)
{
    return pe_pop_mpls(p, flow, 0x0806);
}

static void
test_push_pop_vlan(void)
{
    struct frame e;

    /* 17_PUSH_VLAN: a tag with VID 0, PCP 0. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x8100);
    fr_vlan(&e, 0, 0, 0x0800);
    fr_ipv4(&e, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 4);
    fr_tcp(&e, 11111, 2222, 0x018, 4);
    fr_payload(&e, 33);
    fr_finish(&e);
    check_push_pop(f_tcp4, push_vlan_8100, &e, pe_pop_vlan);

    /* 17_PUSH_VLAN_multiple: VID and PCP from the tag outside. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x88a8);
    fr_vlan(&e, 5, 100, 0x8100);
    fr_vlan(&e, 5, 100, 0x0800);
    fr_ipv4(&e, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(&e, 11111, 2222, 0x018, 0);
    fr_payload(&e, 32);
    fr_finish(&e);
    check_push_pop(f_vlan_tcp4, push_vlan_88a8, &e, pe_pop_vlan);

    check_push_pop(f_arp, push_vlan_8100, NULL, pe_pop_vlan);
    check_push_pop(f_qinq_udp6, push_vlan_8100, NULL, pe_pop_vlan);
    check_push_pop(f_mpls2, push_vlan_88a8, NULL, pe_pop_vlan);
    check_push_pop(f_pbb, push_vlan_8100, NULL, pe_pop_vlan);
}

static void
test_push_pop_mpls(void)
{
    struct frame e;

    /* 19_PUSH_MPLS: label 0, bottom of stack, TTL from IP. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x8847);
    fr_mpls(&e, 0, 0, true, 64);
    fr_ipv4(&e, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 4);
    fr_tcp(&e, 11111, 2222, 0x018, 4);
    fr_payload(&e, 33);
    fr_finish(&e);
    check_push_pop(f_tcp4, push_mpls_8847, &e, pop_mpls_ip);

    /* Over ARP: TTL 0. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x8847);
    fr_mpls(&e, 0, 0, true, 0);
    fr_arp(&e, 1, MAC_A, "192.168.10.10", MAC_B, "192.168.20.20");
    check_push_pop(f_arp, push_mpls_8847, &e, pop_mpls_arp);

    /* 19_PUSH_MPLS_multiple: a copy of the outermost, not the bottom. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x8847);
    fr_mpls(&e, 100, 3, false, 64);
    fr_mpls(&e, 100, 3, true, 64);
    fr_ipv4(&e, 0x20, 0, 32, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(&e, 11111, 2222, 0x010, 0);
    fr_payload(&e, 8);
    fr_finish(&e);
    check_push_pop(f_mpls_ipv4, push_mpls_8847, &e, pop_mpls_ip);

    /* After the VLAN tags; IPv6's hop limit. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x88a8);
    fr_vlan(&e, 3, 10, 0x8100);
    fr_vlan(&e, 1, 20, 0x8847);
    fr_mpls(&e, 0, 0, true, 64);
    fr_ipv6(&e, 0, 0, 17, 64, "10::10", "20::20");
    fr_udp(&e, 53, 5353);
    fr_payload(&e, 10);
    fr_finish(&e);
    check_push_pop(f_qinq_udp6, push_mpls_8847, &e, pop_mpls_ip);

    check_push_pop(f_mpls2, push_mpls_8847, NULL, pop_mpls_ip);
    check_push_pop(f_tcp6_ext, push_mpls_8847, NULL, pop_mpls_ip);
}

static void
test_push_pop_pbb(void)
{
    struct frame e;

    /* 26_PUSH_PBB: B-DA, B-SA copied, an I-TAG of zeros. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x88e7);
    fr_itag(&e, 0, 0);
    fr_eth(&e, MAC_B, MAC_A, 0x0800);
    fr_ipv4(&e, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 4);
    fr_tcp(&e, 11111, 2222, 0x018, 4);
    fr_payload(&e, 33);
    fr_finish(&e);
    check_push_pop(f_tcp4, push_pbb, &e, pe_pop_pbb);

    /* I-PCP from the VLAN tag's PCP. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x88e7);
    fr_itag(&e, 5, 0);
    fr_eth(&e, MAC_B, MAC_A, 0x8100);
    fr_vlan(&e, 5, 100, 0x0800);
    fr_ipv4(&e, 0x20, 0, 64, 6, "192.168.10.10", "192.168.20.20", 0);
    fr_tcp(&e, 11111, 2222, 0x018, 0);
    fr_payload(&e, 32);
    fr_finish(&e);
    check_push_pop(f_vlan_tcp4, push_pbb, &e, pe_pop_pbb);

    /* On PBB: the I-SID of the I-TAG that was outermost (and the B-tag's
     * PCP, 0 here).  pop_pbb removes the B-tag too. */
    check_push_pop(f_pbb, push_pbb, NULL, pe_pop_pbb);
    check_push_pop(f_arp, push_pbb, NULL, pe_pop_pbb);
    check_push_pop(f_mpls2, push_pbb, NULL, pe_pop_pbb);
    {
        struct dp_packet *p;
        struct flow flow;
        struct frame f;

        f_pbb(&f);
        p = fr_packet(&f, f.len, 0);
        flow_extract(p, &flow);
        CU_ASSERT_EQUAL(pe_push_pbb(p, &flow, 0x88e7), PE_OK);
        CU_ASSERT_EQUAL(flow.pbb_isid, 100);
        CU_ASSERT_EQUAL(rd16(p->data + 12), 0x88e7);
        CU_ASSERT_EQUAL(rd16(p->data + 16), 100);
        CU_ASSERT_EQUAL(memcmp(p->data + 18, f.b, f.len), 0);
        free_packet(p);
    }
}

static void
test_pop_reparse(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    /* 27_POP_PBB: the customer frame, B-tag and I-TAG gone. */
    f_pbb(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    flow.metadata = 77;
    CU_ASSERT_EQUAL(pe_pop_pbb(p, &flow), PE_REPARSE);
    CU_ASSERT_EQUAL(p->len, f.len - 22);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b + 22, p->len), 0);
    flow_reextract(p, &flow);
    CU_ASSERT_EQUAL(flow.metadata, 77);
    CU_ASSERT_EQUAL(flow.eth_type, 0x0800);
    CU_ASSERT_EQUAL(flow.vlan_vid, OFPVID_PRESENT | 10);
    CU_ASSERT_EQUAL(flow.tp_dst, 2222);
    free_packet(p);

    /* pop_mpls to IPv6, then an IPv6 action. */
    f_mpls_ipv6(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_pop_mpls(p, &flow, 0x86dd), PE_REPARSE);
    flow_reextract(p, &flow);
    CU_ASSERT_EQUAL(flow.eth_type, 0x86dd);
    CU_ASSERT_EQUAL(flow.ipv6_flabel, 100);
    CU_ASSERT_EQUAL(pe_set_nw_ttl(p, &flow, 32), PE_OK);
    CU_ASSERT_EQUAL(p->data[14 + 7], 32);
    check_key(p, &flow);
    free_packet(p);

    /* Edits on a stale key stay within the frame (AddressSanitizer). */
    f_mpls2(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_pop_mpls(p, &flow, 0x8847), PE_REPARSE);
    CU_ASSERT_EQUAL(pe_pop_mpls(p, &flow, 0x0800), PE_REPARSE);
    pe_copy_ttl_in(p, &flow);
    pe_copy_ttl_out(p, &flow);
    pe_dec_mpls_ttl(p, &flow);
    pe_push_mpls(p, &flow, 0x8847);
    flow_reextract(p, &flow);
    CU_ASSERT_EQUAL(flow.eth_type, 0x8847);
    free_packet(p);
}

/* The 50-byte ICMP echo of Ryu's tests, without the Ethernet header's
 * type: an IPv4 header, ICMP and 8 bytes of data. */
static void
fr_small_icmp4(struct frame *f)
{
    fr_ipv4(f, 0x20, 0, 64, 1, "192.168.10.10", "192.168.20.20", 0);
    fr_icmp(f, 1, 8, 0);
    fr_payload(f, 8);
    fr_finish(f);
}

/* Pops 'f' with 'pop' and asserts the frame becomes 'e' exactly, with the
 * key that flow_extract() finds in it. */
static void
check_pop_(const struct frame *f,
           unsigned int (*pop)(struct dp_packet *, struct flow *),
           const struct frame *e, const char *where)
{
    struct dp_packet *p = fr_packet(f, f->len, 64);
    struct flow flow;
    unsigned int r;

    flow_extract(p, &flow);
    r = pop(p, &flow);
    CU_ASSERT_TRUE(r == PE_OK || r == PE_REPARSE);
    if (r == PE_REPARSE) {
        flow_reextract(p, &flow);
    }
    if (p->len != e->len || memcmp(p->data, e->b, e->len)) {
        fprintf(stderr, "\n%s: popped frame is %"PRIu32" bytes, "
                "expected %zu\n", where, p->len, e->len);
        CU_FAIL("popped frame differs");
    }
    check_key_(p, &flow, where);
    free_packet(p);
}
#define check_pop(F, POP, E) check_pop_(F, POP, E, __func__)

static void
test_pop_pads(void)
{
    struct frame f, e;

    /* Ryu's match/19_ICMPV4_TYPE: ethernet/mpls/ipv4/icmp is 54 bytes and
     * 6 of padding; after pop_mpls it is ethernet/ipv4/icmp, 50 bytes and
     * 10 of padding, not 56 bytes. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x0800);
    fr_small_icmp4(&e);
    CU_ASSERT_EQUAL_FATAL(e.len, 50);
    fr_zeros(&e, 10);

    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x8847);
    fr_mpls(&f, 100, 3, true, 64);
    fr_small_icmp4(&f);
    fr_zeros(&f, 6);
    check_pop(&f, pop_mpls_ip, &e);

    /* pop_vlan likewise. */
    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x8100);
    fr_vlan(&f, 0, 10, 0x0800);
    fr_small_icmp4(&f);
    fr_zeros(&f, 6);
    check_pop(&f, pe_pop_vlan, &e);

    /* pop_pbb of a customer frame without padding (68 bytes in all). */
    fr_init(&f);
    fr_eth(&f, "00:00:00:00:00:0b", "00:00:00:00:00:0a", 0x88e7);
    fr_itag(&f, 0, 100);
    fr_eth(&f, MAC_B, MAC_A, 0x0800);
    fr_small_icmp4(&f);
    check_pop(&f, pe_pop_pbb, &e);

    /* A frame that was already short is not made longer: 46 -> 42. */
    f_arp(&e);
    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x8100);
    fr_vlan(&f, 0, 10, 0x0806);
    fr_arp(&f, 1, MAC_A, "192.168.10.10", MAC_B, "192.168.20.20");
    check_pop(&f, pe_pop_vlan, &e);

    /* Nor one that stays long enough: 64 -> 60, no padding added. */
    fr_init(&e);
    fr_eth(&e, MAC_B, MAC_A, 0x0800);
    fr_small_icmp4(&e);
    fr_zeros(&e, 10);
    fr_init(&f);
    fr_eth(&f, MAC_B, MAC_A, 0x8100);
    fr_vlan(&f, 0, 10, 0x0800);
    fr_small_icmp4(&f);
    fr_zeros(&f, 10);
    check_pop(&f, pe_pop_vlan, &e);
}

static void
test_no_room(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    f_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    /* No headroom, no tailroom. */
    memmove(p->base, p->data, p->len);
    p->data = p->base;
    p->allocated = p->len;
    CU_ASSERT_EQUAL(pe_push_vlan(p, &flow, 0x8100), PE_NO_ROOM);
    CU_ASSERT_EQUAL(pe_push_mpls(p, &flow, 0x8847), PE_NO_ROOM);
    CU_ASSERT_EQUAL(pe_push_pbb(p, &flow, 0x88e7), PE_NO_ROOM);
    CU_ASSERT_EQUAL(p->len, f.len);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    check_key(p, &flow);
    free_packet(p);
}

/* ---- TTL ---- */

static void
test_nw_ttl(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    /* 23_SET_NW_TTL_IPv4, 24_DEC_NW_TTL_IPv4. */
    f_vlan_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_set_nw_ttl(p, &flow, 32), PE_OK);
    CU_ASSERT_EQUAL(p->data[18 + 8], 32);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[18 + 8], 31);
    CU_ASSERT_EQUAL(flow.nw_ttl, 31);
    check_csums(p, -1);
    check_key(p, &flow);

    /* To 0: invalid (5.12); at 0: invalid, unchanged. */
    pe_set_nw_ttl(p, &flow, 1);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_INVALID_TTL);
    CU_ASSERT_EQUAL(p->data[18 + 8], 0);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_INVALID_TTL);
    CU_ASSERT_EQUAL(p->data[18 + 8], 0);
    check_csums(p, -1);
    check_key(p, &flow);
    free_packet(p);

    /* IPv6 hop limit. */
    f_tcp6_ext(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[14 + 7], 63);
    CU_ASSERT_EQUAL(pe_set_nw_ttl(p, &flow, 1), PE_OK);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_INVALID_TTL);
    CU_ASSERT_EQUAL(p->data[14 + 7], 0);
    check_key(p, &flow);
    free_packet(p);

    /* Not IP. */
    f_arp(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_set_nw_ttl(p, &flow, 5), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_dec_mpls_ttl(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(memcmp(p->data, f.b, f.len), 0);
    free_packet(p);
}

static void
test_mpls_ttl(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    /* 15_SET_MPLS_TTL, 16_DEC_MPLS_TTL. */
    f_mpls_ipv4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_set_mpls_ttl(p, &flow, 127), PE_OK);
    CU_ASSERT_EQUAL(p->data[17], 127);
    CU_ASSERT_EQUAL(pe_dec_mpls_ttl(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[17], 126);
    CU_ASSERT_EQUAL(flow.mpls_ttl, 126);
    check_key(p, &flow);
    pe_set_mpls_ttl(p, &flow, 1);
    CU_ASSERT_EQUAL(pe_dec_mpls_ttl(p, &flow), PE_INVALID_TTL);
    CU_ASSERT_EQUAL(p->data[17], 0);
    CU_ASSERT_EQUAL(pe_dec_mpls_ttl(p, &flow), PE_INVALID_TTL);
    CU_ASSERT_EQUAL(p->data[17], 0);
    /* The IP TTL under it is not OpenFlow's to see. */
    CU_ASSERT_EQUAL(pe_dec_nw_ttl(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(p->data[18 + 8], 32);
    check_key(p, &flow);
    free_packet(p);
}

static void
test_copy_ttl(void)
{
    struct dp_packet *p;
    struct flow flow;
    struct frame f;

    /* 11_COPY_TTL_OUT: IP (32) to MPLS (64). */
    f_mpls_ipv4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[17], 32);
    CU_ASSERT_EQUAL(flow.mpls_ttl, 32);
    check_key(p, &flow);
    free_packet(p);

    /* 12_COPY_TTL_IN: MPLS (64) to IP (32), with its checksum. */
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[18 + 8], 64);
    CU_ASSERT_EQUAL(ref_csum(0, p->data + 18, 20), 0);
    check_key(p, &flow);
    free_packet(p);

    /* The same with IPv6. */
    f_mpls_ipv6(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[17], 32);
    pe_set_mpls_ttl(p, &flow, 99);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[18 + 7], 99);
    free_packet(p);

    /* MPLS to MPLS. */
    f_mpls2(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[17], 9);
    CU_ASSERT_EQUAL(flow.mpls_ttl, 9);
    pe_set_mpls_ttl(p, &flow, 200);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[21], 200);
    CU_ASSERT_EQUAL(p->data[22 + 8], 32);
    check_key(p, &flow);
    free_packet(p);

    /* IP in IP, both ways, with both checksums. */
    f_ipip(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[34 + 8], 50);
    CU_ASSERT_EQUAL(ref_csum(0, p->data + 34, 20), 0);
    pe_set_nw_ttl(p, &flow, 70);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[34 + 8], 70);
    p->data[34 + 8] = 20;
    wr16(p->data + 34 + 10, 0);
    wr16(p->data + 34 + 10, ref_csum(0, p->data + 34, 20));
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_OK);
    CU_ASSERT_EQUAL(p->data[14 + 8], 20);
    CU_ASSERT_EQUAL(flow.nw_ttl, 20);
    check_csums(p, -1);
    check_key(p, &flow);
    free_packet(p);

    /* Nothing inside. */
    f_tcp4(&f);
    p = fr_packet(&f, f.len, 0);
    flow_extract(p, &flow);
    CU_ASSERT_EQUAL(pe_copy_ttl_out(p, &flow), PE_SKIPPED);
    CU_ASSERT_EQUAL(pe_copy_ttl_in(p, &flow), PE_SKIPPED);
    free_packet(p);
}

/* ---- Random sequences ---- */

/* Random edits of random (and randomly cut) frames: the key stays in step
 * with the frame after every edit that says so, and nothing reads or
 * writes outside the frame (AddressSanitizer). */
static void
test_random_edits(void)
{
    srand(4242);
    for (int iter = 0; iter < 4000; iter++) {
        struct dp_packet *p;
        struct flow flow;
        struct frame f;
        size_t n;

        frames[rand() % ARRAY_SIZE(frames)].build(&f);
        n = rand() % 4 ? f.len : rand() % (f.len + 1);
        p = fr_packet(&f, n, rand() % 2 ? 0 : 64);
        if (rand() % 4 == 0) {
            /* No headroom either. */
            memmove(p->base, p->data, p->len);
            p->data = p->base;
        }
        flow_extract(p, &flow);
        for (int step = 0; step < 8; step++) {
            unsigned int r = 0;
            union of_value v;

            switch (rand() % 13) {
            case 0:
            case 1:
            case 2: {
                int field = rand() % OF_N_FIELDS;

                memset(&v, 0, sizeof v);
                for (size_t k = 0; k < sizeof v; k++) {
                    v.bytes[k] = rand();
                }
                r = pe_set_field(p, &flow, field, &v);
                break;
            }
            case 3:
                r = pe_push_vlan(p, &flow, rand() % 2 ? 0x8100 : 0x88a8);
                break;
            case 4:
                r = pe_pop_vlan(p, &flow);
                break;
            case 5:
                r = pe_push_mpls(p, &flow, rand() % 2 ? 0x8847 : 0x8848);
                break;
            case 6:
                r = pe_pop_mpls(p, &flow,
                                (uint16_t[]) { 0x0800, 0x86dd, 0x8847,
                                               0x0806 }[rand() % 4]);
                break;
            case 7:
                r = pe_push_pbb(p, &flow, 0x88e7);
                break;
            case 8:
                r = pe_pop_pbb(p, &flow);
                break;
            case 9:
                r = rand() % 2 ? pe_dec_nw_ttl(p, &flow)
                               : pe_set_nw_ttl(p, &flow, rand());
                break;
            case 10:
                r = rand() % 2 ? pe_dec_mpls_ttl(p, &flow)
                               : pe_set_mpls_ttl(p, &flow, rand());
                break;
            case 11:
                r = pe_copy_ttl_out(p, &flow);
                break;
            case 12:
                r = pe_copy_ttl_in(p, &flow);
                break;
            }
            CU_ASSERT_TRUE(p->len <= p->allocated);
            if (r & PE_REPARSE) {
                flow_reextract(p, &flow);
            } else {
                check_key(p, &flow);
            }
        }
        free_packet(p);
    }
}

static CU_TestInfo tests[] = {
    { "set every field", test_set_every_field },
    { "not settable", test_not_settable },
    { "set_field on absent headers", test_set_field_absent },
    { "set_field details", test_set_field_details },
    { "partial checksum", test_partial_csum },
    { "gso super-frame", test_gso },
    { "push and pop vlan", test_push_pop_vlan },
    { "push and pop mpls", test_push_pop_mpls },
    { "push and pop pbb", test_push_pop_pbb },
    { "pop needs reparse", test_pop_reparse },
    { "pop keeps 60 bytes", test_pop_pads },
    { "no room", test_no_room },
    { "nw ttl", test_nw_ttl },
    { "mpls ttl", test_mpls_ttl },
    { "copy ttl", test_copy_ttl },
    { "random edits", test_random_edits },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("packet-edit", tests);
