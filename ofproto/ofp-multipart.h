/*
 * ofp-multipart: MULTIPART_REQUEST and MULTIPART_REPLY (7.3.5).
 *
 * The envelope (type, flags) is decoded here; each body by its family's
 * codec, chosen through ofp-multipart.def.  A body longer than one message
 * can carry travels in several messages, all but the last flagged
 * OFPMPF_REQ_MORE / OFPMPF_REPLY_MORE:
 *
 *   - of_mp_encode_split() encodes a request or reply as however many
 *     messages it needs, splitting only between entries;
 *   - struct of_mp_assembler joins the parts of one transaction (one xid)
 *     and decodes the whole body once the last part arrives.
 */
#ifndef OFPROTO_OFP_MULTIPART_H
#define OFPROTO_OFP_MULTIPART_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-flow.h"
#include "ofproto/ofp-group.h"
#include "ofproto/ofp-meter.h"
#include "ofproto/ofp-port.h"
#include "ofproto/ofp-switch.h"
#include "ofproto/ofp-table.h"
#include "ofproto/ofpbuf.h"

struct arena;
struct ds;
struct of_msg;

struct of_mp_request {
    uint16_t type;              /* OFPMP_*. */
    uint16_t flags;             /* OFPMPF_REQ_MORE. */
    union {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY) struct of_##REQ MEMBER;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    };
};

struct of_mp_reply {
    uint16_t type;              /* OFPMP_*. */
    uint16_t flags;             /* OFPMPF_REPLY_MORE. */
    union {
#define OFPMP(TYPE, MEMBER, REQ, REPLY, ENTRY) struct of_##REPLY MEMBER;
#include "ofproto/ofp-multipart.def"
#undef OFPMP
    };
};

/* Codec verbs for the two envelopes (used through ofp-msgs.def).  An
 * unknown multipart type is OFPBRC_BAD_MULTIPART. */
enum ofperr of_mp_request_decode(struct of_mp_request *, struct ofpbuf_rd *,
                                 struct arena *);
void of_mp_request_encode(const struct of_mp_request *, struct ofpbuf *);
void of_mp_request_format(const struct of_mp_request *, struct ds *);

enum ofperr of_mp_reply_decode(struct of_mp_reply *, struct ofpbuf_rd *,
                               struct arena *);
void of_mp_reply_encode(const struct of_mp_reply *, struct ofpbuf *);
void of_mp_reply_format(const struct of_mp_reply *, struct ds *);

/* "OFPMP_FLOW", or NULL for an unknown type. */
const char *of_mp_type_name(uint16_t type);

/* Appends 'msg' (a MULTIPART_REQUEST or MULTIPART_REPLY) to 'out' as one
 * or more messages, each at most 'max_len' bytes (at least 64;
 * OFP_MAX_MSG_LEN for the protocol's own limit), all with msg's xid and all
 * but the last flagged "more".  A single entry that cannot fit alone goes
 * in a message of its own, as long as it needs.  Returns the number of
 * messages appended. */
size_t of_mp_encode_split(const struct of_msg *msg, size_t max_len,
                          struct ofpbuf *out);

/* Joins the parts of one multipart transaction. */
struct of_mp_assembler {
    bool started;
    uint8_t msg_type;           /* OFPT_MULTIPART_REQUEST or _REPLY. */
    uint16_t mp_type;
    uint32_t xid;
    size_t n_parts;
    size_t max_body;            /* Limit on the joined body, in bytes. */
    struct ofpbuf body;         /* Bodies of the parts so far. */
};

/* The default limit on a joined body: far beyond any real reply (a
 * million flows' stats), small enough that a peer cannot make us hold
 * unbounded memory. */
#define OF_MP_MAX_BODY (256u * 1024 * 1024)

void of_mp_assembler_init(struct of_mp_assembler *);
void of_mp_assembler_uninit(struct of_mp_assembler *);  /* Accepts NULL. */

/* Adds one raw multipart message ('len' bytes at 'data', header included).
 * The first part fixes the transaction's xid, message type and multipart
 * type; a later part that differs is OFPBRC_BAD_MULTIPART.  When the part
 * is the last (no "more" flag), decodes the joined body into '*done'
 * (which the caller must then of_msg_uninit()), sets '*complete' and
 * resets the assembler for another transaction.  Otherwise sets
 * '*complete' to false.  A transaction whose joined body would exceed
 * 'max_body' is OFPBRC_MULTIPART_BUFFER_OVERFLOW.  On error the assembler
 * is reset. */
enum ofperr of_mp_assembler_add(struct of_mp_assembler *,
                                const void *data, size_t len,
                                struct of_msg *done, bool *complete);

#endif /* ofproto/ofp-multipart.h */
