/*
 * classifier: a set of rules (key, mask, priority) and the lookup "which
 * rule of highest priority matches this flow", by tuple space search.
 *
 * It knows rules, keys, masks and priorities, not OpenFlow: the flow table
 * (flow-table.h) builds OpenFlow's semantics on top.  A key and a mask are
 * both a struct flow (flow.h); a flow matches a rule when it agrees with
 * the rule's key on every bit set in the rule's mask.
 *
 * Data structure.  Rules are grouped into one subtable per distinct mask.
 * A subtable is a hash table (open addressing, linear probing) keyed by
 * the masked key, and it hashes and compares only the 64-bit words its
 * mask touches (a subtable keeps the list of those words and their mask
 * bits; a rule keeps only its key's words, compactly, in that order).
 * Each slot holds a key's hash next to its rule, so a probe reads other
 * keys' rules only on a 32-bit hash collision.  Rules with the same key
 * and mask (which must differ in priority) form one chain, highest
 * priority first, so a hit's first rule is that subtable's answer.
 * Subtables are kept in an array sorted by the highest priority they
 * hold.  A lookup visits them in that order, one hash probe each, and
 * stops as soon as no remaining subtable can hold a rule that beats the
 * best match found: its cost depends on the number of masks, not of
 * rules.
 *
 * Ties.  When several rules of equal priority match a flow (OpenFlow
 * leaves the choice undefined), the rule inserted first wins.  Each rule
 * carries an insertion sequence number for that; classifier_replace()
 * counts as a new insertion.  Within one subtable two rules that match the
 * same flow have the same key, so they differ in priority: ties are only
 * ever between subtables.
 *
 * Invariants: every rule of a subtable has exactly the subtable's mask and
 * its key is stored masked; no two rules share key, mask and priority;
 * no subtable is empty; the subtable array is sorted by descending maximum
 * priority; a subtable's slot count is a power of two and its load (keys
 * per slot) at most 3/4 and, above the minimum size, at least 1/8.
 *
 * Memory: a rule is one allocation of 40 bytes plus 8 per word its mask
 * touches; a subtable adds 16-byte slots, 1.3 to 2.7 per distinct key
 * (it doubles past a load of 3/4 and halves below 1/8).  A lookup
 * allocates nothing.
 *
 * Threading: none.  A classifier belongs to one thread (the datapath's);
 * cursors and lookups see a consistent set of rules because nothing else
 * changes it.
 */
#ifndef SWITCH_CLASSIFIER_H
#define SWITCH_CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "switch/flow.h"

struct cls_subtable;
struct classifier_rule;

struct classifier {
    struct cls_subtable **subtables;    /* By descending max priority. */
    size_t n_subtables;
    size_t allocated;
    size_t n_rules;
    uint64_t next_seq;                  /* Insertion sequence numbers. */
};

/* ---- Create and destroy ---- */

void classifier_init(struct classifier *);

/* Frees every rule and subtable (but not detached rules).  The rules' data
 * pointers are not touched: the caller owns what they point to, and must
 * stop using the rule handles.  Accepts NULL. */
void classifier_destroy(struct classifier *);

/* ---- Modifiers ---- */

/* Inserts a rule matching 'key' under 'mask' with 'priority' and the
 * caller's 'data' (never dereferenced).  Bits of 'key' outside 'mask' are
 * ignored.  Returns the rule, which the classifier owns until
 * classifier_remove(); returns NULL and inserts nothing if a rule with the
 * same key, mask and priority exists already. */
struct classifier_rule *classifier_insert(struct classifier *,
                                          const struct flow *key,
                                          const struct flow *mask,
                                          uint32_t priority, void *data);

/* Like classifier_insert(), but if a rule with the same key, mask and
 * priority exists it is removed first (and freed) and its data is stored
 * in '*old_datap' (NULL if there was none).  The new rule is a new
 * insertion for tie-breaking. */
struct classifier_rule *classifier_replace(struct classifier *,
                                           const struct flow *key,
                                           const struct flow *mask,
                                           uint32_t priority, void *data,
                                           void **old_datap);

/* Removes 'rule' (a rule of this classifier) and frees it.  Returns its
 * data. */
void *classifier_remove(struct classifier *, struct classifier_rule *rule);

/* Takes 'rule' out of the classifier like classifier_remove() but does
 * not free it: the caller now owns it, may still read it with the
 * classifier_rule_*() accessors (even after the classifier is destroyed),
 * and frees it with classifier_rule_free().  Returns its data.  (The flow
 * table hands removed entries to its caller with their match this way,
 * without copying it.) */
void *classifier_detach(struct classifier *, struct classifier_rule *rule);

/* Frees a rule detached with classifier_detach().  Accepts NULL. */
void classifier_rule_free(struct classifier_rule *rule);

/* Sets the data of 'rule'. */
void classifier_rule_set_data(struct classifier_rule *, void *data);

/* ---- Lookups ---- */

/* The rule of highest priority that 'flow' matches (ties: the one
 * inserted first), or NULL.  Allocates nothing. */
struct classifier_rule *classifier_lookup(const struct classifier *,
                                          const struct flow *flow);

/* Looks up 'n' flows (at most CLASSIFIER_BATCH_MAX) at once: results[i]
 * is what classifier_lookup(flows[i]) returns.  Faster for tables larger
 * than the CPU's caches, because the memory accesses of the whole batch
 * overlap.  Allocates nothing. */
#define CLASSIFIER_BATCH_MAX 32
void classifier_lookup_batch(const struct classifier *,
                             const struct flow *const flows[], size_t n,
                             struct classifier_rule *results[]);

/* The rule with exactly this key (under 'mask'), mask and priority, or
 * NULL. */
struct classifier_rule *classifier_find_exact(const struct classifier *,
                                              const struct flow *key,
                                              const struct flow *mask,
                                              uint32_t priority);

/* True if some rule of 'priority' could match a packet together with a
 * rule (key, mask): their keys agree on every bit both masks set.  (An
 * identical rule overlaps.) */
bool classifier_overlaps(const struct classifier *, const struct flow *key,
                         const struct flow *mask, uint32_t priority);

/* Number of rules, and of subtables (distinct masks). */
size_t classifier_count(const struct classifier *);
size_t classifier_n_subtables(const struct classifier *);

/* ---- Rules ---- */

void *classifier_rule_data(const struct classifier_rule *);
uint32_t classifier_rule_priority(const struct classifier_rule *);

/* The rule's insertion sequence number: a rule inserted later has a
 * larger one (the tie rule's order). */
uint64_t classifier_rule_seq(const struct classifier_rule *);

/* Expands the rule's key (masked) and mask into full flows; either may be
 * NULL. */
void classifier_rule_get(const struct classifier_rule *, struct flow *key,
                         struct flow *mask);

/* True if a request (key, mask) "covers" 'rule': the request's mask is
 * contained in the rule's and the rule's key agrees with the request's
 * key under the request's mask.  (OpenFlow's non-strict selection: the
 * rule is the request's match or more specific.) */
bool classifier_rule_is_covered(const struct classifier_rule *,
                                const struct flow *key,
                                const struct flow *mask);

/* ---- Iteration ---- */

/* Visits every rule, or with a (key, mask) filter every rule the filter
 * covers (classifier_rule_is_covered()).  Subtables whose mask does not
 * contain the filter's mask are skipped whole, and one whose mask equals
 * it is probed by hash.  The order is unspecified.  The classifier must
 * not change while a cursor is in use (collect, then modify). */
struct classifier_cursor {
    const struct classifier *cls;
    bool filter;
    uint64_t key[FLOW_U64S];            /* Filter key, masked. */
    uint64_t mask[FLOW_U64S];           /* Filter mask. */
    size_t st_idx;                      /* Current subtable. */
    bool probe;                         /* Subtable mask == filter mask. */
    size_t slot;                        /* Next slot to visit. */
    struct classifier_rule *head;       /* Probe: the chain to visit. */
    struct classifier_rule *rule;       /* Last rule returned. */
};

/* Starts a cursor over 'cls'; 'key' and 'mask' are both NULL (every rule)
 * or both nonnull (rules they cover). */
void classifier_cursor_init(struct classifier_cursor *,
                            const struct classifier *,
                            const struct flow *key, const struct flow *mask);

/* The next rule, or NULL at the end. */
struct classifier_rule *classifier_cursor_next(struct classifier_cursor *);

#endif /* switch/classifier.h */
