/*
 * tc: egress queues of a Linux port, as the kernel's HTB queueing
 * discipline, configured over rtnetlink.
 *
 * OpenFlow's queues (7.3.5.8) hang off a port: each has an id, a minimum
 * rate it is guaranteed and a maximum rate it may not exceed, and the
 * set_queue action picks the queue a packet leaves through.  A userspace
 * switch sends through a packet socket, and the kernel passes what it
 * sends through the interface's queueing discipline, so the kernel shapes
 * for us, exactly and without a timer of ours:
 *
 *   1:      htb, the root, default class 1:ffff
 *   1:fffe  the port: rate and ceil the port's speed (everything below
 *           borrows from it)
 *   1:Q+1   queue Q: rate its minimum (a trickle if none), ceil its
 *           maximum (the port's speed if none)
 *   1:ffff  frames without a queue, or with a queue the port lacks:
 *           rate whatever the queues' minimums leave, ceil the port
 *
 * A frame goes to class 1:Q+1 when its socket priority is that class's
 * handle (TC_H_MAKE(1 << 16, Q + 1)): tc_queue_priority() gives it, and
 * the afpacket netdev sends a queue's frames through a socket of that
 * priority.  Queue ids are 0 to TC_QUEUE_MAX.
 *
 * Statistics come from the kernel's class counters: what each class sent
 * and what it dropped because its queue was full.
 *
 * Everything here is control plane: a few netlink round trips per call,
 * from the thread that owns the port.
 */
#ifndef SWITCH_TC_H
#define SWITCH_TC_H 1

#include <stddef.h>
#include <stdint.h>

/* Largest queue id (class minors 1:1 to 1:fffd). */
#define TC_QUEUE_MAX 0xfffc

/* "No limit" for a rate. */
#define TC_RATE_NONE UINT64_MAX

struct tc_queue {
    uint32_t queue_id;
    uint64_t min_bps;           /* Bits per second, or TC_RATE_NONE. */
    uint64_t max_bps;           /* Bits per second, or TC_RATE_NONE. */
};

struct tc_queue_stats {
    uint64_t tx_packets;
    uint64_t tx_bytes;
    uint64_t tx_errors;         /* Dropped by a full queue. */
};

/* Replaces the queues of the interface 'ifindex' (in the calling thread's
 * network namespace) with the 'n' in 'queues', on a port of 'port_bps'
 * bits per second (its speed; 0 if unknown: 10 Gbit/s is assumed).  With
 * 'n' == 0 the port's queueing discipline returns to the kernel's
 * default.  Returns 0 or an errno value; '*errmsg' (if not NULL) then
 * gets the kernel's words, which the caller must free(). */
int tc_set_queues(int ifindex, uint64_t port_bps,
                  const struct tc_queue *queues, size_t n, char **errmsg);

/* Reads the counters of queue 'queue_id' of 'ifindex' into '*stats'.
 * Returns 0, ENOENT if the port has no such queue, or an errno value. */
int tc_get_queue_stats(int ifindex, uint32_t queue_id,
                       struct tc_queue_stats *stats);

/* The socket priority that sends a frame into queue 'queue_id'. */
uint32_t tc_queue_priority(uint32_t queue_id);

#endif /* switch/tc.h */
