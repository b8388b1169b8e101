/*
 * pktbuf: packets held for controllers, named by the buffer_id of a
 * PACKET_IN (OpenFlow 1.3.5, 7.4.1) and released by the PACKET_OUT or
 * FLOW_MOD that names it (7.3.4.2, 7.3.7).
 *
 * A fixed number of slots, each with a buffer allocated on first use and
 * reused after; nothing allocates once warm.  A buffer id is the slot
 * index in its low bits and a per-slot sequence number above, so an id
 * that was already used, or whose slot has been reused since, is told
 * apart from one that never existed:
 *   - an id whose slot holds a later packet, or none: OFPBRC_BUFFER_EMPTY
 *     (7.3.7: "the buffer has already been used or has expired");
 *   - an id no slot could have issued: OFPBRC_BUFFER_UNKNOWN.
 * A slot is taken for a new packet only when free or older than the
 * expiry time; when no slot is, the packet-in carries the whole frame
 * with OFP_NO_BUFFER, as the spec allows.
 *
 * Time is an argument (monotonic milliseconds).  Threading: none; the
 * pool belongs to the datapath thread.
 */
#ifndef SWITCH_PKTBUF_H
#define SWITCH_PKTBUF_H 1

#include <stddef.h>
#include <stdint.h>

#include "ofproto/ofp-errors.h"

struct dp_packet;
struct pktbuf;

#define PKTBUF_DEFAULT_SLOTS 256
#define PKTBUF_EXPIRY_MS 5000

/* Creates a pool of 'n_slots' (a power of two up to 65536) slots. */
struct pktbuf *pktbuf_create(unsigned int n_slots);
void pktbuf_destroy(struct pktbuf *);   /* Accepts NULL. */

/* Saves a copy of 'p' (frame, in_port, offload state) at 'now'.  Returns
 * its buffer id, or OFP_NO_BUFFER if no slot is free. */
uint32_t pktbuf_save(struct pktbuf *, const struct dp_packet *p,
                     long long now);

/* Copies the packet saved as 'id' into 'p' (which has its own buffer, of
 * at least PACKET_MAX_LEN + PACKET_HEADROOM bytes) and frees the slot.
 * Returns 0 or OFPBRC_BUFFER_EMPTY / OFPBRC_BUFFER_UNKNOWN. */
enum ofperr pktbuf_retrieve(struct pktbuf *, uint32_t id, struct dp_packet *p,
                            long long now);

/* Frees the slots older than the expiry time.  Returns how many. */
unsigned int pktbuf_expire(struct pktbuf *, long long now);

/* Slots holding a packet. */
unsigned int pktbuf_count(const struct pktbuf *);

#endif /* switch/pktbuf.h */
