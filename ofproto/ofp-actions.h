/*
 * ofp-actions: OpenFlow 1.3 actions (7.2.5) and instructions (7.2.4).
 *
 * A decoded action list is an array of struct of_action in wire order; an
 * instruction list an array of struct of_instruction in wire order.
 * Decoders and parsers allocate the arrays from an arena (and copy
 * nothing else: experimenter data points into the caller's bytes, which
 * for a decoded message are the message's own copy), so the lists live
 * exactly as long as the message that holds them.  Code that builds
 * messages points these fields at its own arrays; encoders only read
 * them.
 *
 * Validation during decode, with the errors the spec names:
 *   actions:
 *     unknown type ............................. OFPBAC_BAD_TYPE
 *     length not a multiple of 8, too short,
 *       wrong for the type, or past the end .... OFPBAC_BAD_LEN
 *     output to port 0, OFPP_ANY or a number
 *       above OFPP_MAX that is not reserved .... OFPBAC_BAD_OUT_PORT
 *     output to OFPP_TABLE outside packet-out .. OFPBAC_BAD_OUT_PORT
 *     push_vlan other than 0x8100/0x88a8,
 *       push_mpls other than 0x8847/0x8848,
 *       push_pbb other than 0x88e7 ............. OFPBAC_BAD_ARGUMENT
 *     group id above OFPG_MAX .................. OFPBAC_BAD_OUT_GROUP
 *     set_field: unknown field ................. OFPBAC_BAD_SET_TYPE
 *                in_port/in_phy_port/metadata .. OFPBAC_BAD_SET_TYPE
 *                OXM length wrong or masked .... OFPBAC_BAD_SET_LEN
 *                value out of range ............ OFPBAC_BAD_SET_ARGUMENT
 *   instructions:
 *     unknown type ............................. OFPBIC_UNKNOWN_INST
 *     length wrong or past the end ............. OFPBIC_BAD_LEN
 *     the same type twice ...................... OFPBIC_DUP_INST
 *     goto_table OFPTT_ALL ..................... OFPBIC_BAD_TABLE_ID
 * Checks that need the switch (does the port, group, meter, queue exist;
 * is an experimenter supported) are the switch's.
 *
 * Pure functions; safe from any thread.
 */
#ifndef OFPROTO_OFP_ACTIONS_H
#define OFPROTO_OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* Experimenter payload, shared by every experimenter extension point
 * (actions, instructions, messages, multipart, meter bands, properties).
 * 'data' holds what follows the experimenter header on the wire; for
 * extension points without an exp_type field, 'exp_type' is 0. */
struct of_experimenter {
    uint32_t experimenter;
    uint32_t exp_type;
    const uint8_t *data;
    size_t len;
};

/* ---- Actions ---- */

struct of_action {
    uint16_t type;                      /* OFPAT_*. */
    union {
        struct {
            uint32_t port;
            uint16_t max_len;
        } output;                       /* OFPAT_OUTPUT. */
        uint8_t ttl;                    /* OFPAT_SET_MPLS_TTL, SET_NW_TTL. */
        uint16_t ethertype;             /* OFPAT_PUSH_*, OFPAT_POP_MPLS. */
        uint32_t queue_id;              /* OFPAT_SET_QUEUE. */
        uint32_t group_id;              /* OFPAT_GROUP. */
        struct of_oxm set_field;        /* OFPAT_SET_FIELD, never masked. */
        struct of_experimenter experimenter;   /* OFPAT_EXPERIMENTER. */
    };
};

/* Where an action list is used: output to OFPP_TABLE is allowed only in a
 * packet-out. */
enum of_action_context {
    OF_ACTX_FLOW,           /* Instructions of a flow. */
    OF_ACTX_PACKET_OUT,
    OF_ACTX_GROUP,          /* Bucket of a group. */
    OF_ACTX_REPORT,         /* What a switch reports (flow stats, group
                             * desc): lengths are checked, values are not,
                             * so a controller can read any switch's
                             * answer. */
};

/* Decodes 'len' bytes of actions from 'rd' into an array allocated from
 * 'arena' ('*actionsp' is NULL when there are none). */
enum ofperr of_actions_decode(struct ofpbuf_rd *rd, size_t len,
                              enum of_action_context,
                              struct arena *arena,
                              struct of_action **actionsp, size_t *np);

/* Appends the actions; returns the number of bytes appended. */
size_t of_actions_encode(const struct of_action *, size_t n,
                         struct ofpbuf *);

/* Appends the list in ovs-ofctl syntax, comma-separated ("drop" when
 * 'n' is 0). */
void of_actions_format(const struct of_action *, size_t n, struct ds *);

/* The spec name of an action type ("OFPAT_OUTPUT"), or NULL. */
const char *of_action_type_name(uint16_t type);

/* Appends a port number in text: a number, or LOCAL, CONTROLLER,
 * IN_PORT, TABLE, NORMAL, FLOOD, ALL, ANY. */
void of_port_no_format(uint32_t port, struct ds *);

/* Parses a port number or reserved port name (case-insensitive).  Returns
 * NULL on success or an error message the caller must free(). */
char *of_port_no_parse(const char *s, uint32_t *port)
    __attribute__((warn_unused_result));

/* ---- Instructions ---- */

struct of_instruction {
    uint16_t type;                      /* OFPIT_*. */
    union {
        uint8_t table_id;               /* OFPIT_GOTO_TABLE. */
        struct {
            uint64_t metadata;
            uint64_t mask;
        } write_metadata;               /* OFPIT_WRITE_METADATA. */
        struct {
            struct of_action *actions;
            size_t n;
        } actions;                      /* WRITE_ACTIONS, APPLY_ACTIONS. */
        uint32_t meter_id;              /* OFPIT_METER. */
        struct of_experimenter experimenter;   /* OFPIT_EXPERIMENTER. */
    };
};

/* Decodes 'len' bytes of instructions; their action lists are decoded in
 * 'ctx' (OF_ACTX_FLOW or OF_ACTX_REPORT). */
enum ofperr of_instructions_decode(struct ofpbuf_rd *rd, size_t len,
                                   enum of_action_context ctx,
                                   struct arena *arena,
                                   struct of_instruction **instsp,
                                   size_t *np);
size_t of_instructions_encode(const struct of_instruction *, size_t n,
                              struct ofpbuf *);

/* Appends the instructions as one "actions=" value in ovs-ofctl syntax:
 * apply-actions unwrapped first, then meter:N, clear_actions,
 * write_actions(...), write_metadata:V/M, goto_table:N, in wire order. */
void of_instructions_format(const struct of_instruction *, size_t n,
                            struct ds *);

/* The first instruction of 'type' in the list, or NULL. */
const struct of_instruction *
of_instructions_find(const struct of_instruction *, size_t n, uint16_t type);

/* Checks a flow's instructions against its match: every set_field must
 * write a field whose prerequisites (7.2.3.6) the match meets, as changed
 * by the actions that run before it (push_vlan makes vlan_pcp settable,
 * push_mpls and pop_mpls change eth_type, a set_field of eth_type or
 * ip_proto changes what follows, ...).  apply_actions run in list order;
 * the action set of write_actions runs after them in the order of 5.10.
 * Returns 0 or OFPERR_OFPBAC_MATCH_INCONSISTENT. */
enum ofperr of_instructions_check_match(const struct of_match *,
                                        const struct of_instruction *,
                                        size_t n);

/* ---- Text to actions and instructions (ovs-ofctl syntax) ---- */

/* Parses the value of "actions=" ('s', e.g.
 * "push_vlan:0x8100,set_field:10->vlan_vid,output:2,goto_table:1") into an
 * instruction list allocated from 'arena'.  Bare actions become one
 * apply_actions instruction; "write_actions(...)", "clear_actions",
 * "write_metadata:V[/M]", "meter:N" and "goto_table:N" become their
 * instructions.  "drop" or an empty string gives no instructions.
 * Returns NULL on success, or an error message naming the offending word,
 * which the caller must free(). */
char *of_instructions_parse(const char *s, struct arena *arena,
                            struct of_instruction **instsp, size_t *np)
    __attribute__((warn_unused_result));

/* Parses a plain action list (a bucket's or a packet-out's "actions=")
 * into an array allocated from 'arena', applying the same value checks
 * the decoder applies in context 'ctx'. */
char *of_actions_parse(const char *s, enum of_action_context ctx,
                       struct arena *arena, struct of_action **actionsp,
                       size_t *np)
    __attribute__((warn_unused_result));

#endif /* ofproto/ofp-actions.h */
