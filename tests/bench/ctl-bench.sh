#!/bin/bash
# make bench-ctl (and make bench): controllers side by side under ofbench.
#
#   tests/bench/ctl-bench.sh [--quick] [BUILD_DIR]
#
# A benchmark, not a test: it prints figures and asserts nothing.
#
# build/ofbench emulates 16 switches x 1000 hosts (the issue's setting)
# against, one after the other in the same run, on 127.0.0.1:
#   - ofcontroller --app learning_switch, with 1 worker thread and with 2;
#   - ovs-testcontroller -O OpenFlow13 (Open vSwitch's C learning switch);
#   - os-ken running tests/bench/osken_switch13.py (the standard OF1.3
#     learning switch, as Ryu's simple_switch_13 does it).
# Throughput mode (each switch keeps up to 1000 packet-ins unanswered) and
# latency mode (one outstanding per switch), 10 counted loops of 1 s each
# after one warm-up loop (--quick: 3).  The load generator shares the two
# cores with the controller.  The table (responses per second, average of
# the loops, and the ratio ofcontroller / peer) goes to stdout and to
# BUILD_DIR/bench/ctl-results.txt, the raw output to
# BUILD_DIR/bench/ctl-bench.log.  Holds flock /tmp/bench.lock while it
# measures (BENCH_LOCK= to skip).

set -u

LOOPS=10
ARGS=("$@")
while [ $# -gt 0 ]; do
    case $1 in
        --quick) LOOPS=3 ;;
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) echo "ctl-bench: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
BUILD=$(cd "${1:-build}" 2>/dev/null && pwd) || {
    echo "ctl-bench: no build directory '${1:-build}'" >&2
    exit 2
}
HERE=$(cd "$(dirname "$0")" && pwd)
OFBENCH=$BUILD/ofbench
OFCONTROLLER=$BUILD/ofcontroller
LOG=$BUILD/bench/ctl-bench.log
OUT=$BUILD/bench/ctl-results.txt
LOCK=${BENCH_LOCK-/tmp/bench.lock}
for f in "$OFBENCH" "$OFCONTROLLER"; do
    [ -x "$f" ] || { echo "ctl-bench: no $f (run make first)" >&2; exit 2; }
done
mkdir -p "$BUILD/bench"
: >"$LOG"

if [ -n "$LOCK" ] && [ -z "${OFKIT_CTL_BENCH_LOCKED:-}" ]; then
    export OFKIT_CTL_BENCH_LOCKED=1
    echo "ctl-bench: waiting for $LOCK ..." >&2
    exec flock "$LOCK" "$0" "${ARGS[@]}"
fi

PID=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
}
trap cleanup EXIT

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listen PORT: until something accepts on 127.0.0.1:PORT (10 s).
wait_listen() {
    local i
    for i in $(seq 200); do
        ss -Htln "sport = :$1" | grep -q . && return 0
        sleep 0.05
    done
    return 1
}

declare -A TPUT LAT RTT

# run NAME COMMAND...: starts the controller (COMMAND, with PORT set),
# runs ofbench in both modes against it, stops it.
run() {
    local name=$1 out
    shift
    PORT=$(free_port)
    echo "== $name" >>"$LOG"
    eval "$@" >>"$LOG" 2>&1 &
    PID=$!
    if ! wait_listen "$PORT"; then
        echo "ctl-bench: $name does not listen; skipped" >&2
        cleanup
        PID=
        return
    fi
    sleep 1
    echo "ctl-bench: $name, throughput mode" >&2
    out=$("$OFBENCH" --loops "$LOOPS" "tcp:127.0.0.1:$PORT" 2>&1)
    echo "$out" >>"$LOG"
    TPUT[$name]=$(sed -n 's|^RESULT: .*= [0-9]*/[0-9]*/\([0-9]*\)/.*|\1|p' <<<"$out")
    cleanup
    PID=
    # A fresh controller for the latency run, nothing learned before, on
    # a port of its own.
    PORT=$(free_port)
    eval "$@" >>"$LOG" 2>&1 &
    PID=$!
    wait_listen "$PORT" || true
    sleep 1
    echo "ctl-bench: $name, latency mode" >&2
    out=$("$OFBENCH" --mode latency --loops "$LOOPS" "tcp:127.0.0.1:$PORT" 2>&1)
    echo "$out" >>"$LOG"
    LAT[$name]=$(sed -n 's|^RESULT: .*= [0-9]*/[0-9]*/\([0-9]*\)/.*|\1|p' <<<"$out")
    RTT[$name]=$(sed -n 's|^RESULT: mean round trip \([0-9.]*\) us.*|\1|p' <<<"$out")
    cleanup
    PID=
}

NAMES=("ofcontroller" "ofcontroller -t2")
run "ofcontroller" 'exec "$OFCONTROLLER" --listen "ptcp:$PORT:127.0.0.1" --app learning_switch --threads 1'
run "ofcontroller -t2" 'exec "$OFCONTROLLER" --listen "ptcp:$PORT:127.0.0.1" --app learning_switch --threads 2'
if command -v ovs-testcontroller >/dev/null; then
    NAMES+=("ovs-testcontroller")
    run "ovs-testcontroller" 'exec ovs-testcontroller -O OpenFlow13 "ptcp:$PORT:127.0.0.1"'
fi
if /usr/bin/python3 -c 'import os_ken' 2>/dev/null; then
    NAMES+=("os-ken")
    run "os-ken" 'exec /usr/bin/python3 -m os_ken.cmd.manager --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port "$PORT" "$HERE/osken_switch13.py"'
fi

best=${TPUT[ofcontroller]:-0}
[ "${TPUT[ofcontroller -t2]:-0}" -gt "$best" ] && best=${TPUT[ofcontroller -t2]}
{
    echo "make bench-ctl: ofbench, 16 switches x 1000 hosts, learning switches"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs shared by ofbench and the controller; $LOOPS loops of 1 s"
    echo
    printf '%-20s %16s %18s %16s %14s\n' "controller" "throughput (/s)" \
        "x ofcontroller" "latency (/s)" "round trip us"
    for n in "${NAMES[@]}"; do
        ratio=""
        if [ -n "${TPUT[$n]:-}" ] && [ "${TPUT[$n]}" -gt 0 ] &&
            [[ $n != ofcontroller* ]]; then
            ratio=$(awk -v a="$best" -v b="${TPUT[$n]}" 'BEGIN { printf "%.1f", a / b }')
        fi
        printf '%-20s %16s %18s %16s %14s\n' "$n" "${TPUT[$n]:-n/a}" \
            "$ratio" "${LAT[$n]:-n/a}" "${RTT[$n]:-n/a}"
    done
    echo
    echo "x ofcontroller: the better of ofcontroller's two throughputs over the"
    echo "peer's (target: 1,000,000/s for ofcontroller; a lower round trip than"
    echo "both peers)."
} | tee "$OUT"
