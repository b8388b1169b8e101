/* The app that test-app-loader.c loads from a shared object: it counts
 * what it sees in its data (a struct test_app_counts the test reads) and
 * answers every packet-in with a flood, stopping the dispatch unless its
 * "pass" option is set. */
#include "controller/app.h"

#include <stdlib.h>

struct test_app_counts {
    int inits, switch_ups, packet_ins;
    long long magic;
};

static char *
test_init(struct ctl_app *app)
{
    static const char *const options[] = { "magic", "pass", NULL };
    struct test_app_counts *c = calloc(1, sizeof *c);
    char *error = ctl_app_check_options(app, options);

    c->inits++;
    ctl_app_set_data(app, c);
    if (!error) {
        error = ctl_app_get_int(app, "magic", 0, 0, 1000, &c->magic);
    }
    return error;
}

static void
test_fini(struct ctl_app *app)
{
    free(ctl_app_get_data(app));
}

static void
test_switch_up(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
               long long now OF_UNUSED, struct ctl_out *out OF_UNUSED)
{
    struct test_app_counts *c = ctl_app_get_data(app);

    c->switch_ups++;
}

static enum ctl_verdict
test_packet_in(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
               const struct ctl_packet_in *pi, long long now OF_UNUSED,
               struct ctl_out *out)
{
    struct test_app_counts *c = ctl_app_get_data(app);
    struct of_action flood = { .type = OFPAT_OUTPUT };
    struct of_packet_out po;

    c->packet_ins++;
    flood.output.port = OFPP_FLOOD;
    ctl_packet_out_init(&po, pi);
    po.actions = &flood;
    po.n_actions = 1;
    ctl_out_packet_out(out, &po);
    return ctl_app_get_option(app, "pass") ? CTL_CONTINUE : CTL_STOP;
}

const struct ctl_app_class CTL_APP_CLASS(test_app) = {
    .api_version = CTL_APP_API_VERSION,
    .name = "test_app",
    .init = test_init,
    .fini = test_fini,
    .switch_up = { test_switch_up, 5 },
    .packet_in = { test_packet_in, 5 },
};
