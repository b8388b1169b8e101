/*
 * ofp-meter: METER_MOD and the METER, METER_CONFIG and METER_FEATURES
 * multipart bodies, and ovs-ofctl meter syntax.  Codec verbs as described
 * in ofp-switch.h.
 *
 * METER_MOD validation (OpenFlow 1.3.5, 7.3.4.4 and A.4.4):
 *   message shorter than struct ofp_meter_mod ......... OFPBRC_BAD_LEN
 *   unknown command .................................... OFPMMFC_BAD_COMMAND
 *   unknown flags, or both KBPS and PKTPS .............. OFPMMFC_BAD_FLAGS
 *   meter_id 0, or above OFPM_MAX other than
 *     OFPM_SLOWPATH/OFPM_CONTROLLER (and OFPM_ALL for
 *     DELETE) ......................................... OFPMMFC_INVALID_METER
 *   band list: bytes left that are too few for a band,
 *     band len below 16, not a multiple of 8, other
 *     than 16 for DROP/DSCP_REMARK, or past the end .... OFPMMFC_BAD_BAND
 *   unknown band type .................................. OFPMMFC_BAD_BAND
 *   and, except for DELETE, whose bands are decoded but ignored:
 *   rate 0 (any band type) ............................. OFPMMFC_BAD_RATE
 *   DSCP remark prec_level above 63 ................... OFPMMFC_BAD_BAND_VALUE
 *
 * Replies: an entry of a METER or METER_CONFIG reply whose length is short,
 * not a whole number of parts, or past the end is OFPBRC_BAD_LEN; bands
 * inside a METER_CONFIG entry follow the band length and type rules above,
 * but their values are not checked.  METER_FEATURES is exactly 16 bytes.
 * An experimenter band's data is everything after its 16-byte header, in
 * the caller's bytes; encoding pads it with zeros to a multiple of 8.
 */
#ifndef OFPROTO_OFP_METER_H
#define OFPROTO_OFP_METER_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp13.h"

struct arena;
struct ds;
struct ofpbuf;
struct ofpbuf_rd;

/* A meter band.  'prec_level' is used by OFPMBT_DSCP_REMARK,
 * 'experimenter' by OFPMBT_EXPERIMENTER. */
struct of_meter_band {
    uint16_t type;              /* OFPMBT_*. */
    uint32_t rate;
    uint32_t burst_size;
    uint8_t prec_level;
    struct of_experimenter experimenter;
};

/* OFPT_METER_MOD. */
struct of_meter_mod {
    uint16_t command;           /* OFPMC_*. */
    uint16_t flags;             /* OFPMF_*. */
    uint32_t meter_id;
    struct of_meter_band *bands;
    size_t n_bands;
};

/* Body of OFPMP_METER and OFPMP_METER_CONFIG requests. */
struct of_meter_mp_request {
    uint32_t meter_id;          /* OFPM_ALL for all. */
};

struct of_meter_band_stats {
    uint64_t packet_band_count;
    uint64_t byte_band_count;
};

struct of_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count;
    uint64_t byte_in_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    struct of_meter_band_stats *bands;
    size_t n_bands;
};

struct of_meter_stats_reply {
    struct of_meter_stats *stats;
    size_t n;
};

struct of_meter_config {
    uint16_t flags;
    uint32_t meter_id;
    struct of_meter_band *bands;
    size_t n_bands;
};

struct of_meter_config_reply {
    struct of_meter_config *configs;
    size_t n;
};

/* OFPMP_METER_FEATURES reply. */
struct of_meter_features {
    uint32_t max_meter;
    uint32_t band_types;        /* Bitmap of 1 << OFPMBT_*. */
    uint32_t capabilities;      /* OFPMF_*. */
    uint8_t max_bands;
    uint8_t max_color;
};

enum ofperr of_meter_mod_decode(struct of_meter_mod *, struct ofpbuf_rd *,
                                struct arena *);
void of_meter_mod_encode(const struct of_meter_mod *, struct ofpbuf *);
void of_meter_mod_format(const struct of_meter_mod *, struct ds *);

enum ofperr of_meter_mp_request_decode(struct of_meter_mp_request *,
                                       struct ofpbuf_rd *, struct arena *);
void of_meter_mp_request_encode(const struct of_meter_mp_request *,
                                struct ofpbuf *);
void of_meter_mp_request_format(const struct of_meter_mp_request *,
                                struct ds *);

enum ofperr of_meter_stats_reply_decode(struct of_meter_stats_reply *,
                                        struct ofpbuf_rd *, struct arena *);
void of_meter_stats_reply_encode(const struct of_meter_stats_reply *,
                                 struct ofpbuf *);
void of_meter_stats_reply_format(const struct of_meter_stats_reply *,
                                 struct ds *);

enum ofperr of_meter_config_reply_decode(struct of_meter_config_reply *,
                                         struct ofpbuf_rd *, struct arena *);
void of_meter_config_reply_encode(const struct of_meter_config_reply *,
                                  struct ofpbuf *);
void of_meter_config_reply_format(const struct of_meter_config_reply *,
                                  struct ds *);

enum ofperr of_meter_features_decode(struct of_meter_features *,
                                     struct ofpbuf_rd *, struct arena *);
void of_meter_features_encode(const struct of_meter_features *,
                              struct ofpbuf *);
void of_meter_features_format(const struct of_meter_features *,
                              struct ds *);

/* Parses a meter in ovs-ofctl syntax, e.g.
 *   "meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100"
 * into 'mm' for 'command' (OFPMC_*), arrays from 'arena'.
 *
 * Words are separated by commas or white space: meter=N|all|controller|
 * slowpath (required except for OFPMC_DELETE, which defaults to all), the
 * flags kbps, pktps, burst and stats, then "bands=" followed by bands, each
 * starting with type=drop|dscp_remark and taking rate=N (required, not 0),
 * burst_size=N and, for dscp_remark, prec_level=N (0 to 63).  Returns NULL,
 * or an error message naming the offending word that the caller must
 * free(). */
char *of_meter_mod_parse(struct of_meter_mod *mm, const char *s,
                         uint16_t command, struct arena *arena)
    __attribute__((warn_unused_result));

#endif /* ofproto/ofp-meter.h */
