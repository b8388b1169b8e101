/*
 * flow-compose: a frame built from a flow key, for tracing.
 *
 * "ofctl trace" describes a packet either as raw bytes or as a flow in
 * ovs-ofctl syntax ("in_port=1,tcp,nw_dst=10.0.0.2,tp_dst=80"); for the
 * latter the switch needs a real frame to run through its pipeline, since
 * actions edit bytes.  flow_compose() writes the frame the key describes:
 * Ethernet (with a VLAN tag when vlan_vid has OFPVID_PRESENT), then ARP,
 * IPv4 or IPv6 (with TCP, UDP, SCTP, ICMP, or ICMPv6 neighbor discovery
 * with its link-layer option), or one MPLS label stack entry, with correct
 * lengths and checksums, padded to 60 bytes.  Fields the key leaves zero
 * get harmless defaults (TTL 64).
 */
#ifndef SWITCH_FLOW_COMPOSE_H
#define SWITCH_FLOW_COMPOSE_H 1

struct dp_packet;
struct flow;

/* Writes the frame for 'flow' into 'p' (which has its own buffer), with
 * p->in_port = flow->in_port. */
void flow_compose(const struct flow *flow, struct dp_packet *p);

/* Parses "in_port=N,packet=HEX" (a raw frame) or a flow in ovs-ofctl
 * syntax (composed with flow_compose()) into 'p'.  Returns NULL, or an
 * error message naming the offending word (caller frees). */
char *flow_compose_parse(const char *s, struct dp_packet *p)
    __attribute__((warn_unused_result));

#endif /* switch/flow-compose.h */
