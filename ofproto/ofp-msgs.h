/*
 * ofp-msgs: whole OpenFlow 1.3 messages.
 *
 * struct of_msg is a decoded message: header fields in host order and the
 * body in the union member that ofp-msgs.def names for its type.  A decoded
 * message owns an arena holding a private copy of the raw bytes and every
 * array its body needed, so it stays valid after the input buffer goes, and
 * one call, of_msg_uninit(), frees it all.
 *
 * A message built by code (to be encoded) uses the same struct; its arrays
 * may point anywhere the builder likes, since encoding only reads them.
 * The arena is there for builders too (parsers allocate from it).
 *
 * Decoding validates everything the wire format alone can decide and
 * returns the exact error the spec names; the caller replies with
 * of_msg_encode_error() and keeps the connection.  Validation happens
 * before anything else sees the message.
 */
#ifndef OFPROTO_OFP_MSGS_H
#define OFPROTO_OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/arena.h"
#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-multipart.h"
#include "ofproto/ofp-packet.h"
#include "ofproto/ofp-port.h"
#include "ofproto/ofp-switch.h"
#include "ofproto/ofp-table.h"
#include "ofproto/ofp13.h"

struct ds;
struct ofpbuf;

struct of_msg {
    uint8_t version;            /* OFP_VERSION for everything we build. */
    uint8_t type;               /* enum ofp_type. */
    uint32_t xid;
    struct arena arena;         /* Owns everything the body points to. */
    const uint8_t *raw;         /* Decoded messages: the bytes, in arena. */
    size_t raw_len;
    union {
        struct of_empty empty;
        struct of_hello hello;
        struct of_error_msg error;
        struct of_echo echo;
        struct of_experimenter_msg experimenter;
        struct of_switch_features features;
        struct of_switch_config config;
        struct of_packet_in packet_in;
        struct of_flow_removed flow_removed;
        struct of_port_status port_status;
        struct of_packet_out packet_out;
        struct of_flow_mod flow_mod;
        struct of_group_mod group_mod;
        struct of_port_mod port_mod;
        struct of_table_mod table_mod;
        struct of_mp_request mp_request;
        struct of_mp_reply mp_reply;
        struct of_queue_get_config_request queue_get_config_request;
        struct of_queue_get_config_reply queue_get_config_reply;
        struct of_role role;
        struct of_async_config async;
        struct of_meter_mod meter_mod;
    } u;
};

/* ---- Create and destroy ---- */

/* Initializes 'msg' as an empty message of 'type' (version 1.3) with
 * 'xid', body all zeros. */
void of_msg_init(struct of_msg *msg, uint8_t type, uint32_t xid);

/* Frees everything 'msg' owns.  Accepts NULL. */
void of_msg_uninit(struct of_msg *msg);

/* ---- Decode, encode, print ---- */

/* Length in bytes of OpenFlow header + anything: what a framer must read
 * before it can call of_msg_header(). */
#define OF_HEADER_LEN 8

/* Reads the header at 'data' (at least OF_HEADER_LEN bytes). */
void of_msg_header(const void *data, uint8_t *version, uint8_t *type,
                   uint16_t *length, uint32_t *xid);

/* Decodes the message of exactly 'len' bytes at 'data' into 'msg', which
 * this initializes; the caller must of_msg_uninit() it whatever the
 * result.  Errors: OFPBRC_BAD_VERSION if the version is not 1.3 (except
 * for HELLO, which any version may send), OFPBRC_BAD_LEN if the header's
 * length is not 'len' or the body is malformed in length, OFPBRC_BAD_TYPE
 * for an unknown type, and whatever the body's validation finds.  On
 * error, 'msg' still holds the header fields and raw bytes. */
enum ofperr of_msg_decode(struct of_msg *msg, const void *data, size_t len);

/* Appends 'msg' to 'out', header and body.  Returns false (appending
 * nothing) if the message would exceed OFP_MAX_MSG_LEN; multipart
 * messages that large must go through of_mp_encode_split(). */
bool of_msg_encode(const struct of_msg *msg, struct ofpbuf *out);

/* Appends 'msg' in text: "OFPT_FLOW_MOD (OF1.3) (xid=0x1): ..." */
void of_msg_format(const struct of_msg *msg, struct ds *);

/* "OFPT_FLOW_MOD", or NULL for an unknown type. */
const char *of_msg_type_name(uint8_t type);

/* ---- Errors ---- */

/* Appends an OFPT_ERROR message for 'error' in reply to the 'len' bytes of
 * 'request' (of which the first 64 are included; a request shorter than
 * that whole), with the request's xid if it has a header, else 0. */
void of_msg_encode_error(enum ofperr error, const void *request, size_t len,
                         struct ofpbuf *out);

/* ---- Convenience for simple messages ---- */

/* Appends a message that has no body (FEATURES_REQUEST, BARRIER_REQUEST,
 * ...) or a HELLO with a version bitmap for 1.3. */
void of_msg_encode_empty(uint8_t type, uint32_t xid, struct ofpbuf *out);
void of_msg_encode_hello(uint32_t xid, struct ofpbuf *out);

#endif /* ofproto/ofp-msgs.h */
