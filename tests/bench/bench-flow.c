/*
 * bench-flow: the per-packet parsing and editing micro-benchmark.
 *
 *   build/bench/bench-flow [--quick]
 *
 * Prints nanoseconds per flow_extract() for a 64-byte TCP/IPv4 frame (the
 * figure to watch: the datapath calls it once per packet), for the same
 * behind a VLAN tag and for TCP/IPv6 behind two extension headers; per
 * pair of set_field actions (ipv4_dst and tcp_dst, with their checksum
 * updates); and per cut of a 64 KiB TCPv4 GSO super-frame into 1448-byte
 * segments, with the rate in Gbit/s.  Frames cycle through a batch of 32
 * (different ports), as a receive batch would.  A benchmark, not a test:
 * it asserts nothing.  --quick runs a tenth as long.
 */
#include "switch/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofproto/util.h"
#include "switch/packet-edit.h"
#include "switch/packet.h"

#define BATCH 32

static volatile uint64_t sink;

static double
now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

/* Writes a frame of 'len' bytes into 'f': Ethernet, an optional VLAN tag,
 * IPv4 or IPv6 (with hop-by-hop and destination options headers), TCP
 * from port 'sport'; returns the offset of the TCP header. */
static size_t
build(uint8_t *f, size_t len, bool vlan, bool ipv6, uint16_t sport)
{
    size_t o = 12, l4;

    memset(f, 0, len);
    memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
    if (vlan) {
        put16(f + o, 0x8100);
        put16(f + o + 2, 100);
        o += 4;
    }
    put16(f + o, ipv6 ? 0x86dd : 0x0800);
    o += 2;
    if (!ipv6) {
        f[o] = 0x45;
        put16(f + o + 2, len - o);
        f[o + 8] = 64;
        f[o + 9] = 6;
        memcpy(f + o + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
        put16(f + o + 10, packet_csum(f + o, 20));
        l4 = o + 20;
    } else {
        f[o] = 0x60;
        put16(f + o + 4, len - o - 40);
        f[o + 6] = 0;               /* Hop-by-hop. */
        f[o + 7] = 64;
        f[o + 8] = 0x20;
        f[o + 23] = 1;
        f[o + 24] = 0x20;
        f[o + 39] = 2;
        f[o + 40] = 60;             /* Then destination options. */
        f[o + 48] = 6;              /* Then TCP. */
        l4 = o + 56;
    }
    put16(f + l4, sport);
    put16(f + l4 + 2, 80);
    f[l4 + 12] = 0x50;
    f[l4 + 13] = 0x10;
    return l4;
}

static struct dp_packet *
new_packet(size_t room)
{
    struct dp_packet *p = xzalloc(sizeof *p);

    packet_init(p, xmalloc(PACKET_HEADROOM + room), PACKET_HEADROOM + room);
    return p;
}

static void
bench_extract(const char *name, size_t len, bool vlan, bool ipv6,
              long iters)
{
    struct dp_packet *pkts[BATCH];
    struct flow flow;
    uint64_t acc = 0;
    double t0, t;

    for (int i = 0; i < BATCH; i++) {
        uint8_t f[256];

        build(f, len, vlan, ipv6, 1000 + i);
        pkts[i] = new_packet(256);
        packet_set_frame(pkts[i], f, len);
    }
    t0 = now_sec();
    for (long i = 0; i < iters; i++) {
        flow_extract(pkts[i % BATCH], &flow);
        acc += flow.tp_src;
    }
    t = now_sec() - t0;
    sink = acc;
    printf("flow_extract %-22s %6.1f ns per packet\n", name,
           t * 1e9 / iters);
    for (int i = 0; i < BATCH; i++) {
        free(pkts[i]->base);
        free(pkts[i]);
    }
}

static void
bench_set_field(long iters)
{
    struct dp_packet *p = new_packet(256);
    struct flow flow;
    union of_value dst, port;
    uint8_t f[64];
    double t0, t;

    build(f, sizeof f, false, false, 1000);
    packet_set_frame(p, f, sizeof f);
    flow_extract(p, &flow);
    memset(&dst, 0, sizeof dst);
    memset(&port, 0, sizeof port);
    t0 = now_sec();
    for (long i = 0; i < iters; i++) {
        dst.u32 = 0x0a000000 + (i & 0xff);
        port.u16 = i;
        pe_set_field(p, &flow, OF_FIELD_IPV4_DST, &dst);
        pe_set_field(p, &flow, OF_FIELD_TCP_DST, &port);
    }
    t = now_sec() - t0;
    sink = flow.tp_dst;
    printf("set_field ipv4_dst+tcp_dst             %6.1f ns per packet\n",
           t * 1e9 / iters);
    free(p->base);
    free(p);
}

static void
bench_segment(long iters)
{
    const size_t len = 14 + 65535;
    struct dp_packet *out[64];
    struct dp_packet *p = new_packet(PACKET_MAX_LEN);
    uint8_t *f = xmalloc(len);
    size_t l4 = build(f, len, false, false, 1000);
    size_t segs = 0;
    double t0, t;

    packet_set_frame(p, f, len);
    p->l3_ofs = 14;
    p->l4_ofs = l4;
    p->offload.gso_type = PACKET_GSO_TCPV4;
    p->offload.gso_size = 1448;
    p->offload.csum_partial = true;
    p->offload.csum_start = l4;
    p->offload.csum_offset = 16;
    for (size_t i = 0; i < ARRAY_SIZE(out); i++) {
        out[i] = new_packet(2048);
    }
    t0 = now_sec();
    for (long i = 0; i < iters; i++) {
        struct packet_seg seg;

        if (packet_seg_init(&seg, p)) {
            while (!packet_seg_done(&seg)) {
                segs += packet_seg_next(&seg, out, ARRAY_SIZE(out));
            }
        }
    }
    t = now_sec() - t0;
    sink = segs;
    printf("segment 64 KiB TCPv4 GSO (mss 1448)    %6.0f ns per super-frame"
           " (%zu segments, %.1f Gbit/s)\n", t * 1e9 / iters,
           segs / iters, iters * len * 8 / t / 1e9);
    for (size_t i = 0; i < ARRAY_SIZE(out); i++) {
        free(out[i]->base);
        free(out[i]);
    }
    free(f);
    free(p->base);
    free(p);
}

int
main(int argc, char *argv[])
{
    long scale = argc > 1 && !strcmp(argv[1], "--quick") ? 1 : 10;

    bench_extract("tcp/ipv4 64 bytes", 64, false, false, 2000000 * scale);
    bench_extract("tcp/ipv4 vlan 64 bytes", 64, true, false,
                  2000000 * scale);
    bench_extract("tcp/ipv6 2 exthdrs", 128, false, true, 2000000 * scale);
    bench_set_field(2000000 * scale);
    bench_segment(1000 * scale);
    return 0;
}
