/*
 * ofctl's offline parts: the ovs-ofctl text layout (tools/ofctl-print.c)
 * and flow files (tools/ofctl-file.c).  The expected lines are what
 * ovs-ofctl 3.1 printed for the same flows on an Open vSwitch bridge
 * (tests/integration/ofctl-ovs.sh checks the same against a live one).
 */
#include "tools/ofctl-print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-port.h"
#include "ofproto/ofp-switch.h"
#include "ofproto/ofp-table.h"
#include "ofproto/util.h"
#include "tests/unit/unit.h"
#include "tools/ofctl-file.h"

/* Compares the text in 'ds' with 'want', showing both when they differ. */
#define ASSERT_TEXT(DS, WANT)                                               \
    do {                                                                    \
        const char *got_ = ds_cstr(DS);                                     \
                                                                            \
        if (strcmp(got_, (WANT))) {                                         \
            fprintf(stderr, "\n%s:%d:\n  got:  [%s]\n  want: [%s]\n",       \
                    __FILE__, __LINE__, got_, (WANT));                      \
        }                                                                   \
        CU_ASSERT_STRING_EQUAL(got_, (WANT));                               \
    } while (0)

/* Parses 'flow' (ovs-ofctl syntax) into flow stats: match, instructions,
 * table, priority, cookie, timeouts, flags; counters zero. */
static void
flow_stats_from_text(const char *flow, struct of_flow_stats *fs,
                     struct arena *arena)
{
    struct of_flow_mod fm;
    char *error = of_flow_mod_parse(&fm, flow, OFPFC_ADD, arena);

    if (error) {
        fprintf(stderr, "\n%s: %s\n", flow, error);
        free(error);
    }
    CU_ASSERT_PTR_NULL_FATAL(error);
    memset(fs, 0, sizeof *fs);
    fs->table_id = fm.table_id;
    fs->priority = fm.priority;
    fs->idle_timeout = fm.idle_timeout;
    fs->hard_timeout = fm.hard_timeout;
    fs->flags = fm.flags;
    fs->cookie = fm.cookie;
    fs->match = fm.match;
    fs->instructions = fm.instructions;
    fs->n_instructions = fm.n_instructions;
}

/* Flows as written, and as `ovs-ofctl --no-stats dump-flows` printed them
 * (without the leading space). */
static const struct {
    const char *flow;
    const char *ovs;
} flows[] = {
    { "priority=10,in_port=1,actions=output:2",
      "priority=10,in_port=1 actions=output:2" },
    { "priority=11,in_port=LOCAL,actions=LOCAL",
      "priority=11,in_port=LOCAL actions=LOCAL" },
    { "priority=12,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02,"
      "actions=output:1",
      "priority=12,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02 "
      "actions=output:1" },
    { "priority=13,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=FLOOD",
      "priority=13,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 "
      "actions=FLOOD" },
    { "priority=14,eth_src=52:54:00:00:00:00/ff:ff:ff:00:00:00,actions=ALL",
      "priority=14,dl_src=52:54:00:00:00:00/ff:ff:ff:00:00:00 "
      "actions=ALL" },
    { "priority=15,dl_type=0x88cc,actions=CONTROLLER:128",
      "priority=15,dl_type=0x88cc actions=CONTROLLER:128" },
    { "priority=16,dl_vlan=10,actions=pop_vlan,output:2",
      "priority=16,dl_vlan=10 actions=pop_vlan,output:2" },
    { "priority=17,dl_vlan=11,dl_vlan_pcp=3,actions=output:3",
      "priority=17,dl_vlan=11,dl_vlan_pcp=3 actions=output:3" },
    { "priority=18,vlan_vid=0x1000/0x1000,actions=drop",
      "priority=18,vlan_tci=0x1000/0x1000 actions=drop" },
    { "priority=19,dl_vlan=0xffff,actions=push_vlan:0x8100,"
      "set_field:4106->vlan_vid,output:2",
      "priority=19,vlan_tci=0x0000/0x1fff actions=push_vlan:0x8100,"
      "set_field:4106->vlan_vid,output:2" },
    { "priority=20,ip,nw_src=10.0.0.1,actions=output:2",
      "priority=20,ip,nw_src=10.0.0.1 actions=output:2" },
    { "priority=21,ip,nw_dst=10.1.0.0/16,actions=dec_ttl,output:2",
      "priority=21,ip,nw_dst=10.1.0.0/16 actions=dec_ttl,output:2" },
    { "priority=22,ip,nw_src=10.0.0.0/255.0.255.0,actions=mod_nw_ttl:9,"
      "output:2",
      "priority=22,ip,nw_src=10.0.0.0/255.0.255.0 actions=mod_nw_ttl:9,"
      "output:2" },
    { "priority=23,ip,nw_tos=184,actions=set_field:46->ip_dscp,output:2",
      "priority=23,ip,nw_tos=184 actions=set_field:46->ip_dscp,output:2" },
    { "priority=24,ip,ip_ecn=1,actions=set_field:2->nw_ecn,output:2",
      "priority=24,ip,nw_ecn=1 actions=set_field:2->nw_ecn,output:2" },
    { "priority=25,ip,nw_proto=47,actions=output:2",
      "priority=25,ip,nw_proto=47 actions=output:2" },
    { "priority=26,tcp,tp_dst=80,actions=set_field:8080->tcp_dst,output:2",
      "priority=26,tcp,tp_dst=80 actions=set_field:8080->tcp_dst,"
      "output:2" },
    { "priority=27,tcp,tcp_src=1024,actions=mod_nw_dst:10.0.0.9,output:2",
      "priority=27,tcp,tp_src=1024 actions=set_field:10.0.0.9->ip_dst,"
      "output:2" },
    { "priority=28,udp,udp_dst=53,actions=set_field:5353->udp_dst,output:2",
      "priority=28,udp,tp_dst=53 actions=set_field:5353->udp_dst,"
      "output:2" },
    { "priority=29,sctp,sctp_src=9,actions=set_field:10->sctp_src,output:2",
      "priority=29,sctp,tp_src=9 actions=set_field:10->sctp_src,output:2" },
    { "priority=30,icmp,icmp_type=8,icmp_code=0,actions=output:2",
      "priority=30,icmp,icmp_type=8,icmp_code=0 actions=output:2" },
    { "priority=31,arp,arp_op=1,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,"
      "actions=output:2",
      "priority=31,arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,arp_op=1 "
      "actions=output:2" },
    { "priority=32,arp,arp_sha=00:00:00:00:00:01,arp_tha=00:00:00:00:00:02,"
      "actions=set_field:00:00:00:00:00:03->arp_sha,output:2",
      "priority=32,arp,arp_sha=00:00:00:00:00:01,arp_tha=00:00:00:00:00:02 "
      "actions=set_field:00:00:00:00:00:03->arp_sha,output:2" },
    { "priority=33,ipv6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::/32,"
      "actions=output:2",
      "priority=33,ipv6,ipv6_src=2001:db8::1,ipv6_dst=2001:db8::/32 "
      "actions=output:2" },
    { "priority=34,ipv6,ipv6_label=0x12345,"
      "actions=set_field:2001:db8::9->ipv6_dst,output:2",
      "priority=34,ipv6,ipv6_label=0x12345 "
      "actions=set_field:2001:db8::9->ipv6_dst,output:2" },
    { "priority=35,tcp6,tp_src=22,actions=output:2",
      "priority=35,tcp6,tp_src=22 actions=output:2" },
    { "priority=36,udp6,tp_dst=4789,actions=output:2",
      "priority=36,udp6,tp_dst=4789 actions=output:2" },
    { "priority=37,icmp6,icmp_type=135,nd_target=fe80::1,actions=output:2",
      "priority=37,icmp6,icmp_type=135,nd_target=fe80::1 actions=output:2" },
    { "priority=38,icmp6,icmp_type=135,nd_sll=00:00:00:00:00:01,"
      "actions=output:2",
      "priority=38,icmp6,icmp_type=135,nd_sll=00:00:00:00:00:01 "
      "actions=output:2" },
    { "priority=40,mpls,mpls_label=1000,mpls_tc=5,mpls_bos=1,"
      "actions=pop_mpls:0x0800,output:2",
      "priority=40,mpls,mpls_label=1000,mpls_tc=5,mpls_bos=1 "
      "actions=pop_mpls:0x0800,output:2" },
    { "priority=42,mpls,actions=set_mpls_ttl:63,dec_mpls_ttl,output:2",
      "priority=42,mpls actions=set_mpls_ttl(63),dec_mpls_ttl,output:2" },
    { "priority=43,metadata=0x1234,actions=output:2",
      "priority=43,metadata=0x1234 actions=output:2" },
    { "priority=44,metadata=0x1200/0xff00,actions=output:2",
      "priority=44,metadata=0x1200/0xff00 actions=output:2" },
    { "priority=45,tun_id=0x64,actions=output:2",
      "priority=45,tun_id=0x64 actions=output:2" },
    { "priority=47,ip,actions=write_actions(output:3),"
      "write_metadata:0x1/0xff,goto_table:2",
      "priority=47,ip actions=write_actions(output:3),"
      "write_metadata:0x1/0xff,goto_table:2" },
    { "priority=48,ip,actions=clear_actions,goto_table:3",
      "priority=48,ip actions=clear_actions,goto_table:3" },
    { "priority=49,ip,actions=output:2,write_metadata:0x5",
      "priority=49,ip actions=output:2,write_metadata:0x5" },
    { "priority=50,ip,actions=set_field:00:00:00:00:00:09->eth_dst,"
      "set_field:00:00:00:00:00:08->eth_src,IN_PORT",
      "priority=50,ip actions=set_field:00:00:00:00:00:09->eth_dst,"
      "set_field:00:00:00:00:00:08->eth_src,IN_PORT" },
    { "priority=51,cookie=0x123,idle_timeout=300,hard_timeout=600,ip,"
      "actions=NORMAL",
      "cookie=0x123, idle_timeout=300, hard_timeout=600, priority=51,ip "
      "actions=NORMAL" },
    { "priority=52,cookie=0xabc,send_flow_rem,ip,actions=drop",
      "cookie=0xabc, send_flow_rem priority=52,ip actions=drop" },
    { "table=1,priority=5,ip,actions=drop",
      "table=1, priority=5,ip actions=drop" },
    { "table=2,priority=0,actions=CONTROLLER:65535",
      "table=2, priority=0 actions=CONTROLLER:65535" },
    { "table=3,actions=output:1", "table=3, actions=output:1" },
    { "priority=55,arp,actions=set_field:2->arp_op,"
      "set_field:10.0.0.5->arp_spa,output:2",
      "priority=55,arp actions=set_field:2->arp_op,"
      "set_field:10.0.0.5->arp_spa,output:2" },
    { "priority=56,ipv6,actions=set_field:0x12345->ipv6_label,output:2",
      "priority=56,ipv6 actions=set_field:0x12345->ipv6_label,output:2" },
    { "priority=57,ip,actions=set_field:0x99->tun_id,output:2",
      "priority=57,ip actions=set_field:0x99->tun_id,output:2" },
    { "priority=1,ip,actions=meter:1,output:2",
      "priority=1,ip actions=meter:1,output:2" },
    { "priority=1,actions=output:1,LOCAL,CONTROLLER:10",
      "priority=1 actions=output:1,LOCAL,CONTROLLER:10" },
};

static void
test_flows_as_ovs_prints_them(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(flows); i++) {
        struct arena arena = ARENA_INITIALIZER;
        struct ds s = DS_EMPTY_INITIALIZER;
        struct of_flow_stats fs;

        flow_stats_from_text(flows[i].flow, &fs, &arena);
        ofctl_format_flow_stats(&fs, false, &s);
        ASSERT_TEXT(&s, flows[i].ovs);
        ds_destroy(&s);
        arena_destroy(&arena);
    }
}

static void
test_flow_with_stats(void)
{
    struct arena arena = ARENA_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_flow_stats fs;

    flow_stats_from_text("priority=10,ip,in_port=1,nw_dst=10.0.0.0/24,"
                         "actions=output:2", &fs, &arena);
    fs.duration_sec = 755;
    fs.duration_nsec = 618000000;
    fs.packet_count = 3;
    fs.byte_count = 180;
    ofctl_format_flow_stats(&fs, true, &s);
    ASSERT_TEXT(&s, "cookie=0x0, duration=755.618s, table=0, n_packets=3, "
                "n_bytes=180, priority=10,ip,in_port=1,nw_dst=10.0.0.0/24 "
                "actions=output:2");

    /* A switch that does not count says UINT64_MAX; the default priority
     * and an empty match print nothing. */
    ds_clear(&s);
    flow_stats_from_text("table=4,actions=drop", &fs, &arena);
    fs.packet_count = UINT64_MAX;
    fs.byte_count = UINT64_MAX;
    ofctl_format_flow_stats(&fs, true, &s);
    ASSERT_TEXT(&s, "cookie=0x0, duration=0s, table=4, n_packets=?, "
                "n_bytes=?, actions=drop");

    ds_clear(&s);
    flow_stats_from_text("reset_counts,no_packet_counts,no_byte_counts,"
                         "check_overlap,actions=drop", &fs, &arena);
    ofctl_format_flow_stats(&fs, false, &s);
    ASSERT_TEXT(&s, "check_overlap reset_counts no_packet_counts "
                "no_byte_counts actions=drop");
    ds_destroy(&s);
    arena_destroy(&arena);
}

static void
test_instruction_order(void)
{
    struct of_action out = { .type = OFPAT_OUTPUT };
    struct of_instruction insts[5];
    struct ds s = DS_EMPTY_INITIALIZER;

    /* Wire order goto, metadata, write, apply, meter: printed in Open
     * vSwitch's order. */
    out.output.port = 2;
    memset(insts, 0, sizeof insts);
    insts[0].type = OFPIT_GOTO_TABLE;
    insts[0].table_id = 3;
    insts[1].type = OFPIT_WRITE_METADATA;
    insts[1].write_metadata.metadata = 0;
    insts[1].write_metadata.mask = UINT64_MAX;
    insts[2].type = OFPIT_WRITE_ACTIONS;
    insts[2].actions.actions = &out;
    insts[2].actions.n = 1;
    insts[3].type = OFPIT_APPLY_ACTIONS;
    insts[3].actions.actions = &out;
    insts[3].actions.n = 1;
    insts[4].type = OFPIT_METER;
    insts[4].meter_id = 7;
    ofctl_format_instructions(insts, 5, &s);
    ASSERT_TEXT(&s, "meter:7,output:2,write_actions(output:2),"
                "write_metadata:0,goto_table:3");

    ds_clear(&s);
    ofctl_format_instructions(NULL, 0, &s);
    ASSERT_TEXT(&s, "drop");

    /* An empty apply-actions is nothing at all. */
    ds_clear(&s);
    insts[3].actions.n = 0;
    ofctl_format_instructions(&insts[3], 1, &s);
    ASSERT_TEXT(&s, "drop");
    ds_destroy(&s);
}

static void
test_match_fields_ovs_lacks(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_match m;

    /* Fields Open vSwitch has no name for come last, in OXM form. */
    of_match_init(&m);
    of_match_set_u16(&m, OF_FIELD_ETH_TYPE, 0x88e7);
    of_match_set_u32(&m, OF_FIELD_PBB_ISID, 0x123);
    of_match_set_u32(&m, OF_FIELD_IN_PORT, 3);
    ofctl_format_match(&m, OFP_DEFAULT_PRIORITY, &s);
    ASSERT_TEXT(&s, "in_port=3,dl_type=0x88e7,pbb_isid=0x123");

    ds_clear(&s);
    of_match_init(&m);
    ofctl_format_match(&m, OFP_DEFAULT_PRIORITY, &s);
    ASSERT_TEXT(&s, "");
    ofctl_format_match(&m, 0, &s);
    ASSERT_TEXT(&s, "priority=0");
    ds_destroy(&s);
}

static void
test_duration(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ofctl_format_duration(12, 0, &s);
    ASSERT_TEXT(&s, "12s");
    ds_clear(&s);
    ofctl_format_duration(0, 67000000, &s);
    ASSERT_TEXT(&s, "0.067s");
    ds_clear(&s);
    ofctl_format_duration(1, 250, &s);
    ASSERT_TEXT(&s, "1.00000025s");
    ds_clear(&s);
    ofctl_format_duration(3, 500000000, &s);
    ASSERT_TEXT(&s, "3.500s");
    ds_destroy(&s);
}

static void
test_features_and_ports(void)
{
    struct of_switch_features f = {
        .datapath_id = 0x92ab025ea345ull,
        .n_buffers = 0,
        .n_tables = 254,
        .capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS
                        | OFPC_GROUP_STATS | OFPC_QUEUE_STATS,
    };
    struct of_port ports[2];
    struct of_switch_config config = { OFPC_FRAG_NORMAL, 0 };
    struct ds s = DS_EMPTY_INITIALIZER;

    ofctl_format_features(&f, &s);
    ASSERT_TEXT(&s, " dpid:000092ab025ea345\nn_tables:254, n_buffers:0\n"
                "capabilities: FLOW_STATS TABLE_STATS PORT_STATS "
                "GROUP_STATS QUEUE_STATS\n");

    ds_clear(&s);
    ofctl_format_switch_config(&config, &s);
    ASSERT_TEXT(&s, " frags=normal miss_send_len=0");

    /* Sorted by number: LOCAL last. */
    memset(ports, 0, sizeof ports);
    ports[0].port_no = OFPP_LOCAL;
    strcpy(ports[0].name, "brx");
    memcpy(ports[0].hw_addr, "\x92\xab\x02\x5e\xa3\x45", 6);
    ports[0].config = OFPPC_PORT_DOWN;
    ports[0].state = OFPPS_LINK_DOWN;
    ports[0].curr = OFPPF_10GB_FD | OFPPF_COPPER;
    ports[0].curr_speed = 10000000;
    ports[1].port_no = 1;
    strcpy(ports[1].name, "vxa");
    memcpy(ports[1].hw_addr, "\x4a\x2d\x8e\xe1\x9f\x7b", 6);
    ports[1].state = OFPPS_LIVE;
    ports[1].curr = OFPPF_10GB_FD | OFPPF_COPPER;
    ports[1].supported = OFPPF_PAUSE | (1u << 20);
    ports[1].curr_speed = 10000000;
    ds_clear(&s);
    ofctl_format_ports(ports, 2, &s);
    ASSERT_TEXT(&s,
                " 1(vxa): addr:4a:2d:8e:e1:9f:7b\n"
                "     config:     0\n"
                "     state:      LIVE\n"
                "     current:    10GB-FD COPPER\n"
                "     supported:  AUTO_PAUSE 0x100000\n"
                "     speed: 10000 Mbps now, 0 Mbps max\n"
                " LOCAL(brx): addr:92:ab:02:5e:a3:45\n"
                "     config:     PORT_DOWN\n"
                "     state:      LINK_DOWN\n"
                "     current:    10GB-FD COPPER\n"
                "     speed: 10000 Mbps now, 0 Mbps max\n");
    ds_destroy(&s);
}

static void
test_port_stats(void)
{
    struct of_port_stats stats[2];
    struct of_port_stats_reply reply = { stats, 2 };
    struct ds s = DS_EMPTY_INITIALIZER;

    memset(stats, 0, sizeof stats);
    stats[0].port_no = OFPP_LOCAL;
    stats[0].duration_sec = 26;
    stats[0].duration_nsec = 786000000;
    stats[1].port_no = 1;
    stats[1].rx_packets = 5;
    stats[1].rx_crc_err = UINT64_MAX;
    stats[1].duration_sec = UINT32_MAX;
    ofctl_format_port_stats(&reply, &s);
    ASSERT_TEXT(&s, " 2 ports\n"
                "  port LOCAL: rx pkts=0, bytes=0, drop=0, errs=0, frame=0, "
                "over=0, crc=0\n"
                "           tx pkts=0, bytes=0, drop=0, errs=0, coll=0\n"
                "           duration=26.786s\n"
                "  port  1: rx pkts=5, bytes=0, drop=0, errs=0, frame=0, "
                "over=0, crc=?\n"
                "           tx pkts=0, bytes=0, drop=0, errs=0, coll=0\n");
    ds_destroy(&s);
}

static void
test_table_stats_ditto(void)
{
    struct of_table_stats t[6];
    struct of_table_stats_reply reply = { t, 6 };
    struct ds s = DS_EMPTY_INITIALIZER;

    memset(t, 0, sizeof t);
    for (int i = 0; i < 6; i++) {
        t[i].table_id = i;
    }
    t[0].active_count = 2;
    t[1].active_count = 1;
    t[4].lookup_count = 9;
    ofctl_format_table_stats(&reply, &s);
    ASSERT_TEXT(&s, "\n  table 0:\n    active=2, lookup=0, matched=0\n"
                "\n  table 1:\n    active=1, lookup=0, matched=0\n"
                "\n  table 2:\n    active=0, lookup=0, matched=0\n"
                "\n  table 3: ditto\n"
                "\n  table 4:\n    active=0, lookup=9, matched=0\n"
                "\n  table 5:\n    active=0, lookup=0, matched=0\n");

    /* A run of more than one. */
    ds_clear(&s);
    t[4].lookup_count = 0;
    ofctl_format_table_stats(&reply, &s);
    ASSERT_TEXT(&s, "\n  table 0:\n    active=2, lookup=0, matched=0\n"
                "\n  table 1:\n    active=1, lookup=0, matched=0\n"
                "\n  table 2:\n    active=0, lookup=0, matched=0\n"
                "\n  tables 3...5: ditto\n");
    ds_destroy(&s);
}

static void
test_groups(void)
{
    struct arena arena = ARENA_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_group_desc descs[2];
    struct of_group_desc_reply reply = { descs, 2 };
    struct of_bucket_counter counters[2] = { { 1, 60 }, { UINT64_MAX, 0 } };
    struct of_group_stats gs = {
        .group_id = 2, .ref_count = 1, .packet_count = 1, .byte_count = 60,
        .duration_sec = 0, .duration_nsec = 54000000,
        .buckets = counters, .n_buckets = 2,
    };
    struct of_group_stats_reply stats = { &gs, 1 };
    const char *texts[2] = {
        "group_id=1,type=select,bucket=weight:10,actions=output:1,"
        "bucket=weight:20,watch_port:2,actions=output:2",
        "group_id=3,type=ff,bucket=watch_port:1,actions=output:1,"
        "bucket=watch_port:2,watch_group:1,actions=drop",
    };

    for (int i = 0; i < 2; i++) {
        struct of_group_mod gm;
        char *error = of_group_mod_parse(&gm, texts[i], OFPGC_ADD, &arena);

        CU_ASSERT_PTR_NULL_FATAL(error);
        descs[i].group_id = gm.group_id;
        descs[i].type = gm.type;
        descs[i].buckets = gm.buckets;
        descs[i].n_buckets = gm.n_buckets;
    }
    ofctl_format_group_desc(&reply, &s);
    ASSERT_TEXT(&s, "\n group_id=1,type=select,bucket=weight:10,"
                "actions=output:1,bucket=weight:20,watch_port:2,"
                "actions=output:2"
                "\n group_id=3,type=ff,bucket=watch_port:1,actions=output:1,"
                "bucket=watch_port:2,watch_group:1,actions=drop");

    /* A select bucket of weight 1 (the default) says nothing of it. */
    ds_clear(&s);
    descs[0].buckets[0].weight = 1;
    reply.n = 1;
    ofctl_format_group_desc(&reply, &s);
    ASSERT_TEXT(&s, "\n group_id=1,type=select,bucket=actions=output:1,"
                "bucket=weight:20,watch_port:2,actions=output:2");

    /* A bucket the switch does not count is left out. */
    ds_clear(&s);
    ofctl_format_group_stats(&stats, &s);
    ASSERT_TEXT(&s, "\n group_id=2,duration=0.054s,ref_count=1,"
                "packet_count=1,byte_count=60,bucket0:packet_count=1,"
                "byte_count=60");
    ds_destroy(&s);
    arena_destroy(&arena);
}

static void
test_group_features(void)
{
    struct of_group_features gf = {
        .types = 0x5,
        .capabilities = 0x7,
        .max_groups = { 0xffffff00, 0, 16, 0 },
        .actions = {
            (1u << OFPAT_OUTPUT) | (1u << OFPAT_SET_FIELD)
            | (1u << OFPAT_POP_VLAN) | (1u << OFPAT_GROUP)
            | (1u << OFPAT_COPY_TTL_IN),
            0, 0, 0,
        },
    };
    struct ds s = DS_EMPTY_INITIALIZER;

    ofctl_format_group_features(&gf, &s);
    ASSERT_TEXT(&s, "\n Group table:\n    Types:  0x5\n"
                "    Capabilities:  0x7\n"
                "    all group:\n       max_groups=0xffffff00\n"
                "       actions: output group set_field strip_vlan "
                "copy_ttl_in\n"
                "    indirect group:\n       max_groups=0x10\n"
                "       actions: \n");
    ds_destroy(&s);
}

static void
test_meters(void)
{
    struct arena arena = ARENA_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_meter_config configs[2];
    struct of_meter_config_reply reply = { configs, 2 };
    struct of_meter_band_stats bands[1] = { { 0, 0 } };
    struct of_meter_stats ms = {
        .meter_id = 1, .duration_sec = 0, .duration_nsec = 20000000,
        .bands = bands, .n_bands = 1,
    };
    struct of_meter_stats_reply stats = { &ms, 1 };
    struct of_meter_features mf = {
        .max_meter = 262144, .band_types = 1u << OFPMBT_DROP,
        .capabilities = 0xf, .max_bands = 8, .max_color = 0,
    };
    const char *texts[2] = {
        "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100",
        "meter=2,pktps,bands=type=drop,rate=10,type=dscp_remark,rate=20,"
        "prec_level=2",
    };

    for (int i = 0; i < 2; i++) {
        struct of_meter_mod mm;
        char *error = of_meter_mod_parse(&mm, texts[i], OFPMC_ADD, &arena);

        CU_ASSERT_PTR_NULL_FATAL(error);
        configs[i].meter_id = mm.meter_id;
        configs[i].flags = mm.flags;
        configs[i].bands = mm.bands;
        configs[i].n_bands = mm.n_bands;
    }
    ofctl_format_meter_config(&reply, &s);
    ASSERT_TEXT(&s, "\nmeter=1 kbps burst stats bands=\n"
                "type=drop rate=1000 burst_size=100\n"
                "\nmeter=2 pktps bands=\ntype=drop rate=10\n"
                "type=dscp_remark rate=20 prec_level=2\n");

    ds_clear(&s);
    ofctl_format_meter_stats(&stats, &s);
    ASSERT_TEXT(&s, "\nmeter:1 flow_count:0 packet_in_count:0 "
                "byte_in_count:0 duration:0.020s bands:\n"
                "0: packet_count:0 byte_count:0\n");

    ds_clear(&s);
    ofctl_format_meter_features(&mf, &s);
    ASSERT_TEXT(&s, "\nmax_meter:262144 max_bands:8 max_color:0\n"
                "band_types: drop\ncapabilities: kbps pktps burst stats\n");
    ds_destroy(&s);
    arena_destroy(&arena);
}

/* ---- Flow files ---- */

static void
test_file_lines(void)
{
    static char text[] =
        "# a comment\n"
        "\n"
        "priority=1,actions=drop\n"
        "   \t  \n"
        "  priority=2,actions=drop   # trailing comment\r\n"
        "#only a comment\n"
        "priority=3,actions=drop";          /* No final newline. */
    struct ofctl_lines lines;
    FILE *f = fmemopen(text, sizeof text - 1, "r");

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(ofctl_lines_read(f, &lines), 0);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(lines.n, 3);
    CU_ASSERT_STRING_EQUAL(lines.lines[0].text, "priority=1,actions=drop");
    CU_ASSERT_EQUAL(lines.lines[0].line_no, 3);
    CU_ASSERT_STRING_EQUAL(lines.lines[1].text, "priority=2,actions=drop");
    CU_ASSERT_EQUAL(lines.lines[1].line_no, 5);
    CU_ASSERT_STRING_EQUAL(lines.lines[2].text, "priority=3,actions=drop");
    CU_ASSERT_EQUAL(lines.lines[2].line_no, 7);
    ofctl_lines_destroy(&lines);
    ofctl_lines_destroy(NULL);
}

static void
test_file_missing(void)
{
    struct ofctl_lines lines;
    char *error = ofctl_lines_read_file("/nonexistent/ofctl-flows", &lines);

    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT_PTR_NOT_NULL(strstr(error, "/nonexistent/ofctl-flows"));
    CU_ASSERT_EQUAL(lines.n, 0);
    free(error);
}

static void
test_command_prefix(void)
{
    static const struct {
        const char *in;
        uint8_t command;
        const char *rest;
    } cases[] = {
        { "add priority=1,actions=drop", OFPFC_ADD,
          "priority=1,actions=drop" },
        { "modify ip,actions=output:3", OFPFC_MODIFY, "ip,actions=output:3" },
        { "modify_strict,priority=5,ip", OFPFC_MODIFY_STRICT,
          "priority=5,ip" },
        { "delete tcp", OFPFC_DELETE, "tcp" },
        { "delete_strict\tpriority=1", OFPFC_DELETE_STRICT, "priority=1" },
        { "delete", OFPFC_DELETE, "" },
        /* Not command words: left alone. */
        { "priority=1,actions=drop", OFPFC_ADD, "priority=1,actions=drop" },
        { "actions=drop", OFPFC_ADD, "actions=drop" },
        { "addx,actions=drop", OFPFC_ADD, "addx,actions=drop" },
        { "ad actions=drop", OFPFC_ADD, "ad actions=drop" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const char *s = cases[i].in;

        CU_ASSERT_EQUAL(ofctl_flow_command_prefix(&s), cases[i].command);
        CU_ASSERT_STRING_EQUAL(s, cases[i].rest);
    }
}

static CU_TestInfo tests[] = {
    { "flows as ovs-ofctl prints them", test_flows_as_ovs_prints_them },
    { "flow with stats", test_flow_with_stats },
    { "instruction order", test_instruction_order },
    { "match fields ovs lacks", test_match_fields_ovs_lacks },
    { "duration", test_duration },
    { "features and ports", test_features_and_ports },
    { "port stats", test_port_stats },
    { "table stats ditto", test_table_stats_ditto },
    { "groups", test_groups },
    { "group features", test_group_features },
    { "meters", test_meters },
    { "file lines", test_file_lines },
    { "file missing", test_file_missing },
    { "command prefix", test_command_prefix },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("ofctl", tests);
