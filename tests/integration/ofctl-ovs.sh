#!/bin/bash
# ofctl against Open vSwitch: every network verb of build/ofctl, run on an
# OVS userspace bridge (datapath_type=netdev) and compared with what
# ovs-ofctl -O OpenFlow13 prints or does on the same bridge.
#
#   tests/integration/ofctl-ovs.sh [--bench] [BUILD_DIR]
#
# It starts its own ovsdb-server and ovs-vswitchd with their own database,
# run and log directory under a temporary directory (a system Open vSwitch
# is never touched), creates a netdev bridge whose ports 1 and 2 are veth
# pairs into two network namespaces it creates, and lets the bridge listen
# on ptcp:PORT:127.0.0.1 (and pssl: with a CA and certificates it makes).
# On exit it removes exactly what it created and stops the daemons it
# started, by PID.  Run as root; idempotent.  Without Open vSwitch or root
# it says why and exits 77 (skipped).
#
# --bench also times ofctl add-flows and ovs-ofctl add-flows on the same
# 100,000 flows, and ofctl against a switch that discards everything
# (ofsink.py), and prints the rates.

set -u

BENCH=0
if [ "${1:-}" = "--bench" ]; then
    BENCH=1
    shift
fi
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
OFCTL=$(cd "$BUILD" 2>/dev/null && pwd)/ofctl
FLOWS=$HERE/ofctl-flows.txt

skip() {
    echo "ofctl-ovs: SKIP: $*"
    exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root"
for tool in ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool ip \
            openssl python3; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[ -x "$OFCTL" ] || { echo "ofctl-ovs: $BUILD/ofctl not built" >&2; exit 1; }
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
[ -r "$SCHEMA" ] || skip "no $SCHEMA"

# The whole test runs in a network namespace of its own: ovs-vswitchd's
# userspace datapath creates a tap named "ovs-netdev" in its namespace,
# which would collide with any other Open vSwitch of the root namespace
# (the system's, or another test's).
if [ -z "${OFCTL_OVS_NS:-}" ]; then
    OFCTL_OVS_NS=ofctl-$$-ovs
    ip netns add "$OFCTL_OVS_NS" || { echo "ofctl-ovs: ip netns add failed" >&2; exit 1; }
    ip -n "$OFCTL_OVS_NS" link set lo up
    args=("$BUILD")
    [ "$BENCH" = 1 ] && args=(--bench "$BUILD")
    OFCTL_OVS_NS=$OFCTL_OVS_NS ip netns exec "$OFCTL_OVS_NS" "$0" "${args[@]}"
    status=$?
    ip netns del "$OFCTL_OVS_NS"
    exit $status
fi

# ---- Names: unique per run, short enough for interface names ----------

ID=$$
DIR=$(mktemp -d /tmp/ofctl-ovs.XXXXXX)
BR=ofcbr$ID
NS1=ofctl-$ID-h1
NS2=ofctl-$ID-h2
V1=ofc${ID}a        # Bridge side of port 1; ofc${ID}b is in NS1.
V2=ofc${ID}c        # Bridge side of port 2; ofc${ID}d is in NS2.
V1P=ofc${ID}b
V2P=ofc${ID}d
SINK_PID=
BLACKHOLE_PID=

export OVS_RUNDIR=$DIR OVS_LOGDIR=$DIR OVS_DBDIR=$DIR OVS_SYSCONFDIR=$DIR
VSCTL="ovs-vsctl --db=unix:$DIR/db.sock --timeout=10"
OVS_OFCTL=ovs_ofctl

# ovs-ofctl, with its log lines (deprecation notes) kept out of the way.
ovs_ofctl() {
    ovs-ofctl -O OpenFlow13 "$@" 2>>"$DIR/ovs-ofctl.log"
}

stop_pid() {
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
}

cleanup() {
    stop_pid "$SINK_PID"
    stop_pid "$BLACKHOLE_PID"
    if [ -f "$DIR/ovs-vswitchd.pid" ]; then
        $VSCTL --if-exists del-br "$BR" >/dev/null 2>&1
        stop_pid "$(cat "$DIR/ovs-vswitchd.pid")"
    fi
    [ -f "$DIR/ovsdb-server.pid" ] && stop_pid "$(cat "$DIR/ovsdb-server.pid")"
    ip link del "$V1" 2>/dev/null
    ip link del "$V2" 2>/dev/null
    ip link del "$BR" 2>/dev/null
    ip netns del "$NS1" 2>/dev/null
    ip netns del "$NS2" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then
        echo "ofctl-ovs: kept $DIR"
    else
        rm -rf "$DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port nobody listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- Results -----------------------------------------------------------

PASS=0
FAIL=0

pass() {
    PASS=$((PASS + 1))
    echo "  ok   $*"
}

fail() {
    FAIL=$((FAIL + 1))
    echo "  FAIL $*"
}

# Masks what differs between two dumps of the same state: xids, durations.
mask() {
    sed -E 's/xid=0x[0-9a-f]+/xid=X/g; s/duration[=:][0-9.]+s/duration=X/g'
}

# same NAME FILE1 FILE2: passes if the files are identical.
same() {
    if diff -u "$2" "$3" >"$DIR/diff" 2>&1; then
        pass "$1"
    else
        fail "$1"
        sed 's/^/       /' "$DIR/diff" | head -40
    fi
}

# compare NAME ARGS...: runs ovs-ofctl and ofctl with the same ARGS (which
# use $T) and passes if they print the same, xids and durations aside.
compare() {
    local name=$1
    shift
    $OVS_OFCTL "$@" | mask >"$DIR/ovs.out"
    "$OFCTL" "$@" 2>"$DIR/ofctl.err" | mask >"$DIR/ofctl.out"
    if [ ! -s "$DIR/ofctl.out" ]; then
        fail "$name: ofctl printed nothing"
        sed 's/^/       /' "$DIR/ofctl.err" | head -5
        return
    fi
    same "$name" "$DIR/ovs.out" "$DIR/ofctl.out"
}

# expect_fail NAME PATTERN ARGS...: ofctl ARGS must exit non-zero and say
# something matching PATTERN on stderr.
expect_fail() {
    local name=$1 pattern=$2 rc
    shift 2
    "$OFCTL" "$@" >"$DIR/ofctl.out" 2>"$DIR/ofctl.err"
    rc=$?
    if [ $rc = 0 ]; then
        fail "$name: exit status 0"
    elif ! grep -q -E -- "$pattern" "$DIR/ofctl.err"; then
        fail "$name: stderr lacks '$pattern'"
        sed 's/^/       /' "$DIR/ofctl.err" | head -5
    else
        pass "$name"
    fi
}

# ok NAME ARGS...: ofctl ARGS must succeed.
ok() {
    local name=$1
    shift
    if "$OFCTL" "$@" >"$DIR/ofctl.out" 2>"$DIR/ofctl.err"; then
        pass "$name"
    else
        fail "$name: exit status $?"
        sed 's/^/       /' "$DIR/ofctl.err" | head -5
    fi
}

# Waits up to 10 s for COMMAND to succeed.
wait_for() {
    local i
    for i in $(seq 100); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# ---- Open vSwitch ------------------------------------------------------

echo "ofctl-ovs: Open vSwitch in $DIR, bridge $BR"
ovsdb-tool create "$DIR/conf.db" "$SCHEMA" || exit 1
ovsdb-server "$DIR/conf.db" --remote=punix:"$DIR/db.sock" \
    --pidfile="$DIR/ovsdb-server.pid" --unixctl="$DIR/ovsdb-server.ctl" \
    --log-file="$DIR/ovsdb-server.log" --detach --no-chdir \
    2>>"$DIR/daemons.err" || exit 1
$VSCTL --no-wait init || exit 1
ovs-vswitchd unix:"$DIR/db.sock" --pidfile="$DIR/ovs-vswitchd.pid" \
    --unixctl="$DIR/ovs-vswitchd.ctl" --log-file="$DIR/ovs-vswitchd.log" \
    --detach --no-chdir 2>>"$DIR/daemons.err" || exit 1

# A CA, and certificates it signs for the bridge and for ofctl.
mkpki() {
    cd "$DIR" || return 1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ofctl-test-ca \
        -keyout ca.key -out ca.pem &&
    for who in switch ctl; do
        openssl req -newkey rsa:2048 -nodes -subj "/CN=$who" \
            -keyout "$who.key" -out "$who.csr" &&
        openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key \
            -CAcreateserial -days 2 -out "$who.pem" || return 1
    done
}
mkpki >"$DIR/pki.log" 2>&1 || { echo "ofctl-ovs: openssl failed" >&2; exit 1; }

PORT=$(free_port)
SSL_PORT=$(free_port)
T=tcp:127.0.0.1:$PORT
S=ssl:127.0.0.1:$SSL_PORT
SSL_OPTS="--private-key=$DIR/ctl.key --certificate=$DIR/ctl.pem --ca-cert=$DIR/ca.pem"
$VSCTL set-ssl "$DIR/switch.key" "$DIR/switch.pem" "$DIR/ca.pem" || exit 1
$VSCTL add-br "$BR" -- set bridge "$BR" datapath_type=netdev \
    fail_mode=secure protocols=OpenFlow13 \
    other-config:datapath-id=0000000000abcdef \
    other-config:disable-in-band=true \
    -- set-controller "$BR" "ptcp:$PORT:127.0.0.1" \
    "pssl:$SSL_PORT:127.0.0.1" || exit 1

# Two hosts in namespaces on ports 1 and 2, IPv6 off so that nothing but
# the test's own packets moves the counters.
for n in 1 2; do
    ns=$([ $n = 1 ] && echo "$NS1" || echo "$NS2")
    br_end=$([ $n = 1 ] && echo "$V1" || echo "$V2")
    host_end=$([ $n = 1 ] && echo "$V1P" || echo "$V2P")
    ip netns add "$ns" || exit 1
    ip link add "$br_end" type veth peer name "$host_end" || exit 1
    ip link set "$host_end" netns "$ns" || exit 1
    sysctl -q -w "net.ipv6.conf.$br_end.disable_ipv6=1"
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1
    ip netns exec "$ns" ip addr add "10.0.0.$n/24" dev "$host_end"
    ip netns exec "$ns" ip link set "$host_end" up
    ip link set "$br_end" up
    $VSCTL add-port "$BR" "$br_end" -- set interface "$br_end" \
        "ofport_request=$n" || exit 1
done

if ! wait_for $OVS_OFCTL probe "$T"; then
    echo "ofctl-ovs: the bridge does not listen on $T" >&2
    tail -20 "$DIR/ovs-vswitchd.log" >&2
    exit 1
fi
# The ports' link state settles (LINK_DOWN to LIVE) shortly after.
port_live() {
    $OVS_OFCTL dump-ports-desc "$T" | grep -A2 "^ $1(" | grep -q LIVE
}
wait_for port_live 1
wait_for port_live 2

# Resets the flow table to the flows of FILE, added by ovs-ofctl.
reset_flows() {
    $OVS_OFCTL del-flows "$T" && $OVS_OFCTL add-flows "$T" "$1"
}

# ---- Switch ------------------------------------------------------------

echo "switch:"
compare "show" show "$T"
compare "dump-desc" dump-desc "$T"
compare "dump-ports-desc" dump-ports-desc "$T"
compare "dump-tables" dump-tables "$T"
compare "get-frags" get-frags "$T"
ok "probe" probe "$T"
ok "barrier" barrier "$T"
"$OFCTL" dump-table-features "$T" >"$DIR/tf.out" 2>"$DIR/ofctl.err"
if grep -q '^  table 253 ' "$DIR/tf.out" && grep -q 'apply actions:' "$DIR/tf.out"; then
    pass "dump-table-features: 254 tables"
else
    fail "dump-table-features"
fi
ok "set-frags drop" set-frags "$T" drop
if [ "$($OVS_OFCTL get-frags "$T")" = drop ]; then
    pass "set-frags drop: ovs-ofctl get-frags agrees"
else
    fail "set-frags drop: ovs-ofctl get-frags says $($OVS_OFCTL get-frags "$T")"
fi
ok "set-config frags=normal" set-config "$T" frags=normal miss_send_len=128
compare "get-frags after set-config" get-frags "$T"
ok "unix: target (the bridge's management socket)" show "unix:$DIR/$BR.mgmt"
grep -q "dpid:0000000000abcdef" "$DIR/ofctl.out" && pass "unix: show prints the dpid" \
    || fail "unix: show prints the dpid"
if wait_for "$OFCTL" $SSL_OPTS probe "$S"; then
    pass "ssl: probe"
    ok "ssl: show" $SSL_OPTS show "$S"
else
    fail "ssl: probe"
    "$OFCTL" $SSL_OPTS probe "$S" 2>&1 | sed 's/^/       /' | head -5
fi
expect_fail "ssl: without certificates" "ssl|TLS|certificate|key" probe "$S"
ok "-O OpenFlow13 accepted" -O OpenFlow13 probe "$T"
ok "-O OpenFlow10,OpenFlow13 accepted" -O OpenFlow10,OpenFlow13 probe "$T"
expect_fail "-O OpenFlow10 refused" "OpenFlow13" -O OpenFlow10 probe "$T"

# ---- Flows -------------------------------------------------------------

echo "flows:"
$OVS_OFCTL add-group "$T" 'group_id=1,type=all,bucket=actions=output:1'
ok "del-flows (all tables)" del-flows "$T"
[ "$($OVS_OFCTL dump-flows "$T" | wc -l)" = 1 ] && pass "del-flows left no flow" \
    || fail "del-flows left flows"
ok "add-flows $(grep -c '^[a-z]' "$FLOWS") flows" add-flows "$T" "$FLOWS"
$OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/by-ofctl.ovs"
"$OFCTL" --no-stats dump-flows "$T" >"$DIR/by-ofctl.ofctl"
same "dump-flows --no-stats: ofctl prints what ovs-ofctl prints" \
    "$DIR/by-ofctl.ovs" "$DIR/by-ofctl.ofctl"
[ "$(wc -l <"$DIR/by-ofctl.ofctl")" = "$(grep -c '^[a-z]' "$FLOWS")" ] \
    && pass "dump-flows: one line a flow" || fail "dump-flows: line count"
reset_flows "$FLOWS"
$OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/by-ovs.ovs"
same "add-flows: same flow table as ovs-ofctl add-flows" \
    "$DIR/by-ovs.ovs" "$DIR/by-ofctl.ovs"
compare "dump-flows" dump-flows "$T"
compare "dump-flows table=1" dump-flows "$T" table=1
compare "dump-flows ip,nw_src=10.0.0.1" dump-flows "$T" ip,nw_src=10.0.0.1
compare "dump-flows tcp" dump-flows "$T" tcp
compare "dump-flows out_port=2" dump-flows "$T" out_port=2
compare "dump-flows cookie=0x123/0xfff" dump-flows "$T" cookie=0x123/0xfff
compare "dump-flows in_port=1" dump-flows "$T" in_port=1
compare "--sort dump-flows" --sort dump-flows "$T"
compare "--rsort dump-flows" --rsort dump-flows "$T"
compare "--rsort=priority --no-stats dump-flows" --rsort=priority --no-stats \
    dump-flows "$T"
compare "dump-aggregate" dump-aggregate "$T"
compare "dump-aggregate table=2" dump-aggregate "$T" table=2
compare "dump-aggregate ip" dump-aggregate "$T" ip

# Each change made once by ofctl and once by ovs-ofctl on the same table
# must leave the same flows.
mirror() {
    local name=$1
    shift
    reset_flows "$FLOWS"
    if ! "$OFCTL" "$@" 2>"$DIR/ofctl.err"; then
        fail "$name: exit status"
        sed 's/^/       /' "$DIR/ofctl.err" | head -5
        return
    fi
    $OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/mirror.ofctl"
    reset_flows "$FLOWS"
    $OVS_OFCTL "$@"
    $OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/mirror.ovs"
    if cmp -s "$DIR/mirror.ofctl" "$DIR/by-ofctl.ovs"; then
        fail "$name: changed nothing"
    else
        same "$name: same result as ovs-ofctl" "$DIR/mirror.ovs" \
            "$DIR/mirror.ofctl"
    fi
}
mirror "mod-flows ip" mod-flows "$T" 'ip,actions=output:3'
mirror "mod-flows --strict" --strict mod-flows "$T" 'priority=20,ip,nw_src=10.0.0.1,actions=drop'
mirror "mod-flows table=1" mod-flows "$T" 'table=1,actions=output:1'
mirror "del-flows tcp" del-flows "$T" tcp
mirror "del-flows --strict" --strict del-flows "$T" 'priority=21,ip,nw_dst=10.1.0.0/16'
mirror "del-flows table=2" del-flows "$T" table=2
mirror "del-flows out_port=2" del-flows "$T" out_port=2
mirror "del-flows cookie=0x123/0xfff" del-flows "$T" cookie=0x123/0xfff
mirror "add-flow" add-flow "$T" 'table=5,priority=7,udp,tp_src=67,actions=output:1'

# Files with command words, comments and stdin.
printf '# a comment\n\ndelete tcp\nmodify ip,actions=output:3   # trailing\nadd priority=99,arp,actions=FLOOD\n' >"$DIR/cmds.txt"
reset_flows "$FLOWS"
"$OFCTL" add-flows "$T" - <"$DIR/cmds.txt" 2>"$DIR/ofctl.err"
$OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/cmds.ofctl"
reset_flows "$FLOWS"
$OVS_OFCTL add-flows "$T" "$DIR/cmds.txt"
$OVS_OFCTL --no-stats dump-flows "$T" >"$DIR/cmds.ovs"
same "add-flows - (stdin) with add/modify/delete words" "$DIR/cmds.ovs" "$DIR/cmds.ofctl"

# Errors.
echo "errors:"
expect_fail "add-flow refused by the switch: OFPT_ERROR and the request" \
    "OFPT_ERROR .*OFPBAC_BAD_OUT_GROUP" add-flow "$T" 'priority=6,actions=group:77'
grep -q "OFPT_FLOW_MOD .*group:77" "$DIR/ofctl.err" \
    && pass "the error quotes the FLOW_MOD" || fail "the error quotes the FLOW_MOD"
expect_fail "add-flow output to a port OVS cannot have" "OFPBAC_BAD_OUT_PORT" \
    add-flow "$T" 'priority=6,actions=output:99999'
printf 'priority=1,actions=drop\n\n# two bad ones\npriority=2,actions=group:99\npriority=3,actions=drop\npriority=4,actions=group:98\n' >"$DIR/bad.txt"
expect_fail "add-flows: errors name their lines" "bad.txt:4: OFPT_ERROR" \
    add-flows "$T" "$DIR/bad.txt"
grep -q "bad.txt:6: OFPT_ERROR" "$DIR/ofctl.err" \
    && pass "add-flows: every error reported (line 6 too)" \
    || fail "add-flows: line 6 not reported"
$OVS_OFCTL del-flows "$T"
printf 'priority=1,actions=drop\npriority=2,frobnicate=1,actions=drop\n' >"$DIR/typo.txt"
expect_fail "add-flows: a typo names its line" "typo.txt:2: .*frobnicate" \
    add-flows "$T" "$DIR/typo.txt"
[ "$($OVS_OFCTL dump-flows "$T" | wc -l)" = 1 ] \
    && pass "add-flows: nothing sent when a line does not parse" \
    || fail "add-flows: flows were sent despite a parse error"
expect_fail "add-flow: missing prerequisite caught before sending" \
    "tcp_dst.*OFPBMC_BAD_PREREQ" add-flow "$T" 'ip,tcp_dst=80,actions=drop'
expect_fail "add-flow: bad argument named" "'300'" add-flow "$T" 'table=300,actions=drop'
expect_fail "add-flow: missing FLOW" "add-flow.*TARGET FLOW" add-flow "$T"
expect_fail "unknown verb" "unknown verb 'frobnicate'" frobnicate "$T"
expect_fail "bad target" "bogus:1" show bogus:1
expect_fail "connection refused" "refused" show "tcp:127.0.0.1:$(free_port)"
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
c, _ = s.accept(); time.sleep(30)' "$DIR/blackhole.port" &
BLACKHOLE_PID=$!
wait_for test -s "$DIR/blackhole.port"
start=$(date +%s)
expect_fail "--timeout: a peer that never says HELLO" "no connection within 1000 ms" \
    -t 1 probe "tcp:127.0.0.1:$(cat "$DIR/blackhole.port")"
[ $(($(date +%s) - start)) -le 4 ] && pass "--timeout 1 gives up within 4 s" \
    || fail "--timeout 1 took $(($(date +%s) - start)) s"
stop_pid "$BLACKHOLE_PID"
BLACKHOLE_PID=
if "$OFCTL" --help | grep -q "dump-group-stats" && "$OFCTL" --help | grep -q "monitor"; then
    pass "--help lists the verbs"
else
    fail "--help lists the verbs"
fi

# ---- Groups and meters -------------------------------------------------

echo "groups:"
$OVS_OFCTL del-flows "$T"
$OVS_OFCTL del-groups "$T"
ok "add-group select" add-group "$T" 'group_id=2,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,watch_port:2,actions=output:2'
ok "add-group ff" add-group "$T" 'group_id=3,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=mod_nw_dst:1.2.3.4,output:2'
printf 'group_id=4,type=indirect,bucket=actions=drop\ngroup_id=5,type=all,bucket=actions=output:1,bucket=actions=output:2\n' >"$DIR/groups.txt"
ok "add-groups FILE" add-groups "$T" "$DIR/groups.txt"
compare "dump-groups" dump-groups "$T"
compare "dump-group-stats" dump-group-stats "$T"
compare "dump-group-stats group_id=3" dump-group-stats "$T" group_id=3
compare "dump-group-features" dump-group-features "$T"
"$OFCTL" dump-groups "$T" 3 >"$DIR/g3.out"
[ "$(grep -c group_id "$DIR/g3.out")" = 1 ] && grep -q "group_id=3," "$DIR/g3.out" \
    && pass "dump-groups 3: that group only" || fail "dump-groups 3"
ok "mod-group" mod-group "$T" 'group_id=2,type=select,bucket=actions=output:2'
$OVS_OFCTL dump-groups "$T" | grep -q "group_id=2,type=select,bucket=actions=output:2$" \
    && pass "mod-group: ovs-ofctl sees the change" || fail "mod-group: change not seen"
expect_fail "add-group twice: OFPGMFC_GROUP_EXISTS" "OFPGMFC_GROUP_EXISTS" \
    add-group "$T" 'group_id=2,type=all,bucket=actions=output:1'
ok "del-groups group_id=2" del-groups "$T" group_id=2
! $OVS_OFCTL dump-groups "$T" | grep -q "group_id=2," \
    && pass "del-groups group_id=2: gone" || fail "del-groups group_id=2: still there"
ok "del-groups (all)" del-groups "$T"
[ "$($OVS_OFCTL dump-groups "$T" | wc -l)" = 1 ] && pass "del-groups: none left" \
    || fail "del-groups: groups left"

echo "meters:"
$OVS_OFCTL del-meters "$T"
ok "add-meter" add-meter "$T" 'meter=1,kbps,burst,stats,bands=type=drop,rate=1000,burst_size=100'
ok "add-meter pktps" add-meter "$T" 'meter=2,pktps,bands=type=drop,rate=10'
compare "dump-meters" dump-meters "$T"
compare "dump-meters meter=2" dump-meters "$T" meter=2
compare "meter-stats" meter-stats "$T"
compare "meter-stats meter=1" meter-stats "$T" meter=1
compare "meter-features" meter-features "$T"
expect_fail "add-meter twice: OFPMMFC_METER_EXISTS" "OFPMMFC_METER_EXISTS" \
    add-meter "$T" 'meter=1,kbps,bands=type=drop,rate=5'
ok "mod-meter" mod-meter "$T" 'meter=1,kbps,bands=type=drop,rate=2000'
$OVS_OFCTL dump-meters "$T" meter=1 | grep -q "rate=2000" \
    && pass "mod-meter: ovs-ofctl sees the change" || fail "mod-meter: change not seen"
ok "add-flow with meter" add-flow "$T" 'priority=1,ip,actions=meter:1,output:2'
compare "dump-flows with meter" dump-flows "$T"
$OVS_OFCTL del-flows "$T"
ok "del-meters meter=2" del-meters "$T" meter=2
ok "del-meters (all)" del-meters "$T"
[ "$($OVS_OFCTL dump-meters "$T" | wc -l)" = 1 ] && pass "del-meters: none left" \
    || fail "del-meters: meters left"

# ---- Ports -------------------------------------------------------------

echo "ports:"
compare "dump-ports" dump-ports "$T"
compare "dump-ports 1" dump-ports "$T" 1
compare "dump-ports LOCAL" dump-ports "$T" LOCAL
compare "dump-ports by name" dump-ports "$T" "$V2"
compare "queue-stats" queue-stats "$T"
expect_fail "dump-ports: no such port" "no such port" dump-ports "$T" nosuchport

port_config() {
    $OVS_OFCTL dump-ports-desc "$T" | grep -A1 "^ $1(" | sed -n 's/.*config: *//p'
}
for step in "down PORT_DOWN" "up 0" "no-receive NO_RECV" "receive 0" \
            "no-forward NO_FWD" "forward 0" "no-packet-in NO_PACKET_IN" \
            "packet-in 0"; do
    set -- $step
    if "$OFCTL" mod-port "$T" 1 "$1" 2>"$DIR/ofctl.err" \
       && [ "$(port_config 1)" = "$2" ]; then
        pass "mod-port 1 $1: config $2"
    else
        fail "mod-port 1 $1: config is '$(port_config 1)', expected $2"
    fi
done
ok "mod-port by name" mod-port "$T" "$V2" down
[ "$(port_config 2)" = PORT_DOWN ] && pass "mod-port $V2 down: config PORT_DOWN" \
    || fail "mod-port $V2 down"
"$OFCTL" mod-port "$T" "$V2" up
expect_fail "mod-port: bad action named" "'sideways'" mod-port "$T" 1 sideways
expect_fail "mod-port: no such port" "no such port" mod-port "$T" 7 up

# ---- Packets -----------------------------------------------------------

echo "packets:"
FRAME=ffffffffffff00000000000188b5$(printf '%02x' $(seq 0 45) | tr -d ' ')
rx() {
    ip netns exec "$NS2" cat "/sys/class/net/$V2P/statistics/rx_packets"
}
before=$(rx)
ok "packet-out" packet-out "$T" "in_port=controller,packet=$FRAME,actions=output:2"
if wait_for sh -c "[ \$(ip netns exec $NS2 cat /sys/class/net/$V2P/statistics/rx_packets) -gt $before ]"; then
    pass "packet-out: the frame reached the host on port 2"
else
    fail "packet-out: nothing arrived on port 2"
fi
before=$(rx)
ok "packet-out (ovs-ofctl's older form)" packet-out "$T" CONTROLLER output:2 "$FRAME" "$FRAME"
if wait_for sh -c "[ \$(ip netns exec $NS2 cat /sys/class/net/$V2P/statistics/rx_packets) -ge $((before + 2)) ]"; then
    pass "packet-out: both frames arrived"
else
    fail "packet-out: frames missing"
fi
expect_fail "packet-out: bad in_port refused" "in_port" packet-out "$T" \
    "in_port=0,packet=$FRAME,actions=output:2"

# monitor: packet-ins from the table and from packet-outs, port status.
"$OFCTL" -t 6 monitor "$T" 65535 >"$DIR/monitor.out" 2>"$DIR/monitor.err" &
MON=$!
$OVS_OFCTL add-flow "$T" 'priority=10,in_port=1,actions=CONTROLLER:65535'
got_packet_in() {
    "$OFCTL" packet-out "$T" "in_port=controller,packet=$FRAME,actions=CONTROLLER:128" &&
    grep -q "OFPT_PACKET_IN" "$DIR/monitor.out"
}
if wait_for got_packet_in; then
    pass "monitor: PACKET_IN from a packet-out to CONTROLLER"
else
    fail "monitor: no PACKET_IN"
fi
send_from_host1() {
    ip netns exec "$NS1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
s.send(bytes.fromhex(sys.argv[2]))' "$V1P" "$FRAME"
}
send_from_host1
if wait_for grep -q "OFPT_PACKET_IN.*in_port=1 " "$DIR/monitor.out"; then
    pass "monitor: PACKET_IN from a flow (a frame sent by host 1)"
else
    fail "monitor: no PACKET_IN from in_port=1"
    sed 's/^/       /' "$DIR/monitor.out" "$DIR/monitor.err" | head
    $OVS_OFCTL dump-flows "$T" | sed 's/^/       /'
    $OVS_OFCTL dump-ports "$T" | sed 's/^/       /'
fi
"$OFCTL" mod-port "$T" 1 no-forward
"$OFCTL" mod-port "$T" 1 forward
if wait_for grep -q "OFPT_PORT_STATUS.*NO_FWD" "$DIR/monitor.out"; then
    pass "monitor: PORT_STATUS after mod-port"
else
    fail "monitor: no PORT_STATUS"
fi
wait "$MON"
rc=$?
[ $rc = 0 ] && pass "monitor -t 6: exits 0 when the time is up" \
    || fail "monitor -t 6: exit status $rc"
$OVS_OFCTL del-flows "$T"

# ---- Many flows --------------------------------------------------------

N=${OFCTL_OVS_FLOWS:-20000}
[ $BENCH = 1 ] && N=100000
echo "many flows ($N):"
python3 -c "
import sys
for i in range(int(sys.argv[1])):
    print('priority=%d,ip,nw_dst=10.%d.%d.%d,actions=output:%d'
          % (100 + i % 1000, (i >> 16) & 255, (i >> 8) & 255, i & 255,
             1 + i % 4))" "$N" >"$DIR/many.txt"

now_ms() {
    date +%s%3N
}
rate() {
    echo "$1 $2" | awk '{ printf "%.0f", $1 * 1000 / ($2 > 0 ? $2 : 1) }'
}
t0=$(now_ms)
ok "add-flows $N flows" add-flows "$T" "$DIR/many.txt"
t1=$(now_ms)
"$OFCTL" dump-aggregate "$T" | grep -q "flow_count=$N\$" \
    && pass "dump-aggregate: flow_count=$N" || fail "dump-aggregate: flow count"
"$OFCTL" --no-stats dump-flows "$T" | sort >"$DIR/many.ofctl"
$OVS_OFCTL --no-stats dump-flows "$T" | sort >"$DIR/many.ovs"
same "dump-flows of $N flows (a multipart reply in many parts)" \
    "$DIR/many.ovs" "$DIR/many.ofctl"
echo "  ofctl add-flows: $N flows in $((t1 - t0)) ms ($(rate $N $((t1 - t0))) flows/s)"
if [ $BENCH = 1 ]; then
    $OVS_OFCTL del-flows "$T"
    t0=$(now_ms)
    $OVS_OFCTL add-flows "$T" "$DIR/many.txt"
    t1=$(now_ms)
    echo "  ovs-ofctl add-flows: $N flows in $((t1 - t0)) ms ($(rate $N $((t1 - t0))) flows/s)"
    python3 "$HERE/ofsink.py" "$DIR/sink.port" 2>/dev/null &
    SINK_PID=$!
    wait_for test -s "$DIR/sink.port"
    for i in 1 2 3; do
        t0=$(now_ms)
        "$OFCTL" add-flows "tcp:127.0.0.1:$(cat "$DIR/sink.port")" "$DIR/many.txt"
        t1=$(now_ms)
        echo "  ofctl add-flows to a discarding switch: $N flows in $((t1 - t0)) ms ($(rate $N $((t1 - t0))) flows/s)"
    done
    stop_pid "$SINK_PID"
    SINK_PID=
fi
ok "del-flows" del-flows "$T"

echo "ofctl-ovs: $PASS passed, $FAIL failed"
[ $FAIL = 0 ]
