# What the switch-*.sh integration tests share.  Sourced, not run (the
# name does not end in .sh, so `make integration` leaves it alone).
#
#   . "$(dirname "$0")/switch-lib.bash" "$@"
#
# The topology: ofswitch runs in a network namespace of its own (so its
# LOCAL tap, its listeners and everything it sees stay out of the host's
# way), and each host K is a namespace whose eth0 (MAC 02:00:00:00:00:0K,
# 10.0.0.K/24) is a veth joined to interface pK in the switch's namespace,
# which ofswitch opens as port K.  IPv6 is off everywhere unless a test
# turns it on, so the only frames that move are the test's own.
#
# Names are unique per run (the shell's PID); everything the test starts
# is stopped by PID and every namespace it adds is deleted when it exits,
# however it exits.  Every wait is bounded.
#
# Results: pass/fail print one line each; finish prints the totals and
# exits 0 only if nothing failed.  Exit status 77 means skipped (not root,
# or a tool is missing).

set -u

BUILD=${1:-build}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TEST=$(basename "$0" .sh)
PY=/usr/bin/python3
PKT="$PY $HERE/pkt.py"

skip() {
    echo "$TEST: SKIP: $*"
    exit 77
}

die() {
    echo "$TEST: ERROR: $*" >&2
    FAIL=$((${FAIL:-0} + 1))
    exit 1
}

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
# needs TOOL...: skips unless every TOOL is installed.
needs() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
    done
}
needs ip sysctl "$PY"

BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd) || die "no build directory '$BUILD'"
OFCTL=$BUILD_ABS/ofctl
OFSWITCH=$BUILD_ABS/ofswitch
[ -x "$OFCTL" ] || die "$BUILD/ofctl is not built"
[ -x "$OFSWITCH" ] || die "$BUILD/ofswitch is not built"

ID=$$
DIR=$(mktemp -d "/tmp/$TEST.XXXXXX")
NS_SW=ofk$ID-sw
T=unix:$DIR/sw.ctl
PIDS=()
NSES=()
SW_PID=
PASS=0
FAIL=0

# host K: the namespace of host K.
host() {
    echo "ofk$ID-h$1"
}

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
    local i status=$? sanitizer=0
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${PIDS[$i]}"
    done
    for ns in "${NSES[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    # In a sanitizer build (make ASAN=1 integration) ofswitch reports
    # memory errors and leaks in its log as it exits: any is a failure.
    if cat "$DIR"/*.log 2>/dev/null | grep -q -E "ERROR: (Address|Leak)Sanitizer|runtime error:"; then
        echo "$TEST: FAIL: the sanitizer reported errors:"
        cat "$DIR"/*.log | grep -A30 -E "ERROR: (Address|Leak)Sanitizer|runtime error:" | head -60
        sanitizer=1
    elif [ "$FAIL" != 0 ] && [ -f "$DIR/ofswitch.log" ]; then
        echo "---- last lines of the ofswitch log"
        tail -20 "$DIR/ofswitch.log"
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        echo "$TEST: kept $DIR"
    else
        rm -rf "$DIR"
    fi
    if [ $sanitizer = 1 ]; then
        exit 1
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Results -------------------------------------------------------------

pass() {
    PASS=$((PASS + 1))
    echo "  ok   $*"
}

# note_skip WHAT: a check that cannot run here, said out loud.
note_skip() {
    echo "  skip $*"
}

fail() {
    FAIL=$((FAIL + 1))
    echo "  FAIL $*"
}

# check NAME COMMAND...: passes if COMMAND succeeds.
check() {
    local name=$1
    shift
    if "$@" >"$DIR/check.out" 2>&1; then
        pass "$name"
    else
        fail "$name"
        sed 's/^/       /' "$DIR/check.out" | head -10
    fi
}

# refused NAME PATTERN COMMAND...: passes if COMMAND fails and what it
# prints (stdout and stderr) contains PATTERN: bad input gets a message
# naming the mistake.
refused() {
    local name=$1 pat=$2 out
    shift 2
    if out=$("$@" 2>&1); then
        fail "$name: accepted"
    elif grep -q -- "$pat" <<<"$out"; then
        pass "$name: $(head -1 <<<"$out")"
    else
        fail "$name: '$out' does not say '$pat'"
    fi
}

# tcp_mbps SERVER_NS SERVER_IP CLIENT_NS [SECS]: one iperf3 TCP stream from
# the client to the server for SECS (2) seconds; prints the Mbit/s the
# server received, or nothing.
tcp_mbps() {
    local sns=$1 sip=$2 cns=$3 secs=${4:-2} port pid
    port=$(free_port "$sns")
    ip netns exec "$sns" iperf3 -s -1 -B "$sip" -p "$port" >/dev/null 2>&1 &
    pid=$!
    PIDS+=($pid)
    wait_for 5 ip netns exec "$sns" sh -c "ss -ltn | grep -q ':$port '"
    ip netns exec "$cns" timeout $((secs + 15)) iperf3 -c "$sip" -p "$port" \
        -t "$secs" -J >"$DIR/tcp_mbps.json" 2>/dev/null
    stop_pid "$pid"
    "$PY" -c 'import json,sys
print(int(json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e6))' "$DIR/tcp_mbps.json" 2>/dev/null
}

finish() {
    echo "$TEST: $PASS passed, $FAIL failed"
    [ "$FAIL" = 0 ]
    exit $?
}

# wait_for SECS COMMAND...: runs COMMAND every 0.05 s until it succeeds
# (returns 0) or SECS pass (returns 1).
wait_for() {
    local secs=$1 end
    shift
    end=$(($(date +%s%N) + ${secs%.*} * 1000000000))
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ "$(date +%s%N)" -ge "$end" ] && return 1
        sleep 0.05
    done
}

# A TCP port that nobody listens on in namespace NS.
free_port() {
    ip netns exec "$1" "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- Topology ------------------------------------------------------------

# Adds namespace NS, with IPv6 off and loopback up.
add_ns() {
    ip netns add "$1" || die "cannot add namespace $1"
    NSES+=("$1")
    ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1 >/dev/null
    ip -n "$1" link set lo up
}

# add_host K [noaddr]: host K's namespace and its veth to pK in the
# switch's.  With "noaddr" the host has no IP address, so its kernel
# answers nothing (no ARP replies, no ICMP errors) to the test's frames.
add_host() {
    local k=$1 ns
    ns=$(host "$k")
    add_ns "$ns"
    ip link add "p$k" netns "$NS_SW" type veth peer name eth0 netns "$ns" \
        || die "cannot add veth p$k"
    ip -n "$ns" link set eth0 address "02:00:00:00:00:0$k"
    [ "${2:-}" = noaddr ] || ip -n "$ns" addr add "10.0.0.$k/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$NS_SW" link set "p$k" up
}

# topo N [noaddr]: the switch's namespace and hosts 1..N.
topo() {
    local k
    add_ns "$NS_SW"
    # The switch's namespace holds the switch side of every veth: its own
    # kernel must not answer ARP there for an address of the LOCAL port,
    # or traffic to LOCAL would bypass the switch.
    ip netns exec "$NS_SW" sysctl -q -w net.ipv4.conf.all.arp_ignore=1 \
        net.ipv4.conf.default.arp_ignore=1 >/dev/null
    for k in $(seq "$1"); do
        add_host "$k" "${2:-}"
    done
    N_HOSTS=$1
}

# start_switch [OFSWITCH OPTIONS...]: starts ofswitch in the switch's
# namespace with ports p1..pN as 1..N, its control socket at $DIR/sw.ctl
# (the target $T), and waits until it answers.
start_switch() {
    local k ports=()
    for k in $(seq "$N_HOSTS"); do
        ports+=(--port "p$k")
    done
    ip netns exec "$NS_SW" "$OFSWITCH" --name "ofk$ID" --dpid "$ID" \
        --ctl "$DIR/sw.ctl" "${ports[@]}" "$@" >>"$DIR/ofswitch.log" 2>&1 &
    SW_PID=$!
    PIDS+=("$SW_PID")
    wait_for 10 "$OFCTL" -t 1 probe "$T" || die "ofswitch does not answer"
}

# ---- ofctl -----------------------------------------------------------------

# ofctl ARGS...: build/ofctl with a 10 s timeout.
ofctl() {
    "$OFCTL" -t 10 "$@"
}

# The flows every test keeps: a frame of type 0x88b6 (a "sync" frame)
# addressed to host K goes to port K (to 02:00:00:00:00:00: to LOCAL),
# whatever else the tables hold.
sync_flows() {
    local k
    for k in $(seq "$N_HOSTS"); do
        echo "priority=65535,dl_type=0x88b6,dl_dst=02:00:00:00:00:0$k,actions=output:$k"
    done
    echo "priority=65535,dl_type=0x88b6,dl_dst=02:00:00:00:00:00,actions=LOCAL"
}

# flows FLOW...: replaces every flow with the sync flows and FLOWs (added
# together with one barrier).  Dies if the switch refuses any.
flows() {
    ofctl del-flows "$T" || die "del-flows failed"
    { sync_flows; printf '%s\n' "$@"; } >"$DIR/flows.txt"
    ofctl add-flows "$T" "$DIR/flows.txt" || die "add-flows failed: $*"
}

# n_packets T 'FILTER': the n_packets of the one flow dump-flows prints for
# FILTER (--strict semantics are not needed: filters name one flow).
n_packets() {
    ofctl dump-flows "$T" "$1" | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | head -1
}

# ofraw ARGS...: tests/integration/ofraw.py in the switch's namespace (raw
# OpenFlow to a target: see its --help).
ofraw() {
    ip netns exec "$NS_SW" "$PY" "$HERE/ofraw.py" "$@"
}

# hex_of VERB TEXT: the message 'ofctl VERB TEXT' encodes to, as hex.
hex_of() {
    "$OFCTL" "$1" "$2" | grep -E '^[0-9a-f]{2}( [0-9a-f]{2})*$' | tr -d ' \n'
}

# expect_error NAME ERROR VERB ARGS...: ofctl must fail and name ERROR.
expect_error() {
    local name=$1 error=$2
    shift 2
    if ofctl "$@" >"$DIR/out" 2>"$DIR/err"; then
        fail "$name: accepted"
    elif grep -q "$error" "$DIR/err"; then
        pass "$name: $error"
    else
        fail "$name: expected $error, got: $(head -1 "$DIR/err")"
    fi
}

# raw_error NAME TYPE,CODE HEX: the switch answers the raw message HEX
# with an OFPT_ERROR of that type and code.
raw_error() {
    local out
    out=$(ofraw "$T" "$3" 2>&1 | tr '\n' ';')
    if grep -q "type=1 xid=1 error=$2;" <<<"$out"; then
        pass "$1: error $2"
    else
        fail "$1: expected error $2, got '$out'"
    fi
}

# ---- Frames --------------------------------------------------------------

# sniff K: starts a sniffer on host K's eth0 (K "L": on the LOCAL port, the
# switch's tap, in the switch's namespace), writing to $DIR/sniff-K, and
# waits until it listens.
sniff() {
    local k=$1 ns iface out=$DIR/sniff-$1
    if [ "$k" = L ]; then
        ns=$NS_SW
        iface=ofk$ID
    else
        ns=$(host "$k")
        iface=eth0
    fi
    rm -f "$out" "$out.ready"
    ip netns exec "$ns" $PKT sniff "$iface" "$out" 600 &
    PIDS+=($!)
    wait_for 5 test -e "$out.ready" || die "sniffer on $ns $iface did not start"
}

# send K FRAME...: sends FRAMEs (pkt.py syntax) from host K's eth0.
send() {
    local k=$1
    shift
    ip netns exec "$(host "$k")" $PKT send eth0 "$@" || die "pkt.py send failed"
}

# sniffed K TAG: the line host K's sniffer wrote for the frame tagged TAG.
sniffed() {
    grep " tag=$2 " "$DIR/sniff-$1" 2>/dev/null | head -1
}

# seen K TAG: whether host K received the frame tagged TAG.
seen() {
    grep -q " tag=$2 " "$DIR/sniff-$1" 2>/dev/null
}

# count K TAG: how many frames tagged TAG host K received.
count() {
    grep -c " tag=$2 " "$DIR/sniff-$1" 2>/dev/null
}

# wait_seen K TAG [SECS]: waits up to SECS (2) for host K to see TAG.
wait_seen() {
    wait_for "${3:-2}" seen "$1" "$2"
}

# has LINE WORD...: whether the sniffed LINE holds every KEY=VALUE WORD
# (and for a WORD !KEY, no KEY=... at all).
has() {
    local line=" $1 " w
    shift
    for w in "$@"; do
        case "$w" in
            !*)
                case "$line" in
                    *" ${w#!}="*) echo "has ${w#!}: $1"; return 1 ;;
                esac
                ;;
            *)
                case "$line" in
                    *" $w "*) ;;
                    *) echo "lacks $w: $1"; return 1 ;;
                esac
                ;;
        esac
    done
}

SYNC_N=0
# sync FROM TO...: sends a sync frame from host FROM to each host TO (or
# L, the LOCAL port) and
# waits until each arrives.  Frames from one port are handled in order and
# a port sends in order, so afterwards every frame FROM sent before has
# been handled, and any that was going to TO has arrived.
sync() {
    local from=$1 to tags=() k
    shift
    for to in "$@"; do
        SYNC_N=$((SYNC_N + 1))
        send "$from" "eth(src=02:00:00:00:00:0$from,dst=02:00:00:00:00:0${to/L/0},type=0x88b6)/tag(sync$SYNC_N)"
        tags+=("$to:sync$SYNC_N")
    done
    for k in "${tags[@]}"; do
        wait_seen "${k%%:*}" "${k#*:}" 3 || { fail "sync frame to host ${k%%:*} never arrived"; return 1; }
    done
}

# eth K J: the Ethernet layer of a frame from host K to host J.
eth() {
    echo "eth(src=02:00:00:00:00:0$1,dst=02:00:00:00:00:0$2)"
}
