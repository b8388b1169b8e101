#include "ofproto/ofp-group.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_group_mod_decode(struct of_group_mod *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_group_mod_encode(const struct of_group_mod *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_group_mod_format(const struct of_group_mod *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_group_stats_request_decode(struct of_group_stats_request *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_group_stats_request_encode(const struct of_group_stats_request *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_group_stats_request_format(const struct of_group_stats_request *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_group_stats_reply_decode(struct of_group_stats_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_group_stats_reply_encode(const struct of_group_stats_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_group_stats_reply_format(const struct of_group_stats_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_group_desc_reply_decode(struct of_group_desc_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_group_desc_reply_encode(const struct of_group_desc_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_group_desc_reply_format(const struct of_group_desc_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_group_features_decode(struct of_group_features *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_group_features_encode(const struct of_group_features *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_group_features_format(const struct of_group_features *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

char *
of_group_mod_parse(struct of_group_mod *gm OF_UNUSED, const char *s OF_UNUSED, uint16_t command OF_UNUSED, struct arena *arena OF_UNUSED)
{
    return xstrdup("not implemented");
}
