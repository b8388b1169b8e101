#!/bin/bash
# Open vSwitch's test controller drives ofswitch: `ovs-testcontroller -O
# OpenFlow13 ptcp:PORT` (a learning switch, Debian package
# openvswitch-testcontroller) is ofswitch's controller, and the hosts
# behind ofswitch ping each other.
#
#   tests/integration/switch-testcontroller.sh [BUILD_DIR]
#
# Three hosts on ports 1-3.  The controller listens on an ephemeral port
# on 127.0.0.1 in the switch's namespace, logging its OpenFlow exchange
# (-vvconn:dbg).  ofswitch starts first, so it must keep trying until the
# controller is there.  Checked: it connects, the controller negotiated
# OpenFlow 1.3 (its own log says so, and ofswitch's), it installed its
# table-miss flow, every pair of hosts pings, the exact-match flows it
# added are in ofswitch with their counters, ofswitch sent it no
# OFPT_ERROR; when the controller stops, the flows keep forwarding, and
# when it comes back ofswitch reconnects by itself.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping ovs-testcontroller

topo 3
PORT=$(free_port "$NS_SW")
TCLOG=$DIR/testcontroller.log
TC_PID=

start_controller() {
    ip netns exec "$NS_SW" ovs-testcontroller -O OpenFlow13 -vconsole:info \
        -vvconn:dbg --unixctl="$DIR/testcontroller.ctl" "ptcp:$PORT:127.0.0.1" \
        >>"$TCLOG" 2>&1 &
    TC_PID=$!
    PIDS+=($TC_PID)
    wait_for 10 ip netns exec "$NS_SW" sh -c "ss -ltn | grep -q '127.0.0.1:$PORT '" \
        || die "ovs-testcontroller does not listen on port $PORT: $(tail -5 "$TCLOG")"
}

# The switch first: nobody answers yet.
start_switch --controller "tcp:127.0.0.1:$PORT"
sleep 1.5
start_controller
check "ofswitch keeps trying and connects once the controller listens" \
    wait_for 10 grep -q "tcp:127.0.0.1:$PORT: connected (OpenFlow 1.3)" "$DIR/ofswitch.log"

check "ovs-testcontroller negotiated OpenFlow 1.3 (version 0x04)" \
    wait_for 10 grep -q "negotiated OpenFlow version 0x04" "$TCLOG"
check "ofswitch: connected (OpenFlow 1.3)" \
    grep -q "tcp:127.0.0.1:$PORT: connected (OpenFlow 1.3)" "$DIR/ofswitch.log"
check "its FEATURES_REPLY came back (OF1.3)" \
    wait_for 5 grep -q "received: OFPT_FEATURES_REPLY (OF1.3)" "$TCLOG"
check "its table-miss flow is in table 0" \
    wait_for 5 eval "ofctl dump-flows '$T' | grep -q 'priority=0 actions=CONTROLLER'"

ping_ok() {
    ip netns exec "$(host "$1")" ping -q -c 3 -i 0.2 -W 2 "10.0.0.$2" >/dev/null 2>&1
}
for pair in "1 2" "2 1" "1 3" "3 2"; do
    set -- $pair
    check "ping host $1 -> host $2 through ovs-testcontroller" ping_ok "$1" "$2"
done

ofctl dump-flows "$T" >"$DIR/flows"
sed 's/^/       | /' "$DIR/flows" | head -20
check "its exact-match flows are in the switch (icmp 1 -> 2, output:2)" \
    grep -q "priority=1,icmp,in_port=1,.*dl_dst=02:00:00:00:00:02,.*icmp_type=8.* actions=output:2" "$DIR/flows"
n=$(grep "priority=1,icmp,in_port=1,.*dl_dst=02:00:00:00:00:02,.*icmp_type=8" "$DIR/flows" \
    | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | head -1)
check "later pings go through that flow (n_packets=$n)" test "${n:-0}" -ge 2
check "ofswitch sent it no OFPT_ERROR" eval "! grep -q 'received: OFPT_ERROR' '$TCLOG'"
check "its PACKET_INs decoded (no 'bad' or 'invalid' in its log)" \
    eval "! grep -q -i -E 'invalid|bad openflow|parse error' '$TCLOG'"

echo "controller restart:"
n_gone=$(grep -c "tcp:127.0.0.1:$PORT: .*trying again" "$DIR/ofswitch.log")
stop_pid "$TC_PID"
check "ofswitch notices the controller is gone" \
    wait_for 5 eval "[ \$(grep -c 'tcp:127.0.0.1:$PORT: .*trying again' '$DIR/ofswitch.log') -gt $n_gone ]"
check "without the controller, the flows it added still forward (ping 1 -> 2)" ping_ok 1 2
n_conn=$(grep -c "tcp:127.0.0.1:$PORT: connected (OpenFlow 1.3)" "$DIR/ofswitch.log")
start_controller
check "ofswitch reconnects when it is back" \
    wait_for 10 eval "[ \$(grep -c 'tcp:127.0.0.1:$PORT: connected (OpenFlow 1.3)' '$DIR/ofswitch.log') -gt $n_conn ]"
check "ping 3 -> 1 after the reconnection" ping_ok 3 1

finish
