#!/bin/bash
# Egress queues of ofswitch: ofctl set-queues, set_queue, max-rate shaping
# measured with real traffic, QUEUE_GET_CONFIG and queue statistics.
#
#   tests/integration/switch-queues.sh [BUILD_DIR]
#
# Two hosts on ports 1 and 2.  Port 2 gets queue 1 (max 20 Mbit/s) and
# queue 2 (min 5 Mbit/s, max 60 Mbit/s).  Checked:
#   - set-queues answers with the queues; QUEUE_GET_CONFIG (ofctl queue-get-config)
#     reports them in tenths of a percent of the port's speed;
#   - UDP offered at 3x the queue's maximum reaches the other host at the
#     maximum, within 5%, for each queue; TCP through a queue within 10%;
#   - traffic without set_queue is not shaped;
#   - queue-stats counts what each queue sent;
#   - bad input: an unknown port, a bad rate, a tap port, min above max,
#     each refused with a message naming it; queue-stats for a queue the
#     port lacks gets OFPQOFC_BAD_QUEUE;
#   - set-queues with no queue removes them.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs iperf3 ping

SECS=${QUEUE_SECS:-4}

topo 2
start_switch
H1=$(host 1)
H2=$(host 2)

# iperf_rate NAME PROTO RATE_MBPS: iperf3 from host 1 to host 2 (UDP at
# RATE_MBPS offered, or TCP); prints what host 2 received, in kbit/s.
iperf_rate() {
    local port pid udp=()
    port=$(free_port "$H2")
    ip netns exec "$H2" iperf3 -s -1 -B 10.0.0.2 -p "$port" \
        >"$DIR/iperf-s.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    wait_for 5 ip netns exec "$H2" sh -c "ss -ltn | grep -q ':$port '"
    [ "$1" = udp ] && udp=(-u -b "${2}M" -l 1400)
    ip netns exec "$H1" timeout $((SECS + 15)) iperf3 -c 10.0.0.2 \
        -p "$port" -t "$SECS" -J "${udp[@]}" >"$DIR/iperf.json" \
        2>"$DIR/iperf.err"
    stop_pid "$pid"
    "$PY" -c 'import json,sys
d = json.load(open(sys.argv[1]))["end"]
# TCP: what the receiver got; UDP: "sum", the server side.
s = d.get("sum_received") or d["sum"]
print(int(s["bits_per_second"] / 1e3))' "$DIR/iperf.json" 2>/dev/null
}

# within NAME GOT_KBPS WANT_KBPS PERCENT
within() {
    local name=$1 got=$2 want=$3 pct=$4
    if [ -n "$got" ] && [ $((got * 100)) -ge $((want * (100 - pct))) ] &&
        [ $((got * 100)) -le $((want * (100 + pct))) ]; then
        pass "$name: $got kbit/s (want $want +-$pct%)"
    else
        fail "$name: ${got:-no result} kbit/s (want $want +-$pct%)"
        head -5 "$DIR/iperf.err" | sed 's/^/       /'
    fi
}

echo "configuration:"
out=$(ofctl set-queues "$T" p2 1:max=20M 2:min=5M,max=60M 2>&1)
check "set-queues p2: two queues" grep -q "queue 1 min=none max=20M, queue 2 min=5M max=60M" <<<"$out"
echo "$out" | sed 's/^/       /'
speed=$(ip netns exec "$NS_SW" cat /sys/class/net/p2/speed 2>/dev/null)
qc=$(ofctl queue-get-config "$T" 2 2>&1)
echo "$qc" | sed 's/^/       /'
has_queues() {
    grep -q "queue 1:" <<<"$qc" && grep -q "queue 2:" <<<"$qc"
}
check "QUEUE_GET_CONFIG lists queue 1 and queue 2" has_queues
if [ -n "$speed" ] && [ "$speed" -gt 0 ] 2>/dev/null; then
    # Tenths of a percent of the port's speed (7.2.2).
    want=$(( (20 * 1000 + speed / 2) / speed ))
    want="$((want / 10)).$((want % 10))%"
    check "queue 1's max_rate is 20M of ${speed}M: $want" \
        grep -q "queue 1:.*max_rate:$want" <<<"$qc"
    want=$(( (5 * 1000 + speed / 2) / speed ))
    want="$((want / 10)).$((want % 10))%"
    check "queue 2's min_rate is 5M of ${speed}M: $want" \
        grep -q "queue 2:.*min_rate:$want" <<<"$qc"
fi

flows "in_port=1,udp,actions=set_queue:1,output:2" \
      "in_port=1,tcp,tp_dst=5301,actions=set_queue:1,output:2" \
      "in_port=1,ip,nw_tos=32,actions=set_queue:2,output:2" \
      "in_port=1,actions=output:2" "in_port=2,actions=output:1"

echo "shaping:"
got=$(iperf_rate udp 60)
within "UDP at 60M through queue 1 (max 20M)" "$got" 20000 5

flows "in_port=1,udp,actions=set_queue:2,output:2" \
      "in_port=1,actions=output:2" "in_port=2,actions=output:1"
got=$(iperf_rate udp 180)
within "UDP at 180M through queue 2 (max 60M)" "$got" 60000 5

flows "in_port=1,tcp,actions=set_queue:1,output:2" \
      "in_port=1,actions=output:2" "in_port=2,actions=output:1"
got=$(iperf_rate tcp)
within "TCP through queue 1 (max 20M)" "$got" 20000 10

flows "in_port=1,actions=output:2" "in_port=2,actions=output:1"
got=$(iperf_rate udp 150)
check "UDP at 150M without set_queue is not shaped: ${got:-?} kbit/s" \
    test "${got:-0}" -ge 120000

echo "statistics:"
qs=$(ofctl queue-stats "$T" 2 2>&1)
echo "$qs" | sed 's/^/       /'
q1=$(sed -n 's/.*queue 1: .*pkts=\([0-9]*\),.*/\1/p' <<<"$qs" | head -1)
check "queue 1 counted what it sent (${q1:-?} packets)" test "${q1:-0}" -gt 1000
q2=$(sed -n 's/.*queue 2: .*pkts=\([0-9]*\),.*/\1/p' <<<"$qs" | head -1)
check "queue 2 counted what it sent (${q2:-?} packets)" test "${q2:-0}" -gt 1000

echo "bad input:"
refused "an unknown port" "no port 'nosuch'" "$OFCTL" -t 10 set-queues "$T" nosuch 1:max=1M
refused "a bad rate" "'fast' is not a rate" "$OFCTL" -t 10 set-queues "$T" p2 1:max=fast
refused "min above max" "min is above max" "$OFCTL" -t 10 set-queues "$T" p2 1:min=5M,max=1M
refused "a queue given twice" "given twice" "$OFCTL" -t 10 set-queues "$T" p2 1:max=5M 1:max=6M
refused "an unknown property" "unknown property 'burst'" "$OFCTL" -t 10 set-queues "$T" p2 1:burst=5
refused "the LOCAL port (a tap)" "need a Linux interface port" "$OFCTL" -t 10 set-queues "$T" LOCAL 1:max=5M
refused "queue-stats for a queue port 2 lacks" "OFPQOFC_BAD_QUEUE" "$OFCTL" -t 10 queue-stats "$T" 2 9
qc=$(ofctl queue-get-config "$T" 2 2>&1)
check "the queues are still there" has_queues

echo "removal:"
check "set-queues p2 alone removes the queues" ofctl set-queues "$T" p2
refused "queue-stats for queue 1 after" "OFPQOFC_BAD_QUEUE" "$OFCTL" -t 10 queue-stats "$T" 2 1
check "the kernel's discipline is gone" \
    sh -c "! ip netns exec '$NS_SW' tc qdisc show dev p2 | grep -q htb"
check "ping still passes" ip netns exec "$H1" ping -q -c 2 -i 0.2 -W 2 10.0.0.2

finish
