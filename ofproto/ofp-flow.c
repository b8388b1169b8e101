#include "ofproto/ofp-flow.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_flow_mod_decode(struct of_flow_mod *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_flow_mod_encode(const struct of_flow_mod *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_flow_mod_format(const struct of_flow_mod *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_flow_removed_decode(struct of_flow_removed *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_flow_removed_encode(const struct of_flow_removed *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_flow_removed_format(const struct of_flow_removed *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_flow_stats_request_decode(struct of_flow_stats_request *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_flow_stats_request_encode(const struct of_flow_stats_request *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_flow_stats_request_format(const struct of_flow_stats_request *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_flow_stats_reply_decode(struct of_flow_stats_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_flow_stats_reply_encode(const struct of_flow_stats_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_flow_stats_reply_format(const struct of_flow_stats_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_aggregate_reply_decode(struct of_aggregate_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_aggregate_reply_encode(const struct of_aggregate_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_aggregate_reply_format(const struct of_aggregate_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

char *
of_flow_mod_parse(struct of_flow_mod *fm OF_UNUSED, const char *s OF_UNUSED, uint8_t command OF_UNUSED, struct arena *arena OF_UNUSED)
{
    return xstrdup("not implemented");
}

char *
of_flow_stats_request_parse(struct of_flow_stats_request *a0 OF_UNUSED, const char *s OF_UNUSED)
{
    return xstrdup("not implemented");
}
