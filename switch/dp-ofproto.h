/*
 * dp-ofproto: the datapath's side of OpenFlow: every message the agent
 * passes on (FEATURES, CONFIG, FLOW_MOD, PACKET_OUT, PORT_MOD, TABLE_MOD,
 * GROUP_MOD, METER_MOD, multipart requests, BARRIER, QUEUE_GET_CONFIG,
 * ofkit's experimenter messages), and the asynchronous messages the
 * datapath makes (PACKET_IN, FLOW_REMOVED).  Runs on the datapath thread.
 */
#ifndef SWITCH_DP_OFPROTO_H
#define SWITCH_DP_OFPROTO_H 1

#include <stdint.h>

#include "switch/flow-table.h"

struct datapath;
struct dp_cmd;
struct dp_packet;
struct flow;

/* Runs one command; posts its replies or error. */
void dp_run_cmd(struct datapath *, struct dp_cmd *);

/* Sends 'p' to the controllers as a PACKET_IN (see pipeline_env). */
void dp_packet_in(struct datapath *, struct dp_packet *p,
                  const struct flow *flow, uint8_t reason, uint8_t table_id,
                  uint64_t cookie, uint16_t max_len);

/* Sends FLOW_REMOVED for the entries of 'removed' that asked for it. */
void dp_flows_removed(struct datapath *, struct flow_table_removed *removed,
                      long long now);

#endif /* switch/dp-ofproto.h */
