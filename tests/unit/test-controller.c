/* The controller core without sockets: dispatch order, the handshake and
 * the datapath record, request tracking. */
#include "controller/switch-conn.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "controller/dispatch.h"
#include "ofproto/util.h"
#include "tests/unit/test-controller-lib.h"
#include "tests/unit/unit.h"

/* ---- Dispatch order ---- */

static char order_log[64];

static void
log_app(const struct ctl_app *app)
{
    size_t n = strlen(order_log);

    order_log[n] = ctl_app_name(app)[0];
    order_log[n + 1] = '\0';
}

static enum ctl_verdict
pin_continue(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
             const struct ctl_packet_in *pi OF_UNUSED,
             long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    log_app(app);
    return CTL_CONTINUE;
}

static enum ctl_verdict
pin_stop(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
         const struct ctl_packet_in *pi OF_UNUSED, long long now OF_UNUSED,
         struct ctl_out *out OF_UNUSED)
{
    log_app(app);
    return CTL_STOP;
}

static void
up_log(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
       long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    log_app(app);
}

static void
down_log(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
         long long now OF_UNUSED)
{
    log_app(app);
}

static void
timer_log(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
          long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    log_app(app);
}

/* "a": priority 10, continues.  "b" and "c": priority 20, in that order;
 * "c" stops.  "d": priority 5 (never reached: "c" stops first). */
static const struct ctl_app_class class_a = {
    CTL_APP_API_VERSION, "a", NULL, NULL, NULL,
    .switch_up = { up_log, 1 },
    .switch_down = { down_log, 3 },
    .packet_in = { pin_continue, 10 },
};
static const struct ctl_app_class class_b = {
    CTL_APP_API_VERSION, "b", NULL, NULL, NULL,
    .switch_up = { up_log, 2 },
    .packet_in = { pin_continue, 20 },
    .timer = { timer_log, 0, 1000 },
};
static const struct ctl_app_class class_c = {
    CTL_APP_API_VERSION, "c", NULL, NULL, NULL,
    .switch_down = { down_log, 1 },
    .packet_in = { pin_stop, 20 },
};
static const struct ctl_app_class class_d = {
    CTL_APP_API_VERSION, "d", NULL, NULL, NULL,
    .packet_in = { pin_continue, 5 },
    .timer = { timer_log, 0, 250 },
};

static struct ctl_apps *
make_apps(const struct ctl_app_class *const classes[], size_t n)
{
    struct ctl_apps *apps = ctl_apps_create();
    char *error = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        CU_ASSERT_PTR_NOT_NULL(ctl_apps_add(apps, classes[i], NULL, NULL,
                                            &error));
        CU_ASSERT_PTR_NULL(error);
        free(error);
    }
    error = ctl_apps_start(apps);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    return apps;
}

static void
send_packet_in(struct ctl_switch *sw, uint32_t in_port, long long now)
{
    uint8_t frame[60];
    struct of_msg m;

    memset(frame, 0, sizeof frame);
    frame[0] = 0xff;
    of_msg_init(&m, OFPT_PACKET_IN, 0);
    m.u.packet_in.buffer_id = OFP_NO_BUFFER;
    m.u.packet_in.total_len = sizeof frame;
    of_match_set_u32(&m.u.packet_in.match, OF_FIELD_IN_PORT, in_port);
    m.u.packet_in.data = frame;
    m.u.packet_in.len = sizeof frame;
    CU_ASSERT_EQUAL(tsw_feed(sw, &m, now), 0);
    of_msg_uninit(&m);
}

static void
test_dispatch_order(void)
{
    static const struct ctl_app_class *const classes[] = {
        &class_a, &class_b, &class_c, &class_d,
    };
    struct ctl_apps *apps = make_apps(classes, ARRAY_SIZE(classes));
    struct ctl_switch *sw = tsw_create(apps, NULL);
    struct of_port ports[2];

    tsw_make_ports(ports, 2, 1);
    order_log[0] = '\0';
    tsw_handshake(sw, 1, ports, 2, 0);
    /* Switch up: b (2) before a (1); c and d have no handler. */
    CU_ASSERT_STRING_EQUAL(order_log, "ba");

    /* Packet-in: b and c (20, in the order added), c stops: a (10) and
     * d (5) never see it. */
    order_log[0] = '\0';
    send_packet_in(sw, 1, 10);
    CU_ASSERT_STRING_EQUAL(order_log, "bc");
    CU_ASSERT_EQUAL(sw->stats.packet_ins, 1);

    /* Timers: d every 250 ms, b every 1000 ms, from switch up at 0. */
    order_log[0] = '\0';
    ctl_switch_run(sw, 100);
    CU_ASSERT_STRING_EQUAL(order_log, "");
    ctl_switch_run(sw, 250);
    CU_ASSERT_STRING_EQUAL(order_log, "d");
    ctl_switch_run(sw, 1000);
    CU_ASSERT_STRING_EQUAL(order_log, "dbd");

    /* Switch down: a (3) before c (1). */
    order_log[0] = '\0';
    ctl_switch_destroy(sw, 2000);
    CU_ASSERT_STRING_EQUAL(order_log, "ac");
    ctl_apps_destroy(apps);
}

static void
test_dispatch_continue_reaches_all(void)
{
    static const struct ctl_app_class *const classes[] = {
        &class_d, &class_a, &class_b,
    };
    struct ctl_apps *apps = make_apps(classes, ARRAY_SIZE(classes));
    struct ctl_switch *sw = tsw_create(apps, NULL);
    struct of_port ports[1];

    tsw_make_ports(ports, 1, 7);
    tsw_handshake(sw, 7, ports, 1, 0);
    order_log[0] = '\0';
    send_packet_in(sw, 1, 1);
    CU_ASSERT_STRING_EQUAL(order_log, "bad");
    ctl_switch_destroy(sw, 2);
    ctl_apps_destroy(apps);
}

static void
test_packet_in_before_up_dropped(void)
{
    static const struct ctl_app_class *const classes[] = { &class_a };
    struct ctl_apps *apps = make_apps(classes, 1);
    struct ctl_switch *sw = tsw_create(apps, NULL);

    ctl_switch_start(sw, 0);
    order_log[0] = '\0';
    send_packet_in(sw, 1, 0);
    CU_ASSERT_STRING_EQUAL(order_log, "");
    CU_ASSERT_EQUAL(sw->stats.packet_ins_early, 1);
    ctl_switch_destroy(sw, 0);
    ctl_apps_destroy(apps);
}

/* ---- The handshake and the datapath record ---- */

static void
test_handshake(void)
{
    static const struct ctl_app_class *const classes[] = { &class_a };
    struct ctl_apps *apps = make_apps(classes, 1);
    struct ctl_switch_config config;
    struct tsw_out out = { NULL, 0 };
    const struct of_msg *fm, *sc, *mp, *br;
    struct ctl_switch *sw;
    struct of_port ports[3];
    struct of_msg m;

    ctl_switch_config_init(&config);
    config.clear_flows = true;
    config.miss_send_len = 128;
    sw = tsw_create(apps, &config);
    ctl_switch_start(sw, 0);
    tsw_take(sw, &out);
    CU_ASSERT_EQUAL(out.n, 1);
    CU_ASSERT_EQUAL(out.msgs[0].type, OFPT_FEATURES_REQUEST);

    of_msg_init(&m, OFPT_FEATURES_REPLY, out.msgs[0].xid);
    m.u.features.datapath_id = 0xabcdef;
    m.u.features.n_tables = 4;
    tsw_feed(sw, &m, 0);
    of_msg_uninit(&m);
    tsw_out_clear(&out);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_CONFIG);
    CU_ASSERT_EQUAL(ctl_switch_dpid(sw), 0xabcdef);
    CU_ASSERT_STRING_EQUAL(ctl_switch_name(sw), "0000000000abcdef");

    /* SET_CONFIG, the delete of every flow, PORT_DESC, BARRIER, in that
     * order. */
    tsw_take(sw, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 4);
    sc = &out.msgs[0];
    fm = &out.msgs[1];
    mp = &out.msgs[2];
    br = &out.msgs[3];
    CU_ASSERT_EQUAL(sc->type, OFPT_SET_CONFIG);
    CU_ASSERT_EQUAL(sc->u.config.miss_send_len, 128);
    CU_ASSERT_EQUAL(fm->type, OFPT_FLOW_MOD);
    CU_ASSERT_EQUAL(fm->u.flow_mod.command, OFPFC_DELETE);
    CU_ASSERT_EQUAL(fm->u.flow_mod.table_id, OFPTT_ALL);
    CU_ASSERT_EQUAL(fm->u.flow_mod.match.n, 0);
    CU_ASSERT_EQUAL(mp->type, OFPT_MULTIPART_REQUEST);
    CU_ASSERT_EQUAL(mp->u.mp_request.type, OFPMP_PORT_DESC);
    CU_ASSERT_EQUAL(br->type, OFPT_BARRIER_REQUEST);

    /* The port list in two parts, joined. */
    tsw_make_ports(ports, 3, 1);
    of_msg_init(&m, OFPT_MULTIPART_REPLY, mp->xid);
    m.u.mp_reply.type = OFPMP_PORT_DESC;
    m.u.mp_reply.flags = OFPMPF_REPLY_MORE;
    m.u.mp_reply.port_desc.ports = ports;
    m.u.mp_reply.port_desc.n = 2;
    tsw_feed(sw, &m, 0);
    m.u.mp_reply.flags = 0;
    m.u.mp_reply.port_desc.ports = ports + 2;
    m.u.mp_reply.port_desc.n = 1;
    tsw_feed(sw, &m, 0);
    of_msg_uninit(&m);

    /* Apps hear nothing until the barrier is answered. */
    order_log[0] = '\0';
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_CONFIG);
    of_msg_init(&m, OFPT_BARRIER_REPLY, br->xid);
    tsw_feed(sw, &m, 0);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_MAIN);
    CU_ASSERT_STRING_EQUAL(order_log, "a");

    {
        size_t n;
        const struct of_port *p = ctl_switch_ports(sw, &n);

        CU_ASSERT_EQUAL(n, 3);
        CU_ASSERT_EQUAL(p[2].port_no, 3);
        CU_ASSERT_PTR_NOT_NULL(ctl_switch_port(sw, 2));
        CU_ASSERT_PTR_NULL(ctl_switch_port(sw, 4));
        CU_ASSERT_EQUAL(ctl_switch_features(sw)->n_tables, 4);
        CU_ASSERT_EQUAL(ctl_switch_role(sw), OFPCR_ROLE_EQUAL);
        CU_ASSERT_EQUAL(ctl_switch_connections(sw), 1);
    }

    /* Port status keeps the record current. */
    of_msg_init(&m, OFPT_PORT_STATUS, 0);
    m.u.port_status.reason = OFPPR_MODIFY;
    m.u.port_status.desc = ports[1];
    m.u.port_status.desc.state = OFPPS_LINK_DOWN;
    tsw_feed(sw, &m, 0);
    CU_ASSERT_FALSE(ctl_port_is_up(ctl_switch_port(sw, 2)));
    m.u.port_status.reason = OFPPR_DELETE;
    tsw_feed(sw, &m, 0);
    CU_ASSERT_PTR_NULL(ctl_switch_port(sw, 2));
    m.u.port_status.reason = OFPPR_ADD;
    m.u.port_status.desc.port_no = 9;
    tsw_feed(sw, &m, 0);
    CU_ASSERT_PTR_NOT_NULL(ctl_switch_port(sw, 9));
    of_msg_uninit(&m);

    tsw_out_clear(&out);
    ctl_switch_destroy(sw, 0);
    ctl_apps_destroy(apps);
}

static void
test_handshake_failures(void)
{
    static const struct ctl_app_class *const classes[] = { &class_a };
    struct ctl_apps *apps = make_apps(classes, 1);
    struct tsw_out out = { NULL, 0 };
    struct ctl_switch *sw;
    struct of_msg m;

    /* No FEATURES_REPLY in time. */
    sw = tsw_create(apps, NULL);
    ctl_switch_start(sw, 0);
    ctl_switch_run(sw, 9999);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_HANDSHAKE);
    ctl_switch_run(sw, 10000);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_DEAD);
    CU_ASSERT_EQUAL(sw->stats.timeouts, 1);
    ctl_switch_destroy(sw, 0);

    /* An auxiliary connection is refused. */
    sw = tsw_create(apps, NULL);
    ctl_switch_start(sw, 0);
    tsw_take(sw, &out);
    of_msg_init(&m, OFPT_FEATURES_REPLY, out.msgs[0].xid);
    m.u.features.datapath_id = 1;
    m.u.features.auxiliary_id = 1;
    tsw_feed(sw, &m, 0);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_DEAD);
    tsw_out_clear(&out);
    ctl_switch_destroy(sw, 0);

    /* A switch must not send a controller-to-switch message. */
    sw = tsw_create(apps, NULL);
    ctl_switch_start(sw, 0);
    of_msg_init(&m, OFPT_FLOW_MOD, 5);
    ctl_flow_mod_init(&m.u.flow_mod, OFPFC_ADD);
    CU_ASSERT_EQUAL(tsw_feed(sw, &m, 0), OFPERR_OFPBRC_BAD_TYPE);
    of_msg_uninit(&m);
    ctl_switch_destroy(sw, 0);
    ctl_apps_destroy(apps);
}

/* ---- Request tracking ---- */

struct reply_log {
    int calls;
    enum ctl_reply_status status;
    uint8_t type;
    uint16_t mp_type;
    size_t n_entries;
    uint16_t error_type;
    bool had_out;
};

static void
record_reply(struct ctl_switch *sw OF_UNUSED, enum ctl_reply_status status,
             const struct of_msg *reply, void *aux, long long now OF_UNUSED,
             struct ctl_out *out)
{
    struct reply_log *log = aux;

    log->calls++;
    log->status = status;
    log->had_out = out != NULL;
    if (reply) {
        log->type = reply->type;
        if (reply->type == OFPT_MULTIPART_REPLY) {
            log->mp_type = reply->u.mp_reply.type;
            log->n_entries = reply->u.mp_reply.port_stats.n;
        } else if (reply->type == OFPT_ERROR) {
            log->error_type = reply->u.error.type;
        }
    }
}

static struct ctl_switch *
up_switch(struct ctl_apps **appsp)
{
    static const struct ctl_app_class *const classes[] = { &class_a };
    struct ctl_switch *sw;
    struct of_port ports[1];

    *appsp = make_apps(classes, 1);
    sw = tsw_create(*appsp, NULL);
    tsw_make_ports(ports, 1, 3);
    tsw_handshake(sw, 3, ports, 1, 0);
    return sw;
}

static void
test_request_reply_and_barrier(void)
{
    struct ctl_apps *apps;
    struct ctl_switch *sw = up_switch(&apps);
    struct reply_log log1 = { 0 }, log2 = { 0 };
    struct tsw_out out = { NULL, 0 };
    struct of_msg req, m;
    uint32_t x1, x2;

    tsw_take(sw, &out);
    tsw_out_clear(&out);

    of_msg_init(&req, OFPT_GET_CONFIG_REQUEST, 0);
    x1 = ctl_out_request(&sw->out, &req, 0, record_reply, &log1);
    of_msg_uninit(&req);
    x2 = ctl_out_barrier(&sw->out, 500, record_reply, &log2);
    CU_ASSERT_NOT_EQUAL(x1, x2);
    tsw_take(sw, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 2);
    CU_ASSERT_EQUAL(out.msgs[0].type, OFPT_GET_CONFIG_REQUEST);
    CU_ASSERT_EQUAL(out.msgs[0].xid, x1);
    CU_ASSERT_EQUAL(out.msgs[1].type, OFPT_BARRIER_REQUEST);
    CU_ASSERT_EQUAL(out.msgs[1].xid, x2);

    /* A reply of the wrong type with the right xid completes nothing. */
    of_msg_init(&m, OFPT_BARRIER_REPLY, x1);
    tsw_feed(sw, &m, 1);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log1.calls, 0);
    CU_ASSERT_EQUAL(sw->stats.unexpected, 1);

    of_msg_init(&m, OFPT_GET_CONFIG_REPLY, x1);
    m.u.config.miss_send_len = 77;
    tsw_feed(sw, &m, 1);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log1.calls, 1);
    CU_ASSERT_EQUAL(log1.status, CTL_REPLY_OK);
    CU_ASSERT_EQUAL(log1.type, OFPT_GET_CONFIG_REPLY);
    CU_ASSERT_TRUE(log1.had_out);

    of_msg_init(&m, OFPT_BARRIER_REPLY, x2);
    tsw_feed(sw, &m, 2);
    tsw_feed(sw, &m, 2);            /* A second one is nobody's. */
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log2.calls, 1);
    CU_ASSERT_EQUAL(log2.status, CTL_REPLY_OK);
    CU_ASSERT_EQUAL(log1.calls, 1);
    CU_ASSERT_EQUAL(sw->n_requests, 0);

    tsw_out_clear(&out);
    ctl_switch_destroy(sw, 3);
    ctl_apps_destroy(apps);
}

static void
test_request_error(void)
{
    struct ctl_apps *apps;
    struct ctl_switch *sw = up_switch(&apps);
    struct reply_log log = { 0 };
    struct of_mp_request mp;
    struct of_msg m;
    uint32_t xid;

    memset(&mp, 0, sizeof mp);
    mp.type = OFPMP_TABLE;
    xid = ctl_out_mp_request(&sw->out, &mp, 0, record_reply, &log);
    of_msg_init(&m, OFPT_ERROR, xid);
    m.u.error.type = ofperr_type(OFPERR_OFPBRC_BAD_MULTIPART);
    m.u.error.code = ofperr_code(OFPERR_OFPBRC_BAD_MULTIPART);
    tsw_feed(sw, &m, 5);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log.calls, 1);
    CU_ASSERT_EQUAL(log.status, CTL_REPLY_ERROR);
    CU_ASSERT_EQUAL(log.type, OFPT_ERROR);
    CU_ASSERT_EQUAL(log.error_type, ofperr_type(OFPERR_OFPBRC_BAD_MULTIPART));
    CU_ASSERT_EQUAL(sw->stats.errors, 0);   /* Not an unsolicited one. */
    ctl_switch_destroy(sw, 6);
    ctl_apps_destroy(apps);
}

static void
test_request_multipart(void)
{
    struct ctl_apps *apps;
    struct ctl_switch *sw = up_switch(&apps);
    struct reply_log log = { 0 };
    struct of_port_stats stats[5];
    struct of_mp_request mp;
    struct of_msg m;
    uint32_t xid;
    int i;

    memset(&mp, 0, sizeof mp);
    mp.type = OFPMP_PORT_STATS;
    mp.port_stats.port_no = OFPP_ANY;
    xid = ctl_out_mp_request(&sw->out, &mp, 0, record_reply, &log);

    memset(stats, 0, sizeof stats);
    of_msg_init(&m, OFPT_MULTIPART_REPLY, xid);
    m.u.mp_reply.type = OFPMP_PORT_STATS;
    for (i = 0; i < 3; i++) {
        stats[i].port_no = i + 1;
        m.u.mp_reply.flags = i < 2 ? OFPMPF_REPLY_MORE : 0;
        m.u.mp_reply.port_stats.stats = &stats[i];
        m.u.mp_reply.port_stats.n = 1 + (i == 2);
        tsw_feed(sw, &m, 7);
        CU_ASSERT_EQUAL(log.calls, i == 2);
    }
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log.status, CTL_REPLY_OK);
    CU_ASSERT_EQUAL(log.mp_type, OFPMP_PORT_STATS);
    CU_ASSERT_EQUAL(log.n_entries, 4);
    ctl_switch_destroy(sw, 8);
    ctl_apps_destroy(apps);
}

static void
test_request_timeout_and_disconnect(void)
{
    struct ctl_apps *apps;
    struct ctl_switch *sw = up_switch(&apps);
    struct reply_log log1 = { 0 }, log2 = { 0 };
    struct of_msg m;
    uint32_t xid;

    /* Requests are stamped with the time of the event being handled:
     * here the handshake's, 0. */
    xid = ctl_out_barrier(&sw->out, 300, record_reply, &log1);
    ctl_out_barrier(&sw->out, 0, record_reply, &log2);
    ctl_switch_run(sw, 299);
    CU_ASSERT_EQUAL(log1.calls, 0);
    ctl_switch_run(sw, 300);
    CU_ASSERT_EQUAL(log1.calls, 1);
    CU_ASSERT_EQUAL(log1.status, CTL_REPLY_TIMEOUT);
    CU_ASSERT_EQUAL(sw->stats.timeouts, 1);

    /* A late reply finds nobody. */
    of_msg_init(&m, OFPT_BARRIER_REPLY, xid);
    tsw_feed(sw, &m, 301);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(log1.calls, 1);

    CU_ASSERT_EQUAL(log2.calls, 0);
    ctl_switch_destroy(sw, 400);
    CU_ASSERT_EQUAL(log2.calls, 1);
    CU_ASSERT_EQUAL(log2.status, CTL_REPLY_DISCONNECTED);
    CU_ASSERT_FALSE(log2.had_out);
    ctl_apps_destroy(apps);
}

/* Errors that answer no request reach the apps' error handlers. */
static int errors_seen;
static uint32_t error_xid;

static void
error_log(struct ctl_app *app OF_UNUSED, struct ctl_switch *sw OF_UNUSED,
          const struct of_error_msg *e OF_UNUSED, uint32_t xid,
          long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    errors_seen++;
    error_xid = xid;
}

static void
test_unsolicited_error(void)
{
    static const struct ctl_app_class class_e = {
        CTL_APP_API_VERSION, "e", NULL, NULL, NULL,
        .error = { error_log, 0 },
    };
    static const struct ctl_app_class *const classes[] = { &class_e };
    struct ctl_apps *apps = make_apps(classes, 1);
    struct ctl_switch *sw = tsw_create(apps, NULL);
    struct of_port ports[1];
    struct of_msg m;

    tsw_make_ports(ports, 1, 4);
    tsw_handshake(sw, 4, ports, 1, 0);
    of_msg_init(&m, OFPT_ERROR, 0x1234);
    m.u.error.type = ofperr_type(OFPERR_OFPBAC_BAD_OUT_PORT);
    m.u.error.code = ofperr_code(OFPERR_OFPBAC_BAD_OUT_PORT);
    errors_seen = 0;
    tsw_feed(sw, &m, 1);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(errors_seen, 1);
    CU_ASSERT_EQUAL(error_xid, 0x1234);
    CU_ASSERT_EQUAL(sw->stats.errors, 1);
    ctl_switch_destroy(sw, 2);
    ctl_apps_destroy(apps);
}

static void
test_options(void)
{
    struct ctl_apps *apps = ctl_apps_create();
    static const char *const known[] = { "x", "flag", "name", NULL };
    static const char *const fewer[] = { "x", NULL };
    char *error;
    struct ctl_app *app;
    long long v;
    bool b;

    app = ctl_apps_add(apps, &class_a, "x=12,flag,name=a=b,x=13", NULL,
                       &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_PTR_NULL(ctl_app_check_options(app, known));
    error = ctl_app_check_options(app, fewer);
    CU_ASSERT_PTR_NOT_NULL(error);
    free(error);
    CU_ASSERT_PTR_NULL(ctl_app_get_int(app, "x", 0, 0, 100, &v));
    CU_ASSERT_EQUAL(v, 13);         /* The last one wins. */
    error = ctl_app_get_int(app, "x", 0, 0, 10, &v);
    CU_ASSERT_PTR_NOT_NULL(error);
    free(error);
    CU_ASSERT_PTR_NULL(ctl_app_get_bool(app, "flag", false, &b));
    CU_ASSERT_TRUE(b);
    CU_ASSERT_PTR_NULL(ctl_app_get_int(app, "absent", 42, 0, 100, &v));
    CU_ASSERT_EQUAL(v, 42);
    CU_ASSERT_STRING_EQUAL(ctl_app_get_option(app, "name"), "a=b");
    CU_ASSERT_EQUAL(ctl_app_cookie(app), 1ull << 56);

    CU_ASSERT_PTR_NULL(ctl_apps_add(apps, &class_b, "=3", NULL, &error));
    CU_ASSERT_PTR_NOT_NULL(error);
    free(error);
    {
        struct ctl_app_class old = class_b;

        old.api_version = CTL_APP_API_VERSION + 1;
        CU_ASSERT_PTR_NULL(ctl_apps_add(apps, &old, NULL, NULL, &error));
        CU_ASSERT_PTR_NOT_NULL(error);
        free(error);
    }
    ctl_apps_destroy(apps);
}

static CU_TestInfo tests[] = {
    { "dispatch order and stop", test_dispatch_order },
    { "dispatch: continue reaches all", test_dispatch_continue_reaches_all },
    { "packet-in before switch up", test_packet_in_before_up_dropped },
    { "handshake and datapath record", test_handshake },
    { "handshake failures", test_handshake_failures },
    { "request: reply and barrier", test_request_reply_and_barrier },
    { "request: error", test_request_error },
    { "request: multipart reassembly", test_request_multipart },
    { "request: timeout, disconnect", test_request_timeout_and_disconnect },
    { "unsolicited error to apps", test_unsolicited_error },
    { "app options", test_options },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("controller", tests);
