#include "ofproto/ofpbuf.h"

#include <string.h>

#include "ofproto/arena.h"
#include "ofproto/ds.h"
#include "tests/unit/unit.h"

static void
test_put_and_read(void)
{
    struct ofpbuf b;
    struct ofpbuf_rd rd, sub;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;

    ofpbuf_init(&b);
    ofpbuf_put_u8(&b, 0x12);
    ofpbuf_put_be16(&b, 0x3456);
    ofpbuf_put_be32(&b, 0x789abcde);
    ofpbuf_put_be64(&b, 0x0102030405060708ull);
    CU_ASSERT_EQUAL(b.size, 15);
    CU_ASSERT_EQUAL(b.data[1], 0x34);
    CU_ASSERT_EQUAL(b.data[7], 0x01);
    ofpbuf_pad(&b, 0, 8);
    CU_ASSERT_EQUAL(b.size, 16);
    CU_ASSERT_EQUAL(b.data[15], 0);

    ofpbuf_rd_init(&rd, b.data, b.size);
    CU_ASSERT_TRUE(ofpbuf_rd_u8(&rd, &u8));
    CU_ASSERT_EQUAL(u8, 0x12);
    CU_ASSERT_TRUE(ofpbuf_rd_be16(&rd, &u16));
    CU_ASSERT_EQUAL(u16, 0x3456);
    CU_ASSERT_TRUE(ofpbuf_rd_be32(&rd, &u32));
    CU_ASSERT_EQUAL(u32, 0x789abcde);
    CU_ASSERT_TRUE(ofpbuf_rd_sub(&rd, 8, &sub));
    CU_ASSERT_TRUE(ofpbuf_rd_be64(&sub, &u64));
    CU_ASSERT_EQUAL(u64, 0x0102030405060708ull);
    CU_ASSERT_EQUAL(ofpbuf_rd_left(&sub), 0);
    CU_ASSERT_EQUAL(ofpbuf_rd_left(&rd), 1);

    /* A failed pull consumes nothing. */
    CU_ASSERT_FALSE(ofpbuf_rd_be16(&rd, &u16));
    CU_ASSERT_EQUAL(ofpbuf_rd_left(&rd), 1);
    CU_ASSERT_FALSE(ofpbuf_rd_sub(&rd, 2, &sub));
    CU_ASSERT_TRUE(ofpbuf_rd_u8(&rd, &u8));
    CU_ASSERT_FALSE(ofpbuf_rd_u8(&rd, &u8));
    ofpbuf_uninit(&b);
    ofpbuf_uninit(NULL);
}

static void
test_growth_keeps_content(void)
{
    struct ofpbuf b = OFPBUF_INITIALIZER;

    for (int i = 0; i < 10000; i++) {
        ofpbuf_put_be16(&b, i);
    }
    CU_ASSERT_EQUAL(b.size, 20000);
    CU_ASSERT_EQUAL(ofp_get_be16(ofpbuf_at(&b, 2 * 9999)), 9999);
    ofpbuf_set_be32(&b, 0, 0xdeadbeef);
    CU_ASSERT_EQUAL(ofp_get_be32(b.data), 0xdeadbeef);
    ofpbuf_uninit(&b);
}

static void
test_arena_push(void)
{
    struct arena a;
    uint32_t *arr = NULL;
    size_t n = 0;

    arena_init(&a);
    for (uint32_t i = 0; i < 1000; i++) {
        uint32_t *e = arena_push(&a, (void **) &arr, &n, sizeof *arr);

        CU_ASSERT_EQUAL(*e, 0);
        *e = i;
    }
    CU_ASSERT_EQUAL(n, 1000);
    for (uint32_t i = 0; i < 1000; i++) {
        CU_ASSERT_EQUAL(arr[i], i);
    }
    CU_ASSERT_PTR_NOT_NULL(arena_alloc(&a, 100000));
    arena_destroy(&a);
    arena_destroy(NULL);
}

static void
test_ds(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    const uint8_t bytes[] = { 0xde, 0xad };

    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "");
    ds_put_format(&s, "%d-%s", 42, "x");
    ds_put_char(&s, ',');
    ds_chomp(&s, ',');
    ds_put_hex(&s, bytes, 2);
    CU_ASSERT_STRING_EQUAL(ds_cstr(&s), "42-xdead");
    ds_destroy(&s);
}

static CU_TestInfo tests[] = {
    { "put and read", test_put_and_read },
    { "growth keeps content", test_growth_keeps_content },
    { "arena push", test_arena_push },
    { "ds", test_ds },
    CU_TEST_INFO_NULL,
};

UNIT_SUITE("ofpbuf", tests)
