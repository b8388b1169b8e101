#include "switch/packet.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"
#include "tests/unit/unit.h"

/* ---- Independent references ---- */

/* RFC 1071 over big-endian 16-bit words, one byte at a time: an
 * implementation that shares nothing with packet.c's. */
static uint32_t
ref_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    return sum;
}

static uint16_t
ref_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* True if the checksummed data (including its checksum field) sums to
 * all-ones. */
static bool
ref_csum_ok(uint32_t sum, const uint8_t *p, size_t n)
{
    return ref_fold(ref_sum(sum, p, n)) == 0xffff;
}

static uint32_t
ref_pseudo(const uint8_t *ip, bool ipv4, uint8_t proto, uint32_t len)
{
    if (ipv4) {
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

static uint16_t
be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static void
put32(uint8_t *p, uint32_t x)
{
    put16(p, x >> 16);
    put16(p + 2, x);
}

/* A packet on a heap buffer of exactly PACKET_HEADROOM + 'room' bytes, so
 * that AddressSanitizer catches any access past it. */
static struct dp_packet *
new_packet(size_t room)
{
    struct dp_packet *p = xzalloc(sizeof *p);

    packet_init(p, xmalloc(PACKET_HEADROOM + room), PACKET_HEADROOM + room);
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

/* ---- Buffer ---- */

static void
test_init_and_frame(void)
{
    static const uint8_t frame[60] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    struct dp_packet *p = new_packet(64);
    struct dp_packet *q = new_packet(128);

    CU_ASSERT_EQUAL(p->len, 0);
    CU_ASSERT_EQUAL(packet_headroom(p), PACKET_HEADROOM);
    CU_ASSERT_EQUAL(packet_tailroom(p), 64);
    CU_ASSERT_EQUAL(p->l2_5_ofs, PACKET_OFS_NONE);
    CU_ASSERT_EQUAL(p->l3_ofs, PACKET_OFS_NONE);
    CU_ASSERT_EQUAL(p->l4_ofs, PACKET_OFS_NONE);

    p->offload.csum_partial = true;
    p->l3_ofs = 14;
    CU_ASSERT_TRUE(packet_set_frame(p, frame, sizeof frame));
    CU_ASSERT_EQUAL(p->len, 60);
    CU_ASSERT_EQUAL(memcmp(p->data, frame, 60), 0);
    CU_ASSERT_FALSE(p->offload.csum_partial);
    CU_ASSERT_EQUAL(p->l3_ofs, PACKET_OFS_NONE);
    CU_ASSERT_EQUAL(packet_tailroom(p), 4);

    /* Too big: nothing changes. */
    CU_ASSERT_FALSE(packet_set_frame(p, frame, 65));
    CU_ASSERT_EQUAL(p->len, 60);

    p->in_port = 7;
    p->l3_ofs = 14;
    p->offload.gso_size = 1448;
    CU_ASSERT_TRUE(packet_copy(q, p));
    CU_ASSERT_EQUAL(q->len, 60);
    CU_ASSERT_EQUAL(memcmp(q->data, frame, 60), 0);
    CU_ASSERT_EQUAL(q->in_port, 7);
    CU_ASSERT_EQUAL(q->l3_ofs, 14);
    CU_ASSERT_EQUAL(q->offload.gso_size, 1448);
    CU_ASSERT_EQUAL(packet_headroom(q), PACKET_HEADROOM);

    /* A copy that does not fit changes nothing. */
    q->len = 100;
    CU_ASSERT_FALSE(packet_copy(p, q));
    CU_ASSERT_EQUAL(p->len, 60);
    free_packet(p);
    free_packet(q);
}

static void
test_push_pull(void)
{
    uint8_t frame[40];
    struct dp_packet *p = new_packet(48);
    uint8_t *h;

    for (size_t i = 0; i < sizeof frame; i++) {
        frame[i] = i;
    }
    packet_set_frame(p, frame, sizeof frame);
    p->l2_5_ofs = 12;
    p->l3_ofs = 14;
    p->l4_ofs = 34;
    p->offload.csum_partial = true;
    p->offload.csum_start = 34;
    p->offload.csum_offset = 16;
    p->offload.hdr_len = 40;

    /* Into the headroom: the bytes before 'ofs' move back. */
    h = packet_push(p, 12, 4);
    CU_ASSERT_PTR_EQUAL(h, p->data + 12);
    memset(h, 0xee, 4);
    CU_ASSERT_EQUAL(p->len, 44);
    CU_ASSERT_EQUAL(packet_headroom(p), PACKET_HEADROOM - 4);
    CU_ASSERT_EQUAL(memcmp(p->data, frame, 12), 0);
    CU_ASSERT_EQUAL(memcmp(p->data + 16, frame + 12, 28), 0);
    CU_ASSERT_EQUAL(p->l2_5_ofs, 16);   /* At 'ofs': moves. */
    CU_ASSERT_EQUAL(p->l3_ofs, 18);
    CU_ASSERT_EQUAL(p->l4_ofs, 38);
    CU_ASSERT_EQUAL(p->offload.csum_start, 38);
    CU_ASSERT_EQUAL(p->offload.hdr_len, 44);

    /* And back. */
    packet_pull(p, 12, 4);
    CU_ASSERT_EQUAL(p->len, 40);
    CU_ASSERT_EQUAL(memcmp(p->data, frame, 40), 0);
    CU_ASSERT_EQUAL(packet_headroom(p), PACKET_HEADROOM);
    CU_ASSERT_EQUAL(p->l2_5_ofs, 12);
    CU_ASSERT_EQUAL(p->l3_ofs, 14);
    CU_ASSERT_EQUAL(p->l4_ofs, 34);
    CU_ASSERT_EQUAL(p->offload.csum_start, 34);
    CU_ASSERT_EQUAL(p->offload.hdr_len, 40);

    /* Offsets inside removed bytes name what followed them. */
    packet_pull(p, 12, 4);
    CU_ASSERT_EQUAL(p->l2_5_ofs, 12);
    CU_ASSERT_EQUAL(p->l3_ofs, 12);
    CU_ASSERT_EQUAL(p->l4_ofs, 30);
    CU_ASSERT_EQUAL(memcmp(p->data + 12, frame + 16, 24), 0);

    /* With no headroom the bytes after 'ofs' move into the tailroom. */
    packet_set_frame(p, frame, sizeof frame);
    p->data = p->base;
    memcpy(p->data, frame, sizeof frame);
    p->l3_ofs = 14;
    h = packet_push(p, 14, 8);
    CU_ASSERT_PTR_EQUAL(h, p->base + 14);
    CU_ASSERT_EQUAL(p->len, 48);
    CU_ASSERT_EQUAL(memcmp(p->data, frame, 14), 0);
    CU_ASSERT_EQUAL(memcmp(p->data + 22, frame + 14, 26), 0);
    CU_ASSERT_EQUAL(p->l3_ofs, 22);

    /* No room at all, or an offset past the frame: nothing changes. */
    p->allocated = p->len;
    CU_ASSERT_PTR_NULL(packet_push(p, 14, 4));
    CU_ASSERT_EQUAL(p->len, 48);
    p->allocated = PACKET_HEADROOM + 48;
    CU_ASSERT_PTR_NULL(packet_push(p, 49, 4));
    free_packet(p);
}

/* ---- Checksums ---- */

static void
test_csum_known(void)
{
    /* An IPv4 header whose checksum is 0xb861. */
    uint8_t ip[20] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };
    /* Host order. */
    CU_ASSERT_EQUAL(packet_csum(ip, sizeof ip), 0xb861);
    put16(ip + 10, 0xb861);
    CU_ASSERT_EQUAL(packet_csum(ip, sizeof ip), 0);

    /* Odd lengths pad with a zero byte. */
    {
        static const uint8_t odd[3] = { 0x12, 0x34, 0x56 };

        CU_ASSERT_EQUAL(packet_csum(odd, 3),
                        (uint16_t) ~ref_fold(0x1234 + 0x5600));
        CU_ASSERT_EQUAL(packet_csum_fold(packet_csum_add(0, odd, 3)),
                        ref_fold(0x1234 + 0x5600));
    }
}

static void
test_csum_random(void)
{
    uint8_t buf[1501];

    srand(1);
    for (int iter = 0; iter < 200; iter++) {
        size_t n = rand() % sizeof buf;
        size_t cut = (rand() % (n + 1)) & ~(size_t) 1;
        uint64_t sum;
        uint16_t c;

        for (size_t i = 0; i < n; i++) {
            buf[i] = rand();
        }
        c = packet_csum(buf, n);
        CU_ASSERT_EQUAL(c, (uint16_t) ~ref_fold(ref_sum(0, buf, n)));

        /* In two pieces, the first of even length. */
        sum = packet_csum_add(0, buf, cut);
        sum = packet_csum_add(sum, buf + cut, n - cut);
        CU_ASSERT_EQUAL((uint16_t) ~packet_csum_fold(sum), c);
    }
}

/* Fills 'n' random bytes with a valid checksum in the first two. */
static void
random_with_csum(uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[i] = rand();
    }
    memset(buf, 0, 2);
    put16(buf, packet_csum(buf, n));
}

static void
test_csum_incremental(void)
{
    uint8_t buf[64];

    srand(2);
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 8 + 2 * (rand() % 28);
        size_t at = 2 + 2 * (rand() % ((n - 6) / 2));

        random_with_csum(buf, n);
        if (iter & 1) {
            uint16_t o, w;

            memcpy(&o, buf + at, 2);
            w = iter & 2 ? 0 : iter & 4 ? 0xffff : rand();
            memcpy(buf + at, &w, 2);
            packet_csum_update16(buf, o, w);
        } else {
            uint32_t o, w;

            memcpy(&o, buf + at, 4);
            w = iter & 2 ? 0 : rand();
            memcpy(buf + at, &w, 4);
            packet_csum_update32(buf, o, w);
        }
        CU_ASSERT_TRUE(ref_csum_ok(0, buf, n));
    }

    /* A 16-byte change (an IPv6 address) at once. */
    for (int iter = 0; iter < 300; iter++) {
        uint8_t old[16];

        random_with_csum(buf, 40);
        memcpy(old, buf + 8, 16);
        for (size_t i = 8; i < 24; i++) {
            buf[i] = iter & 1 ? rand() : 0;
        }
        packet_csum_update(buf, old, buf + 8, 16);
        CU_ASSERT_TRUE(ref_csum_ok(0, buf, 40));
    }
}

static void
test_crc32c(void)
{
    uint8_t b[48];

    /* RFC 3720, B.4, and the usual check value. */
    CU_ASSERT_EQUAL(packet_crc32c(0, "123456789", 9), 0xe3069283);
    memset(b, 0, 32);
    CU_ASSERT_EQUAL(packet_crc32c(0, b, 32), 0x8a9136aa);
    memset(b, 0xff, 32);
    CU_ASSERT_EQUAL(packet_crc32c(0, b, 32), 0x62a8ab43);
    for (int i = 0; i < 32; i++) {
        b[i] = i;
    }
    CU_ASSERT_EQUAL(packet_crc32c(0, b, 32), 0x46dd794e);
    /* It continues. */
    CU_ASSERT_EQUAL(packet_crc32c(packet_crc32c(0, b, 13), b + 13, 19),
                    0x46dd794e);

    /* SCTP stores it least significant byte first. */
    for (int i = 0; i < 48; i++) {
        b[i] = i * 3;
    }
    packet_sctp_csum_set(b, 48);
    {
        uint8_t z[48];
        uint32_t crc;

        memcpy(z, b, 48);
        memset(z + 8, 0, 4);
        crc = ref_crc32c(z, 48);
        CU_ASSERT_EQUAL(b[8], crc & 0xff);
        CU_ASSERT_EQUAL(b[9], (crc >> 8) & 0xff);
        CU_ASSERT_EQUAL(b[10], (crc >> 16) & 0xff);
        CU_ASSERT_EQUAL(b[11], crc >> 24);
    }
}

/* ---- Frames for offload tests ---- */

struct spec {
    bool ipv6;
    bool vlan;
    bool mpls;                  /* IP under one MPLS label. */
    bool exthdr;                /* IPv6 destination options header. */
    bool udp;
    size_t tcp_opts;
    size_t payload;
    uint16_t mss;
    uint8_t tcp_flags;
    bool hide_l4;               /* Leave l4_ofs unset (as under MPLS). */
};

static uint8_t
payload_byte(size_t i)
{
    return (i * 31 + 7) & 0xff;
}

/* Builds a TCP or UDP frame per 'sp' with a partial checksum (the field
 * holds the pseudo-header sum) and, if sp->mss, GSO state. */
static struct dp_packet *
build(const struct spec *sp)
{
    struct dp_packet *p = new_packet(PACKET_MAX_LEN);
    uint8_t *d = p->data;
    size_t o = 12, l3, l4, end;

    memcpy(d, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
    if (sp->vlan) {
        put16(d + o, 0x8100);
        put16(d + o + 2, 0x2064);
        o += 4;
    }
    if (sp->mpls) {
        put16(d + o, 0x8847);
        put32(d + o + 2, (1000 << 12) | (1 << 8) | 64);
        o += 4;
        p->l2_5_ofs = o + 2 - 4;
    } else {
        put16(d + o, sp->ipv6 ? 0x86dd : 0x0800);
    }
    o += 2;
    l3 = o;
    if (!sp->ipv6) {
        memcpy(d + l3, "\x45\x00\x00\x00\x12\x34\x40\x00\x40\x00\x00\x00"
               "\x0a\x00\x00\x01\x0a\x00\x00\x02", 20);
        d[l3 + 9] = sp->udp ? 17 : 6;
        l4 = l3 + 20;
    } else {
        memset(d + l3, 0, 40);
        d[l3] = 0x60;
        d[l3 + 6] = sp->exthdr ? 60 : sp->udp ? 17 : 6;
        d[l3 + 7] = 64;
        d[l3 + 8] = 0x20;
        d[l3 + 23] = 1;
        d[l3 + 24] = 0x20;
        d[l3 + 39] = 2;
        l4 = l3 + 40;
        if (sp->exthdr) {
            memset(d + l4, 0, 8);
            d[l4] = sp->udp ? 17 : 6;
            l4 += 8;
        }
    }
    if (sp->udp) {
        put16(d + l4, 5000);
        put16(d + l4 + 2, 6000);
        end = l4 + 8;
    } else {
        size_t doff = 20 + sp->tcp_opts;

        put16(d + l4, 5000);
        put16(d + l4 + 2, 80);
        put32(d + l4 + 4, 0xfffff000);  /* Wraps within a 64 KiB frame. */
        put32(d + l4 + 8, 0x01020304);
        d[l4 + 12] = (doff / 4) << 4;
        d[l4 + 13] = sp->tcp_flags;
        put16(d + l4 + 14, 512);
        put16(d + l4 + 16, 0);
        put16(d + l4 + 18, 0);
        memset(d + l4 + 20, 1, sp->tcp_opts);      /* NOPs. */
        end = l4 + doff;
    }
    for (size_t i = 0; i < sp->payload; i++) {
        d[end + i] = payload_byte(i);
    }
    end += sp->payload;
    p->len = end;

    if (!sp->ipv6) {
        put16(d + l3 + 2, end - l3);
        put16(d + l3 + 10, packet_csum(d + l3, 20));
    } else {
        put16(d + l3 + 4, end - l3 - 40);
    }
    if (sp->udp) {
        put16(d + l4 + 4, end - l4);
    }
    /* The pseudo-header sum, not complemented, as Linux leaves it. */
    put16(d + l4 + (sp->udp ? 6 : 16),
          ref_fold(ref_pseudo(d + l3, !sp->ipv6, sp->udp ? 17 : 6,
                              end - l4)));

    p->l3_ofs = l3;
    p->l4_ofs = sp->hide_l4 ? PACKET_OFS_NONE : l4;
    p->offload.csum_partial = true;
    p->offload.csum_start = l4;
    p->offload.csum_offset = sp->udp ? 6 : 16;
    if (sp->mss) {
        p->offload.gso_type = (sp->udp ? PACKET_GSO_UDP_L4
                               : sp->ipv6 ? PACKET_GSO_TCPV6
                               : PACKET_GSO_TCPV4);
        p->offload.gso_size = sp->mss;
        p->offload.hdr_len = end - sp->payload;
    }
    return p;
}

/* Asserts that the transport checksum of the IP packet at 'l3' with its
 * transport header at 'l4' is complete and right. */
static bool
l4_ok(const struct dp_packet *p, size_t l3, size_t l4, uint8_t proto)
{
    const uint8_t *d = p->data;
    bool ipv4 = d[l3] >> 4 == 4;

    return ref_csum_ok(ref_pseudo(d + l3, ipv4, proto, p->len - l4), d + l4,
                       p->len - l4);
}

static void
test_csum_complete(void)
{
    struct spec sp = { .payload = 333 };
    struct dp_packet *p;

    /* TCP over IPv4, over IPv6 with an extension header, UDP. */
    for (int k = 0; k < 4; k++) {
        sp.ipv6 = k & 1;
        sp.exthdr = k & 1;
        sp.udp = k & 2;
        p = build(&sp);
        CU_ASSERT_FALSE(l4_ok(p, p->l3_ofs, p->l4_ofs, sp.udp ? 17 : 6));
        packet_csum_complete(p);
        CU_ASSERT_FALSE(p->offload.csum_partial);
        CU_ASSERT_TRUE(l4_ok(p, p->l3_ofs, p->l4_ofs, sp.udp ? 17 : 6));
        free_packet(p);
    }

    /* A GSO super-frame is left for segmentation. */
    sp = (struct spec) { .payload = 3000, .mss = 1000 };
    p = build(&sp);
    packet_csum_complete(p);
    CU_ASSERT_TRUE(p->offload.csum_partial);
    CU_ASSERT_FALSE(l4_ok(p, p->l3_ofs, p->l4_ofs, 6));
    free_packet(p);

    /* A checksum field past the frame is left alone. */
    sp = (struct spec) { .payload = 10 };
    p = build(&sp);
    p->offload.csum_start = p->len - 10;
    packet_csum_complete(p);
    CU_ASSERT_TRUE(p->offload.csum_partial);
    free_packet(p);

    /* Offset 8: SCTP's CRC32c. */
    {
        uint8_t sctp[60];
        uint32_t crc;

        p = new_packet(200);
        for (size_t i = 0; i < sizeof sctp; i++) {
            sctp[i] = i + 1;
        }
        memset(p->data, 0, 34);
        memcpy(p->data + 34, sctp, sizeof sctp);
        p->len = 34 + sizeof sctp;
        p->offload.csum_partial = true;
        p->offload.csum_start = 34;
        p->offload.csum_offset = 8;
        packet_csum_complete(p);
        memset(sctp + 8, 0, 4);
        crc = ref_crc32c(sctp, sizeof sctp);
        CU_ASSERT_EQUAL(p->data[34 + 8], crc & 0xff);
        CU_ASSERT_EQUAL(p->data[34 + 11], crc >> 24);
        CU_ASSERT_FALSE(p->offload.csum_partial);
        free_packet(p);
    }
}

/* ---- Segmentation ---- */

/* Cuts the super-frame 'sp' describes in batches of 'batch' and checks
 * every segment against the super-frame. */
static void
check_segments(const struct spec *sp, size_t batch)
{
    struct dp_packet *p = build(sp);
    struct dp_packet *out[64];
    size_t l3 = p->l3_ofs;
    size_t l4 = p->offload.csum_start;
    size_t hdr = p->offload.hdr_len;
    size_t n_exp = (sp->payload + sp->mss - 1) / sp->mss;
    uint8_t *all = xmalloc(sp->payload + 1);
    size_t got = 0, n_segs = 0;
    struct packet_seg seg;

    CU_ASSERT_FATAL(batch <= ARRAY_SIZE(out));
    CU_ASSERT_TRUE_FATAL(packet_seg_init(&seg, p));
    CU_ASSERT_EQUAL(packet_seg_count(&seg), n_exp);
    CU_ASSERT_EQUAL(packet_seg_max_len(&seg), hdr + MIN(sp->mss, sp->payload));
    for (size_t i = 0; i < batch; i++) {
        out[i] = new_packet(packet_seg_max_len(&seg));
    }

    while (!packet_seg_done(&seg)) {
        size_t n = packet_seg_next(&seg, out, batch);

        CU_ASSERT_TRUE_FATAL(n > 0);
        for (size_t i = 0; i < n; i++) {
            const struct dp_packet *s = out[i];
            const uint8_t *d = s->data;
            size_t chunk = s->len - hdr;
            bool first = n_segs == 0;
            bool last = n_segs == n_exp - 1;
            uint8_t flags = p->data[l4 + 13];

            CU_ASSERT_EQUAL(chunk, last ? sp->payload - got : sp->mss);
            memcpy(all + got, d + hdr, chunk);
            CU_ASSERT_EQUAL(memcmp(d, p->data, l3), 0);
            CU_ASSERT_EQUAL(s->l3_ofs, p->l3_ofs);
            CU_ASSERT_EQUAL(s->l4_ofs, p->l4_ofs);
            CU_ASSERT_FALSE(s->offload.csum_partial);
            CU_ASSERT_EQUAL(s->offload.gso_type, PACKET_GSO_NONE);

            if (!sp->ipv6) {
                CU_ASSERT_EQUAL(be16(d + l3 + 2), s->len - l3);
                CU_ASSERT_EQUAL(be16(d + l3 + 4), 0x1234 + n_segs);
                CU_ASSERT_TRUE(ref_csum_ok(0, d + l3, 20));
                CU_ASSERT_EQUAL(memcmp(d + l3 + 12, p->data + l3 + 12, 8),
                                0);
            } else {
                CU_ASSERT_EQUAL(be16(d + l3 + 4), s->len - l3 - 40);
                CU_ASSERT_EQUAL(memcmp(d + l3 + 6, p->data + l3 + 6,
                                       l4 - l3 - 6), 0);
            }
            if (sp->udp) {
                CU_ASSERT_EQUAL(be16(d + l4 + 4), s->len - l4);
                CU_ASSERT_TRUE(l4_ok(s, l3, l4, 17));
            } else {
                if (!last) {
                    flags &= ~0x09;             /* FIN, PSH. */
                }
                if (!first) {
                    flags &= ~0x80;             /* CWR. */
                }
                CU_ASSERT_EQUAL(d[l4 + 13], flags);
                CU_ASSERT_EQUAL(be32(d + l4 + 4), 0xfffff000 + (uint32_t) got);
                CU_ASSERT_EQUAL(be32(d + l4 + 8), 0x01020304);
                CU_ASSERT_EQUAL(memcmp(d + l4 + 12, p->data + l4 + 12, 1), 0);
                CU_ASSERT_EQUAL(memcmp(d + l4 + 20, p->data + l4 + 20,
                                       sp->tcp_opts), 0);
                CU_ASSERT_TRUE(l4_ok(s, l3, l4, 6));
            }
            got += chunk;
            n_segs++;
        }
    }
    CU_ASSERT_EQUAL(n_segs, n_exp);
    CU_ASSERT_EQUAL(got, sp->payload);
    for (size_t i = 0; i < sp->payload; i++) {
        if (all[i] != payload_byte(i)) {
            CU_FAIL("payload differs");
            break;
        }
    }
    CU_ASSERT_EQUAL(packet_seg_next(&seg, out, batch), 0);

    for (size_t i = 0; i < batch; i++) {
        free_packet(out[i]);
    }
    free(all);
    free_packet(p);
}

static void
test_segment_tcp4_64k(void)
{
    /* The largest IPv4 super-frame: 65535 bytes of IP. */
    struct spec sp = {
        .payload = 65535 - 20 - 32, .mss = 1448, .tcp_opts = 12,
        .tcp_flags = 0x80 | 0x40 | 0x10 | 0x08 | 0x01,
    };

    check_segments(&sp, 64);
    check_segments(&sp, 7);
}

static void
test_segment_variants(void)
{
    struct spec sp;

    /* IPv6 with a destination options header, VLAN tagged. */
    sp = (struct spec) { .ipv6 = true, .exthdr = true, .vlan = true,
                         .payload = 20000, .mss = 1440, .tcp_flags = 0x18 };
    check_segments(&sp, 16);

    /* IPv4 under MPLS, the transport header found from csum_start. */
    sp = (struct spec) { .mpls = true, .hide_l4 = true, .payload = 9001,
                         .mss = 1000, .tcp_flags = 0x11 };
    check_segments(&sp, 3);

    /* UDP_L4 over IPv4 and IPv6. */
    sp = (struct spec) { .udp = true, .payload = 10000, .mss = 1472 };
    check_segments(&sp, 4);
    sp.ipv6 = true;
    check_segments(&sp, 64);

    /* Payload of exactly one MSS, and less. */
    sp = (struct spec) { .payload = 1448, .mss = 1448, .tcp_flags = 0x19 };
    check_segments(&sp, 1);
    sp.payload = 100;
    check_segments(&sp, 1);
}

static void
test_segment_refused(void)
{
    struct spec sp = { .payload = 5000, .mss = 1000 };
    struct packet_seg seg;
    struct dp_packet *p = build(&sp);
    struct dp_packet *small = new_packet(500);
    struct dp_packet *big = new_packet(2000);
    struct dp_packet *out[2] = { big, small };

    /* Stops at a buffer too small. */
    CU_ASSERT_TRUE(packet_seg_init(&seg, p));
    CU_ASSERT_EQUAL(packet_seg_next(&seg, out, 2), 1);
    CU_ASSERT_EQUAL(packet_seg_next(&seg, out + 1, 1), 0);
    CU_ASSERT_FALSE(packet_seg_done(&seg));

    /* UFO; a GSO type that does not match the header. */
    p->offload.gso_type = PACKET_GSO_UDP;
    CU_ASSERT_FALSE(packet_seg_init(&seg, p));
    p->offload.gso_type = PACKET_GSO_TCPV6;
    CU_ASSERT_FALSE(packet_seg_init(&seg, p));
    p->offload.gso_type = PACKET_GSO_UDP_L4;
    CU_ASSERT_FALSE(packet_seg_init(&seg, p));
    p->offload.gso_type = PACKET_GSO_TCPV4 | PACKET_GSO_ECN;
    CU_ASSERT_TRUE(packet_seg_init(&seg, p));
    /* Without l3_ofs, the IP header is found by walking the frame; with
     * a frame that has none, not at all. */
    p->l3_ofs = PACKET_OFS_NONE;
    CU_ASSERT_TRUE(packet_seg_init(&seg, p));
    put16(p->data + 12, 0x88b5);
    CU_ASSERT_FALSE(packet_seg_init(&seg, p));
    put16(p->data + 12, 0x0800);
    p->l3_ofs = 14;

    /* A TCP header length that runs past the frame. */
    p->data[34 + 12] = 0xf0;
    p->len = 34 + 40;
    CU_ASSERT_FALSE(packet_seg_init(&seg, p));
    free_packet(p);

    /* A frame that is not GSO: one completed copy. */
    sp = (struct spec) { .payload = 700 };
    p = build(&sp);
    CU_ASSERT_TRUE(packet_seg_init(&seg, p));
    CU_ASSERT_EQUAL(packet_seg_count(&seg), 1);
    CU_ASSERT_EQUAL(packet_seg_next(&seg, out, 2), 1);
    CU_ASSERT_EQUAL(big->len, p->len);
    CU_ASSERT_FALSE(big->offload.csum_partial);
    CU_ASSERT_TRUE(l4_ok(big, 14, 34, 6));
    CU_ASSERT_TRUE(packet_seg_done(&seg));
    free_packet(p);
    free_packet(small);
    free_packet(big);
}

static CU_TestInfo tests[] = {
    { "init and frame", test_init_and_frame },
    { "push and pull", test_push_pull },
    { "checksum known values", test_csum_known },
    { "checksum against reference", test_csum_random },
    { "incremental checksum", test_csum_incremental },
    { "crc32c", test_crc32c },
    { "complete partial checksum", test_csum_complete },
    { "segment 64 KiB TCPv4", test_segment_tcp4_64k },
    { "segment variants", test_segment_variants },
    { "segment refused", test_segment_refused },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("packet", tests);
