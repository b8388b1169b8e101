/*
 * ofkit-ext: ofkit's OpenFlow experimenter messages, for what OpenFlow 1.3
 * has no message for: adding and removing ports, tracing a packet through
 * the pipeline, showing switch internals.  ofctl sends them to ofswitch
 * over the same connection as everything else (a controller target or the
 * control socket).
 *
 * Each is an OFPT_EXPERIMENTER message with experimenter OFKIT_EXPERIMENTER
 * and exp_type one of enum ofkit_exp_type; the data is UTF-8 text (the
 * arguments as ofctl's command line gives them).  The switch answers with
 * an OFPT_EXPERIMENTER of the same xid, exp_type | OFKIT_REPLY, whose data
 * is one status byte (0: done, 1: failed) followed by text for a person:
 * the result, or why it failed.
 */
#ifndef OFPROTO_OFKIT_EXT_H
#define OFPROTO_OFKIT_EXT_H 1

/* An experimenter id with the top byte zero and an unused OUI. */
#define OFKIT_EXPERIMENTER 0x004f4b54u

enum ofkit_exp_type {
    OFKIT_ADD_PORT = 1,         /* "NAME[=OFPORT]" */
    OFKIT_DEL_PORT = 2,         /* "NAME" or "OFPORT" */
    OFKIT_TRACE = 3,            /* A flow, or "in_port=N,packet=HEX". */
    OFKIT_SHOW = 4,             /* "": ports, tables, counters. */
    OFKIT_SET_QUEUES = 5,       /* "PORT [QUEUE:min=RATE,max=RATE]..." */
};

#define OFKIT_REPLY 0x8000u

enum ofkit_status {
    OFKIT_OK = 0,
    OFKIT_FAILED = 1,
};

#endif /* ofproto/ofkit-ext.h */
