#include "switch/datapath.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ofproto/ds.h"
#include "ofproto/ofkit-ext.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/dp-ofproto.h"
#include "switch/dp-private.h"
#include "switch/flow.h"
#include "switch/mac-learning.h"
#include "switch/pipeline.h"

VLOG_DEFINE_THIS_MODULE(datapath);

/* How often the datapath looks at timeouts, buffers and links. */
#define HOUSEKEEPING_MS 100
#define LINK_POLL_MS 500

long long
dp_time_msec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long
monotonic_nsec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

long long
dp_time_nsec(const struct datapath *dp)
{
    return dp->clock ? dp->clock(dp->clock_aux) : monotonic_nsec();
}

/* ---- Commands and events ---- */

struct dp_cmd *
dp_cmd_openflow(uint64_t conn_id, const void *raw, size_t len)
{
    struct dp_cmd *cmd = xzalloc(sizeof *cmd);
    enum ofperr error;

    cmd->type = DP_CMD_OPENFLOW;
    cmd->conn_id = conn_id;
    error = of_msg_decode(&cmd->msg, raw, len);
    if (error) {
        /* It decoded once already; decoding is deterministic. */
        of_abort("message that decoded once fails again: %s",
                 ofperr_name(error));
    }
    return cmd;
}

void
dp_cmd_free(struct dp_cmd *cmd)
{
    if (cmd) {
        of_msg_uninit(&cmd->msg);
        free(cmd);
    }
}

void
dp_event_free(struct dp_event *ev)
{
    if (ev) {
        ofpbuf_uninit(&ev->bytes);
        free(ev);
    }
}

static void
wake(int fd)
{
    uint64_t one = 1;

    if (write(fd, &one, sizeof one) < 0 && errno != EAGAIN) {
        VLOG_WARN("eventfd write: %s", strerror(errno));
    }
}

static void
drain(int fd)
{
    uint64_t n;

    if (read(fd, &n, sizeof n) < 0 && errno != EAGAIN) {
        VLOG_WARN("eventfd read: %s", strerror(errno));
    }
}

static void
free_cmds(struct dp_cmd *cmd)
{
    while (cmd) {
        struct dp_cmd *next = cmd->next;

        dp_cmd_free(cmd);
        cmd = next;
    }
}

void
datapath_submit(struct datapath *dp, struct dp_cmd *cmd)
{
    struct dp_cmd *done;
    bool was_empty;

    cmd->next = NULL;
    pthread_mutex_lock(&dp->mutex);
    was_empty = !dp->cmds;
    *dp->cmd_tail = cmd;
    dp->cmd_tail = &cmd->next;
    done = dp->done;
    dp->done = NULL;
    pthread_mutex_unlock(&dp->mutex);
    /* The datapath takes the whole queue after reading the eventfd, so a
     * queue that was not empty is already due to be taken. */
    if (was_empty) {
        wake(dp->cmd_fd);
    }
    free_cmds(done);
}

int
datapath_event_fd(const struct datapath *dp)
{
    return dp->event_fd;
}

struct dp_event *
datapath_take_events(struct datapath *dp)
{
    struct dp_event *list;

    drain(dp->event_fd);
    pthread_mutex_lock(&dp->mutex);
    list = dp->events;
    dp->events = NULL;
    dp->event_tail = &dp->events;
    pthread_mutex_unlock(&dp->mutex);
    return list;
}

/* Datapath side: queues 'ev' for the control thread. */
void
dp_post(struct datapath *dp, struct dp_event *ev)
{
    ev->next = NULL;
    pthread_mutex_lock(&dp->mutex);
    *dp->event_tail = ev;
    dp->event_tail = &ev->next;
    pthread_mutex_unlock(&dp->mutex);
    wake(dp->event_fd);
}

struct dp_event *
dp_event_new(enum dp_event_type type, uint64_t conn_id)
{
    struct dp_event *ev = xzalloc(sizeof *ev);

    ev->type = type;
    ev->conn_id = conn_id;
    ofpbuf_init(&ev->bytes);
    return ev;
}

void
dp_post_msg(struct datapath *dp, uint64_t conn_id, const struct of_msg *msg)
{
    struct dp_event *ev = dp_event_new(DP_EV_REPLY, conn_id);

    if (msg->type == OFPT_MULTIPART_REPLY
        || msg->type == OFPT_MULTIPART_REQUEST) {
        of_mp_encode_split(msg, OFP_MAX_MSG_LEN, &ev->bytes);
    } else if (!of_msg_encode(msg, &ev->bytes)) {
        VLOG_ERR("reply of type %s too long to send",
                 of_msg_type_name(msg->type));
    }
    dp_post(dp, ev);
}

void
dp_post_async(struct datapath *dp, const struct of_msg *msg, uint8_t reason)
{
    struct dp_event *ev = dp_event_new(DP_EV_ASYNC, 0);

    ev->msg_type = msg->type;
    ev->reason = reason;
    of_msg_encode(msg, &ev->bytes);
    dp_post(dp, ev);
}

static struct dp_cmd *
take_cmds(struct datapath *dp)
{
    struct dp_cmd *list;

    drain(dp->cmd_fd);
    pthread_mutex_lock(&dp->mutex);
    list = dp->cmds;
    dp->cmds = NULL;
    dp->cmd_tail = &dp->cmds;
    pthread_mutex_unlock(&dp->mutex);
    return list;
}

/* ---- Ports ---- */

void
dp_port_status(struct datapath *dp, const struct dp_port *port,
               uint8_t reason)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_PORT_STATUS, 0);
    msg.u.port_status.reason = reason;
    port_describe(port, &msg.u.port_status.desc);
    dp_post_async(dp, &msg, reason);
    of_msg_uninit(&msg);
}

struct dp_port *
dp_add_port(struct datapath *dp, const char *name, const char *type,
            uint32_t ofport, char **errorp)
{
    struct dp_port *port = ports_add(&dp->ports, name, type, ofport,
                                     dp_time_msec(), errorp);

    if (port) {
        dp->ports_changed = true;
        dp_port_status(dp, port, OFPPR_ADD);
    }
    return port;
}

void
dp_del_port(struct datapath *dp, struct dp_port *port)
{
    struct of_port desc;
    struct of_msg msg;

    port_describe(port, &desc);
    ports_remove(&dp->ports, port);
    dp->ports_changed = true;

    of_msg_init(&msg, OFPT_PORT_STATUS, 0);
    msg.u.port_status.reason = OFPPR_DELETE;
    msg.u.port_status.desc = desc;
    dp_post_async(dp, &msg, OFPPR_DELETE);
    of_msg_uninit(&msg);
}

static void
refresh_links(struct datapath *dp)
{
    for (size_t i = 0; i < dp->ports.n; i++) {
        struct dp_port *port = dp->ports.ports[i];

        if (port_refresh_state(port)) {
            VLOG_INFO("port %u (%s): link %s", port->ofport, port->name,
                      port->state & OFPPS_LINK_DOWN ? "down" : "up");
            dp_port_status(dp, port, OFPPR_MODIFY);
        }
    }
}

/* ---- Packets ---- */

static void
env_output(void *dp_, const struct dp_packet *p, uint32_t out)
{
    struct datapath *dp = dp_;

    if (out == OFPP_FLOOD || out == OFPP_ALL) {
        /* 4.5: every standard port (LOCAL included) but the input port;
         * FLOOD also skips blocked ports. */
        for (size_t i = 0; i < dp->ports.n; i++) {
            struct dp_port *port = dp->ports.ports[i];

            if (port->ofport == p->in_port
                || (out == OFPP_FLOOD && port->state & OFPPS_BLOCKED)) {
                continue;
            }
            port_output(port, p);
        }
        return;
    }

    struct dp_port *port = ports_find(&dp->ports, out);

    if (port) {
        port_output(port, p);
    } else {
        dp->stats.output_no_port++;
    }
}

static void
env_packet_in(void *dp_, struct dp_packet *p, const struct flow *flow,
              uint8_t reason, uint8_t table_id, uint64_t cookie,
              uint16_t max_len)
{
    dp_packet_in(dp_, p, flow, reason, table_id, cookie, max_len);
}

void
dp_env_init(struct datapath *dp, struct pipeline_env *env)
{
    memset(env, 0, sizeof *env);
    env->aux = dp;
    if (dp->clock) {
        env->now = dp_time_msec();
        env->now_ns = dp->clock(dp->clock_aux);
    } else {
        /* One clock read for the whole batch. */
        env->now_ns = monotonic_nsec();
        env->now = env->now_ns / 1000000;
    }
    dp->now_ns = env->now_ns;
    env->output = env_output;
    env->packet_in = env_packet_in;
}

/* 5.6.1, 7.2.1: a bucket watching a port is live while the port is
 * (OFPPS_LIVE: link up, not administratively down).  Link changes reach
 * the port's state within a link poll (or at once through the netlink
 * monitor), and the group table asks at every packet, so traffic moves
 * with the next packet after that. */
bool
dp_port_live(void *dp_, uint32_t ofport)
{
    struct datapath *dp = dp_;
    const struct dp_port *port = ports_find(&dp->ports, ofport);

    return port && port->state & OFPPS_LIVE;
}

/* ---- Fail-standalone ---- */

void
dp_set_standalone(struct datapath *dp, bool on)
{
    if (on == dp->standalone) {
        return;
    }
    if (!dp->ml) {
        dp->ml = mac_learning_create(MAC_LEARNING_DEFAULT_MAX,
                                     MAC_LEARNING_DEFAULT_IDLE_MS);
    }
    /* What was learned before belongs to another time. */
    mac_learning_flush(dp->ml);
    dp->standalone = on;
    VLOG_WARN("dpid %016"PRIx64": %s", dp->dpid,
              on ? "no controller for the inactivity interval: forwarding "
                   "as a learning bridge (fail-mode standalone)"
                 : "a controller is back: OpenFlow forwarding resumes");
}

/* Forwards 'p' as a learning bridge would. */
static void
standalone_forward(struct datapath *dp, struct dp_port *in,
                   struct dp_packet *p, const struct flow *flow,
                   long long now)
{
    uint32_t out_no;

    switch (mac_learning_forward(dp->ml, flow, now, &out_no)) {
    case ML_OUTPUT: {
        struct dp_port *out = ports_find(&dp->ports, out_no);

        if (out) {
            port_output(out, p);
        }
        break;
    }
    case ML_FLOOD:
        for (size_t i = 0; i < dp->ports.n; i++) {
            struct dp_port *out = dp->ports.ports[i];

            if (out != in) {
                port_output(out, p);
            }
        }
        break;
    case ML_DROP:
        break;
    }
}

static void
receive_port(struct datapath *dp, struct dp_port *port,
             const struct pipeline_env *env, bool *busy)
{
    int n = netdev_recv(port->netdev, dp->rx_ptrs, NETDEV_BATCH);
    long long now = n && dp->standalone ? dp_time_msec() : 0;

    if (n == NETDEV_BATCH) {
        *busy = true;
    }
    for (int i = 0; i < n; i++) {
        struct dp_packet *p = dp->rx_ptrs[i];
        struct flow flow;

        /* 4.7: a port with NO_RECV (or down) drops what it receives. */
        if (port->config & (OFPPC_NO_RECV | OFPPC_PORT_DOWN)) {
            port->rx_dropped++;
            continue;
        }
        p->in_port = port->ofport;
        flow_extract(p, &flow);
        if (flow.ip_frag && dp->frag_drop) {
            /* OFPC_FRAG_DROP (7.3.2). */
            port->rx_dropped++;
            continue;
        }
        if (dp->standalone) {
            standalone_forward(dp, port, p, &flow, now);
            continue;
        }
        pipeline_process(dp->pipeline, p, &flow, env, NULL);
    }
}

static void
housekeeping(struct datapath *dp, long long now)
{
    struct flow_table_removed removed;

    flow_table_removed_init(&removed);
    for (unsigned int t = 0; t < pipeline_n_tables(dp->pipeline); t++) {
        flow_table_expire(pipeline_table(dp->pipeline, t), now, &removed);
    }
    dp_flows_removed(dp, &removed, now);
    flow_table_removed_destroy(&removed);

    pktbuf_expire(dp->pktbuf, now);
    if (now - dp->last_link_poll >= LINK_POLL_MS) {
        dp->last_link_poll = now;
        refresh_links(dp);
    }
}

static void *
datapath_main(void *dp_)
{
    struct datapath *dp = dp_;
    struct pollfd *fds = NULL;
    size_t n_fds_alloc = 0;
    long long next_housekeeping = dp_time_msec();
    bool busy = false;

    while (!__atomic_load_n(&dp->stop, __ATOMIC_ACQUIRE)) {
        struct pipeline_env env;
        size_t n_fds = 0, n_ports = dp->ports.n;
        long long now = dp_time_msec();
        int timeout;

        if (n_fds_alloc < n_ports + 2) {
            n_fds_alloc = n_ports + 2;
            fds = xrealloc(fds, n_fds_alloc * sizeof *fds);
        }
        fds[n_fds++] = (struct pollfd) { dp->cmd_fd, POLLIN, 0 };
        fds[n_fds++] = (struct pollfd) {
            dp->monitor ? netdev_monitor_get_fd(dp->monitor) : -1, POLLIN, 0
        };
        for (size_t i = 0; i < n_ports; i++) {
            fds[n_fds++] = (struct pollfd) {
                netdev_get_fd(dp->ports.ports[i]->netdev), POLLIN, 0
            };
        }
        timeout = busy ? 0 : (int) MAX(0, next_housekeeping - now);
        if (poll(fds, n_fds, timeout) < 0 && errno != EINTR) {
            VLOG_ERR("poll: %s", strerror(errno));
        }

        /* Packets.  'ports_changed' guards against a command below having
         * changed the port array while fds[] still describes the old one;
         * commands run after this loop, so it cannot happen here. */
        busy = false;
        dp_env_init(dp, &env);
        for (size_t i = 0; i < n_ports; i++) {
            if (fds[i + 2].revents & (POLLIN | POLLERR)) {
                receive_port(dp, dp->ports.ports[i], &env, &busy);
            }
        }
        ports_flush(&dp->ports);

        /* Commands. */
        if (fds[0].revents & POLLIN) {
            struct dp_cmd *cmds = take_cmds(dp), *last = NULL;

            for (struct dp_cmd *cmd = cmds; cmd; cmd = cmd->next) {
                dp_run_cmd(dp, cmd);
                last = cmd;
            }
            ports_flush(&dp->ports);
            if (last) {
                /* Back to the control thread, to be freed there. */
                pthread_mutex_lock(&dp->mutex);
                last->next = dp->done;
                dp->done = cmds;
                pthread_mutex_unlock(&dp->mutex);
            }
        }

        /* Links and timeouts. */
        if (dp->monitor && fds[1].revents & POLLIN
            && netdev_monitor_run(dp->monitor)) {
            refresh_links(dp);
        }
        now = dp_time_msec();
        if (now >= next_housekeeping) {
            housekeeping(dp, now);
            next_housekeeping = now + HOUSEKEEPING_MS;
        }
    }
    free(fds);
    return NULL;
}

/* ---- Create, run, destroy ---- */

struct datapath *
datapath_create(const struct dp_config *cfg, char **errorp)
{
    struct datapath *dp = xzalloc(sizeof *dp);
    struct group_table_config gcfg;
    struct meter_table_config mcfg;
    int error;

    *errorp = NULL;
    dp->dpid = cfg->dpid;
    dp->name = xstrdup(cfg->name ? cfg->name : "ofswitch");
    dp->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
    pthread_mutex_init(&dp->mutex, NULL);
    dp->cmd_tail = &dp->cmds;
    dp->event_tail = &dp->events;
    dp->cmd_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    dp->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (dp->cmd_fd < 0 || dp->event_fd < 0) {
        *errorp = xasprintf("eventfd: %s", strerror(errno));
        datapath_destroy(dp);
        return NULL;
    }
    ports_init(&dp->ports);
    group_table_config_default(&gcfg);
    if (cfg->max_groups) {
        for (int t = 0; t < 4; t++) {
            gcfg.max_groups[t] = cfg->max_groups;
        }
    }
    dp->groups = group_table_create(&gcfg, dp_port_live, dp);
    meter_table_config_default(&mcfg);
    if (cfg->max_meters) {
        mcfg.max_meters = cfg->max_meters;
    }
    dp->meters = meter_table_create(&mcfg);
    dp->pipeline = pipeline_create(cfg->n_tables, cfg->max_flows,
                                   dp->groups, dp->meters);
    dp->pktbuf = pktbuf_create(PKTBUF_DEFAULT_SLOTS);
    dp->rx_bufs = xmalloc((size_t) NETDEV_BATCH * NETDEV_BUF_SIZE);
    for (int i = 0; i < NETDEV_BATCH; i++) {
        packet_init(&dp->rx[i], dp->rx_bufs + (size_t) i * NETDEV_BUF_SIZE,
                    NETDEV_BUF_SIZE);
        dp->rx_ptrs[i] = &dp->rx[i];
    }
    dp->scratch_buf = xmalloc(NETDEV_BUF_SIZE);
    packet_init(&dp->scratch, dp->scratch_buf, NETDEV_BUF_SIZE);

    error = netdev_monitor_create(&dp->monitor);
    if (error) {
        VLOG_WARN("no link notifications (%s): polling links every %d ms",
                  strerror(error), LINK_POLL_MS);
    }
    if (cfg->local_port) {
        char *err = NULL;

        if (!ports_add(&dp->ports, dp->name, "tap", OFPP_LOCAL,
                       dp_time_msec(), &err)) {
            *errorp = xasprintf("LOCAL port: %s", err);
            free(err);
            datapath_destroy(dp);
            return NULL;
        }
    }
    for (size_t i = 0; i < cfg->n_ports; i++) {
        if (!ports_add(&dp->ports, cfg->ports[i].name, cfg->ports[i].type,
                       cfg->ports[i].ofport, dp_time_msec(), errorp)) {
            datapath_destroy(dp);
            return NULL;
        }
    }
    return dp;
}

void
datapath_set_clock(struct datapath *dp, long long (*now_ns)(void *aux),
                   void *aux)
{
    dp->clock = now_ns;
    dp->clock_aux = aux;
}

void
datapath_start(struct datapath *dp)
{
    int error = pthread_create(&dp->thread, NULL, datapath_main, dp);

    if (error) {
        of_abort("cannot start the datapath thread: %s", strerror(error));
    }
    dp->started = true;
}

void
datapath_destroy(struct datapath *dp)
{
    if (!dp) {
        return;
    }
    if (dp->started) {
        __atomic_store_n(&dp->stop, true, __ATOMIC_RELEASE);
        wake(dp->cmd_fd);
        pthread_join(dp->thread, NULL);
    }
    free_cmds(dp->cmds);
    free_cmds(dp->done);
    mac_learning_destroy(dp->ml);
    while (dp->events) {
        struct dp_event *next = dp->events->next;

        dp_event_free(dp->events);
        dp->events = next;
    }
    ports_destroy(&dp->ports);
    pipeline_destroy(dp->pipeline);
    group_table_destroy(dp->groups);
    meter_table_destroy(dp->meters);
    pktbuf_destroy(dp->pktbuf);
    netdev_monitor_destroy(dp->monitor);
    free(dp->rx_bufs);
    free(dp->scratch_buf);
    if (dp->cmd_fd >= 0) {
        close(dp->cmd_fd);
    }
    if (dp->event_fd >= 0) {
        close(dp->event_fd);
    }
    pthread_mutex_destroy(&dp->mutex);
    free(dp->name);
    free(dp);
}
