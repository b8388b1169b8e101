#include "switch/packet.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "ofproto/util.h"

static inline uint16_t
get_be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static inline uint32_t
get_be32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static inline void
put_be16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static inline void
put_be32(uint8_t *p, uint32_t x)
{
    p[0] = x >> 24;
    p[1] = x >> 16;
    p[2] = x >> 8;
    p[3] = x;
}

/* ---- Create and destroy ---- */

void
packet_init(struct dp_packet *p, uint8_t *base, uint32_t allocated)
{
    memset(p, 0, sizeof *p);
    p->base = base;
    p->allocated = allocated;
    p->data = base + MIN(PACKET_HEADROOM, allocated);
    p->len = 0;
    packet_reset_offsets(p);
}

bool
packet_set_frame(struct dp_packet *p, const void *frame, size_t len)
{
    if (p->allocated < PACKET_HEADROOM
        || len > p->allocated - PACKET_HEADROOM) {
        return false;
    }
    p->data = p->base + PACKET_HEADROOM;
    memcpy(p->data, frame, len);
    p->len = len;
    memset(&p->offload, 0, sizeof p->offload);
    memset(&p->tunnel, 0, sizeof p->tunnel);
    packet_reset_offsets(p);
    return true;
}

bool
packet_copy(struct dp_packet *dst, const struct dp_packet *src)
{
    if (dst->allocated < PACKET_HEADROOM
        || src->len > dst->allocated - PACKET_HEADROOM) {
        return false;
    }
    dst->data = dst->base + PACKET_HEADROOM;
    memcpy(dst->data, src->data, src->len);
    dst->len = src->len;
    dst->in_port = src->in_port;
    dst->tunnel = src->tunnel;
    dst->queue = src->queue;
    dst->tx_priority = src->tx_priority;
    dst->offload = src->offload;
    dst->l2_5_ofs = src->l2_5_ofs;
    dst->l3_ofs = src->l3_ofs;
    dst->l4_ofs = src->l4_ofs;
    return true;
}

/* ---- Headers ---- */

static void
ofs_after_push(uint16_t *x, size_t ofs, size_t n)
{
    if (*x != PACKET_OFS_NONE && *x >= ofs) {
        *x = *x + n < PACKET_OFS_NONE ? *x + n : PACKET_OFS_NONE;
    }
}

void *
packet_push(struct dp_packet *p, size_t ofs, size_t n)
{
    struct packet_offload *o = &p->offload;

    if (ofs > p->len) {
        return NULL;
    }
    if (packet_headroom(p) >= n) {
        memmove(p->data - n, p->data, ofs);
        p->data -= n;
    } else if (packet_tailroom(p) >= n) {
        memmove(p->data + ofs + n, p->data + ofs, p->len - ofs);
    } else {
        return NULL;
    }
    p->len += n;

    ofs_after_push(&p->l2_5_ofs, ofs, n);
    ofs_after_push(&p->l3_ofs, ofs, n);
    ofs_after_push(&p->l4_ofs, ofs, n);
    if (o->csum_partial || packet_is_gso(p)) {
        if (o->csum_start >= ofs) {
            o->csum_start += n;
        }
        if (o->hdr_len > ofs) {
            o->hdr_len += n;
        }
    }
    return p->data + ofs;
}

static void
ofs_after_pull(uint16_t *x, size_t ofs, size_t n)
{
    if (*x != PACKET_OFS_NONE && *x >= ofs) {
        *x = *x >= ofs + n ? *x - n : ofs;
    }
}

void
packet_pull(struct dp_packet *p, size_t ofs, size_t n)
{
    struct packet_offload *o = &p->offload;

    if (ofs > p->len || n > p->len - ofs) {
        of_abort("packet_pull: %zu bytes at %zu of a %"PRIu32"-byte frame",
                 n, ofs, p->len);
    }
    memmove(p->data + n, p->data, ofs);
    p->data += n;
    p->len -= n;

    ofs_after_pull(&p->l2_5_ofs, ofs, n);
    ofs_after_pull(&p->l3_ofs, ofs, n);
    ofs_after_pull(&p->l4_ofs, ofs, n);
    if (o->csum_partial || packet_is_gso(p)) {
        ofs_after_pull(&o->csum_start, ofs, n);
        if (o->hdr_len > ofs) {
            o->hdr_len = o->hdr_len >= ofs + n ? o->hdr_len - n : ofs;
        }
    }
}

/* ---- Checksums ----
 *
 * Sums are taken over the bytes as they lie in memory, read as native
 * 16-bit (or 32-bit) words.  One's complement addition is the same in
 * either byte order as long as everything uses the same one (RFC 1071,
 * section 2(B)), so the folded result, read back as a big-endian word
 * (ntohs), is the sum in host order. */

static inline uint32_t
load32(const uint8_t *p)
{
    uint32_t x;

    memcpy(&x, p, sizeof x);
    return x;
}

static inline uint16_t
load16(const uint8_t *p)
{
    uint16_t x;

    memcpy(&x, p, sizeof x);
    return x;
}

uint64_t
packet_csum_add(uint64_t sum, const void *data_, size_t n)
{
    const uint8_t *d = data_;

    while (n >= 32) {
        sum += (uint64_t) load32(d) + load32(d + 4) + load32(d + 8)
               + load32(d + 12);
        sum += (uint64_t) load32(d + 16) + load32(d + 20) + load32(d + 24)
               + load32(d + 28);
        d += 32;
        n -= 32;
    }
    while (n >= 4) {
        sum += load32(d);
        d += 4;
        n -= 4;
    }
    if (n >= 2) {
        sum += load16(d);
        d += 2;
        n -= 2;
    }
    if (n) {
        uint8_t last[2] = { d[0], 0 };

        sum += load16(last);
    }
    return sum;
}

/* Folds to 16 bits in the byte order of the sum (memory order). */
static uint16_t
fold(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

uint16_t
packet_csum_fold(uint64_t sum)
{
    return ntohs(fold(sum));
}

uint16_t
packet_csum(const void *data, size_t n)
{
    return ~packet_csum_fold(packet_csum_add(0, data, n));
}

void
packet_csum_update(void *csum, const void *old_, const void *new_, size_t n)
{
    const uint8_t *old = old_;
    const uint8_t *new = new_;
    uint16_t c;
    uint64_t sum;

    memcpy(&c, csum, sizeof c);
    sum = (uint16_t) ~c;
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint16_t) ~load16(old + i);
        sum += load16(new + i);
    }
    c = ~fold(sum);
    memcpy(csum, &c, sizeof c);
}

void
packet_csum_update16(void *csum, uint16_t old_, uint16_t new_)
{
    packet_csum_update(csum, &old_, &new_, sizeof old_);
}

void
packet_csum_update32(void *csum, uint32_t old_, uint32_t new_)
{
    packet_csum_update(csum, &old_, &new_, sizeof old_);
}

/* CRC32c, reflected, polynomial 0x1EDC6F41 (0x82F63B78 reversed). */
static uint32_t crc32c_table[256];

static void crc32c_init(void) __attribute__((constructor));
static void
crc32c_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int k = 0; k < 8; k++) {
            c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
        }
        crc32c_table[i] = c;
    }
}

uint32_t
packet_crc32c(uint32_t crc, const void *data_, size_t n)
{
    const uint8_t *d = data_;

    crc = ~crc;
    while (n--) {
        crc = crc32c_table[(crc ^ *d++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

void
packet_sctp_csum_set(void *sctp_, size_t n)
{
    uint8_t *sctp = sctp_;
    uint32_t crc;

    if (n < 12) {
        return;
    }
    memset(sctp + 8, 0, 4);
    crc = packet_crc32c(0, sctp, n);
    /* Stored least significant byte first (RFC 4960, appendix B). */
    sctp[8] = crc;
    sctp[9] = crc >> 8;
    sctp[10] = crc >> 16;
    sctp[11] = crc >> 24;
}

/* The partial checksum at offset 8 of the transport header is SCTP's: TCP
 * keeps its checksum at 16, UDP and DCCP at 6, ICMP at 2. */
#define SCTP_CSUM_OFFSET 8

void
packet_csum_complete(struct dp_packet *p)
{
    const struct packet_offload *o = &p->offload;
    size_t start = o->csum_start;
    size_t field = start + o->csum_offset;

    if (!o->csum_partial || packet_is_gso(p)) {
        return;
    }
    if (o->csum_offset == SCTP_CSUM_OFFSET) {
        if (field + 4 > p->len) {
            return;
        }
        packet_sctp_csum_set(p->data + start, p->len - start);
    } else {
        uint16_t c;

        if (field + 2 > p->len) {
            return;
        }
        /* The field holds the pseudo-header sum, which the sum over the
         * bytes from 'csum_start' includes. */
        c = packet_csum(p->data + start, p->len - start);
        if (!c) {
            c = 0xffff;         /* UDP's "no checksum" is 0: send -0. */
        }
        put_be16(p->data + field, c);
    }
    p->offload.csum_partial = false;
}

/* ---- GSO segmentation ---- */

#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define TCP_CWR 0x80

/* The offset of the IP header of the frame in 'p', found by walking the
 * Ethernet header, VLAN tags, PBB (I-TAG, then the customer's addresses
 * and type) and MPLS (to the bottom of the stack), or PACKET_OFS_NONE. */
static size_t
find_l3(const struct dp_packet *p)
{
    const uint8_t *d = p->data;
    size_t o = 12;

    while (o + 2 <= p->len) {
        uint16_t type = get_be16(d + o);

        if (eth_type_is_vlan(type)) {
            o += VLAN_HEADER_LEN;
        } else if (type == ETH_TYPE_PBB) {
            o += 2 + PBB_ITAG_LEN + 2 * ETH_ADDR_LEN;
        } else if (eth_type_is_mpls(type)) {
            for (o += 2; o + MPLS_HEADER_LEN <= p->len;
                 o += MPLS_HEADER_LEN) {
                if (d[o + 2] & 1) {
                    return o + MPLS_HEADER_LEN;
                }
            }
            return PACKET_OFS_NONE;
        } else if (type == ETH_TYPE_IPV4 || type == ETH_TYPE_IPV6) {
            return o + 2;
        } else {
            return PACKET_OFS_NONE;
        }
    }
    return PACKET_OFS_NONE;
}

bool
packet_seg_init(struct packet_seg *s, const struct dp_packet *p)
{
    const uint8_t *d = p->data;
    uint8_t gso = p->offload.gso_type & ~PACKET_GSO_ECN;
    size_t l3 = p->l3_ofs;
    size_t l4, end;
    uint32_t payload;

    memset(s, 0, sizeof *s);
    s->p = p;
    if (p->len > PACKET_MAX_LEN) {
        return false;
    }
    if (gso == PACKET_GSO_NONE || !p->offload.gso_size) {
        /* Not a super-frame: one copy, completed. */
        s->n_segs = 1;
        return true;
    }
    if (gso != PACKET_GSO_TCPV4 && gso != PACKET_GSO_TCPV6
        && gso != PACKET_GSO_UDP_L4) {
        return false;
    }
    if (l3 == PACKET_OFS_NONE) {
        l3 = find_l3(p);
    }
    if (l3 >= p->len) {
        return false;
    }

    end = p->len;
    if (d[l3] >> 4 == 4 && gso != PACKET_GSO_TCPV6) {
        size_t ihl = (d[l3] & 0xf) * 4;
        size_t tot;

        if (l3 + 20 > p->len || ihl < 20 || l3 + ihl > p->len) {
            return false;
        }
        tot = get_be16(d + l3 + 2);
        if (tot >= ihl && l3 + tot <= p->len) {
            end = l3 + tot;
        }
        s->ipv4 = true;
        s->ip_id = get_be16(d + l3 + 4);
        if (d[l3 + 9] != (gso == PACKET_GSO_UDP_L4
                          ? IPPROTO_UDP_ : IPPROTO_TCP_)) {
            return false;
        }
    } else if (d[l3] >> 4 == 6 && gso != PACKET_GSO_TCPV4) {
        size_t plen;

        if (l3 + 40 > p->len) {
            return false;
        }
        plen = get_be16(d + l3 + 4);
        if (plen && l3 + 40 + plen <= p->len) {
            end = l3 + 40 + plen;
        }
    } else {
        return false;
    }

    l4 = (p->l4_ofs != PACKET_OFS_NONE ? p->l4_ofs
          : p->offload.csum_partial ? p->offload.csum_start
          : PACKET_OFS_NONE);
    if (l4 == PACKET_OFS_NONE || l4 < l3 + 20 || l4 >= end) {
        return false;
    }
    if (gso == PACKET_GSO_UDP_L4) {
        if (l4 + 8 > end) {
            return false;
        }
        s->l4_proto = IPPROTO_UDP_;
        s->hdr_len = l4 + 8;
    } else {
        size_t doff;

        if (l4 + 20 > end) {
            return false;
        }
        doff = (d[l4 + 12] >> 4) * 4;
        if (doff < 20 || l4 + doff > end) {
            return false;
        }
        s->l4_proto = IPPROTO_TCP_;
        s->hdr_len = l4 + doff;
        s->seq = get_be32(d + l4 + 4);
    }

    s->l3_ofs = l3;
    s->l4_ofs = l4;
    s->next = s->hdr_len;
    s->end = end;
    s->mss = p->offload.gso_size;
    payload = end - s->hdr_len;
    s->n_segs = payload ? (payload + s->mss - 1) / s->mss : 1;
    return true;
}

size_t
packet_seg_count(const struct packet_seg *s)
{
    return s->n_segs;
}

size_t
packet_seg_max_len(const struct packet_seg *s)
{
    return s->l4_proto ? s->hdr_len + MIN(s->mss, s->end - s->hdr_len)
                       : s->p->len;
}

bool
packet_seg_done(const struct packet_seg *s)
{
    return s->index >= s->n_segs;
}

/* The one's complement sum of the pseudo-header (RFC 793, RFC 8200 section
 * 8.1) of a transport segment of 'len' bytes. */
static uint64_t
pseudo_sum(const uint8_t *ip, bool ipv4, uint8_t proto, uint32_t len)
{
    uint8_t tail[8] = { 0 };
    uint64_t sum;

    if (ipv4) {
        sum = packet_csum_add(0, ip + 12, 8);
        tail[1] = proto;
        put_be16(tail + 2, len);
        return packet_csum_add(sum, tail, 4);
    }
    sum = packet_csum_add(0, ip + 8, 32);
    put_be32(tail, len);
    tail[7] = proto;
    return packet_csum_add(sum, tail, 8);
}

static void
seg_fix(const struct packet_seg *s, uint8_t *d, size_t len, bool last)
{
    uint8_t *ip = d + s->l3_ofs;
    uint8_t *l4 = d + s->l4_ofs;
    size_t l4_len = len - s->l4_ofs;
    uint16_t c;
    uint64_t sum;

    if (s->ipv4) {
        size_t ihl = (ip[0] & 0xf) * 4;

        put_be16(ip + 2, len - s->l3_ofs);
        put_be16(ip + 4, s->ip_id + s->index);
        memset(ip + 10, 0, 2);
        put_be16(ip + 10, packet_csum(ip, ihl));
    } else {
        put_be16(ip + 4, len - s->l3_ofs - 40);
    }

    if (s->l4_proto == IPPROTO_TCP_) {
        put_be32(l4 + 4, s->seq + (s->next - s->hdr_len));
        if (!last) {
            l4[13] &= ~(TCP_FIN | TCP_PSH);
        }
        if (s->index) {
            l4[13] &= ~TCP_CWR;
        }
        memset(l4 + 16, 0, 2);
        sum = pseudo_sum(ip, s->ipv4, IPPROTO_TCP_, l4_len);
        put_be16(l4 + 16,
                 ~packet_csum_fold(packet_csum_add(sum, l4, l4_len)));
    } else {
        put_be16(l4 + 4, l4_len);
        memset(l4 + 6, 0, 2);
        sum = pseudo_sum(ip, s->ipv4, IPPROTO_UDP_, l4_len);
        c = ~packet_csum_fold(packet_csum_add(sum, l4, l4_len));
        put_be16(l4 + 6, c ? c : 0xffff);
    }
}

size_t
packet_seg_next(struct packet_seg *s, struct dp_packet *const out[],
                size_t n)
{
    const struct dp_packet *p = s->p;
    size_t i;

    for (i = 0; i < n && !packet_seg_done(s); i++) {
        struct dp_packet *o = out[i];
        size_t chunk, len;
        bool last;

        if (!s->l4_proto) {
            if (!packet_copy(o, p)) {
                break;
            }
            packet_csum_complete(o);
            memset(&o->offload, 0, sizeof o->offload);
            s->index++;
            continue;
        }

        chunk = MIN(s->mss, s->end - s->next);
        len = s->hdr_len + chunk;
        if (o->allocated < PACKET_HEADROOM
            || len > o->allocated - PACKET_HEADROOM) {
            break;
        }
        o->data = o->base + PACKET_HEADROOM;
        memcpy(o->data, p->data, s->hdr_len);
        memcpy(o->data + s->hdr_len, p->data + s->next, chunk);
        o->len = len;
        o->in_port = p->in_port;
        memset(&o->offload, 0, sizeof o->offload);
        o->l2_5_ofs = p->l2_5_ofs;
        o->l3_ofs = p->l3_ofs;
        o->l4_ofs = p->l4_ofs;

        last = s->next + chunk >= s->end;
        seg_fix(s, o->data, len, last);
        s->next += chunk;
        s->index++;
    }
    return i;
}
