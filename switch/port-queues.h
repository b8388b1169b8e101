/*
 * port-queues: the egress queues of ofswitch's ports (OpenFlow 1.3,
 * 7.2.2 and 7.3.5.8).
 *
 * An operator gives a port its queues through the control socket (ofctl
 * set-queues), in absolute rates, as Open vSwitch's QoS records do:
 *
 *   ofctl set-queues unix:/run/ofkit/br0.ctl p1 1:min=10M,max=100M 2:max=1G
 *   ofctl set-queues unix:/run/ofkit/br0.ctl p1        (no queues again)
 *
 * Each QUEUE:PROPS word is one queue: its id (0 to TC_QUEUE_MAX) and
 * min=RATE and/or max=RATE, RATE in bits per second with an optional k, M
 * or G suffix (powers of 1000).  A port's queues are replaced as a whole.
 * The kernel does the shaping (switch/tc.h), so queues exist on Linux
 * interface ports (afpacket), not on tap or dummy ports.
 *
 * The set_queue action sends a packet into a queue by its id; a packet
 * without one, or for a queue its port lacks, leaves through the port's
 * default class, which shares what the queues leave.  QUEUE_GET_CONFIG
 * reports each queue's rates in tenths of a percent of the port's current
 * speed (OFPQT_MIN_RATE, OFPQT_MAX_RATE), OFPMP_QUEUE the kernel's counts
 * of what each queue sent and dropped.
 */
#ifndef SWITCH_PORT_QUEUES_H
#define SWITCH_PORT_QUEUES_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"

struct arena;
struct dp_port;
struct ds;
struct of_packet_queue;
struct of_queue_stats;
struct ports;
struct tc_queue;

/* Runs "PORT [QUEUE:PROPS]..." (above) on 'ports'.  Returns NULL, with a
 * line for the operator in 'reply' (a ds), or an error message naming the
 * offending word, which the caller must free(). */
char *port_queues_command(struct ports *, const char *args, long long now,
                          struct ds *reply)
    __attribute__((warn_unused_result));

/* Removes the port's queues (and the kernel's queueing discipline), as
 * when the port is closed. */
void port_queues_clear(struct dp_port *);

/* The socket priority for sending a packet to queue 'queue_id' of 'port'
 * (0: the port's default). */
uint32_t port_queue_priority(const struct dp_port *, uint32_t queue_id);

/* Appends the statistics of queue 'queue_id' (OFPQ_ALL: every queue) of
 * 'port' to '*statsp' (grown in 'arena').  Returns 0, or
 * OFPERR_OFPQOFC_BAD_QUEUE if the port has no such queue. */
enum ofperr port_queues_stats(const struct dp_port *, uint32_t queue_id,
                              long long now, struct arena *,
                              struct of_queue_stats **statsp, size_t *np);

/* Appends the port's queues, with their rate properties, to '*queuesp'. */
void port_queues_config(const struct dp_port *, struct arena *,
                        struct of_packet_queue **queuesp, size_t *np);

#endif /* switch/port-queues.h */
