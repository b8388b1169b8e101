/*
 * ofctl-file: reading add-flows and add-groups files.  See ofctl-file.h.
 */

#include "tools/ofctl-file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofp13.h"
#include "ofproto/util.h"

static void
lines_add(struct ofctl_lines *lines, const char *text, size_t len,
          unsigned int line_no)
{
    struct ofctl_line *l;

    if (lines->n >= lines->allocated) {
        lines->allocated = lines->allocated ? 2 * lines->allocated : 64;
        lines->lines = xrealloc(lines->lines,
                                lines->allocated * sizeof *lines->lines);
    }
    l = &lines->lines[lines->n++];
    l->text = xmalloc(len + 1);
    memcpy(l->text, text, len);
    l->text[len] = '\0';
    l->line_no = line_no;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v'
           || c == '\f';
}

int
ofctl_lines_read(FILE *stream, struct ofctl_lines *lines)
{
    unsigned int line_no = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    memset(lines, 0, sizeof *lines);
    errno = 0;
    while ((len = getline(&line, &cap, stream)) >= 0) {
        char *comment = memchr(line, '#', len);
        size_t start = 0;

        line_no++;
        if (comment) {
            len = comment - line;
        }
        while (len > 0 && is_space(line[len - 1])) {
            len--;
        }
        while (start < (size_t) len && is_space(line[start])) {
            start++;
        }
        if (start < (size_t) len) {
            lines_add(lines, line + start, len - start, line_no);
        }
    }
    free(line);
    return ferror(stream) ? (errno ? errno : EIO) : 0;
}

char *
ofctl_lines_read_file(const char *name, struct ofctl_lines *lines)
{
    FILE *stream = strcmp(name, "-") ? fopen(name, "r") : stdin;
    int error;

    if (!stream) {
        memset(lines, 0, sizeof *lines);
        return xasprintf("%s: %s", name, strerror(errno));
    }
    error = ofctl_lines_read(stream, lines);
    if (stream != stdin) {
        fclose(stream);
    }
    if (error) {
        ofctl_lines_destroy(lines);
        memset(lines, 0, sizeof *lines);
        return xasprintf("%s: read error (%s)", name, strerror(error));
    }
    return NULL;
}

void
ofctl_lines_destroy(struct ofctl_lines *lines)
{
    if (lines) {
        for (size_t i = 0; i < lines->n; i++) {
            free(lines->lines[i].text);
        }
        free(lines->lines);
        lines->lines = NULL;
        lines->n = lines->allocated = 0;
    }
}

uint8_t
ofctl_flow_command_prefix(const char **sp)
{
    static const struct {
        const char *word;
        uint8_t command;
    } words[] = {
        { "add", OFPFC_ADD },
        { "modify", OFPFC_MODIFY },
        { "modify_strict", OFPFC_MODIFY_STRICT },
        { "delete", OFPFC_DELETE },
        { "delete_strict", OFPFC_DELETE_STRICT },
    };
    const char *s = *sp;
    size_t len;

    while (is_space(*s)) {
        s++;
    }
    len = strcspn(s, ", \t\r\n");
    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        if (strlen(words[i].word) == len && !strncmp(s, words[i].word, len)) {
            s += len;
            while (*s == ',' || is_space(*s)) {
                s++;
            }
            *sp = s;
            return words[i].command;
        }
    }
    return OFPFC_ADD;
}
