/*
 * unit: glue for the CUnit test binary.
 *
 * Each test-*.c file defines its tests and registers one suite:
 *
 *     static CU_TestInfo tests[] = {
 *         { "round trip", test_round_trip },
 *         CU_TEST_INFO_NULL,
 *     };
 *     UNIT_SUITE("ofpbuf", tests);
 *
 * Registration happens before main() (a constructor), so adding a file to
 * tests/unit/ is all it takes.  Helpers for message tests live in
 * unit-msgs.h.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H 1

#include <CUnit/CUnit.h>

void unit_register(const char *name, CU_TestInfo *tests);

#define UNIT_SUITE(NAME, TESTS)                                             \
    static void unit_register_##TESTS(void)                                 \
        __attribute__((constructor));                                       \
    static void unit_register_##TESTS(void)                                 \
    {                                                                       \
        unit_register(NAME, TESTS);                                         \
    }

#endif /* tests/unit/unit.h */
