#include "switch/port-spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"
#include "tests/unit/unit.h"

static void
test_good(void)
{
    static const struct {
        const char *arg;
        const char *name;       /* NULL: chosen by the caller. */
        const char *type;       /* NULL: afpacket. */
        uint32_t ofport;
    } cases[] = {
        { "veth1", "veth1", NULL, 0 },
        { "veth2=7", "veth2", NULL, 7 },
        { "vxlan:remote_ip=192.0.2.2", NULL, "vxlan:remote_ip=192.0.2.2",
          0 },
        { "vxlan:remote_ip=flow,key=flow,name=vtep,ofport=100", "vtep",
          "vxlan:remote_ip=flow,key=flow", 100 },
        { "vxlan:name=v1,remote_ip=10.0.0.1,key=5,local_ip=10.0.0.2,"
          "dst_port=4790", "v1",
          "vxlan:remote_ip=10.0.0.1,key=5,local_ip=10.0.0.2,dst_port=4790",
          0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct port_spec spec;
        char *error = port_spec_parse(cases[i].arg, &spec);

        CU_ASSERT_PTR_NULL(error);
        if (error) {
            fprintf(stderr, "\n%s: %s\n", cases[i].arg, error);
            free(error);
            continue;
        }
        CU_ASSERT_TRUE(cases[i].name ? spec.name
                                       && !strcmp(spec.name, cases[i].name)
                                     : !spec.name);
        CU_ASSERT_TRUE(cases[i].type ? spec.type
                                       && !strcmp(spec.type, cases[i].type)
                                     : !spec.type);
        CU_ASSERT_EQUAL(spec.ofport, cases[i].ofport);
        port_spec_uninit(&spec);
    }
}

static void
test_bad(void)
{
    static const struct {
        const char *arg;
        const char *needle;
    } cases[] = {
        { "", "names no interface" },
        { "=3", "names no interface" },
        { "veth1=0", "start at 1" },
        { "veth1=x", "veth1=x" },
        { "vxlan:key=5", "needs remote_ip" },
        { "vxlan:remote_ip=nowhere", "'nowhere' is not an IPv4 address" },
        { "vxlan:remote_ip=flow,key=16777216", "not a VNI" },
        { "vxlan:remote_ip=flow,dst_port=70000", "not a UDP port" },
        { "vxlan:remote_ip=flow,ttl=3", "unknown option 'ttl'" },
        { "vxlan:remote_ip=flow,name=a/b", "not a port name" },
        { "vxlan:remote_ip=flow,name=abcdefghijklmnop", "not a port name" },
        { "vxlan:remote_ip=flow,key", "has no value" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct port_spec spec;
        char *error = port_spec_parse(cases[i].arg, &spec);

        CU_ASSERT_PTR_NOT_NULL(error);
        if (error && !strstr(error, cases[i].needle)) {
            fprintf(stderr, "\n'%s': '%s' does not say '%s'\n",
                    cases[i].arg, error, cases[i].needle);
            CU_FAIL("the error names the mistake");
        }
        free(error);
    }
}

static CU_TestInfo tests[] = {
    { "good", test_good },
    { "bad", test_bad },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("port-spec", tests)
