#include "ofproto/ofp-table.h"

#include "ofproto/ds.h"
#include "ofproto/util.h"

/* STUB: placeholder implementations, replaced as the family is written. */

enum ofperr
of_table_mod_decode(struct of_table_mod *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_table_mod_encode(const struct of_table_mod *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_table_mod_format(const struct of_table_mod *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_table_stats_reply_decode(struct of_table_stats_reply *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_table_stats_reply_encode(const struct of_table_stats_reply *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_table_stats_reply_format(const struct of_table_stats_reply *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}

enum ofperr
of_table_features_list_decode(struct of_table_features_list *a0 OF_UNUSED, struct ofpbuf_rd *a1 OF_UNUSED, struct arena *a2 OF_UNUSED)
{
    return OFPERR_OFPBRC_BAD_TYPE;
}

void
of_table_features_list_encode(const struct of_table_features_list *a0 OF_UNUSED, struct ofpbuf *a1 OF_UNUSED)
{
    ;
}

void
of_table_features_list_format(const struct of_table_features_list *a0 OF_UNUSED, struct ds *a1 OF_UNUSED)
{
    ;
}
