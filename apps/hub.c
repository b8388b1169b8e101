/*
 * hub: the example app (docs/writing-apps.md).  Every packet a switch
 * sends us goes back out of every port but the one it came in on.
 *
 * Options:
 *   in_switch   also install a flow that floods in the datapath, so that
 *               later packets never reach the controller.
 */
#include "apps/apps.h"

#include <stdlib.h>

struct hub {
    bool in_switch;
};

static char *
hub_init(struct ctl_app *app)
{
    static const char *const options[] = { "in_switch", NULL };
    struct hub *hub = calloc(1, sizeof *hub);
    char *error = ctl_app_check_options(app, options);

    if (!error) {
        error = ctl_app_get_bool(app, "in_switch", false, &hub->in_switch);
    }
    ctl_app_set_data(app, hub);
    return error;
}

static void
hub_fini(struct ctl_app *app)
{
    free(ctl_app_get_data(app));
}

/* A new switch: one flow of priority 0 (the table-miss flow) that sends
 * every packet to us, or floods it if the option says so. */
static void
hub_switch_up(struct ctl_app *app, struct ctl_switch *sw OF_UNUSED,
              long long now OF_UNUSED, struct ctl_out *out)
{
    const struct hub *hub = ctl_app_get_data(app);
    struct of_action output = { .type = OFPAT_OUTPUT };
    struct of_instruction apply = { .type = OFPIT_APPLY_ACTIONS };
    struct of_flow_mod fm;

    output.output.port = hub->in_switch ? OFPP_FLOOD : OFPP_CONTROLLER;
    output.output.max_len = OFPCML_NO_BUFFER;
    apply.actions.actions = &output;
    apply.actions.n = 1;

    ctl_flow_mod_init(&fm, OFPFC_ADD);
    fm.priority = 0;
    fm.cookie = ctl_app_cookie(app);
    fm.instructions = &apply;
    fm.n_instructions = 1;
    ctl_out_flow_mod(out, &fm);
}

/* A packet the switch had no flow for: flood it (OFPP_FLOOD never sends
 * a packet back out of its input port). */
static enum ctl_verdict
hub_packet_in(struct ctl_app *app OF_UNUSED, struct ctl_switch *sw OF_UNUSED,
              const struct ctl_packet_in *pi, long long now OF_UNUSED,
              struct ctl_out *out)
{
    struct of_action flood = { .type = OFPAT_OUTPUT };
    struct of_packet_out po;

    flood.output.port = OFPP_FLOOD;
    ctl_packet_out_init(&po, pi);
    po.actions = &flood;
    po.n_actions = 1;
    ctl_out_packet_out(out, &po);
    return CTL_STOP;
}

const struct ctl_app_class CTL_APP_CLASS(hub_app) = {
    .api_version = CTL_APP_API_VERSION,
    .name = "hub",
    .usage = "in_switch  flood in the datapath too (no more packet-ins)",
    .init = hub_init,
    .fini = hub_fini,
    .switch_up = { hub_switch_up, 0 },
    .packet_in = { hub_packet_in, 0 },
};
