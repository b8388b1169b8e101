/* ofcontroller: the OpenFlow 1.3 controller.  Parses the command line,
 * loads the apps and runs the core (controller/core.h). */

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/app-registry.h"
#include "controller/core.h"
#include "controller/dispatch.h"
#include "ofproto/conn.h"
#include "ofproto/ds.h"
#include "ofproto/util.h"
#include "ofproto/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofcontroller);

static void
usage(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ctl_app_registry_usage(&s);
    printf("usage: ofcontroller [OPTIONS]\n"
           "\n"
           "An OpenFlow 1.3 controller that runs apps.\n"
           "\n"
           "  --listen TARGET        where switches connect: ptcp:PORT[:IP],\n"
           "                         pssl:PORT[:IP], punix:PATH (repeatable;\n"
           "                         default ptcp:6653)\n"
           "  --app NAME[:KEY=VALUE,...]\n"
           "                         run an app: a built-in one by name or a\n"
           "                         shared object by path (repeatable, in\n"
           "                         order; default learning_switch)\n"
           "  --threads N            worker threads, 1-64 (default 1)\n"
           "  --clear-flows          delete every flow of a switch when it\n"
           "                         connects, before the apps see it\n"
           "  --miss-send-len N      bytes of a packet a switch sends us\n"
           "                         (default 65535: the whole packet)\n"
           "  --probe-interval SEC   echo keepalive interval (default 5;\n"
           "                         0: off)\n"
           "  --private-key FILE     TLS key, certificate and CA certificate\n"
           "  --certificate FILE     for pssl: targets\n"
           "  --ca-cert FILE\n"
           "  --log-level LEVEL      off, err, warn, info (default), dbg\n"
           "  -h, --help             this help\n"
           "\n"
           "Built-in apps and their options:\n%s", ds_cstr(&s));
    ds_destroy(&s);
}

static void
conn_log(enum conn_log_level level, const char *line)
{
    static struct vlog_module conn_module = { "conn" };

    switch (level) {
    case CONN_LOG_ERR:
        vlog(&conn_module, VLL_ERR, "%s", line);
        break;
    case CONN_LOG_WARN:
        vlog(&conn_module, VLL_WARN, "%s", line);
        break;
    case CONN_LOG_INFO:
        vlog(&conn_module, VLL_INFO, "%s", line);
        break;
    }
}

static long
parse_number(const char *option, const char *s, long min, long max)
{
    char *end;
    long v = strtol(s, &end, 0);

    if (!*s || *end || v < min || v > max) {
        fprintf(stderr, "ofcontroller: %s: expected a number from %ld to "
                "%ld, not \"%s\"\n", option, min, max, s);
        exit(EXIT_FAILURE);
    }
    return v;
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_LISTEN = UCHAR_MAX + 1,
        OPT_APP,
        OPT_THREADS,
        OPT_CLEAR_FLOWS,
        OPT_MISS_SEND_LEN,
        OPT_PROBE,
        OPT_LOG_LEVEL,
        OPT_KEY,
        OPT_CERT,
        OPT_CA,
    };
    static const struct option long_options[] = {
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "app", required_argument, NULL, OPT_APP },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "clear-flows", no_argument, NULL, OPT_CLEAR_FLOWS },
        { "miss-send-len", required_argument, NULL, OPT_MISS_SEND_LEN },
        { "probe-interval", required_argument, NULL, OPT_PROBE },
        { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
        { "private-key", required_argument, NULL, OPT_KEY },
        { "certificate", required_argument, NULL, OPT_CERT },
        { "ca-cert", required_argument, NULL, OPT_CA },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct ctl_core_config config;
    struct conn_ssl_config ssl = { NULL, NULL, NULL };
    const char **listen = NULL;
    const char **app_specs = NULL;
    size_t n_listen = 0, n_apps = 0, i;
    struct ctl_apps *apps;
    struct ctl_core *core;
    char *error;
    int c;

    ctl_core_config_init(&config);
    while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_LISTEN:
            listen = xrealloc(listen, (n_listen + 1) * sizeof *listen);
            listen[n_listen++] = optarg;
            break;
        case OPT_APP:
            app_specs = xrealloc(app_specs, (n_apps + 1) * sizeof *app_specs);
            app_specs[n_apps++] = optarg;
            break;
        case OPT_THREADS:
            config.n_threads = parse_number("--threads", optarg, 1, 64);
            break;
        case OPT_CLEAR_FLOWS:
            config.sw.clear_flows = true;
            break;
        case OPT_MISS_SEND_LEN:
            config.sw.miss_send_len = parse_number("--miss-send-len", optarg,
                                                   0, 65535);
            break;
        case OPT_PROBE:
            config.probe_interval_ms = parse_number("--probe-interval",
                                                    optarg, 0, 3600) * 1000;
            break;
        case OPT_LOG_LEVEL: {
            enum vlog_level level;

            if (!vlog_level_from_name(optarg, &level)) {
                fprintf(stderr, "ofcontroller: unknown log level \"%s\"\n",
                        optarg);
                return EXIT_FAILURE;
            }
            vlog_set_level(level);
            break;
        }
        case OPT_KEY:
            ssl.private_key = optarg;
            break;
        case OPT_CERT:
            ssl.certificate = optarg;
            break;
        case OPT_CA:
            ssl.ca_cert = optarg;
            break;
        case 'h':
            usage();
            return EXIT_SUCCESS;
        default:
            fprintf(stderr, "Try 'ofcontroller --help'.\n");
            return EXIT_FAILURE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ofcontroller: unexpected argument \"%s\"\n",
                argv[optind]);
        return EXIT_FAILURE;
    }
    conn_set_log_func(conn_log);

    apps = ctl_apps_create();
    if (!n_apps) {
        static const char *default_app = "learning_switch";

        app_specs = xrealloc(app_specs, sizeof *app_specs);
        app_specs[n_apps++] = default_app;
    }
    for (i = 0; i < n_apps; i++) {
        if (!ctl_app_registry_add(apps, app_specs[i], &error)) {
            fprintf(stderr, "ofcontroller: %s\n", error);
            free(error);
            ctl_apps_destroy(apps);
            return EXIT_FAILURE;
        }
    }
    error = ctl_apps_start(apps);
    if (error) {
        fprintf(stderr, "ofcontroller: %s\n", error);
        free(error);
        ctl_apps_destroy(apps);
        return EXIT_FAILURE;
    }

    config.listen = listen;
    config.n_listen = n_listen;
    config.ssl = ssl.private_key || ssl.certificate || ssl.ca_cert
                 ? &ssl : NULL;
    core = ctl_core_create(&config, apps, &error);
    if (!core) {
        fprintf(stderr, "ofcontroller: %s\n", error);
        free(error);
        ctl_apps_destroy(apps);
        return EXIT_FAILURE;
    }
    ctl_core_run(core);
    ctl_core_destroy(core);
    ctl_apps_destroy(apps);
    free(listen);
    free(app_specs);
    return EXIT_SUCCESS;
}
