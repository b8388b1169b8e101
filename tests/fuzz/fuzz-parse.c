/*
 * fuzz-parse: libFuzzer target for the ovs-ofctl text syntax.
 *
 * The input, made a NUL-terminated string, goes to every parser: flow
 * mods, group mods, meter mods, instruction lists, plain action lists,
 * flow stats requests and packet-outs.  Whatever a parser accepts must
 * encode, and the encoding must decode (ofkit must never build a message
 * it would itself refuse), print, and re-encode to the same bytes.
 *
 * One divergence is allowed: an instruction list parsed on its own is put
 * in a flow of table 0, where goto_table:0 is legal text but an invalid
 * flow (OFPBIC_BAD_TABLE_ID), so the flow goes in the table before the
 * smallest goto target instead, and a goto to table 0 is skipped.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ds.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-packet.h"
#include "ofproto/ofpbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *input;

static void
die(const char *parser, const char *what, enum ofperr error)
{
    fprintf(stderr, "fuzz-parse: %s accepted \"%s\" but %s (%s)\n", parser,
            input, what, ofperr_name(error));
    abort();
}

/* Encodes 'msg', which 'parser' built, and checks the encoding decodes,
 * prints and re-encodes identically. */
static void
check_built(const char *parser, const struct of_msg *msg)
{
    struct ofpbuf first = OFPBUF_INITIALIZER;
    struct ofpbuf second = OFPBUF_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct of_msg back;
    enum ofperr error;

    if (!of_msg_encode(msg, &first)) {
        /* Longer than a message can be: a parser need not refuse that. */
        return;
    }
    error = of_msg_decode(&back, first.data, first.size);
    if (error) {
        die(parser, "the encoding does not decode", error);
    }
    of_msg_format(&back, &s);
    if (!of_msg_encode(&back, &second) || second.size != first.size
        || memcmp(first.data, second.data, first.size)) {
        die(parser, "decode + encode changes the encoding", 0);
    }
    ds_destroy(&s);
    of_msg_uninit(&back);
    ofpbuf_uninit(&first);
    ofpbuf_uninit(&second);
}

static void
parse_flow(const char *s, uint8_t command)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_FLOW_MOD, 1);
    error = of_flow_mod_parse(&msg.u.flow_mod, s, command, &msg.arena);
    if (!error) {
        check_built("of_flow_mod_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

static void
parse_group(const char *s)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_GROUP_MOD, 2);
    error = of_group_mod_parse(&msg.u.group_mod, s, OFPGC_ADD, &msg.arena);
    if (!error) {
        check_built("of_group_mod_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

static void
parse_meter(const char *s)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_METER_MOD, 3);
    error = of_meter_mod_parse(&msg.u.meter_mod, s, OFPMC_ADD, &msg.arena);
    if (!error) {
        check_built("of_meter_mod_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

/* Puts parsed instructions in an otherwise empty ADD flow mod. */
static void
parse_instructions(const char *s)
{
    struct of_msg msg;
    struct of_flow_mod *fm = &msg.u.flow_mod;
    char *error;

    of_msg_init(&msg, OFPT_FLOW_MOD, 4);
    fm->command = OFPFC_ADD;
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
    error = of_instructions_parse(s, &msg.arena, &fm->instructions,
                                  &fm->n_instructions);
    if (!error) {
        const struct of_instruction *gt;

        gt = of_instructions_find(fm->instructions, fm->n_instructions,
                                  OFPIT_GOTO_TABLE);
        if (!gt) {
            check_built("of_instructions_parse", &msg);
        } else if (gt->table_id > 0) {
            fm->table_id = gt->table_id - 1;
            check_built("of_instructions_parse", &msg);
        }
    }
    free(error);
    of_msg_uninit(&msg);
}

/* Puts parsed actions in a packet-out from the controller. */
static void
parse_actions(const char *s)
{
    static const uint8_t frame[14] = { 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1,
                                       0x88, 0xb5 };
    struct of_msg msg;
    struct of_packet_out *po = &msg.u.packet_out;
    char *error;

    of_msg_init(&msg, OFPT_PACKET_OUT, 5);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_CONTROLLER;
    po->data = frame;
    po->len = sizeof frame;
    error = of_actions_parse(s, OF_ACTX_PACKET_OUT, &msg.arena,
                             &po->actions, &po->n_actions);
    if (!error) {
        check_built("of_actions_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

static void
parse_flow_stats_request(const char *s)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_MULTIPART_REQUEST, 6);
    msg.u.mp_request.type = OFPMP_FLOW;
    error = of_flow_stats_request_parse(&msg.u.mp_request.flow, s);
    if (!error) {
        check_built("of_flow_stats_request_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

static void
parse_packet_out(const char *s)
{
    struct of_msg msg;
    char *error;

    of_msg_init(&msg, OFPT_PACKET_OUT, 7);
    error = of_packet_out_parse(&msg.u.packet_out, s, &msg.arena);
    if (!error) {
        check_built("of_packet_out_parse", &msg);
    }
    free(error);
    of_msg_uninit(&msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    memcpy(s, data, size);
    s[size] = '\0';
    input = s;

    parse_flow(s, OFPFC_ADD);
    parse_flow(s, OFPFC_DELETE);
    parse_group(s);
    parse_meter(s);
    parse_instructions(s);
    parse_actions(s);
    parse_flow_stats_request(s);
    parse_packet_out(s);

    free(s);
    return 0;
}
