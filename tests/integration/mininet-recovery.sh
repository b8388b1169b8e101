#!/bin/bash
# Mininet with ofswitch switches, beyond a plain pingall:
#   - remote: `--controller remote` (Mininet's RemoteController) with an
#     ovs-testcontroller the test starts: pingall on a tree;
#   - restart: ofcontroller stopped mid-run on a ring (learned flows keep
#     forwarding), then started again: every switch reconnects, pingall;
#   - move: a host's MAC and IP move to another switch and back; the
#     switches relearn it and the flows towards it follow.
# Everything runs in a sandbox (mininet-lib.bash).

. "$(dirname "$0")/mininet-lib.bash" "$@"

command -v ovs-testcontroller >/dev/null 2>&1 ||
    skip "ovs-testcontroller is not installed"

mininet_checks 240 remote restart move
