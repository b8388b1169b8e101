/*
 * ofctl-file: reading the files of add-flows and add-groups, in
 * ovs-ofctl's format: one entry a line, '#' starts a comment that runs to
 * the end of the line, blank lines are skipped, "-" names stdin.  A flow
 * line may start with a command word (add, modify, modify_strict, delete,
 * delete_strict) as in ovs-ofctl; without one it is an add.
 *
 * The lines are read whole into memory: add-flows parses every line
 * before it sends anything, so that a typo on line 90,000 installs
 * nothing.
 */
#ifndef TOOLS_OFCTL_FILE_H
#define TOOLS_OFCTL_FILE_H 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One entry: its text (comment and surrounding white space removed,
 * NUL-terminated) and its line number, counted from 1. */
struct ofctl_line {
    char *text;
    unsigned int line_no;
};

/* The entries of a file.  Owns every 'text'. */
struct ofctl_lines {
    struct ofctl_line *lines;
    size_t n, allocated;
};

/* Reads the entries of 'stream' into 'lines', which this initializes;
 * the caller destroys it.  Returns 0, or an errno value if reading
 * failed. */
int ofctl_lines_read(FILE *stream, struct ofctl_lines *lines);

/* Opens 'name' ("-" for stdin) and reads it as above.  Returns NULL on
 * success, otherwise an error message naming the file, which the caller
 * must free() ('lines' is then empty). */
char *ofctl_lines_read_file(const char *name, struct ofctl_lines *lines)
    __attribute__((warn_unused_result));

void ofctl_lines_destroy(struct ofctl_lines *);     /* Accepts NULL. */

/* If the text at '*sp' starts with a flow command word (followed by a
 * comma, white space or the end), skips it and the separators after it
 * and returns its OFPFC_* value; otherwise returns OFPFC_ADD and leaves
 * '*sp' alone. */
uint8_t ofctl_flow_command_prefix(const char **sp);

#endif /* tools/ofctl-file.h */
