/*
 * wire-gen: one OpenFlow 1.3 message of every type, for checking our
 * encoders against an independent dissector (tshark) and for the golden
 * sample file tests/data/all-messages.bin.
 *
 *   wire-gen [--pcap FILE] [--manifest FILE] [--raw FILE] [--split DIR]
 *            [--malformed DIR] [--list]
 *
 *   --pcap FILE      every message as the payload of one TCP segment from
 *                    127.0.0.1:40000 to 127.0.0.1:6653 (after a three-way
 *                    handshake), Ethernet link type
 *   --manifest FILE  one tab-separated line per message: frame number in
 *                    the pcap, message type number and name, multipart
 *                    type number and name (or "-"), length, sample name,
 *                    what our own decoder says of the bytes ("ok",
 *                    "reencode-differs", "format-empty" or the error
 *                    name), and the skeleton tshark must dissect (see
 *                    skeleton() below)
 *   --raw FILE       the messages back to back (tests/data/all-messages.bin)
 *   --split DIR      each message in a file of its own, and each multipart
 *                    reply of several entries split into parts of at most
 *                    128 bytes (the fuzz seeds)
 *   --malformed DIR  the hand-made malformed samples and, in
 *                    DIR/malformed.expect, what ofctl decode must say
 *   --list           print the manifest to stdout
 *
 * The messages are built as a controller or switch would build them, as
 * struct of_msg with realistic contents, and encoded with of_msg_encode():
 * this program tests the encoders, it does not hand-craft good bytes.
 * Output is deterministic (fixed xids, timestamps and sequence numbers), so
 * the golden file can be compared byte for byte.
 */

#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* ---- Building blocks ---- */

static const uint8_t mac_h1[6] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t mac_h2[6] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 };
static const uint8_t mac_p1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x01 };
static const uint8_t mac_p2[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x02 };

#define IPV4(A, B, C, D) \
    (((uint32_t) (A) << 24) | ((uint32_t) (B) << 16) \
     | ((uint32_t) (C) << 8) | (uint32_t) (D))

static struct of_oxm *
add_oxm(struct of_match *m, enum of_field field)
{
    struct of_oxm *oxm;

    if (m->n >= OF_MATCH_MAX) {
        of_abort("wire-gen: match full");
    }
    oxm = &m->oxms[m->n++];
    memset(oxm, 0, sizeof *oxm);
    oxm->field = field;
    return oxm;
}

static void
match_u8(struct of_match *m, enum of_field field, uint8_t v)
{
    add_oxm(m, field)->value.u8 = v;
}

static void
match_u16(struct of_match *m, enum of_field field, uint16_t v)
{
    add_oxm(m, field)->value.u16 = v;
}

static void
match_u16_masked(struct of_match *m, enum of_field field, uint16_t v,
                 uint16_t mask)
{
    struct of_oxm *oxm = add_oxm(m, field);

    oxm->value.u16 = v & mask;
    oxm->mask.u16 = mask;
    oxm->has_mask = true;
}

static void
match_u32(struct of_match *m, enum of_field field, uint32_t v)
{
    add_oxm(m, field)->value.u32 = v;
}

static void
match_u32_masked(struct of_match *m, enum of_field field, uint32_t v,
                 uint32_t mask)
{
    struct of_oxm *oxm = add_oxm(m, field);

    oxm->value.u32 = v & mask;
    oxm->mask.u32 = mask;
    oxm->has_mask = true;
}

static void
match_u64_masked(struct of_match *m, enum of_field field, uint64_t v,
                 uint64_t mask)
{
    struct of_oxm *oxm = add_oxm(m, field);

    oxm->value.u64 = v & mask;
    oxm->mask.u64 = mask;
    oxm->has_mask = true;
}

static void
match_mac(struct of_match *m, enum of_field field, const uint8_t mac[6])
{
    memcpy(add_oxm(m, field)->value.mac, mac, 6);
}

static void
match_mac_masked(struct of_match *m, enum of_field field,
                 const uint8_t mac[6], const uint8_t mask[6])
{
    struct of_oxm *oxm = add_oxm(m, field);

    for (int i = 0; i < 6; i++) {
        oxm->value.mac[i] = mac[i] & mask[i];
        oxm->mask.mac[i] = mask[i];
    }
    oxm->has_mask = true;
}

static void
match_ipv6(struct of_match *m, enum of_field field, const uint8_t a[16])
{
    memcpy(add_oxm(m, field)->value.ipv6, a, 16);
}

/* 2001:db8::1 and 2001:db8::2 and the solicited-node target fe80::2. */
static const uint8_t ipv6_a[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
};
static const uint8_t ipv6_b[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
};
static const uint8_t ipv6_ll[16] = {
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
};

/* The match of a typical web-traffic flow: in_port=1, eth_src masked,
 * eth_dst, vlan 10, tcp, ipv4_src, ipv4_dst/24, tcp_dst=80. */
static void
build_tcp_match(struct of_match *m)
{
    static const uint8_t oui_mask[6] = { 0xff, 0xff, 0xff, 0, 0, 0 };

    of_match_init(m);
    match_u32(m, OF_FIELD_IN_PORT, 1);
    match_mac_masked(m, OF_FIELD_ETH_SRC, mac_p1, oui_mask);
    match_mac(m, OF_FIELD_ETH_DST, mac_h2);
    match_u16(m, OF_FIELD_VLAN_VID, OFPVID_PRESENT | 10);
    match_u8(m, OF_FIELD_VLAN_PCP, 3);
    match_u16(m, OF_FIELD_ETH_TYPE, 0x0800);
    match_u8(m, OF_FIELD_IP_DSCP, 46);
    match_u8(m, OF_FIELD_IP_PROTO, 6);
    match_u32(m, OF_FIELD_IPV4_SRC, IPV4(10, 0, 0, 1));
    match_u32_masked(m, OF_FIELD_IPV4_DST, IPV4(10, 0, 1, 0),
                     IPV4(255, 255, 255, 0));
    match_u16(m, OF_FIELD_TCP_DST, 80);
}

/* An IPv6 neighbor-solicitation match with metadata and tunnel id. */
static void
build_ipv6_match(struct of_match *m)
{
    of_match_init(m);
    match_u32(m, OF_FIELD_IN_PORT, 2);
    match_u64_masked(m, OF_FIELD_METADATA, 0x1234, 0xffff);
    match_u16(m, OF_FIELD_ETH_TYPE, 0x86dd);
    match_ipv6(m, OF_FIELD_IPV6_SRC, ipv6_a);
    match_ipv6(m, OF_FIELD_IPV6_DST, ipv6_b);
    match_u32_masked(m, OF_FIELD_IPV6_FLABEL, 0x12345, 0xfffff);
    match_u8(m, OF_FIELD_IP_PROTO, 58);
    match_u8(m, OF_FIELD_ICMPV6_TYPE, 135);
    match_u8(m, OF_FIELD_ICMPV6_CODE, 0);
    match_ipv6(m, OF_FIELD_IPV6_ND_TARGET, ipv6_ll);
    match_mac(m, OF_FIELD_IPV6_ND_SLL, mac_h1);
    match_u16_masked(m, OF_FIELD_IPV6_EXTHDR, OFPIEH_NONEXT, OFPIEH_NONEXT);
    match_u64_masked(m, OF_FIELD_TUNNEL_ID, 0x64, UINT64_MAX);
}

/* An ARP reply match. */
static void
build_arp_match(struct of_match *m)
{
    of_match_init(m);
    match_u32(m, OF_FIELD_IN_PORT, 3);
    match_u16(m, OF_FIELD_ETH_TYPE, 0x0806);
    match_u16(m, OF_FIELD_ARP_OP, 2);
    match_u32_masked(m, OF_FIELD_ARP_SPA, IPV4(192, 168, 1, 0),
                     IPV4(255, 255, 255, 0));
    match_u32(m, OF_FIELD_ARP_TPA, IPV4(192, 168, 1, 254));
    match_mac(m, OF_FIELD_ARP_SHA, mac_h1);
    match_mac(m, OF_FIELD_ARP_THA, mac_h2);
}

/* An MPLS match. */
static void
build_mpls_match(struct of_match *m)
{
    of_match_init(m);
    match_u32(m, OF_FIELD_IN_PORT, 4);
    match_u16(m, OF_FIELD_ETH_TYPE, 0x8847);
    match_u32(m, OF_FIELD_MPLS_LABEL, 1000);
    match_u8(m, OF_FIELD_MPLS_TC, 5);
    match_u8(m, OF_FIELD_MPLS_BOS, 1);
}

static struct of_action *
new_actions(struct arena *arena, size_t n)
{
    return arena_alloc(arena, n * sizeof(struct of_action));
}

static void
act_output(struct of_action *a, uint32_t port, uint16_t max_len)
{
    a->type = OFPAT_OUTPUT;
    a->output.port = port;
    a->output.max_len = max_len;
}

static void
act_set_field_u16(struct of_action *a, enum of_field field, uint16_t v)
{
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    a->set_field.value.u16 = v;
}

static void
act_set_field_u32(struct of_action *a, enum of_field field, uint32_t v)
{
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    a->set_field.value.u32 = v;
}

static void
act_set_field_u8(struct of_action *a, enum of_field field, uint8_t v)
{
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    a->set_field.value.u8 = v;
}

static void
act_set_field_mac(struct of_action *a, enum of_field field,
                  const uint8_t mac[6])
{
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    memcpy(a->set_field.value.mac, mac, 6);
}

/* The instructions of the main sample flow: meter, apply-actions with
 * push_vlan and set_fields and outputs, write-actions, write-metadata and
 * goto-table. */
static void
build_flow_instructions(struct arena *arena, struct of_instruction **instsp,
                        size_t *np)
{
    struct of_instruction *insts = arena_alloc(arena, 5 * sizeof *insts);
    struct of_action *apply = new_actions(arena, 7);
    struct of_action *write = new_actions(arena, 3);

    apply[0].type = OFPAT_PUSH_VLAN;
    apply[0].ethertype = 0x8100;
    act_set_field_u16(&apply[1], OF_FIELD_VLAN_VID, OFPVID_PRESENT | 20);
    act_set_field_u8(&apply[2], OF_FIELD_VLAN_PCP, 5);
    act_set_field_mac(&apply[3], OF_FIELD_ETH_DST, mac_h1);
    act_set_field_u32(&apply[4], OF_FIELD_IPV4_SRC, IPV4(192, 0, 2, 1));
    act_output(&apply[5], 2, 0);
    act_output(&apply[6], OFPP_CONTROLLER, 128);

    write[0].type = OFPAT_SET_QUEUE;
    write[0].queue_id = 1;
    write[1].type = OFPAT_DEC_NW_TTL;
    write[2].type = OFPAT_GROUP;
    write[2].group_id = 1;

    insts[0].type = OFPIT_METER;
    insts[0].meter_id = 1;
    insts[1].type = OFPIT_APPLY_ACTIONS;
    insts[1].actions.actions = apply;
    insts[1].actions.n = 7;
    insts[2].type = OFPIT_WRITE_ACTIONS;
    insts[2].actions.actions = write;
    insts[2].actions.n = 3;
    insts[3].type = OFPIT_WRITE_METADATA;
    insts[3].write_metadata.metadata = 0xfe00;
    insts[3].write_metadata.mask = 0xff00;
    insts[4].type = OFPIT_GOTO_TABLE;
    insts[4].table_id = 1;
    *instsp = insts;
    *np = 5;
}

/* Every other action type of 1.3: the MPLS and PBB pushes and pops, the
 * TTL actions, and an experimenter action. */
static const uint8_t exp_data[8] = { 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0 };

static void
build_all_actions(struct arena *arena, struct of_action **actionsp,
                  size_t *np)
{
    struct of_action *a = new_actions(arena, 16);
    size_t n = 0;

    a[n].type = OFPAT_COPY_TTL_IN;
    n++;
    a[n].type = OFPAT_POP_MPLS;
    a[n].ethertype = 0x8847;
    n++;
    a[n].type = OFPAT_SET_MPLS_TTL;
    a[n].ttl = 63;
    n++;
    a[n].type = OFPAT_DEC_MPLS_TTL;
    n++;
    a[n].type = OFPAT_COPY_TTL_OUT;
    n++;
    a[n].type = OFPAT_PUSH_MPLS;
    a[n].ethertype = 0x8848;
    n++;
    a[n].type = OFPAT_POP_VLAN;
    n++;
    a[n].type = OFPAT_PUSH_PBB;
    a[n].ethertype = 0x88e7;
    n++;
    a[n].type = OFPAT_POP_PBB;
    n++;
    a[n].type = OFPAT_SET_NW_TTL;
    a[n].ttl = 32;
    n++;
    a[n].type = OFPAT_DEC_NW_TTL;
    n++;
    act_set_field_u32(&a[n], OF_FIELD_MPLS_LABEL, 2000);
    n++;
    a[n].type = OFPAT_EXPERIMENTER;
    a[n].experimenter.experimenter = 0x00abcdef;
    a[n].experimenter.data = exp_data;
    a[n].experimenter.len = sizeof exp_data;
    n++;
    act_output(&a[n], OFPP_IN_PORT, 0);
    n++;
    *actionsp = a;
    *np = n;
}

/* A small Ethernet/IPv4/TCP SYN frame with correct checksums. */
#define SAMPLE_FRAME_LEN (14 + 20 + 20 + 6)

static uint16_t
csum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) p[i] << 8 | p[i + 1];
    }
    if (n & 1) {
        sum += (uint32_t) p[n - 1] << 8;
    }
    return sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void
put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

/* Fills in IPv4 header checksum and TCP checksum of the IPv4/TCP packet at
 * 'ip' whose total length is 'ip_len'. */
static void
fix_checksums(uint8_t *ip, size_t ip_len)
{
    uint8_t *tcp = ip + 20;
    size_t tcp_len = ip_len - 20;
    uint8_t pseudo[12];
    uint32_t sum;

    put16(ip + 10, 0);
    put16(ip + 10, csum_finish(csum_add(0, ip, 20)));

    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    put16(pseudo + 10, tcp_len);
    put16(tcp + 16, 0);
    sum = csum_add(0, pseudo, sizeof pseudo);
    sum = csum_add(sum, tcp, tcp_len);
    put16(tcp + 16, csum_finish(sum));
}

/* Writes an IPv4 header of 'total_len' bytes and a 20-byte TCP header. */
static void
put_ip_tcp(uint8_t *ip, size_t total_len, uint16_t ip_id, uint32_t src,
           uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq,
           uint32_t ack, uint8_t flags)
{
    uint8_t *tcp = ip + 20;

    memset(ip, 0, 40);
    ip[0] = 0x45;
    put16(ip + 2, total_len);
    put16(ip + 4, ip_id);
    put16(ip + 6, 0x4000);              /* Don't fragment. */
    ip[8] = 64;
    ip[9] = 6;
    put32(ip + 12, src);
    put32(ip + 16, dst);

    put16(tcp, sport);
    put16(tcp + 2, dport);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16(tcp + 14, 65535);
}

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static const uint8_t *
sample_frame(void)
{
    static uint8_t frame[SAMPLE_FRAME_LEN];
    static bool done;

    if (!done) {
        memcpy(frame, mac_h2, 6);
        memcpy(frame + 6, mac_h1, 6);
        put16(frame + 12, 0x0800);
        put_ip_tcp(frame + 14, SAMPLE_FRAME_LEN - 14, 0x1c46,
                   IPV4(10, 0, 0, 1), IPV4(10, 0, 1, 2), 49152, 80,
                   0x01020304, 0, TCP_SYN);
        memcpy(frame + 54, "hello!", 6);
        fix_checksums(frame + 14, SAMPLE_FRAME_LEN - 14);
        done = true;
    }
    return frame;
}

static void
build_port(struct of_port *p, uint32_t port_no, const uint8_t mac[6],
           const char *name)
{
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    memcpy(p->hw_addr, mac, 6);
    snprintf(p->name, sizeof p->name, "%s", name);
    p->config = 0;
    p->state = OFPPS_LIVE;
    p->curr = OFPPF_10GB_FD | OFPPF_FIBER;
    p->advertised = OFPPF_1GB_FD | OFPPF_10GB_FD | OFPPF_FIBER
                    | OFPPF_AUTONEG;
    p->supported = p->advertised | OFPPF_PAUSE;
    p->peer = OFPPF_10GB_FD | OFPPF_FIBER;
    p->curr_speed = 10000000;
    p->max_speed = 10000000;
}

static struct of_bucket *
build_buckets(struct arena *arena, uint8_t group_type, size_t *np)
{
    struct of_bucket *b = arena_alloc(arena, 2 * sizeof *b);

    for (size_t i = 0; i < 2; i++) {
        struct of_action *a = new_actions(arena, 2);

        a[0].type = OFPAT_SET_FIELD;
        a[0].set_field.field = OF_FIELD_ETH_DST;
        memcpy(a[0].set_field.value.mac, i ? mac_h2 : mac_h1, 6);
        act_output(&a[1], i + 1, 0);

        b[i].weight = group_type == OFPGT_SELECT ? 10 * (i + 1) : 0;
        b[i].watch_port = group_type == OFPGT_FF ? i + 1 : OFPP_ANY;
        b[i].watch_group = OFPG_ANY;
        b[i].actions = a;
        b[i].n_actions = 2;
    }
    *np = 2;
    return b;
}

static struct of_meter_band *
build_bands(struct arena *arena, size_t *np)
{
    struct of_meter_band *b = arena_alloc(arena, 2 * sizeof *b);

    b[0].type = OFPMBT_DROP;
    b[0].rate = 10000;
    b[0].burst_size = 1000;
    b[1].type = OFPMBT_DSCP_REMARK;
    b[1].rate = 5000;
    b[1].burst_size = 500;
    b[1].prec_level = 1;
    *np = 2;
    return b;
}

/* ---- The samples: one builder per message ---- */

static void
build_hello(struct of_msg *msg)
{
    msg->u.hello.has_bitmap = true;
    msg->u.hello.n_bitmaps = 1;
    msg->u.hello.bitmaps[0] = 1u << OFP_VERSION;
}

/* A flow mod whose match lacks tcp_dst's prerequisites. */
static void
build_bad_prereq_flow_mod(struct of_msg *fm)
{
    of_msg_init(fm, OFPT_FLOW_MOD, 0x99);
    fm->u.flow_mod.command = OFPFC_ADD;
    fm->u.flow_mod.buffer_id = OFP_NO_BUFFER;
    fm->u.flow_mod.out_port = OFPP_ANY;
    fm->u.flow_mod.out_group = OFPG_ANY;
    fm->u.flow_mod.priority = 100;
    of_match_init(&fm->u.flow_mod.match);
    match_u16(&fm->u.flow_mod.match, OF_FIELD_TCP_DST, 80);
}

/* An error replying to that flow mod: the data is the first 64 bytes of
 * the offending message, as ofkit sends (here the whole of it). */
static void
build_error(struct of_msg *msg)
{
    struct of_msg fm;
    struct ofpbuf b = OFPBUF_INITIALIZER;

    build_bad_prereq_flow_mod(&fm);
    of_msg_encode(&fm, &b);

    msg->u.error.type = ofperr_type(OFPERR_OFPBMC_BAD_PREREQ);
    msg->u.error.code = ofperr_code(OFPERR_OFPBMC_BAD_PREREQ);
    msg->u.error.len = MIN(b.size, (size_t) 64);
    msg->u.error.data = arena_memdup(&msg->arena, b.data, msg->u.error.len);
    ofpbuf_uninit(&b);
    of_msg_uninit(&fm);
}

/* A HELLO_FAILED error carries ASCII text (A.4.4). */
static void
build_error_hello_failed(struct of_msg *msg)
{
    static const char text[] = "no common version: we speak 1.3 only";

    msg->u.error.type = ofperr_type(OFPERR_OFPHFC_INCOMPATIBLE);
    msg->u.error.code = ofperr_code(OFPERR_OFPHFC_INCOMPATIBLE);
    msg->u.error.data = (const uint8_t *) text;
    msg->u.error.len = strlen(text);
}

static void
build_error_experimenter(struct of_msg *msg)
{
    static const uint8_t data[] = { 0x04, 0x04, 0x00, 0x10, 0, 0, 0, 7 };

    msg->u.error.type = OFPET_EXPERIMENTER;
    msg->u.error.code = 5;
    msg->u.error.experimenter = 0x00abcdef;
    msg->u.error.data = data;
    msg->u.error.len = sizeof data;
}

static void
build_echo(struct of_msg *msg)
{
    static const uint8_t data[] = "ofkit echo 0123";

    msg->u.echo.data = data;
    msg->u.echo.len = 16;
}

static void
build_experimenter(struct of_msg *msg)
{
    static const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    msg->u.experimenter.exp.experimenter = 0x00abcdef;
    msg->u.experimenter.exp.exp_type = 42;
    msg->u.experimenter.exp.data = data;
    msg->u.experimenter.exp.len = sizeof data;
}

static void
build_empty(struct of_msg *msg OF_UNUSED)
{
}

static void
build_features_reply(struct of_msg *msg)
{
    struct of_switch_features *f = &msg->u.features;

    f->datapath_id = 0x0000525400123400ull;
    f->n_buffers = 256;
    f->n_tables = 254;
    f->auxiliary_id = 0;
    f->capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                      | OFPC_GROUP_STATS | OFPC_QUEUE_STATS
                      | OFPC_PORT_BLOCKED;
}

static void
build_get_config_reply(struct of_msg *msg)
{
    msg->u.config.flags = OFPC_FRAG_NORMAL;
    msg->u.config.miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
}

static void
build_set_config(struct of_msg *msg)
{
    msg->u.config.flags = OFPC_FRAG_DROP;
    msg->u.config.miss_send_len = OFPCML_NO_BUFFER;
}

static void
build_packet_in(struct of_msg *msg)
{
    struct of_packet_in *pi = &msg->u.packet_in;

    pi->buffer_id = OFP_NO_BUFFER;
    pi->total_len = SAMPLE_FRAME_LEN;
    pi->reason = OFPR_ACTION;
    pi->table_id = 1;
    pi->cookie = 0x0123456789abcdefull;
    of_match_init(&pi->match);
    match_u32(&pi->match, OF_FIELD_IN_PORT, 1);
    match_u64_masked(&pi->match, OF_FIELD_METADATA, 0xfe00, UINT64_MAX);
    match_u64_masked(&pi->match, OF_FIELD_TUNNEL_ID, 0x64, UINT64_MAX);
    pi->data = sample_frame();
    pi->len = SAMPLE_FRAME_LEN;
}

static void
build_flow_removed(struct of_msg *msg)
{
    struct of_flow_removed *fr = &msg->u.flow_removed;

    fr->cookie = 0xabcd;
    fr->priority = 1000;
    fr->reason = OFPRR_IDLE_TIMEOUT;
    fr->table_id = 0;
    fr->duration_sec = 3600;
    fr->duration_nsec = 500000000;
    fr->idle_timeout = 60;
    fr->hard_timeout = 0;
    fr->packet_count = 123456;
    fr->byte_count = 98765432;
    build_tcp_match(&fr->match);
}

static void
build_port_status(struct of_msg *msg)
{
    msg->u.port_status.reason = OFPPR_MODIFY;
    build_port(&msg->u.port_status.desc, 1, mac_p1, "eth1");
    msg->u.port_status.desc.config = OFPPC_NO_PACKET_IN;
    msg->u.port_status.desc.state = OFPPS_LINK_DOWN;
}

static void
build_packet_out(struct of_msg *msg)
{
    struct of_packet_out *po = &msg->u.packet_out;
    struct of_action *a = new_actions(&msg->arena, 3);

    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_CONTROLLER;
    act_set_field_mac(&a[0], OF_FIELD_ETH_SRC, mac_p2);
    act_output(&a[1], OFPP_TABLE, 0);
    act_output(&a[2], 3, 0);
    po->actions = a;
    po->n_actions = 3;
    po->data = sample_frame();
    po->len = SAMPLE_FRAME_LEN;
}

static void
build_flow_mod(struct of_msg *msg)
{
    struct of_flow_mod *fm = &msg->u.flow_mod;

    fm->cookie = 0x00000000deadbeefull;
    fm->cookie_mask = 0;
    fm->table_id = 0;
    fm->command = OFPFC_ADD;
    fm->idle_timeout = 60;
    fm->hard_timeout = 300;
    fm->priority = 1000;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    fm->flags = OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP;
    build_tcp_match(&fm->match);
    build_flow_instructions(&msg->arena, &fm->instructions,
                            &fm->n_instructions);
}

/* A MODIFY_STRICT with the remaining action types and the IPv6 fields. */
static void
build_flow_mod_all_actions(struct of_msg *msg)
{
    struct of_flow_mod *fm = &msg->u.flow_mod;
    struct of_instruction *insts = arena_alloc(&msg->arena,
                                               3 * sizeof *insts);

    fm->cookie = 0x1111;
    fm->cookie_mask = UINT64_MAX;
    fm->table_id = 2;
    fm->command = OFPFC_MODIFY_STRICT;
    fm->priority = 2000;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    fm->flags = OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS
                | OFPFF_NO_BYT_COUNTS;
    build_ipv6_match(&fm->match);
    insts[0].type = OFPIT_APPLY_ACTIONS;
    build_all_actions(&msg->arena, &insts[0].actions.actions,
                      &insts[0].actions.n);
    insts[1].type = OFPIT_CLEAR_ACTIONS;
    insts[2].type = OFPIT_GOTO_TABLE;
    insts[2].table_id = 10;
    fm->instructions = insts;
    fm->n_instructions = 3;
}

/* A DELETE of every flow to port 2 in all tables. */
static void
build_flow_mod_delete(struct of_msg *msg)
{
    struct of_flow_mod *fm = &msg->u.flow_mod;

    fm->table_id = OFPTT_ALL;
    fm->command = OFPFC_DELETE;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = 2;
    fm->out_group = OFPG_ANY;
    fm->cookie = 0x1000;
    fm->cookie_mask = 0xf000;
    build_arp_match(&fm->match);
}

static void
build_group_mod(struct of_msg *msg)
{
    struct of_group_mod *gm = &msg->u.group_mod;

    gm->command = OFPGC_ADD;
    gm->type = OFPGT_SELECT;
    gm->group_id = 1;
    gm->buckets = build_buckets(&msg->arena, gm->type, &gm->n_buckets);
}

static void
build_group_mod_ff(struct of_msg *msg)
{
    struct of_group_mod *gm = &msg->u.group_mod;

    gm->command = OFPGC_MODIFY;
    gm->type = OFPGT_FF;
    gm->group_id = 2;
    gm->buckets = build_buckets(&msg->arena, gm->type, &gm->n_buckets);
}

static void
build_port_mod(struct of_msg *msg)
{
    struct of_port_mod *pm = &msg->u.port_mod;

    pm->port_no = 1;
    memcpy(pm->hw_addr, mac_p1, 6);
    pm->config = OFPPC_NO_FWD;
    pm->mask = OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    pm->advertise = OFPPF_10GB_FD | OFPPF_FIBER;
}

static void
build_table_mod(struct of_msg *msg)
{
    msg->u.table_mod.table_id = 1;
    msg->u.table_mod.config = 0;
}

static void
build_queue_get_config_request(struct of_msg *msg)
{
    msg->u.queue_get_config_request.port = 1;
}

static void
build_queue_get_config_reply(struct of_msg *msg)
{
    struct of_queue_get_config_reply *r = &msg->u.queue_get_config_reply;
    struct of_packet_queue *q = arena_alloc(&msg->arena, 2 * sizeof *q);

    r->port = 1;
    for (size_t i = 0; i < 2; i++) {
        struct of_queue_prop *p = arena_alloc(&msg->arena, 2 * sizeof *p);

        p[0].type = OFPQT_MIN_RATE;
        p[0].rate = 100 * (i + 1);
        p[1].type = OFPQT_MAX_RATE;
        p[1].rate = i ? OFPQ_MAX_RATE_UNCFG : 500;
        q[i].queue_id = i;
        q[i].port = 1;
        q[i].props = p;
        q[i].n_props = 2;
    }
    r->queues = q;
    r->n = 2;
}

static void
build_role_request(struct of_msg *msg)
{
    msg->u.role.role = OFPCR_ROLE_MASTER;
    msg->u.role.generation_id = 7;
}

static void
build_role_reply(struct of_msg *msg)
{
    msg->u.role.role = OFPCR_ROLE_SLAVE;
    msg->u.role.generation_id = 8;
}

static void
build_async(struct of_msg *msg)
{
    struct of_async_config *a = &msg->u.async;

    a->packet_in_mask[0] = 1 << OFPR_NO_MATCH | 1 << OFPR_ACTION;
    a->packet_in_mask[1] = 0;
    a->port_status_mask[0] = 1 << OFPPR_ADD | 1 << OFPPR_DELETE
                             | 1 << OFPPR_MODIFY;
    a->port_status_mask[1] = 1 << OFPPR_ADD | 1 << OFPPR_DELETE
                             | 1 << OFPPR_MODIFY;
    a->flow_removed_mask[0] = 1 << OFPRR_IDLE_TIMEOUT
                              | 1 << OFPRR_HARD_TIMEOUT | 1 << OFPRR_DELETE;
    a->flow_removed_mask[1] = 0;
}

static void
build_meter_mod(struct of_msg *msg)
{
    struct of_meter_mod *mm = &msg->u.meter_mod;

    mm->command = OFPMC_ADD;
    mm->flags = OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS;
    mm->meter_id = 1;
    mm->bands = build_bands(&msg->arena, &mm->n_bands);
}

/* ---- Multipart requests ---- */

static void
build_mpreq_flow(struct of_msg *msg)
{
    struct of_flow_stats_request *r = &msg->u.mp_request.flow;

    r->table_id = OFPTT_ALL;
    r->out_port = OFPP_ANY;
    r->out_group = OFPG_ANY;
    r->cookie = 0;
    r->cookie_mask = 0;
    of_match_init(&r->match);
    match_u32(&r->match, OF_FIELD_IN_PORT, 1);
    match_u16(&r->match, OF_FIELD_ETH_TYPE, 0x0800);
}

static void
build_mpreq_aggregate(struct of_msg *msg)
{
    struct of_flow_stats_request *r = &msg->u.mp_request.aggregate;

    r->table_id = 0;
    r->out_port = 2;
    r->out_group = OFPG_ANY;
    r->cookie = 0x1000;
    r->cookie_mask = 0xf000;
    build_mpls_match(&r->match);
}

static void
build_mpreq_port_stats(struct of_msg *msg)
{
    msg->u.mp_request.port_stats.port_no = OFPP_ANY;
}

static void
build_mpreq_queue(struct of_msg *msg)
{
    msg->u.mp_request.queue.port_no = 1;
    msg->u.mp_request.queue.queue_id = OFPQ_ALL;
}

static void
build_mpreq_group(struct of_msg *msg)
{
    msg->u.mp_request.group.group_id = OFPG_ALL;
}

static void
build_mpreq_meter(struct of_msg *msg)
{
    msg->u.mp_request.meter.meter_id = OFPM_ALL;
}

static void
build_mpreq_meter_config(struct of_msg *msg)
{
    msg->u.mp_request.meter_config.meter_id = 1;
}

static void
build_mpreq_experimenter(struct of_msg *msg)
{
    static const uint8_t data[] = { 0xca, 0xfe, 0xf0, 0x0d };

    msg->u.mp_request.experimenter.exp.experimenter = 0x00abcdef;
    msg->u.mp_request.experimenter.exp.exp_type = 1;
    msg->u.mp_request.experimenter.exp.data = data;
    msg->u.mp_request.experimenter.exp.len = sizeof data;
}

/* ---- Multipart replies ---- */

static void
build_mprep_desc(struct of_msg *msg)
{
    struct of_desc *d = &msg->u.mp_reply.desc;

    snprintf(d->mfr_desc, sizeof d->mfr_desc, "ofkit project");
    snprintf(d->hw_desc, sizeof d->hw_desc, "userspace datapath");
    snprintf(d->sw_desc, sizeof d->sw_desc, "ofswitch 0.1");
    snprintf(d->serial_num, sizeof d->serial_num, "SN-0001");
    snprintf(d->dp_desc, sizeof d->dp_desc, "wire-gen sample switch");
}

static void
build_mprep_flow(struct of_msg *msg)
{
    struct of_flow_stats_reply *r = &msg->u.mp_reply.flow;
    struct of_flow_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    s[0].table_id = 0;
    s[0].duration_sec = 100;
    s[0].duration_nsec = 250;
    s[0].priority = 1000;
    s[0].idle_timeout = 60;
    s[0].hard_timeout = 300;
    s[0].flags = OFPFF_SEND_FLOW_REM;
    s[0].cookie = 0xdeadbeef;
    s[0].packet_count = 10;
    s[0].byte_count = 1500;
    build_tcp_match(&s[0].match);
    build_flow_instructions(&msg->arena, &s[0].instructions,
                            &s[0].n_instructions);

    s[1].table_id = 1;
    s[1].duration_sec = 5;
    s[1].priority = 0;
    s[1].packet_count = 3;
    s[1].byte_count = 180;
    of_match_init(&s[1].match);
    s[1].instructions = arena_alloc(&msg->arena,
                                    sizeof *s[1].instructions);
    s[1].instructions[0].type = OFPIT_APPLY_ACTIONS;
    s[1].instructions[0].actions.actions = new_actions(&msg->arena, 1);
    act_output(&s[1].instructions[0].actions.actions[0], OFPP_CONTROLLER,
               OFPCML_NO_BUFFER);
    s[1].instructions[0].actions.n = 1;
    s[1].n_instructions = 1;

    r->stats = s;
    r->n = 2;
}

static void
build_mprep_aggregate(struct of_msg *msg)
{
    msg->u.mp_reply.aggregate.packet_count = 1000;
    msg->u.mp_reply.aggregate.byte_count = 64000;
    msg->u.mp_reply.aggregate.flow_count = 12;
}

static void
build_mprep_table(struct of_msg *msg)
{
    struct of_table_stats_reply *r = &msg->u.mp_reply.table;
    struct of_table_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    for (size_t i = 0; i < 2; i++) {
        s[i].table_id = i;
        s[i].active_count = 10 - i;
        s[i].lookup_count = 5000 + i;
        s[i].matched_count = 4000 + i;
    }
    r->stats = s;
    r->n = 2;
}

static void
build_mprep_port_stats(struct of_msg *msg)
{
    struct of_port_stats_reply *r = &msg->u.mp_reply.port_stats;
    struct of_port_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    for (size_t i = 0; i < 2; i++) {
        s[i].port_no = i + 1;
        s[i].rx_packets = 100 + i;
        s[i].tx_packets = 200 + i;
        s[i].rx_bytes = 10000 + i;
        s[i].tx_bytes = 20000 + i;
        s[i].rx_dropped = 1;
        s[i].tx_dropped = 2;
        s[i].rx_errors = 3;
        s[i].tx_errors = 4;
        s[i].rx_frame_err = 5;
        s[i].rx_over_err = 6;
        s[i].rx_crc_err = 7;
        s[i].collisions = 8;
        s[i].duration_sec = 60;
        s[i].duration_nsec = 1000;
    }
    r->stats = s;
    r->n = 2;
}

static void
build_mprep_queue(struct of_msg *msg)
{
    struct of_queue_stats_reply *r = &msg->u.mp_reply.queue;
    struct of_queue_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    for (size_t i = 0; i < 2; i++) {
        s[i].port_no = 1;
        s[i].queue_id = i;
        s[i].tx_bytes = 3000 + i;
        s[i].tx_packets = 30 + i;
        s[i].tx_errors = i;
        s[i].duration_sec = 12;
        s[i].duration_nsec = 34;
    }
    r->stats = s;
    r->n = 2;
}

static void
build_mprep_group(struct of_msg *msg)
{
    struct of_group_stats_reply *r = &msg->u.mp_reply.group;
    struct of_group_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    for (size_t i = 0; i < 2; i++) {
        struct of_bucket_counter *c = arena_alloc(&msg->arena,
                                                  2 * sizeof *c);

        c[0].packet_count = 5;
        c[0].byte_count = 500;
        c[1].packet_count = 6;
        c[1].byte_count = 600;
        s[i].group_id = i + 1;
        s[i].ref_count = 1;
        s[i].packet_count = 11;
        s[i].byte_count = 1100;
        s[i].duration_sec = 30;
        s[i].duration_nsec = 40;
        s[i].buckets = c;
        s[i].n_buckets = 2;
    }
    r->stats = s;
    r->n = 2;
}

static void
build_mprep_group_desc(struct of_msg *msg)
{
    struct of_group_desc_reply *r = &msg->u.mp_reply.group_desc;
    struct of_group_desc *d = arena_alloc(&msg->arena, 2 * sizeof *d);

    d[0].type = OFPGT_SELECT;
    d[0].group_id = 1;
    d[0].buckets = build_buckets(&msg->arena, d[0].type, &d[0].n_buckets);
    d[1].type = OFPGT_ALL;
    d[1].group_id = 3;
    d[1].buckets = build_buckets(&msg->arena, d[1].type, &d[1].n_buckets);
    r->descs = d;
    r->n = 2;
}

static void
build_mprep_group_features(struct of_msg *msg)
{
    struct of_group_features *f = &msg->u.mp_reply.group_features;
    uint32_t actions = 1u << OFPAT_OUTPUT | 1u << OFPAT_SET_FIELD
                       | 1u << OFPAT_PUSH_VLAN | 1u << OFPAT_POP_VLAN
                       | 1u << OFPAT_GROUP | 1u << OFPAT_DEC_NW_TTL;

    f->types = 1u << OFPGT_ALL | 1u << OFPGT_SELECT | 1u << OFPGT_INDIRECT
               | 1u << OFPGT_FF;
    f->capabilities = OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS
                      | OFPGFC_CHAINING;
    for (size_t i = 0; i < 4; i++) {
        f->max_groups[i] = 1024;
        f->actions[i] = actions;
    }
}

static void
build_mprep_meter(struct of_msg *msg)
{
    struct of_meter_stats_reply *r = &msg->u.mp_reply.meter;
    struct of_meter_stats *s = arena_alloc(&msg->arena, 2 * sizeof *s);

    for (size_t i = 0; i < 2; i++) {
        struct of_meter_band_stats *b = arena_alloc(&msg->arena,
                                                    2 * sizeof *b);

        b[0].packet_band_count = 7;
        b[0].byte_band_count = 700;
        b[1].packet_band_count = 8;
        b[1].byte_band_count = 800;
        s[i].meter_id = i + 1;
        s[i].flow_count = 2;
        s[i].packet_in_count = 1000;
        s[i].byte_in_count = 100000;
        s[i].duration_sec = 50;
        s[i].duration_nsec = 60;
        s[i].bands = b;
        s[i].n_bands = 2;
    }
    r->stats = s;
    r->n = 2;
}

static void
build_mprep_meter_config(struct of_msg *msg)
{
    struct of_meter_config_reply *r = &msg->u.mp_reply.meter_config;
    struct of_meter_config *c = arena_alloc(&msg->arena, 2 * sizeof *c);

    c[0].flags = OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS;
    c[0].meter_id = 1;
    c[0].bands = build_bands(&msg->arena, &c[0].n_bands);
    c[1].flags = OFPMF_PKTPS;
    c[1].meter_id = 2;
    c[1].bands = arena_alloc(&msg->arena, sizeof *c[1].bands);
    c[1].bands[0].type = OFPMBT_DROP;
    c[1].bands[0].rate = 100;
    c[1].n_bands = 1;
    r->configs = c;
    r->n = 2;
}

static void
build_mprep_meter_features(struct of_msg *msg)
{
    struct of_meter_features *f = &msg->u.mp_reply.meter_features;

    f->max_meter = 1024;
    f->band_types = 1u << OFPMBT_DROP | 1u << OFPMBT_DSCP_REMARK;
    f->capabilities = OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS;
    f->max_bands = 4;
    f->max_color = 8;
}

/* Table features with one property of every type of 1.3.5 (7.3.5.5). */
static void
build_table_features(struct arena *arena, struct of_table_features *t,
                     uint8_t table_id)
{
    static const uint16_t inst_types[] = {
        OFPIT_GOTO_TABLE, OFPIT_WRITE_METADATA, OFPIT_WRITE_ACTIONS,
        OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS, OFPIT_METER,
    };
    static const uint16_t action_types[] = {
        OFPAT_OUTPUT, OFPAT_PUSH_VLAN, OFPAT_POP_VLAN, OFPAT_GROUP,
        OFPAT_SET_FIELD, OFPAT_DEC_NW_TTL,
    };
    static const uint8_t match_fields[] = {
        OFPXMT_OFB_IN_PORT, OFPXMT_OFB_ETH_DST, OFPXMT_OFB_ETH_SRC,
        OFPXMT_OFB_ETH_TYPE, OFPXMT_OFB_VLAN_VID, OFPXMT_OFB_IP_PROTO,
        OFPXMT_OFB_IPV4_SRC, OFPXMT_OFB_IPV4_DST, OFPXMT_OFB_TCP_DST,
    };
    static const uint8_t field_lens[] = { 4, 6, 6, 2, 2, 1, 4, 4, 2 };
    static const uint16_t prop_types[] = {
        OFPTFPT_INSTRUCTIONS, OFPTFPT_INSTRUCTIONS_MISS,
        OFPTFPT_NEXT_TABLES, OFPTFPT_NEXT_TABLES_MISS,
        OFPTFPT_WRITE_ACTIONS, OFPTFPT_WRITE_ACTIONS_MISS,
        OFPTFPT_APPLY_ACTIONS, OFPTFPT_APPLY_ACTIONS_MISS,
        OFPTFPT_MATCH, OFPTFPT_WILDCARDS,
        OFPTFPT_WRITE_SETFIELD, OFPTFPT_WRITE_SETFIELD_MISS,
        OFPTFPT_APPLY_SETFIELD, OFPTFPT_APPLY_SETFIELD_MISS,
        OFPTFPT_EXPERIMENTER, OFPTFPT_EXPERIMENTER_MISS,
    };
    static const uint8_t exp_prop_data[] = { 0, 0, 0, 1, 0, 0, 0, 2 };
    size_t n_props = ARRAY_SIZE(prop_types);
    struct of_table_feature_prop *props;

    t->table_id = table_id;
    snprintf(t->name, sizeof t->name, "table%u", table_id);
    t->metadata_match = UINT64_MAX;
    t->metadata_write = UINT64_MAX;
    t->config = 0;
    t->max_entries = 4096;

    props = arena_alloc(arena, n_props * sizeof *props);
    for (size_t i = 0; i < n_props; i++) {
        struct of_table_feature_prop *p = &props[i];
        uint16_t type = prop_types[i];

        p->type = type;
        switch (type) {
        case OFPTFPT_INSTRUCTIONS:
        case OFPTFPT_INSTRUCTIONS_MISS:
            p->ids.n = ARRAY_SIZE(inst_types);
            p->ids.ids = arena_alloc(arena, p->ids.n * sizeof *p->ids.ids);
            for (size_t j = 0; j < p->ids.n; j++) {
                p->ids.ids[j].type = inst_types[j];
            }
            break;
        case OFPTFPT_WRITE_ACTIONS:
        case OFPTFPT_WRITE_ACTIONS_MISS:
        case OFPTFPT_APPLY_ACTIONS:
        case OFPTFPT_APPLY_ACTIONS_MISS:
            p->ids.n = ARRAY_SIZE(action_types);
            p->ids.ids = arena_alloc(arena, p->ids.n * sizeof *p->ids.ids);
            for (size_t j = 0; j < p->ids.n; j++) {
                p->ids.ids[j].type = action_types[j];
            }
            break;
        case OFPTFPT_NEXT_TABLES:
        case OFPTFPT_NEXT_TABLES_MISS:
            p->tables.n = 3;
            p->tables.ids = arena_alloc(arena, 3);
            for (size_t j = 0; j < 3; j++) {
                p->tables.ids[j] = table_id + 1 + j;
            }
            break;
        case OFPTFPT_MATCH:
        case OFPTFPT_WILDCARDS:
        case OFPTFPT_WRITE_SETFIELD:
        case OFPTFPT_WRITE_SETFIELD_MISS:
        case OFPTFPT_APPLY_SETFIELD:
        case OFPTFPT_APPLY_SETFIELD_MISS:
            p->oxms.n = ARRAY_SIZE(match_fields);
            p->oxms.oxms = arena_alloc(arena,
                                       p->oxms.n * sizeof *p->oxms.oxms);
            for (size_t j = 0; j < p->oxms.n; j++) {
                p->oxms.oxms[j].oxm_header
                    = OXM_HEADER(OFPXMC_OPENFLOW_BASIC, match_fields[j], 0,
                                 field_lens[j]);
            }
            break;
        case OFPTFPT_EXPERIMENTER:
        case OFPTFPT_EXPERIMENTER_MISS:
            p->experimenter.experimenter = 0x00abcdef;
            p->experimenter.exp_type = type == OFPTFPT_EXPERIMENTER ? 1 : 2;
            p->experimenter.data = exp_prop_data;
            p->experimenter.len = sizeof exp_prop_data;
            break;
        }
    }
    t->props = props;
    t->n_props = n_props;
}

static void
build_mpreq_table_features_set(struct of_msg *msg)
{
    struct of_table_features_list *l = &msg->u.mp_request.table_features;

    l->tables = arena_alloc(&msg->arena, sizeof *l->tables);
    build_table_features(&msg->arena, &l->tables[0], 0);
    l->n = 1;
}

static void
build_mprep_table_features(struct of_msg *msg)
{
    struct of_table_features_list *l = &msg->u.mp_reply.table_features;

    l->tables = arena_alloc(&msg->arena, 2 * sizeof *l->tables);
    build_table_features(&msg->arena, &l->tables[0], 0);
    build_table_features(&msg->arena, &l->tables[1], 1);
    l->n = 2;
}

static void
build_mprep_port_desc(struct of_msg *msg)
{
    struct of_port_desc_reply *r = &msg->u.mp_reply.port_desc;
    struct of_port *p = arena_alloc(&msg->arena, 2 * sizeof *p);

    build_port(&p[0], 1, mac_p1, "eth1");
    build_port(&p[1], 2, mac_p2, "eth2");
    p[1].config = OFPPC_PORT_DOWN;
    p[1].state = OFPPS_LINK_DOWN;
    r->ports = p;
    r->n = 2;
}

static void
build_mprep_experimenter(struct of_msg *msg)
{
    static const uint8_t data[] = { 0xbe, 0xef, 0, 1, 0, 0, 0, 0 };

    msg->u.mp_reply.experimenter.exp.experimenter = 0x00abcdef;
    msg->u.mp_reply.experimenter.exp.exp_type = 1;
    msg->u.mp_reply.experimenter.exp.data = data;
    msg->u.mp_reply.experimenter.exp.len = sizeof data;
}

/* ---- The sample table ---- */

#define NOT_MP (-1)

struct sample {
    const char *name;           /* File-name friendly, unique. */
    uint8_t type;               /* OFPT_*. */
    int mp_type;                /* OFPMP_*, or NOT_MP. */
    void (*build)(struct of_msg *);
};

#define MSG(NAME, TYPE, BUILD) { NAME, OFPT_##TYPE, NOT_MP, BUILD }
#define MPREQ(NAME, MP, BUILD) \
    { NAME, OFPT_MULTIPART_REQUEST, OFPMP_##MP, BUILD }
#define MPREP(NAME, MP, BUILD) \
    { NAME, OFPT_MULTIPART_REPLY, OFPMP_##MP, BUILD }

static const struct sample samples[] = {
    MSG("hello", HELLO, build_hello),
    MSG("error-bad-prereq", ERROR, build_error),
    MSG("error-hello-failed", ERROR, build_error_hello_failed),
    MSG("error-experimenter", ERROR, build_error_experimenter),
    MSG("echo-request", ECHO_REQUEST, build_echo),
    MSG("echo-reply", ECHO_REPLY, build_echo),
    MSG("experimenter", EXPERIMENTER, build_experimenter),
    MSG("features-request", FEATURES_REQUEST, build_empty),
    MSG("features-reply", FEATURES_REPLY, build_features_reply),
    MSG("get-config-request", GET_CONFIG_REQUEST, build_empty),
    MSG("get-config-reply", GET_CONFIG_REPLY, build_get_config_reply),
    MSG("set-config", SET_CONFIG, build_set_config),
    MSG("packet-in", PACKET_IN, build_packet_in),
    MSG("flow-removed", FLOW_REMOVED, build_flow_removed),
    MSG("port-status", PORT_STATUS, build_port_status),
    MSG("packet-out", PACKET_OUT, build_packet_out),
    MSG("flow-mod-add", FLOW_MOD, build_flow_mod),
    MSG("flow-mod-all-actions", FLOW_MOD, build_flow_mod_all_actions),
    MSG("flow-mod-delete", FLOW_MOD, build_flow_mod_delete),
    MSG("group-mod-select", GROUP_MOD, build_group_mod),
    MSG("group-mod-ff", GROUP_MOD, build_group_mod_ff),
    MSG("port-mod", PORT_MOD, build_port_mod),
    MSG("table-mod", TABLE_MOD, build_table_mod),
    MPREQ("mpreq-desc", DESC, build_empty),
    MPREP("mprep-desc", DESC, build_mprep_desc),
    MPREQ("mpreq-flow", FLOW, build_mpreq_flow),
    MPREP("mprep-flow", FLOW, build_mprep_flow),
    MPREQ("mpreq-aggregate", AGGREGATE, build_mpreq_aggregate),
    MPREP("mprep-aggregate", AGGREGATE, build_mprep_aggregate),
    MPREQ("mpreq-table", TABLE, build_empty),
    MPREP("mprep-table", TABLE, build_mprep_table),
    MPREQ("mpreq-port-stats", PORT_STATS, build_mpreq_port_stats),
    MPREP("mprep-port-stats", PORT_STATS, build_mprep_port_stats),
    MPREQ("mpreq-queue", QUEUE, build_mpreq_queue),
    MPREP("mprep-queue", QUEUE, build_mprep_queue),
    MPREQ("mpreq-group", GROUP, build_mpreq_group),
    MPREP("mprep-group", GROUP, build_mprep_group),
    MPREQ("mpreq-group-desc", GROUP_DESC, build_empty),
    MPREP("mprep-group-desc", GROUP_DESC, build_mprep_group_desc),
    MPREQ("mpreq-group-features", GROUP_FEATURES, build_empty),
    MPREP("mprep-group-features", GROUP_FEATURES,
          build_mprep_group_features),
    MPREQ("mpreq-meter", METER, build_mpreq_meter),
    MPREP("mprep-meter", METER, build_mprep_meter),
    MPREQ("mpreq-meter-config", METER_CONFIG, build_mpreq_meter_config),
    MPREP("mprep-meter-config", METER_CONFIG, build_mprep_meter_config),
    MPREQ("mpreq-meter-features", METER_FEATURES, build_empty),
    MPREP("mprep-meter-features", METER_FEATURES,
          build_mprep_meter_features),
    MPREQ("mpreq-table-features", TABLE_FEATURES, build_empty),
    MPREQ("mpreq-table-features-set", TABLE_FEATURES,
          build_mpreq_table_features_set),
    MPREP("mprep-table-features", TABLE_FEATURES,
          build_mprep_table_features),
    MPREQ("mpreq-port-desc", PORT_DESC, build_empty),
    MPREP("mprep-port-desc", PORT_DESC, build_mprep_port_desc),
    MPREQ("mpreq-experimenter", EXPERIMENTER, build_mpreq_experimenter),
    MPREP("mprep-experimenter", EXPERIMENTER, build_mprep_experimenter),
    MSG("barrier-request", BARRIER_REQUEST, build_empty),
    MSG("barrier-reply", BARRIER_REPLY, build_empty),
    MSG("queue-get-config-request", QUEUE_GET_CONFIG_REQUEST,
        build_queue_get_config_request),
    MSG("queue-get-config-reply", QUEUE_GET_CONFIG_REPLY,
        build_queue_get_config_reply),
    MSG("role-request", ROLE_REQUEST, build_role_request),
    MSG("role-reply", ROLE_REPLY, build_role_reply),
    MSG("get-async-request", GET_ASYNC_REQUEST, build_empty),
    MSG("get-async-reply", GET_ASYNC_REPLY, build_async),
    MSG("set-async", SET_ASYNC, build_async),
    MSG("meter-mod", METER_MOD, build_meter_mod),
};

#define N_SAMPLES ARRAY_SIZE(samples)

/* ---- What tshark should see ---- */

/* The skeleton of a message: its OXM fields, instructions, actions,
 * buckets, meter bands, table feature properties and queue properties in
 * wire order, named as Wireshark's openflow_v4 dissector names them.  It is
 * computed from the structs the builders filled in, not from the encoded
 * bytes, so comparing it with what tshark dissects checks the encoders
 * against an independent reading of the wire. */

static const char *const oxm_names[OF_N_FIELDS] = {
#define OXM(ENUM, NAME, CLASS, FIELD, BYTES, MASKABLE, FMT, PREREQ) \
    [OF_FIELD_##ENUM] = "OFPXMT_OFB_" #ENUM,
#include "ofproto/oxm-fields.def"
#undef OXM
};

static const char *
instruction_name(uint16_t type)
{
    switch (type) {
    case OFPIT_GOTO_TABLE:
        return "OFPIT_GOTO_TABLE";
    case OFPIT_WRITE_METADATA:
        return "OFPIT_WRITE_METADATA";
    case OFPIT_WRITE_ACTIONS:
        return "OFPIT_WRITE_ACTIONS";
    case OFPIT_APPLY_ACTIONS:
        return "OFPIT_APPLY_ACTIONS";
    case OFPIT_CLEAR_ACTIONS:
        return "OFPIT_CLEAR_ACTIONS";
    case OFPIT_METER:
        return "OFPIT_METER";
    case OFPIT_EXPERIMENTER:
        return "OFPIT_EXPERIMENTER";
    }
    return "OFPIT_?";
}

static const char *
action_name(uint16_t type)
{
    static const char *const names[] = {
        [OFPAT_OUTPUT] = "OFPAT_OUTPUT",
        [OFPAT_COPY_TTL_OUT] = "OFPAT_COPY_TTL_OUT",
        [OFPAT_COPY_TTL_IN] = "OFPAT_COPY_TTL_IN",
        [OFPAT_SET_MPLS_TTL] = "OFPAT_SET_MPLS_TTL",
        [OFPAT_DEC_MPLS_TTL] = "OFPAT_DEC_MPLS_TTL",
        [OFPAT_PUSH_VLAN] = "OFPAT_PUSH_VLAN",
        [OFPAT_POP_VLAN] = "OFPAT_POP_VLAN",
        [OFPAT_PUSH_MPLS] = "OFPAT_PUSH_MPLS",
        [OFPAT_POP_MPLS] = "OFPAT_POP_MPLS",
        [OFPAT_SET_QUEUE] = "OFPAT_SET_QUEUE",
        [OFPAT_GROUP] = "OFPAT_GROUP",
        [OFPAT_SET_NW_TTL] = "OFPAT_SET_NW_TTL",
        [OFPAT_DEC_NW_TTL] = "OFPAT_DEC_NW_TTL",
        [OFPAT_SET_FIELD] = "OFPAT_SET_FIELD",
        [OFPAT_PUSH_PBB] = "OFPAT_PUSH_PBB",
        [OFPAT_POP_PBB] = "OFPAT_POP_PBB",
    };

    if (type == OFPAT_EXPERIMENTER) {
        return "OFPAT_EXPERIMENTER";
    }
    return type < ARRAY_SIZE(names) && names[type] ? names[type] : "OFPAT_?";
}

static const char *
band_name(uint16_t type)
{
    switch (type) {
    case OFPMBT_DROP:
        return "OFPMBT_DROP";
    case OFPMBT_DSCP_REMARK:
        return "OFPMBT_DSCP_REMARK";
    case OFPMBT_EXPERIMENTER:
        return "OFPMBT_EXPERIMENTER";
    }
    return "OFPMBT_?";
}

static const char *
table_prop_name(uint16_t type)
{
    switch (type) {
    case OFPTFPT_INSTRUCTIONS:
        return "OFPTFPT_INSTRUCTIONS";
    case OFPTFPT_INSTRUCTIONS_MISS:
        return "OFPTFPT_INSTRUCTIONS_MISS";
    case OFPTFPT_NEXT_TABLES:
        return "OFPTFPT_NEXT_TABLES";
    case OFPTFPT_NEXT_TABLES_MISS:
        return "OFPTFPT_NEXT_TABLES_MISS";
    case OFPTFPT_WRITE_ACTIONS:
        return "OFPTFPT_WRITE_ACTIONS";
    case OFPTFPT_WRITE_ACTIONS_MISS:
        return "OFPTFPT_WRITE_ACTIONS_MISS";
    case OFPTFPT_APPLY_ACTIONS:
        return "OFPTFPT_APPLY_ACTIONS";
    case OFPTFPT_APPLY_ACTIONS_MISS:
        return "OFPTFPT_APPLY_ACTIONS_MISS";
    case OFPTFPT_MATCH:
        return "OFPTFPT_MATCH";
    case OFPTFPT_WILDCARDS:
        return "OFPTFPT_WILDCARDS";
    case OFPTFPT_WRITE_SETFIELD:
        return "OFPTFPT_WRITE_SETFIELD";
    case OFPTFPT_WRITE_SETFIELD_MISS:
        return "OFPTFPT_WRITE_SETFIELD_MISS";
    case OFPTFPT_APPLY_SETFIELD:
        return "OFPTFPT_APPLY_SETFIELD";
    case OFPTFPT_APPLY_SETFIELD_MISS:
        return "OFPTFPT_APPLY_SETFIELD_MISS";
    case OFPTFPT_EXPERIMENTER:
        return "OFPTFPT_EXPERIMENTER";
    case OFPTFPT_EXPERIMENTER_MISS:
        return "OFPTFPT_EXPERIMENTER_MISS";
    }
    return "OFPTFPT_?";
}

static void
skel_put(struct ds *s, const char *token, bool masked)
{
    if (s->length) {
        ds_put_char(s, ',');
    }
    ds_put_cstr(s, token);
    if (masked) {
        ds_put_cstr(s, "/m");
    }
}

static void
skel_oxm(struct ds *s, enum of_field field, bool masked)
{
    skel_put(s, field < OF_N_FIELDS ? oxm_names[field] : "OFPXMT_?",
             masked);
}

static void
skel_match(struct ds *s, const struct of_match *m)
{
    for (size_t i = 0; i < m->n; i++) {
        skel_oxm(s, m->oxms[i].field, m->oxms[i].has_mask);
    }
}

static void
skel_actions(struct ds *s, const struct of_action *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        skel_put(s, action_name(a[i].type), false);
        if (a[i].type == OFPAT_SET_FIELD) {
            skel_oxm(s, a[i].set_field.field, false);
        }
    }
}

static void
skel_instructions(struct ds *s, const struct of_instruction *insts,
                  size_t n)
{
    for (size_t i = 0; i < n; i++) {
        skel_put(s, instruction_name(insts[i].type), false);
        if (insts[i].type == OFPIT_WRITE_ACTIONS
            || insts[i].type == OFPIT_APPLY_ACTIONS) {
            skel_actions(s, insts[i].actions.actions, insts[i].actions.n);
        }
    }
}

static void
skel_buckets(struct ds *s, const struct of_bucket *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        skel_put(s, "bucket", false);
        skel_actions(s, b[i].actions, b[i].n_actions);
    }
}

static void
skel_bands(struct ds *s, const struct of_meter_band *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        skel_put(s, band_name(b[i].type), false);
    }
}

static void
skel_table_features(struct ds *s, const struct of_table_features_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const struct of_table_features *t = &l->tables[i];

        for (size_t j = 0; j < t->n_props; j++) {
            const struct of_table_feature_prop *p = &t->props[j];

            skel_put(s, table_prop_name(p->type), false);
            switch (p->type) {
            case OFPTFPT_INSTRUCTIONS:
            case OFPTFPT_INSTRUCTIONS_MISS:
                for (size_t k = 0; k < p->ids.n; k++) {
                    skel_put(s, instruction_name(p->ids.ids[k].type), false);
                }
                break;
            case OFPTFPT_WRITE_ACTIONS:
            case OFPTFPT_WRITE_ACTIONS_MISS:
            case OFPTFPT_APPLY_ACTIONS:
            case OFPTFPT_APPLY_ACTIONS_MISS:
                for (size_t k = 0; k < p->ids.n; k++) {
                    skel_put(s, action_name(p->ids.ids[k].type), false);
                }
                break;
            case OFPTFPT_MATCH:
            case OFPTFPT_WILDCARDS:
            case OFPTFPT_WRITE_SETFIELD:
            case OFPTFPT_WRITE_SETFIELD_MISS:
            case OFPTFPT_APPLY_SETFIELD:
            case OFPTFPT_APPLY_SETFIELD_MISS:
                for (size_t k = 0; k < p->oxms.n; k++) {
                    uint32_t h = p->oxms.oxms[k].oxm_header;

                    skel_oxm(s, of_field_from_oxm(OXM_CLASS(h), OXM_FIELD(h)),
                             OXM_HASMASK(h));
                }
                break;
            }
        }
    }
}

static void
skel_mp_request(struct ds *s, const struct of_mp_request *mp)
{
    switch (mp->type) {
    case OFPMP_FLOW:
        skel_match(s, &mp->flow.match);
        break;
    case OFPMP_AGGREGATE:
        skel_match(s, &mp->aggregate.match);
        break;
    case OFPMP_TABLE_FEATURES:
        skel_table_features(s, &mp->table_features);
        break;
    }
}

static void
skel_mp_reply(struct ds *s, const struct of_mp_reply *mp)
{
    switch (mp->type) {
    case OFPMP_FLOW:
        for (size_t i = 0; i < mp->flow.n; i++) {
            const struct of_flow_stats *fs = &mp->flow.stats[i];

            skel_match(s, &fs->match);
            skel_instructions(s, fs->instructions, fs->n_instructions);
        }
        break;
    case OFPMP_GROUP_DESC:
        for (size_t i = 0; i < mp->group_desc.n; i++) {
            const struct of_group_desc *gd = &mp->group_desc.descs[i];

            skel_buckets(s, gd->buckets, gd->n_buckets);
        }
        break;
    case OFPMP_METER_CONFIG:
        for (size_t i = 0; i < mp->meter_config.n; i++) {
            const struct of_meter_config *mc = &mp->meter_config.configs[i];

            skel_bands(s, mc->bands, mc->n_bands);
        }
        break;
    case OFPMP_TABLE_FEATURES:
        skel_table_features(s, &mp->table_features);
        break;
    }
}

/* Appends the skeleton of 'msg' to 's' ("-" if it has none). */
static void
skeleton(const struct of_msg *msg, struct ds *s)
{
    struct ds sk = DS_EMPTY_INITIALIZER;

    switch (msg->type) {
    case OFPT_ERROR:
        /* tshark dissects the data as the offending message: the flow mod
         * of build_error(). */
        if (msg->u.error.type == OFPET_BAD_MATCH) {
            struct of_msg fm;

            build_bad_prereq_flow_mod(&fm);
            skel_match(&sk, &fm.u.flow_mod.match);
            of_msg_uninit(&fm);
        }
        break;
    case OFPT_PACKET_IN:
        skel_match(&sk, &msg->u.packet_in.match);
        break;
    case OFPT_FLOW_REMOVED:
        skel_match(&sk, &msg->u.flow_removed.match);
        break;
    case OFPT_PACKET_OUT:
        skel_actions(&sk, msg->u.packet_out.actions,
                     msg->u.packet_out.n_actions);
        break;
    case OFPT_FLOW_MOD:
        skel_match(&sk, &msg->u.flow_mod.match);
        skel_instructions(&sk, msg->u.flow_mod.instructions,
                          msg->u.flow_mod.n_instructions);
        break;
    case OFPT_GROUP_MOD:
        skel_buckets(&sk, msg->u.group_mod.buckets,
                     msg->u.group_mod.n_buckets);
        break;
    case OFPT_METER_MOD:
        skel_bands(&sk, msg->u.meter_mod.bands, msg->u.meter_mod.n_bands);
        break;
    case OFPT_QUEUE_GET_CONFIG_REPLY:
        for (size_t i = 0; i < msg->u.queue_get_config_reply.n; i++) {
            const struct of_packet_queue *q
                = &msg->u.queue_get_config_reply.queues[i];

            for (size_t j = 0; j < q->n_props; j++) {
                skel_put(&sk, (q->props[j].type == OFPQT_MIN_RATE
                               ? "OFPQT_MIN_RATE"
                               : q->props[j].type == OFPQT_MAX_RATE
                               ? "OFPQT_MAX_RATE" : "OFPQT_EXPERIMENTER"),
                         false);
            }
        }
        break;
    case OFPT_MULTIPART_REQUEST:
        skel_mp_request(&sk, &msg->u.mp_request);
        break;
    case OFPT_MULTIPART_REPLY:
        skel_mp_reply(&sk, &msg->u.mp_reply);
        break;
    }
    ds_put_cstr(s, sk.length ? ds_cstr(&sk) : "-");
    ds_destroy(&sk);
}

/* Builds sample 'i', appends its encoding to 'out' and returns its
 * skeleton (which the caller must free()). */
static char *
encode_sample(size_t i, struct ofpbuf *out)
{
    struct ds skel = DS_EMPTY_INITIALIZER;
    const struct sample *s = &samples[i];
    struct of_msg msg;

    of_msg_init(&msg, s->type, i + 1);
    if (s->mp_type != NOT_MP) {
        if (s->type == OFPT_MULTIPART_REQUEST) {
            msg.u.mp_request.type = s->mp_type;
        } else {
            msg.u.mp_reply.type = s->mp_type;
        }
    }
    s->build(&msg);
    skeleton(&msg, &skel);
    if (!of_msg_encode(&msg, out)) {
        of_abort("wire-gen: %s: message too long to encode", s->name);
    }
    of_msg_uninit(&msg);
    return ds_steal_cstr(&skel);
}

/* What our own decoder makes of the encoding: "ok", "reencode-differs",
 * "format-empty" or the error's name. */
static const char *
self_check(const uint8_t *data, size_t len)
{
    struct ofpbuf again = OFPBUF_INITIALIZER;
    struct ds text = DS_EMPTY_INITIALIZER;
    const char *result = "ok";
    struct of_msg msg;
    enum ofperr error;

    error = of_msg_decode(&msg, data, len);
    if (error) {
        result = ofperr_name(error);
    } else if (!of_msg_encode(&msg, &again) || again.size != len
               || memcmp(again.data, data, len)) {
        result = "reencode-differs";
    } else {
        of_msg_format(&msg, &text);
        if (!strchr(ds_cstr(&text), ':')) {
            result = "format-empty";
        }
    }
    ds_destroy(&text);
    ofpbuf_uninit(&again);
    of_msg_uninit(&msg);
    return result;
}

/* ---- Output ---- */

/* Frame numbers in the pcap: the handshake takes the first three. */
#define HANDSHAKE_FRAMES 3

static FILE *
open_out(const char *name)
{
    FILE *f = fopen(name, "wb");

    if (!f) {
        fprintf(stderr, "wire-gen: %s: %s\n", name, strerror(errno));
        exit(1);
    }
    return f;
}

static void
close_out(FILE *f, const char *name)
{
    if (ferror(f) || fclose(f)) {
        fprintf(stderr, "wire-gen: %s: write error\n", name);
        exit(1);
    }
}

static void
write_manifest(FILE *f, const struct ofpbuf *all, const size_t *offsets,
               char **skels)
{
    for (size_t i = 0; i < N_SAMPLES; i++) {
        const struct sample *s = &samples[i];
        const uint8_t *p = all->data + offsets[i];
        size_t len = offsets[i + 1] - offsets[i];

        fprintf(f, "%zu\t%u\t%s\t", i + 1 + HANDSHAKE_FRAMES, s->type,
                of_msg_type_name(s->type));
        if (s->mp_type != NOT_MP) {
            fprintf(f, "%d\t%s\t", s->mp_type, of_mp_type_name(s->mp_type));
        } else {
            fprintf(f, "-\t-\t");
        }
        fprintf(f, "%zu\t%s\t%s\t%s\n", len, s->name, self_check(p, len),
                skels[i]);
    }
}

struct pcap_writer {
    pcap_t *pcap;
    pcap_dumper_t *dumper;
    unsigned int n;             /* Packets written so far. */
    uint16_t ip_id;
};

#define CLIENT_PORT 40000
#define CLIENT_ISN 1000u
#define SERVER_ISN 5000u

static void
pcap_put_segment(struct pcap_writer *w, bool to_server, uint32_t seq,
                 uint32_t ack, uint8_t flags, const uint8_t *payload,
                 size_t len)
{
    static uint8_t frame[14 + 40 + 65535];
    struct pcap_pkthdr h;
    size_t ip_len = 40 + len;

    if (ip_len > 65535) {
        of_abort("wire-gen: message too long for one IPv4 packet");
    }
    memcpy(frame, to_server ? mac_h2 : mac_h1, 6);
    memcpy(frame + 6, to_server ? mac_h1 : mac_h2, 6);
    put16(frame + 12, 0x0800);
    put_ip_tcp(frame + 14, ip_len, w->ip_id++, IPV4(127, 0, 0, 1),
               IPV4(127, 0, 0, 1),
               to_server ? CLIENT_PORT : OFP_TCP_PORT,
               to_server ? OFP_TCP_PORT : CLIENT_PORT, seq, ack, flags);
    if (len) {
        memcpy(frame + 54, payload, len);
    }
    fix_checksums(frame + 14, ip_len);

    memset(&h, 0, sizeof h);
    h.ts.tv_sec = 1700000000;
    h.ts.tv_usec = w->n * 1000;
    h.caplen = h.len = 14 + ip_len;
    pcap_dump((u_char *) w->dumper, &h, frame);
    w->n++;
}

static void
write_pcap(const char *name, const struct ofpbuf *all, const size_t *offsets)
{
    struct pcap_writer w = { .ip_id = 1 };
    uint32_t seq = CLIENT_ISN + 1;

    w.pcap = pcap_open_dead(DLT_EN10MB, 65535 + 54);
    if (!w.pcap) {
        fprintf(stderr, "wire-gen: pcap_open_dead failed\n");
        exit(1);
    }
    w.dumper = pcap_dump_open(w.pcap, name);
    if (!w.dumper) {
        fprintf(stderr, "wire-gen: %s: %s\n", name, pcap_geterr(w.pcap));
        exit(1);
    }

    pcap_put_segment(&w, true, CLIENT_ISN, 0, TCP_SYN, NULL, 0);
    pcap_put_segment(&w, false, SERVER_ISN, CLIENT_ISN + 1,
                     TCP_SYN | TCP_ACK, NULL, 0);
    pcap_put_segment(&w, true, seq, SERVER_ISN + 1, TCP_ACK, NULL, 0);
    for (size_t i = 0; i < N_SAMPLES; i++) {
        size_t len = offsets[i + 1] - offsets[i];

        pcap_put_segment(&w, true, seq, SERVER_ISN + 1, TCP_PSH | TCP_ACK,
                         all->data + offsets[i], len);
        seq += len;
    }

    pcap_dump_close(w.dumper);
    pcap_close(w.pcap);
}

static void
write_file(const char *name, const void *data, size_t len)
{
    FILE *f = open_out(name);

    if (len && fwrite(data, 1, len, f) != len) {
        fprintf(stderr, "wire-gen: %s: write error\n", name);
        exit(1);
    }
    close_out(f, name);
}

static void
make_dir(const char *dir)
{
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "wire-gen: %s: %s\n", dir, strerror(errno));
        exit(1);
    }
}

/* Writes every multipart reply with more than one entry, split by
 * of_mp_encode_split() into parts of at most 'max_len' bytes, as one file
 * of back-to-back messages: seeds for the multipart assembler. */
static void
write_split_multipart(const char *dir, size_t max_len)
{
    for (size_t i = 0; i < N_SAMPLES; i++) {
        const struct sample *s = &samples[i];
        struct ofpbuf b = OFPBUF_INITIALIZER;
        struct of_msg msg;

        if (s->type != OFPT_MULTIPART_REPLY) {
            continue;
        }
        of_msg_init(&msg, s->type, i + 1);
        msg.u.mp_reply.type = s->mp_type;
        s->build(&msg);
        if (of_mp_encode_split(&msg, max_len, &b) > 1) {
            char *name = xasprintf("%s/split-%s.bin", dir, s->name);

            write_file(name, b.data, b.size);
            free(name);
        }
        of_msg_uninit(&msg);
        ofpbuf_uninit(&b);
    }
}

static void
write_split(const char *dir, const struct ofpbuf *all, const size_t *offsets)
{
    make_dir(dir);
    for (size_t i = 0; i < N_SAMPLES; i++) {
        char *name = xasprintf("%s/%02zu-%s.bin", dir, i + 1,
                               samples[i].name);

        write_file(name, all->data + offsets[i], offsets[i + 1] - offsets[i]);
        free(name);
    }
    write_split_multipart(dir, 128);
}

/* ---- Malformed samples ---- */

/* Each is hand-made bytes (so it does not depend on our encoders) with what
 * ofctl decode must report: the byte offset of the bad message, its type
 * name and the error ofkit would send. */
struct malformed {
    const char *name;
    const char *hex;
    size_t offset;
    const char *type_name;
    const char *error;
};

static const struct malformed malformed[] = {
    /* A HELLO, then a FLOW_MOD matching tcp_dst=80 without eth_type and
     * ip_proto (7.2.3.6, table 12). */
    { "malformed-flow-mod-prereq",
      "04 00 00 10 00 00 00 01  00 01 00 08 00 00 00 10"
      "04 0e 00 40 00 00 00 02  00 00 00 00 00 00 00 00"
      "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 64"
      "ff ff ff ff ff ff ff ff  ff ff ff ff 00 00 00 00"
      "00 01 00 0a 80 00 1c 02  00 50 00 00 00 00 00 00",
      16, "OFPT_FLOW_MOD", "OFPBMC_BAD_PREREQ" },
    /* An ECHO_REQUEST whose header claims more bytes than the file has. */
    { "malformed-truncated",
      "04 02 00 18 00 00 00 03  01 02 03 04",
      0, "OFPT_ECHO_REQUEST", "OFPBRC_BAD_LEN" },
    /* A GET_CONFIG_REQUEST, then a GROUP_MOD of unknown type 7. */
    { "malformed-group-bad-type",
      "04 07 00 08 00 00 00 04"
      "04 0f 00 10 00 00 00 05  00 00 07 00 00 00 00 01",
      8, "OFPT_GROUP_MOD", "OFPGMFC_BAD_TYPE" },
    /* A FLOW_MOD whose output action says it is 12 bytes long (7.2.5:
     * action lengths are multiples of 8). */
    { "malformed-action-len",
      "04 0e 00 50 00 00 00 06  00 00 00 00 00 00 00 00"
      "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 64"
      "ff ff ff ff ff ff ff ff  ff ff ff ff 00 00 00 00"
      "00 01 00 04 00 00 00 00  00 04 00 18 00 00 00 00"
      "00 00 00 0c 00 00 00 01  ff ff 00 00 00 00 00 00",
      0, "OFPT_FLOW_MOD", "OFPBAC_BAD_LEN" },
    /* A FEATURES_REQUEST in OpenFlow 1.0 framing. */
    { "malformed-bad-version",
      "01 05 00 08 00 00 00 07",
      0, "OFPT_FEATURES_REQUEST", "OFPBRC_BAD_VERSION" },
    /* A METER_MOD adding meter 1 with a drop band of rate 0. */
    { "malformed-meter-zero-rate",
      "04 1d 00 20 00 00 00 08  00 00 00 01 00 00 00 01"
      "00 01 00 10 00 00 00 00  00 00 00 64 00 00 00 00",
      0, "OFPT_METER_MOD", "OFPMMFC_BAD_RATE" },
};

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static void
hex_to_buf(const char *hex, struct ofpbuf *b)
{
    int hi = -1;

    for (const char *p = hex; *p; p++) {
        int d = hex_digit(*p);

        if (d < 0) {
            continue;
        }
        if (hi < 0) {
            hi = d;
        } else {
            ofpbuf_put_u8(b, hi << 4 | d);
            hi = -1;
        }
    }
    if (hi >= 0) {
        of_abort("wire-gen: odd number of hex digits");
    }
}

static void
write_malformed(const char *dir)
{
    char *expect_name = xasprintf("%s/malformed.expect", dir);
    FILE *expect;

    make_dir(dir);
    expect = open_out(expect_name);
    fprintf(expect, "# file\toffset\ttype\terror (written by wire-gen)\n");
    for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
        const struct malformed *m = &malformed[i];
        struct ofpbuf b = OFPBUF_INITIALIZER;
        char *name = xasprintf("%s/%s.bin", dir, m->name);

        hex_to_buf(m->hex, &b);
        write_file(name, b.data, b.size);
        fprintf(expect, "%s.bin\t%zu\t%s\t%s\n", m->name, m->offset,
                m->type_name, m->error);
        free(name);
        ofpbuf_uninit(&b);
    }
    close_out(expect, expect_name);
    free(expect_name);
}

/* ---- Main ---- */

static void
usage(void)
{
    printf("usage: wire-gen [--pcap FILE] [--manifest FILE] [--raw FILE]\n"
           "                [--split DIR] [--malformed DIR] [--list]\n"
           "Encodes one OpenFlow 1.3 message of every type and multipart "
           "type.\n");
}

int
main(int argc, char *argv[])
{
    static const struct option options[] = {
        { "pcap", required_argument, NULL, 'p' },
        { "manifest", required_argument, NULL, 'm' },
        { "raw", required_argument, NULL, 'r' },
        { "split", required_argument, NULL, 's' },
        { "malformed", required_argument, NULL, 'M' },
        { "list", no_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *pcap_name = NULL, *manifest_name = NULL, *raw_name = NULL;
    const char *split_dir = NULL, *malformed_dir = NULL;
    bool list = false;
    struct ofpbuf all = OFPBUF_INITIALIZER;
    size_t offsets[N_SAMPLES + 1];
    char *skels[N_SAMPLES];
    int opt;

    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'p':
            pcap_name = optarg;
            break;
        case 'm':
            manifest_name = optarg;
            break;
        case 'r':
            raw_name = optarg;
            break;
        case 's':
            split_dir = optarg;
            break;
        case 'M':
            malformed_dir = optarg;
            break;
        case 'l':
            list = true;
            break;
        case 'h':
            usage();
            return 0;
        default:
            usage();
            return 2;
        }
    }
    if (optind != argc) {
        usage();
        return 2;
    }

    for (size_t i = 0; i < N_SAMPLES; i++) {
        offsets[i] = all.size;
        skels[i] = encode_sample(i, &all);
    }
    offsets[N_SAMPLES] = all.size;

    if (list) {
        write_manifest(stdout, &all, offsets, skels);
    }
    if (manifest_name) {
        FILE *f = open_out(manifest_name);

        write_manifest(f, &all, offsets, skels);
        close_out(f, manifest_name);
    }
    if (pcap_name) {
        write_pcap(pcap_name, &all, offsets);
    }
    if (raw_name) {
        write_file(raw_name, all.data, all.size);
    }
    if (split_dir) {
        write_split(split_dir, &all, offsets);
    }
    if (malformed_dir) {
        write_malformed(malformed_dir);
    }
    for (size_t i = 0; i < N_SAMPLES; i++) {
        free(skels[i]);
    }
    ofpbuf_uninit(&all);
    return 0;
}
