/*
 * meter-table: the switch's meter table (OpenFlow 1.3.5, 5.7 and
 * 7.3.4.4).
 *
 * The table holds meters, each a list of bands copied out of a decoded
 * METER_MOD.  It applies METER_MOD ADD, MODIFY and DELETE with the spec's
 * errors, answers the METER, METER_CONFIG and METER_FEATURES multiparts,
 * and meters packets: the pipeline calls meter_apply() for each packet of
 * a flow with a meter instruction, and the datapath may call it with the
 * virtual meter OFPM_CONTROLLER before sending a packet-in (and
 * OFPM_SLOWPATH for whatever it calls its slow path), so that the
 * controller is not flooded.  Those two ids are meters like any other:
 * they exist once a METER_MOD adds them.
 *
 * Measuring.  Each band is a token bucket filled at the band's rate: in
 * kilobits per second (OFPMF_KBPS, and when neither KBPS nor PKTPS is
 * given) counting the bytes the caller passes (the whole frame), or in
 * packets per second (OFPMF_PKTPS).  Arithmetic is integer, in units
 * chosen so that a band gains exactly 'rate' units per nanosecond: a
 * millionth of a bit (kbps) or a billionth of a packet (pktps).  No
 * rounding error accumulates, and 64-bit integers hold every rate from
 * 1 to 2**32 - 1 with any burst.
 *
 * Burst.  With OFPMF_BURST, a band's bucket holds 'burst_size' kilobits
 * (kbps) or packets (pktps).  Without it, the bucket holds what the rate
 * brings in 100 ms (METER_DEFAULT_BURST_NS), and at least two packets
 * (pktps) or two full-size Ethernet frames of METER_MIN_BURST_FRAME bytes
 * (kbps): a bucket that holds only one packet fills up between two
 * arrivals and loses what the rate brings until the next one, so that a
 * 10 packet/s meter offered 100 jittery packets a second would let about
 * 9.5 through.  A bucket starts full.  A packet conforms to a band if the
 * bucket holds its cost, or, for a packet costing more than the whole
 * bucket, if the bucket is full; a conforming packet takes its cost out,
 * which for such a large packet leaves the bucket in debt, so that the
 * long-run rate still holds.
 *
 * Bands (5.7).  "The meter applies the meter band with the highest
 * configured rate that is lower than the current measured rate": bands
 * are tried from the highest rate down (equal rates in the message's
 * order); each band the packet conforms to is charged, and the first it
 * exceeds applies, and lower bands are neither tried nor charged (as the
 * two-rate three-color marker of RFC 2698 charges its buckets).  A packet
 * that conforms to every band passes unchanged.  The applied band says
 * what happens: OFPMBT_DROP drops the packet; OFPMBT_DSCP_REMARK lets it
 * pass with a higher drop precedence (meter_dscp_remark()).
 *
 * Time is an argument, never read here: 'now' is a monotonic time in
 * nanoseconds (the same clock for every call).  A time earlier than the
 * last one adds no tokens.
 *
 * Counters.  A meter counts every packet and byte it sees and each band
 * the packets and bytes it applied to; they are kept whatever the
 * OFPMF_STATS flag says.  flow_count is the number of flows whose meter
 * instruction names the meter: the caller tells the table about them
 * (meter_table_ref_flow(), meter_table_unref_flow()).
 *
 * What the caller does.  A flow whose meter instruction names a meter
 * that does not exist is OFPMMFC_UNKNOWN_METER (the caller checks with
 * meter_table_find()).  When a DELETE removes meters, the caller removes
 * the flows that use them; the ids removed are handed back for that.
 *
 * Lifetime.  A struct meter belongs to the table; a pointer from
 * meter_table_find() stays valid until the next meter_table_meter_mod()
 * (a MODIFY keeps the struct meter).
 *
 * Threading: none.  The table belongs to the datapath thread.
 * meter_apply() allocates nothing, takes no lock and reads no clock.
 */
#ifndef SWITCH_METER_TABLE_H
#define SWITCH_METER_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-meter.h"

struct arena;
struct meter;
struct meter_table;

/* The burst of a band without OFPMF_BURST: what its rate brings in this
 * many nanoseconds. */
#define METER_DEFAULT_BURST_NS 100000000

/* ...but at least two frames of this many bytes (kbps bands). */
#define METER_MIN_BURST_FRAME 1518

/* ---- Configuration ---- */

struct meter_table_config {
    uint32_t max_meters;        /* An ADD past it: OFPMMFC_OUT_OF_METERS. */
    uint8_t max_bands;          /* Per meter: OFPMMFC_OUT_OF_BANDS. */
};

/* 65536 meters of at most 16 bands. */
void meter_table_config_default(struct meter_table_config *);

/* ---- Create and destroy ---- */

/* Creates an empty table with the limits of 'config' (the defaults if
 * NULL). */
struct meter_table *meter_table_create(const struct meter_table_config *);

/* Frees the table and every meter.  Accepts NULL. */
void meter_table_destroy(struct meter_table *);

const struct meter_table_config *
meter_table_get_config(const struct meter_table *);

/* Number of meters. */
size_t meter_table_count(const struct meter_table *);

/* ---- Meter mods ---- */

/* Applies 'mm' at 'now'.  Returns 0 or the OpenFlow error, in which case
 * the table is unchanged.  Checks, in this order:
 *
 *   unknown command ................................. OFPMMFC_BAD_COMMAND
 *   meter_id 0, or above OFPM_MAX other than
 *     OFPM_SLOWPATH and OFPM_CONTROLLER (and OFPM_ALL
 *     for DELETE) ................................... OFPMMFC_INVALID_METER
 *   DELETE of a meter that does not exist: nothing happens, no error
 *   ADD and MODIFY:
 *     unknown flags, or KBPS with PKTPS .............. OFPMMFC_BAD_FLAGS
 *     ADD of an id that exists ....................... OFPMMFC_METER_EXISTS
 *     MODIFY of an id that does not .................. OFPMMFC_UNKNOWN_METER
 *     ADD to a table holding 'max_meters' meters ..... OFPMMFC_OUT_OF_METERS
 *     more bands than 'max_bands' .................... OFPMMFC_OUT_OF_BANDS
 *     a band other than DROP and DSCP_REMARK ......... OFPMMFC_BAD_BAND
 *     a band of rate 0 ............................... OFPMMFC_BAD_RATE
 *     OFPMF_BURST with a band of burst_size 0 ........ OFPMMFC_BAD_BURST
 *     DSCP_REMARK prec_level above 63 ................ OFPMMFC_BAD_BAND_VALUE
 *
 * ADD creates the meter.  MODIFY replaces its configuration, flags and
 * bands (7.3.4.4): the meter's counters, duration and flow count stay;
 * the bands' counters and buckets start again (full).  DELETE removes
 * the meter, or every meter for OFPM_ALL (virtual ones included).
 *
 * If 'deletedp' is nonnull, the ids of the meters a DELETE removed are
 * appended, in ascending order, to '*deletedp', an array of '*n_deletedp'
 * elements grown with arena_push() in 'arena': the caller must remove the
 * flows that use them. */
enum ofperr meter_table_meter_mod(struct meter_table *,
                                  const struct of_meter_mod *mm,
                                  long long now, struct arena *arena,
                                  uint32_t **deletedp, size_t *n_deletedp);

/* ---- References from flows ---- */

/* A flow whose meter instruction names 'meter_id' was added (ref) or
 * removed (unref).  Meters that do not exist are skipped. */
void meter_table_ref_flow(struct meter_table *, uint32_t meter_id);
void meter_table_unref_flow(struct meter_table *, uint32_t meter_id);

/* ---- Metering (per packet) ---- */

/* The meter 'id', or NULL. */
struct meter *meter_table_find(const struct meter_table *, uint32_t id);

enum meter_verdict {
    METER_PASS,                 /* No band applies. */
    METER_DROP,                 /* An OFPMBT_DROP band applies. */
    METER_REMARK,               /* An OFPMBT_DSCP_REMARK band applies. */
};

/* Meters one frame arriving at 'now' that stands for 'n_packets' packets
 * of 'n_bytes' bytes in all (1 and its length, or for a GSO super-frame
 * the segments it will be cut into, with their headers): counts them,
 * charges the bands and returns what to do with the frame, which passes
 * or is dropped whole.  For METER_REMARK, stores the band's prec_level in
 * '*prec_level' (the caller remarks IPv4 and IPv6 packets with
 * meter_dscp_remark() and lets others pass unchanged).  No allocation, no
 * lock. */
enum meter_verdict meter_apply(struct meter *, long long now,
                               uint32_t n_packets, uint32_t n_bytes,
                               uint8_t *prec_level);

/* A band as meter_peek() reports it. */
struct meter_band_info {
    size_t index;               /* In the METER_MOD's order. */
    uint16_t type;              /* OFPMBT_*. */
    uint32_t rate;              /* kbps, or packets per second if 'pktps'. */
    bool pktps;
    uint8_t prec_level;
};

/* What meter_apply() would answer for the same frame, without counting or
 * charging anything (for tracing).  Unless it answers METER_PASS, stores
 * the band that would apply in '*applied'. */
enum meter_verdict meter_peek(const struct meter *, long long now,
                              uint32_t n_packets, uint32_t n_bytes,
                              struct meter_band_info *applied);

/* The meter's id. */
uint32_t meter_id(const struct meter *);

/* The DSCP of a packet whose drop precedence a DSCP_REMARK band raises by
 * 'prec_level' (5.7: "increase the drop precedence of the DSCP field"):
 *   - an Assured Forwarding codepoint (RFC 2597: class 1 to 4, drop
 *     precedence 1 to 3, "cccdd0") keeps its class and takes drop
 *     precedence dd + prec_level, at most 3 (AF11 -> AF12 -> AF13);
 *   - any other codepoint (class selectors, EF, the default) is treated
 *     by its class-selector bits "ccc" (RFC 2474, 4.2.2: a higher class is
 *     forwarded in preference), which drop by 'prec_level', at least to 0,
 *     giving the class-selector codepoint (CS3 -> CS2, EF -> CS4).
 * The second rule is how other switches (ofsoftswitch13) and Ryu's
 * conformance tests read the field for codepoints outside AF.  A
 * prec_level of 0 changes nothing. */
uint8_t meter_dscp_remark(uint8_t dscp, uint8_t prec_level);

/* ---- Statistics, configuration, features ---- */

/* Appends to '*statsp' (an array of '*np' entries grown with arena_push()
 * in 'arena') the statistics of meter 'meter_id' at 'now', or of every
 * meter for OFPM_ALL, by ascending id.  A meter that does not exist adds
 * nothing.  Band counter arrays are allocated from 'arena', in the bands'
 * order in the METER_MOD. */
void meter_table_stats(const struct meter_table *, uint32_t meter_id,
                       long long now, struct arena *arena,
                       struct of_meter_stats **statsp, size_t *np);

/* Appends the configuration of 'meter_id' (or every meter for OFPM_ALL)
 * the same way: flags and bands as the METER_MOD gave them. */
void meter_table_configs(const struct meter_table *, uint32_t meter_id,
                         struct arena *arena,
                         struct of_meter_config **configsp, size_t *np);

/* What the table supports: 'max_meters' meters, DROP and DSCP_REMARK
 * bands, the KBPS, PKTPS, BURST and STATS flags, 'max_bands' bands per
 * meter, no color. */
void meter_table_features(const struct meter_table *,
                          struct of_meter_features *);

#endif /* switch/meter-table.h */
