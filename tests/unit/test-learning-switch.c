/* The learning switch, tested by replaying what it sends into our own
 * flow tables (switch/flow-table.h) and asking where packets leave.
 *
 * A small network simulator: switches are a struct ctl_switch (the
 * controller's side, no sockets) plus one flow table (the datapath's
 * side); wires join a switch port to another switch's port or to nothing
 * (a host: frames that leave there are counted per port).  A frame is
 * looked up in its switch's table; its flow's outputs carry it on, to the
 * controller as a packet-in (whose answer, flow mods and packet-outs, is
 * applied at once), to a host, or over a wire to the next switch.  The
 * number of steps is capped, so a forwarding loop shows as the cap. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "apps/apps.h"
#include "controller/app-registry.h"
#include "switch/flow-table.h"
#include "switch/flow.h"
#include "switch/packet.h"
#include "tests/unit/test-controller-lib.h"
#include "tests/unit/unit.h"

#define MAX_SW 6
#define MAX_PORTS 6
#define MAX_STEPS 2000

struct sim_frame {
    int sw;
    uint32_t in_port;
    uint8_t data[64];
};

struct sim {
    struct ctl_apps *apps;
    struct ctl_switch *sws[MAX_SW];
    struct flow_table *tables[MAX_SW];
    struct of_port ports[MAX_SW][MAX_PORTS];
    int n_sw;
    int peer_sw[MAX_SW][MAX_PORTS + 1];     /* -1: a host port. */
    uint32_t peer_port[MAX_SW][MAX_PORTS + 1];
    bool down[MAX_SW][MAX_PORTS + 1];
    int received[MAX_SW][MAX_PORTS + 1];    /* Frames out of host ports. */
    int packet_ins[MAX_SW];
    struct sim_frame *queue;
    size_t n_queue, head;
    int steps;
    long long now;
};

static void sim_apply_output(struct sim *, int sw);

static void
sim_init(struct sim *sim, const char *app_spec, int n_sw, int n_ports)
{
    char *error = NULL;
    int s, p;

    memset(sim, 0, sizeof *sim);
    sim->apps = ctl_apps_create();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ctl_app_registry_add(sim->apps, app_spec,
                                                      &error));
    error = ctl_apps_start(sim->apps);
    CU_ASSERT_PTR_NULL_FATAL(error);
    sim->n_sw = n_sw;
    for (s = 0; s < n_sw; s++) {
        sim->sws[s] = tsw_create(sim->apps, NULL);
        sim->tables[s] = flow_table_create(0, 1000);
        tsw_make_ports(sim->ports[s], n_ports, s + 1);
        for (p = 0; p <= MAX_PORTS; p++) {
            sim->peer_sw[s][p] = -1;
        }
    }
    sim->queue = calloc(MAX_STEPS + 64, sizeof *sim->queue);
    sim->now = 1000;
}

static void
sim_wire(struct sim *sim, int a, uint32_t pa, int b, uint32_t pb)
{
    sim->peer_sw[a][pa] = b;
    sim->peer_port[a][pa] = pb;
    sim->peer_sw[b][pb] = a;
    sim->peer_port[b][pb] = pa;
}

static void
sim_destroy(struct sim *sim)
{
    int s;

    for (s = 0; s < sim->n_sw; s++) {
        ctl_switch_destroy(sim->sws[s], sim->now);
        flow_table_destroy(sim->tables[s]);
    }
    ctl_apps_destroy(sim->apps);
    free(sim->queue);
}

static void
sim_enqueue(struct sim *sim, int sw, uint32_t in_port, const uint8_t *data)
{
    struct sim_frame *f;

    if (sim->n_queue >= MAX_STEPS + 64) {
        return;
    }
    f = &sim->queue[sim->n_queue++];
    f->sw = sw;
    f->in_port = in_port;
    memcpy(f->data, data, sizeof f->data);
}

/* A frame leaves switch 'sw' by 'port'. */
static void
sim_output(struct sim *sim, int sw, uint32_t port, uint32_t in_port,
           const uint8_t *data)
{
    int peer;

    if (port == OFPP_IN_PORT) {
        port = in_port;
    }
    /* A switch never sends out of the input port unless told to with
     * OFPP_IN_PORT (5.12); the app must not ask for it. */
    CU_ASSERT_NOT_EQUAL(port, in_port);
    if (port == 0 || port > MAX_PORTS || sim->down[sw][port]) {
        return;
    }
    peer = sim->peer_sw[sw][port];
    if (peer < 0) {
        sim->received[sw][port]++;
    } else if (!sim->down[peer][sim->peer_port[sw][port]]) {
        sim_enqueue(sim, peer, sim->peer_port[sw][port], data);
    }
}

static void
sim_packet_in(struct sim *sim, int sw, uint32_t in_port, const uint8_t *data)
{
    struct of_msg m;

    sim->packet_ins[sw]++;
    of_msg_init(&m, OFPT_PACKET_IN, 0);
    m.u.packet_in.buffer_id = OFP_NO_BUFFER;
    m.u.packet_in.total_len = 64;
    of_match_set_u32(&m.u.packet_in.match, OF_FIELD_IN_PORT, in_port);
    m.u.packet_in.data = data;
    m.u.packet_in.len = 64;
    CU_ASSERT_EQUAL(tsw_feed(sim->sws[sw], &m, sim->now), 0);
    of_msg_uninit(&m);
    sim_apply_output(sim, sw);
}

/* Applies what the controller sent switch 'sw': flow mods to its table,
 * packet-outs to its ports. */
static void
sim_apply_output(struct sim *sim, int sw)
{
    struct tsw_out out = { NULL, 0 };
    size_t i, j;

    tsw_take(sim->sws[sw], &out);
    for (i = 0; i < out.n; i++) {
        const struct of_msg *m = &out.msgs[i];

        if (m->type == OFPT_FLOW_MOD) {
            CU_ASSERT_EQUAL(flow_table_flow_mod(sim->tables[sw],
                                                &m->u.flow_mod, sim->now,
                                                NULL), 0);
            CU_ASSERT_EQUAL(m->u.flow_mod.buffer_id, OFP_NO_BUFFER);
        } else if (m->type == OFPT_PACKET_OUT) {
            const struct of_packet_out *po = &m->u.packet_out;
            uint8_t data[64];

            memset(data, 0, sizeof data);
            memcpy(data, po->data, MIN(po->len, sizeof data));
            for (j = 0; j < po->n_actions; j++) {
                if (po->actions[j].type == OFPAT_OUTPUT) {
                    sim_output(sim, sw, po->actions[j].output.port,
                               po->in_port, data);
                }
            }
        }
    }
    tsw_out_clear(&out);
}

/* Runs the queue dry (or to the step cap). */
static void
sim_run(struct sim *sim)
{
    while (sim->head < sim->n_queue && sim->steps < MAX_STEPS) {
        struct sim_frame f = sim->queue[sim->head++];
        const struct flow_table_insts *insts;
        struct flow_table_entry *e;
        uint8_t buf[PACKET_HEADROOM + 256];
        struct dp_packet p;
        struct flow flow;
        size_t i;

        sim->steps++;
        packet_init(&p, buf, sizeof buf);
        packet_set_frame(&p, f.data, sizeof f.data);
        p.in_port = f.in_port;
        flow_extract(&p, &flow);
        e = flow_table_lookup(sim->tables[f.sw], &flow);
        if (!e) {
            continue;
        }
        flow_table_entry_hit(e, 1, 64, sim->now);
        insts = e->insts;
        for (i = 0; i < insts->n_apply; i++) {
            const struct of_action *a = &flow_table_insts_apply(insts)[i];

            if (a->type != OFPAT_OUTPUT) {
                continue;
            }
            if (a->output.port == OFPP_CONTROLLER) {
                sim_packet_in(sim, f.sw, f.in_port, f.data);
            } else {
                sim_output(sim, f.sw, a->output.port, f.in_port, f.data);
            }
        }
    }
    sim->head = sim->n_queue = 0;
}

/* Brings every switch up, then lets the apps' first messages (flows,
 * LLDP) travel. */
static void
sim_start(struct sim *sim, int n_ports)
{
    int s;

    for (s = 0; s < sim->n_sw; s++) {
        tsw_handshake(sim->sws[s], s + 1, sim->ports[s], n_ports, sim->now);
    }
    for (s = 0; s < sim->n_sw; s++) {
        sim_apply_output(sim, s);
    }
    sim_run(sim);
    memset(sim->received, 0, sizeof sim->received);
    memset(sim->packet_ins, 0, sizeof sim->packet_ins);
    sim->steps = 0;
}

static void
make_frame(uint8_t *data, int dst, int src)
{
    memset(data, 0, 64);
    if (dst < 0) {
        memset(data, 0xff, 6);
    } else {
        data[0] = 0x02, data[5] = dst;
    }
    data[6] = 0x02, data[11] = src;
    data[12] = 0x88;
    data[13] = 0xb5;
}

/* Host 'src' (MAC 02:00:00:00:00:src) on (sw, port) sends to host 'dst'
 * (-1: broadcast); the network runs until quiet. */
static void
sim_send(struct sim *sim, int sw, uint32_t port, int src, int dst)
{
    uint8_t data[64];

    make_frame(data, dst, src);
    sim->steps = 0;
    sim_enqueue(sim, sw, port, data);
    sim_run(sim);
}

/* Where a frame from 'src' on 'in_port' to 'dst' leaves switch 'sw' by
 * its flow table alone: the output port of the flow it hits, 0 if that
 * flow goes to the controller or there is none. */
static uint32_t
table_output(struct sim *sim, int sw, uint32_t in_port, int src, int dst)
{
    uint8_t data[64], buf[PACKET_HEADROOM + 256];
    struct flow_table_entry *e;
    struct dp_packet p;
    struct flow flow;

    make_frame(data, dst, src);
    packet_init(&p, buf, sizeof buf);
    packet_set_frame(&p, data, sizeof data);
    p.in_port = in_port;
    flow_extract(&p, &flow);
    e = flow_table_lookup(sim->tables[sw], &flow);
    if (!e || !e->insts->n_apply) {
        return 0;
    }
    return (flow_table_insts_apply(e->insts)[0].output.port
            == OFPP_CONTROLLER ? 0
            : flow_table_insts_apply(e->insts)[0].output.port);
}

static void
test_learn_flood_install(void)
{
    struct sim sim;
    size_t base;

    sim_init(&sim, "learning_switch:hold=0,idle_timeout=7", 1, 3);
    sim_start(&sim, 3);
    base = flow_table_count(sim.tables[0]);
    CU_ASSERT_EQUAL(base, 2);       /* Table-miss and LLDP. */

    /* Unknown destination: flooded, but not back to port 1. */
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(sim.received[0][1], 0);
    CU_ASSERT_EQUAL(sim.received[0][2], 1);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(flow_table_count(sim.tables[0]), base);

    /* The reply: host 1 is known, so a flow and one copy to port 1. */
    sim_send(&sim, 0, 2, 2, 1);
    CU_ASSERT_EQUAL(sim.received[0][1], 1);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(flow_table_count(sim.tables[0]), base + 1);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 2, 2, 1), 1);

    /* Host 1 to host 2 again: now a flow too, and only port 2. */
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(sim.received[0][2], 2);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 2);
    CU_ASSERT_EQUAL(flow_table_count(sim.tables[0]), base + 2);

    /* Later packets stay in the datapath: no packet-in. */
    sim.packet_ins[0] = 0;
    sim_send(&sim, 0, 1, 1, 2);
    sim_send(&sim, 0, 2, 2, 1);
    CU_ASSERT_EQUAL(sim.packet_ins[0], 0);
    CU_ASSERT_EQUAL(sim.received[0][2], 3);
    CU_ASSERT_EQUAL(sim.received[0][1], 2);

    /* The flow matches in_port too: host 3 to host 2 is not caught by
     * host 1's flow, and the learned flows carry the idle timeout. */
    CU_ASSERT_EQUAL(table_output(&sim, 0, 3, 1, 2), 0);
    {
        uint8_t data[64], buf[PACKET_HEADROOM + 256];
        struct flow_table_entry *e;
        struct dp_packet p;
        struct flow flow;

        make_frame(data, 2, 1);
        packet_init(&p, buf, sizeof buf);
        packet_set_frame(&p, data, sizeof data);
        p.in_port = 1;
        flow_extract(&p, &flow);
        e = flow_table_lookup(sim.tables[0], &flow);
        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        CU_ASSERT_EQUAL(e->idle_timeout, 7);
        CU_ASSERT_EQUAL(e->priority, 100);
    }
    sim_destroy(&sim);
}

static void
test_never_back_to_input(void)
{
    struct sim sim;

    sim_init(&sim, "learning_switch:hold=0", 1, 3);
    sim_start(&sim, 3);
    /* Hosts 4 and 5 both behind port 1 (a hub there). */
    sim_send(&sim, 0, 1, 4, -1);
    sim_send(&sim, 0, 1, 5, 4);
    CU_ASSERT_EQUAL(sim.received[0][2], 1);     /* The broadcast only. */
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(sim.received[0][1], 0);
    CU_ASSERT_EQUAL(flow_table_count(sim.tables[0]), 2);
    sim_destroy(&sim);
}

static void
test_host_move(void)
{
    struct sim sim;

    sim_init(&sim, "learning_switch:hold=0", 1, 3);
    sim_start(&sim, 3);
    sim_send(&sim, 0, 1, 1, 2);
    sim_send(&sim, 0, 2, 2, 1);
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 2, 2, 1), 1);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 2);

    /* Host 1 moves to port 3 and speaks. */
    sim_send(&sim, 0, 3, 1, 2);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 2, 2, 1), 0);  /* Flow gone. */
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 0);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 3, 1, 2), 2);

    /* Host 2's traffic now goes to port 3. */
    memset(sim.received, 0, sizeof sim.received);
    sim_send(&sim, 0, 2, 2, 1);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(sim.received[0][1], 0);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 2, 2, 1), 3);
    sim_destroy(&sim);
}

static void
test_port_down_forgets(void)
{
    struct sim sim;
    struct of_msg m;

    sim_init(&sim, "learning_switch:hold=0", 1, 3);
    sim_start(&sim, 3);
    sim_send(&sim, 0, 2, 2, -1);
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 2);

    /* Port 2's link goes down. */
    sim.down[0][2] = true;
    of_msg_init(&m, OFPT_PORT_STATUS, 0);
    m.u.port_status.reason = OFPPR_MODIFY;
    m.u.port_status.desc = sim.ports[0][1];
    m.u.port_status.desc.state = OFPPS_LINK_DOWN;
    tsw_feed(sim.sws[0], &m, sim.now);
    sim_apply_output(&sim, 0);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 0);
    CU_ASSERT_EQUAL(flow_table_count(sim.tables[0]), 2);

    /* Host 2 is unknown again: flooded, to port 3 only. */
    memset(sim.received, 0, sizeof sim.received);
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 0);

    /* Back up: learned again from its traffic. */
    sim.down[0][2] = false;
    m.u.port_status.desc.state = 0;
    tsw_feed(sim.sws[0], &m, sim.now);
    of_msg_uninit(&m);
    sim_apply_output(&sim, 0);
    sim_send(&sim, 0, 2, 2, 1);
    sim_send(&sim, 0, 1, 1, 2);
    CU_ASSERT_EQUAL(table_output(&sim, 0, 1, 1, 2), 2);
    sim_destroy(&sim);
}

/* A ring of 4 switches: port 1 a host, port 2 to the next switch's
 * port 3. */
static void
make_ring(struct sim *sim, const char *spec)
{
    int s;

    sim_init(sim, spec, 4, 3);
    for (s = 0; s < 4; s++) {
        sim_wire(sim, s, 2, (s + 1) % 4, 3);
    }
    sim_start(sim, 3);
}

static void
test_ring_loop_free(void)
{
    struct sim sim;
    int s, a, b;

    make_ring(&sim, "learning_switch:hold=0");

    /* A broadcast from every host reaches every other host once. */
    for (a = 0; a < 4; a++) {
        memset(sim.received, 0, sizeof sim.received);
        sim_send(&sim, a, 1, a + 1, -1);
        CU_ASSERT(sim.steps < 100);
        for (s = 0; s < 4; s++) {
            CU_ASSERT_EQUAL(sim.received[s][1], s == a ? 0 : 1);
        }
    }

    /* Every pair, both ways, once each; flows installed on the way. */
    for (a = 0; a < 4; a++) {
        for (b = 0; b < 4; b++) {
            if (a == b) {
                continue;
            }
            memset(sim.received, 0, sizeof sim.received);
            sim_send(&sim, a, 1, a + 1, b + 1);
            for (s = 0; s < 4; s++) {
                CU_ASSERT_EQUAL(sim.received[s][1], s == b ? 1 : 0);
            }
        }
    }
    memset(sim.packet_ins, 0, sizeof sim.packet_ins);
    sim_send(&sim, 0, 1, 1, 3);
    sim_send(&sim, 2, 1, 3, 1);
    for (s = 0; s < 4; s++) {
        CU_ASSERT_EQUAL(sim.packet_ins[s], 0);
    }
    sim_destroy(&sim);
}

/* The same ring without loop prevention melts down: the test above can
 * fail. */
static void
test_ring_without_stp_loops(void)
{
    struct sim sim;

    make_ring(&sim, "learning_switch:stp=false");
    sim_send(&sim, 0, 1, 1, -1);
    CU_ASSERT_EQUAL(sim.steps, MAX_STEPS);
    sim_destroy(&sim);
}

/* Until a new port's hold has passed, it gets no floods (its LLDP may be
 * on the way); afterwards it does. */
static void
test_hold(void)
{
    struct sim sim;

    sim_init(&sim, "learning_switch:hold=500", 1, 3);
    sim_start(&sim, 3);
    sim_send(&sim, 0, 1, 1, -1);
    CU_ASSERT_EQUAL(sim.received[0][2], 0);
    sim.now += 500;
    sim_send(&sim, 0, 1, 1, -1);
    CU_ASSERT_EQUAL(sim.received[0][2], 1);
    CU_ASSERT_EQUAL(sim.received[0][3], 1);
    sim_destroy(&sim);
}

static CU_TestInfo tests[] = {
    { "learn, flood, install flows", test_learn_flood_install },
    { "never back out of the input port", test_never_back_to_input },
    { "host move", test_host_move },
    { "port down forgets", test_port_down_forgets },
    { "ring: loop-free flooding", test_ring_loop_free },
    { "ring without stp loops", test_ring_without_stp_loops },
    { "hold on new ports", test_hold },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("learning-switch", tests);
