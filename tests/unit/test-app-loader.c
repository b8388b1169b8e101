/* The app registry: built-in apps by name, apps from shared objects
 * (tests/unit/apps/test_app.c, built as UNIT_TEST_APP), options. */
#include "controller/app-registry.h"

#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test-controller-lib.h"
#include "tests/unit/unit.h"

/* Must match tests/unit/apps/test_app.c. */
struct test_app_counts {
    int inits, switch_ups, packet_ins;
    long long magic;
};

static void
expect_error(const char *spec, const char *words)
{
    struct ctl_apps *apps = ctl_apps_create();
    char *error = NULL;

    CU_ASSERT_PTR_NULL(ctl_app_registry_add(apps, spec, &error));
    CU_ASSERT_PTR_NOT_NULL(error);
    if (error) {
        CU_ASSERT_PTR_NOT_NULL(strstr(error, words));
    }
    free(error);
    ctl_apps_destroy(apps);
}

static void
test_builtin(void)
{
    struct ctl_apps *apps = ctl_apps_create();
    struct ctl_app *app;
    char *error = NULL;

    CU_ASSERT_PTR_NOT_NULL(ctl_app_registry_find("learning_switch"));
    CU_ASSERT_PTR_NOT_NULL(ctl_app_registry_find("hub"));
    CU_ASSERT_PTR_NULL(ctl_app_registry_find("nope"));
    app = ctl_app_registry_add(apps, "learning_switch:idle_timeout=5",
                               &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_STRING_EQUAL(ctl_app_name(app), "learning_switch");
    CU_ASSERT_STRING_EQUAL(ctl_app_get_option(app, "idle_timeout"), "5");
    error = ctl_apps_start(apps);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    ctl_apps_destroy(apps);

    expect_error("nope", "unknown app \"nope\"");
}

static void
test_builtin_bad_option(void)
{
    struct ctl_apps *apps = ctl_apps_create();
    char *error = NULL;

    CU_ASSERT_PTR_NOT_NULL(ctl_app_registry_add(apps,
                                                "learning_switch:bogus=1",
                                                &error));
    error = ctl_apps_start(apps);
    CU_ASSERT_PTR_NOT_NULL(error);
    if (error) {
        CU_ASSERT_PTR_NOT_NULL(strstr(error, "bogus"));
    }
    free(error);
    ctl_apps_destroy(apps);
}

static void
test_shared_object(void)
{
    struct ctl_apps *apps = ctl_apps_create();
    struct test_app_counts *c;
    struct ctl_switch *sw;
    struct ctl_app *app;
    struct of_port ports[2];
    struct tsw_out out = { NULL, 0 };
    uint8_t frame[60];
    struct of_msg m;
    char *error = NULL;

    app = ctl_app_registry_add(apps, UNIT_TEST_APP ":magic=42", &error);
    CU_ASSERT_PTR_NULL(error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(app);
    CU_ASSERT_STRING_EQUAL(ctl_app_name(app), "test_app");
    error = ctl_apps_start(apps);
    CU_ASSERT_PTR_NULL(error);
    free(error);
    c = ctl_app_get_data(app);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->inits, 1);
    CU_ASSERT_EQUAL(c->magic, 42);

    /* The loaded app runs like a built-in one. */
    sw = tsw_create(apps, NULL);
    tsw_make_ports(ports, 2, 9);
    tsw_handshake(sw, 9, ports, 2, 0);
    CU_ASSERT_EQUAL(c->switch_ups, 1);
    memset(frame, 0xff, sizeof frame);
    of_msg_init(&m, OFPT_PACKET_IN, 0);
    m.u.packet_in.buffer_id = OFP_NO_BUFFER;
    of_match_set_u32(&m.u.packet_in.match, OF_FIELD_IN_PORT, 2);
    m.u.packet_in.data = frame;
    m.u.packet_in.len = sizeof frame;
    tsw_feed(sw, &m, 1);
    of_msg_uninit(&m);
    CU_ASSERT_EQUAL(c->packet_ins, 1);
    tsw_take(sw, &out);
    CU_ASSERT_EQUAL(tsw_count(&out, OFPT_PACKET_OUT), 1);
    if (out.n) {
        const struct of_packet_out *po = &out.msgs[out.n - 1].u.packet_out;

        CU_ASSERT_EQUAL(po->in_port, 2);
        CU_ASSERT_EQUAL(po->len, sizeof frame);
        CU_ASSERT_EQUAL(po->actions[0].output.port, OFPP_FLOOD);
    }
    tsw_out_clear(&out);
    ctl_switch_destroy(sw, 2);
    ctl_apps_destroy(apps);
}

static void
test_shared_object_errors(void)
{
    struct ctl_apps *apps;
    char *error;

    expect_error("./no/such/app.so", "cannot load");
    /* A shared object that is not an app. */
    expect_error("libm.so.6", "no symbol \"ofkit_app\"");

    /* The example app builds as a shared object too. */
    apps = ctl_apps_create();
    error = NULL;
    CU_ASSERT_PTR_NOT_NULL(ctl_app_registry_add(apps, UNIT_HUB_APP,
                                                &error));
    CU_ASSERT_PTR_NULL(error);
    free(error);
    ctl_apps_destroy(apps);

    /* Options are checked by the app's init. */
    apps = ctl_apps_create();
    CU_ASSERT_PTR_NOT_NULL(ctl_app_registry_add(apps,
                                                UNIT_TEST_APP ":magic=5000",
                                                &error));
    error = ctl_apps_start(apps);
    CU_ASSERT_PTR_NOT_NULL(error);
    free(error);
    ctl_apps_destroy(apps);
}

static CU_TestInfo tests[] = {
    { "built-in apps", test_builtin },
    { "built-in app, bad option", test_builtin_bad_option },
    { "app from a shared object", test_shared_object },
    { "shared object errors", test_shared_object_errors },
    CU_TEST_INFO_NULL,
};
UNIT_SUITE("app-loader", tests);
