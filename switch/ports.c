#include "switch/ports.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp13.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/port-queues.h"

VLOG_DEFINE_THIS_MODULE(ports);

void
ports_init(struct ports *ps)
{
    ps->ports = NULL;
    ps->n = 0;
    ps->next_ofport = 1;
}

static void
port_free(struct dp_port *port)
{
    port_queues_clear(port);
    netdev_close(port->netdev);
    free(port->tx_bufs);
    free(port);
}

void
ports_destroy(struct ports *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        port_free(ps->ports[i]);
    }
    free(ps->ports);
    ports_init(ps);
}

struct dp_port *
ports_find(const struct ports *ps, uint32_t ofport)
{
    size_t lo = 0, hi = ps->n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (ps->ports[mid]->ofport < ofport) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < ps->n && ps->ports[lo]->ofport == ofport ? ps->ports[lo]
                                                         : NULL;
}

struct dp_port *
ports_find_by_name(const struct ports *ps, const char *name)
{
    for (size_t i = 0; i < ps->n; i++) {
        if (!strcmp(ps->ports[i]->name, name)) {
            return ps->ports[i];
        }
    }
    return NULL;
}

struct dp_port *
ports_add(struct ports *ps, const char *name, const char *type,
          uint32_t ofport, long long now, char **errorp)
{
    struct dp_port *port;
    struct netdev *netdev;
    size_t pos;
    int error;

    *errorp = NULL;
    if (strlen(name) > OFP_MAX_PORT_NAME_LEN - 1) {
        *errorp = xasprintf("port name '%s' is longer than %d characters",
                            name, OFP_MAX_PORT_NAME_LEN - 1);
        return NULL;
    }
    if (ports_find_by_name(ps, name)) {
        *errorp = xasprintf("port '%s' already exists", name);
        return NULL;
    }
    if (!ofport) {
        while (ports_find(ps, ps->next_ofport)) {
            ps->next_ofport++;
        }
        ofport = ps->next_ofport;
    }
    if ((ofport > OFPP_MAX && ofport != OFPP_LOCAL)) {
        *errorp = xasprintf("port number %u for '%s' is not a valid port "
                            "number (1 to %u)", ofport, name, OFPP_MAX);
        return NULL;
    }
    if (ports_find(ps, ofport)) {
        *errorp = xasprintf("port number %u for '%s' is taken by '%s'",
                            ofport, name, ports_find(ps, ofport)->name);
        return NULL;
    }
    error = netdev_open(name, type, &netdev);
    if (error) {
        *errorp = xasprintf("cannot open '%s' as a port: %s", name,
                            error == ENODEV ? "no such interface"
                            : strerror(error));
        return NULL;
    }

    port = xzalloc(sizeof *port);
    port->ofport = ofport;
    port->netdev = netdev;
    snprintf(port->name, sizeof port->name, "%s", name);
    netdev_get_mac(netdev, port->hw_addr);
    port->created = now;
    port->tx_bufs = xmalloc((size_t) PORT_TX_BATCH * NETDEV_BUF_SIZE);
    for (int i = 0; i < PORT_TX_BATCH; i++) {
        packet_init(&port->tx[i], port->tx_bufs + (size_t) i
                    * NETDEV_BUF_SIZE, NETDEV_BUF_SIZE);
        port->tx_ptrs[i] = &port->tx[i];
    }
    port_refresh_state(port);
    if (ofport != OFPP_LOCAL && ofport >= ps->next_ofport) {
        ps->next_ofport = ofport + 1;
    }

    ps->ports = xrealloc(ps->ports, (ps->n + 1) * sizeof *ps->ports);
    for (pos = ps->n; pos > 0 && ps->ports[pos - 1]->ofport > ofport;
         pos--) {
        ps->ports[pos] = ps->ports[pos - 1];
    }
    ps->ports[pos] = port;
    ps->n++;
    VLOG_INFO("port %u: %s (%s)", ofport, name, netdev_get_type(netdev));
    return port;
}

void
ports_remove(struct ports *ps, struct dp_port *port)
{
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->ports[i] == port) {
            memmove(&ps->ports[i], &ps->ports[i + 1],
                    (ps->n - i - 1) * sizeof *ps->ports);
            ps->n--;
            break;
        }
    }
    VLOG_INFO("port %u: %s removed", port->ofport, port->name);
    port_free(port);
}

void
port_describe(const struct dp_port *port, struct of_port *op)
{
    struct netdev_features f;

    memset(op, 0, sizeof *op);
    op->port_no = port->ofport;
    memcpy(op->hw_addr, port->hw_addr, sizeof op->hw_addr);
    snprintf(op->name, sizeof op->name, "%s", port->name);
    op->config = port->config;
    op->state = port->state;
    netdev_get_features(port->netdev, &f);
    op->curr = f.curr;
    op->advertised = f.advertised;
    op->supported = f.supported;
    op->peer = f.peer;
    op->curr_speed = f.curr_speed;
    op->max_speed = f.max_speed;
}

void
port_stats(const struct dp_port *port, long long now,
           struct of_port_stats *st)
{
    struct netdev_stats ns;
    long long age = now - port->created;

    memset(&ns, 0, sizeof ns);
    netdev_get_stats(port->netdev, &ns);
    memset(st, 0, sizeof *st);
    st->port_no = port->ofport;
    st->rx_packets = ns.rx_packets;
    st->tx_packets = ns.tx_packets;
    st->rx_bytes = ns.rx_bytes;
    st->tx_bytes = ns.tx_bytes;
    st->rx_dropped = ns.rx_dropped + port->rx_dropped;
    st->tx_dropped = ns.tx_dropped + port->tx_dropped;
    st->rx_errors = ns.rx_errors;
    st->tx_errors = ns.tx_errors;
    /* 7.3.5.6: counters a port does not keep are all ones. */
    st->rx_frame_err = UINT64_MAX;
    st->rx_over_err = UINT64_MAX;
    st->rx_crc_err = UINT64_MAX;
    st->collisions = UINT64_MAX;
    if (age < 0) {
        age = 0;
    }
    st->duration_sec = age / 1000;
    st->duration_nsec = (age % 1000) * 1000000;
}

bool
port_modify(struct dp_port *port, uint32_t config, uint32_t mask)
{
    uint32_t new = (port->config & ~mask) | (config & mask);

    if (new == port->config) {
        return false;
    }
    if ((new ^ port->config) & OFPPC_PORT_DOWN) {
        int error = netdev_set_up(port->netdev, !(new & OFPPC_PORT_DOWN));

        if (error) {
            VLOG_WARN("port %u (%s): cannot bring %s: %s", port->ofport,
                      port->name, new & OFPPC_PORT_DOWN ? "down" : "up",
                      strerror(error));
        }
    }
    port->config = new;
    port_refresh_state(port);
    return true;
}

bool
port_refresh_state(struct dp_port *port)
{
    unsigned int flags = 0;
    uint32_t state;

    netdev_get_flags(port->netdev, &flags);
    state = flags & NETDEV_CARRIER ? 0 : OFPPS_LINK_DOWN;
    /* 7.2.1: a port is live (for fast failover) when it can forward. */
    if (!(state & OFPPS_LINK_DOWN) && !(port->config & OFPPC_PORT_DOWN)) {
        state |= OFPPS_LIVE;
    }
    if (state == port->state) {
        return false;
    }
    port->state = state;
    return true;
}

void
port_output(struct dp_port *port, const struct dp_packet *p)
{
    if (port->config & (OFPPC_NO_FWD | OFPPC_PORT_DOWN)
        || port->state & OFPPS_LINK_DOWN) {
        port->tx_dropped++;
        return;
    }
    if (port->n_tx == PORT_TX_BATCH) {
        port_flush(port);
    }
    if (!packet_copy(&port->tx[port->n_tx], p)) {
        port->tx_dropped++;
        return;
    }
    port->tx[port->n_tx].tx_priority
        = p->queue ? port_queue_priority(port, p->queue - 1) : 0;
    port->n_tx++;
}

void
port_flush(struct dp_port *port)
{
    if (port->n_tx) {
        netdev_send(port->netdev, port->tx_ptrs, port->n_tx);
        port->n_tx = 0;
    }
}

void
ports_flush(struct ports *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        port_flush(ps->ports[i]);
    }
}
