#!/bin/bash
# ofcontroller with the learning switch against ofswitch, end to end with
# real sockets and interfaces:
#   1. one switch, two hosts: ping both ways, flows really installed
#      (learned flows in the switch, later pings take no packet-in);
#   2. a ring of three switches with a host each: every pair pings, the
#      app's spanning tree keeps broadcasts from looping (the packet-in
#      count stays small);
#   3. the controller restarted mid-run: the switches reconnect and the
#      hosts ping again.
# Everything runs in namespaces this script creates (switches and the
# controller share one; each host has its own), names are unique per run,
# every process is stopped by PID and every namespace deleted on exit.
# Exit 77 only when a tool is missing or we are not root.

set -u

BUILD=${1:-build}
TEST=$(basename "$0" .sh)

skip() {
    echo "$TEST: SKIP: $*"
    exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
for tool in ip ping timeout; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done

BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd) || {
    echo "$TEST: no build directory '$BUILD'"; exit 1; }
OFSWITCH=$BUILD_ABS/ofswitch
OFCTL=$BUILD_ABS/ofctl
OFCONTROLLER=$BUILD_ABS/ofcontroller
for b in "$OFSWITCH" "$OFCTL" "$OFCONTROLLER"; do
    [ -x "$b" ] || { echo "$TEST: $b is not built"; exit 1; }
done

ID=$$
DIR=$(mktemp -d "/tmp/$TEST.XXXXXX")
NS=ofc$ID-net
PORT=6653
PIDS=()
NSES=()
PASS=0
FAIL=0
CTL_PID=

stop_pid() {
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

cleanup() {
    local i ns
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${PIDS[$i]}"
    done
    for ns in "${NSES[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    if [ "$FAIL" != 0 ]; then
        for f in "$DIR"/*.log; do
            [ -f "$f" ] || continue
            echo "---- last lines of $(basename "$f")"
            tail -15 "$f"
        done
    fi
    rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { PASS=$((PASS + 1)); echo "  ok   $*"; }
fail() { FAIL=$((FAIL + 1)); echo "  FAIL $*"; }

# wait_for SECS COMMAND...: retries COMMAND every 0.1 s for SECS seconds.
wait_for() {
    local end=$(($(date +%s) + $1))
    shift
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ "$(date +%s)" -ge "$end" ] && return 1
        sleep 0.1
    done
}

add_ns() {
    ip netns add "$1" || { echo "cannot add namespace $1"; exit 1; }
    NSES+=("$1")
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ip -n "$1" link set lo up
}

# host K IFNAME: host K (10.0.0.K) in its own namespace, its eth0 joined
# to interface IFNAME in the switches' namespace.
host_ns() { echo "ofc$ID-h$1"; }
add_host() {
    local k=$1 ifname=$2 ns
    ns=$(host_ns "$k")
    add_ns "$ns"
    ip link add "$ifname" netns "$NS" type veth peer name eth0 netns "$ns"
    ip -n "$ns" link set eth0 address "02:00:00:00:00:0$k"
    ip -n "$ns" addr add "10.0.0.$k/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$NS" link set "$ifname" up
}

# link A B: a veth pair between interfaces A and B of the switches.
add_link() {
    ip -n "$NS" link add "$1" type veth peer name "$2"
    ip -n "$NS" link set "$1" up
    ip -n "$NS" link set "$2" up
}

# start_switch N IFNAME...: ofswitch with dpid N on the interfaces.
start_switch() {
    local n=$1 ports=() i
    shift
    for i in "$@"; do
        ports+=(--port "$i")
    done
    ip netns exec "$NS" "$OFSWITCH" --name "ofc$ID-s$n" --no-local \
        --dpid "$n" --ctl "$DIR/s$n.ctl" "${ports[@]}" \
        --controller "tcp:127.0.0.1:$PORT" >>"$DIR/s$n.log" 2>&1 &
    PIDS+=($!)
}

start_controller() {
    ip netns exec "$NS" "$OFCONTROLLER" --listen "ptcp:$PORT:127.0.0.1" \
        --app "learning_switch:hold=300,lldp_interval=500" "$@" \
        >>"$DIR/ofcontroller.log" 2>&1 &
    CTL_PID=$!
    PIDS+=("$CTL_PID")
}

# up N: how many switches the controller has up ("up (" log lines).
switches_up() {
    [ "$(grep -c 'up (' "$DIR/ofcontroller.log")" -ge "$1" ]
}

ping_ok() {
    ip netns exec "$(host_ns "$1")" ping -c 1 -W 1 "10.0.0.$2" >/dev/null
}

# ping_pair A B: ping from host A to host B, up to 5 tries (the first may
# be lost while ARP is flooded).
ping_pair() {
    local i
    for i in 1 2 3 4 5; do
        ping_ok "$1" "$2" && return 0
    done
    return 1
}

# packet_ins N: packets switch N's table-miss flow sent to the controller.
packet_ins() {
    "$OFCTL" -t 5 dump-flows "unix:$DIR/s$1.ctl" |
        grep -E 'priority=0( |,)' |
        sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | head -1
}

learned_flows() {
    "$OFCTL" -t 5 dump-flows "unix:$DIR/s$1.ctl" | grep -c "priority=100,"
}

add_ns "$NS"

echo "== one switch, two hosts"
add_host 1 a1
add_host 2 a2
start_controller
start_switch 1 a1 a2
S1_PID=$!
if wait_for 10 switches_up 1; then
    pass "switch 1 connected and came up"
else
    fail "switch 1 did not come up"
fi
sleep 0.5
if ping_pair 1 2 && ping_pair 2 1; then
    pass "hosts 1 and 2 ping each other"
else
    fail "hosts 1 and 2 cannot ping"
fi
n=$(learned_flows 1)
if [ "${n:-0}" -ge 2 ]; then
    pass "learned flows installed ($n)"
else
    fail "no learned flows in switch 1 ($n)"
fi
before=$(packet_ins 1)
ping_ok 1 2 && ping_ok 1 2
after=$(packet_ins 1)
if [ -n "$before" ] && [ "$before" = "$after" ]; then
    pass "later pings take no packet-in ($before table misses)"
else
    fail "pings still reach the controller ($before -> $after)"
fi

echo "== a ring of three switches"
# s2: host 3 on c3, ring ports r12b, r23a; s3: host 4, r23b, r31a;
# s1 gets r12a and r31b as its ports 3 and 4 when it restarts below.
add_host 3 c3
add_host 4 d4
add_link r12a r12b
add_link r23a r23b
add_link r31a r31b
start_switch 2 c3 r12b r23a
start_switch 3 d4 r23b r31a
# Restart switch 1 with the ring ports too.
stop_pid "$S1_PID"
start_switch 1 a1 a2 r12a r31b
if wait_for 15 switches_up 4; then
    pass "three ring switches up"
else
    fail "ring switches did not come up"
fi
sleep 1.5
ok=1
for a in 1 3 4; do
    for b in 1 3 4; do
        [ "$a" = "$b" ] && continue
        ping_pair "$a" "$b" || { ok=0; echo "       $a -> $b failed"; }
    done
done
if [ "$ok" = 1 ]; then
    pass "every pair pings across the ring"
else
    fail "pings across the ring fail"
fi
total=0
for s in 1 2 3; do
    n=$(packet_ins "$s")
    total=$((total + ${n:-0}))
done
if [ "$total" -lt 2000 ]; then
    pass "no broadcast storm ($total packet-ins in all)"
else
    fail "broadcast storm: $total packet-ins"
fi
if grep -q "link " "$DIR/ofcontroller.log"; then
    pass "links discovered ($(grep -c 'link ' "$DIR/ofcontroller.log"))"
else
    fail "no links discovered"
fi

echo "== controller restart"
stop_pid "$CTL_PID"
: >"$DIR/ofcontroller.log"
start_controller
if wait_for 20 switches_up 3; then
    pass "switches reconnected to the new controller"
else
    fail "switches did not reconnect"
fi
sleep 1.5
if ping_pair 1 3 && ping_pair 4 1; then
    pass "hosts ping after the restart"
else
    fail "no ping after the restart"
fi

echo "$TEST: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
