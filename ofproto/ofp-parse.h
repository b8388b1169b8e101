/*
 * ofp-parse: the small pieces every ovs-ofctl-syntax parser in ofproto
 * shares: numbers, words split at top-level commas, key=value pairs.
 *
 * Every function that can fail returns NULL on success or an error message
 * that names the offending word, which the caller must free().  Pure
 * functions; safe from any thread.
 */
#ifndef OFPROTO_OFP_PARSE_H
#define OFPROTO_OFP_PARSE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses 'value' (decimal, or hexadecimal with "0x") as an integer no
 * greater than 'max' into '*n'.  The error names 'name' (if nonnull) and
 * 'value': "priority: 'x' is not a number". */
char *of_parse_number(const char *name, const char *value, uint64_t max,
                      uint64_t *n)
    __attribute__((warn_unused_result));

/* Takes the next word of the string at '*sp' (modifying it in place):
 * words are separated by commas or white space outside parentheses; a word
 * "K=V" or "K:V" gives key K and value V, a bare word a NULL value.  The
 * value of key "actions" runs to the end of the string, or with
 * 'stop_keys' to the first separator that is followed by "K=" for one of
 * the NULL-terminated 'stop_keys'.  '*keyp' and '*valuep' point into the
 * string.  Returns false when no word is left. */
bool of_parse_next_kv(char **sp, char **keyp, char **valuep,
                      const char *const *stop_keys);

/* Splits 's' in place at commas outside parentheses, trimming white space
 * and dropping empty pieces.  On success '*wordsp' is a heap array (caller
 * frees the array; the words stay in 's'). */
char *of_parse_split(char *s, char ***wordsp, size_t *np)
    __attribute__((warn_unused_result));

/* If 'word' is "KEY=value" or "KEY:value" with KEY equal to 'key' (in any
 * case), returns the value, otherwise NULL. */
const char *of_parse_key_value(const char *word, const char *key);

#endif /* ofproto/ofp-parse.h */
