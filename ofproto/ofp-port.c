#include "ofproto/ofp-port.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_port_decode(struct of_port *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_encode(const struct of_port *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_format(const struct of_port *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_port_status_decode(struct of_port_status *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_status_encode(const struct of_port_status *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_status_format(const struct of_port_status *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_port_mod_decode(struct of_port_mod *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_mod_encode(const struct of_port_mod *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_mod_format(const struct of_port_mod *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_port_stats_request_decode(struct of_port_stats_request *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_stats_request_encode(const struct of_port_stats_request *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_stats_request_format(const struct of_port_stats_request *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_port_stats_reply_decode(struct of_port_stats_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_stats_reply_encode(const struct of_port_stats_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_stats_reply_format(const struct of_port_stats_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_port_desc_reply_decode(struct of_port_desc_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_port_desc_reply_encode(const struct of_port_desc_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_port_desc_reply_format(const struct of_port_desc_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_queue_stats_request_decode(struct of_queue_stats_request *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_queue_stats_request_encode(const struct of_queue_stats_request *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_queue_stats_request_format(const struct of_queue_stats_request *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_queue_stats_reply_decode(struct of_queue_stats_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_queue_stats_reply_encode(const struct of_queue_stats_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_queue_stats_reply_format(const struct of_queue_stats_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_queue_get_config_request_decode(struct of_queue_get_config_request *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_queue_get_config_request_encode(const struct of_queue_get_config_request *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_queue_get_config_request_format(const struct of_queue_get_config_request *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_queue_get_config_reply_decode(struct of_queue_get_config_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_queue_get_config_reply_encode(const struct of_queue_get_config_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_queue_get_config_reply_format(const struct of_queue_get_config_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}
