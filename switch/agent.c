#include "switch/agent.h"

#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/datapath.h"

VLOG_DEFINE_THIS_MODULE(agent);

struct agent_conn {
    struct agent_conn *next;
    struct agent *agent;
    uint64_t id;
    struct conn *conn;
    bool controller;            /* From --controller (reconnects). */
    uint32_t role;              /* OFPCR_ROLE_*. */
    struct of_async_config async;
};

struct agent {
    struct event_base *base;
    struct datapath *dp;
    struct event *ev_events;
    struct agent_conn *conns;
    struct conn_listener **listeners;
    size_t n_listeners;
    struct conn_options options;
    struct conn_ssl_config ssl;
    uint64_t next_id;
    bool generation_defined;    /* A master/slave request set one. */
    uint64_t generation_id;
    unsigned int n_async_sent;  /* Last count given to the datapath. */

    /* Fail-standalone (agent_config). */
    bool fail_standalone;
    bool standalone;            /* Told to the datapath. */
    long long inactivity_ms;
    long long controller_seen;  /* Last time a controller was connected. */
    struct event *ev_fail;
};

static long long
agent_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every half second: is a controller connected?  Tells the datapath when
 * fail-standalone begins or ends. */
static void
on_fail_timer(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *a)
{
    struct agent *agent = a;
    long long now = agent_now_ms();
    bool connected = false, want;
    struct dp_cmd *cmd;

    for (struct agent_conn *ac = agent->conns; ac; ac = ac->next) {
        connected |= ac->controller && conn_is_connected(ac->conn);
    }
    if (connected) {
        agent->controller_seen = now;
    }
    want = !connected && now - agent->controller_seen >= agent->inactivity_ms;
    if (want != agent->standalone) {
        agent->standalone = want;
        cmd = xzalloc(sizeof *cmd);
        cmd->type = DP_CMD_STANDALONE;
        cmd->standalone = want;
        datapath_submit(agent->dp, cmd);
    }
}

/* 6.1.1 and A.3.10: what a connection receives until it says otherwise.
 * Masters and equals get every packet-in, port-status and flow-removed
 * reason; slaves get port-status only. */
static void
async_defaults(struct of_async_config *async)
{
    async->packet_in_mask[0] = (1u << OFPR_NO_MATCH) | (1u << OFPR_ACTION)
                               | (1u << OFPR_INVALID_TTL);
    async->packet_in_mask[1] = 0;
    async->port_status_mask[0] = (1u << OFPPR_ADD) | (1u << OFPPR_DELETE)
                                 | (1u << OFPPR_MODIFY);
    async->port_status_mask[1] = async->port_status_mask[0];
    async->flow_removed_mask[0] = (1u << OFPRR_IDLE_TIMEOUT)
                                  | (1u << OFPRR_HARD_TIMEOUT)
                                  | (1u << OFPRR_DELETE)
                                  | (1u << OFPRR_GROUP_DELETE);
    async->flow_removed_mask[1] = 0;
}

static struct agent_conn *
find_conn(const struct agent *agent, uint64_t id)
{
    for (struct agent_conn *ac = agent->conns; ac; ac = ac->next) {
        if (ac->id == id) {
            return ac;
        }
    }
    return NULL;
}

/* Whether 'ac' wants an asynchronous message of 'type' with 'reason'. */
static bool
wants_async(const struct agent_conn *ac, uint8_t type, uint8_t reason)
{
    int i = ac->role == OFPCR_ROLE_SLAVE;
    uint32_t mask;

    switch (type) {
    case OFPT_PACKET_IN:
        mask = ac->async.packet_in_mask[i];
        break;
    case OFPT_FLOW_REMOVED:
        mask = ac->async.flow_removed_mask[i];
        break;
    case OFPT_PORT_STATUS:
        mask = ac->async.port_status_mask[i];
        break;
    default:
        return false;
    }
    return reason < 32 && (mask & (1u << reason));
}

/* Tells the datapath how many connections want packet-ins, when that
 * changes, so that it buffers packets only for somebody. */
static void
update_async_count(struct agent *agent)
{
    unsigned int n = 0;
    struct dp_cmd *cmd;

    for (struct agent_conn *ac = agent->conns; ac; ac = ac->next) {
        if (conn_is_connected(ac->conn)
            && ac->async.packet_in_mask[ac->role == OFPCR_ROLE_SLAVE]) {
            n++;
        }
    }
    if (n == agent->n_async_sent) {
        return;
    }
    agent->n_async_sent = n;
    cmd = xzalloc(sizeof *cmd);
    cmd->type = DP_CMD_CONNS;
    cmd->n_async_conns = n;
    datapath_submit(agent->dp, cmd);
}

/* ---- Roles (6.3.6) ---- */

static enum ofperr
handle_role_request(struct agent_conn *ac, const struct of_msg *msg)
{
    struct agent *agent = ac->agent;
    const struct of_role *rq = &msg->u.role;
    struct of_msg reply;

    if (rq->role == OFPCR_ROLE_MASTER || rq->role == OFPCR_ROLE_SLAVE) {
        /* A generation id older than the newest seen is stale (compared
         * as a signed difference, so it wraps). */
        if (agent->generation_defined
            && (int64_t) (rq->generation_id - agent->generation_id) < 0) {
            return OFPERR_OFPRRFC_STALE;
        }
        agent->generation_defined = true;
        agent->generation_id = rq->generation_id;
    }
    if (rq->role != OFPCR_ROLE_NOCHANGE) {
        if (rq->role == OFPCR_ROLE_MASTER) {
            for (struct agent_conn *o = agent->conns; o; o = o->next) {
                if (o != ac && o->role == OFPCR_ROLE_MASTER) {
                    o->role = OFPCR_ROLE_SLAVE;
                    VLOG_INFO("%s: demoted to slave by a new master",
                              conn_get_name(o->conn));
                }
            }
        }
        if (ac->role != rq->role) {
            VLOG_INFO("%s: role %s", conn_get_name(ac->conn),
                      rq->role == OFPCR_ROLE_MASTER ? "master"
                      : rq->role == OFPCR_ROLE_SLAVE ? "slave" : "equal");
        }
        ac->role = rq->role;
        update_async_count(agent);
    }

    of_msg_init(&reply, OFPT_ROLE_REPLY, msg->xid);
    reply.u.role.role = ac->role;
    reply.u.role.generation_id = agent->generation_defined
                                 ? agent->generation_id : 0;
    conn_send(ac->conn, &reply);
    of_msg_uninit(&reply);
    return 0;
}

/* Messages a slave may not send (6.3.6): they change the switch. */
static bool
denied_to_slave(const struct of_msg *msg)
{
    switch (msg->type) {
    case OFPT_PACKET_OUT:
    case OFPT_FLOW_MOD:
    case OFPT_GROUP_MOD:
    case OFPT_PORT_MOD:
    case OFPT_TABLE_MOD:
    case OFPT_METER_MOD:
        return true;
    case OFPT_MULTIPART_REQUEST:
        /* A table-features request with a body sets the tables. */
        return msg->u.mp_request.type == OFPMP_TABLE_FEATURES
               && msg->u.mp_request.table_features.n > 0;
    default:
        return false;
    }
}

/* ---- Connection callbacks ---- */

static void
on_connected(struct conn *conn, void *ac_)
{
    struct agent_conn *ac = ac_;

    VLOG_INFO("%s: connected", conn_get_name(conn));
    /* Each new connection starts as an equal with the default async
     * configuration (6.3.6, 6.1.1). */
    ac->role = OFPCR_ROLE_EQUAL;
    async_defaults(&ac->async);
    update_async_count(ac->agent);
}

static enum ofperr
on_message(struct conn *conn OF_UNUSED, const struct of_msg *msg,
           void *ac_)
{
    struct agent_conn *ac = ac_;
    struct of_msg reply;

    switch (msg->type) {
    case OFPT_ROLE_REQUEST:
        return handle_role_request(ac, msg);

    case OFPT_GET_ASYNC_REQUEST:
        of_msg_init(&reply, OFPT_GET_ASYNC_REPLY, msg->xid);
        reply.u.async = ac->async;
        conn_send(ac->conn, &reply);
        of_msg_uninit(&reply);
        return 0;

    case OFPT_SET_ASYNC:
        ac->async = msg->u.async;
        update_async_count(ac->agent);
        return 0;

    case OFPT_HELLO:
    case OFPT_ECHO_REQUEST:
    case OFPT_ECHO_REPLY:
    case OFPT_ERROR:
        /* Nothing to do: echo is the conn's, and an error from a peer
         * needs no answer. */
        return 0;

    case OFPT_FEATURES_REPLY:
    case OFPT_GET_CONFIG_REPLY:
    case OFPT_PACKET_IN:
    case OFPT_FLOW_REMOVED:
    case OFPT_PORT_STATUS:
    case OFPT_MULTIPART_REPLY:
    case OFPT_BARRIER_REPLY:
    case OFPT_QUEUE_GET_CONFIG_REPLY:
    case OFPT_ROLE_REPLY:
    case OFPT_GET_ASYNC_REPLY:
        /* Messages only a switch sends (7.1): a controller has no
         * business sending them to us. */
        return OFPERR_OFPBRC_BAD_TYPE;

    default:
        break;
    }
    if (ac->role == OFPCR_ROLE_SLAVE && denied_to_slave(msg)) {
        return OFPERR_OFPBRC_IS_SLAVE;
    }
    datapath_submit(ac->agent->dp, dp_cmd_openflow(ac->id, msg->raw,
                                                   msg->raw_len));
    return 0;
}

static void
remove_conn(struct agent_conn *ac)
{
    struct agent *agent = ac->agent;

    for (struct agent_conn **p = &agent->conns; *p; p = &(*p)->next) {
        if (*p == ac) {
            *p = ac->next;
            break;
        }
    }
    conn_destroy(ac->conn);
    free(ac);
    update_async_count(agent);
}

static void
on_disconnected(struct conn *conn, const char *reason, void *ac_)
{
    struct agent_conn *ac = ac_;

    if (ac->controller) {
        VLOG_INFO("%s: %s; trying again in %d ms", conn_get_name(conn),
                  reason, conn_get_backoff_ms(conn));
        if (ac->role == OFPCR_ROLE_MASTER) {
            ac->role = OFPCR_ROLE_EQUAL;
        }
        update_async_count(ac->agent);
    } else {
        VLOG_DBG("%s: %s", conn_get_name(conn), reason);
        remove_conn(ac);
    }
}

static const struct conn_callbacks callbacks = {
    .connected = on_connected,
    .message = on_message,
    .disconnected = on_disconnected,
};

static struct agent_conn *
add_conn(struct agent *agent, struct conn *conn, bool controller)
{
    struct agent_conn *ac = xzalloc(sizeof *ac);

    ac->agent = agent;
    ac->id = ++agent->next_id;
    ac->conn = conn;
    ac->controller = controller;
    ac->role = OFPCR_ROLE_EQUAL;
    async_defaults(&ac->async);
    ac->next = agent->conns;
    agent->conns = ac;
    return ac;
}

static void
on_accept(struct conn_listener *listener OF_UNUSED, struct conn *conn,
          void *agent_)
{
    struct agent_conn *ac = add_conn(agent_, conn, false);

    conn_set_callbacks(conn, &callbacks, ac);
}

/* ---- Events from the datapath ---- */

static void
deliver(struct agent *agent, struct dp_event *ev)
{
    struct agent_conn *ac;

    switch (ev->type) {
    case DP_EV_REPLY:
        ac = find_conn(agent, ev->conn_id);
        if (ac && ev->bytes.size) {
            conn_send_raw(ac->conn, ev->bytes.data, ev->bytes.size);
        }
        break;
    case DP_EV_ERROR:
        ac = find_conn(agent, ev->conn_id);
        if (ac) {
            conn_send_error(ac->conn, ev->error, ev->bytes.data,
                            ev->bytes.size);
        }
        break;
    case DP_EV_ASYNC:
        for (ac = agent->conns; ac; ac = ac->next) {
            if (conn_is_connected(ac->conn)
                && wants_async(ac, ev->msg_type, ev->reason)) {
                conn_send_raw(ac->conn, ev->bytes.data, ev->bytes.size);
            }
        }
        break;
    }
}

static void
on_events(evutil_socket_t fd OF_UNUSED, short what OF_UNUSED, void *agent_)
{
    struct agent *agent = agent_;
    struct dp_event *ev = datapath_take_events(agent->dp);

    while (ev) {
        struct dp_event *next = ev->next;

        deliver(agent, ev);
        dp_event_free(ev);
        ev = next;
    }
}

/* ---- Create and destroy ---- */

static bool
add_listener(struct agent *agent, const char *target, char **errorp)
{
    struct conn_listener *l;

    l = conn_listener_create(agent->base, target, &agent->options,
                             on_accept, agent, errorp);
    if (!l) {
        return false;
    }
    agent->listeners = xrealloc(agent->listeners, (agent->n_listeners + 1)
                                * sizeof *agent->listeners);
    agent->listeners[agent->n_listeners++] = l;
    VLOG_INFO("listening on %s", target);
    return true;
}

struct agent *
agent_create(struct event_base *base, struct datapath *dp,
             const struct agent_config *cfg, char **errorp)
{
    struct agent *agent = xzalloc(sizeof *agent);
    struct conn_options copts;

    *errorp = NULL;
    agent->base = base;
    agent->dp = dp;
    agent->ssl = cfg->ssl;
    conn_options_init(&agent->options);
    if (cfg->probe_interval_ms) {
        agent->options.probe_interval_ms = cfg->probe_interval_ms;
    }
    if (cfg->max_backoff_ms) {
        agent->options.max_backoff_ms = cfg->max_backoff_ms;
    }
    if (agent->ssl.private_key) {
        agent->options.ssl = &agent->ssl;
    }

    agent->ev_events = event_new(base, datapath_event_fd(dp),
                                 EV_READ | EV_PERSIST, on_events, agent);
    event_add(agent->ev_events, NULL);

    if (cfg->fail_standalone && cfg->n_controllers) {
        static const struct timeval half = { 0, 500 * 1000 };

        agent->fail_standalone = true;
        agent->inactivity_ms = 3LL * agent->options.probe_interval_ms;
        agent->controller_seen = agent_now_ms();
        agent->ev_fail = event_new(base, -1, EV_PERSIST, on_fail_timer,
                                   agent);
        event_add(agent->ev_fail, &half);
    }

    copts = agent->options;
    copts.reconnect = true;
    for (size_t i = 0; i < cfg->n_controllers; i++) {
        struct agent_conn *ac = add_conn(agent, NULL, true);

        ac->conn = conn_create(base, cfg->controllers[i], &copts,
                               &callbacks, ac, errorp);
        if (!ac->conn) {
            agent_destroy(agent);
            return NULL;
        }
    }
    for (size_t i = 0; i < cfg->n_listens; i++) {
        if (!add_listener(agent, cfg->listens[i], errorp)) {
            agent_destroy(agent);
            return NULL;
        }
    }
    if (cfg->ctl_path) {
        char *target = xasprintf("punix:%s", cfg->ctl_path);
        bool ok = add_listener(agent, target, errorp);

        free(target);
        if (!ok) {
            agent_destroy(agent);
            return NULL;
        }
    }
    return agent;
}

void
agent_destroy(struct agent *agent)
{
    if (!agent) {
        return;
    }
    for (size_t i = 0; i < agent->n_listeners; i++) {
        conn_listener_destroy(agent->listeners[i]);
    }
    free(agent->listeners);
    while (agent->conns) {
        struct agent_conn *ac = agent->conns;

        agent->conns = ac->next;
        conn_destroy(ac->conn);
        free(ac);
    }
    if (agent->ev_events) {
        event_free(agent->ev_events);
    }
    if (agent->ev_fail) {
        event_free(agent->ev_fail);
    }
    free(agent);
}

size_t
agent_n_connected(const struct agent *agent)
{
    size_t n = 0;

    for (const struct agent_conn *ac = agent->conns; ac; ac = ac->next) {
        n += conn_is_connected(ac->conn);
    }
    return n;
}
