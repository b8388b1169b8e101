/* The unit-test runner: every suite registered with UNIT_SUITE.
 *
 *   unit [-s SUITE] [-t TEST] [-l]
 *
 * -s runs one suite, -t one test (by name, in any suite), -l lists them.
 * Exits 0 only if every test that ran passed. */

#include "tests/unit/unit.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SUITES 64

struct suite {
    const char *name;
    CU_TestInfo *tests;
};

static struct suite suites[MAX_SUITES];
static int n_suites;

void
unit_register(const char *name, CU_TestInfo *tests)
{
    if (n_suites >= MAX_SUITES) {
        fprintf(stderr, "unit: too many suites\n");
        exit(2);
    }
    suites[n_suites].name = name;
    suites[n_suites].tests = tests;
    n_suites++;
}

static int
by_name(const void *a_, const void *b_)
{
    const struct suite *a = a_, *b = b_;

    return strcmp(a->name, b->name);
}

int
main(int argc, char *argv[])
{
    const char *only_suite = NULL, *only_test = NULL;
    unsigned int failures, ran;
    int opt;

    while ((opt = getopt(argc, argv, "s:t:l")) != -1) {
        switch (opt) {
        case 's':
            only_suite = optarg;
            break;
        case 't':
            only_test = optarg;
            break;
        case 'l':
            qsort(suites, n_suites, sizeof *suites, by_name);
            for (int i = 0; i < n_suites; i++) {
                printf("%s\n", suites[i].name);
                for (CU_TestInfo *t = suites[i].tests; t->pName; t++) {
                    printf("    %s\n", t->pName);
                }
            }
            return 0;
        default:
            fprintf(stderr, "usage: %s [-s SUITE] [-t TEST] [-l]\n",
                    argv[0]);
            return 2;
        }
    }

    qsort(suites, n_suites, sizeof *suites, by_name);
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 2;
    }
    for (int i = 0; i < n_suites; i++) {
        CU_pSuite s;

        if (only_suite && strcmp(only_suite, suites[i].name)) {
            continue;
        }
        s = CU_add_suite(suites[i].name, NULL, NULL);
        for (CU_TestInfo *t = suites[i].tests; t->pName; t++) {
            if (!only_test || !strcmp(only_test, t->pName)) {
                CU_add_test(s, t->pName, t->pTestFunc);
            }
        }
    }
    CU_basic_set_mode(getenv("UNIT_VERBOSE") ? CU_BRM_VERBOSE
                                              : CU_BRM_NORMAL);
    CU_basic_run_tests();
    failures = CU_get_number_of_failures();
    ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (ran == 0) {
        fprintf(stderr, "unit: no test matched\n");
        return 2;
    }
    return failures ? 1 : 0;
}
