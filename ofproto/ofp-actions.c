#include "ofproto/ofp-actions.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* ---- Ports ---- */

static const struct {
    uint32_t port;
    const char *name;
} reserved_ports[] = {
    { OFPP_IN_PORT, "IN_PORT" },
    { OFPP_TABLE, "TABLE" },
    { OFPP_NORMAL, "NORMAL" },
    { OFPP_FLOOD, "FLOOD" },
    { OFPP_ALL, "ALL" },
    { OFPP_CONTROLLER, "CONTROLLER" },
    { OFPP_LOCAL, "LOCAL" },
    { OFPP_ANY, "ANY" },
};

static const char *
reserved_port_name(uint32_t port)
{
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (reserved_ports[i].port == port) {
            return reserved_ports[i].name;
        }
    }
    return NULL;
}

void
of_port_no_format(uint32_t port, struct ds *s)
{
    const char *name = reserved_port_name(port);

    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "%u", port);
    }
}

char *
of_port_no_parse(const char *s, uint32_t *port)
{
    uint64_t x;
    char *error;

    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(s, reserved_ports[i].name)) {
            *port = reserved_ports[i].port;
            return NULL;
        }
    }
    error = of_parse_number(NULL, s, UINT32_MAX, &x);
    if (error) {
        free(error);
        return xasprintf("'%s' is not a port number or name", s);
    }
    *port = x;
    return NULL;
}

/* ---- Action types ---- */

static const struct {
    uint16_t type;
    const char *name;
} action_names[] = {
    { OFPAT_OUTPUT, "OFPAT_OUTPUT" },
    { OFPAT_COPY_TTL_OUT, "OFPAT_COPY_TTL_OUT" },
    { OFPAT_COPY_TTL_IN, "OFPAT_COPY_TTL_IN" },
    { OFPAT_SET_MPLS_TTL, "OFPAT_SET_MPLS_TTL" },
    { OFPAT_DEC_MPLS_TTL, "OFPAT_DEC_MPLS_TTL" },
    { OFPAT_PUSH_VLAN, "OFPAT_PUSH_VLAN" },
    { OFPAT_POP_VLAN, "OFPAT_POP_VLAN" },
    { OFPAT_PUSH_MPLS, "OFPAT_PUSH_MPLS" },
    { OFPAT_POP_MPLS, "OFPAT_POP_MPLS" },
    { OFPAT_SET_QUEUE, "OFPAT_SET_QUEUE" },
    { OFPAT_GROUP, "OFPAT_GROUP" },
    { OFPAT_SET_NW_TTL, "OFPAT_SET_NW_TTL" },
    { OFPAT_DEC_NW_TTL, "OFPAT_DEC_NW_TTL" },
    { OFPAT_SET_FIELD, "OFPAT_SET_FIELD" },
    { OFPAT_PUSH_PBB, "OFPAT_PUSH_PBB" },
    { OFPAT_POP_PBB, "OFPAT_POP_PBB" },
    { OFPAT_EXPERIMENTER, "OFPAT_EXPERIMENTER" },
};

const char *
of_action_type_name(uint16_t type)
{
    for (size_t i = 0; i < ARRAY_SIZE(action_names); i++) {
        if (action_names[i].type == type) {
            return action_names[i].name;
        }
    }
    return NULL;
}

/* ---- Decoding actions ---- */

/* Whether 'port' may be the port of an output action (7.2.5, 4.5). */
static bool
output_port_ok(uint32_t port, enum of_action_context ctx)
{
    if (ctx == OF_ACTX_REPORT) {
        return true;
    }
    if (port == 0 || port == OFPP_ANY) {
        return false;
    }
    if (port < OFPP_MAX || port == OFPP_MAX) {
        return true;
    }
    if (port == OFPP_TABLE) {
        /* 4.5: OFPP_TABLE "can only be used as an output port in the
         * action list of a packet-out message". */
        return ctx == OF_ACTX_PACKET_OUT;
    }
    return reserved_port_name(port) != NULL;
}

/* 7.2.5: in_port, in_phy_port and metadata are not header fields and
 * cannot be set. */
static bool
field_is_settable(enum of_field field)
{
    return field != OF_FIELD_IN_PORT && field != OF_FIELD_IN_PHY_PORT
           && field != OF_FIELD_METADATA;
}

static enum ofperr
decode_set_field(struct ofpbuf_rd *rd, struct of_oxm *oxm)
{
    uint32_t header;
    size_t oxm_len, need;
    enum ofperr error;
    enum of_field field;

    /* 'rd' holds the action after its 4-byte type and length. */
    if (!ofpbuf_rd_peek(rd, 4)) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    header = ofp_get_be32(ofpbuf_rd_peek(rd, 4));
    oxm_len = 4 + OXM_LENGTH(header);
    /* 7.2.5: the action is padded to a multiple of 8 bytes. */
    need = ROUND_UP(4 + oxm_len, 8) - 4;
    if (ofpbuf_rd_left(rd) != need) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    field = of_field_from_oxm(OXM_CLASS(header), OXM_FIELD(header));
    if (field == OF_N_FIELDS) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (!field_is_settable(field)) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (OXM_HASMASK(header)) {
        /* OpenFlow 1.3 set-field carries no mask. */
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    error = of_oxm_decode(rd, oxm);
    switch (error) {
    case 0:
        break;
    case OFPERR_OFPBMC_BAD_LEN:
        return OFPERR_OFPBAC_BAD_SET_LEN;
    case OFPERR_OFPBMC_BAD_FIELD:
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    default:
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    /* The padding. */
    ofpbuf_rd_skip(rd, ofpbuf_rd_left(rd));
    return 0;
}

/* The checks of an action's values, shared by the decoder and the text
 * parser so that text can never build what the decoder refuses.  What a
 * switch reports is not checked. */
static enum ofperr
check_action_values(const struct of_action *a, enum of_action_context ctx)
{
    if (ctx == OF_ACTX_REPORT) {
        return 0;
    }
    switch (a->type) {
    case OFPAT_OUTPUT:
        return output_port_ok(a->output.port, ctx)
               ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT;
    case OFPAT_PUSH_VLAN:
        /* 7.2.5: the ethertypes each push may use. */
        return a->ethertype == 0x8100 || a->ethertype == 0x88a8
               ? 0 : OFPERR_OFPBAC_BAD_ARGUMENT;
    case OFPAT_PUSH_MPLS:
        return a->ethertype == 0x8847 || a->ethertype == 0x8848
               ? 0 : OFPERR_OFPBAC_BAD_ARGUMENT;
    case OFPAT_PUSH_PBB:
        return a->ethertype == 0x88e7 ? 0 : OFPERR_OFPBAC_BAD_ARGUMENT;
    case OFPAT_GROUP:
        return a->group_id <= OFPG_MAX ? 0 : OFPERR_OFPBAC_BAD_OUT_GROUP;
    default:
        return 0;
    }
}

/* Decodes one action whose bytes (header included) are in 'rd'. */
static enum ofperr
decode_action(struct ofpbuf_rd *rd, uint16_t type, struct of_action *a)
{
    size_t len = ofpbuf_rd_left(rd);
    const struct ofp_action_output *out;
    const struct ofp_action_push *push;
    const struct ofp_action_experimenter_header *exp;

    memset(a, 0, sizeof *a);
    a->type = type;
    switch (type) {
    case OFPAT_OUTPUT:
        out = ofpbuf_rd_pull(rd, sizeof *out);
        if (!out || len != sizeof *out) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a->output.port = be32toh(out->port);
        a->output.max_len = be16toh(out->max_len);
        return 0;

    case OFPAT_COPY_TTL_OUT:
    case OFPAT_COPY_TTL_IN:
    case OFPAT_DEC_MPLS_TTL:
    case OFPAT_POP_VLAN:
    case OFPAT_DEC_NW_TTL:
    case OFPAT_POP_PBB:
        if (len != sizeof(struct ofp_action_header)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        ofpbuf_rd_skip(rd, len);
        return 0;

    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
        if (len != sizeof(struct ofp_action_nw_ttl)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a->ttl = ((const struct ofp_action_nw_ttl *)
                  ofpbuf_rd_pull(rd, len))->nw_ttl;
        return 0;

    case OFPAT_PUSH_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_PUSH_PBB:
    case OFPAT_POP_MPLS:
        if (len != sizeof *push) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        push = ofpbuf_rd_pull(rd, sizeof *push);
        a->ethertype = be16toh(push->ethertype);
        return 0;

    case OFPAT_SET_QUEUE:
        if (len != sizeof(struct ofp_action_set_queue)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a->queue_id = be32toh(((const struct ofp_action_set_queue *)
                               ofpbuf_rd_pull(rd, len))->queue_id);
        return 0;

    case OFPAT_GROUP:
        if (len != sizeof(struct ofp_action_group)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a->group_id = be32toh(((const struct ofp_action_group *)
                               ofpbuf_rd_pull(rd, len))->group_id);
        return 0;

    case OFPAT_SET_FIELD:
        ofpbuf_rd_skip(rd, sizeof(struct ofp_action_set_field));
        return decode_set_field(rd, &a->set_field);

    case OFPAT_EXPERIMENTER:
        exp = ofpbuf_rd_pull(rd, sizeof *exp);
        if (!exp) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a->experimenter.experimenter = be32toh(exp->experimenter);
        a->experimenter.len = ofpbuf_rd_left(rd);
        a->experimenter.data = ofpbuf_rd_pull(rd, a->experimenter.len);
        return 0;

    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
}

enum ofperr
of_actions_decode(struct ofpbuf_rd *rd, size_t len,
                  enum of_action_context ctx, struct arena *arena,
                  struct of_action **actionsp, size_t *np)
{
    struct ofpbuf_rd list;

    *actionsp = NULL;
    *np = 0;
    if (!ofpbuf_rd_sub(rd, len, &list)) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    while (ofpbuf_rd_left(&list)) {
        uint16_t type, alen;
        struct ofpbuf_rd one;
        struct of_action *a;
        enum ofperr error;

        /* 7.2.5: every action is at least 8 bytes and a multiple of 8. */
        if (ofpbuf_rd_left(&list) < sizeof(struct ofp_action_header)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        type = ofp_get_be16(list.p);
        alen = ofp_get_be16(list.p + 2);
        if (alen < sizeof(struct ofp_action_header) || alen % 8
            || !ofpbuf_rd_sub(&list, alen, &one)) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        a = arena_push(arena, (void **) actionsp, np, sizeof *a);
        error = decode_action(&one, type, a);
        if (!error) {
            error = check_action_values(a, ctx);
        }
        if (error) {
            return error;
        }
    }
    return 0;
}

/* ---- Encoding actions ---- */

static void
encode_action(const struct of_action *a, struct ofpbuf *out)
{
    size_t start = out->size;

    ofpbuf_put_be16(out, a->type);
    ofpbuf_put_be16(out, 0);            /* Length, set below. */
    switch (a->type) {
    case OFPAT_OUTPUT:
        ofpbuf_put_be32(out, a->output.port);
        ofpbuf_put_be16(out, a->output.max_len);
        ofpbuf_put_zeros(out, 6);
        break;
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_SET_NW_TTL:
        ofpbuf_put_u8(out, a->ttl);
        ofpbuf_put_zeros(out, 3);
        break;
    case OFPAT_PUSH_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_PUSH_PBB:
    case OFPAT_POP_MPLS:
        ofpbuf_put_be16(out, a->ethertype);
        ofpbuf_put_zeros(out, 2);
        break;
    case OFPAT_SET_QUEUE:
        ofpbuf_put_be32(out, a->queue_id);
        break;
    case OFPAT_GROUP:
        ofpbuf_put_be32(out, a->group_id);
        break;
    case OFPAT_SET_FIELD: {
        struct of_oxm oxm = a->set_field;

        oxm.has_mask = false;
        of_oxm_encode(&oxm, out);
        break;
    }
    case OFPAT_EXPERIMENTER:
        ofpbuf_put_be32(out, a->experimenter.experimenter);
        ofpbuf_put(out, a->experimenter.data, a->experimenter.len);
        break;
    default:
        /* COPY_TTL_OUT/IN, DEC_MPLS_TTL, POP_VLAN, DEC_NW_TTL, POP_PBB. */
        ofpbuf_put_zeros(out, 4);
        break;
    }
    ofpbuf_pad(out, start, 8);
    ofpbuf_set_be16(out, start + 2, out->size - start);
}

size_t
of_actions_encode(const struct of_action *actions, size_t n,
                  struct ofpbuf *out)
{
    size_t start = out->size;

    for (size_t i = 0; i < n; i++) {
        encode_action(&actions[i], out);
    }
    return out->size - start;
}

/* ---- Formatting actions ---- */

static void
format_action(const struct of_action *a, struct ds *s)
{
    switch (a->type) {
    case OFPAT_OUTPUT:
        if (a->output.port == OFPP_CONTROLLER) {
            ds_put_format(s, "CONTROLLER:%u", a->output.max_len);
        } else if (reserved_port_name(a->output.port)) {
            of_port_no_format(a->output.port, s);
        } else {
            ds_put_format(s, "output:%u", a->output.port);
        }
        return;
    case OFPAT_COPY_TTL_OUT:
        ds_put_cstr(s, "copy_ttl_out");
        return;
    case OFPAT_COPY_TTL_IN:
        ds_put_cstr(s, "copy_ttl_in");
        return;
    case OFPAT_SET_MPLS_TTL:
        ds_put_format(s, "set_mpls_ttl:%u", a->ttl);
        return;
    case OFPAT_DEC_MPLS_TTL:
        ds_put_cstr(s, "dec_mpls_ttl");
        return;
    case OFPAT_PUSH_VLAN:
        ds_put_format(s, "push_vlan:0x%04x", a->ethertype);
        return;
    case OFPAT_POP_VLAN:
        ds_put_cstr(s, "pop_vlan");
        return;
    case OFPAT_PUSH_MPLS:
        ds_put_format(s, "push_mpls:0x%04x", a->ethertype);
        return;
    case OFPAT_POP_MPLS:
        ds_put_format(s, "pop_mpls:0x%04x", a->ethertype);
        return;
    case OFPAT_SET_QUEUE:
        ds_put_format(s, "set_queue:%u", a->queue_id);
        return;
    case OFPAT_GROUP:
        ds_put_format(s, "group:%u", a->group_id);
        return;
    case OFPAT_SET_NW_TTL:
        ds_put_format(s, "mod_nw_ttl:%u", a->ttl);
        return;
    case OFPAT_DEC_NW_TTL:
        ds_put_cstr(s, "dec_ttl");
        return;
    case OFPAT_SET_FIELD:
        ds_put_cstr(s, "set_field:");
        of_value_format(a->set_field.field, &a->set_field.value, NULL, s);
        ds_put_format(s, "->%s", of_field_info(a->set_field.field)->name);
        return;
    case OFPAT_PUSH_PBB:
        ds_put_format(s, "push_pbb:0x%04x", a->ethertype);
        return;
    case OFPAT_POP_PBB:
        ds_put_cstr(s, "pop_pbb");
        return;
    case OFPAT_EXPERIMENTER:
        ds_put_format(s, "experimenter(0x%08x", a->experimenter.experimenter);
        if (a->experimenter.len) {
            ds_put_char(s, ',');
            ds_put_hex(s, a->experimenter.data, a->experimenter.len);
        }
        ds_put_char(s, ')');
        return;
    default:
        ds_put_format(s, "unknown_action(%u)", a->type);
        return;
    }
}

void
of_actions_format(const struct of_action *actions, size_t n, struct ds *s)
{
    if (!n) {
        ds_put_cstr(s, "drop");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i) {
            ds_put_char(s, ',');
        }
        format_action(&actions[i], s);
    }
}

/* ---- Instructions ---- */

enum ofperr
of_instructions_decode(struct ofpbuf_rd *rd, size_t len,
                       enum of_action_context ctx, struct arena *arena,
                       struct of_instruction **instsp, size_t *np)
{
    struct ofpbuf_rd list;
    uint32_t seen = 0;

    *instsp = NULL;
    *np = 0;
    if (!ofpbuf_rd_sub(rd, len, &list)) {
        return OFPERR_OFPBIC_BAD_LEN;
    }
    while (ofpbuf_rd_left(&list)) {
        uint16_t type, ilen;
        struct ofpbuf_rd one;
        struct of_instruction *inst;
        enum ofperr error;
        int bit;

        if (ofpbuf_rd_left(&list) < sizeof(struct ofp_instruction)) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        type = ofp_get_be16(list.p);
        ilen = ofp_get_be16(list.p + 2);
        if (ilen < 8 || ilen % 8 || !ofpbuf_rd_sub(&list, ilen, &one)) {
            return OFPERR_OFPBIC_BAD_LEN;
        }

        switch (type) {
        case OFPIT_GOTO_TABLE:
        case OFPIT_WRITE_METADATA:
        case OFPIT_WRITE_ACTIONS:
        case OFPIT_APPLY_ACTIONS:
        case OFPIT_CLEAR_ACTIONS:
        case OFPIT_METER:
            bit = type;
            break;
        case OFPIT_EXPERIMENTER:
            bit = 0;
            break;
        default:
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        /* 7.2.4: at most one instruction of each type. */
        if (bit && (seen & (1u << bit))) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        seen |= 1u << bit;

        inst = arena_push(arena, (void **) instsp, np, sizeof *inst);
        inst->type = type;
        switch (type) {
        case OFPIT_GOTO_TABLE: {
            const struct ofp_instruction_goto_table *g;

            g = ofpbuf_rd_pull(&one, sizeof *g);
            if (!g || ofpbuf_rd_left(&one)) {
                return OFPERR_OFPBIC_BAD_LEN;
            }
            inst->table_id = g->table_id;
            if (inst->table_id == OFPTT_ALL) {
                return OFPERR_OFPBIC_BAD_TABLE_ID;
            }
            break;
        }
        case OFPIT_WRITE_METADATA: {
            const struct ofp_instruction_write_metadata *wm;

            wm = ofpbuf_rd_pull(&one, sizeof *wm);
            if (!wm || ofpbuf_rd_left(&one)) {
                return OFPERR_OFPBIC_BAD_LEN;
            }
            inst->write_metadata.metadata = be64toh(wm->metadata);
            inst->write_metadata.mask = be64toh(wm->metadata_mask);
            break;
        }
        case OFPIT_WRITE_ACTIONS:
        case OFPIT_APPLY_ACTIONS:
            ofpbuf_rd_skip(&one, sizeof(struct ofp_instruction_actions));
            error = of_actions_decode(&one, ofpbuf_rd_left(&one), ctx,
                                      arena,
                                      &inst->actions.actions,
                                      &inst->actions.n);
            if (error) {
                return error;
            }
            break;
        case OFPIT_CLEAR_ACTIONS:
            if (ilen != sizeof(struct ofp_instruction_actions)) {
                return OFPERR_OFPBIC_BAD_LEN;
            }
            ofpbuf_rd_skip(&one, ilen);
            break;
        case OFPIT_METER: {
            const struct ofp_instruction_meter *m;

            m = ofpbuf_rd_pull(&one, sizeof *m);
            if (!m || ofpbuf_rd_left(&one)) {
                return OFPERR_OFPBIC_BAD_LEN;
            }
            inst->meter_id = be32toh(m->meter_id);
            break;
        }
        case OFPIT_EXPERIMENTER: {
            const struct ofp_instruction_experimenter *e;

            e = ofpbuf_rd_pull(&one, sizeof *e);
            inst->experimenter.experimenter = be32toh(e->experimenter);
            inst->experimenter.len = ofpbuf_rd_left(&one);
            inst->experimenter.data = ofpbuf_rd_pull(&one,
                                                     inst->experimenter.len);
            break;
        }
        }
    }
    return 0;
}

size_t
of_instructions_encode(const struct of_instruction *insts, size_t n,
                       struct ofpbuf *out)
{
    size_t all = out->size;

    for (size_t i = 0; i < n; i++) {
        const struct of_instruction *inst = &insts[i];
        size_t start = out->size;

        ofpbuf_put_be16(out, inst->type);
        ofpbuf_put_be16(out, 0);
        switch (inst->type) {
        case OFPIT_GOTO_TABLE:
            ofpbuf_put_u8(out, inst->table_id);
            ofpbuf_put_zeros(out, 3);
            break;
        case OFPIT_WRITE_METADATA:
            ofpbuf_put_zeros(out, 4);
            ofpbuf_put_be64(out, inst->write_metadata.metadata);
            ofpbuf_put_be64(out, inst->write_metadata.mask);
            break;
        case OFPIT_WRITE_ACTIONS:
        case OFPIT_APPLY_ACTIONS:
            ofpbuf_put_zeros(out, 4);
            of_actions_encode(inst->actions.actions, inst->actions.n, out);
            break;
        case OFPIT_METER:
            ofpbuf_put_be32(out, inst->meter_id);
            break;
        case OFPIT_EXPERIMENTER:
            ofpbuf_put_be32(out, inst->experimenter.experimenter);
            ofpbuf_put(out, inst->experimenter.data, inst->experimenter.len);
            break;
        case OFPIT_CLEAR_ACTIONS:
        default:
            ofpbuf_put_zeros(out, 4);
            break;
        }
        ofpbuf_pad(out, start, 8);
        ofpbuf_set_be16(out, start + 2, out->size - start);
    }
    return out->size - all;
}

const struct of_instruction *
of_instructions_find(const struct of_instruction *insts, size_t n,
                     uint16_t type)
{
    for (size_t i = 0; i < n; i++) {
        if (insts[i].type == type) {
            return &insts[i];
        }
    }
    return NULL;
}

/* ---- Actions against the match ---- */

/* Changes 'state', what is known of the packet, as action 'a' changes the
 * packet.  A field the action makes unknown leaves 'state'. */
static void
track_action(struct of_match *state, const struct of_action *a)
{
    switch (a->type) {
    case OFPAT_PUSH_VLAN: {
        union of_value vid = { .u16 = OFPVID_PRESENT };

        of_match_set(state, OF_FIELD_VLAN_VID, &vid, &vid);
        break;
    }
    case OFPAT_POP_VLAN:
        /* The outer tag goes; whether another follows is unknown, so the
         * VLAN fields stay settable only if the match matched two tags,
         * which OpenFlow 1.3 cannot say: treat them as gone. */
        of_match_remove(state, OF_FIELD_VLAN_VID);
        of_match_remove(state, OF_FIELD_VLAN_PCP);
        break;
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
        of_match_set_u16(state, OF_FIELD_ETH_TYPE, a->ethertype);
        of_match_remove(state, OF_FIELD_IP_PROTO);
        of_match_remove(state, OF_FIELD_ICMPV6_TYPE);
        break;
    case OFPAT_PUSH_PBB:
        of_match_set_u16(state, OF_FIELD_ETH_TYPE, a->ethertype);
        break;
    case OFPAT_POP_PBB:
        of_match_remove(state, OF_FIELD_ETH_TYPE);
        break;
    case OFPAT_SET_FIELD:
        of_match_set(state, a->set_field.field, &a->set_field.value, NULL);
        break;
    default:
        break;
    }
}

static enum ofperr
check_action_match(struct of_match *state, const struct of_action *a)
{
    if (a->type == OFPAT_SET_FIELD
        && !of_match_prereqs_ok(state, a->set_field.field)) {
        return OFPERR_OFPBAC_MATCH_INCONSISTENT;
    }
    track_action(state, a);
    return 0;
}

/* The order of the action set (5.10) for the actions that change what
 * the packet is: pops, then pushes, then set_field. */
static int
action_set_rank(uint16_t type)
{
    switch (type) {
    case OFPAT_POP_VLAN:
    case OFPAT_POP_MPLS:
    case OFPAT_POP_PBB:
        return 0;
    case OFPAT_PUSH_MPLS:
        return 1;
    case OFPAT_PUSH_PBB:
        return 2;
    case OFPAT_PUSH_VLAN:
        return 3;
    case OFPAT_SET_FIELD:
        return 4;
    default:
        return -1;
    }
}

enum ofperr
of_instructions_check_match(const struct of_match *match,
                            const struct of_instruction *insts, size_t n)
{
    struct of_match state;
    bool any_set_field = false;
    enum ofperr error;

    /* Most flows set no field: spare them the copy of the match. */
    for (size_t i = 0; i < n && !any_set_field; i++) {
        if (insts[i].type == OFPIT_APPLY_ACTIONS
            || insts[i].type == OFPIT_WRITE_ACTIONS) {
            for (size_t j = 0; j < insts[i].actions.n; j++) {
                if (insts[i].actions.actions[j].type == OFPAT_SET_FIELD) {
                    any_set_field = true;
                    break;
                }
            }
        }
    }
    if (!any_set_field) {
        return 0;
    }
    state = *match;
    for (size_t i = 0; i < n; i++) {
        if (insts[i].type != OFPIT_APPLY_ACTIONS) {
            continue;
        }
        for (size_t j = 0; j < insts[i].actions.n; j++) {
            error = check_action_match(&state, &insts[i].actions.actions[j]);
            if (error) {
                return error;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (insts[i].type != OFPIT_WRITE_ACTIONS) {
            continue;
        }
        for (int rank = 0; rank <= 4; rank++) {
            for (size_t j = 0; j < insts[i].actions.n; j++) {
                const struct of_action *a = &insts[i].actions.actions[j];

                if (action_set_rank(a->type) != rank) {
                    continue;
                }
                error = check_action_match(&state, a);
                if (error) {
                    return error;
                }
            }
        }
    }
    return 0;
}

/* The order in which instructions execute (5.9), which is also the order
 * in which they print. */
static const uint16_t inst_order[] = {
    OFPIT_METER, OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS,
    OFPIT_WRITE_ACTIONS, OFPIT_WRITE_METADATA, OFPIT_GOTO_TABLE,
    OFPIT_EXPERIMENTER,
};

static size_t
inst_rank(uint16_t type)
{
    for (size_t k = 0; k < ARRAY_SIZE(inst_order); k++) {
        if (inst_order[k] == type) {
            return k;
        }
    }
    return ARRAY_SIZE(inst_order);
}

void
of_instructions_format(const struct of_instruction *insts, size_t n,
                       struct ds *s)
{
    size_t before = s->length;

    for (size_t k = 0; k < ARRAY_SIZE(inst_order); k++) {
        for (size_t i = 0; i < n; i++) {
            const struct of_instruction *inst = &insts[i];

            if (inst->type != inst_order[k]) {
                continue;
            }
            if (s->length != before) {
                ds_put_char(s, ',');
            }
            switch (inst->type) {
            case OFPIT_METER:
                ds_put_format(s, "meter:%u", inst->meter_id);
                break;
            case OFPIT_APPLY_ACTIONS:
                if (inst->actions.n) {
                    of_actions_format(inst->actions.actions, inst->actions.n,
                                      s);
                } else {
                    ds_put_cstr(s, "apply_actions()");
                }
                break;
            case OFPIT_CLEAR_ACTIONS:
                ds_put_cstr(s, "clear_actions");
                break;
            case OFPIT_WRITE_ACTIONS:
                ds_put_cstr(s, "write_actions(");
                if (inst->actions.n) {
                    of_actions_format(inst->actions.actions, inst->actions.n,
                                      s);
                }
                ds_put_char(s, ')');
                break;
            case OFPIT_WRITE_METADATA:
                ds_put_format(s, "write_metadata:0x%llx",
                              (unsigned long long)
                              inst->write_metadata.metadata);
                if (inst->write_metadata.mask != UINT64_MAX) {
                    ds_put_format(s, "/0x%llx", (unsigned long long)
                                  inst->write_metadata.mask);
                }
                break;
            case OFPIT_GOTO_TABLE:
                ds_put_format(s, "goto_table:%u", inst->table_id);
                break;
            case OFPIT_EXPERIMENTER:
                ds_put_format(s, "experimenter_inst(0x%08x",
                              inst->experimenter.experimenter);
                if (inst->experimenter.len) {
                    ds_put_char(s, ',');
                    ds_put_hex(s, inst->experimenter.data,
                               inst->experimenter.len);
                }
                ds_put_char(s, ')');
                break;
            }
        }
    }
    if (s->length == before) {
        ds_put_cstr(s, "drop");
    }
}

/* ---- Parsing ---- */

/* Splits 'copy', a copy of 's', into words at top-level commas. */
static char *
split_copy(const char *s, char *copy, char ***wordsp, size_t *np)
{
    char *error = of_parse_split(copy, wordsp, np);

    if (error) {
        char *full = xasprintf("%s in '%s'", error, s);

        free(error);
        return full;
    }
    return NULL;
}

/* Splits "name:arg" or "name(arg)" into name and argument (NULL if none).
 * Modifies 'word'. */
static void
split_arg(char *word, char **namep, char **argp)
{
    char *colon = strchr(word, ':');
    char *paren = strchr(word, '(');

    *namep = word;
    *argp = NULL;
    if (paren && (!colon || paren < colon)) {
        size_t len = strlen(paren);

        if (len && paren[len - 1] == ')') {
            paren[len - 1] = '\0';
        }
        *paren = '\0';
        *argp = paren + 1;
    } else if (colon) {
        *colon = '\0';
        *argp = colon + 1;
    }
}

static char *
need_arg(const char *name, const char *arg)
{
    return arg && *arg ? NULL : xasprintf("action '%s' needs an argument",
                                          name);
}

static char *
parse_u(const char *name, const char *arg, uint64_t max, uint64_t *out)
{
    char *error = need_arg(name, arg);

    return error ? error : of_parse_number(name, arg, max, out);
}

static char *
set_field_action(struct of_action *a, enum of_field field, const char *arg)
{
    const struct of_field_info *f = of_field_info(field);
    char *error;

    if (!field_is_settable(field)) {
        return xasprintf("set_field: '%s' cannot be set (%s)", f->name,
                         ofperr_name(OFPERR_OFPBAC_BAD_SET_TYPE));
    }
    a->type = OFPAT_SET_FIELD;
    a->set_field.field = field;
    a->set_field.has_mask = false;
    error = of_value_parse(field, arg, &a->set_field.value, NULL);
    if (error) {
        char *full = xasprintf("set_field %s: %s", f->name, error);

        free(error);
        return full;
    }
    return NULL;
}

/* ovs-ofctl's older names for set-field actions. */
static const struct {
    const char *name;
    enum of_field field;
} mod_actions[] = {
    { "mod_vlan_vid", OF_FIELD_VLAN_VID },
    { "mod_vlan_pcp", OF_FIELD_VLAN_PCP },
    { "mod_dl_src", OF_FIELD_ETH_SRC },
    { "mod_dl_dst", OF_FIELD_ETH_DST },
    { "mod_nw_src", OF_FIELD_IPV4_SRC },
    { "mod_nw_dst", OF_FIELD_IPV4_DST },
    { "mod_nw_ecn", OF_FIELD_IP_ECN },
    { "set_mpls_label", OF_FIELD_MPLS_LABEL },
    { "set_mpls_tc", OF_FIELD_MPLS_TC },
    { "set_tunnel", OF_FIELD_TUNNEL_ID },
    { "set_tunnel64", OF_FIELD_TUNNEL_ID },
};

/* Parses one action word into 'a' (and possibly a second action into
 * '*extra', for "enqueue").  Returns NULL or an error message. */
static char *
parse_action(char *word, struct of_action *a, struct of_action *extra,
             bool *has_extra)
{
    char *name, *arg, *error;
    uint64_t x;
    uint32_t port;

    memset(a, 0, sizeof *a);
    *has_extra = false;

    /* A bare port number or name means output to it. */
    if (isdigit((unsigned char) word[0])) {
        error = of_port_no_parse(word, &port);
        if (error) {
            free(error);
            return xasprintf("'%s' is not an action or port", word);
        }
        a->type = OFPAT_OUTPUT;
        a->output.port = port;
        return NULL;
    }

    /* set_field:VALUE->FIELD */
    if (!strncasecmp(word, "set_field:", 10)) {
        char *arrow = strstr(word + 10, "->");
        enum of_field field;

        if (!arrow) {
            return xasprintf("'%s': set_field needs VALUE->FIELD", word);
        }
        *arrow = '\0';
        field = of_field_from_name(arrow + 2);
        if (field == OF_N_FIELDS) {
            return xasprintf("set_field: unknown field '%s'", arrow + 2);
        }
        if (strchr(word + 10, '/')) {
            return xasprintf("set_field: '%s' has a mask, which OpenFlow "
                             "1.3 does not allow", word + 10);
        }
        return set_field_action(a, field, word + 10);
    }

    split_arg(word, &name, &arg);

    if (!strcasecmp(name, "output")) {
        if ((error = need_arg(name, arg))) {
            return error;
        }
        a->type = OFPAT_OUTPUT;
        error = of_port_no_parse(arg, &a->output.port);
        if (error) {
            char *full = xasprintf("output: %s", error);

            free(error);
            return full;
        }
        if (a->output.port == OFPP_CONTROLLER) {
            a->output.max_len = OFPCML_NO_BUFFER;
        }
        return NULL;
    }
    if (!strcasecmp(name, "controller")) {
        a->type = OFPAT_OUTPUT;
        a->output.port = OFPP_CONTROLLER;
        a->output.max_len = OFPCML_NO_BUFFER;
        if (arg) {
            const char *v = arg;

            if (!strncasecmp(v, "max_len=", 8)) {
                v += 8;
            }
            error = of_parse_number("controller", v, UINT16_MAX, &x);
            if (error) {
                return error;
            }
            a->output.max_len = x;
        }
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(name, reserved_ports[i].name) && !arg
            && reserved_ports[i].port != OFPP_ANY) {
            a->type = OFPAT_OUTPUT;
            a->output.port = reserved_ports[i].port;
            return NULL;
        }
    }
    if (!strcasecmp(name, "enqueue")) {
        char *colon = arg ? strchr(arg, ':') : NULL;

        if (!colon) {
            return xasprintf("enqueue needs PORT:QUEUE");
        }
        *colon = '\0';
        error = of_port_no_parse(arg, &port);
        if (!error) {
            error = parse_u("enqueue", colon + 1, UINT32_MAX, &x);
        }
        if (error) {
            return error;
        }
        a->type = OFPAT_SET_QUEUE;
        a->queue_id = x;
        memset(extra, 0, sizeof *extra);
        extra->type = OFPAT_OUTPUT;
        extra->output.port = port;
        *has_extra = true;
        return NULL;
    }

    static const struct {
        const char *name;
        uint16_t type;
    } simple[] = {
        { "copy_ttl_out", OFPAT_COPY_TTL_OUT },
        { "copy_ttl_in", OFPAT_COPY_TTL_IN },
        { "dec_mpls_ttl", OFPAT_DEC_MPLS_TTL },
        { "pop_vlan", OFPAT_POP_VLAN },
        { "strip_vlan", OFPAT_POP_VLAN },
        { "dec_ttl", OFPAT_DEC_NW_TTL },
        { "dec_nw_ttl", OFPAT_DEC_NW_TTL },
        { "pop_pbb", OFPAT_POP_PBB },
    };
    for (size_t i = 0; i < ARRAY_SIZE(simple); i++) {
        if (!strcasecmp(name, simple[i].name)) {
            if (arg) {
                return xasprintf("action '%s' takes no argument", name);
            }
            a->type = simple[i].type;
            return NULL;
        }
    }

    static const struct {
        const char *name;
        uint16_t type;
        uint16_t default_ethertype;
    } ethertyped[] = {
        { "push_vlan", OFPAT_PUSH_VLAN, 0x8100 },
        { "push_mpls", OFPAT_PUSH_MPLS, 0x8847 },
        { "push_pbb", OFPAT_PUSH_PBB, 0x88e7 },
        { "pop_mpls", OFPAT_POP_MPLS, 0 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(ethertyped); i++) {
        if (!strcasecmp(name, ethertyped[i].name)) {
            a->type = ethertyped[i].type;
            if (!arg && ethertyped[i].default_ethertype) {
                a->ethertype = ethertyped[i].default_ethertype;
                return NULL;
            }
            error = parse_u(name, arg, UINT16_MAX, &x);
            a->ethertype = x;
            return error;
        }
    }

    if (!strcasecmp(name, "set_mpls_ttl") || !strcasecmp(name, "mod_nw_ttl")
        || !strcasecmp(name, "set_nw_ttl")) {
        a->type = !strcasecmp(name, "set_mpls_ttl") ? OFPAT_SET_MPLS_TTL
                                                    : OFPAT_SET_NW_TTL;
        error = parse_u(name, arg, UINT8_MAX, &x);
        a->ttl = x;
        return error;
    }
    if (!strcasecmp(name, "set_queue")) {
        a->type = OFPAT_SET_QUEUE;
        error = parse_u(name, arg, UINT32_MAX, &x);
        a->queue_id = x;
        return error;
    }
    if (!strcasecmp(name, "group")) {
        a->type = OFPAT_GROUP;
        error = parse_u(name, arg, OFPG_MAX, &x);
        a->group_id = x;
        return error;
    }
    if (!strcasecmp(name, "mod_nw_tos")) {
        error = parse_u(name, arg, 255, &x);
        if (error) {
            return error;
        }
        if (x & 3) {
            return xasprintf("mod_nw_tos: '%s' has ECN bits set", arg);
        }
        a->type = OFPAT_SET_FIELD;
        a->set_field.field = OF_FIELD_IP_DSCP;
        a->set_field.value.u8 = x >> 2;
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(mod_actions); i++) {
        if (!strcasecmp(name, mod_actions[i].name)) {
            if ((error = need_arg(name, arg))) {
                return error;
            }
            return set_field_action(a, mod_actions[i].field, arg);
        }
    }
    if (!strcasecmp(name, "experimenter")) {
        char *comma = arg ? strchr(arg, ',') : NULL;
        size_t hexlen;

        if ((error = need_arg(name, arg))) {
            return error;
        }
        if (comma) {
            *comma = '\0';
        }
        error = parse_u(name, arg, UINT32_MAX, &x);
        if (error) {
            return error;
        }
        a->type = OFPAT_EXPERIMENTER;
        a->experimenter.experimenter = x;
        if (comma) {
            const char *hex = comma + 1;
            uint8_t *data;

            /* The action is 8 bytes plus data, a multiple of 8 in all. */
            hexlen = strlen(hex);
            if (hexlen % 2 || (hexlen / 2) % 8) {
                return xasprintf("experimenter: data '%s' must be hex and "
                                 "a multiple of 8 bytes long", hex);
            }
            data = xmalloc(hexlen / 2 + 1);
            for (size_t i = 0; i < hexlen / 2; i++) {
                unsigned int b;

                if (!isxdigit((unsigned char) hex[2 * i])
                    || !isxdigit((unsigned char) hex[2 * i + 1])
                    || sscanf(hex + 2 * i, "%2x", &b) != 1) {
                    free(data);
                    return xasprintf("experimenter: '%s' is not hex", hex);
                }
                data[i] = b;
            }
            /* Moved into the caller's arena by adopt_data(). */
            a->experimenter.data = data;
            a->experimenter.len = hexlen / 2;
        }
        return NULL;
    }

    return xasprintf("unknown action '%s'", name);
}

/* Moves heap experimenter data of 'a' into 'arena'. */
static void
adopt_data(struct of_action *a, struct arena *arena)
{
    if (a->type == OFPAT_EXPERIMENTER && a->experimenter.data) {
        void *heap = (void *) (uintptr_t) a->experimenter.data;

        a->experimenter.data = arena_memdup(arena, heap, a->experimenter.len);
        free(heap);
    }
}

/* Appends the actions of 'words' to an arena array. */
static char *
parse_action_words(char **words, size_t n, enum of_action_context ctx,
                   struct arena *arena, struct of_action **actionsp,
                   size_t *np)
{
    for (size_t i = 0; i < n; i++) {
        struct of_action a, extra;
        bool has_extra;
        char *error, *word;
        enum ofperr bad;

        if (!strcasecmp(words[i], "drop")) {
            if (n > 1) {
                return xasprintf("'drop' must be the only action");
            }
            continue;
        }
        word = xstrdup(words[i]);
        error = parse_action(words[i], &a, &extra, &has_extra);
        if (error) {
            free(word);
            return error;
        }
        adopt_data(&a, arena);
        bad = check_action_values(&a, ctx);
        if (!bad && has_extra) {
            bad = check_action_values(&extra, ctx);
        }
        if (bad) {
            error = xasprintf("'%s': %s (%s)", word, ofperr_description(bad),
                              ofperr_name(bad));
            free(word);
            return error;
        }
        free(word);
        *(struct of_action *) arena_push(arena, (void **) actionsp, np,
                                         sizeof a) = a;
        if (has_extra) {
            *(struct of_action *) arena_push(arena, (void **) actionsp, np,
                                             sizeof a) = extra;
        }
    }
    return NULL;
}

char *
of_actions_parse(const char *s, enum of_action_context ctx,
                 struct arena *arena, struct of_action **actionsp,
                 size_t *np)
{
    char *copy = xstrdup(s);
    char **words;
    size_t n;
    char *error = split_copy(s, copy, &words, &n);

    *actionsp = NULL;
    *np = 0;
    if (!error) {
        error = parse_action_words(words, n, ctx, arena, actionsp, np);
    }
    free(words);
    free(copy);
    return error;
}

static struct of_instruction *
add_instruction(struct arena *arena, struct of_instruction **instsp,
                size_t *np, uint16_t type, char **errorp)
{
    struct of_instruction *inst;

    if (of_instructions_find(*instsp, *np, type)) {
        *errorp = xasprintf("instruction '%s' given twice",
                            type == OFPIT_GOTO_TABLE ? "goto_table"
                            : type == OFPIT_WRITE_METADATA
                              ? "write_metadata"
                            : type == OFPIT_WRITE_ACTIONS ? "write_actions"
                            : type == OFPIT_CLEAR_ACTIONS ? "clear_actions"
                            : type == OFPIT_METER ? "meter"
                            : "apply_actions");
        return NULL;
    }
    inst = arena_push(arena, (void **) instsp, np, sizeof *inst);
    inst->type = type;
    return inst;
}

/* Puts 'insts' in execution order (5.9), the order ovs-ofctl encodes. */
static void
sort_instructions(struct of_instruction *insts, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct of_instruction key = insts[i];
        size_t k = i;

        while (k > 0 && inst_rank(insts[k - 1].type) > inst_rank(key.type)) {
            insts[k] = insts[k - 1];
            k--;
        }
        insts[k] = key;
    }
}

char *
of_instructions_parse(const char *s, struct arena *arena,
                      struct of_instruction **instsp, size_t *np)
{
    struct of_action *apply = NULL;
    size_t n_apply = 0, n_words;
    char *text = xstrdup(s);
    char **words;
    char *error = split_copy(s, text, &words, &n_words);

    *instsp = NULL;
    *np = 0;
    for (size_t i = 0; i < n_words && !error; i++) {
        char *copy = xstrdup(words[i]), *name, *arg;
        struct of_instruction *inst;
        uint64_t x;

        split_arg(copy, &name, &arg);
        if (!strcasecmp(words[i], "drop")) {
            if (n_words > 1) {
                error = xasprintf("'drop' must be the only action");
            }
        } else if (!strncasecmp(words[i], "set_field:", 10)) {
            error = parse_action_words(&words[i], 1, OF_ACTX_FLOW, arena,
                                       &apply, &n_apply);
        } else if (!strcasecmp(name, "goto_table")) {
            inst = add_instruction(arena, instsp, np, OFPIT_GOTO_TABLE,
                                   &error);
            if (inst) {
                error = parse_u(name, arg, OFPTT_MAX, &x);
                inst->table_id = x;
            }
        } else if (!strcasecmp(name, "meter")) {
            inst = add_instruction(arena, instsp, np, OFPIT_METER, &error);
            if (inst) {
                error = parse_u(name, arg, UINT32_MAX, &x);
                inst->meter_id = x;
            }
        } else if (!strcasecmp(name, "write_metadata")) {
            inst = add_instruction(arena, instsp, np, OFPIT_WRITE_METADATA,
                                   &error);
            if (inst && !(error = need_arg(name, arg))) {
                char *slash = strchr(arg, '/');

                inst->write_metadata.mask = UINT64_MAX;
                if (slash) {
                    *slash = '\0';
                    error = parse_u(name, slash + 1, UINT64_MAX, &x);
                    inst->write_metadata.mask = x;
                }
                if (!error) {
                    error = parse_u(name, arg, UINT64_MAX, &x);
                    inst->write_metadata.metadata = x;
                }
            }
        } else if (!strcasecmp(name, "clear_actions")) {
            if (arg && *arg) {
                error = xasprintf("clear_actions takes no argument");
            } else {
                add_instruction(arena, instsp, np, OFPIT_CLEAR_ACTIONS,
                                &error);
            }
        } else if (!strcasecmp(name, "write_actions")) {
            inst = add_instruction(arena, instsp, np, OFPIT_WRITE_ACTIONS,
                                   &error);
            if (inst) {
                error = of_actions_parse(arg ? arg : "", OF_ACTX_FLOW, arena,
                                         &inst->actions.actions,
                                         &inst->actions.n);
                if (error) {
                    char *full = xasprintf("write_actions: %s", error);

                    free(error);
                    error = full;
                }
            }
        } else if (!strcasecmp(name, "apply_actions")) {
            struct of_action *more = NULL;
            size_t n_more = 0;

            error = of_actions_parse(arg ? arg : "", OF_ACTX_FLOW, arena,
                                     &more, &n_more);
            for (size_t k = 0; !error && k < n_more; k++) {
                *(struct of_action *) arena_push(arena, (void **) &apply,
                                                 &n_apply, sizeof *more)
                    = more[k];
            }
        } else {
            error = parse_action_words(&words[i], 1, OF_ACTX_FLOW, arena,
                                       &apply, &n_apply);
        }
        free(copy);
    }
    free(words);
    free(text);
    if (error) {
        return error;
    }
    if (n_apply) {
        struct of_instruction *inst;

        inst = add_instruction(arena, instsp, np, OFPIT_APPLY_ACTIONS,
                               &error);
        if (!inst) {
            return error;
        }
        inst->actions.actions = apply;
        inst->actions.n = n_apply;
    }
    sort_instructions(*instsp, *np);
    return NULL;
}
