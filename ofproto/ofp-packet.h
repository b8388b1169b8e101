/*
 * ofp-packet: PACKET_IN and PACKET_OUT.  Codec verbs as described in
 * ofp-switch.h.  PACKET_OUT validation: actions_len past the end is
 * OFPBRC_BAD_LEN; a buffer_id with data is allowed (the data is ignored by
 * the switch, 7.3.7), and so is OFP_NO_BUFFER with no data (well-formed on
 * the wire; the switch decides); in_port must be a port number from 1 to
 * OFPP_MAX, OFPP_LOCAL or OFPP_CONTROLLER (OFPBRC_BAD_PORT otherwise).
 * PACKET_IN: a body that ends before the match header or the 2 pad bytes
 * is OFPBRC_BAD_LEN; the reason is not checked (the switch sends it).
 */
#ifndef OFPROTO_OFP_PACKET_H
#define OFPROTO_OFP_PACKET_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* OFPT_PACKET_IN. */
struct of_packet_in {
    uint32_t buffer_id;
    uint16_t total_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    uint64_t cookie;
    struct of_match match;
    const uint8_t *data;
    size_t len;
};

/* OFPT_PACKET_OUT. */
struct of_packet_out {
    uint32_t buffer_id;
    uint32_t in_port;
    struct of_action *actions;
    size_t n_actions;
    const uint8_t *data;
    size_t len;
};

enum ofperr of_packet_in_decode(struct of_packet_in *, struct ofpbuf_rd *,
                                struct arena *);
void of_packet_in_encode(const struct of_packet_in *, struct ofpbuf *);
void of_packet_in_format(const struct of_packet_in *, struct ds *);

enum ofperr of_packet_out_decode(struct of_packet_out *, struct ofpbuf_rd *,
                                 struct arena *);
void of_packet_out_encode(const struct of_packet_out *, struct ofpbuf *);
void of_packet_out_format(const struct of_packet_out *, struct ds *);

/* Parses "in_port=N,actions=...,packet=HEX" (ovs-ofctl packet-out syntax)
 * with arrays and packet bytes from 'arena'.  The actions run up to the
 * next "packet=", "in_port=" or "buffer_id=".  Defaults: in_port
 * OFPP_CONTROLLER, buffer_id OFP_NO_BUFFER ("buffer_id=N" sets one), no
 * actions, no data.  in_port takes a number or a name of of_port_no_parse()
 * and must be one a packet-out may use.  Returns NULL on success or an
 * error message naming the offending word, which the caller must free(). */
char *of_packet_out_parse(struct of_packet_out *, const char *s,
                          struct arena *arena)
    __attribute__((warn_unused_result));

#endif /* ofproto/ofp-packet.h */
