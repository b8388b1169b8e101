/*
 * ofp-switch: the symmetric and switch-configuration messages of OpenFlow
 * 1.3: HELLO (with the version bitmap), ERROR, ECHO, EXPERIMENTER, the
 * empty-bodied requests (FEATURES_REQUEST, GET_CONFIG_REQUEST, BARRIER_*,
 * GET_ASYNC_REQUEST), FEATURES_REPLY, GET_CONFIG_REPLY/SET_CONFIG,
 * ROLE_REQUEST/REPLY, GET_ASYNC_REPLY/SET_ASYNC, and the DESC and
 * EXPERIMENTER multipart bodies.
 *
 * Every body has the three codec verbs of ofproto (see ofp-msgs.h):
 *   enum ofperr of_X_decode(struct of_X *, struct ofpbuf_rd *body,
 *                           struct arena *);
 *   void of_X_encode(const struct of_X *, struct ofpbuf *);
 *   void of_X_format(const struct of_X *, struct ds *);
 * 'body' holds exactly the bytes after the 8-byte OpenFlow header (or the
 * 16-byte multipart header); decode must consume all of them or fail.
 * Data pointers in decoded structs point into the caller's bytes.
 */
#ifndef OFPROTO_OFP_SWITCH_H
#define OFPROTO_OFP_SWITCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* A message without a body.  Decode fails with OFPBRC_BAD_LEN if there
 * are body bytes. */
struct of_empty {
    int unused;
};

/* OFPT_HELLO.  Elements other than the version bitmap are skipped (7.5.1:
 * "implementations must ignore" them) and not re-encoded; so are a second
 * bitmap element and bitmap words past the 8th.  Each element must be
 * followed by its zero padding to 8 bytes, except that the last may omit
 * it; a bad element length is OFPBRC_BAD_LEN. */
#define OF_HELLO_MAX_BITMAPS 8
struct of_hello {
    bool has_bitmap;            /* A version-bitmap element is present. */
    size_t n_bitmaps;
    uint32_t bitmaps[OF_HELLO_MAX_BITMAPS];     /* Bit v of word v / 32. */
};

/* True if 'hello' (as a peer sent it) allows OpenFlow 1.3: by its bitmap
 * if it has one, otherwise by 'version' from the header being >= 0x04. */
bool of_hello_allows_13(const struct of_hello *, uint8_t version);

/* OFPT_ERROR.  For OFPET_EXPERIMENTER, 'code' holds exp_type and
 * 'experimenter' the experimenter id. */
struct of_error_msg {
    uint16_t type;
    uint16_t code;
    uint32_t experimenter;
    const uint8_t *data;
    size_t len;
};

/* OFPT_ECHO_REQUEST and OFPT_ECHO_REPLY. */
struct of_echo {
    const uint8_t *data;
    size_t len;
};

/* OFPT_EXPERIMENTER, and the body of OFPMP_EXPERIMENTER. */
struct of_experimenter_msg {
    struct of_experimenter exp;
};

/* OFPT_FEATURES_REPLY. */
struct of_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;
    uint32_t capabilities;      /* OFPC_*. */
    uint32_t reserved;
};

/* OFPT_GET_CONFIG_REPLY and OFPT_SET_CONFIG.  Flags other than one
 * OFPC_FRAG_* value are OFPSCFC_BAD_FLAGS. */
struct of_switch_config {
    uint16_t flags;             /* OFPC_FRAG_*. */
    uint16_t miss_send_len;
};

/* OFPT_ROLE_REQUEST and OFPT_ROLE_REPLY.  A role other than OFPCR_ROLE_*
 * is OFPRRFC_BAD_ROLE. */
struct of_role {
    uint32_t role;              /* OFPCR_ROLE_*. */
    uint64_t generation_id;
};

/* OFPT_GET_ASYNC_REPLY and OFPT_SET_ASYNC.  Index 0: master and equal
 * role; index 1: slave.  Bit N of a mask enables reason N. */
struct of_async_config {
    uint32_t packet_in_mask[2];
    uint32_t port_status_mask[2];
    uint32_t flow_removed_mask[2];
};

/* Body of an OFPMP_DESC reply.  Strings are NUL-terminated copies. */
struct of_desc {
    char mfr_desc[DESC_STR_LEN + 1];
    char hw_desc[DESC_STR_LEN + 1];
    char sw_desc[DESC_STR_LEN + 1];
    char serial_num[SERIAL_NUM_LEN + 1];
    char dp_desc[DESC_STR_LEN + 1];
};

enum ofperr of_empty_decode(struct of_empty *, struct ofpbuf_rd *,
                            struct arena *);
void of_empty_encode(const struct of_empty *, struct ofpbuf *);
void of_empty_format(const struct of_empty *, struct ds *);

enum ofperr of_hello_decode(struct of_hello *, struct ofpbuf_rd *,
                            struct arena *);
void of_hello_encode(const struct of_hello *, struct ofpbuf *);
void of_hello_format(const struct of_hello *, struct ds *);

enum ofperr of_error_msg_decode(struct of_error_msg *, struct ofpbuf_rd *,
                                struct arena *);
void of_error_msg_encode(const struct of_error_msg *, struct ofpbuf *);
void of_error_msg_format(const struct of_error_msg *, struct ds *);

enum ofperr of_echo_decode(struct of_echo *, struct ofpbuf_rd *,
                           struct arena *);
void of_echo_encode(const struct of_echo *, struct ofpbuf *);
void of_echo_format(const struct of_echo *, struct ds *);

enum ofperr of_experimenter_msg_decode(struct of_experimenter_msg *,
                                       struct ofpbuf_rd *, struct arena *);
void of_experimenter_msg_encode(const struct of_experimenter_msg *,
                                struct ofpbuf *);
void of_experimenter_msg_format(const struct of_experimenter_msg *,
                                struct ds *);

enum ofperr of_switch_features_decode(struct of_switch_features *,
                                      struct ofpbuf_rd *, struct arena *);
void of_switch_features_encode(const struct of_switch_features *,
                               struct ofpbuf *);
void of_switch_features_format(const struct of_switch_features *,
                               struct ds *);

enum ofperr of_switch_config_decode(struct of_switch_config *,
                                    struct ofpbuf_rd *, struct arena *);
void of_switch_config_encode(const struct of_switch_config *,
                             struct ofpbuf *);
void of_switch_config_format(const struct of_switch_config *, struct ds *);

enum ofperr of_role_decode(struct of_role *, struct ofpbuf_rd *,
                           struct arena *);
void of_role_encode(const struct of_role *, struct ofpbuf *);
void of_role_format(const struct of_role *, struct ds *);

enum ofperr of_async_config_decode(struct of_async_config *,
                                   struct ofpbuf_rd *, struct arena *);
void of_async_config_encode(const struct of_async_config *, struct ofpbuf *);
void of_async_config_format(const struct of_async_config *, struct ds *);

enum ofperr of_desc_decode(struct of_desc *, struct ofpbuf_rd *,
                           struct arena *);
void of_desc_encode(const struct of_desc *, struct ofpbuf *);
void of_desc_format(const struct of_desc *, struct ds *);

#endif /* ofproto/ofp-switch.h */
