#!/bin/bash
# Mininet with Open vSwitch switches (userspace datapath,
# datapath_type=netdev, OpenFlow 1.3; an ovsdb-server and ovs-vswitchd of
# the test's own) driven by ofcontroller's learning switch: pingall with
# 0% loss on single, linear,4, tree,2,2, ring and leaf-spine, and on each
# a second pingall that takes no packet-in; ofcontroller restarted
# mid-run on the ring; a host that moves, relearned (the checks of
# mininet-recovery.sh).  Everything runs in a sandbox (mininet-lib.bash).

. "$(dirname "$0")/mininet-lib.bash" "$@"

for tool in ovsdb-server ovs-vswitchd ovs-vsctl ovsdb-tool; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[ -r /usr/share/openvswitch/vswitch.ovsschema ] ||
    skip "Open vSwitch's schema is not installed"

mininet_checks 300 --switch ovs topo:single topo:linear,4 topo:tree,2,2 \
    topo:ring topo:leafspine restart move
