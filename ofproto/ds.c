#include "ofproto/ds.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ds_init(struct ds *ds)
{
    ds->string = NULL;
    ds->length = 0;
    ds->allocated = 0;
}

void
ds_destroy(struct ds *ds)
{
    if (ds) {
        free(ds->string);
        ds_init(ds);
    }
}

void
ds_clear(struct ds *ds)
{
    ds->length = 0;
    if (ds->string) {
        ds->string[0] = '\0';
    }
}

static void
ds_reserve(struct ds *ds, size_t n)
{
    if (ds->length + n + 1 > ds->allocated) {
        size_t cap = ds->allocated ? ds->allocated * 2 : 64;

        while (cap < ds->length + n + 1) {
            cap *= 2;
        }
        ds->string = xrealloc(ds->string, cap);
        ds->allocated = cap;
    }
}

void
ds_put_buffer(struct ds *ds, const char *s, size_t n)
{
    ds_reserve(ds, n);
    memcpy(ds->string + ds->length, s, n);
    ds->length += n;
    ds->string[ds->length] = '\0';
}

void
ds_put_char(struct ds *ds, char c)
{
    ds_put_buffer(ds, &c, 1);
}

void
ds_put_cstr(struct ds *ds, const char *s)
{
    ds_put_buffer(ds, s, strlen(s));
}

void
ds_put_format_valist(struct ds *ds, const char *format, va_list args)
{
    va_list copy;
    int n;

    va_copy(copy, args);
    n = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (n <= 0) {
        return;
    }
    ds_reserve(ds, n);
    vsnprintf(ds->string + ds->length, n + 1, format, args);
    ds->length += n;
}

void
ds_put_format(struct ds *ds, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
}

void
ds_put_hex(struct ds *ds, const void *p_, size_t n)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        ds_put_format(ds, "%02x", p[i]);
    }
}

void
ds_put_hex_dump(struct ds *ds, const void *p_, size_t n, size_t per_line,
                int indent)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        if (per_line && i % per_line == 0) {
            if (i) {
                ds_put_char(ds, '\n');
            }
            ds_put_format(ds, "%*s", indent, "");
        } else if (i) {
            ds_put_char(ds, ' ');
        }
        ds_put_format(ds, "%02x", p[i]);
    }
}

void
ds_chomp(struct ds *ds, char c)
{
    if (ds->length && ds->string[ds->length - 1] == c) {
        ds->string[--ds->length] = '\0';
    }
}

const char *
ds_cstr(const struct ds *ds)
{
    return ds->string ? ds->string : "";
}

char *
ds_steal_cstr(struct ds *ds)
{
    char *s = ds->string ? ds->string : xstrdup("");

    ds_init(ds);
    return s;
}
