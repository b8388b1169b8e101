#include "switch/flow-compose.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"
#include "switch/flow.h"
#include "switch/packet.h"

#define MIN_FRAME 60

static void
put_bytes(uint8_t **pp, const void *data, size_t n)
{
    memcpy(*pp, data, n);
    *pp += n;
}

static void
put16(uint8_t **pp, uint16_t v)
{
    ofp_put_be16(*pp, v);
    *pp += 2;
}

static void
put32(uint8_t **pp, uint32_t v)
{
    ofp_put_be32(*pp, v);
    *pp += 4;
}

/* The transport header for 'f' at 'l4'; returns its length. */
static size_t
put_l4(const struct flow *f, uint8_t *l4, bool ipv6)
{
    uint8_t *p = l4;

    switch (f->ip_proto) {
    case 6:                     /* TCP: 20 bytes, data offset 5. */
        put16(&p, f->tp_src);
        put16(&p, f->tp_dst);
        put32(&p, 1);
        put32(&p, 0);
        put16(&p, (5 << 12) | (f->tcp_flags & 0x0fff));
        put16(&p, 65535);
        put32(&p, 0);           /* Checksum, urgent pointer. */
        return p - l4;
    case 17:                    /* UDP. */
        put16(&p, f->tp_src);
        put16(&p, f->tp_dst);
        put16(&p, 8);
        put16(&p, 0);
        return p - l4;
    case 132:                   /* SCTP common header. */
        put16(&p, f->tp_src);
        put16(&p, f->tp_dst);
        put32(&p, 0);
        put32(&p, 0);
        return p - l4;
    case 1:
        if (ipv6) {
            return 0;
        }
        *p++ = f->icmp_type;
        *p++ = f->icmp_code;
        put16(&p, 0);
        put32(&p, 0);
        return p - l4;
    case 58:
        if (!ipv6) {
            return 0;
        }
        *p++ = f->icmp_type;
        *p++ = f->icmp_code;
        put16(&p, 0);
        put32(&p, 0);
        if (f->icmp_type == 135 || f->icmp_type == 136) {
            static const uint8_t zero[6];
            const uint8_t *lla = f->icmp_type == 135 ? f->arp_sha
                                                     : f->arp_tha;

            put_bytes(&p, f->nd_target, 16);
            if (memcmp(lla, zero, 6)) {
                *p++ = f->icmp_type == 135 ? 1 : 2;    /* SLL, TLL. */
                *p++ = 1;                               /* 8 bytes. */
                put_bytes(&p, lla, 6);
            }
        }
        return p - l4;
    default:
        return 0;
    }
}

/* Fills in the checksum of the transport header at 'l4' ('len' bytes,
 * IPv4 or IPv6 pseudo-header from 'f'). */
static void
l4_csum(const struct flow *f, uint8_t *l4, size_t len, bool ipv6)
{
    uint8_t pseudo[40];
    size_t plen;
    uint64_t sum;
    uint16_t csum;
    int ofs;

    switch (f->ip_proto) {
    case 6:
        ofs = 16;
        break;
    case 17:
        ofs = 6;
        break;
    case 1:
        ofs = 2;
        break;
    case 58:
        ofs = 2;
        break;
    case 132:
        packet_sctp_csum_set(l4, len);
        return;
    default:
        return;
    }
    if (f->ip_proto == 1) {
        ofp_put_be16(l4 + ofs, packet_csum(l4, len));
        return;
    }
    if (ipv6) {
        memcpy(pseudo, f->ipv6_src, 16);
        memcpy(pseudo + 16, f->ipv6_dst, 16);
        ofp_put_be32(pseudo + 32, len);
        ofp_put_be32(pseudo + 36, f->ip_proto);
        plen = 40;
    } else {
        ofp_put_be32(pseudo, f->nw_src);
        ofp_put_be32(pseudo + 4, f->nw_dst);
        pseudo[8] = 0;
        pseudo[9] = f->ip_proto;
        ofp_put_be16(pseudo + 10, len);
        plen = 12;
    }
    sum = packet_csum_add(0, pseudo, plen);
    sum = packet_csum_add(sum, l4, len);
    csum = ~packet_csum_fold(sum);
    if (!csum && f->ip_proto == 17) {
        /* RFC 768: a computed 0 is sent as all ones. */
        csum = 0xffff;
    }
    ofp_put_be16(l4 + ofs, csum);
}

void
flow_compose(const struct flow *f, struct dp_packet *p)
{
    uint8_t frame[256];
    uint8_t *q = frame, *l3, *l4;
    size_t len;

    memset(frame, 0, sizeof frame);
    put_bytes(&q, f->eth_dst, 6);
    put_bytes(&q, f->eth_src, 6);
    if (f->vlan_vid & 0x1000) {
        put16(&q, 0x8100);
        put16(&q, (f->vlan_pcp << 13) | (f->vlan_vid & 0x0fff));
    }
    put16(&q, f->eth_type);
    l3 = q;

    switch (f->eth_type) {
    case 0x0806:
        put16(&q, 1);
        put16(&q, 0x0800);
        *q++ = 6;
        *q++ = 4;
        put16(&q, f->arp_op);
        put_bytes(&q, f->arp_sha, 6);
        put32(&q, f->nw_src);
        put_bytes(&q, f->arp_tha, 6);
        put32(&q, f->nw_dst);
        break;
    case 0x0800:
        q += 20;
        l4 = q;
        len = put_l4(f, l4, false);
        q += len;
        l3[0] = 0x45;
        l3[1] = (f->ip_dscp << 2) | f->ip_ecn;
        ofp_put_be16(l3 + 2, 20 + len);
        l3[8] = f->nw_ttl ? f->nw_ttl : 64;
        l3[9] = f->ip_proto;
        ofp_put_be32(l3 + 12, f->nw_src);
        ofp_put_be32(l3 + 16, f->nw_dst);
        ofp_put_be16(l3 + 10, packet_csum(l3, 20));
        l4_csum(f, l4, len, false);
        break;
    case 0x86dd:
        q += 40;
        l4 = q;
        len = put_l4(f, l4, true);
        q += len;
        ofp_put_be32(l3, (6u << 28) | ((uint32_t) f->ip_dscp << 22)
                     | ((uint32_t) f->ip_ecn << 20)
                     | (f->ipv6_flabel & 0xfffff));
        ofp_put_be16(l3 + 4, len);
        l3[6] = f->ip_proto;
        l3[7] = f->nw_ttl ? f->nw_ttl : 64;
        memcpy(l3 + 8, f->ipv6_src, 16);
        memcpy(l3 + 24, f->ipv6_dst, 16);
        l4_csum(f, l4, len, true);
        break;
    case 0x8847:
    case 0x8848:
        put32(&q, (f->mpls_label << 12) | ((uint32_t) f->mpls_tc << 9)
              | ((uint32_t) f->mpls_bos << 8)
              | (f->mpls_ttl ? f->mpls_ttl : 64));
        break;
    default:
        break;
    }
    len = q - frame;
    if (len < MIN_FRAME) {
        len = MIN_FRAME;
    }
    packet_set_frame(p, frame, len);
    p->in_port = f->in_port;
}

static int
hexval(int c)
{
    return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

char *
flow_compose_parse(const char *s, struct dp_packet *p)
{
    const char *packet = strstr(s, "packet=");

    if (packet) {
        const char *in_port = strstr(s, "in_port=");
        struct ofpbuf frame = OFPBUF_INITIALIZER;
        uint64_t port = 0;
        char *error = NULL;
        const char *h;

        if (in_port) {
            char *copy = xstrdup(in_port + 8);

            copy[strcspn(copy, ",")] = '\0';
            error = of_parse_number("in_port", copy, UINT32_MAX, &port);
            free(copy);
        }
        for (h = packet + 7; !error && *h && *h != ','; h += 2) {
            if (!isxdigit((unsigned char) h[0])
                || !isxdigit((unsigned char) h[1])) {
                error = xasprintf("packet: '%s' is not hex", packet + 7);
                break;
            }
            ofpbuf_put_u8(&frame, hexval(h[0]) << 4 | hexval(h[1]));
        }
        if (!error && (frame.size < 14 || frame.size > PACKET_MAX_LEN)) {
            error = xasprintf("packet: %zu bytes is not an Ethernet frame",
                              frame.size);
        }
        if (!error) {
            packet_set_frame(p, frame.data, frame.size);
            p->in_port = port;
        }
        ofpbuf_uninit(&frame);
        return error;
    } else {
        struct of_flow_stats_request req;
        struct flow value, mask;
        char *error = of_flow_stats_request_parse(&req, s);

        if (error) {
            return error;
        }
        flow_from_match(&req.match, &value, &mask);
        flow_compose(&value, p);
        return NULL;
    }
}
