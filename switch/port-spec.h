/*
 * port-spec: what a user writes to name a port of ofswitch, on its command
 * line (--port) and to ofctl add-port.
 *
 *   IFNAME[=OFPORT]          a Linux interface (veth, tap, NIC), as port
 *                            OFPORT or the next free number
 *   vxlan:OPTIONS            a VXLAN tunnel port (netdev.h lists the
 *                            options: remote_ip=IP|flow, key=VNI|flow,
 *                            local_ip=IP, dst_port=N), plus two of the
 *                            port's own: name=NAME (default vxlan0,
 *                            vxlan1, ...: the first free) and ofport=N
 *
 * e.g. --port veth1 --port veth2=7 --port vxlan:remote_ip=192.0.2.2,key=5
 *      --port vxlan:remote_ip=flow,name=vtep,ofport=100
 */
#ifndef SWITCH_PORT_SPEC_H
#define SWITCH_PORT_SPEC_H 1

#include <stdint.h>

struct port_spec {
    char *name;                 /* NULL: the caller picks one (vxlanN). */
    char *type;                 /* For netdev_open(); NULL: afpacket. */
    uint32_t ofport;            /* 0: the next free number. */
};

/* Parses 'arg' into '*spec' (whose strings the caller frees with
 * port_spec_uninit()).  Returns NULL or an error message naming the
 * offending part, which the caller must free(). */
char *port_spec_parse(const char *arg, struct port_spec *spec)
    __attribute__((warn_unused_result));

void port_spec_uninit(struct port_spec *);

/* The default name prefix of tunnel ports. */
#define PORT_SPEC_VXLAN_PREFIX "vxlan"

#endif /* switch/port-spec.h */
