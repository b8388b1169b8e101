#include "switch/pktbuf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "switch/packet.h"

struct pktbuf_slot {
    uint8_t *buf;               /* PACKET_MAX_LEN bytes, or NULL. */
    bool in_use;
    uint32_t len;               /* Frame length. */
    uint32_t in_port;
    struct packet_offload offload;
    uint16_t seq;               /* Sequence of the packet it holds. */
    long long saved;
};

struct pktbuf {
    unsigned int n_slots;
    unsigned int shift;         /* log2(n_slots). */
    unsigned int next;          /* Where the next search starts. */
    unsigned int count;
    struct pktbuf_slot *slots;
};

struct pktbuf *
pktbuf_create(unsigned int n_slots)
{
    struct pktbuf *pb = xzalloc(sizeof *pb);

    if (!n_slots || n_slots > 65536 || n_slots & (n_slots - 1)) {
        n_slots = PKTBUF_DEFAULT_SLOTS;
    }
    pb->n_slots = n_slots;
    while ((1u << pb->shift) < n_slots) {
        pb->shift++;
    }
    pb->slots = xcalloc(n_slots, sizeof *pb->slots);
    return pb;
}

void
pktbuf_destroy(struct pktbuf *pb)
{
    if (!pb) {
        return;
    }
    for (unsigned int i = 0; i < pb->n_slots; i++) {
        free(pb->slots[i].buf);
    }
    free(pb->slots);
    free(pb);
}

static uint32_t
make_id(const struct pktbuf *pb, unsigned int slot, uint16_t seq)
{
    /* Sequence numbers start at 1, so no id is 0 ... and none is
     * OFP_NO_BUFFER: the sequence is at most 0xffff and the id fits in
     * 'shift' + 16 <= 32 bits with at least one slot bit clear or the
     * sequence below 0xffff. */
    return ((uint32_t) seq << pb->shift) | slot;
}

uint32_t
pktbuf_save(struct pktbuf *pb, const struct dp_packet *p, long long now)
{
    for (unsigned int k = 0; k < pb->n_slots; k++) {
        unsigned int i = (pb->next + k) & (pb->n_slots - 1);
        struct pktbuf_slot *s = &pb->slots[i];
        uint32_t id;

        if (s->in_use && now - s->saved < PKTBUF_EXPIRY_MS) {
            continue;
        }
        if (!s->buf) {
            s->buf = xmalloc(PACKET_MAX_LEN);
        }
        if (p->len > PACKET_MAX_LEN) {
            return OFP_NO_BUFFER;
        }
        if (!s->in_use) {
            s->in_use = true;
            pb->count++;
        }
        /* Skip sequence numbers that would give 0 or OFP_NO_BUFFER. */
        do {
            s->seq = s->seq + 1 ? s->seq + 1 : 1;
            id = make_id(pb, i, s->seq);
        } while (id == OFP_NO_BUFFER || id == 0);
        memcpy(s->buf, p->data, p->len);
        s->len = p->len;
        s->in_port = p->in_port;
        s->offload = p->offload;
        s->saved = now;
        pb->next = i + 1;
        return id;
    }
    return OFP_NO_BUFFER;
}

enum ofperr
pktbuf_retrieve(struct pktbuf *pb, uint32_t id, struct dp_packet *p,
                long long now)
{
    unsigned int i = id & (pb->n_slots - 1);
    uint32_t seq = id >> pb->shift;
    struct pktbuf_slot *s = &pb->slots[i];

    if (id == OFP_NO_BUFFER || seq == 0 || seq > 0xffff) {
        return OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    if (!s->in_use || s->seq != seq
        || now - s->saved >= PKTBUF_EXPIRY_MS) {
        /* Used, expired or overwritten: once it existed, or could have
         * (its sequence is not ahead of the slot's). */
        if (!s->seq || (uint16_t) (s->seq - seq) >= 0x8000) {
            return OFPERR_OFPBRC_BUFFER_UNKNOWN;
        }
        return OFPERR_OFPBRC_BUFFER_EMPTY;
    }
    if (!packet_set_frame(p, s->buf, s->len)) {
        return OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    p->in_port = s->in_port;
    p->offload = s->offload;
    s->in_use = false;
    pb->count--;
    return 0;
}

unsigned int
pktbuf_expire(struct pktbuf *pb, long long now)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < pb->n_slots; i++) {
        struct pktbuf_slot *s = &pb->slots[i];

        if (s->in_use && now - s->saved >= PKTBUF_EXPIRY_MS) {
            s->in_use = false;
            pb->count--;
            n++;
        }
    }
    return n;
}

unsigned int
pktbuf_count(const struct pktbuf *pb)
{
    return pb->count;
}
