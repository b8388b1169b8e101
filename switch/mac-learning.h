/*
 * mac-learning: the table of a learning bridge, for ofswitch's
 * fail-standalone mode.
 *
 * With --fail-mode standalone, a switch whose controllers have all been
 * unreachable for a while forwards on its own, as an Ethernet bridge: it
 * learns which port each source MAC address (in its VLAN) was seen on,
 * sends frames to a known destination out of that port alone and floods
 * the others (broadcast, multicast, unknown unicast) out of every port but
 * the input port.  The OpenFlow tables are left as they are and take over
 * again when a controller returns.
 *
 * The table is fixed in size and allocated once: inserting into a full
 * table replaces the entry least recently seen in its bucket.  Entries age
 * out after 'idle_ms' without a frame from the address, and a port's
 * entries go when the port goes down or away, so a host that moves is
 * relearned at once.  Nothing allocates or locks per frame: the datapath
 * thread owns the table.
 */
#ifndef SWITCH_MAC_LEARNING_H
#define SWITCH_MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flow;

/* Default capacity and idle time (like a Linux bridge's ageing time). */
#define MAC_LEARNING_DEFAULT_MAX 8192
#define MAC_LEARNING_DEFAULT_IDLE_MS (300 * 1000)

/* What mac_learning_forward() decided for a frame. */
enum mac_learning_verdict {
    ML_OUTPUT,                  /* Out of one port ('*portp'). */
    ML_FLOOD,                   /* Out of every port but the input port. */
    ML_DROP,                    /* Nowhere: a link-local control frame
                                 * (STP, LLDP, pause), a frame whose source
                                 * is a group address, or one whose
                                 * destination sits on the input port. */
};

struct mac_learning;

/* A table of at most 'max' addresses (rounded up to a power of two), each
 * forgotten after 'idle_ms' unseen. */
struct mac_learning *mac_learning_create(size_t max, long long idle_ms);
void mac_learning_destroy(struct mac_learning *);

/* Learns that 'mac' in 'vlan' (0 if untagged) is on 'port', at time
 * 'now' (ms).  Group addresses are not learned.  Returns true if this is
 * news (a new address, or one that moved). */
bool mac_learning_learn(struct mac_learning *, const uint8_t mac[6],
                        uint16_t vlan, uint32_t port, long long now);

/* The port 'mac' in 'vlan' was last seen on, or 0 if unknown or aged. */
uint32_t mac_learning_lookup(const struct mac_learning *,
                             const uint8_t mac[6], uint16_t vlan,
                             long long now);

/* Forgets every address on 'port'. */
void mac_learning_flush_port(struct mac_learning *, uint32_t port);

/* Forgets everything. */
void mac_learning_flush(struct mac_learning *);

/* How many live entries the table holds. */
size_t mac_learning_count(const struct mac_learning *, long long now);

/* The bridge's decision for the frame whose key is 'flow' (in_port,
 * eth_src, eth_dst, vlan_vid): learns its source, then returns what to do
 * with it, with the output port in '*portp' for ML_OUTPUT. */
enum mac_learning_verdict mac_learning_forward(struct mac_learning *,
                                               const struct flow *,
                                               long long now,
                                               uint32_t *portp);

#endif /* switch/mac-learning.h */
