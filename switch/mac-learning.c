#include "switch/mac-learning.h"

#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"
#include "switch/flow.h"

/* Entries per bucket: a lookup reads one bucket (a cache line or two). */
#define WAYS 4

struct ml_entry {
    uint8_t mac[6];
    uint16_t vlan;
    uint32_t port;              /* 0: free. */
    long long seen;             /* ms. */
};

struct mac_learning {
    struct ml_entry *entries;   /* n_buckets * WAYS. */
    size_t n_buckets;           /* A power of two. */
    long long idle_ms;
};

struct mac_learning *
mac_learning_create(size_t max, long long idle_ms)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);
    size_t n = 1;

    while (n * WAYS < max) {
        n *= 2;
    }
    ml->n_buckets = n;
    ml->entries = xzalloc(n * WAYS * sizeof *ml->entries);
    ml->idle_ms = idle_ms;
    return ml;
}

void
mac_learning_destroy(struct mac_learning *ml)
{
    if (ml) {
        free(ml->entries);
        free(ml);
    }
}

static bool
is_group(const uint8_t mac[6])
{
    return mac[0] & 1;
}

static struct ml_entry *
bucket(const struct mac_learning *ml, const uint8_t mac[6], uint16_t vlan)
{
    uint32_t h = 2166136261u;   /* FNV-1a over the address and VLAN. */

    for (int i = 0; i < 6; i++) {
        h = (h ^ mac[i]) * 16777619u;
    }
    h = (h ^ (vlan & 0xff)) * 16777619u;
    h = (h ^ (vlan >> 8)) * 16777619u;
    return &ml->entries[(h & (ml->n_buckets - 1)) * WAYS];
}

static bool
live(const struct mac_learning *ml, const struct ml_entry *e, long long now)
{
    return e->port && now - e->seen < ml->idle_ms;
}

static bool
same(const struct ml_entry *e, const uint8_t mac[6], uint16_t vlan)
{
    return e->vlan == vlan && !memcmp(e->mac, mac, 6);
}

bool
mac_learning_learn(struct mac_learning *ml, const uint8_t mac[6],
                   uint16_t vlan, uint32_t port, long long now)
{
    struct ml_entry *b = bucket(ml, mac, vlan);
    struct ml_entry *victim = NULL;
    bool news;

    if (is_group(mac) || !port) {
        return false;
    }
    for (int i = 0; i < WAYS; i++) {
        struct ml_entry *e = &b[i];

        if (e->port && same(e, mac, vlan)) {
            news = !live(ml, e, now) || e->port != port;
            e->port = port;
            e->seen = now;
            return news;
        }
        /* The victim: a free or aged entry, else the least recently
         * seen. */
        if (!victim || (live(ml, victim, now)
                        && (!live(ml, e, now) || e->seen < victim->seen))) {
            victim = e;
        }
    }
    memcpy(victim->mac, mac, 6);
    victim->vlan = vlan;
    victim->port = port;
    victim->seen = now;
    return true;
}

uint32_t
mac_learning_lookup(const struct mac_learning *ml, const uint8_t mac[6],
                    uint16_t vlan, long long now)
{
    const struct ml_entry *b = bucket(ml, mac, vlan);

    for (int i = 0; i < WAYS; i++) {
        if (live(ml, &b[i], now) && same(&b[i], mac, vlan)) {
            return b[i].port;
        }
    }
    return 0;
}

void
mac_learning_flush_port(struct mac_learning *ml, uint32_t port)
{
    for (size_t i = 0; i < ml->n_buckets * WAYS; i++) {
        if (ml->entries[i].port == port) {
            ml->entries[i].port = 0;
        }
    }
}

void
mac_learning_flush(struct mac_learning *ml)
{
    memset(ml->entries, 0, ml->n_buckets * WAYS * sizeof *ml->entries);
}

size_t
mac_learning_count(const struct mac_learning *ml, long long now)
{
    size_t n = 0;

    for (size_t i = 0; i < ml->n_buckets * WAYS; i++) {
        n += live(ml, &ml->entries[i], now);
    }
    return n;
}

/* 01:80:c2:00:00:00 to 01:80:c2:00:00:0f: frames a bridge never forwards
 * (IEEE 802.1D: STP, pause, LACP, 802.1X, LLDP). */
static bool
is_link_local(const uint8_t mac[6])
{
    return mac[0] == 0x01 && mac[1] == 0x80 && mac[2] == 0xc2 && !mac[3]
           && !mac[4] && mac[5] <= 0x0f;
}

enum mac_learning_verdict
mac_learning_forward(struct mac_learning *ml, const struct flow *flow,
                     long long now, uint32_t *portp)
{
    uint16_t vlan = flow->vlan_vid & 0xfff;
    uint32_t port;

    *portp = 0;
    if (is_group(flow->eth_src) || is_link_local(flow->eth_dst)) {
        return ML_DROP;
    }
    mac_learning_learn(ml, flow->eth_src, vlan, flow->in_port, now);
    if (is_group(flow->eth_dst)) {
        return ML_FLOOD;
    }
    port = mac_learning_lookup(ml, flow->eth_dst, vlan, now);
    if (!port) {
        return ML_FLOOD;
    }
    if (port == flow->in_port) {
        /* The destination is on the segment the frame came from. */
        return ML_DROP;
    }
    *portp = port;
    return ML_OUTPUT;
}
