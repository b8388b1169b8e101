/*
 * ofswitch: the ofkit OpenFlow 1.3 switch.
 *
 * Starts the datapath thread on the given ports and the agent (controller
 * connections, listeners, the control socket) on this thread, and runs
 * until SIGINT or SIGTERM.
 */

#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ofproto/conn.h"
#include "ofproto/ofp13.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"
#include "switch/agent.h"
#include "switch/datapath.h"
#include "switch/port-spec.h"

VLOG_DEFINE_THIS_MODULE(ofswitch);

#define DEFAULT_TABLES 64
#define DEFAULT_MAX_FLOWS 1000000
#define CTL_DIR "/run/ofkit"

static void
usage(void)
{
    printf("usage: ofswitch [OPTIONS]\n"
           "\n"
           "An OpenFlow 1.3 switch with a userspace datapath.\n"
           "\n"
           "  --dpid HEX             datapath id (default: from the name)\n"
           "  --name NAME            switch name, and the name of its LOCAL\n"
           "                         port, a tap interface (default: "
           "ofswitch)\n"
           "  --no-local             no LOCAL port\n"
           "  --port IFNAME[=OFPORT] an interface as a port (repeatable);\n"
           "                         numbered 1, 2, ... in order if no "
           "number\n"
           "  --port vxlan:OPTIONS   a VXLAN tunnel port: remote_ip=IP|flow,"
           "\n"
           "                         key=VNI|flow, local_ip=IP, "
           "dst_port=N,\n"
           "                         name=NAME (vxlan0, ...), ofport=N\n"
           "  --controller TARGET    a controller: tcp:IP[:PORT] (port "
           "6653),\n"
           "                         ssl:IP[:PORT], unix:PATH (repeatable)\n"
           "  --listen TARGET        listen for tools: ptcp:PORT[:IP],\n"
           "                         pssl:PORT[:IP], punix:PATH "
           "(repeatable)\n"
           "  --ctl PATH             unix control socket (default\n"
           "                         " CTL_DIR "/NAME.ctl; 'none' for "
           "none)\n"
           "  --tables N             flow tables, 1-255 (default %d)\n"
           "  --max-flows N          flows per table (default %d)\n"
           "  --max-groups N         groups of each type (default 65536)\n"
           "  --max-meters N         meters (default 65536)\n"
           "  --probe-interval SEC   controller echo interval (default 5)\n"
           "  --fail-mode MODE       secure (default): with no controller, "
           "flows\n"
           "                         stay and misses are dropped; "
           "standalone:\n"
           "                         after 3 probe intervals without one, "
           "forward\n"
           "                         as a learning bridge until one is "
           "back\n"
           "  --private-key FILE     TLS key, certificate and CA certificate\n"
           "  --certificate FILE     for ssl: and pssl: targets\n"
           "  --ca-cert FILE\n"
           "  --log-level LEVEL      off, err, warn, info (default), dbg\n"
           "  -h, --help             this help\n",
           DEFAULT_TABLES, DEFAULT_MAX_FLOWS);
}

/* The connections' log lines, through vlog like every other module's. */
static void
conn_log(enum conn_log_level level, const char *line)
{
    static const struct vlog_module conn_module = { "conn" };

    vlog(&conn_module, level == CONN_LOG_ERR ? VLL_ERR
                       : level == CONN_LOG_WARN ? VLL_WARN : VLL_INFO,
         "%s", line);
}

static void
on_signal(evutil_socket_t sig, short what OF_UNUSED, void *base)
{
    VLOG_INFO("%s: exiting", strsignal(sig));
    event_base_loopbreak(base);
}

static void
push(char ***arrayp, size_t *np, const char *s)
{
    *arrayp = xrealloc(*arrayp, (*np + 1) * sizeof **arrayp);
    (*arrayp)[(*np)++] = xstrdup(s);
}

static void
fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "ofswitch: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try --help)\n");
    exit(2);
}

static uint64_t
dpid_from_name(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (const char *p = name; *p; p++) {
        h = (h ^ (uint8_t) *p) * 0x100000001b3ull;
    }
    return h & 0xffffffffffffull;
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_DPID = 256, OPT_NAME, OPT_NO_LOCAL, OPT_PORT, OPT_CONTROLLER,
        OPT_LISTEN, OPT_CTL, OPT_TABLES, OPT_MAX_FLOWS, OPT_MAX_GROUPS,
        OPT_MAX_METERS, OPT_PROBE,
        OPT_KEY, OPT_CERT, OPT_CA, OPT_LOG, OPT_FAIL_MODE,
    };
    static const struct option options[] = {
        { "dpid", required_argument, NULL, OPT_DPID },
        { "name", required_argument, NULL, OPT_NAME },
        { "no-local", no_argument, NULL, OPT_NO_LOCAL },
        { "port", required_argument, NULL, OPT_PORT },
        { "controller", required_argument, NULL, OPT_CONTROLLER },
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "ctl", required_argument, NULL, OPT_CTL },
        { "tables", required_argument, NULL, OPT_TABLES },
        { "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
        { "max-groups", required_argument, NULL, OPT_MAX_GROUPS },
        { "max-meters", required_argument, NULL, OPT_MAX_METERS },
        { "probe-interval", required_argument, NULL, OPT_PROBE },
        { "fail-mode", required_argument, NULL, OPT_FAIL_MODE },
        { "private-key", required_argument, NULL, OPT_KEY },
        { "certificate", required_argument, NULL, OPT_CERT },
        { "ca-cert", required_argument, NULL, OPT_CA },
        { "log-level", required_argument, NULL, OPT_LOG },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct dp_config dpc;
    struct agent_config ac;
    bool has_dpid = false;
    unsigned int n_tunnels = 0;
    const char *ctl = NULL;
    char *ctl_path = NULL, *error = NULL;
    struct event_base *base;
    struct event *ev_int, *ev_term;
    struct datapath *dp;
    struct agent *agent;
    int opt;

    memset(&dpc, 0, sizeof dpc);
    memset(&ac, 0, sizeof ac);
    dpc.n_tables = DEFAULT_TABLES;
    dpc.max_flows = DEFAULT_MAX_FLOWS;
    dpc.local_port = true;
    dpc.name = xstrdup("ofswitch");

    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        uint64_t n;

        switch (opt) {
        case OPT_DPID: {
            char *end;

            errno = 0;
            dpc.dpid = strtoull(optarg + (!strncasecmp(optarg, "0x", 2)
                                          ? 2 : 0), &end, 16);
            if (!*optarg || *end || errno) {
                fail("--dpid: '%s' is not a hexadecimal datapath id",
                     optarg);
            }
            has_dpid = true;
            break;
        }
        case OPT_NAME:
            if (!*optarg || strlen(optarg) >= OFP_MAX_PORT_NAME_LEN) {
                fail("--name: '%s' must be 1 to 15 characters", optarg);
            }
            free(dpc.name);
            dpc.name = xstrdup(optarg);
            break;
        case OPT_NO_LOCAL:
            dpc.local_port = false;
            break;
        case OPT_PORT: {
            struct dp_port_spec *ps;
            struct port_spec spec;

            error = port_spec_parse(optarg, &spec);
            if (error) {
                fail("--port: %s", error);
            }
            if (!spec.name) {
                /* vxlan0, vxlan1, ... in the order given. */
                spec.name = xasprintf(PORT_SPEC_VXLAN_PREFIX "%u",
                                      n_tunnels++);
            }
            dpc.ports = xrealloc(dpc.ports, (dpc.n_ports + 1)
                                 * sizeof *dpc.ports);
            ps = &dpc.ports[dpc.n_ports++];
            ps->name = spec.name;
            ps->type = spec.type;
            ps->ofport = spec.ofport;
            break;
        }
        case OPT_CONTROLLER:
            push(&ac.controllers, &ac.n_controllers, optarg);
            break;
        case OPT_LISTEN:
            push(&ac.listens, &ac.n_listens, optarg);
            break;
        case OPT_CTL:
            ctl = optarg;
            break;
        case OPT_TABLES:
            error = of_parse_number("--tables", optarg, 255, &n);
            if (error || !n) {
                fail("--tables: '%s' is not a number from 1 to 255", optarg);
            }
            dpc.n_tables = n;
            break;
        case OPT_MAX_FLOWS:
            error = of_parse_number("--max-flows", optarg, UINT32_MAX, &n);
            if (error || !n) {
                fail("--max-flows: '%s' is not a positive number", optarg);
            }
            dpc.max_flows = n;
            break;
        case OPT_MAX_GROUPS:
            error = of_parse_number("--max-groups", optarg, UINT32_MAX, &n);
            if (error || !n) {
                fail("--max-groups: '%s' is not a positive number", optarg);
            }
            dpc.max_groups = n;
            break;
        case OPT_MAX_METERS:
            error = of_parse_number("--max-meters", optarg, UINT32_MAX, &n);
            if (error || !n) {
                fail("--max-meters: '%s' is not a positive number", optarg);
            }
            dpc.max_meters = n;
            break;
        case OPT_FAIL_MODE:
            if (!strcmp(optarg, "standalone")) {
                ac.fail_standalone = true;
            } else if (!strcmp(optarg, "secure")) {
                ac.fail_standalone = false;
            } else {
                fail("--fail-mode: '%s' is neither secure nor standalone",
                     optarg);
            }
            break;
        case OPT_PROBE:
            error = of_parse_number("--probe-interval", optarg, 3600, &n);
            if (error) {
                fail("--probe-interval: '%s' is not a number of seconds",
                     optarg);
            }
            ac.probe_interval_ms = n * 1000;
            break;
        case OPT_KEY:
            ac.ssl.private_key = optarg;
            break;
        case OPT_CERT:
            ac.ssl.certificate = optarg;
            break;
        case OPT_CA:
            ac.ssl.ca_cert = optarg;
            break;
        case OPT_LOG: {
            enum vlog_level level;

            if (!vlog_level_from_name(optarg, &level)) {
                fail("--log-level: '%s' is not off, err, warn, info or dbg",
                     optarg);
            }
            vlog_set_level(level);
            break;
        }
        case 'h':
            usage();
            return 0;
        default:
            fprintf(stderr, "ofswitch: try --help\n");
            return 2;
        }
    }
    if (optind < argc) {
        fail("unexpected argument '%s'", argv[optind]);
    }
    if (!has_dpid) {
        dpc.dpid = dpid_from_name(dpc.name);
    }
    if (!ctl) {
        mkdir(CTL_DIR, 0755);
        ctl_path = xasprintf(CTL_DIR "/%s.ctl", dpc.name);
        ac.ctl_path = ctl_path;
    } else if (strcmp(ctl, "none")) {
        ac.ctl_path = ctl;
    }

    conn_set_log_func(conn_log);
    dp = datapath_create(&dpc, &error);
    if (!dp) {
        fprintf(stderr, "ofswitch: %s\n", error);
        return 1;
    }
    base = event_base_new();
    agent = agent_create(base, dp, &ac, &error);
    if (!agent) {
        fprintf(stderr, "ofswitch: %s\n", error);
        datapath_destroy(dp);
        return 1;
    }
    VLOG_INFO("%s: dpid %016"PRIx64", %u tables, %zu ports", dpc.name,
              dpc.dpid, dpc.n_tables, dpc.n_ports);
    datapath_start(dp);

    ev_int = evsignal_new(base, SIGINT, on_signal, base);
    ev_term = evsignal_new(base, SIGTERM, on_signal, base);
    event_add(ev_int, NULL);
    event_add(ev_term, NULL);
    event_base_dispatch(base);

    agent_destroy(agent);
    datapath_destroy(dp);
    event_free(ev_int);
    event_free(ev_term);
    event_base_free(base);
    for (size_t i = 0; i < dpc.n_ports; i++) {
        free(dpc.ports[i].name);
        free(dpc.ports[i].type);
    }
    free(dpc.ports);
    for (size_t i = 0; i < ac.n_controllers; i++) {
        free(ac.controllers[i]);
    }
    free(ac.controllers);
    for (size_t i = 0; i < ac.n_listens; i++) {
        free(ac.listens[i]);
    }
    free(ac.listens);
    free(dpc.name);
    free(ctl_path);
    return 0;
}
