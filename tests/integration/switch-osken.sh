#!/bin/bash
# os-ken (Ryu's code base) drives ofswitch: a learning switch written as
# an os-ken app (osken_learning.py, beside this script) is ofswitch's
# controller, and the hosts behind ofswitch ping each other.
#
#   tests/integration/switch-osken.sh [BUILD_DIR]
#
# Three hosts on ports 1-3.  os-ken's manager listens on an ephemeral port
# on 127.0.0.1 in the switch's namespace and ofswitch connects to it
# (--controller).  Checked: the handshake (OpenFlow 1.3 both sides), the
# app's table-miss flow, ping between every pair of hosts, the packet-ins
# the app saw and the flows it added (in_port, eth_dst -> output) with
# their counters, and that no OpenFlow error reached the app.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping
"$PY" -c 'import os_ken' 2>/dev/null || skip "os-ken is not installed (python3-os-ken)"

topo 3
PORT=$(free_port "$NS_SW")
APPLOG=$DIR/osken.log
ip netns exec "$NS_SW" "$PY" -m os_ken.cmd.manager --ofp-listen-host 127.0.0.1 \
    --ofp-tcp-listen-port "$PORT" "$HERE/osken_learning.py" >"$APPLOG" 2>&1 &
PIDS+=($!)
wait_for 20 ip netns exec "$NS_SW" sh -c "ss -ltn | grep -q '127.0.0.1:$PORT '" \
    || die "os-ken does not listen on port $PORT: $(tail -5 "$APPLOG")"
start_switch --controller "tcp:127.0.0.1:$PORT"

check "ofswitch connects to os-ken with OpenFlow 1.3" \
    wait_for 10 grep -q "tcp:127.0.0.1:$PORT: connected (OpenFlow 1.3)" "$DIR/ofswitch.log"
check "the app sees the switch (features reply, version 0x04)" \
    wait_for 10 grep -q "switch 0x0*$ID connected (OpenFlow version 0x04)" "$APPLOG"
check "the app's table-miss flow is in table 0" \
    wait_for 5 eval "ofctl dump-flows '$T' | grep -q 'priority=0 actions=CONTROLLER:65535'"

ping_ok() {
    ip netns exec "$(host "$1")" ping -q -c 3 -i 0.2 -W 2 "10.0.0.$2" >/dev/null 2>&1
}
for pair in "1 2" "2 1" "1 3" "3 2"; do
    set -- $pair
    check "ping host $1 -> host $2 through the os-ken learning switch" ping_ok "$1" "$2"
done

check "the app learned from packet-ins and flooded unknown destinations" \
    eval "grep -q 'packet-in port=1 src=02:00:00:00:00:01 dst=ff:ff:ff:ff:ff:ff -> flood' '$APPLOG'"
ofctl dump-flows "$T" >"$DIR/flows"
sed 's/^/       | /' "$DIR/flows"
check "the app's flows are in the switch: in_port=1,dl_dst=02:00:00:00:00:02 -> output:2" \
    grep -q "cookie=0x5ce,.*priority=1,in_port=1,dl_dst=02:00:00:00:00:02 actions=output:2" "$DIR/flows"
check "and in_port=2,dl_dst=02:00:00:00:00:01 -> output:1" \
    grep -q "priority=1,in_port=2,dl_dst=02:00:00:00:00:01 actions=output:1" "$DIR/flows"
n=$(n_packets "in_port=1,dl_dst=02:00:00:00:00:02")
check "later pings go through the flows, not the controller (n_packets=$n)" \
    test "${n:-0}" -ge 2
check "no OpenFlow error reached the app" eval "! grep -q '^error' '$APPLOG'"

finish
