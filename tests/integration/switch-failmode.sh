#!/bin/bash
# Fail modes: what ofswitch does when its controller is gone.
#
#   tests/integration/switch-failmode.sh [BUILD_DIR]
#
# Two hosts, a drop-everything flow installed with ofctl, a controller
# target (tcp, in the switch's namespace) that comes and goes, probe
# interval 1 s (so the inactivity interval is 3 s).  Checked:
#   - standalone: with the controller unreachable for the interval the
#     switch forwards as a learning bridge (the hosts ping through the
#     drop flow), and learns (a frame to a learned host reaches only it);
#     when a controller connects, OpenFlow forwarding resumes with the
#     flows the switch had (the drop flow drops again, and is still in the
#     table); when it goes again, standalone again;
#   - secure (the default): with the controller gone the flows stay and
#     nothing passes.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping

OFCONTROLLER=$BUILD_ABS/ofcontroller
[ -x "$OFCONTROLLER" ] || die "$BUILD/ofcontroller is not built"

topo 3
H1=$(host 1)
CPORT=$(free_port "$NS_SW")
CTL_PID=

start_controller() {
    ip netns exec "$NS_SW" "$OFCONTROLLER" --listen "ptcp:$CPORT:127.0.0.1" \
        --app hub >>"$DIR/ofcontroller.log" 2>&1 &
    CTL_PID=$!
    PIDS+=($CTL_PID)
}

ping_ok() {
    ip netns exec "$H1" ping -q -c 2 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1
}
ping_fails() {
    ! ping_ok
}
echo "standalone:"
start_controller
start_switch --fail-mode standalone --probe-interval 1 \
    --controller "tcp:127.0.0.1:$CPORT"
ofctl add-flow "$T" "priority=1,actions=drop" || die "add-flow failed"
check "with the controller there, the drop flow drops" ping_fails
stop_pid "$CTL_PID"
t0=$(date +%s%N)
check "with the controller gone for the interval, the hosts ping (bridge)" \
    wait_for 8 ping_ok
echo "       standalone after $(( ($(date +%s%N) - t0) / 1000000 )) ms without the controller"
check "the switch says so in its log" grep -q "fail-mode standalone" "$DIR/ofswitch.log"
# Learned: host 1 -> host 2 unicast reaches host 2 and not host 3.
sniff 3
sniff 2
send 1 "$(eth 1 2)/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(sport=1,dport=2)/tag(LEARNED)"
check "a frame to a learned host reaches it" wait_seen 2 LEARNED
sleep 0.2
check "and not the other port" sh -c "! grep -q ' tag=LEARNED ' '$DIR/sniff-3'"

start_controller
check "a controller is back: the flows it had forward again (drop)" \
    wait_for 8 ping_fails
check "the switch says OpenFlow forwarding resumes" \
    grep -q "a controller is back: OpenFlow forwarding resumes" "$DIR/ofswitch.log"
check "the drop flow is still in the table" \
    sh -c "'$OFCTL' -t 10 dump-flows '$T' | grep -q 'priority=1 actions=drop'"
stop_pid "$CTL_PID"
check "gone again: standalone again" wait_for 8 ping_ok
stop_pid "$SW_PID"

echo "secure (the default):"
start_controller
start_switch --probe-interval 1 --controller "tcp:127.0.0.1:$CPORT"
ofctl add-flow "$T" "priority=1,actions=drop" || die "add-flow failed"
stop_pid "$CTL_PID"
sleep 4
check "4 s without the controller: still nothing passes" ping_fails
check "and the flow stays" \
    sh -c "'$OFCTL' -t 10 dump-flows '$T' | grep -q 'priority=1 actions=drop'"

finish
