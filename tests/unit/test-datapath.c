/* The whole switch datapath in one process: dummy ports, commands in,
 * events out, frames injected and captured. */

#include "switch/datapath.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofproto/ds.h"
#include "ofproto/ofkit-ext.h"
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
    long long clock_ns;         /* The meters' clock, with h_start_opts()'s
                                 * 'fake_clock' (atomic). */
};

/* Options of h_start_opts(). */
struct h_opts {
    unsigned int n_tables;
    uint32_t max_groups;        /* 0: the defaults. */
    uint32_t max_meters;
    bool fake_clock;            /* Meters and groups see h->clock_ns. */
};

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long
h_clock(void *h_)
{
    struct harness *h = h_;

    return __atomic_load_n(&h->clock_ns, __ATOMIC_ACQUIRE);
}

/* Moves the fake clock to 'ns'.  Frames injected afterwards are metered at
 * 'ns' (the datapath reads the clock after poll() says they are there). */
static void
h_set_clock(struct harness *h, long long ns)
{
    __atomic_store_n(&h->clock_ns, ns, __ATOMIC_RELEASE);
}

static void
h_start_opts(struct harness *h, const struct h_opts *opts)
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
    cfg.n_tables = opts->n_tables;
    cfg.max_flows = 1000;
    cfg.max_groups = opts->max_groups;
    cfg.max_meters = opts->max_meters;
    cfg.ports = specs;
    cfg.n_ports = 3;
    h->dp = datapath_create(&cfg, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->dp);
    for (int i = 0; i < 3; i++) {
        h->p[i + 1] = netdev_dummy_find(names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h->p[i + 1]);
    }
    if (opts->fake_clock) {
        h->clock_ns = 1000000000;
        datapath_set_clock(h->dp, h_clock, h);
    }
    datapath_start(h->dp);
    h->xid = 100;
}

static void
h_start(struct harness *h, unsigned int n_tables)
{
    struct h_opts opts = { .n_tables = n_tables };

    h_start_opts(h, &opts);
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

/* ---- Groups and meters ---- */

static void
h_group(struct harness *h, const char *text, uint16_t command)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_GROUP_MOD, 0);
    error = of_group_mod_parse(&msg.u.group_mod, text, command, &msg.arena);
    if (error) {
        fprintf(stderr, "\n'%s': %s\n", text, error);
    }
    CU_ASSERT_PTR_NULL_FATAL(error);
    h_send(h, &msg);
    of_msg_uninit(&msg);
}

static void
h_meter(struct harness *h, const char *text, uint16_t command)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_METER_MOD, 0);
    error = of_meter_mod_parse(&msg.u.meter_mod, text, command, &msg.arena);
    if (error) {
        fprintf(stderr, "\n'%s': %s\n", text, error);
    }
    CU_ASSERT_PTR_NULL_FATAL(error);
    h_send(h, &msg);
    of_msg_uninit(&msg);
}

/* Sends a barrier and waits for its reply; returns the error of the first
 * request answered with one since the last call (freeing it), or 0. */
static enum ofperr
h_error(struct harness *h)
{
    struct dp_event **prev = &h->events;
    enum ofperr error = 0;

    h_barrier(h);
    for (struct dp_event *ev = h->events; ev; ev = ev->next) {
        if (ev->type == DP_EV_ERROR) {
            error = ev->error;
            *prev = ev->next;
            dp_event_free(ev);
            break;
        }
        prev = &ev->next;
    }
    return error;
}

/* Asserts that the requests since the last h_error() got 'expected' (0:
 * no error), naming 'what' when they did not. */
#define EXPECT_ERROR(H, EXPECTED, WHAT)                                    \
    do {                                                                   \
        enum ofperr error_ = h_error(H);                                   \
                                                                           \
        if (error_ != (EXPECTED)) {                                        \
            fprintf(stderr, "\n%s: got %s, expected %s\n", WHAT,           \
                    error_ ? ofperr_name(error_) : "no error",             \
                    (EXPECTED) ? ofperr_name(EXPECTED) : "no error");      \
        }                                                                  \
        CU_ASSERT_EQUAL(error_, EXPECTED);                                 \
    } while (0)

static void
h_async_conns(struct harness *h, unsigned int n)
{
    struct dp_cmd *cmd = xzalloc(sizeof *cmd);

    cmd->type = DP_CMD_CONNS;
    cmd->n_async_conns = n;
    datapath_submit(h->dp, cmd);
}

/* Sends a multipart request of 'type' for 'id' (a group or meter, where
 * the type takes one) and decodes the reply into '*reply' (which the
 * caller uninits). */
static void
h_multipart(struct harness *h, uint16_t type, uint32_t id,
            struct of_msg *reply)
{
    struct dp_event *ev;
    struct of_msg rq;

    of_msg_init(&rq, OFPT_MULTIPART_REQUEST, 0);
    rq.u.mp_request.type = type;
    if (type == OFPMP_GROUP) {
        rq.u.mp_request.group.group_id = id;
    } else if (type == OFPMP_METER) {
        rq.u.mp_request.meter.meter_id = id;
    } else if (type == OFPMP_METER_CONFIG) {
        rq.u.mp_request.meter_config.meter_id = id;
    }
    h_send(h, &rq);
    of_msg_uninit(&rq);
    ev = h_wait_event(h, DP_EV_REPLY, OFPT_MULTIPART_REPLY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL_FATAL(of_msg_decode(reply, ev->bytes.data,
                                        ev->bytes.size), 0);
    dp_event_free(ev);
}

/* The statistics of meter 'id' (which must exist) in '*ms'. */
static void
h_meter_stats(struct harness *h, uint32_t id, struct of_meter_stats *ms,
              uint64_t band_packets[2])
{
    struct of_msg reply;

    h_multipart(h, OFPMP_METER, id, &reply);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.meter.n, 1);
    *ms = reply.u.mp_reply.meter.stats[0];
    for (size_t i = 0; i < 2; i++) {
        band_packets[i] = (i < ms->n_bands
                           ? ms->bands[i].packet_band_count : 0);
    }
    ms->bands = NULL;
    of_msg_uninit(&reply);
}

/* Waits up to 2 s until meter 'id' has seen 'n' packets. */
static bool
h_meter_saw(struct harness *h, uint32_t id, uint64_t n)
{
    long long deadline = now_ms() + 2000;

    for (;;) {
        struct of_meter_stats ms;
        uint64_t bands[2];

        h_meter_stats(h, id, &ms, bands);
        if (ms.packet_in_count >= n) {
            return ms.packet_in_count == n;
        }
        if (now_ms() > deadline) {
            return false;
        }
        struct timespec ts = { 0, 2 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }
}

/* Takes every frame captured on 'port' so far; returns how many. */
static size_t
h_drain(struct harness *h, int port)
{
    struct ofpbuf frame = OFPBUF_INITIALIZER;
    size_t n = 0;

    while (netdev_dummy_capture(h->p[port], &frame, NULL)) {
        n++;
    }
    ofpbuf_uninit(&frame);
    return n;
}

/* Waits up to 'timeout_ms' until ports 1-3 have captured 'n' frames in
 * all (not taking them); returns whether they did. */
static bool
h_wait_captured(struct harness *h, size_t n, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;

    for (;;) {
        size_t got = 0;

        for (int port = 1; port <= 3; port++) {
            got += netdev_dummy_n_captured(h->p[port]);
        }
        if (got >= n || now_ms() > deadline) {
            return got >= n;
        }
        struct timespec ts = { 0, 2 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }
}

/* A TCP frame from port 1 of flow number 'k' (its source port). */
static void
h_inject_flow(struct harness *h, unsigned int k)
{
    char text[256];

    snprintf(text, sizeof text, "in_port=1,dl_src=00:00:00:00:00:01,"
             "dl_dst=00:00:00:00:00:02,tcp,nw_src=10.0.0.1,"
             "nw_dst=10.0.0.2,tp_src=%u,tp_dst=80", 1000 + k);
    h_inject(h, 1, text);
}

/* Runs ofkit's trace of 'flow_text' and returns its text (caller
 * frees). */
static char *
h_trace(struct harness *h, const char *flow_text)
{
    struct dp_event *ev;
    struct of_msg msg;
    char *text = xstrdup(flow_text);

    of_msg_init(&msg, OFPT_EXPERIMENTER, 0);
    msg.u.experimenter.exp.experimenter = OFKIT_EXPERIMENTER;
    msg.u.experimenter.exp.exp_type = OFKIT_TRACE;
    msg.u.experimenter.exp.data = (uint8_t *) text;
    msg.u.experimenter.exp.len = strlen(text);
    h_send(h, &msg);
    free(text);
    of_msg_uninit(&msg);
    ev = h_wait_event(h, DP_EV_REPLY, OFPT_EXPERIMENTER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL_FATAL(of_msg_decode(&msg, ev->bytes.data,
                                        ev->bytes.size), 0);
    CU_ASSERT_TRUE_FATAL(msg.u.experimenter.exp.len >= 1);
    CU_ASSERT_EQUAL(msg.u.experimenter.exp.data[0], OFKIT_OK);
    text = xmalloc(msg.u.experimenter.exp.len);
    memcpy(text, msg.u.experimenter.exp.data + 1,
           msg.u.experimenter.exp.len - 1);
    text[msg.u.experimenter.exp.len - 1] = '\0';
    of_msg_uninit(&msg);
    dp_event_free(ev);
    return text;
}

static void
test_group_all(void)
{
    struct of_msg reply;
    struct harness h;
    struct flow f;

    /* ALL: each bucket gets its own copy of the packet: the set_field of
     * the first bucket reaches neither the second nor what follows the
     * group in the action list. */
    h_start(&h, 2);
    h_group(&h, "group_id=1,type=all,"
            "bucket=set_field:10.0.0.9->ipv4_dst,output:2,"
            "bucket=output:3", OFPGC_ADD);
    h_flow(&h, "in_port=1,tcp,actions=group:1,set_field:99->tcp_dst,"
           "output:3", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "group and flow");
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, &f, 1000));
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000009);
    CU_ASSERT_EQUAL(f.tp_dst, 80);
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000002);
    CU_ASSERT_EQUAL(f.tp_dst, 80);      /* From the bucket... */
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000002);
    CU_ASSERT_EQUAL(f.tp_dst, 99);      /* ...then from the list. */
    CU_ASSERT_FALSE(h_capture(&h, 2, NULL, 50));

    /* In the action set the group replaces the output (5.10). */
    h_flow(&h, "in_port=1,tcp,actions=write_actions(output:1,group:1)",
           OFPFC_MODIFY);
    EXPECT_ERROR(&h, 0, "modify");
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, &f, 1000));
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000009);
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.nw_dst, 0x0a000002);
    CU_ASSERT_FALSE(h_capture(&h, 1, NULL, 50));
    CU_ASSERT_FALSE(h_capture(&h, 3, NULL, 10));

    /* Counters: two packets through the group, each bucket ran twice;
     * one flow refers to it. */
    h_multipart(&h, OFPMP_GROUP, 1, &reply);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.group.n, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].group_id, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].ref_count, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].packet_count, 2);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].byte_count, 120);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.group.stats[0].n_buckets, 2);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].buckets[0].packet_count,
                    2);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].buckets[1].byte_count,
                    120);
    of_msg_uninit(&reply);

    /* A packet-out through the group. */
    {
        uint8_t buf[NETDEV_BUF_SIZE];
        struct of_action act;
        struct dp_packet p;
        struct of_msg po;

        packet_init(&p, buf, sizeof buf);
        CU_ASSERT_PTR_NULL(flow_compose_parse(FRAME, &p));
        memset(&act, 0, sizeof act);
        act.type = OFPAT_GROUP;
        act.group_id = 1;
        of_msg_init(&po, OFPT_PACKET_OUT, 0);
        po.u.packet_out.buffer_id = OFP_NO_BUFFER;
        po.u.packet_out.in_port = OFPP_CONTROLLER;
        po.u.packet_out.actions = &act;
        po.u.packet_out.n_actions = 1;
        po.u.packet_out.data = p.data;
        po.u.packet_out.len = p.len;
        h_send(&h, &po);
        EXPECT_ERROR(&h, 0, "packet-out to group 1");
        CU_ASSERT_TRUE(h_capture(&h, 2, &f, 1000));
        CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));

        /* To a group that does not exist: refused. */
        act.group_id = 2;
        h_send(&h, &po);
        EXPECT_ERROR(&h, OFPERR_OFPBAC_BAD_OUT_GROUP, "packet-out, group 2");
        of_msg_uninit(&po);
    }
    h_stop(&h);
}

static void
test_group_select(void)
{
    unsigned int first_port[200];
    struct harness h;
    size_t n2, n3;
    struct flow f;

    h_start(&h, 1);
    h_group(&h, "group_id=5,type=select,bucket=weight:1,actions=output:2,"
            "bucket=weight:3,actions=output:3", OFPGC_ADD);
    h_flow(&h, "in_port=1,actions=group:5", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "select group");

    /* 400 flows spread by weight (1:3). */
    for (unsigned int k = 0; k < 400; k++) {
        h_inject_flow(&h, k);
    }
    CU_ASSERT_TRUE(h_wait_captured(&h, 400, 3000));
    n2 = h_drain(&h, 2);
    n3 = h_drain(&h, 3);
    CU_ASSERT_EQUAL(n2 + n3, 400);
    CU_ASSERT(n3 >= 250 && n3 <= 350);

    /* Each flow keeps its bucket: send 200 flows, remember where each
     * went, send them again in another order. */
    for (unsigned int k = 0; k < 200; k++) {
        h_inject_flow(&h, k);
        first_port[k] = 0;
    }
    CU_ASSERT_TRUE(h_wait_captured(&h, 200, 3000));
    for (int port = 2; port <= 3; port++) {
        while (h_capture(&h, port, &f, 0)) {
            first_port[f.tp_src - 1000] = port;
        }
    }
    for (unsigned int k = 200; k-- > 0;) {
        h_inject_flow(&h, k);
    }
    CU_ASSERT_TRUE(h_wait_captured(&h, 200, 3000));
    for (int port = 2; port <= 3; port++) {
        while (h_capture(&h, port, &f, 0)) {
            CU_ASSERT_EQUAL(first_port[f.tp_src - 1000], port);
        }
    }

    /* A flow keeps its bucket whatever else passes: 20 packets of one
     * flow all go one way. */
    for (unsigned int i = 0; i < 20; i++) {
        h_inject_flow(&h, 7);
    }
    CU_ASSERT_TRUE(h_wait_captured(&h, 20, 3000));
    n2 = h_drain(&h, 2);
    n3 = h_drain(&h, 3);
    CU_ASSERT_TRUE((n2 == 20 && !n3) || (n3 == 20 && !n2));
    h_stop(&h);
}

static void
test_group_indirect_chain(void)
{
    struct of_msg reply;
    struct harness h;
    struct flow f;
    char *trace;

    /* An ALL group whose buckets go to an INDIRECT group and to port 3;
     * the indirect group tags the frame and sends it to port 2. */
    h_start(&h, 1);
    h_group(&h, "group_id=10,type=indirect,"
            "bucket=push_vlan:0x8100,set_field:4101->vlan_vid,output:2",
            OFPGC_ADD);
    h_group(&h, "group_id=11,type=all,bucket=group:10,bucket=output:3",
            OFPGC_ADD);
    h_flow(&h, "in_port=1,actions=group:11", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "groups in groups");
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, &f, 1000));
    CU_ASSERT_EQUAL(f.vlan_vid, 0x1005);
    CU_ASSERT_TRUE(h_capture(&h, 3, &f, 1000));
    CU_ASSERT_EQUAL(f.vlan_vid, 0);

    /* Group 10's reference count: group 11 forwards to it. */
    h_multipart(&h, OFPMP_GROUP, OFPG_ALL, &reply);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.group.n, 2);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].group_id, 10);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].ref_count, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].packet_count, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[1].group_id, 11);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[1].ref_count, 1);
    of_msg_uninit(&reply);

    /* Descriptions and features. */
    h_multipart(&h, OFPMP_GROUP_DESC, 0, &reply);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.group_desc.n, 2);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group_desc.descs[0].type,
                    OFPGT_INDIRECT);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group_desc.descs[1].n_buckets, 2);
    of_msg_uninit(&reply);
    h_multipart(&h, OFPMP_GROUP_FEATURES, 0, &reply);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group_features.types, 0xf);
    CU_ASSERT(reply.u.mp_reply.group_features.capabilities
              & OFPGFC_CHAINING);
    CU_ASSERT(reply.u.mp_reply.group_features.max_groups[OFPGT_ALL] > 0);
    of_msg_uninit(&reply);

    /* The trace shows both groups and what their buckets did, and
     * changes no counter. */
    trace = h_trace(&h, FRAME);
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "group 11 (all): 2 buckets"));
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "group 10 (indirect): bucket 0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "output to 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "output to 3"));
    free(trace);
    h_multipart(&h, OFPMP_GROUP, 11, &reply);
    CU_ASSERT_EQUAL_FATAL(reply.u.mp_reply.group.n, 1);
    CU_ASSERT_EQUAL(reply.u.mp_reply.group.stats[0].packet_count, 1);
    of_msg_uninit(&reply);
    CU_ASSERT_FALSE(h_capture(&h, 2, NULL, 50));
    h_stop(&h);
}

static void
test_group_fast_failover(void)
{
    struct harness h;
    long long t0, deadline;
    bool moved = false;
    char *trace;

    /* Watch port 2, else port 3; the group forwards with the first live
     * bucket. */
    h_start(&h, 1);
    h_group(&h, "group_id=3,type=ff,bucket=watch_port:2,actions=output:2,"
            "bucket=watch_port:3,actions=output:3", OFPGC_ADD);
    h_flow(&h, "in_port=1,actions=group:3", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "ff group");
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, NULL, 1000));
    CU_ASSERT_FALSE(h_capture(&h, 3, NULL, 50));

    /* Port 2's link goes down: within the link poll interval (500 ms)
     * traffic moves to port 3. */
    netdev_dummy_set_carrier(h.p[2], false);
    t0 = now_ms();
    deadline = t0 + 2000;
    while (!moved && now_ms() < deadline) {
        h_inject(&h, 1, FRAME);
        moved = h_capture(&h, 3, NULL, 20);
    }
    CU_ASSERT_TRUE(moved);
    CU_ASSERT_FALSE(h_capture(&h, 2, NULL, 10));
    trace = h_trace(&h, FRAME);
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "bucket 1 of 2, the first live"));
    free(trace);

    /* And back when it comes up. */
    netdev_dummy_set_carrier(h.p[2], true);
    moved = false;
    deadline = now_ms() + 2000;
    while (!moved && now_ms() < deadline) {
        h_inject(&h, 1, FRAME);
        moved = h_capture(&h, 2, NULL, 20);
    }
    CU_ASSERT_TRUE(moved);
    h_drain(&h, 3);

    /* Both down: no live bucket, nothing leaves. */
    netdev_dummy_set_carrier(h.p[2], false);
    netdev_dummy_set_carrier(h.p[3], false);
    deadline = now_ms() + 2000;
    for (;;) {
        char *t = h_trace(&h, FRAME);
        bool dead = strstr(t, "no live bucket") != NULL;

        free(t);
        if (dead || now_ms() > deadline) {
            CU_ASSERT_TRUE(dead);
            break;
        }
        struct timespec ts = { 0, 20 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }

    /* A bucket watching a group is live while that group is: group 4
     * watches group 3 (dead now) and falls back to port 1... */
    h_group(&h, "group_id=4,type=ff,bucket=watch_group:3,actions=group:3,"
            "bucket=watch_port:1,actions=output:1", OFPGC_ADD);
    h_flow(&h, "in_port=2,actions=group:4", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "group watching a group");
    trace = h_trace(&h, "in_port=2,udp");
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "group 4 (fast_failover): "
                                         "bucket 1 of 2"));
    free(trace);
    /* ...and goes through group 3 once port 3 is back. */
    netdev_dummy_set_carrier(h.p[3], true);
    deadline = now_ms() + 2000;
    for (;;) {
        char *t = h_trace(&h, "in_port=2,udp");
        bool back = strstr(t, "group 4 (fast_failover): bucket 0") != NULL;

        free(t);
        if (back || now_ms() > deadline) {
            CU_ASSERT_TRUE(back);
            break;
        }
        struct timespec ts = { 0, 20 * 1000 * 1000 };

        nanosleep(&ts, NULL);
    }
    h_stop(&h);
}

static void
test_group_delete(void)
{
    struct dp_event *ev;
    struct harness h;
    struct of_msg msg;

    h_start(&h, 2);
    h_async_conns(&h, 1);
    h_group(&h, "group_id=1,type=all,bucket=output:2", OFPGC_ADD);
    h_group(&h, "group_id=2,type=all,bucket=output:3", OFPGC_ADD);
    h_group(&h, "group_id=3,type=indirect,bucket=group:2", OFPGC_ADD);
    h_flow(&h, "send_flow_rem,cookie=0x61,in_port=1,actions=group:1",
           OFPFC_ADD);
    h_flow(&h, "table=1,cookie=0x62,in_port=1,"
           "actions=write_actions(group:1)", OFPFC_ADD);
    h_flow(&h, "send_flow_rem,cookie=0x63,in_port=2,actions=group:2",
           OFPFC_ADD);
    h_flow(&h, "send_flow_rem,cookie=0x64,in_port=3,actions=output:1",
           OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "setup");

    /* A group another group forwards to stays. */
    h_group(&h, "group_id=2", OFPGC_DELETE);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_CHAINED_GROUP, "delete group 2");

    /* Deleting group 1 deletes the flows in both tables that use it;
     * the one that asked gets FLOW_REMOVED with reason GROUP_DELETE. */
    h_group(&h, "group_id=1", OFPGC_DELETE);
    EXPECT_ERROR(&h, 0, "delete group 1");
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPRR_GROUP_DELETE);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.flow_removed.cookie, 0x61);
    CU_ASSERT_EQUAL(msg.u.flow_removed.reason, OFPRR_GROUP_DELETE);
    of_msg_uninit(&msg);
    dp_event_free(ev);
    {
        struct of_msg rq;

        of_msg_init(&rq, OFPT_MULTIPART_REQUEST, 0);
        rq.u.mp_request.type = OFPMP_AGGREGATE;
        rq.u.mp_request.aggregate.table_id = OFPTT_ALL;
        rq.u.mp_request.aggregate.out_port = OFPP_ANY;
        rq.u.mp_request.aggregate.out_group = OFPG_ANY;
        h_send(&h, &rq);
        of_msg_uninit(&rq);
        ev = h_wait_event(&h, DP_EV_REPLY, OFPT_MULTIPART_REPLY);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
        CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size),
                        0);
        CU_ASSERT_EQUAL(msg.u.mp_reply.aggregate.flow_count, 2);
        of_msg_uninit(&msg);
        dp_event_free(ev);
    }

    /* A flow may no longer name group 1. */
    h_flow(&h, "in_port=1,actions=group:1", OFPFC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPBAC_BAD_OUT_GROUP, "flow to deleted group");

    /* OFPG_ALL: every group goes, with the flow on group 2. */
    h_group(&h, "group_id=all", OFPGC_DELETE);
    EXPECT_ERROR(&h, 0, "delete all");
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPRR_GROUP_DELETE);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.flow_removed.cookie, 0x63);
    of_msg_uninit(&msg);
    dp_event_free(ev);
    CU_ASSERT_PTR_NULL(h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED));
    h_multipart(&h, OFPMP_GROUP_DESC, 0, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.group_desc.n, 0);
    of_msg_uninit(&msg);

    /* Statistics of a group that does not exist: an empty reply. */
    h_multipart(&h, OFPMP_GROUP, 2, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.group.n, 0);
    of_msg_uninit(&msg);
    CU_ASSERT_EQUAL(h_error(&h), 0);
    h_stop(&h);
}

static void
test_group_errors(void)
{
    struct h_opts opts = { .n_tables = 1, .max_groups = 3 };
    struct harness h;
    struct ds text = DS_EMPTY_INITIALIZER;

    h_start_opts(&h, &opts);
    h_group(&h, "group_id=1,type=all,bucket=output:1", OFPGC_ADD);
    EXPECT_ERROR(&h, 0, "add 1");
    h_group(&h, "group_id=1,type=all,bucket=output:2", OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_GROUP_EXISTS, "add 1 again");
    h_group(&h, "group_id=2,type=all,bucket=output:2", OFPGC_MODIFY);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_UNKNOWN_GROUP, "modify 2");
    h_group(&h, "group_id=2,type=all,bucket=group:2", OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_LOOP, "group to itself");
    h_group(&h, "group_id=2,type=all,bucket=group:9", OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPBAC_BAD_OUT_GROUP, "group to no group");
    h_group(&h, "group_id=2,type=indirect,bucket=group:1", OFPGC_ADD);
    EXPECT_ERROR(&h, 0, "add 2");
    h_group(&h, "group_id=1,type=all,bucket=group:2", OFPGC_MODIFY);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_LOOP, "modify closing a loop");
    h_group(&h, "group_id=3,type=all,bucket=watch_port:1,actions=output:1",
            OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_WATCH_UNSUPPORTED, "watch in all");
    h_group(&h, "group_id=3,type=ff,bucket=watch_group:7,actions=output:1",
            OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_BAD_WATCH, "watch of no group");
    h_group(&h, "group_id=3,type=ff,bucket=watch_port:1,actions=output:NORMAL",
            OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPBAC_BAD_OUT_PORT, "NORMAL in a bucket");

    /* Three groups of a type at most (--max-groups). */
    h_group(&h, "group_id=3,type=all,bucket=output:1", OFPGC_ADD);
    h_group(&h, "group_id=4,type=all,bucket=output:1", OFPGC_ADD);
    EXPECT_ERROR(&h, 0, "add 3 and 4");
    h_group(&h, "group_id=5,type=all,bucket=output:1", OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_OUT_OF_GROUPS, "a fourth all group");
    h_group(&h, "group_id=5,type=select,bucket=output:1", OFPGC_ADD);
    EXPECT_ERROR(&h, 0, "a select group");

    /* More buckets than a group may have (1024). */
    ds_put_cstr(&text, "group_id=6,type=select");
    for (int i = 0; i < 1025; i++) {
        ds_put_cstr(&text, ",bucket=output:1");
    }
    h_group(&h, ds_cstr(&text), OFPGC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_OUT_OF_BUCKETS, "1025 buckets");
    ds_destroy(&text);

    /* A modify to a type that is full. */
    h_group(&h, "group_id=5,type=all,bucket=output:1", OFPGC_MODIFY);
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_OUT_OF_GROUPS, "modify to a full type");
    h_stop(&h);

    /* A chain of 17 groups is one too long. */
    opts.max_groups = 0;
    h_start_opts(&h, &opts);
    for (int i = 1; i <= 17; i++) {
        char g[64];

        if (i == 1) {
            snprintf(g, sizeof g, "group_id=1,type=indirect,bucket=output:1");
        } else {
            snprintf(g, sizeof g, "group_id=%d,type=indirect,bucket=group:%d",
                     i, i - 1);
        }
        h_group(&h, g, OFPGC_ADD);
        if (i < 17) {
            EXPECT_ERROR(&h, 0, g);
        }
    }
    EXPECT_ERROR(&h, OFPERR_OFPGMFC_CHAINING_UNSUPPORTED, "17 in a chain");

    /* Flows: a group that does not exist. */
    h_flow(&h, "actions=write_actions(group:99)", OFPFC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPBAC_BAD_OUT_GROUP, "flow to group 99");
    h_stop(&h);
}

static void
test_meter_rates(void)
{
    struct h_opts opts = { .n_tables = 1, .fake_clock = true };
    struct of_meter_stats ms;
    uint64_t bands[2];
    struct harness h;
    struct flow f;
    size_t n;

    h_start_opts(&h, &opts);

    /* 10 packets per second with a burst of 20: 20 of 50 frames pass at
     * once, then 10 more a second later; the band counts the drops. */
    h_meter(&h, "meter=1,pktps,burst,stats,bands=type=drop,rate=10,"
            "burst_size=20", OFPMC_ADD);
    h_flow(&h, "in_port=1,actions=meter:1,output:2", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "pktps meter");
    for (int i = 0; i < 50; i++) {
        h_inject(&h, 1, FRAME);
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 1, 50));
    CU_ASSERT_EQUAL(h_drain(&h, 2), 20);
    h_set_clock(&h, h.clock_ns + 1000000000);
    for (int i = 0; i < 50; i++) {
        h_inject(&h, 1, FRAME);
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 1, 100));
    CU_ASSERT_EQUAL(h_drain(&h, 2), 10);
    h_meter_stats(&h, 1, &ms, bands);
    CU_ASSERT_EQUAL(ms.flow_count, 1);
    CU_ASSERT_EQUAL(ms.byte_in_count, 100 * 60);
    CU_ASSERT_EQUAL(bands[0], 70);
    CU_ASSERT_EQUAL(ms.duration_sec, 1);

    /* 80 kbit/s with a burst of 100 kbit: 60-byte frames are 480 bits,
     * so 208 pass at once, and a second later 167 (80,160 bits). */
    h_meter(&h, "meter=2,kbps,burst,bands=type=drop,rate=80,"
            "burst_size=100", OFPMC_ADD);
    h_flow(&h, "in_port=2,actions=meter:2,output:3", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "kbps meter");
    for (int i = 0; i < 300; i++) {
        h_inject(&h, 2, "in_port=2,udp");
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 2, 300));
    CU_ASSERT_EQUAL(h_drain(&h, 3), 208);
    h_set_clock(&h, h.clock_ns + 1000000000);
    for (int i = 0; i < 300; i++) {
        h_inject(&h, 2, "in_port=2,udp");
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 2, 600));
    CU_ASSERT_EQUAL(h_drain(&h, 3), 167);

    /* The highest band exceeded applies (5.7).  A remark band at 5 pps
     * (burst 5) under a drop band at 10 pps (burst 10): of 15 AF11 (DSCP
     * 10) frames at once, 5 pass as they are, 5 exceed the remark band
     * and pass as AF12 (12), 5 exceed the drop band too and are
     * dropped. */
    h_meter(&h, "meter=3,pktps,burst,bands=type=dscp_remark,rate=5,"
            "burst_size=5,prec_level=1,type=drop,rate=10,burst_size=10",
            OFPMC_ADD);
    h_flow(&h, "in_port=3,actions=meter:3,output:1", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "remark meter");
    for (int i = 0; i < 15; i++) {
        h_inject(&h, 3, "in_port=3,udp,nw_tos=40");
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 3, 15));
    n = 0;
    while (h_capture(&h, 1, &f, 0)) {
        CU_ASSERT_EQUAL(f.ip_dscp, n < 5 ? 10 : 12);
        n++;
    }
    CU_ASSERT_EQUAL(n, 10);
    h_meter_stats(&h, 3, &ms, bands);
    CU_ASSERT_EQUAL(bands[0], 5);       /* remark */
    CU_ASSERT_EQUAL(bands[1], 5);       /* drop */

    /* A frame that is not IP passes a remark band unchanged. */
    h_set_clock(&h, h.clock_ns + 1000000000);
    h_flow(&h, "in_port=3,arp,actions=meter:3,output:1", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "arp flow");
    for (int i = 0; i < 7; i++) {
        h_inject(&h, 3, "in_port=3,arp");
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, 3, 22));
    CU_ASSERT_EQUAL(h_drain(&h, 1), 7);
    h_stop(&h);
}

static void
test_meter_controller(void)
{
    struct h_opts opts = { .n_tables = 1, .fake_clock = true };
    struct harness h;
    struct dp_event *ev;
    int n = 0;

    /* OFPM_CONTROLLER limits packet-ins: 5 of 10 (burst 5), whatever
     * sends them. */
    h_start_opts(&h, &opts);
    h_async_conns(&h, 1);
    h_meter(&h, "meter=controller,pktps,burst,bands=type=drop,rate=10,"
            "burst_size=5", OFPMC_ADD);
    h_flow(&h, "priority=0,actions=CONTROLLER:65535", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "controller meter");
    for (int i = 0; i < 10; i++) {
        h_inject(&h, 1, FRAME);
    }
    CU_ASSERT_TRUE(h_meter_saw(&h, OFPM_CONTROLLER, 10));
    while ((ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_PACKET_IN)) != NULL) {
        n++;
        dp_event_free(ev);
        if (n >= 5) {
            break;
        }
    }
    CU_ASSERT_EQUAL(n, 5);
    h_barrier(&h);
    for (struct dp_event *e = h.events; e; e = e->next) {
        CU_ASSERT_FALSE(e->type == DP_EV_ASYNC);
    }

    /* OFPM_SLOWPATH: the switch has no slow path. */
    h_meter(&h, "meter=slowpath,pktps,bands=type=drop,rate=10", OFPMC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_INVALID_METER, "slowpath meter");
    h_stop(&h);
}

static void
test_meter_delete_and_errors(void)
{
    struct h_opts opts = { .n_tables = 2, .max_meters = 2 };
    struct dp_event *ev;
    struct harness h;
    struct of_msg msg;
    struct ds text = DS_EMPTY_INITIALIZER;

    h_start_opts(&h, &opts);
    h_async_conns(&h, 1);
    h_meter(&h, "meter=1,kbps,bands=type=drop,rate=1000", OFPMC_ADD);
    EXPECT_ERROR(&h, 0, "add 1");
    h_meter(&h, "meter=1,kbps,bands=type=drop,rate=2000", OFPMC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_METER_EXISTS, "add 1 again");
    h_meter(&h, "meter=2,kbps,bands=type=drop,rate=2000", OFPMC_MODIFY);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_UNKNOWN_METER, "modify 2");
    h_meter(&h, "meter=2,kbps,burst,bands=type=drop,rate=2000",
            OFPMC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_BAD_BURST, "burst of 0");
    ds_put_cstr(&text, "meter=2,kbps,bands=");
    for (int i = 0; i < 17; i++) {
        ds_put_format(&text, "%stype=drop,rate=%d", i ? "," : "", i + 1);
    }
    h_meter(&h, ds_cstr(&text), OFPMC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_OUT_OF_BANDS, "17 bands");
    ds_destroy(&text);
    {
        struct of_meter_band band;
        struct of_msg mm;

        /* An experimenter band decodes but is not supported. */
        memset(&band, 0, sizeof band);
        band.type = OFPMBT_EXPERIMENTER;
        band.rate = 10;
        band.experimenter.experimenter = 0x1234;
        of_msg_init(&mm, OFPT_METER_MOD, 0);
        mm.u.meter_mod.command = OFPMC_ADD;
        mm.u.meter_mod.flags = OFPMF_KBPS;
        mm.u.meter_mod.meter_id = 2;
        mm.u.meter_mod.bands = &band;
        mm.u.meter_mod.n_bands = 1;
        h_send(&h, &mm);
        of_msg_uninit(&mm);
        EXPECT_ERROR(&h, OFPERR_OFPMMFC_BAD_BAND, "experimenter band");
    }
    h_meter(&h, "meter=2,pktps,bands=type=drop,rate=10", OFPMC_ADD);
    h_meter(&h, "meter=3,pktps,bands=type=drop,rate=10", OFPMC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_OUT_OF_METERS, "a third meter");

    /* Flows: a meter that does not exist, a virtual one. */
    h_flow(&h, "actions=meter:3,output:2", OFPFC_ADD);
    EXPECT_ERROR(&h, OFPERR_OFPMMFC_UNKNOWN_METER, "flow to meter 3");
    {
        struct of_instruction inst;
        struct of_msg fm;

        memset(&inst, 0, sizeof inst);
        inst.type = OFPIT_METER;
        inst.meter_id = OFPM_CONTROLLER;
        of_msg_init(&fm, OFPT_FLOW_MOD, 0);
        CU_ASSERT_PTR_NULL(of_flow_mod_parse(&fm.u.flow_mod, "priority=1",
                                             OFPFC_ADD, &fm.arena));
        fm.u.flow_mod.instructions = &inst;
        fm.u.flow_mod.n_instructions = 1;
        h_send(&h, &fm);
        of_msg_uninit(&fm);
        EXPECT_ERROR(&h, OFPERR_OFPMMFC_INVALID_METER,
                     "flow to OFPM_CONTROLLER");
    }

    /* Deleting a meter deletes its flows: OFPRR_DELETE in 1.3. */
    h_flow(&h, "send_flow_rem,cookie=0x71,in_port=1,actions=meter:1,"
           "output:2", OFPFC_ADD);
    h_flow(&h, "table=1,send_flow_rem,cookie=0x72,in_port=1,"
           "actions=meter:2,output:2", OFPFC_ADD);
    h_flow(&h, "send_flow_rem,cookie=0x73,in_port=2,actions=output:1",
           OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "flows with meters");
    h_multipart(&h, OFPMP_METER, OFPM_ALL, &msg);
    CU_ASSERT_EQUAL_FATAL(msg.u.mp_reply.meter.n, 2);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter.stats[0].flow_count, 1);
    of_msg_uninit(&msg);
    h_meter(&h, "meter=1", OFPMC_DELETE);
    EXPECT_ERROR(&h, 0, "delete 1");
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(ev->reason, OFPRR_DELETE);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.flow_removed.cookie, 0x71);
    of_msg_uninit(&msg);
    dp_event_free(ev);
    h_meter(&h, "meter=all", OFPMC_DELETE);
    EXPECT_ERROR(&h, 0, "delete all");
    ev = h_wait_event(&h, DP_EV_ASYNC, OFPT_FLOW_REMOVED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT_EQUAL(msg.u.flow_removed.cookie, 0x72);
    of_msg_uninit(&msg);
    dp_event_free(ev);

    /* Statistics of a meter that does not exist: an empty reply. */
    h_multipart(&h, OFPMP_METER, 1, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter.n, 0);
    of_msg_uninit(&msg);
    h_multipart(&h, OFPMP_METER_CONFIG, 1, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_config.n, 0);
    of_msg_uninit(&msg);
    CU_ASSERT_EQUAL(h_error(&h), 0);

    /* Configuration and features. */
    h_meter(&h, "meter=9,pktps,burst,stats,bands=type=dscp_remark,rate=7,"
            "burst_size=3,prec_level=2", OFPMC_ADD);
    EXPECT_ERROR(&h, 0, "meter 9");
    h_multipart(&h, OFPMP_METER_CONFIG, OFPM_ALL, &msg);
    CU_ASSERT_EQUAL_FATAL(msg.u.mp_reply.meter_config.n, 1);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_config.configs[0].meter_id, 9);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_config.configs[0].flags,
                    OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS);
    CU_ASSERT_EQUAL_FATAL(msg.u.mp_reply.meter_config.configs[0].n_bands, 1);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_config.configs[0].bands[0]
                    .prec_level, 2);
    of_msg_uninit(&msg);
    h_multipart(&h, OFPMP_METER_FEATURES, 0, &msg);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_features.max_meter, 2);
    CU_ASSERT_EQUAL(msg.u.mp_reply.meter_features.band_types,
                    (1u << OFPMBT_DROP) | (1u << OFPMBT_DSCP_REMARK));
    of_msg_uninit(&msg);
    h_stop(&h);
}

static void
test_meter_trace(void)
{
    struct h_opts opts = { .n_tables = 1, .fake_clock = true };
    struct harness h;
    char *trace;

    h_start_opts(&h, &opts);
    h_meter(&h, "meter=4,pktps,burst,bands=type=drop,rate=10,burst_size=1",
            OFPMC_ADD);
    h_flow(&h, "in_port=1,actions=meter:4,output:2", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "meter 4");
    trace = h_trace(&h, FRAME);
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "meter:4: within every band"));
    free(trace);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, NULL, 1000));
    /* The bucket is empty now: the trace says the band drops, and takes
     * no token itself. */
    trace = h_trace(&h, FRAME);
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "band 0 (drop, rate 10 pktps) "
                                         "exceeded: packet dropped"));
    CU_ASSERT_PTR_NULL(strstr(trace, "output to 2"));
    free(trace);
    h_set_clock(&h, h.clock_ns + 100000000);
    trace = h_trace(&h, FRAME);
    CU_ASSERT_PTR_NOT_NULL(strstr(trace, "meter:4: within every band"));
    free(trace);
    h_inject(&h, 1, FRAME);
    CU_ASSERT_TRUE(h_capture(&h, 2, NULL, 1000));
    h_stop(&h);
}

static void
test_meter_gso(void)
{
    struct h_opts opts = { .n_tables = 1, .fake_clock = true };
    uint8_t buf[NETDEV_BUF_SIZE];
    struct packet_offload o;
    struct of_meter_stats ms;
    uint64_t bands[2];
    struct harness h;
    struct dp_packet p;

    /* A TCP super-frame of 20 segments of 100 bytes: a 10 pkt/s meter
     * (burst 10) counts 20 packets, lets the first pass whole (a full
     * bucket lets anything through, leaving a debt) and drops the
     * second. */
    h_start_opts(&h, &opts);
    h_meter(&h, "meter=1,pktps,burst,bands=type=drop,rate=10,burst_size=10",
            OFPMC_ADD);
    h_flow(&h, "in_port=1,actions=meter:1,output:2", OFPFC_ADD);
    EXPECT_ERROR(&h, 0, "meter 1");
    packet_init(&p, buf, sizeof buf);
    CU_ASSERT_PTR_NULL_FATAL(flow_compose_parse(FRAME, &p));
    memset(p.data + 54, 0, 2000);
    p.len = 54 + 2000;
    p.data[16] = (20 + 20 + 2000) >> 8;         /* IPv4 total length. */
    p.data[17] = (20 + 20 + 2000) & 0xff;
    memset(&o, 0, sizeof o);
    o.gso_type = PACKET_GSO_TCPV4;
    o.gso_size = 100;
    o.hdr_len = 54;
    CU_ASSERT_TRUE(netdev_dummy_inject(h.p[1], p.data, p.len, &o));
    CU_ASSERT_TRUE(netdev_dummy_inject(h.p[1], p.data, p.len, &o));
    CU_ASSERT_TRUE(h_meter_saw(&h, 1, 40));
    h_meter_stats(&h, 1, &ms, bands);
    CU_ASSERT_EQUAL(ms.byte_in_count, 2 * (2054 + 19 * 54));
    CU_ASSERT_EQUAL(bands[0], 20);
    CU_ASSERT_EQUAL(h_drain(&h, 2), 1);
    h_stop(&h);
}

static void
test_features(void)
{
    struct dp_event *ev;
    struct harness h;
    struct of_msg msg;

    h_start(&h, 1);
    h_simple(&h, OFPT_FEATURES_REQUEST);
    ev = h_wait_event(&h, DP_EV_REPLY, OFPT_FEATURES_REPLY);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
    CU_ASSERT_EQUAL(of_msg_decode(&msg, ev->bytes.data, ev->bytes.size), 0);
    CU_ASSERT(msg.u.features.capabilities & OFPC_GROUP_STATS);
    of_msg_uninit(&msg);
    dp_event_free(ev);
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
    { "group all", test_group_all },
    { "group select", test_group_select },
    { "group indirect and chains", test_group_indirect_chain },
    { "group fast failover", test_group_fast_failover },
    { "group delete", test_group_delete },
    { "group mod errors", test_group_errors },
    { "meter rates and bands", test_meter_rates },
    { "meter controller", test_meter_controller },
    { "meter delete and errors", test_meter_delete_and_errors },
    { "meter trace", test_meter_trace },
    { "meter gso", test_meter_gso },
    { "features", test_features },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("datapath", tests)
