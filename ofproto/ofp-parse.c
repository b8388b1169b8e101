#include "ofproto/ofp-parse.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/util.h"

static bool
is_separator(char c)
{
    return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The end of the value or word that starts at 'p': the first separator
 * outside parentheses, or the end of the string. */
static char *
word_end(char *p)
{
    int depth = 0;

    for (; *p; p++) {
        if (*p == '(') {
            depth++;
        } else if (*p == ')' && depth > 0) {
            depth--;
        } else if (!depth && is_separator(*p)) {
            break;
        }
    }
    return p;
}

static bool
starts_with_stop_key(const char *p, const char *const *stop_keys)
{
    for (; *stop_keys; stop_keys++) {
        size_t n = strlen(*stop_keys);

        if (!strncmp(p, *stop_keys, n) && p[n] == '=') {
            return true;
        }
    }
    return false;
}

/* The end of an "actions" value that starts at 'value'. */
static char *
actions_end(char *value, const char *const *stop_keys)
{
    char *p = value;

    if (!stop_keys) {
        return value + strlen(value);
    }
    for (;;) {
        char *end = word_end(p);
        char *next = end;

        while (is_separator(*next)) {
            next++;
        }
        if (!*next || starts_with_stop_key(next, stop_keys)) {
            return end;
        }
        p = next;
    }
}

bool
of_parse_next_kv(char **sp, char **keyp, char **valuep,
                 const char *const *stop_keys)
{
    char *p = *sp;
    char *end;
    size_t key_len;

    while (is_separator(*p)) {
        p++;
    }
    if (!*p) {
        *sp = p;
        return false;
    }

    *keyp = p;
    key_len = strcspn(p, "=:(), \t\r\n");
    if (p[key_len] == '=' || p[key_len] == ':') {
        char *value = p + key_len + 1;

        p[key_len] = '\0';
        *valuep = value;
        if (!strcmp(*keyp, "actions")) {
            char *stop = actions_end(value, stop_keys);

            /* Trailing white space is not part of the actions. */
            end = stop;
            while (end > value && isspace((unsigned char) end[-1])) {
                end--;
            }
            *sp = *stop ? stop + 1 : stop;
            *end = '\0';
            return true;
        }
        end = word_end(value);
    } else {
        *valuep = NULL;
        end = word_end(p);
    }
    *sp = *end ? end + 1 : end;
    *end = '\0';
    return true;
}

char *
of_parse_number(const char *name, const char *value, uint64_t max,
                uint64_t *n)
{
    const char *digits = value;
    unsigned long long x;
    char *tail;
    int base = 10;

    if (!name) {
        char *error = of_parse_number("", value, max, n);

        if (error) {
            /* Drop the empty name's ": ". */
            memmove(error, error + 2, strlen(error + 2) + 1);
        }
        return error;
    }
    if (!value || !*value) {
        return xasprintf("%s: missing value", name);
    }
    if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X')) {
        base = 16;
        digits += 2;
    }
    if (!*digits) {
        return xasprintf("%s: '%s' is not a number", name, value);
    }
    for (const char *p = digits; *p; p++) {
        if (base == 16 ? !isxdigit((unsigned char) *p)
                       : !isdigit((unsigned char) *p)) {
            return xasprintf("%s: '%s' is not a number", name, value);
        }
    }
    errno = 0;
    x = strtoull(digits, &tail, base);
    if (errno == ERANGE || x > max) {
        return xasprintf("%s: '%s' is out of range (0 to %"PRIu64")",
                         name, value, max);
    }
    *n = x;
    return NULL;
}

char *
of_parse_split(char *s, char ***wordsp, size_t *np)
{
    char **words = NULL;
    size_t n = 0;
    int depth = 0;
    char *start = s;

    *wordsp = NULL;
    *np = 0;
    for (char *p = s;; p++) {
        if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            if (--depth < 0) {
                break;
            }
        } else if ((*p == ',' && !depth) || !*p) {
            bool last = !*p;
            char *end = p;

            *p = '\0';
            while (isspace((unsigned char) *start)) {
                start++;
            }
            while (end > start && isspace((unsigned char) end[-1])) {
                *--end = '\0';
            }
            if (*start) {
                words = xrealloc(words, (n + 1) * sizeof *words);
                words[n++] = start;
            }
            if (last) {
                break;
            }
            start = p + 1;
        }
    }
    if (depth) {
        free(words);
        return xstrdup("unbalanced parentheses");
    }
    *wordsp = words;
    *np = n;
    return NULL;
}

const char *
of_parse_key_value(const char *word, const char *key)
{
    size_t len = strcspn(word, "=:");

    if (word[len] && len == strlen(key) && !strncasecmp(word, key, len)) {
        return word + len + 1;
    }
    return NULL;
}
