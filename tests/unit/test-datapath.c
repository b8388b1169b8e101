/* The whole switch datapath in one process: dummy ports, commands in,
 * events out, frames injected and captured. */

#include "switch/datapath.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/flow-compose.h"
#include "switch/flow.h"
#include "switch/netdev.h"
#include "switch/packet.h"
#include "tests/unit/unit-msgs.h"
#include "tests/unit/unit.h"

struct harness {
    struct datapath *dp;
    struct netdev *p[4];        /* Dummy ports 1-3 (index = number). */
    struct dp_event *events;    /* Taken and not yet consumed. */
    uint32_t xid;
};

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
h_start(struct harness *h, unsigned int n_tables)
{
    static unsigned int serial;
    struct dp_port_spec specs[3];
    struct dp_config cfg;
    char names[3][16];
    char *error;

    memset(h, 0, sizeof *h);
    memset(&cfg, 0, sizeof cfg);
    vlog_set_level(VLL_WARN);
    serial++;
    for (int i = 0; i < 3; i++) {
        snprintf(names[i], sizeof names[i], "dpt%u-p%d", serial, i + 1);
        specs[i].name = names[i];
        specs[i].type = "dummy";
        specs[i].ofport = i + 1;
    }
    cfg.dpid = 0x42;
    cfg.name = "dptest";
    cfg.n_tables = n_tables;
    cfg.max_flows = 1000;
    cfg.ports = specs;
    cfg.n_ports = 3;
    h->dp = datapath_create(&cfg, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->dp);
    for (int i = 0; i < 3; i++) {
        h->p[i + 1] = netdev_dummy_find(names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h->p[i + 1]);
    }
    datapath_start(h->dp);
    h->xid = 100;
}

static void
h_stop(struct harness *h)
{
    while (h->events) {
        struct dp_event *next = h->events->next;

        dp_event_free(h->events);
        h->events = next;
    }
    datapath_destroy(h->dp);
}

static void
h_send(struct harness *h, struct of_msg *msg)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    msg->xid = ++h->xid;
    CU_ASSERT_TRUE_FATAL(of_msg_encode(msg, &b));
    datapath_submit(h->dp, dp_cmd_openflow(1, b.data, b.size));
    ofpbuf_uninit(&b);
}

static void
h_flow(struct harness *h, const char *text, uint8_t command)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_FLOW_MOD, 0);
    error = of_flow_mod_parse(&msg.u.flow_mod, text, command, &msg.arena);
    if (error) {
        fprintf(stderr, "\n'%s': %s\n", text, error);
    }
    CU_ASSERT_PTR_NULL_FATAL(error);
    h_send(h, &msg);
    of_msg_uninit(&msg);
}

static void
h_simple(struct harness *h, uint8_t type)
{
    struct of_msg msg;

    of_msg_init(&msg, type, 0);
    h_send(h, &msg);
    of_msg_uninit(&msg);
}

/* Waits up to 2 s for an event of 'type' (and, for replies, a message of
 * 'msg_type'), removes it from the harness and returns it. */
static struct dp_event *
h_wait_event(struct harness *h, enum dp_event_type type, uint8_t msg_type)
{
    long long deadline = now_ms() + 2000;

    for (;;) {
        struct dp_event **prev = &h->events;

        for (struct dp_event *ev = h->events; ev; ev = ev->next) {
            uint8_t t = ev->bytes.size > 1 ? ev->bytes.data[1] : 0;

            if (ev->type == type
                && (type == DP_EV_ERROR || t == msg_type)) {
                *prev = ev->next;
                ev->next = NULL;
                return ev;
            }
            prev = &ev->next;
        }
        if (now_ms() > deadline) {
            return NULL;
        }

        struct pollfd pfd = { datapath_event_fd(h->dp), POLLIN, 0 };
        struct dp_event *more, **tail = &h->events;

        poll(&pfd, 1, 50);
        more = datapath_take_events(h->dp);
        while (*tail) {
            tail = &(*tail)->next;
        }
        *tail = more;
    }
}

/* Waits for the barrier reply after everything sent so far. */
static void
h_barrier(struct harness *h)
{
    struct dp_event *ev;

    h_simple(h, OFPT_BARRIER_REQUEST);
    ev = h_wait_event(h, DP_EV_REPLY, OFPT_BARRIER_REPLY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    dp_event_free(ev);
}

static void
h_inject(struct harness *h, int port, const char *flow_text)
{
    uint8_t buf[NETDEV_BUF_SIZE];
    struct dp_packet p;
    char *error;

    packet_init(&p, buf, sizeof buf);
    error = flow_compose_parse(flow_text, &p);
    CU_ASSERT_PTR_NULL_FATAL(error);
    CU_ASSERT_TRUE(netdev_dummy_inject(h->p[port], p.data, p.len, NULL));
}

/* Waits up to 1 s for a frame on 'port'; returns its key in '*flow'. */
static bool
h_capture(struct harness *h, int port, struct flow *flow, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    struct ofpbuf frame = OFPBUF_INITIALIZER;
    bool got = false;

    while (!(got = netdev_dummy_capture(h->p[port], &frame, NULL))
           && now_ms() < deadline) {
        struct timespec ts = { 0, 5 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }
    if (got && flow) {
        uint8_t buf[NETDEV_BUF_SIZE];
        struct dp_packet p;

        packet_init(&p, buf, sizeof buf);
        packet_set_frame(&p, frame.data, frame.size);
        p.in_port = port;
        flow_extract(&p, flow);
    }
    ofpbuf_uninit(&frame);
    return got;
}

#define FRAME "in_port=1,dl_src=00:00:00:00:00:01,dl_dst=00:00:00:00:00:02," \
              "tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=1000,tp_dst=80"

static void
test_forward_and_miss(void)
{
    struct harness h;
    struct flow f;

    h_start(&h, 4);
    h_flow(&h, "in_port=1,actions=output:2", OFPFC_ADD);
    h_barrier(&h);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, &f, 1000));
    CU_ASSERT_EQUAL(f.tp_dst, 80);
    CU_ASSERT_FALSE(h_capture(&h, 3, NULL, 50));

    /* A miss (in on port 2) is dropped: no table-miss entry. */
    h_inject(&h, 2, "in_port=2,tcp,nw_dst=1.2.3.4");
    CU_ASSERT_FALSE(h_capture(&h, 1, NULL, 100));
    CU_ASSERT_FALSE(h_capture(&h, 3, NULL, 10));

    /* FLOOD goes everywhere but the input port. */
    h_flow(&h, "in_port=2,actions=FLOOD", OFPFC_ADD);
    h_barrier(&h);
    h_inject(&h, 2, "in_port=2,udp");
    CU_ASSERT_TRUE(h_capture(&h, 1, NULL, 1000));
    CU_ASSERT_TRUE(h_capture(&h, 3, NULL, 1000));
    CU_ASSERT_FALSE(h_capture(&h, 2, NULL, 50));
    h_stop(&h);
}

static void
test_pipeline_order(void)
{
    struct harness h;
    struct flow f;

    /* Table 0 writes an output into the action set and sets metadata;
     * table 1 matches the metadata, rewrites a field with apply_actions,
     * and writes a set_field that the action set applies at the end. */
    h_start(&h, 4);
    h_flow(&h, "table=0,in_port=1,actions=write_actions(output:3),"
           "write_metadata:0x5/0xff,goto_table:1", OFPFC_ADD);
    h_flow(&h, "table=1,metadata=0x5/0xff,tcp,actions=set_field:99->tcp_dst,"
           "write_actions(set_field:10.0.0.9->ipv4_dst)", OFPFC_ADD);
    h_barrier(&h);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.tp_dst, 99);
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000009);
    CU_ASSERT_FALSE(h_capture(&h, 2, NULL, 50));

    /* clear_actions in table 1 empties the set: the packet is dropped. */
    h_flow(&h, "table=1,metadata=0x5/0xff,tcp,actions=clear_actions",
           OFPFC_MODIFY_STRICT);
    h_barrier(&h);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_FALSE(h_capture(&h, 3, NULL, 200));
    h_stop(&h);
}

static void
test_errors(void)
{
    struct harness h;
    struct dp_event *ev;

    h_start(&h, 4);
    h_flow(&h, "table=7,actions=drop", OFPFC_ADD);
    ev = h_wait_event(&h, DP_EV_ERROR, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->error, OFPERR_OFPFMFC_BAD_TABLE_ID);
    dp_event_free(ev);

    h_flow(&h, "table=0,actions=goto_table:9", OFPFC_ADD);
    ev = h_wait_event(&h, DP_EV_ERROR, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->error, OFPERR_OFPBIC_BAD_TABLE_ID);
    dp_event_free(ev);

    h_flow(&h, "actions=group:1", OFPFC_ADD);
    ev = h_wait_event(&h, DP_EV_ERROR, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->error, OFPERR_OFPBAC_BAD_OUT_GROUP);
    dp_event_free(ev);

    /* The datapath goes on: a barrier still comes back. */
    h_barrier(&h);
    h_stop(&h);
}

static void
test_packet_in_out(void)
{
    struct harness h;
    struct dp_cmd *cmd = xzalloc(sizeof *cmd);
    struct dp_event *ev;
    struct of_msg msg;
    struct flow f;
    uint8_t buf[NETDEV_BUF_SIZE];
    struct dp_packet p;
    char *error;

    h_start(&h, 4);
    cmd->type = DP_CMD_CONNS;
    cmd->n_async_conns = 1;
    datapath_submit(h.dp, cmd);

    /* A table-miss entry sends with reason NO_MATCH and a buffer. */
    h_flow(&h, "priority=0,actions=CONTROLLER:32", OFPFC_ADD);
    h_barrier(&h);
    h_inject(&h, 2, FRAME);
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_PACKET_IN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPR_NO_MATCH);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.packet_in.len, 32);
    CU_ASSERT_EQUAL(msg.u.packet_in.total_len, 60);
    CU_ASSERT_NOT_EQUAL(msg.u.packet_in.buffer_id, OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(of_match_find(&msg.u.packet_in.match,
                                  OF_FIELD_IN_PORT)->value.u32, 2);

    /* A packet-out of that buffer to port 3 delivers the whole frame. */
    {
        struct of_msg po;
        struct of_action out;

        memset(&out, 0, sizeof out);
        out.type = OFPAT_OUTPUT;
        out.output.port = 3;
        of_msg_init(&po, OFPT_PACKET_OUT, 0);
        po.u.packet_out.buffer_id = msg.u.packet_in.buffer_id;
        po.u.packet_out.in_port = 2;
        po.u.packet_out.actions = &out;
        po.u.packet_out.n_actions = 1;
        h_send(&h, &po);
        of_msg_uninit(&po);
    }
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.tp_dst, 80);
    of_msg_uninit(&msg);
    dp_event_free(ev);

    /* A packet-out with data and output to TABLE runs the tables. */
    h_flow(&h, "priority=10,in_port=1,actions=output:2", OFPFC_ADD);
    packet_init(&p, buf, sizeof buf);
    error = flow_compose_parse(FRAME, &p);
    CU_ASSERT_PTR_NULL(error);
    {
        struct of_msg po;
        struct of_action out;

        memset(&out, 0, sizeof out);
        out.type = OFPAT_OUTPUT;
        out.output.port = OFPP_TABLE;
        of_msg_init(&po, OFPT_PACKET_OUT, 0);
        po.u.packet_out.buffer_id = OFP_NO_BUFFER;
        po.u.packet_out.in_port = 1;
        po.u.packet_out.actions = &out;
        po.u.packet_out.n_actions = 1;
        po.u.packet_out.data = p.data;
        po.u.packet_out.len = p.len;
        h_send(&h, &po);
        of_msg_uninit(&po);
    }
    CU_ASSERT_TRUE(h_capture(&h, 2, NULL, 1000));
    h_stop(&h);
}

static void
test_flow_removed(void)
{
    struct harness h;
    struct dp_cmd *cmd = xzalloc(sizeof *cmd);
    struct dp_event *ev;
    struct of_msg msg;

    h_start(&h, 2);
    cmd->type = DP_CMD_CONNS;
    cmd->n_async_conns = 1;
    datapath_submit(h.dp, cmd);
    h_flow(&h, "hard_timeout=1,send_flow_rem,cookie=0x77,in_port=3,"
           "actions=drop", OFPFC_ADD);
    h_flow(&h, "send_flow_rem,in_port=2,actions=drop", OFPFC_ADD);
    h_flow(&h, "in_port=2", OFPFC_DELETE);
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPRR_DELETE);
    dp_event_free(ev);

    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    if (!ev) {
        /* Hard timeout of 1 s: allow another second. */
        ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPRR_HARD_TIMEOUT);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.flow_removed.cookie, 0x77);
    of_msg_uninit(&msg);
    dp_event_free(ev);
    h_stop(&h);
}

static void
test_stats(void)
{
    struct harness h;
    struct dp_event *ev;
    struct of_msg msg, rq;

    h_start(&h, 3);
    h_flow(&h, "in_port=1,actions=output:2", OFPFC_ADD);
    h_flow(&h, "table=2,priority=5,ip,actions=drop", OFPFC_ADD);
    h_barrier(&h);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, NULL, 1000));

    of_msg_init(&rq, OFPT_MULTIPART_REQUEST, 0);
    rq.u.mp_request.type = OFPMP_FLOW;
    rq.u.mp_request.flow.table_id = OFPTT_ALL;
    rq.u.mp_request.flow.out_port = OFPP_ANY;
    rq.u.mp_request.flow.out_group = OFPG_ANY;
    h_send(&h, &rq);
    of_msg_uninit(&rq);
    ev = h_wait_event(&h, DP_EV_REPLY, OFPT_MULTIPART_REPLY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.mp_reply.flow.n, 2);
    CU_ASSERT_EQUAL(msg.u.mp_reply.flow.stats[0].packet_count, 1);
    CU_ASSERT_EQUAL(msg.u.mp_reply.flow.stats[1].table_id, 2);
    of_msg_uninit(&msg);
    dp_event_free(ev);

    /* Table stats: three tables, one lookup and match in table 0. */
    of_msg_init(&rq, OFPT_MULTIPART_REQUEST, 0);
    rq.u.mp_request.type = OFPMP_TABLE;
    h_send(&h, &rq);
    of_msg_uninit(&rq);
    ev = h_wait_event(&h, DP_EV_REPLY, OFPT_MULTIPART_REPLY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.mp_reply.table.n, 3);
    CU_ASSERT_EQUAL(msg.u.mp_reply.table.stats[0].active_count, 1);
    CU_ASSERT_EQUAL(msg.u.mp_reply.table.stats[0].lookup_count, 1);
    CU_ASSERT_EQUAL(msg.u.mp_reply.table.stats[0].matched_count, 1);
    of_msg_uninit(&msg);
    dp_event_free(ev);
    h_stop(&h);
}

/* Ryu's match/19_ICMPV4_TYPE through the datapath: a 60-byte
 * ethernet/mpls/ipv4/icmp frame (54 bytes and 6 of padding), pop_mpls,
 * then a match on the ICMP type in table 1, leaves as the 60-byte
 * ethernet/ipv4/icmp frame Ryu expects (50 bytes and 10 of padding), not
 * as 56 bytes. */
static void
test_pop_short_frame(void)
{
    static const char in[] =
        "222222222222 121111111111 8847 00064740"
        "4520002400000000 4001db4a c0a80a0a c0a81414"
        "080059da00000000 0123456789abcdef 000000000000";
    static const char out[] =
        "222222222222 121111111111 0800"
        "4520002400000000 4001db4a c0a80a0a c0a81414"
        "080059da00000000 0123456789abcdef 00000000000000000000";
    struct ofpbuf a = OFPBUF_INITIALIZER, b = OFPBUF_INITIALIZER;
    struct ofpbuf frame = OFPBUF_INITIALIZER;
    long long deadline;
    struct harness h;
    bool got;

    unit_hex(&a, in);
    unit_hex(&b, out);
    CU_ASSERT_EQUAL_FATAL(a.size, 60);
    CU_ASSERT_EQUAL_FATAL(b.size, 60);

    h_start(&h, 2);
    h_flow(&h, "eth_type=0x8847,actions=pop_mpls:0x0800,goto_table:1",
           OFPFC_ADD);
    h_flow(&h, "table=1,icmp,icmp_type=8,actions=output:2", OFPFC_ADD);
    h_barrier(&h);
    CU_ASSERT_TRUE(netdev_dummy_inject(h.p[1], a.data, a.size, NULL));
    deadline = now_ms() + 1000;
    while (!(got = netdev_dummy_capture(h.p[2], &frame, NULL))
           && now_ms() < deadline) {
        struct timespec ts = { 0, 5 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }
    CU_ASSERT_TRUE(got);
    CU_ASSERT_EQUAL(frame.size, b.size);
    CU_ASSERT_TRUE(frame.size == b.size
                   && !memcmp(frame.data, b.data, b.size));
    ofpbuf_uninit(&frame);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
    h_stop(&h);
}

static CU_TestInfo tests[] = {
    { "forward and miss", test_forward_and_miss },
    { "pipeline order", test_pipeline_order },
    { "errors", test_errors },
    { "packet-in and packet-out", test_packet_in_out },
    { "flow removed", test_flow_removed },
    { "stats", test_stats },
    { "pop to a short frame", test_pop_short_frame },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("datapath", tests)
