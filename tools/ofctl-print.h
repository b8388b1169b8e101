/*
 * ofctl-print: replies in ovs-ofctl's text layout, so that what ofctl
 * prints for an OpenFlow 1.3 switch reads (and greps) like what
 * `ovs-ofctl -O OpenFlow13` prints for the same switch.
 *
 * ofproto's formatters (of_msg_format() and the of_X_format() of each
 * body) print every field in OpenFlow's own names and order; ovs-ofctl
 * prints Open vSwitch's: nw_dst for ipv4_dst, tp_dst for tcp_dst,
 * dl_vlan for vlan_vid, nw_tos for ip_dscp (shifted), fields in a fixed
 * order whatever the wire order, instructions as meter, apply actions,
 * clear, write actions, write metadata, goto.  These functions work on
 * ofproto's decoded structs and produce the latter.  Fields and actions
 * Open vSwitch does not have (in_phy_port, pbb_isid, ipv6_exthdr,
 * copy_ttl_*, push_pbb, ...) are printed by ofproto's formatters after
 * the others.
 *
 * Each function appends to 'ds'.  Layouts with several lines end with a
 * newline; one-line layouts do not.  Pure functions.
 */
#ifndef TOOLS_OFCTL_PRINT_H
#define TOOLS_OFCTL_PRINT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct of_action;
struct of_aggregate_reply;
struct of_flow_stats;
struct of_group_desc_reply;
struct of_group_features;
struct of_group_stats_reply;
struct of_instruction;
struct of_match;
struct of_meter_config_reply;
struct of_meter_features;
struct of_meter_stats_reply;
struct of_port;
struct of_port_stats_reply;
struct of_switch_config;
struct of_switch_features;
struct of_table_stats_reply;

/* "OFPST_FLOW reply (OF1.3) (xid=0x5):" for 'name' "OFPST_FLOW reply". */
void ofctl_format_header(const char *name, uint32_t xid, struct ds *);

/* "12s", "0.067s" (whole milliseconds get three decimals), or
 * "1.00000025s" (more precise values as many as they need). */
void ofctl_format_duration(uint32_t sec, uint32_t nsec, struct ds *);

/* ---- Flows ---- */

/* The match, preceded by "priority=N," unless 'priority' is 32768 (the
 * default), in Open vSwitch's names and order, without a trailing comma.
 * Appends nothing for an empty match at the default priority. */
void ofctl_format_match(const struct of_match *, int priority, struct ds *);

/* Actions and instructions as the value of "actions=": "drop" when there
 * are none. */
void ofctl_format_actions(const struct of_action *, size_t n, struct ds *);
void ofctl_format_instructions(const struct of_instruction *, size_t n,
                               struct ds *);

/* One dump-flows line without the leading space:
 *   "cookie=0x0, duration=1.5s, table=0, n_packets=0, n_bytes=0,
 *    idle_timeout=10, priority=10,ip,nw_dst=10.0.0.0/24 actions=output:2"
 * With 'show_stats' false, no duration or counters, and the cookie and
 * table only when they are not zero (ovs-ofctl --no-stats). */
void ofctl_format_flow_stats(const struct of_flow_stats *, bool show_stats,
                             struct ds *);

/* " packet_count=N byte_count=N flow_count=N" */
void ofctl_format_aggregate(const struct of_aggregate_reply *, struct ds *);

/* ---- Switch and ports ---- */

/* " dpid:...\nn_tables:N, n_buffers:N\ncapabilities: ...\n" */
void ofctl_format_features(const struct of_switch_features *, struct ds *);

/* " frags=normal miss_send_len=N" */
void ofctl_format_switch_config(const struct of_switch_config *,
                                struct ds *);

/* Ports as ovs-ofctl show prints them, sorted by number, one block of
 * lines each:
 *    1(veth0): addr:aa:bb:cc:dd:ee:ff
 *        config:     0
 *        state:      LIVE
 *        current:    10GB-FD COPPER
 *        speed: 10000 Mbps now, 0 Mbps max */
void ofctl_format_ports(const struct of_port *, size_t n, struct ds *);

/* " N ports\n" and two or three lines per port. */
void ofctl_format_port_stats(const struct of_port_stats_reply *,
                             struct ds *);

/* Tables with ovs-ofctl's "ditto" for runs of tables whose counters are
 * the same. */
void ofctl_format_table_stats(const struct of_table_stats_reply *,
                              struct ds *);

/* ---- Groups and meters ---- */

void ofctl_format_group_desc(const struct of_group_desc_reply *,
                             struct ds *);
void ofctl_format_group_stats(const struct of_group_stats_reply *,
                              struct ds *);
void ofctl_format_group_features(const struct of_group_features *,
                                 struct ds *);
void ofctl_format_meter_config(const struct of_meter_config_reply *,
                               struct ds *);
void ofctl_format_meter_stats(const struct of_meter_stats_reply *,
                              struct ds *);
void ofctl_format_meter_features(const struct of_meter_features *,
                                 struct ds *);

#endif /* tools/ofctl-print.h */
