#include "switch/port-queues.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-port.h"
#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/netdev.h"
#include "switch/ports.h"
#include "switch/tc.h"

VLOG_DEFINE_THIS_MODULE(port_queues);

/* ---- Parsing ---- */

/* Parses RATE: bits per second with an optional k, M or G suffix. */
static char *
parse_rate(const char *word, const char *value, uint64_t *bps)
{
    uint64_t mult = 1;
    char *end;
    double x;

    errno = 0;
    x = strtod(value, &end);
    if (end == value || errno || x < 0) {
        return xasprintf("%s: '%s' is not a rate", word, value);
    }
    if (*end == 'k' || *end == 'K') {
        mult = 1000;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        mult = 1000 * 1000;
        end++;
    } else if (*end == 'g' || *end == 'G') {
        mult = 1000 * 1000 * 1000;
        end++;
    }
    if (*end || x * mult >= 1e15) {
        return xasprintf("%s: '%s' is not a rate (bits per second, with an "
                         "optional k, M or G)", word, value);
    }
    *bps = x * mult;
    if (!*bps) {
        return xasprintf("%s: a rate of 0", word);
    }
    return NULL;
}

/* Parses "ID:min=RATE,max=RATE" into '*q'. */
static char *
parse_queue(char *word, struct tc_queue *q)
{
    char *colon = strchr(word, ':');
    char *props, *save = NULL;
    uint64_t id;
    char *error;

    if (!colon) {
        return xasprintf("%s: expected QUEUE:min=RATE,max=RATE", word);
    }
    *colon = '\0';
    props = colon + 1;
    error = of_parse_number("queue", word, TC_QUEUE_MAX, &id);
    if (error) {
        return error;
    }
    q->queue_id = id;
    q->min_bps = TC_RATE_NONE;
    q->max_bps = TC_RATE_NONE;
    for (char *kv = strtok_r(props, ",", &save); kv;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        uint64_t *dst;

        if (!eq) {
            return xasprintf("queue %"PRIu64": '%s' is not min=RATE or "
                             "max=RATE", id, kv);
        }
        *eq = '\0';
        if (!strcmp(kv, "min") || !strcmp(kv, "min-rate")) {
            dst = &q->min_bps;
        } else if (!strcmp(kv, "max") || !strcmp(kv, "max-rate")) {
            dst = &q->max_bps;
        } else {
            return xasprintf("queue %"PRIu64": unknown property '%s' (min "
                             "or max)", id, kv);
        }
        error = parse_rate(kv, eq + 1, dst);
        if (error) {
            return error;
        }
    }
    if (q->min_bps != TC_RATE_NONE && q->max_bps != TC_RATE_NONE
        && q->min_bps > q->max_bps) {
        return xasprintf("queue %"PRIu64": min is above max", id);
    }
    return NULL;
}

static int
compare_queues(const void *a_, const void *b_)
{
    const struct tc_queue *a = a_, *b = b_;

    return a->queue_id < b->queue_id ? -1 : a->queue_id > b->queue_id;
}

static struct dp_port *
find_port(struct ports *ports, const char *arg)
{
    struct dp_port *port = ports_find_by_name(ports, arg);
    uint64_t n;
    char *error;

    if (port) {
        return port;
    }
    if (!strcasecmp(arg, "LOCAL")) {
        return ports_find(ports, OFPP_LOCAL);
    }
    error = of_parse_number(NULL, arg, UINT32_MAX, &n);
    if (error) {
        free(error);
        return NULL;
    }
    return ports_find(ports, n);
}

/* ---- Setting ---- */

/* The port's speed in bits per second, 0 if unknown. */
static uint64_t
port_bps(const struct dp_port *port)
{
    struct netdev_features f;

    netdev_get_features(port->netdev, &f);
    return (uint64_t) f.curr_speed * 1000;
}

static int
set_queues(struct dp_port *port, struct tc_queue *queues, size_t n,
           long long now, char **errmsg)
{
    int ifindex = netdev_get_ifindex(port->netdev);
    int error;

    *errmsg = NULL;
    if (strcmp(netdev_get_type(port->netdev), "afpacket")) {
        if (!n) {
            return 0;
        }
        *errmsg = xasprintf("port %s: queues need a Linux interface port "
                            "(this one is %s)", port->name,
                            netdev_get_type(port->netdev));
        return EOPNOTSUPP;
    }
    error = tc_set_queues(ifindex, port_bps(port), queues, n, errmsg);
    if (error) {
        char *kernel = *errmsg;

        *errmsg = xasprintf("port %s: cannot set its queues: %s%s%s",
                            port->name, strerror(error),
                            kernel ? ": " : "", kernel ? kernel : "");
        free(kernel);
        /* tc_set_queues() left the port without queues. */
        free(port->queues);
        port->queues = NULL;
        port->n_queues = 0;
        return error;
    }
    free(port->queues);
    port->queues = n ? xmemdup(queues, n * sizeof *queues) : NULL;
    port->n_queues = n;
    port->queues_created = now;
    return 0;
}

static void
format_rate(struct ds *s, uint64_t bps)
{
    if (bps == TC_RATE_NONE) {
        ds_put_cstr(s, "none");
    } else if (bps % 1000000000 == 0) {
        ds_put_format(s, "%"PRIu64"G", bps / 1000000000);
    } else if (bps % 1000000 == 0) {
        ds_put_format(s, "%"PRIu64"M", bps / 1000000);
    } else if (bps % 1000 == 0) {
        ds_put_format(s, "%"PRIu64"k", bps / 1000);
    } else {
        ds_put_format(s, "%"PRIu64, bps);
    }
}

char *
port_queues_command(struct ports *ports, const char *args, long long now,
                    struct ds *reply)
{
    struct tc_queue *queues = NULL;
    struct dp_port *port;
    char *copy = xstrdup(args);
    char *save = NULL, *word, *error = NULL;
    size_t n = 0;

    word = strtok_r(copy, " \t\n", &save);
    if (!word) {
        error = xstrdup("set-queues: expected PORT [QUEUE:min=RATE,"
                        "max=RATE]...");
        goto out;
    }
    port = find_port(ports, word);
    if (!port) {
        error = xasprintf("no port '%s'", word);
        goto out;
    }
    while ((word = strtok_r(NULL, " \t\n", &save))) {
        queues = xrealloc(queues, (n + 1) * sizeof *queues);
        error = parse_queue(word, &queues[n]);
        if (error) {
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            if (queues[i].queue_id == queues[n].queue_id) {
                error = xasprintf("queue %"PRIu32" is given twice",
                                  queues[n].queue_id);
                goto out;
            }
        }
        n++;
    }
    if (n) {
        qsort(queues, n, sizeof *queues, compare_queues);
    }
    if (!set_queues(port, queues, n, now, &error)) {
        ds_put_format(reply, "port %u (%s): ", port->ofport, port->name);
        if (!n) {
            ds_put_cstr(reply, "no queues\n");
        }
        for (size_t i = 0; i < n; i++) {
            ds_put_format(reply, "%squeue %"PRIu32" min=", i ? ", " : "",
                          queues[i].queue_id);
            format_rate(reply, queues[i].min_bps);
            ds_put_cstr(reply, " max=");
            format_rate(reply, queues[i].max_bps);
        }
        if (n) {
            ds_put_char(reply, '\n');
        }
        VLOG_INFO("port %s: %zu queue%s", port->name, n, n == 1 ? "" : "s");
    }
out:
    free(queues);
    free(copy);
    return error;
}

void
port_queues_clear(struct dp_port *port)
{
    char *error = NULL;

    if (port->n_queues) {
        set_queues(port, NULL, 0, 0, &error);
        free(error);
    }
    free(port->queues);
    port->queues = NULL;
    port->n_queues = 0;
}

/* ---- Use ---- */

static const struct tc_queue *
find_queue(const struct dp_port *port, uint32_t queue_id)
{
    struct tc_queue key = { .queue_id = queue_id };

    return port->n_queues ? bsearch(&key, port->queues, port->n_queues,
                                    sizeof key, compare_queues)
                          : NULL;
}

uint32_t
port_queue_priority(const struct dp_port *port, uint32_t queue_id)
{
    return find_queue(port, queue_id) ? tc_queue_priority(queue_id) : 0;
}

static void
add_stats(const struct dp_port *port, const struct tc_queue *q,
          long long now, struct arena *arena, struct of_queue_stats **statsp,
          size_t *np)
{
    struct of_queue_stats *s = arena_push(arena, (void **) statsp, np,
                                          sizeof **statsp);
    struct tc_queue_stats ts;
    long long age = MAX(now - port->queues_created, 0);

    memset(&ts, 0, sizeof ts);
    tc_get_queue_stats(netdev_get_ifindex(port->netdev), q->queue_id, &ts);
    s->port_no = port->ofport;
    s->queue_id = q->queue_id;
    s->tx_bytes = ts.tx_bytes;
    s->tx_packets = ts.tx_packets;
    s->tx_errors = ts.tx_errors;
    s->duration_sec = age / 1000;
    s->duration_nsec = age % 1000 * 1000000;
}

enum ofperr
port_queues_stats(const struct dp_port *port, uint32_t queue_id,
                  long long now, struct arena *arena,
                  struct of_queue_stats **statsp, size_t *np)
{
    if (queue_id == OFPQ_ALL) {
        for (size_t i = 0; i < port->n_queues; i++) {
            add_stats(port, &port->queues[i], now, arena, statsp, np);
        }
        return 0;
    } else {
        const struct tc_queue *q = find_queue(port, queue_id);

        if (!q) {
            return OFPERR_OFPQOFC_BAD_QUEUE;
        }
        add_stats(port, q, now, arena, statsp, np);
        return 0;
    }
}

/* 'bps' in tenths of a percent of 'port_bps' (7.2.2), at most 1000. */
static uint16_t
permille(uint64_t bps, uint64_t port_bps_)
{
    uint64_t x;

    if (!port_bps_) {
        return 1000;
    }
    x = (bps * 1000 + port_bps_ / 2) / port_bps_;
    return MIN(x, 1000);
}

void
port_queues_config(const struct dp_port *port, struct arena *arena,
                   struct of_packet_queue **queuesp, size_t *np)
{
    uint64_t speed = port_bps(port);

    for (size_t i = 0; i < port->n_queues; i++) {
        const struct tc_queue *q = &port->queues[i];
        struct of_packet_queue *pq = arena_push(arena, (void **) queuesp, np,
                                                sizeof **queuesp);

        pq->queue_id = q->queue_id;
        pq->port = port->ofport;
        if (q->min_bps != TC_RATE_NONE) {
            struct of_queue_prop *p = arena_push(arena, (void **) &pq->props,
                                                 &pq->n_props,
                                                 sizeof *pq->props);

            p->type = OFPQT_MIN_RATE;
            p->rate = permille(q->min_bps, speed);
        }
        if (q->max_bps != TC_RATE_NONE) {
            struct of_queue_prop *p = arena_push(arena, (void **) &pq->props,
                                                 &pq->n_props,
                                                 sizeof *pq->props);

            p->type = OFPQT_MAX_RATE;
            p->rate = permille(q->max_bps, speed);
        }
    }
}
