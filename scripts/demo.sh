#!/bin/sh
# make demo / make lab: the Mininet lab with our switch and controller.
#
#   scripts/demo.sh [OPTIONS]        the demo (make demo)
#   scripts/demo.sh lab [OPTIONS]    the Mininet CLI (make lab TOPO=...)
#
# Installs what is missing (scripts/install-deps.sh: Mininet, iperf3, ...),
# builds, then runs mininet-topos/lab.py under /usr/bin/python3 (Debian's
# Mininet is a module of the system Python).  OPTIONS go to lab.py
# (--topo, --switch, --controller, --app; /usr/bin/python3
# mininet-topos/lab.py --help lists them).
#
# The demo runs in a sandbox (new network, PID and mount namespaces): it
# starts a tree topology of ofswitch switches under ofcontroller's
# learning switch, runs pingall and an iperf3 between two far hosts,
# prints a summary and leaves nothing behind.  The lab runs in the
# machine's own namespace like `mn` does, so that other shells can reach
# the switches (build/ofctl dump-flows unix:/run/ofkit/s1.ctl) and their
# interfaces; it stops what it started when you leave the CLI.
set -eu

cd "$(dirname "$0")/.."

mode=demo
if [ "${1:-}" = lab ]; then
    mode=cli
    shift
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/demo.sh: Mininet needs root" >&2
    exit 1
fi

scripts/install-deps.sh
echo "*** Building"
make --no-print-directory -j"$(nproc)" all >/dev/null

if [ $mode = demo ]; then
    exec /usr/bin/python3 mininet-topos/lab.py demo --sandbox "$@"
else
    exec /usr/bin/python3 mininet-topos/lab.py cli "$@"
fi
