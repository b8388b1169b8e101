/*
 * ds: a dynamic string, for building text (message printing, logs).
 * The string is always NUL-terminated; 'string' is NULL only while empty
 * and never written.  Not thread-safe.
 */
#ifndef OFPROTO_DS_H
#define OFPROTO_DS_H 1

#include <stdarg.h>
#include <stddef.h>

#include "ofproto/util.h"

struct ds {
    char *string;
    size_t length;
    size_t allocated;
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_destroy(struct ds *);       /* Accepts NULL. */
void ds_clear(struct ds *);

void ds_put_char(struct ds *, char);
void ds_put_cstr(struct ds *, const char *);
void ds_put_buffer(struct ds *, const char *, size_t);
void ds_put_format(struct ds *, const char *, ...) OF_PRINTF_FORMAT(2, 3);
void ds_put_format_valist(struct ds *, const char *, va_list)
    OF_PRINTF_FORMAT(2, 0);

/* Appends 'n' bytes as hex, 'per_line' bytes (0: no limit) per line, each
 * line starting with 'indent' spaces. */
void ds_put_hex(struct ds *, const void *, size_t n);
void ds_put_hex_dump(struct ds *, const void *, size_t n, size_t per_line,
                     int indent);

/* Removes a trailing 'c', if present. */
void ds_chomp(struct ds *, char c);

/* The string: never NULL ("" when empty).  Owned by 'ds'. */
const char *ds_cstr(const struct ds *);

/* Gives the string to the caller, who must free() it, and empties 'ds'. */
char *ds_steal_cstr(struct ds *);

#endif /* ofproto/ds.h */
