#include "controller/switch-conn.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/dispatch.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(switch);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 2);

void
ctl_switch_config_init(struct ctl_switch_config *config)
{
    config->miss_send_len = OFPCML_NO_BUFFER;
    config->clear_flows = false;
    config->handshake_timeout_ms = 10000;
}

const char *
ctl_switch_state_name(enum ctl_switch_state state)
{
    switch (state) {
    case CTL_SW_HANDSHAKE:
        return "HANDSHAKE";
    case CTL_SW_CONFIG:
        return "CONFIG";
    case CTL_SW_MAIN:
        return "MAIN";
    case CTL_SW_DEAD:
        return "DEAD";
    }
    return "?";
}

/* ---- Create and destroy ---- */

struct ctl_switch *
ctl_switch_create(const struct ctl_apps *apps,
                  const struct ctl_switch_config *config, const char *peer,
                  const struct ctl_switch_hooks *hooks, void *hooks_aux)
{
    struct ctl_switch *sw = xzalloc(sizeof *sw);
    size_t n_apps = apps->n ? apps->n : 1;

    sw->apps = apps;
    if (config) {
        sw->config = *config;
    } else {
        ctl_switch_config_init(&sw->config);
    }
    sw->hooks = hooks;
    sw->hooks_aux = hooks_aux;
    sw->state = CTL_SW_HANDSHAKE;
    sw->peer = xstrdup(peer ? peer : "?");
    snprintf(sw->name, sizeof sw->name, "?");
    sw->role = OFPCR_ROLE_EQUAL;
    sw->next_xid = 1;
    ofpbuf_init(&sw->txbuf);
    sw->out.sw = sw;
    sw->app_data = xcalloc(n_apps, sizeof *sw->app_data);
    sw->app_data_destroy = xcalloc(n_apps, sizeof *sw->app_data_destroy);
    sw->timer_last = xcalloc(n_apps, sizeof *sw->timer_last);
    return sw;
}

static void
request_free(struct ctl_request *r)
{
    if (r->mp) {
        of_mp_assembler_uninit(r->mp);
        free(r->mp);
        r->mp = NULL;
    }
}

void
ctl_switch_destroy(struct ctl_switch *sw, long long now)
{
    size_t i;

    if (!sw) {
        return;
    }
    if (sw->state == CTL_SW_MAIN) {
        VLOG_INFO("dpid %s: down (%s)", sw->name, sw->peer);
        ctl_dispatch_switch_down(sw->apps, sw, now);
    }
    sw->state = CTL_SW_DEAD;

    /* Callbacks may not queue anything now ('out' is NULL), nor make new
     * requests; take the list first so that none is completed twice. */
    while (sw->n_requests) {
        struct ctl_request r = sw->requests[--sw->n_requests];

        request_free(&r);
        r.cb(sw, CTL_REPLY_DISCONNECTED, NULL, r.aux, now, NULL);
    }
    if (sw->attached && sw->hooks && sw->hooks->detach) {
        sw->hooks->detach(sw, sw->hooks_aux);
    }
    for (i = 0; i < (sw->apps->n ? sw->apps->n : 1); i++) {
        if (sw->app_data[i] && sw->app_data_destroy[i]) {
            sw->app_data_destroy[i](sw->app_data[i]);
        }
    }
    free(sw->app_data);
    free(sw->app_data_destroy);
    free(sw->timer_last);
    free(sw->requests);
    free(sw->ports);
    free(sw->peer);
    ofpbuf_uninit(&sw->txbuf);
    free(sw);
}

void
ctl_switch_kill(struct ctl_switch *sw, const char *reason)
{
    if (sw->state != CTL_SW_DEAD) {
        VLOG_INFO("dpid %s: closing (%s): %s", sw->name, sw->peer, reason);
    }
    sw->state = CTL_SW_DEAD;
}

static void
switch_fail(struct ctl_switch *sw, const char *reason)
{
    if (sw->state == CTL_SW_DEAD) {
        return;
    }
    VLOG_WARN("dpid %s: handshake with %s failed: %s", sw->name, sw->peer,
              reason);
    sw->state = CTL_SW_DEAD;
    if (sw->hooks && sw->hooks->failed) {
        sw->hooks->failed(sw, reason, sw->hooks_aux);
    }
}

/* ---- Output ---- */

static uint32_t
switch_next_xid(struct ctl_switch *sw)
{
    uint32_t xid = sw->next_xid++;

    if (!sw->next_xid) {
        sw->next_xid = 1;
    }
    return xid;
}

/* Encoding goes through one struct of_msg per thread, so that queuing a
 * message neither allocates nor clears 2 kB each time. */
static _Thread_local struct of_msg tx_msg;
static _Thread_local bool tx_msg_ready;

static struct of_msg *
tx_msg_get(uint8_t type, uint32_t xid)
{
    if (!tx_msg_ready) {
        of_msg_init(&tx_msg, type, xid);
        tx_msg_ready = true;
    }
    tx_msg.type = type;
    tx_msg.xid = xid;
    return &tx_msg;
}

static void
switch_encode(struct ctl_switch *sw, const struct of_msg *msg)
{
    bool was_empty = sw->txbuf.size == 0;

    if (!of_msg_encode(msg, &sw->txbuf)) {
        if (msg->type == OFPT_MULTIPART_REQUEST) {
            of_mp_encode_split(msg, OFP_MAX_MSG_LEN, &sw->txbuf);
        } else {
            VLOG_WARN_RL(&rl, "dpid %s: %s too long to send, dropped",
                         sw->name, of_msg_type_name(msg->type));
            return;
        }
    }
    sw->stats.tx_msgs++;
    if (was_empty && sw->hooks && sw->hooks->output) {
        sw->hooks->output(sw, sw->hooks_aux);
    }
}

static uint32_t
switch_send(struct ctl_switch *sw, const struct of_msg *msg)
{
    uint32_t xid = switch_next_xid(sw);
    struct of_msg *m = tx_msg_get(msg->type, xid);

    m->u = msg->u;
    switch_encode(sw, m);
    return xid;
}

struct ofpbuf *
ctl_switch_output(struct ctl_switch *sw)
{
    return &sw->txbuf;
}

struct ctl_switch *
ctl_out_switch(const struct ctl_out *out)
{
    return out->sw;
}

void
ctl_flow_mod_init(struct of_flow_mod *fm, uint8_t command)
{
    memset(fm, 0, offsetof(struct of_flow_mod, match));
    of_match_init(&fm->match);
    fm->instructions = NULL;
    fm->n_instructions = 0;
    fm->command = command;
    fm->table_id = (command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT
                    ? OFPTT_ALL : 0);
    fm->priority = 32768;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

void
ctl_action_output(struct of_action *a, uint32_t port)
{
    memset(a, 0, sizeof *a);
    a->type = OFPAT_OUTPUT;
    a->output.port = port;
    a->output.max_len = OFPCML_NO_BUFFER;
}

void
ctl_packet_out_init(struct of_packet_out *po, const struct ctl_packet_in *pi)
{
    memset(po, 0, sizeof *po);
    po->buffer_id = pi->msg->buffer_id;
    po->in_port = pi->in_port == OFPP_ANY ? OFPP_CONTROLLER : pi->in_port;
    if (po->buffer_id == OFP_NO_BUFFER) {
        po->data = pi->msg->data;
        po->len = pi->msg->len;
    }
}

void
ctl_out_flow_mod(struct ctl_out *out, const struct of_flow_mod *fm)
{
    struct ctl_switch *sw = out->sw;
    struct of_msg *m = tx_msg_get(OFPT_FLOW_MOD, switch_next_xid(sw));

    m->u.flow_mod = *fm;
    switch_encode(sw, m);
}

void
ctl_out_packet_out(struct ctl_out *out, const struct of_packet_out *po)
{
    struct ctl_switch *sw = out->sw;
    struct of_msg *m = tx_msg_get(OFPT_PACKET_OUT, switch_next_xid(sw));

    m->u.packet_out = *po;
    switch_encode(sw, m);
}

void
ctl_out_group_mod(struct ctl_out *out, const struct of_group_mod *gm)
{
    struct ctl_switch *sw = out->sw;
    struct of_msg *m = tx_msg_get(OFPT_GROUP_MOD, switch_next_xid(sw));

    m->u.group_mod = *gm;
    switch_encode(sw, m);
}

void
ctl_out_msg(struct ctl_out *out, const struct of_msg *msg)
{
    switch_send(out->sw, msg);
}

/* ---- Requests ---- */

static uint32_t
switch_request(struct ctl_switch *sw, const struct of_msg *msg,
               int timeout_ms, ctl_reply_func *cb, void *aux, long long now)
{
    struct ctl_request *r;
    uint32_t xid = switch_send(sw, msg);

    if (sw->n_requests >= sw->allocated_requests) {
        sw->allocated_requests = sw->allocated_requests * 2 + 4;
        sw->requests = xrealloc(sw->requests, sw->allocated_requests
                                              * sizeof *sw->requests);
    }
    r = &sw->requests[sw->n_requests++];
    memset(r, 0, sizeof *r);
    r->xid = xid;
    r->type = msg->type;
    r->deadline = now + (timeout_ms > 0 ? timeout_ms
                                        : CTL_REQUEST_TIMEOUT_MS);
    r->cb = cb;
    r->aux = aux;
    sw->stats.requests++;
    return xid;
}

/* Requests have no clock of their own: an app's request is stamped with
 * the time of the event being handled. */
static _Thread_local long long event_now;

uint32_t
ctl_out_request(struct ctl_out *out, const struct of_msg *request,
                int timeout_ms, ctl_reply_func *cb, void *aux)
{
    return switch_request(out->sw, request, timeout_ms, cb, aux, event_now);
}

uint32_t
ctl_out_mp_request(struct ctl_out *out, const struct of_mp_request *mp,
                   int timeout_ms, ctl_reply_func *cb, void *aux)
{
    struct of_msg *m = tx_msg_get(OFPT_MULTIPART_REQUEST, 0);

    m->u.mp_request = *mp;
    return switch_request(out->sw, m, timeout_ms, cb, aux, event_now);
}

uint32_t
ctl_out_barrier(struct ctl_out *out, int timeout_ms, ctl_reply_func *cb,
                void *aux)
{
    struct of_msg *m = tx_msg_get(OFPT_BARRIER_REQUEST, 0);

    memset(&m->u.empty, 0, sizeof m->u.empty);
    return switch_request(out->sw, m, timeout_ms, cb, aux, event_now);
}

static struct ctl_request *
request_find(struct ctl_switch *sw, uint32_t xid)
{
    size_t i;

    for (i = 0; i < sw->n_requests; i++) {
        if (sw->requests[i].xid == xid) {
            return &sw->requests[i];
        }
    }
    return NULL;
}

/* Removes 'r' from the table and calls its callback. */
static void
request_complete(struct ctl_switch *sw, struct ctl_request *r,
                 enum ctl_reply_status status, const struct of_msg *reply,
                 long long now)
{
    struct ctl_request copy = *r;

    *r = sw->requests[--sw->n_requests];
    request_free(&copy);
    copy.cb(sw, status, reply, copy.aux, now,
            sw->state == CTL_SW_DEAD ? NULL : &sw->out);
}

/* True if 'type' is what a request of 'request_type' is answered with. */
static bool
is_reply_to(uint8_t type, uint8_t request_type)
{
    switch (request_type) {
    case OFPT_ECHO_REQUEST:
        return type == OFPT_ECHO_REPLY;
    case OFPT_FEATURES_REQUEST:
        return type == OFPT_FEATURES_REPLY;
    case OFPT_GET_CONFIG_REQUEST:
        return type == OFPT_GET_CONFIG_REPLY;
    case OFPT_MULTIPART_REQUEST:
        return type == OFPT_MULTIPART_REPLY;
    case OFPT_BARRIER_REQUEST:
        return type == OFPT_BARRIER_REPLY;
    case OFPT_QUEUE_GET_CONFIG_REQUEST:
        return type == OFPT_QUEUE_GET_CONFIG_REPLY;
    case OFPT_ROLE_REQUEST:
        return type == OFPT_ROLE_REPLY;
    case OFPT_GET_ASYNC_REQUEST:
        return type == OFPT_GET_ASYNC_REPLY;
    case OFPT_EXPERIMENTER:
        return type == OFPT_EXPERIMENTER;
    default:
        /* Messages without a reply (flow mods, ...) complete only with
         * an error; a barrier after them is how to know they worked. */
        return false;
    }
}

/* Feeds a reply to request 'r'.  Returns true if 'msg' was for it. */
static bool
request_reply(struct ctl_switch *sw, struct ctl_request *r,
              const struct of_msg *msg, long long now)
{
    if (msg->type == OFPT_ERROR) {
        request_complete(sw, r, CTL_REPLY_ERROR, msg, now);
        return true;
    }
    if (!is_reply_to(msg->type, r->type)) {
        return false;
    }
    if (msg->type == OFPT_MULTIPART_REPLY
        && (r->mp || msg->u.mp_reply.flags & OFPMPF_REPLY_MORE)) {
        struct of_msg done;
        enum ofperr error;
        bool complete;

        if (!r->mp) {
            r->mp = xmalloc(sizeof *r->mp);
            of_mp_assembler_init(r->mp);
        }
        error = of_mp_assembler_add(r->mp, msg->raw, msg->raw_len, &done,
                                    &complete);
        if (error) {
            VLOG_WARN_RL(&rl, "dpid %s: multipart reply (xid 0x%"PRIx32") "
                         "does not join: %s", sw->name, msg->xid,
                         ofperr_name(error));
            of_msg_uninit(&done);
            request_complete(sw, r, CTL_REPLY_TIMEOUT, NULL, now);
        } else if (complete) {
            request_complete(sw, r, CTL_REPLY_OK, &done, now);
            of_msg_uninit(&done);
        }
        return true;
    }
    request_complete(sw, r, CTL_REPLY_OK, msg, now);
    return true;
}

/* ---- The handshake ---- */

/* "OFPBAC_BAD_OUT_PORT", or "error type T code C" for one we do not
 * know.  The latter is in a thread-local buffer. */
static const char *
error_name(const struct of_error_msg *e)
{
    static _Thread_local char buf[48];
    enum ofperr error = ofperr_from_type_code(e->type, e->code);

    if (error) {
        return ofperr_name(error);
    }
    snprintf(buf, sizeof buf, "error type %u code %u", e->type, e->code);
    return buf;
}

static void enter_main(struct ctl_switch *, long long now);

static void
features_cb(struct ctl_switch *sw, enum ctl_reply_status status,
            const struct of_msg *reply, void *aux OF_UNUSED, long long now,
            struct ctl_out *out OF_UNUSED);
static void port_desc_cb(struct ctl_switch *, enum ctl_reply_status,
                         const struct of_msg *, void *, long long,
                         struct ctl_out *);
static void barrier_cb(struct ctl_switch *, enum ctl_reply_status,
                       const struct of_msg *, void *, long long,
                       struct ctl_out *);

void
ctl_switch_start(struct ctl_switch *sw, long long now)
{
    struct of_msg *m = tx_msg_get(OFPT_FEATURES_REQUEST, 0);

    memset(&m->u.empty, 0, sizeof m->u.empty);
    sw->state = CTL_SW_HANDSHAKE;
    switch_request(sw, m, sw->config.handshake_timeout_ms, features_cb, NULL,
                   now);
}

static const char *
status_reason(enum ctl_reply_status status, const struct of_msg *reply)
{
    switch (status) {
    case CTL_REPLY_OK:
        return "unexpected reply";
    case CTL_REPLY_ERROR:
        return error_name(&reply->u.error);
    case CTL_REPLY_TIMEOUT:
        return "no reply in time";
    case CTL_REPLY_DISCONNECTED:
        return "disconnected";
    }
    return "?";
}

static void
features_cb(struct ctl_switch *sw, enum ctl_reply_status status,
            const struct of_msg *reply, void *aux OF_UNUSED, long long now,
            struct ctl_out *out OF_UNUSED)
{
    struct of_msg *m;

    if (status != CTL_REPLY_OK) {
        if (status != CTL_REPLY_DISCONNECTED) {
            switch_fail(sw, status_reason(status, reply));
        }
        return;
    }
    sw->features = reply->u.features;
    sw->dpid = sw->features.datapath_id;
    snprintf(sw->name, sizeof sw->name, "%016"PRIx64, sw->dpid);
    if (sw->features.auxiliary_id) {
        switch_fail(sw, "auxiliary connections are not supported");
        return;
    }
    sw->connections = 1;
    if (sw->hooks && sw->hooks->attach) {
        sw->connections = sw->hooks->attach(sw, sw->hooks_aux);
        sw->attached = true;
    }
    sw->state = CTL_SW_CONFIG;

    /* 7.3.2: how the switch should send packets to us. */
    m = tx_msg_get(OFPT_SET_CONFIG, 0);
    m->u.config.flags = OFPC_FRAG_NORMAL;
    m->u.config.miss_send_len = sw->config.miss_send_len;
    switch_send(sw, m);

    if (sw->config.clear_flows) {
        struct of_flow_mod fm;

        ctl_flow_mod_init(&fm, OFPFC_DELETE);
        m = tx_msg_get(OFPT_FLOW_MOD, 0);
        m->u.flow_mod = fm;
        switch_send(sw, m);
    }

    m = tx_msg_get(OFPT_MULTIPART_REQUEST, 0);
    memset(&m->u.mp_request, 0, sizeof m->u.mp_request);
    m->u.mp_request.type = OFPMP_PORT_DESC;
    switch_request(sw, m, sw->config.handshake_timeout_ms, port_desc_cb,
                   NULL, now);

    /* The switch answers in order, so the barrier's reply comes after the
     * port list and after the flows are gone. */
    m = tx_msg_get(OFPT_BARRIER_REQUEST, 0);
    memset(&m->u.empty, 0, sizeof m->u.empty);
    switch_request(sw, m, sw->config.handshake_timeout_ms, barrier_cb, NULL,
                   now);
}

static void
port_desc_cb(struct ctl_switch *sw, enum ctl_reply_status status,
             const struct of_msg *reply, void *aux OF_UNUSED,
             long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    const struct of_port_desc_reply *pd;

    if (status != CTL_REPLY_OK) {
        if (status != CTL_REPLY_DISCONNECTED) {
            switch_fail(sw, status_reason(status, reply));
        }
        return;
    }
    if (reply->u.mp_reply.type != OFPMP_PORT_DESC) {
        switch_fail(sw, "port description reply of the wrong type");
        return;
    }
    pd = &reply->u.mp_reply.port_desc;
    free(sw->ports);
    sw->ports = pd->n ? xmemdup(pd->ports, pd->n * sizeof *pd->ports) : NULL;
    sw->n_ports = pd->n;
    sw->got_ports = true;
}

static void
barrier_cb(struct ctl_switch *sw, enum ctl_reply_status status,
           const struct of_msg *reply, void *aux OF_UNUSED, long long now,
           struct ctl_out *out OF_UNUSED)
{
    if (status != CTL_REPLY_OK) {
        if (status != CTL_REPLY_DISCONNECTED) {
            switch_fail(sw, status_reason(status, reply));
        }
        return;
    }
    if (!sw->got_ports) {
        switch_fail(sw, "barrier answered before the port list");
        return;
    }
    enter_main(sw, now);
}

static void
enter_main(struct ctl_switch *sw, long long now)
{
    size_t i;

    sw->state = CTL_SW_MAIN;
    for (i = 0; i < sw->apps->n; i++) {
        sw->timer_last[i] = now;
    }
    VLOG_INFO("dpid %s: up (%s, %zu ports, %u tables%s%s)", sw->name,
              sw->peer, sw->n_ports, sw->features.n_tables,
              sw->config.clear_flows ? ", flows cleared" : "",
              sw->connections > 1 ? ", reconnected" : "");
    ctl_dispatch_switch_up(sw->apps, sw, now, &sw->out);
}

/* ---- Input ---- */

static void
handle_packet_in(struct ctl_switch *sw, const struct of_packet_in *pin,
                 long long now)
{
    struct ctl_packet_in pi;
    const struct of_oxm *oxm;

    if (sw->state != CTL_SW_MAIN) {
        sw->stats.packet_ins_early++;
        return;
    }
    sw->stats.packet_ins++;
    pi.msg = pin;
    /* 7.4.1: in_port is always in a packet-in's match. */
    oxm = pin->match.n && pin->match.oxms[0].field == OF_FIELD_IN_PORT
          ? &pin->match.oxms[0]
          : of_match_find(&pin->match, OF_FIELD_IN_PORT);
    pi.in_port = oxm ? oxm->value.u32 : OFPP_ANY;
    if (pin->len >= 14) {
        pi.eth_ok = true;
        memcpy(pi.eth_dst, pin->data, 6);
        memcpy(pi.eth_src, pin->data + 6, 6);
        pi.eth_type = (uint16_t) (pin->data[12] << 8 | pin->data[13]);
    } else {
        memset(&pi.eth_dst, 0, sizeof pi - offsetof(struct ctl_packet_in,
                                                    eth_dst));
        pi.eth_ok = false;
    }
    ctl_dispatch_packet_in(sw->apps, sw, &pi, now, &sw->out);
}

static void
handle_port_status(struct ctl_switch *sw, const struct of_port_status *ps,
                   long long now)
{
    struct of_port old;
    bool had_old = false;
    size_t i;

    for (i = 0; i < sw->n_ports; i++) {
        if (sw->ports[i].port_no == ps->desc.port_no) {
            old = sw->ports[i];
            had_old = true;
            break;
        }
    }
    if (ps->reason == OFPPR_DELETE) {
        if (had_old) {
            sw->ports[i] = sw->ports[--sw->n_ports];
        }
    } else if (had_old) {
        sw->ports[i] = ps->desc;
    } else {
        sw->ports = xrealloc(sw->ports, (sw->n_ports + 1) * sizeof *sw->ports);
        sw->ports[sw->n_ports++] = ps->desc;
    }
    if (sw->state == CTL_SW_MAIN) {
        VLOG_INFO("dpid %s: port %"PRIu32" (%s) %s, %s", sw->name,
                  ps->desc.port_no, ps->desc.name,
                  ps->reason == OFPPR_ADD ? "added"
                  : ps->reason == OFPPR_DELETE ? "deleted" : "modified",
                  ctl_port_is_up(&ps->desc) ? "up" : "down");
        ctl_dispatch_port_status(sw->apps, sw, ps, had_old ? &old : NULL,
                                 now, &sw->out);
    }
}

static void
handle_error(struct ctl_switch *sw, const struct of_msg *msg, long long now)
{
    const struct of_error_msg *e = &msg->u.error;

    sw->stats.errors++;
    VLOG_WARN_RL(&rl, "dpid %s: error from switch (xid 0x%"PRIx32"): %s",
                 sw->name, msg->xid,
                 error_name(e));
    if (sw->state == CTL_SW_MAIN) {
        ctl_dispatch_error(sw->apps, sw, e, msg->xid, now, &sw->out);
    }
}

enum ofperr
ctl_switch_receive(struct ctl_switch *sw, const struct of_msg *msg,
                   long long now)
{
    struct ctl_request *r;

    if (sw->state == CTL_SW_DEAD) {
        return 0;
    }
    event_now = now;

    /* The hot path first: asynchronous messages answer nothing. */
    switch (msg->type) {
    case OFPT_PACKET_IN:
        handle_packet_in(sw, &msg->u.packet_in, now);
        return 0;
    case OFPT_PORT_STATUS:
        handle_port_status(sw, &msg->u.port_status, now);
        return 0;
    case OFPT_FLOW_REMOVED:
        if (sw->state == CTL_SW_MAIN) {
            ctl_dispatch_flow_removed(sw->apps, sw, &msg->u.flow_removed,
                                      now, &sw->out);
        }
        return 0;
    default:
        break;
    }

    r = sw->n_requests ? request_find(sw, msg->xid) : NULL;
    if (r && request_reply(sw, r, msg, now)) {
        return 0;
    }

    switch (msg->type) {
    case OFPT_ERROR:
        handle_error(sw, msg, now);
        return 0;
    case OFPT_ECHO_REPLY:
    case OFPT_FEATURES_REPLY:
    case OFPT_GET_CONFIG_REPLY:
    case OFPT_MULTIPART_REPLY:
    case OFPT_BARRIER_REPLY:
    case OFPT_QUEUE_GET_CONFIG_REPLY:
    case OFPT_ROLE_REPLY:
    case OFPT_GET_ASYNC_REPLY:
    case OFPT_EXPERIMENTER:
        sw->stats.unexpected++;
        VLOG_DBG_RL(&rl, "dpid %s: ignoring unexpected %s (xid 0x%"PRIx32
                    ")", sw->name, of_msg_type_name(msg->type), msg->xid);
        return 0;
    default:
        /* A controller-to-switch message sent to us. */
        return OFPERR_OFPBRC_BAD_TYPE;
    }
}

void
ctl_switch_run(struct ctl_switch *sw, long long now)
{
    size_t i;

    if (sw->state == CTL_SW_DEAD) {
        return;
    }
    event_now = now;
    for (i = 0; i < sw->n_requests;) {
        struct ctl_request *r = &sw->requests[i];

        if (now >= r->deadline) {
            sw->stats.timeouts++;
            VLOG_WARN_RL(&rl, "dpid %s: %s (xid 0x%"PRIx32") timed out",
                         sw->name, of_msg_type_name(r->type), r->xid);
            request_complete(sw, r, CTL_REPLY_TIMEOUT, NULL, now);
            if (sw->state == CTL_SW_DEAD) {
                return;
            }
            /* The callback may have added or removed requests: start
             * over (completed ones are gone, so this ends). */
            i = 0;
        } else {
            i++;
        }
    }
    if (sw->state == CTL_SW_MAIN) {
        ctl_dispatch_timers(sw->apps, sw, sw->timer_last, now, &sw->out);
    }
}

enum ctl_switch_state
ctl_switch_get_state(const struct ctl_switch *sw)
{
    return sw->state;
}

/* ---- The datapath record (app.h) ---- */

uint64_t
ctl_switch_dpid(const struct ctl_switch *sw)
{
    return sw->dpid;
}

const char *
ctl_switch_name(const struct ctl_switch *sw)
{
    return sw->name;
}

const struct of_switch_features *
ctl_switch_features(const struct ctl_switch *sw)
{
    return &sw->features;
}

const struct of_port *
ctl_switch_ports(const struct ctl_switch *sw, size_t *n)
{
    *n = sw->n_ports;
    return sw->ports;
}

const struct of_port *
ctl_switch_port(const struct ctl_switch *sw, uint32_t port_no)
{
    size_t i;

    for (i = 0; i < sw->n_ports; i++) {
        if (sw->ports[i].port_no == port_no) {
            return &sw->ports[i];
        }
    }
    return NULL;
}

bool
ctl_port_is_up(const struct of_port *port)
{
    return !(port->config & OFPPC_PORT_DOWN)
           && !(port->state & OFPPS_LINK_DOWN);
}

const char *
ctl_switch_peer(const struct ctl_switch *sw)
{
    return sw->peer;
}

uint32_t
ctl_switch_role(const struct ctl_switch *sw)
{
    return sw->role;
}

unsigned int
ctl_switch_connections(const struct ctl_switch *sw)
{
    return sw->connections;
}

void *
ctl_switch_get_data(const struct ctl_switch *sw, const struct ctl_app *app)
{
    return sw->app_data[app->index];
}

void
ctl_switch_set_data(struct ctl_switch *sw, const struct ctl_app *app,
                    void *data, void (*destroy)(void *))
{
    sw->app_data[app->index] = data;
    sw->app_data_destroy[app->index] = destroy;
}
