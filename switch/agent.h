/*
 * agent: the switch's OpenFlow connections, on the control thread.
 *
 * The agent holds one connection per controller ("--controller": active,
 * reconnecting with backoff) and accepts tool connections on listeners
 * ("--listen" ptcp/pssl targets and the "--ctl" unix socket, which speaks
 * OpenFlow 1.3 like any other: ofctl uses the same code for both).
 *
 * It answers itself what is per connection: ROLE_REQUEST (OpenFlow 1.3.5
 * 6.3.6: generation ids, a new master demotes the others to slave) and
 * GET_ASYNC/SET_ASYNC (6.1.1: which asynchronous messages each connection
 * receives, with the spec's defaults per role).  A slave's state-changing
 * requests are refused with OFPBRC_IS_SLAVE.  Every other message becomes
 * a command for the datapath (datapath.h), and the datapath's events come
 * back here: replies and errors to the connection that asked, PACKET_IN,
 * FLOW_REMOVED and PORT_STATUS to every connection whose role and async
 * configuration want them.
 *
 * Threading: the agent belongs to the control thread and its event base.
 */
#ifndef SWITCH_AGENT_H
#define SWITCH_AGENT_H 1

#include <stddef.h>

#include "ofproto/conn.h"

struct agent;
struct datapath;
struct event_base;

struct agent_config {
    char **controllers;         /* Active targets. */
    size_t n_controllers;
    char **listens;             /* Passive targets for tools. */
    size_t n_listens;
    const char *ctl_path;       /* Unix control socket, or NULL. */
    struct conn_ssl_config ssl; /* For ssl: and pssl: targets. */
    int probe_interval_ms;      /* 0: the conn default. */
    bool fail_standalone;       /* --fail-mode standalone: with every
                                 * controller unreachable for three probe
                                 * intervals, the datapath forwards as a
                                 * learning bridge until one is back
                                 * (secure, the default: flows stay, misses
                                 * are dropped). */
    int max_backoff_ms;         /* 0: the conn default. */
};

/* Creates the agent on 'base' for 'dp' (not owned): starts connecting to
 * the controllers and listening.  Returns NULL with a message in
 * '*errorp' (caller frees) if a target is invalid or cannot listen. */
struct agent *agent_create(struct event_base *base, struct datapath *dp,
                           const struct agent_config *config, char **errorp);

/* Closes every connection and listener.  Accepts NULL. */
void agent_destroy(struct agent *);

/* Number of connections whose handshake has completed. */
size_t agent_n_connected(const struct agent *);

#endif /* switch/agent.h */
