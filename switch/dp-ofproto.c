#include "switch/dp-ofproto.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofkit-ext.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/dp-private.h"
#include "switch/flow-compose.h"
#include "switch/flow.h"
#include "switch/packet-edit.h"
#include "switch/port-queues.h"
#include "switch/port-spec.h"

VLOG_DEFINE_THIS_MODULE(dp_ofproto);

/* The bytes of a PACKET_IN that are not frame: header, match with in_port,
 * metadata and tunnel_id, padding. */
#define PACKET_IN_OVERHEAD 128

/* ---- Asynchronous messages ---- */

void
dp_packet_in(struct datapath *dp, struct dp_packet *p,
             const struct flow *flow, uint8_t reason, uint8_t table_id,
             uint64_t cookie, uint16_t max_len)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 1);
    const struct dp_port *in = ports_find(&dp->ports, flow->in_port);
    struct of_packet_in *pi;
    struct of_msg msg;
    size_t len;

    if (!dp->n_async_conns) {
        dp->stats.packet_in_no_conn++;
        return;
    }
    /* 4.7: no packet-ins for what arrives on a NO_PACKET_IN port. */
    if (in && in->config & OFPPC_NO_PACKET_IN) {
        dp->stats.packet_in_no_pkt_in++;
        return;
    }
    /* 5.7: the virtual meter OFPM_CONTROLLER, if there is one, limits the
     * packets sent to the controllers.  A DSCP_REMARK band lets them
     * pass unchanged (the packet goes on through the pipeline). */
    if (meter_table_count(dp->meters)) {
        struct meter *m = meter_table_find(dp->meters, OFPM_CONTROLLER);
        uint8_t prec_level;

        if (m && meter_apply(m, dp->now_ns, 1, p->len, &prec_level)
                     == METER_DROP) {
            dp->stats.packet_in_metered++;
            return;
        }
    }
    if (max_len == PIPELINE_MISS_SEND_LEN) {
        /* 7.3.2: miss_send_len is for packet-ins no output action asked
         * for (here: invalid TTL). */
        max_len = dp->miss_send_len;
    }
    /* A controller gets a frame whose checksums are complete. */
    packet_csum_complete(p);

    of_msg_init(&msg, OFPT_PACKET_IN, 0);
    pi = &msg.u.packet_in;
    pi->reason = reason;
    pi->table_id = table_id;
    pi->cookie = cookie;
    pi->total_len = MIN(p->len, (uint32_t) UINT16_MAX);
    len = p->len;
    pi->buffer_id = OFP_NO_BUFFER;
    if (max_len != OFPCML_NO_BUFFER && p->len > max_len) {
        /* 7.4.1: with a buffer, send 'max_len' bytes; if no buffer is
         * free, the whole frame without one. */
        pi->buffer_id = pktbuf_save(dp->pktbuf, p, dp_time_msec());
        if (pi->buffer_id != OFP_NO_BUFFER) {
            len = max_len;
        }
    }
    if (len > OFP_MAX_MSG_LEN - PACKET_IN_OVERHEAD) {
        VLOG_WARN_RL(&rl, "%zu-byte frame cut for its packet-in", len);
        len = OFP_MAX_MSG_LEN - PACKET_IN_OVERHEAD;
    }
    pi->data = p->data;
    pi->len = len;
    /* 7.4.1: the match holds the pipeline fields: in_port always,
     * metadata and tunnel_id when set. */
    of_match_init(&pi->match);
    of_match_set_u32(&pi->match, OF_FIELD_IN_PORT, flow->in_port);
    if (flow->metadata) {
        of_match_set_u64(&pi->match, OF_FIELD_METADATA, flow->metadata);
    }
    if (flow->tunnel_id) {
        of_match_set_u64(&pi->match, OF_FIELD_TUNNEL_ID, flow->tunnel_id);
    }
    dp_post_async(dp, &msg, reason);
    of_msg_uninit(&msg);
}

void
dp_flows_removed(struct datapath *dp, struct flow_table_removed *removed,
                 long long now)
{
    for (size_t i = 0; i < removed->n; i++) {
        const struct flow_table_entry *e = removed->entries[i];
        struct of_msg msg;

        if (!(e->flags & OFPFF_SEND_FLOW_REM)) {
            continue;
        }
        of_msg_init(&msg, OFPT_FLOW_REMOVED, 0);
        flow_table_entry_removed(e, now, &msg.u.flow_removed);
        dp_post_async(dp, &msg, e->reason);
        of_msg_uninit(&msg);
    }
}

/* ---- Flow mods ---- */

/* The switch's checks of an action list (6.4) of a flow, a packet-out or,
 * with 'bucket', a group's bucket (7.3.4.2: checked as a flow's, but the
 * group table checks group actions there itself: loops come first). */
static enum ofperr
check_actions(const struct datapath *dp, const struct of_action *actions,
              size_t n, bool bucket)
{
    for (size_t i = 0; i < n; i++) {
        const struct of_action *a = &actions[i];

        switch (a->type) {
        case OFPAT_GROUP:
            /* 6.4: a group that does not exist is OFPBAC_BAD_OUT_GROUP. */
            if (!bucket && !group_table_find(dp->groups, a->group_id)) {
                return OFPERR_OFPBAC_BAD_OUT_GROUP;
            }
            break;
        case OFPAT_SET_FIELD:
            if (!pe_field_is_settable(a->set_field.field)) {
                return OFPERR_OFPBAC_BAD_SET_TYPE;
            }
            break;
        case OFPAT_OUTPUT:
            /* 4.5: NORMAL is optional; this switch is OpenFlow-only. */
            if (a->output.port == OFPP_NORMAL) {
                return OFPERR_OFPBAC_BAD_OUT_PORT;
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

/* What only the switch can check about a flow mod (the codec checked the
 * rest). */
static enum ofperr
check_flow_mod(const struct datapath *dp, const struct of_flow_mod *fm)
{
    uint8_t n_tables = pipeline_n_tables(dp->pipeline);

    if (fm->table_id != OFPTT_ALL && fm->table_id >= n_tables) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    if (fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT) {
        return 0;
    }
    for (size_t i = 0; i < fm->n_instructions; i++) {
        const struct of_instruction *inst = &fm->instructions[i];
        enum ofperr error;

        switch (inst->type) {
        case OFPIT_GOTO_TABLE:
            if (inst->table_id >= n_tables) {
                return OFPERR_OFPBIC_BAD_TABLE_ID;
            }
            break;
        case OFPIT_METER:
            /* 7.3.4.4, 7.2.4: a flow's meter is one of 1..OFPM_MAX (the
             * virtual meters are the switch's own, not a flow's); one that
             * does not exist is OFPMMFC_UNKNOWN_METER. */
            if (!inst->meter_id || inst->meter_id > OFPM_MAX) {
                return OFPERR_OFPMMFC_INVALID_METER;
            }
            if (!meter_table_find(dp->meters, inst->meter_id)) {
                return OFPERR_OFPMMFC_UNKNOWN_METER;
            }
            break;
        case OFPIT_APPLY_ACTIONS:
        case OFPIT_WRITE_ACTIONS:
            error = check_actions(dp, inst->actions.actions,
                                  inst->actions.n, false);
            if (error) {
                return error;
            }
            break;
        default:
            break;
        }
    }
    return of_instructions_check_match(&fm->match, fm->instructions,
                                       fm->n_instructions);
}

static void
run_buffered(struct datapath *dp, struct dp_packet *p)
{
    struct pipeline_env env;
    struct flow flow;

    dp_env_init(dp, &env);
    flow_extract(p, &flow);
    pipeline_process(dp->pipeline, p, &flow, &env, NULL);
    ports_flush(&dp->ports);
}

static enum ofperr
handle_flow_mod(struct datapath *dp, const struct of_flow_mod *fm)
{
    struct flow_table_removed removed;
    long long now = dp_time_msec();
    enum ofperr error = check_flow_mod(dp, fm);

    if (error) {
        return error;
    }
    flow_table_removed_init(&removed);
    if (fm->table_id == OFPTT_ALL) {
        for (unsigned int t = 0; t < pipeline_n_tables(dp->pipeline); t++) {
            error = flow_table_flow_mod(pipeline_table(dp->pipeline, t), fm,
                                        now, &removed);
            if (error) {
                break;
            }
        }
    } else {
        error = flow_table_flow_mod(pipeline_table(dp->pipeline,
                                                   fm->table_id),
                                    fm, now, &removed);
    }
    dp_flows_removed(dp, &removed, now);
    flow_table_removed_destroy(&removed);
    if (error) {
        return error;
    }

    /* 7.3.4.2: a buffered packet named by an add or modify goes through
     * the tables once the flow is in. */
    if (fm->buffer_id != OFP_NO_BUFFER
        && fm->command != OFPFC_DELETE && fm->command != OFPFC_DELETE_STRICT) {
        error = pktbuf_retrieve(dp->pktbuf, fm->buffer_id, &dp->scratch,
                                now);
        if (!error) {
            run_buffered(dp, &dp->scratch);
        }
    }
    return error;
}

/* ---- Group and meter mods ---- */

/* Whether 'id' is one of the 'n' ascending ids at 'ids'. */
static bool
id_in(uint32_t id, const uint32_t *ids, size_t n)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (ids[mid] < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && ids[lo] == id;
}

struct id_set {
    const uint32_t *ids;        /* Ascending. */
    size_t n;
};

static bool
uses_group(const struct flow_table_entry *e, void *set_)
{
    const struct id_set *set = set_;
    const struct flow_table_insts *insts = e->insts;
    size_t n = (size_t) insts->n_apply + insts->n_write;

    for (size_t i = 0; i < n; i++) {
        if (insts->actions[i].type == OFPAT_GROUP
            && id_in(insts->actions[i].group_id, set->ids, set->n)) {
            return true;
        }
    }
    return false;
}

static bool
uses_meter(const struct flow_table_entry *e, void *set_)
{
    const struct id_set *set = set_;

    return e->insts->has_meter && id_in(e->insts->meter_id, set->ids,
                                        set->n);
}

/* Removes, from every table, the flows for which 'pred' says yes with
 * 'reason', and sends FLOW_REMOVED for those that asked. */
static void
remove_flows(struct datapath *dp,
             bool (*pred)(const struct flow_table_entry *, void *),
             const uint32_t *ids, size_t n, uint8_t reason)
{
    struct id_set set = { ids, n };
    struct flow_table_removed removed;
    long long now = dp_time_msec();

    if (!n) {
        return;
    }
    flow_table_removed_init(&removed);
    for (unsigned int t = 0; t < pipeline_n_tables(dp->pipeline); t++) {
        flow_table_remove_if(pipeline_table(dp->pipeline, t), pred, &set,
                             reason, &removed);
    }
    dp_flows_removed(dp, &removed, now);
    flow_table_removed_destroy(&removed);
}

static enum ofperr
handle_group_mod(struct datapath *dp, const struct of_group_mod *gm)
{
    struct arena arena;
    uint32_t *deleted = NULL;
    size_t n_deleted = 0;
    enum ofperr error;

    /* 7.3.4.2: a bucket's actions are checked as a flow's. */
    if (gm->command == OFPGC_ADD || gm->command == OFPGC_MODIFY) {
        for (size_t i = 0; i < gm->n_buckets; i++) {
            error = check_actions(dp, gm->buckets[i].actions,
                                  gm->buckets[i].n_actions, true);
            if (error) {
                return error;
            }
        }
    }
    arena_init(&arena);
    error = group_table_group_mod(dp->groups, gm, dp_time_nsec(dp), &arena,
                                  &deleted, &n_deleted);
    if (!error) {
        /* 6.5: deleting a group deletes the flows that forward
         * to it, with reason OFPRR_GROUP_DELETE. */
        remove_flows(dp, uses_group, deleted, n_deleted,
                     OFPRR_GROUP_DELETE);
    }
    arena_destroy(&arena);
    return error;
}

static enum ofperr
handle_meter_mod(struct datapath *dp, const struct of_meter_mod *mm)
{
    struct arena arena;
    uint32_t *deleted = NULL;
    size_t n_deleted = 0;
    enum ofperr error;

    /* 7.3.4.4: the switch has no slow path of its own (one datapath
     * thread does everything), so OFPM_SLOWPATH is a meter it cannot
     * have; OFPM_CONTROLLER limits packet-ins (dp_packet_in()). */
    if (mm->meter_id == OFPM_SLOWPATH) {
        return OFPERR_OFPMMFC_INVALID_METER;
    }
    arena_init(&arena);
    error = meter_table_meter_mod(dp->meters, mm, dp_time_nsec(dp), &arena,
                                  &deleted, &n_deleted);
    if (!error) {
        /* 6.6: deleting a meter deletes the flows that use it.
         * OpenFlow 1.3 has no OFPRR_METER_DELETE (1.4 added it): their
         * FLOW_REMOVED says OFPRR_DELETE, as Open vSwitch's does. */
        remove_flows(dp, uses_meter, deleted, n_deleted, OFPRR_DELETE);
    }
    arena_destroy(&arena);
    return error;
}

/* ---- Other requests ---- */

static enum ofperr
handle_packet_out(struct datapath *dp, const struct of_packet_out *po)
{
    struct dp_packet *p = &dp->scratch;
    struct pipeline_env env;
    struct flow flow;
    enum ofperr error;

    error = check_actions(dp, po->actions, po->n_actions, false);
    if (error) {
        return error;
    }
    if (po->buffer_id != OFP_NO_BUFFER) {
        error = pktbuf_retrieve(dp->pktbuf, po->buffer_id, p,
                                dp_time_msec());
        if (error) {
            return error;
        }
    } else {
        if (!po->len) {
            return 0;
        }
        if (!packet_set_frame(p, po->data, po->len)) {
            return OFPERR_OFPBRC_BAD_PACKET;
        }
        memset(&p->offload, 0, sizeof p->offload);
    }
    p->in_port = po->in_port;
    flow_extract(p, &flow);
    dp_env_init(dp, &env);
    pipeline_execute(dp->pipeline, p, &flow, po->actions, po->n_actions,
                     &env, NULL);
    ports_flush(&dp->ports);
    return 0;
}

static enum ofperr
handle_port_mod(struct datapath *dp, const struct of_port_mod *pm)
{
    struct dp_port *port = ports_find(&dp->ports, pm->port_no);

    if (!port) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    /* 7.3.4.3: the hardware address must be the port's. */
    if (memcmp(pm->hw_addr, port->hw_addr, sizeof port->hw_addr)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    if (port_modify(port, pm->config, pm->mask)) {
        dp_port_status(dp, port, OFPPR_MODIFY);
    }
    return 0;
}

static void
reply_features(struct datapath *dp, uint64_t conn_id, uint32_t xid)
{
    struct of_msg msg;

    of_msg_init(&msg, OFPT_FEATURES_REPLY, xid);
    msg.u.features.datapath_id = dp->dpid;
    msg.u.features.n_buffers = PKTBUF_DEFAULT_SLOTS;
    msg.u.features.n_tables = pipeline_n_tables(dp->pipeline);
    msg.u.features.capabilities = (OFPC_FLOW_STATS | OFPC_TABLE_STATS
                                   | OFPC_PORT_STATS | OFPC_GROUP_STATS
                                   | OFPC_QUEUE_STATS);
    dp_post_msg(dp, conn_id, &msg);
    of_msg_uninit(&msg);
}

static enum ofperr
handle_set_config(struct datapath *dp, const struct of_switch_config *c)
{
    /* 7.3.2: reassembly is optional and this switch does not do it. */
    if ((c->flags & OFPC_FRAG_MASK) == OFPC_FRAG_REASM) {
        return OFPERR_OFPSCFC_BAD_FLAGS;
    }
    dp->config_flags = c->flags;
    dp->frag_drop = (c->flags & OFPC_FRAG_MASK) == OFPC_FRAG_DROP;
    dp->miss_send_len = c->miss_send_len;
    return 0;
}

/* ---- Multipart ---- */

static void
fill_desc(const struct datapath *dp, struct of_desc *d)
{
    snprintf(d->mfr_desc, sizeof d->mfr_desc, "ofkit");
    snprintf(d->hw_desc, sizeof d->hw_desc, "ofswitch userspace datapath");
    snprintf(d->sw_desc, sizeof d->sw_desc, "ofkit ofswitch 0.1");
    snprintf(d->serial_num, sizeof d->serial_num, "None");
    snprintf(d->dp_desc, sizeof d->dp_desc, "%s", dp->name);
}

static enum ofperr
check_stats_table(const struct datapath *dp, uint8_t table_id)
{
    return table_id == OFPTT_ALL || table_id < pipeline_n_tables(dp->pipeline)
           ? 0 : OFPERR_OFPBRC_BAD_TABLE_ID;
}

static enum ofperr
handle_multipart(struct datapath *dp, uint64_t conn_id,
                 const struct of_msg *req_msg)
{
    const struct of_mp_request *rq = &req_msg->u.mp_request;
    uint8_t n_tables = pipeline_n_tables(dp->pipeline);
    long long now = dp_time_msec();
    struct of_msg msg;
    struct of_mp_reply *rp;
    enum ofperr error = 0;

    of_msg_init(&msg, OFPT_MULTIPART_REPLY, req_msg->xid);
    rp = &msg.u.mp_reply;
    rp->type = rq->type;

    switch ((enum ofp_multipart_type) rq->type) {
    case OFPMP_DESC:
        fill_desc(dp, &rp->desc);
        break;

    case OFPMP_FLOW:
        error = check_stats_table(dp, rq->flow.table_id);
        for (unsigned int t = 0; !error && t < n_tables; t++) {
            if (rq->flow.table_id == OFPTT_ALL || rq->flow.table_id == t) {
                flow_table_flow_stats(pipeline_table(dp->pipeline, t),
                                      &rq->flow, now, &msg.arena,
                                      &rp->flow.stats, &rp->flow.n);
            }
        }
        break;

    case OFPMP_AGGREGATE:
        error = check_stats_table(dp, rq->aggregate.table_id);
        for (unsigned int t = 0; !error && t < n_tables; t++) {
            if (rq->aggregate.table_id == OFPTT_ALL
                || rq->aggregate.table_id == t) {
                flow_table_aggregate(pipeline_table(dp->pipeline, t),
                                     &rq->aggregate, &rp->aggregate);
            }
        }
        break;

    case OFPMP_TABLE:
        rp->table.n = n_tables;
        rp->table.stats = arena_alloc(&msg.arena,
                                      n_tables * sizeof *rp->table.stats);
        for (unsigned int t = 0; t < n_tables; t++) {
            struct of_table_stats *ts = &rp->table.stats[t];

            ts->table_id = t;
            ts->active_count = flow_table_count(pipeline_table(dp->pipeline,
                                                               t));
            pipeline_table_counts(dp->pipeline, t, &ts->lookup_count,
                                  &ts->matched_count);
        }
        break;

    case OFPMP_PORT_STATS:
        for (size_t i = 0; i < dp->ports.n; i++) {
            const struct dp_port *port = dp->ports.ports[i];

            if (rq->port_stats.port_no == OFPP_ANY
                || rq->port_stats.port_no == port->ofport) {
                struct of_port_stats *ps;

                ps = arena_push(&msg.arena, (void **) &rp->port_stats.stats,
                                &rp->port_stats.n, sizeof *ps);
                port_stats(port, now, ps);
            }
        }
        if (rq->port_stats.port_no != OFPP_ANY && !rp->port_stats.n) {
            error = OFPERR_OFPBRC_BAD_PORT;
        }
        break;

    case OFPMP_PORT_DESC:
        rp->port_desc.n = dp->ports.n;
        rp->port_desc.ports = arena_alloc(&msg.arena, dp->ports.n
                                          * sizeof *rp->port_desc.ports);
        for (size_t i = 0; i < dp->ports.n; i++) {
            port_describe(dp->ports.ports[i], &rp->port_desc.ports[i]);
        }
        break;

    case OFPMP_QUEUE:
        if (rq->queue.port_no == OFPP_ANY) {
            /* 7.3.5.8: every port's queue(s); a queue id that no port
             * has is an error. */
            bool found = rq->queue.queue_id == OFPQ_ALL;

            for (size_t i = 0; i < dp->ports.n; i++) {
                found |= !port_queues_stats(dp->ports.ports[i],
                                            rq->queue.queue_id, now,
                                            &msg.arena, &rp->queue.stats,
                                            &rp->queue.n);
            }
            if (!found) {
                error = OFPERR_OFPQOFC_BAD_QUEUE;
            }
        } else {
            const struct dp_port *port = ports_find(&dp->ports,
                                                    rq->queue.port_no);

            error = (!port ? OFPERR_OFPQOFC_BAD_PORT
                     : port_queues_stats(port, rq->queue.queue_id, now,
                                         &msg.arena, &rp->queue.stats,
                                         &rp->queue.n));
        }
        break;

    case OFPMP_TABLE_FEATURES:
        if (rq->table_features.n) {
            /* 7.3.5.5.1: a switch may refuse to change its tables. */
            error = OFPERR_OFPTFFC_EPERM;
            break;
        }
        rp->table_features.n = n_tables;
        rp->table_features.tables = arena_alloc(
            &msg.arena, n_tables * sizeof *rp->table_features.tables);
        for (unsigned int t = 0; t < n_tables; t++) {
            struct flow_table *ft = pipeline_table(dp->pipeline, t);

            of_table_features_default(&rp->table_features.tables[t], t,
                                      n_tables,
                                      flow_table_max_entries(ft),
                                      &msg.arena);
        }
        break;

    case OFPMP_GROUP:
        /* 7.3.5.9: one group or OFPG_ALL; a group that does not exist
         * gives an empty reply. */
        group_table_stats(dp->groups, rq->group.group_id, dp_time_nsec(dp),
                          &msg.arena, &rp->group.stats, &rp->group.n);
        break;

    case OFPMP_GROUP_DESC:
        group_table_desc(dp->groups, &msg.arena, &rp->group_desc.descs,
                         &rp->group_desc.n);
        break;

    case OFPMP_GROUP_FEATURES:
        group_table_features(dp->groups, &rp->group_features);
        break;

    case OFPMP_METER:
        /* 7.3.5.12: one meter or OFPM_ALL; a meter that does not exist
         * gives an empty reply. */
        meter_table_stats(dp->meters, rq->meter.meter_id, dp_time_nsec(dp),
                          &msg.arena, &rp->meter.stats, &rp->meter.n);
        break;

    case OFPMP_METER_CONFIG:
        meter_table_configs(dp->meters, rq->meter_config.meter_id,
                            &msg.arena, &rp->meter_config.configs,
                            &rp->meter_config.n);
        break;

    case OFPMP_METER_FEATURES:
        meter_table_features(dp->meters, &rp->meter_features);
        break;

    case OFPMP_EXPERIMENTER:
        error = OFPERR_OFPBRC_BAD_EXPERIMENTER;
        break;
    }
    if (!error) {
        dp_post_msg(dp, conn_id, &msg);
    }
    of_msg_uninit(&msg);
    return error;
}

/* ---- ofkit experimenter messages ---- */

static void
reply_ext(struct datapath *dp, uint64_t conn_id, uint32_t xid,
          uint32_t exp_type, enum ofkit_status status, const char *text)
{
    struct of_msg msg;
    size_t len = strlen(text);
    uint8_t *data = xmalloc(len + 1);

    data[0] = status;
    memcpy(data + 1, text, len);
    of_msg_init(&msg, OFPT_EXPERIMENTER, xid);
    msg.u.experimenter.exp.experimenter = OFKIT_EXPERIMENTER;
    msg.u.experimenter.exp.exp_type = exp_type | OFKIT_REPLY;
    msg.u.experimenter.exp.data = data;
    msg.u.experimenter.exp.len = len + 1;
    dp_post_msg(dp, conn_id, &msg);
    of_msg_uninit(&msg);
    free(data);
}

static char *
ext_add_port(struct datapath *dp, const char *arg, struct ds *out)
{
    struct port_spec spec;
    struct dp_port *port;
    char *error = port_spec_parse(arg, &spec);

    if (error) {
        return error;
    }
    if (!spec.name) {
        /* A tunnel port: the first free vxlanN. */
        for (unsigned int i = 0; !spec.name; i++) {
            char *name = xasprintf(PORT_SPEC_VXLAN_PREFIX "%u", i);

            if (ports_find_by_name(&dp->ports, name)) {
                free(name);
            } else {
                spec.name = name;
            }
        }
    }
    port = dp_add_port(dp, spec.name, spec.type, spec.ofport, &error);
    if (port) {
        ds_put_format(out, "added port %u: %s\n", port->ofport, port->name);
    }
    port_spec_uninit(&spec);
    return error;
}

static struct dp_port *
find_port_arg(const struct datapath *dp, const char *arg)
{
    struct dp_port *port = ports_find_by_name(&dp->ports, arg);
    uint64_t n;
    char *error;

    if (port) {
        return port;
    }
    error = of_parse_number(NULL, arg, UINT32_MAX, &n);
    if (error) {
        free(error);
        return NULL;
    }
    return ports_find(&dp->ports, n);
}

static char *
ext_del_port(struct datapath *dp, const char *arg, struct ds *out)
{
    struct dp_port *port = find_port_arg(dp, arg);

    if (!port) {
        return xasprintf("no port '%s'", arg);
    }
    if (port->ofport == OFPP_LOCAL) {
        return xasprintf("the LOCAL port '%s' cannot be removed", arg);
    }
    ds_put_format(out, "removed port %u: %s\n", port->ofport, port->name);
    dp_del_port(dp, port);
    return NULL;
}

static char *
ext_trace(struct datapath *dp, const char *arg, struct ds *out)
{
    struct dp_packet *p = &dp->scratch;
    struct pipeline_env env;
    struct flow flow;
    char *error;

    error = flow_compose_parse(arg, p);
    if (error) {
        return error;
    }
    flow_extract(p, &flow);
    ds_put_format(out, "packet: %"PRIu32" bytes in on port %"PRIu32"\n",
                  p->len, p->in_port);
    dp_env_init(dp, &env);
    pipeline_process(dp->pipeline, p, &flow, &env, out);
    return NULL;
}

static void
ext_show(const struct datapath *dp, struct ds *out)
{
    const struct pipeline_stats *ps = pipeline_get_stats(dp->pipeline);
    uint8_t n_tables = pipeline_n_tables(dp->pipeline);

    ds_put_format(out, "%s: dpid %016"PRIx64", %u tables, %zu ports\n",
                  dp->name, dp->dpid, n_tables, dp->ports.n);
    for (size_t i = 0; i < dp->ports.n; i++) {
        const struct dp_port *port = dp->ports.ports[i];

        ds_put_format(out, "  port ");
        of_port_no_format(port->ofport, out);
        ds_put_format(out, ": %s (%s)%s\n", port->name,
                      netdev_get_type(port->netdev),
                      port->state & OFPPS_LINK_DOWN ? " link down" : "");
    }
    for (unsigned int t = 0; t < n_tables; t++) {
        const struct flow_table *ft = pipeline_table(dp->pipeline, t);
        uint64_t lookups, matches;

        pipeline_table_counts(dp->pipeline, t, &lookups, &matches);
        if (flow_table_count(ft) || lookups) {
            ds_put_format(out, "  table %u: %zu flows, %"PRIu64" lookups, "
                          "%"PRIu64" matches\n", t, flow_table_count(ft),
                          lookups, matches);
        }
    }
    ds_put_format(out, "  groups: %zu, meters: %zu\n",
                  group_table_count(dp->groups),
                  meter_table_count(dp->meters));
    ds_put_format(out, "  buffered packets: %u\n", pktbuf_count(dp->pktbuf));
    ds_put_format(out, "  counters: output_no_port=%"PRIu64
                  " packet_in_no_conn=%"PRIu64" packet_in_no_pkt_in=%"PRIu64
                  " packet_in_metered=%"PRIu64" meter_drops=%"PRIu64
                  " group_missing=%"PRIu64" group_too_deep=%"PRIu64"\n",
                  dp->stats.output_no_port,
                  dp->stats.packet_in_no_conn,
                  dp->stats.packet_in_no_pkt_in,
                  dp->stats.packet_in_metered, ps->meter_drops,
                  ps->group_missing, ps->group_too_deep);
}

static enum ofperr
handle_experimenter(struct datapath *dp, uint64_t conn_id, uint32_t xid,
                    const struct of_experimenter *exp)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    char *arg, *error = NULL;

    if (exp->experimenter != OFKIT_EXPERIMENTER) {
        return OFPERR_OFPBRC_BAD_EXPERIMENTER;
    }
    arg = xmemdup(exp->data, exp->len + 1);
    arg[exp->len] = '\0';
    switch (exp->exp_type) {
    case OFKIT_ADD_PORT:
        error = ext_add_port(dp, arg, &out);
        break;
    case OFKIT_DEL_PORT:
        error = ext_del_port(dp, arg, &out);
        break;
    case OFKIT_TRACE:
        error = ext_trace(dp, arg, &out);
        break;
    case OFKIT_SHOW:
        ext_show(dp, &out);
        break;
    case OFKIT_SET_QUEUES:
        error = port_queues_command(&dp->ports, arg, dp_time_msec(), &out);
        break;
    default:
        free(arg);
        return OFPERR_OFPBRC_BAD_EXP_TYPE;
    }
    free(arg);
    if (error) {
        reply_ext(dp, conn_id, xid, exp->exp_type, OFKIT_FAILED, error);
        free(error);
    } else {
        reply_ext(dp, conn_id, xid, exp->exp_type, OFKIT_OK, ds_cstr(&out));
    }
    ds_destroy(&out);
    return 0;
}

/* ---- Dispatch ---- */

static enum ofperr
handle_openflow(struct datapath *dp, uint64_t conn_id,
                const struct of_msg *m)
{
    struct of_msg reply;

    switch ((enum ofp_type) m->type) {
    case OFPT_FEATURES_REQUEST:
        reply_features(dp, conn_id, m->xid);
        return 0;

    case OFPT_GET_CONFIG_REQUEST:
        of_msg_init(&reply, OFPT_GET_CONFIG_REPLY, m->xid);
        reply.u.config.flags = dp->config_flags;
        reply.u.config.miss_send_len = dp->miss_send_len;
        dp_post_msg(dp, conn_id, &reply);
        of_msg_uninit(&reply);
        return 0;

    case OFPT_SET_CONFIG:
        return handle_set_config(dp, &m->u.config);

    case OFPT_BARRIER_REQUEST:
        /* Everything queued before it has run: commands run in order. */
        of_msg_init(&reply, OFPT_BARRIER_REPLY, m->xid);
        dp_post_msg(dp, conn_id, &reply);
        of_msg_uninit(&reply);
        return 0;

    case OFPT_FLOW_MOD:
        return handle_flow_mod(dp, &m->u.flow_mod);

    case OFPT_PACKET_OUT:
        return handle_packet_out(dp, &m->u.packet_out);

    case OFPT_PORT_MOD:
        return handle_port_mod(dp, &m->u.port_mod);

    case OFPT_TABLE_MOD:
        /* 7.3.3: the config bits are deprecated in 1.3; only the table id
         * is checked. */
        if (m->u.table_mod.table_id != OFPTT_ALL
            && m->u.table_mod.table_id >= pipeline_n_tables(dp->pipeline)) {
            return OFPERR_OFPTMFC_BAD_TABLE;
        }
        return 0;

    case OFPT_GROUP_MOD:
        return handle_group_mod(dp, &m->u.group_mod);

    case OFPT_METER_MOD:
        return handle_meter_mod(dp, &m->u.meter_mod);

    case OFPT_MULTIPART_REQUEST:
        return handle_multipart(dp, conn_id, m);

    case OFPT_QUEUE_GET_CONFIG_REQUEST:
        if (m->u.queue_get_config_request.port != OFPP_ANY
            && !ports_find(&dp->ports, m->u.queue_get_config_request.port)) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
        of_msg_init(&reply, OFPT_QUEUE_GET_CONFIG_REPLY, m->xid);
        reply.u.queue_get_config_reply.port
            = m->u.queue_get_config_request.port;
        for (size_t i = 0; i < dp->ports.n; i++) {
            const struct dp_port *port = dp->ports.ports[i];

            if (m->u.queue_get_config_request.port == OFPP_ANY
                || m->u.queue_get_config_request.port == port->ofport) {
                port_queues_config(port, &reply.arena,
                                   &reply.u.queue_get_config_reply.queues,
                                   &reply.u.queue_get_config_reply.n);
            }
        }
        dp_post_msg(dp, conn_id, &reply);
        of_msg_uninit(&reply);
        return 0;

    case OFPT_EXPERIMENTER:
        return handle_experimenter(dp, conn_id, m->xid,
                                   &m->u.experimenter.exp);

    case OFPT_HELLO:
    case OFPT_ERROR:
    case OFPT_ECHO_REQUEST:
    case OFPT_ECHO_REPLY:
    case OFPT_FEATURES_REPLY:
    case OFPT_GET_CONFIG_REPLY:
    case OFPT_PACKET_IN:
    case OFPT_FLOW_REMOVED:
    case OFPT_PORT_STATUS:
    case OFPT_MULTIPART_REPLY:
    case OFPT_BARRIER_REPLY:
    case OFPT_QUEUE_GET_CONFIG_REPLY:
    case OFPT_ROLE_REQUEST:
    case OFPT_ROLE_REPLY:
    case OFPT_GET_ASYNC_REQUEST:
    case OFPT_GET_ASYNC_REPLY:
    case OFPT_SET_ASYNC:
        /* The agent keeps these. */
        break;
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
dp_run_cmd(struct datapath *dp, struct dp_cmd *cmd)
{
    enum ofperr error;

    switch (cmd->type) {
    case DP_CMD_CONNS:
        dp->n_async_conns = cmd->n_async_conns;
        return;
    case DP_CMD_STANDALONE:
        dp_set_standalone(dp, cmd->standalone);
        return;
    case DP_CMD_OPENFLOW:
        error = handle_openflow(dp, cmd->conn_id, &cmd->msg);
        if (error) {
            struct dp_event *ev = dp_event_new(DP_EV_ERROR, cmd->conn_id);

            ev->error = error;
            ofpbuf_put(&ev->bytes, cmd->msg.raw, cmd->msg.raw_len);
            dp_post(dp, ev);
        }
        return;
    }
}
