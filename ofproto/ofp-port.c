#include "ofproto/ofp-port.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

/* The wire structs of whole messages begin with struct ofp_header, which
 * the dispatcher has already consumed: these give a member's offset and the
 * struct's length counted from the end of the header. */
#define BODY_OFS(STRUCT, MEMBER) \
    (offsetof(struct STRUCT, MEMBER) - sizeof(struct ofp_header))
#define BODY_LEN(STRUCT) (sizeof(struct STRUCT) - sizeof(struct ofp_header))

/* All the OFPPC_* and OFPPF_* bits A.2.1 defines. */
#define OFPPC_ALL (OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD     \
                   | OFPPC_NO_PACKET_IN)
#define OFPPF_ALL ((uint32_t) OFPPF_PAUSE_ASYM * 2 - 1)

/* A counter of all-ones bits is one the switch does not keep (7.3.5.6). */
#define COUNTER_UNAVAILABLE UINT64_MAX

/* ---- Formatting helpers ---- */

struct bit_name {
    uint32_t bit;
    const char *name;
};

static const struct bit_name config_names[] = {
    { OFPPC_PORT_DOWN, "PORT_DOWN" },
    { OFPPC_NO_RECV, "NO_RECV" },
    { OFPPC_NO_FWD, "NO_FWD" },
    { OFPPC_NO_PACKET_IN, "NO_PACKET_IN" },
};

static const struct bit_name state_names[] = {
    { OFPPS_LINK_DOWN, "LINK_DOWN" },
    { OFPPS_BLOCKED, "BLOCKED" },
    { OFPPS_LIVE, "LIVE" },
};

static const struct bit_name feature_names[] = {
    { OFPPF_10MB_HD, "10MB-HD" },
    { OFPPF_10MB_FD, "10MB-FD" },
    { OFPPF_100MB_HD, "100MB-HD" },
    { OFPPF_100MB_FD, "100MB-FD" },
    { OFPPF_1GB_HD, "1GB-HD" },
    { OFPPF_1GB_FD, "1GB-FD" },
    { OFPPF_10GB_FD, "10GB-FD" },
    { OFPPF_40GB_FD, "40GB-FD" },
    { OFPPF_100GB_FD, "100GB-FD" },
    { OFPPF_1TB_FD, "1TB-FD" },
    { OFPPF_OTHER, "OTHER" },
    { OFPPF_COPPER, "COPPER" },
    { OFPPF_FIBER, "FIBER" },
    { OFPPF_AUTONEG, "AUTO_NEG" },
    { OFPPF_PAUSE, "PAUSE" },
    { OFPPF_PAUSE_ASYM, "PAUSE_ASYM" },
};

/* Appends the names of the bits set in 'bits', separated by spaces, with
 * any bits not in 'names' as one hex number; "0" if none is set. */
static void
format_bits(struct ds *s, uint32_t bits, const struct bit_name *names,
            size_t n_names)
{
    bool first = true;

    if (!bits) {
        ds_put_char(s, '0');
        return;
    }
    for (size_t i = 0; i < n_names; i++) {
        if (bits & names[i].bit) {
            ds_put_format(s, "%s%s", first ? "" : " ", names[i].name);
            bits &= ~names[i].bit;
            first = false;
        }
    }
    if (bits) {
        ds_put_format(s, "%s0x%"PRIx32, first ? "" : " ", bits);
    }
}

static void
format_mac(struct ds *s, const uint8_t mac[OFP_ETH_ALEN])
{
    ds_put_format(s, "%02x:%02x:%02x:%02x:%02x:%02x",
                  mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void
format_counter(struct ds *s, const char *name, uint64_t value)
{
    if (value == COUNTER_UNAVAILABLE) {
        ds_put_format(s, "%s=?", name);
    } else {
        ds_put_format(s, "%s=%"PRIu64, name, value);
    }
}

/* Appends "duration=1.500s", or "duration=?" if the switch does not keep
 * durations (both fields all-ones, 7.3.5.6). */
static void
format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    if (sec == UINT32_MAX && nsec == UINT32_MAX) {
        ds_put_cstr(s, "duration=?");
    } else {
        ds_put_format(s, "duration=%"PRIu32".%03"PRIu32"s", sec,
                      nsec / 1000000);
    }
}

/* A queue id, with OFPQ_ALL by name. */
static void
format_queue_id(struct ds *s, uint32_t queue_id)
{
    if (queue_id == OFPQ_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%"PRIu32, queue_id);
    }
}

/* ---- struct ofp_port (A.2.1) ---- */

enum ofperr
of_port_decode(struct of_port *port, struct ofpbuf_rd *rd)
{
    const struct ofp_port *w = ofpbuf_rd_pull(rd, sizeof *w);

    if (!w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    port->port_no = ofp_get_be32(&w->port_no);
    memcpy(port->hw_addr, w->hw_addr, OFP_ETH_ALEN);
    memcpy(port->name, w->name, OFP_MAX_PORT_NAME_LEN);
    port->name[OFP_MAX_PORT_NAME_LEN] = '\0';
    port->config = ofp_get_be32(&w->config);
    port->state = ofp_get_be32(&w->state);
    port->curr = ofp_get_be32(&w->curr);
    port->advertised = ofp_get_be32(&w->advertised);
    port->supported = ofp_get_be32(&w->supported);
    port->peer = ofp_get_be32(&w->peer);
    port->curr_speed = ofp_get_be32(&w->curr_speed);
    port->max_speed = ofp_get_be32(&w->max_speed);
    return 0;
}

void
of_port_encode(const struct of_port *port, struct ofpbuf *out)
{
    struct ofp_port *w = ofpbuf_put_zeros(out, sizeof *w);

    ofp_put_be32(&w->port_no, port->port_no);
    memcpy(w->hw_addr, port->hw_addr, OFP_ETH_ALEN);
    /* A name of exactly OFP_MAX_PORT_NAME_LEN bytes fills the field
     * without a NUL, as it arrived. */
    memcpy(w->name, port->name, strnlen(port->name, OFP_MAX_PORT_NAME_LEN));
    ofp_put_be32(&w->config, port->config);
    ofp_put_be32(&w->state, port->state);
    ofp_put_be32(&w->curr, port->curr);
    ofp_put_be32(&w->advertised, port->advertised);
    ofp_put_be32(&w->supported, port->supported);
    ofp_put_be32(&w->peer, port->peer);
    ofp_put_be32(&w->curr_speed, port->curr_speed);
    ofp_put_be32(&w->max_speed, port->max_speed);
}

static void
format_features(struct ds *s, const char *title, uint32_t features)
{
    if (features) {
        ds_put_format(s, ", %s: ", title);
        format_bits(s, features, feature_names, ARRAY_SIZE(feature_names));
    }
}

void
of_port_format(const struct of_port *port, struct ds *s)
{
    of_port_no_format(port->port_no, s);
    ds_put_char(s, '(');
    for (size_t i = 0; i < OFP_MAX_PORT_NAME_LEN && port->name[i]; i++) {
        unsigned char c = port->name[i];

        if (isprint(c) && c != '\\') {
            ds_put_char(s, c);
        } else {
            ds_put_format(s, "\\x%02x", c);
        }
    }
    ds_put_cstr(s, "): addr:");
    format_mac(s, port->hw_addr);
    ds_put_cstr(s, ", config: ");
    format_bits(s, port->config, config_names, ARRAY_SIZE(config_names));
    ds_put_cstr(s, ", state: ");
    format_bits(s, port->state, state_names, ARRAY_SIZE(state_names));
    format_features(s, "current", port->curr);
    format_features(s, "advertised", port->advertised);
    format_features(s, "supported", port->supported);
    format_features(s, "peer", port->peer);
    ds_put_format(s, ", speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max",
                  port->curr_speed / 1000, port->max_speed / 1000);
}

/* ---- PORT_STATUS (7.4.3) ---- */

enum ofperr
of_port_status_decode(struct of_port_status *ps, struct ofpbuf_rd *rd,
                      struct arena *arena OF_UNUSED)
{
    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_port_status)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_rd_u8(rd, &ps->reason);
    ofpbuf_rd_skip(rd, BODY_OFS(ofp_port_status, desc) - 1);
    /* An unknown reason is kept and printed as a number: the message comes
     * from a switch, and 7.4.3 names no error for it. */
    return of_port_decode(&ps->desc, rd);
}

void
of_port_status_encode(const struct of_port_status *ps, struct ofpbuf *out)
{
    ofpbuf_put_u8(out, ps->reason);
    ofpbuf_put_zeros(out, BODY_OFS(ofp_port_status, desc) - 1);
    of_port_encode(&ps->desc, out);
}

static const char *
port_reason_name(uint8_t reason)
{
    switch ((enum ofp_port_reason) reason) {
    case OFPPR_ADD:
        return "ADD";
    case OFPPR_DELETE:
        return "DELETE";
    case OFPPR_MODIFY:
        return "MODIFY";
    }
    return NULL;
}

void
of_port_status_format(const struct of_port_status *ps, struct ds *s)
{
    const char *name = port_reason_name(ps->reason);

    if (name) {
        ds_put_format(s, "%s: ", name);
    } else {
        ds_put_format(s, "reason=%u: ", ps->reason);
    }
    of_port_format(&ps->desc, s);
}

/* ---- PORT_MOD (7.3.4.3) ---- */

/* True if 'port_no' can never name a port a PORT_MOD may change: ports are
 * numbered from 1 up to OFPP_MAX (A.2.1), and of the reserved ports only
 * OFPP_LOCAL is a real port with a configuration. */
static bool
port_mod_port_is_invalid(uint32_t port_no)
{
    return port_no == 0 || (port_no > OFPP_MAX && port_no != OFPP_LOCAL);
}

enum ofperr
of_port_mod_decode(struct of_port_mod *pm, struct ofpbuf_rd *rd,
                   struct arena *arena OF_UNUSED)
{
    const uint8_t *p;

    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_port_mod)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = ofpbuf_rd_pull(rd, BODY_LEN(ofp_port_mod));
    pm->port_no = ofp_get_be32(p + BODY_OFS(ofp_port_mod, port_no));
    memcpy(pm->hw_addr, p + BODY_OFS(ofp_port_mod, hw_addr), OFP_ETH_ALEN);
    pm->config = ofp_get_be32(p + BODY_OFS(ofp_port_mod, config));
    pm->mask = ofp_get_be32(p + BODY_OFS(ofp_port_mod, mask));
    pm->advertise = ofp_get_be32(p + BODY_OFS(ofp_port_mod, advertise));

    /* A.4.4 OFPET_PORT_MOD_FAILED.  Whether a valid number names a port
     * that exists, and whether hw_addr matches it (OFPPMFC_BAD_HW_ADDR), is
     * the switch's decision; a number that can name no port is refused
     * here. */
    if (port_mod_port_is_invalid(pm->port_no)) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    /* 7.3.4.3: config and mask are OFPPC_* bitmaps; a bit A.2.1 does not
     * define is an invalid config. */
    if ((pm->config | pm->mask) & ~(uint32_t) OFPPC_ALL) {
        return OFPERR_OFPPMFC_BAD_CONFIG;
    }
    /* 7.3.4.3: advertise is an OFPPF_* bitmap (0: leave unchanged). */
    if (pm->advertise & ~OFPPF_ALL) {
        return OFPERR_OFPPMFC_BAD_ADVERTISE;
    }
    return 0;
}

void
of_port_mod_encode(const struct of_port_mod *pm, struct ofpbuf *out)
{
    uint8_t *p = ofpbuf_put_zeros(out, BODY_LEN(ofp_port_mod));

    ofp_put_be32(p + BODY_OFS(ofp_port_mod, port_no), pm->port_no);
    memcpy(p + BODY_OFS(ofp_port_mod, hw_addr), pm->hw_addr, OFP_ETH_ALEN);
    ofp_put_be32(p + BODY_OFS(ofp_port_mod, config), pm->config);
    ofp_put_be32(p + BODY_OFS(ofp_port_mod, mask), pm->mask);
    ofp_put_be32(p + BODY_OFS(ofp_port_mod, advertise), pm->advertise);
}

void
of_port_mod_format(const struct of_port_mod *pm, struct ds *s)
{
    ds_put_cstr(s, "port: ");
    of_port_no_format(pm->port_no, s);
    ds_put_cstr(s, ": addr:");
    format_mac(s, pm->hw_addr);
    ds_put_cstr(s, ", config: ");
    format_bits(s, pm->config, config_names, ARRAY_SIZE(config_names));
    ds_put_cstr(s, ", mask: ");
    format_bits(s, pm->mask, config_names, ARRAY_SIZE(config_names));
    ds_put_cstr(s, ", advertise: ");
    if (pm->advertise) {
        format_bits(s, pm->advertise, feature_names,
                    ARRAY_SIZE(feature_names));
    } else {
        ds_put_cstr(s, "UNCHANGED");
    }
}

/* ---- OFPMP_PORT_STATS (7.3.5.6) ---- */

enum ofperr
of_port_stats_request_decode(struct of_port_stats_request *req,
                             struct ofpbuf_rd *rd,
                             struct arena *arena OF_UNUSED)
{
    const struct ofp_port_stats_request *w;

    if (ofpbuf_rd_left(rd) != sizeof *w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    w = ofpbuf_rd_pull(rd, sizeof *w);
    req->port_no = ofp_get_be32(&w->port_no);
    return 0;
}

void
of_port_stats_request_encode(const struct of_port_stats_request *req,
                             struct ofpbuf *out)
{
    struct ofp_port_stats_request *w = ofpbuf_put_zeros(out, sizeof *w);

    ofp_put_be32(&w->port_no, req->port_no);
}

void
of_port_stats_request_format(const struct of_port_stats_request *req,
                             struct ds *s)
{
    ds_put_cstr(s, "port_no=");
    of_port_no_format(req->port_no, s);
}

enum ofperr
of_port_stats_reply_decode(struct of_port_stats_reply *reply,
                           struct ofpbuf_rd *rd,
                           struct arena *arena)
{
    const struct ofp_port_stats *w;
    size_t n;

    if (ofpbuf_rd_left(rd) % sizeof *w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    n = ofpbuf_rd_left(rd) / sizeof *w;
    reply->n = n;
    reply->stats = n ? arena_alloc(arena, n * sizeof *reply->stats) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct of_port_stats *ps = &reply->stats[i];

        w = ofpbuf_rd_pull(rd, sizeof *w);
        ps->port_no = ofp_get_be32(&w->port_no);
        ps->rx_packets = ofp_get_be64(&w->rx_packets);
        ps->tx_packets = ofp_get_be64(&w->tx_packets);
        ps->rx_bytes = ofp_get_be64(&w->rx_bytes);
        ps->tx_bytes = ofp_get_be64(&w->tx_bytes);
        ps->rx_dropped = ofp_get_be64(&w->rx_dropped);
        ps->tx_dropped = ofp_get_be64(&w->tx_dropped);
        ps->rx_errors = ofp_get_be64(&w->rx_errors);
        ps->tx_errors = ofp_get_be64(&w->tx_errors);
        ps->rx_frame_err = ofp_get_be64(&w->rx_frame_err);
        ps->rx_over_err = ofp_get_be64(&w->rx_over_err);
        ps->rx_crc_err = ofp_get_be64(&w->rx_crc_err);
        ps->collisions = ofp_get_be64(&w->collisions);
        ps->duration_sec = ofp_get_be32(&w->duration_sec);
        ps->duration_nsec = ofp_get_be32(&w->duration_nsec);
    }
    return 0;
}

void
of_port_stats_reply_encode(const struct of_port_stats_reply *reply,
                           struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_port_stats *ps = &reply->stats[i];
        struct ofp_port_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        ofp_put_be32(&w->port_no, ps->port_no);
        ofp_put_be64(&w->rx_packets, ps->rx_packets);
        ofp_put_be64(&w->tx_packets, ps->tx_packets);
        ofp_put_be64(&w->rx_bytes, ps->rx_bytes);
        ofp_put_be64(&w->tx_bytes, ps->tx_bytes);
        ofp_put_be64(&w->rx_dropped, ps->rx_dropped);
        ofp_put_be64(&w->tx_dropped, ps->tx_dropped);
        ofp_put_be64(&w->rx_errors, ps->rx_errors);
        ofp_put_be64(&w->tx_errors, ps->tx_errors);
        ofp_put_be64(&w->rx_frame_err, ps->rx_frame_err);
        ofp_put_be64(&w->rx_over_err, ps->rx_over_err);
        ofp_put_be64(&w->rx_crc_err, ps->rx_crc_err);
        ofp_put_be64(&w->collisions, ps->collisions);
        ofp_put_be32(&w->duration_sec, ps->duration_sec);
        ofp_put_be32(&w->duration_nsec, ps->duration_nsec);
    }
}

void
of_port_stats_reply_format(const struct of_port_stats_reply *reply,
                           struct ds *s)
{
    ds_put_format(s, "%zu ports", reply->n);
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_port_stats *ps = &reply->stats[i];

        ds_put_cstr(s, "\n  port ");
        of_port_no_format(ps->port_no, s);
        ds_put_cstr(s, ": rx ");
        format_counter(s, "pkts", ps->rx_packets);
        format_counter(s, ", bytes", ps->rx_bytes);
        format_counter(s, ", drop", ps->rx_dropped);
        format_counter(s, ", errs", ps->rx_errors);
        format_counter(s, ", frame", ps->rx_frame_err);
        format_counter(s, ", over", ps->rx_over_err);
        format_counter(s, ", crc", ps->rx_crc_err);
        ds_put_cstr(s, "; tx ");
        format_counter(s, "pkts", ps->tx_packets);
        format_counter(s, ", bytes", ps->tx_bytes);
        format_counter(s, ", drop", ps->tx_dropped);
        format_counter(s, ", errs", ps->tx_errors);
        format_counter(s, ", coll", ps->collisions);
        ds_put_cstr(s, "; ");
        format_duration(s, ps->duration_sec, ps->duration_nsec);
    }
}

/* ---- OFPMP_PORT_DESC (7.3.5.7) ---- */

enum ofperr
of_port_desc_reply_decode(struct of_port_desc_reply *reply,
                          struct ofpbuf_rd *rd, struct arena *arena)
{
    size_t n;

    if (ofpbuf_rd_left(rd) % sizeof(struct ofp_port)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    n = ofpbuf_rd_left(rd) / sizeof(struct ofp_port);
    reply->n = n;
    reply->ports = n ? arena_alloc(arena, n * sizeof *reply->ports) : NULL;
    for (size_t i = 0; i < n; i++) {
        enum ofperr error = of_port_decode(&reply->ports[i], rd);

        if (error) {
            return error;
        }
    }
    return 0;
}

void
of_port_desc_reply_encode(const struct of_port_desc_reply *reply,
                          struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        of_port_encode(&reply->ports[i], out);
    }
}

void
of_port_desc_reply_format(const struct of_port_desc_reply *reply,
                          struct ds *s)
{
    ds_put_format(s, "%zu ports", reply->n);
    for (size_t i = 0; i < reply->n; i++) {
        ds_put_cstr(s, "\n  ");
        of_port_format(&reply->ports[i], s);
    }
}

/* ---- OFPMP_QUEUE (7.3.5.8) ---- */

enum ofperr
of_queue_stats_request_decode(struct of_queue_stats_request *req,
                              struct ofpbuf_rd *rd,
                              struct arena *arena OF_UNUSED)
{
    const struct ofp_queue_stats_request *w;

    if (ofpbuf_rd_left(rd) != sizeof *w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    w = ofpbuf_rd_pull(rd, sizeof *w);
    req->port_no = ofp_get_be32(&w->port_no);
    req->queue_id = ofp_get_be32(&w->queue_id);
    return 0;
}

void
of_queue_stats_request_encode(const struct of_queue_stats_request *req,
                              struct ofpbuf *out)
{
    struct ofp_queue_stats_request *w = ofpbuf_put_zeros(out, sizeof *w);

    ofp_put_be32(&w->port_no, req->port_no);
    ofp_put_be32(&w->queue_id, req->queue_id);
}

void
of_queue_stats_request_format(const struct of_queue_stats_request *req,
                              struct ds *s)
{
    ds_put_cstr(s, "port=");
    of_port_no_format(req->port_no, s);
    ds_put_cstr(s, " queue=");
    format_queue_id(s, req->queue_id);
}

enum ofperr
of_queue_stats_reply_decode(struct of_queue_stats_reply *reply,
                            struct ofpbuf_rd *rd, struct arena *arena)
{
    const struct ofp_queue_stats *w;
    size_t n;

    if (ofpbuf_rd_left(rd) % sizeof *w) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    n = ofpbuf_rd_left(rd) / sizeof *w;
    reply->n = n;
    reply->stats = n ? arena_alloc(arena, n * sizeof *reply->stats) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct of_queue_stats *qs = &reply->stats[i];

        w = ofpbuf_rd_pull(rd, sizeof *w);
        qs->port_no = ofp_get_be32(&w->port_no);
        qs->queue_id = ofp_get_be32(&w->queue_id);
        qs->tx_bytes = ofp_get_be64(&w->tx_bytes);
        qs->tx_packets = ofp_get_be64(&w->tx_packets);
        qs->tx_errors = ofp_get_be64(&w->tx_errors);
        qs->duration_sec = ofp_get_be32(&w->duration_sec);
        qs->duration_nsec = ofp_get_be32(&w->duration_nsec);
    }
    return 0;
}

void
of_queue_stats_reply_encode(const struct of_queue_stats_reply *reply,
                            struct ofpbuf *out)
{
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_queue_stats *qs = &reply->stats[i];
        struct ofp_queue_stats *w = ofpbuf_put_zeros(out, sizeof *w);

        ofp_put_be32(&w->port_no, qs->port_no);
        ofp_put_be32(&w->queue_id, qs->queue_id);
        ofp_put_be64(&w->tx_bytes, qs->tx_bytes);
        ofp_put_be64(&w->tx_packets, qs->tx_packets);
        ofp_put_be64(&w->tx_errors, qs->tx_errors);
        ofp_put_be32(&w->duration_sec, qs->duration_sec);
        ofp_put_be32(&w->duration_nsec, qs->duration_nsec);
    }
}

void
of_queue_stats_reply_format(const struct of_queue_stats_reply *reply,
                            struct ds *s)
{
    ds_put_format(s, "%zu queues", reply->n);
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_queue_stats *qs = &reply->stats[i];

        ds_put_cstr(s, "\n  port ");
        of_port_no_format(qs->port_no, s);
        ds_put_cstr(s, " queue ");
        format_queue_id(s, qs->queue_id);
        ds_put_cstr(s, ": ");
        format_counter(s, "bytes", qs->tx_bytes);
        format_counter(s, ", pkts", qs->tx_packets);
        format_counter(s, ", errors", qs->tx_errors);
        ds_put_cstr(s, ", ");
        format_duration(s, qs->duration_sec, qs->duration_nsec);
    }
}

/* ---- QUEUE_GET_CONFIG_REQUEST and _REPLY (7.3.6) ---- */

enum ofperr
of_queue_get_config_request_decode(struct of_queue_get_config_request *req,
                                   struct ofpbuf_rd *rd,
                                   struct arena *arena OF_UNUSED)
{
    const uint8_t *p;

    if (ofpbuf_rd_left(rd) != BODY_LEN(ofp_queue_get_config_request)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    p = ofpbuf_rd_pull(rd, BODY_LEN(ofp_queue_get_config_request));
    req->port = ofp_get_be32(p + BODY_OFS(ofp_queue_get_config_request,
                                          port));

    /* 7.3.6: 'port' "should refer to a valid physical port (i.e. <=
     * OFPP_MAX), or OFPP_ANY to request all configured queues". */
    if (req->port == 0 || (req->port > OFPP_MAX && req->port != OFPP_ANY)) {
        return OFPERR_OFPQOFC_BAD_PORT;
    }
    return 0;
}

void
of_queue_get_config_request_encode(
    const struct of_queue_get_config_request *req, struct ofpbuf *out)
{
    uint8_t *p = ofpbuf_put_zeros(out,
                                  BODY_LEN(ofp_queue_get_config_request));

    ofp_put_be32(p + BODY_OFS(ofp_queue_get_config_request, port),
                 req->port);
}

void
of_queue_get_config_request_format(
    const struct of_queue_get_config_request *req, struct ds *s)
{
    ds_put_cstr(s, "port=");
    of_port_no_format(req->port, s);
}

/* Decodes the properties of one queue, exactly the 'rd' bytes. */
static enum ofperr
decode_queue_props(struct of_packet_queue *q, struct ofpbuf_rd *rd,
                   struct arena *arena)
{
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_queue_prop_header *h;
        struct of_queue_prop *prop;
        struct ofpbuf_rd body;
        uint16_t type, len;

        h = ofpbuf_rd_peek(rd, sizeof *h);
        if (!h) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        type = ofp_get_be16(&h->property);
        len = ofp_get_be16(&h->len);
        if (len < sizeof *h || !ofpbuf_rd_sub(rd, len, &body)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofpbuf_rd_skip(&body, sizeof *h);

        switch ((enum ofp_queue_properties) type) {
        case OFPQT_MIN_RATE:
        case OFPQT_MAX_RATE:
            /* A.2.2: both are exactly 16 bytes long. */
            if (len != sizeof(struct ofp_queue_prop_min_rate)) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            prop = arena_push(arena, (void **) &q->props, &q->n_props,
                              sizeof *prop);
            prop->type = type;
            ofpbuf_rd_be16(&body, &prop->rate);
            ofpbuf_rd_skip(&body, ofpbuf_rd_left(&body));
            break;

        case OFPQT_EXPERIMENTER:
            /* A.2.2: header, experimenter, pad[4], then len - 16 bytes of
             * experimenter data. */
            if (len < sizeof(struct ofp_queue_prop_experimenter)) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            prop = arena_push(arena, (void **) &q->props, &q->n_props,
                              sizeof *prop);
            prop->type = type;
            ofpbuf_rd_be32(&body, &prop->experimenter.experimenter);
            ofpbuf_rd_skip(&body, 4);
            prop->experimenter.len = ofpbuf_rd_left(&body);
            prop->experimenter.data = ofpbuf_rd_pull(
                &body, prop->experimenter.len);
            break;

        default:
            /* A property this version does not define: its length is
             * sound, so skip it, as OpenFlow asks of unknown hello
             * elements (7.5.1).  It is not re-encoded. */
            break;
        }
    }
    return 0;
}

enum ofperr
of_queue_get_config_reply_decode(struct of_queue_get_config_reply *reply,
                                 struct ofpbuf_rd *rd, struct arena *arena)
{
    const uint8_t *p;

    p = ofpbuf_rd_pull(rd, BODY_LEN(ofp_queue_get_config_reply));
    if (!p) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    reply->port = ofp_get_be32(p + BODY_OFS(ofp_queue_get_config_reply,
                                            port));
    reply->queues = NULL;
    reply->n = 0;
    while (ofpbuf_rd_left(rd)) {
        const struct ofp_packet_queue *w;
        struct of_packet_queue *q;
        struct ofpbuf_rd props;
        enum ofperr error;
        uint16_t len;

        w = ofpbuf_rd_peek(rd, sizeof *w);
        if (!w) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        /* A.2.2: 'len' covers the queue header and its properties. */
        len = ofp_get_be16(&w->len);
        if (len < sizeof *w || !ofpbuf_rd_sub(rd, len, &props)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofpbuf_rd_skip(&props, sizeof *w);

        q = arena_push(arena, (void **) &reply->queues, &reply->n,
                       sizeof *q);
        q->queue_id = ofp_get_be32(&w->queue_id);
        q->port = ofp_get_be32(&w->port);
        error = decode_queue_props(q, &props, arena);
        if (error) {
            return error;
        }
    }
    return 0;
}

static void
encode_queue_prop(const struct of_queue_prop *prop, struct ofpbuf *out)
{
    size_t start = out->size;

    ofpbuf_put_be16(out, prop->type);
    ofpbuf_put_be16(out, 0);            /* Length, set below. */
    ofpbuf_put_zeros(out, 4);
    switch ((enum ofp_queue_properties) prop->type) {
    case OFPQT_MIN_RATE:
    case OFPQT_MAX_RATE:
        ofpbuf_put_be16(out, prop->rate);
        ofpbuf_put_zeros(out, 6);
        break;

    case OFPQT_EXPERIMENTER:
        ofpbuf_put_be32(out, prop->experimenter.experimenter);
        ofpbuf_put_zeros(out, 4);
        if (prop->experimenter.len) {
            ofpbuf_put(out, prop->experimenter.data,
                       prop->experimenter.len);
        }
        break;
    }
    ofpbuf_set_be16(out, start + offsetof(struct ofp_queue_prop_header, len),
                    out->size - start);
}

void
of_queue_get_config_reply_encode(
    const struct of_queue_get_config_reply *reply, struct ofpbuf *out)
{
    uint8_t *p = ofpbuf_put_zeros(out, BODY_LEN(ofp_queue_get_config_reply));

    ofp_put_be32(p + BODY_OFS(ofp_queue_get_config_reply, port),
                 reply->port);
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_packet_queue *q = &reply->queues[i];
        size_t start = out->size;
        struct ofp_packet_queue *w = ofpbuf_put_zeros(out, sizeof *w);

        ofp_put_be32(&w->queue_id, q->queue_id);
        ofp_put_be32(&w->port, q->port);
        for (size_t j = 0; j < q->n_props; j++) {
            encode_queue_prop(&q->props[j], out);
        }
        ofpbuf_set_be16(out, start + offsetof(struct ofp_packet_queue, len),
                        out->size - start);
    }
}

/* Appends a rate in tenths of a percent; above 1000 means disabled
 * (A.2.2). */
static void
format_rate(struct ds *s, const char *name, uint16_t rate)
{
    if (rate > 1000) {
        ds_put_format(s, " %s:disabled", name);
    } else {
        ds_put_format(s, " %s:%u.%u%%", name, rate / 10, rate % 10);
    }
}

void
of_queue_get_config_reply_format(
    const struct of_queue_get_config_reply *reply, struct ds *s)
{
    ds_put_cstr(s, "port=");
    of_port_no_format(reply->port, s);
    for (size_t i = 0; i < reply->n; i++) {
        const struct of_packet_queue *q = &reply->queues[i];

        ds_put_format(s, "\n  queue %"PRIu32":", q->queue_id);
        if (q->port != reply->port) {
            ds_put_cstr(s, " port=");
            of_port_no_format(q->port, s);
        }
        for (size_t j = 0; j < q->n_props; j++) {
            const struct of_queue_prop *prop = &q->props[j];

            switch ((enum ofp_queue_properties) prop->type) {
            case OFPQT_MIN_RATE:
                format_rate(s, "min_rate", prop->rate);
                break;
            case OFPQT_MAX_RATE:
                format_rate(s, "max_rate", prop->rate);
                break;
            case OFPQT_EXPERIMENTER:
                ds_put_format(s, " experimenter:0x%08"PRIx32,
                              prop->experimenter.experimenter);
                if (prop->experimenter.len) {
                    ds_put_cstr(s, "(");
                    ds_put_hex(s, prop->experimenter.data,
                               prop->experimenter.len);
                    ds_put_cstr(s, ")");
                }
                break;
            }
        }
    }
}
