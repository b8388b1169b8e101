#!/bin/bash
# Mininet with ofswitch switches and ofcontroller's learning switch:
# pingall with 0% loss on single, linear,4, tree,2,2, ring and leaf-spine,
# and on each a second pingall that takes no packet-in (the learned flows
# are really in the switches: the table-miss counters do not move); the
# README's `mn --custom mininet-topos/ofkit.py ... --test pingall` as is.
# Everything runs in a sandbox (mininet-lib.bash).

. "$(dirname "$0")/mininet-lib.bash" "$@"

mininet_checks 240 topo:single topo:linear,4 topo:tree,2,2 topo:ring \
    topo:leafspine mn
