/*
 * ofp-port: ports and queues in OpenFlow 1.3: struct ofp_port, PORT_STATUS,
 * PORT_MOD, QUEUE_GET_CONFIG_REQUEST/REPLY, and the PORT_STATS, QUEUE and
 * PORT_DESC multipart bodies.  Codec verbs as described in ofp-switch.h.
 */
#ifndef OFPROTO_OFP_PORT_H
#define OFPROTO_OFP_PORT_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* struct ofp_port.  'name' is a NUL-terminated copy. */
struct of_port {
    uint32_t port_no;
    uint8_t hw_addr[OFP_ETH_ALEN];
    char name[OFP_MAX_PORT_NAME_LEN + 1];
    uint32_t config;            /* OFPPC_*. */
    uint32_t state;             /* OFPPS_*. */
    uint32_t curr;              /* OFPPF_*. */
    uint32_t advertised;
    uint32_t supported;
    uint32_t peer;
    uint32_t curr_speed;        /* kbps. */
    uint32_t max_speed;
};

/* One struct ofp_port, for other families (port status, port desc). */
enum ofperr of_port_decode(struct of_port *, struct ofpbuf_rd *);
void of_port_encode(const struct of_port *, struct ofpbuf *);
void of_port_format(const struct of_port *, struct ds *);

/* OFPT_PORT_STATUS. */
struct of_port_status {
    uint8_t reason;             /* OFPPR_*. */
    struct of_port desc;
};

/* OFPT_PORT_MOD.  Decode refuses a port number that can name no port (0,
 * or above OFPP_MAX except OFPP_LOCAL) with OFPPMFC_BAD_PORT, config or
 * mask bits outside OFPPC_* with OFPPMFC_BAD_CONFIG, and advertise bits
 * outside OFPPF_* with OFPPMFC_BAD_ADVERTISE; whether the port exists and
 * hw_addr matches it is the switch's to check. */
struct of_port_mod {
    uint32_t port_no;
    uint8_t hw_addr[OFP_ETH_ALEN];
    uint32_t config;
    uint32_t mask;
    uint32_t advertise;
};

/* OFPMP_PORT_STATS request. */
struct of_port_stats_request {
    uint32_t port_no;           /* OFPP_ANY for all. */
};

struct of_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets;
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped;
    uint64_t rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err;
    uint64_t collisions;
    uint32_t duration_sec, duration_nsec;
};

struct of_port_stats_reply {
    struct of_port_stats *stats;
    size_t n;
};

/* OFPMP_PORT_DESC reply. */
struct of_port_desc_reply {
    struct of_port *ports;
    size_t n;
};

/* OFPMP_QUEUE request. */
struct of_queue_stats_request {
    uint32_t port_no;           /* OFPP_ANY for all. */
    uint32_t queue_id;          /* OFPQ_ALL for all. */
};

struct of_queue_stats {
    uint32_t port_no;
    uint32_t queue_id;
    uint64_t tx_bytes, tx_packets, tx_errors;
    uint32_t duration_sec, duration_nsec;
};

struct of_queue_stats_reply {
    struct of_queue_stats *stats;
    size_t n;
};

/* OFPT_QUEUE_GET_CONFIG_REQUEST. */
struct of_queue_get_config_request {
    uint32_t port;              /* OFPP_ANY for all. */
};

/* A queue property: OFPQT_MIN_RATE and OFPQT_MAX_RATE use 'rate' (in
 * 1/10 of a percent), OFPQT_EXPERIMENTER 'experimenter' (its 'exp_type' is
 * unused: the wire property has none).  Decoding skips a property of any
 * other type once its length checks out, so it is not re-encoded. */
struct of_queue_prop {
    uint16_t type;
    uint16_t rate;
    struct of_experimenter experimenter;
};

struct of_packet_queue {
    uint32_t queue_id;
    uint32_t port;
    struct of_queue_prop *props;
    size_t n_props;
};

/* OFPT_QUEUE_GET_CONFIG_REPLY. */
struct of_queue_get_config_reply {
    uint32_t port;
    struct of_packet_queue *queues;
    size_t n;
};

enum ofperr of_port_status_decode(struct of_port_status *,
                                  struct ofpbuf_rd *, struct arena *);
void of_port_status_encode(const struct of_port_status *, struct ofpbuf *);
void of_port_status_format(const struct of_port_status *, struct ds *);

enum ofperr of_port_mod_decode(struct of_port_mod *, struct ofpbuf_rd *,
                               struct arena *);
void of_port_mod_encode(const struct of_port_mod *, struct ofpbuf *);
void of_port_mod_format(const struct of_port_mod *, struct ds *);

enum ofperr of_port_stats_request_decode(struct of_port_stats_request *,
                                         struct ofpbuf_rd *, struct arena *);
void of_port_stats_request_encode(const struct of_port_stats_request *,
                                  struct ofpbuf *);
void of_port_stats_request_format(const struct of_port_stats_request *,
                                  struct ds *);

enum ofperr of_port_stats_reply_decode(struct of_port_stats_reply *,
                                       struct ofpbuf_rd *, struct arena *);
void of_port_stats_reply_encode(const struct of_port_stats_reply *,
                                struct ofpbuf *);
void of_port_stats_reply_format(const struct of_port_stats_reply *,
                                struct ds *);

enum ofperr of_port_desc_reply_decode(struct of_port_desc_reply *,
                                      struct ofpbuf_rd *, struct arena *);
void of_port_desc_reply_encode(const struct of_port_desc_reply *,
                               struct ofpbuf *);
void of_port_desc_reply_format(const struct of_port_desc_reply *,
                               struct ds *);

enum ofperr of_queue_stats_request_decode(struct of_queue_stats_request *,
                                          struct ofpbuf_rd *,
                                          struct arena *);
void of_queue_stats_request_encode(const struct of_queue_stats_request *,
                                   struct ofpbuf *);
void of_queue_stats_request_format(const struct of_queue_stats_request *,
                                   struct ds *);

enum ofperr of_queue_stats_reply_decode(struct of_queue_stats_reply *,
                                        struct ofpbuf_rd *, struct arena *);
void of_queue_stats_reply_encode(const struct of_queue_stats_reply *,
                                 struct ofpbuf *);
void of_queue_stats_reply_format(const struct of_queue_stats_reply *,
                                 struct ds *);

enum ofperr of_queue_get_config_request_decode(
    struct of_queue_get_config_request *, struct ofpbuf_rd *,
    struct arena *);
void of_queue_get_config_request_encode(
    const struct of_queue_get_config_request *, struct ofpbuf *);
void of_queue_get_config_request_format(
    const struct of_queue_get_config_request *, struct ds *);

enum ofperr of_queue_get_config_reply_decode(
    struct of_queue_get_config_reply *, struct ofpbuf_rd *, struct arena *);
void of_queue_get_config_reply_encode(
    const struct of_queue_get_config_reply *, struct ofpbuf *);
void of_queue_get_config_reply_format(
    const struct of_queue_get_config_reply *, struct ds *);

#endif /* ofproto/ofp-port.h */
