#!/bin/bash
# ofswitch with two live controllers: roles, generation ids, what a slave
# may not do, and which asynchronous messages each connection receives.
#
#   tests/integration/switch-roles.sh [BUILD_DIR]
#
# Two hosts on ports 1-2; table-miss to the controller.  The switch
# connects to two controllers, c1 and c2 (tests/integration/ofctlr.py,
# which send what the test tells them and log what they receive).
# Checked, with real frames from the hosts:
#   - both EQUAL: both get every packet-in;
#   - c1 MASTER, c2 SLAVE: only c1 gets packet-ins; c2's flow mod and
#     packet-out are refused with OFPBRC_IS_SLAVE and change nothing (the
#     flow is not in the table, the frame never reaches the host); both get
#     PORT_STATUS (the spec's defaults for a slave);
#   - GET_ASYNC on the slave returns the spec's defaults;
#   - c2 MASTER with a newer generation demotes c1: packet-ins move to c2,
#     c1's flow mod is refused, c2's packet-out is delivered, only c2 gets
#     FLOW_REMOVED;
#   - c1 MASTER with the older generation: OFPRRFC_STALE, roles unchanged;
#   - SET_ASYNC per connection: the slave c1 asks for table-miss
#     packet-ins and gets them; the master c2 turns port status off and
#     gets none while c1 still does;
#   - back to EQUAL, c1 may change the tables again.

. "$(dirname "$0")/switch-lib.bash" "$@"

topo 2 noaddr

# ---- the two controllers ---------------------------------------------------

for c in 1 2; do
    ip netns exec "$NS_SW" "$PY" "$HERE/ofctlr.py" "$DIR/c$c.port" \
        "$DIR/c$c.log" "$DIR/c$c.cmds" >>"$DIR/ofctlr.log" 2>&1 &
    PIDS+=($!)
done
wait_for 5 test -s "$DIR/c1.port" -a -s "$DIR/c2.port" ||
    die "the test controllers did not start"
start_switch --controller "tcp:127.0.0.1:$(cat "$DIR/c1.port")" \
    --controller "tcp:127.0.0.1:$(cat "$DIR/c2.port")"
wait_for 10 grep -q connected "$DIR/c1.log" ||
    die "the switch did not connect to c1"
wait_for 10 grep -q connected "$DIR/c2.log" ||
    die "the switch did not connect to c2"
sniff 2

XID=(0 100 100)
# csend C HEX: controller C sends the message HEX; $LAST is its xid.
csend() {
    LAST=${XID[$1]}
    XID[$1]=$((LAST + 1))
    echo "send $2" >>"$DIR/c$1.cmds"
    wait_for 5 grep -q "^sent xid=$LAST " "$DIR/c$1.log" ||
        die "c$1 did not send xid $LAST"
}

# answer C XID: the first message C received with that xid (waits 5 s).
answer() {
    wait_for 5 grep -q -E "^recv .* xid=$2( |\$)" "$DIR/c$1.log"
    grep -E "^recv .* xid=$2( |\$)" "$DIR/c$1.log" | head -1
}

# barrier C: C's barrier request and its reply.  The switch has sent C
# everything it was going to before the reply.
barrier() {
    csend "$1" 0414000800000000
    answer "$1" "$LAST" | grep -q "type=21" || die "c$1: no barrier reply"
}

# role C ROLE GEN: C's ROLE_REQUEST (1 EQUAL, 2 MASTER, 3 SLAVE); the
# answer in $OUT.  (Not in a subshell: csend counts xids.)
role() {
    csend "$1" "04180018000000000000000$2 00000000 $(printf %016x "$3")"
    OUT=$(answer "$1" "$LAST")
}

# check_role NAME C ROLE GEN: C asks for ROLE with GEN and is answered
# with a ROLE_REPLY of that role and generation.
check_role() {
    role "$2" "$3" "$4"
    if grep -q "type=25 .* role=$3 gen=$4\$" <<<"$OUT"; then
        pass "$1"
    else
        fail "$1: got '$OUT'"
    fi
}

# hexof TEXT: TEXT's bytes as hex (to find a tag in a packet-in's data).
hexof() {
    printf %s "$1" | od -An -tx1 | tr -d ' \n'
}

# packet_in NAME TAG WHO: host 1 sends a frame tagged TAG that misses the
# table; WHO ("1", "2", "12" or "") are the controllers that must get it
# as a packet-in.
PI_N=0
packet_in() {
    local name=$1 tag=$2 who=$3 c got
    send 1 "$(eth 1 2)/tag($tag)"
    for c in 1 2; do
        if [[ $who == *$c* ]]; then
            wait_for 3 grep -q "type=10 .*$(hexof "$tag")" "$DIR/c$c.log"
        fi
    done
    for c in 1 2; do
        barrier "$c"
        got=no
        grep -q "type=10 .*$(hexof "$tag")" "$DIR/c$c.log" && got=yes
        if [[ $who == *$c* && $got == no ]]; then
            fail "$name: c$c got no packet-in"
            return
        elif [[ $who != *$c* && $got == yes ]]; then
            fail "$name: c$c got a packet-in"
            return
        fi
    done
    pass "$name"
}

# is_slave NAME C HEX: C sends HEX and is answered with OFPBRC_IS_SLAVE.
is_slave() {
    local out
    csend "$2" "$3"
    out=$(answer "$2" "$LAST")
    if grep -q "type=1 .* error=1,10\$" <<<"$out"; then
        pass "$1: OFPBRC_IS_SLAVE"
    else
        fail "$1: expected error 1,10, got '$out'"
    fi
}

# A packet-out from the controller of a frame tagged TAG to port 2.
packet_out_hex() {
    local frame
    frame=$($PKT hex "$(eth 1 2)/tag($1)" | tr -d ' \n')
    printf '040d%04x00000000ffffffff fffffffd 0010 000000000000' \
        $((8 + 16 + 16 + ${#frame} / 2))
    printf '0000 0010 00000002 ffff 000000000000 %s' "$frame"
}

flows "priority=0,actions=CONTROLLER:65535"

# ---- EQUAL -------------------------------------------------------------------

packet_in "both equal: both get the packet-in" eq1 12

# ---- MASTER and SLAVE --------------------------------------------------------

check_role "c1 becomes master (generation 1)" 1 2 1
check_role "c2 becomes slave (generation 1)" 2 3 1
packet_in "master/slave: only the master gets packet-ins" ms1 1

is_slave "slave's flow mod" 2 "$(hex_of parse-flow \
    "priority=7,dl_type=0x88b5,actions=drop")"
if ofctl dump-flows "$T" | grep -q "priority=7"; then
    fail "the slave's flow is in the table"
else
    pass "the slave's flow is not in the table"
fi
is_slave "slave's packet-out" 2 "$(packet_out_hex po1)"
sync 1 2
if seen 2 po1; then
    fail "the slave's packet-out reached host 2"
else
    pass "the slave's packet-out did not reach host 2"
fi

csend 2 041a000800000000
out=$(answer 2 "$LAST")
# packet-in (master, slave), port-status (m, s), flow-removed (m, s):
# the slave gets no packet-in and no flow-removed, every port status.
if grep -q -E "type=27 .* async=[0-9a-f]+,0,7,7,f,0\$" <<<"$out"; then
    pass "GET_ASYNC on the slave: the spec's defaults"
else
    fail "GET_ASYNC: got '$out'"
fi

# PORT_STATUS goes to the master and the slave.
ip -n "$(host 2)" link set eth0 down
for c in 1 2; do
    if wait_for 3 grep -q "type=12 .* port=2" "$DIR/c$c.log"; then
        pass "port down: c$c gets PORT_STATUS"
    else
        fail "port down: c$c gets no PORT_STATUS"
    fi
done
ip -n "$(host 2)" link set eth0 up
wait_for 5 test "$(grep -c "type=12 .* port=2" "$DIR/c2.log")" -ge 2 ||
    fail "port up: no second PORT_STATUS"
sleep 0.3

# ---- a new master demotes the old one ---------------------------------------

check_role "c2 becomes master (generation 2)" 2 2 2
packet_in "new master: packet-ins go to c2 only" ms2 2
is_slave "demoted master's flow mod" 1 "$(hex_of parse-flow \
    "priority=8,dl_type=0x88b5,actions=drop")"

csend 2 "$(packet_out_hex po2)"
if wait_seen 2 po2 3; then
    pass "the new master's packet-out reaches host 2"
else
    fail "the new master's packet-out did not reach host 2"
fi

role 1 2 1
if grep -q "type=1 .* error=11,0\$" <<<"$OUT"; then
    pass "stale generation: OFPRRFC_STALE"
else
    fail "stale generation: expected error 11,0, got '$OUT'"
fi
packet_in "after the stale request, c2 is still the master" ms3 2

# FLOW_REMOVED: to the master only.
csend 2 "$(hex_of parse-flow \
    "priority=9,dl_type=0x88b5,cookie=0x77,hard_timeout=1,send_flow_rem,actions=drop")"
if wait_for 4 grep -q "type=11 .* reason=1 cookie=0x77" "$DIR/c2.log"; then
    pass "FLOW_REMOVED (hard timeout) to the master"
else
    fail "no FLOW_REMOVED at the master"
fi
barrier 1
if grep -q "type=11 " "$DIR/c1.log"; then
    fail "the slave got FLOW_REMOVED"
else
    pass "no FLOW_REMOVED to the slave"
fi

# ---- SET_ASYNC, per connection ----------------------------------------------

# c1 (slave): packet-ins of table misses (bit 0) as a slave too.
csend 1 "041c002000000000 00000007 00000001 00000007 00000007 0000000f 00000000"
csend 1 041a000800000000
out=$(answer 1 "$LAST")
if grep -q "async=7,1,7,7,f,0\$" <<<"$out"; then
    pass "SET_ASYNC then GET_ASYNC: c1's masks"
else
    fail "GET_ASYNC after SET_ASYNC: got '$out'"
fi
packet_in "SET_ASYNC: the slave asked for table misses" as1 12
# c2 (master): no port status at all.
csend 2 "041c002000000000 00000007 00000000 00000000 00000000 0000000f 00000000"
barrier 2
n2=$(grep -c "type=12 " "$DIR/c2.log")
n1=$(grep -c "type=12 " "$DIR/c1.log")
ip -n "$(host 2)" link set eth0 down
if wait_for 3 test "$(grep -c "type=12 " "$DIR/c1.log")" -gt "$n1"; then
    pass "SET_ASYNC: c1 still gets PORT_STATUS"
else
    fail "SET_ASYNC: c1 got no PORT_STATUS"
fi
barrier 2
if [ "$(grep -c "type=12 " "$DIR/c2.log")" -eq "$n2" ]; then
    pass "SET_ASYNC: c2 turned PORT_STATUS off and gets none"
else
    fail "SET_ASYNC: c2 still gets PORT_STATUS"
fi
ip -n "$(host 2)" link set eth0 up

# ---- EQUAL again -------------------------------------------------------------

check_role "c1 becomes equal" 1 1 2
csend 1 "$(hex_of parse-flow "priority=10,dl_type=0x88b5,actions=drop")"
barrier 1
if grep -q "type=1 xid=$((LAST - 1)) " "$DIR/c1.log"; then
    fail "equal: c1's flow mod was refused"
elif ofctl dump-flows "$T" | grep -q "priority=10"; then
    pass "equal: c1's flow mod is in the table"
else
    fail "equal: c1's flow is not in the table"
fi

finish
