/*
 * ofctl-ext: the verbs that only ofswitch understands, carried by ofkit's
 * experimenter messages (ofproto/ofkit-ext.h):
 *
 *   add-port TARGET IFNAME[=OFPORT]   open an interface as a port
 *   del-port TARGET IFNAME|OFPORT     remove a port
 *   trace TARGET FLOW                 run a packet through the pipeline
 *                                     without sending it anywhere, and
 *                                     print what each table did
 *   dump-switch TARGET                the switch's own view: ports with
 *                                     their netdev class, flows, lookups
 *                                     and matches per table, counters
 *
 * TARGET is any of ofswitch's connections: its control socket
 * (unix:/run/ofkit/NAME.ctl), a --listen target or, from a controller's
 * side, nothing else.  A switch that is not ofswitch answers
 * OFPBRC_BAD_EXPERIMENTER, and the verb says so in plain words.
 *
 * Exit status as every verb (ofctl.h): 0 done, 1 refused or no answer,
 * 2 bad command line.
 */
#ifndef TOOLS_OFCTL_EXT_H
#define TOOLS_OFCTL_EXT_H 1

#include <stddef.h>

#include "tools/ofctl.h"

extern const struct ofctl_verb ofctl_ext_verbs[];
extern const size_t ofctl_n_ext_verbs;

#endif /* tools/ofctl-ext.h */
