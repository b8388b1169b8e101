#!/bin/bash
# ofbench against ofcontroller, briefly: the benchmark tool works (what it
# measures is for make bench-ctl, never asserted here).
#
#   tests/integration/ofbench.sh [BUILD_DIR]
#
# Checked: in throughput and in latency mode, ofbench's emulated switches
# complete ofcontroller's handshake and get packet-outs for their
# packet-ins (with a flow mod each: the learning switch learned every
# host); the latency mode reports a round trip; bad arguments and a
# target nobody listens on get clear messages.

. "$(dirname "$0")/switch-lib.bash" "$@"

OFBENCH=$BUILD_ABS/ofbench
OFCONTROLLER=$BUILD_ABS/ofcontroller
[ -x "$OFBENCH" ] || die "$BUILD/ofbench is not built"

# Everything in a namespace of its own, on its loopback.
NS=ofk$ID-bench
add_ns "$NS"
PORT=$(free_port "$NS")
ip netns exec "$NS" "$OFCONTROLLER" --listen "ptcp:$PORT:127.0.0.1" \
    --app learning_switch >>"$DIR/ofcontroller.log" 2>&1 &
PIDS+=($!)
wait_for 5 ip netns exec "$NS" sh -c "ss -Htln 'sport = :$PORT' | grep -q ." ||
    die "ofcontroller does not listen"

bench() {
    ip netns exec "$NS" timeout 60 "$OFBENCH" --switches 4 --hosts 100 \
        --loops 2 --ms-per-loop 500 "$@" "tcp:127.0.0.1:$PORT" 2>&1
}

out=$(bench --mode throughput)
echo "$out" | sed 's/^/       /'
pouts=$(sed -n 's/.* \([0-9]*\) packet-outs and \([0-9]*\) flow mods.*/\1/p' <<<"$out")
fms=$(sed -n 's/.* packet-outs and \([0-9]*\) flow mods.*/\1/p' <<<"$out")
check "throughput mode: packet-outs for the packet-ins (${pouts:-?})" \
    test "${pouts:-0}" -gt 1000
check "and a flow mod with each (${fms:-?})" test "${fms:-0}" -gt 1000
check "it prints min/max/avg/stdev" grep -q "^RESULT: 4 switches 2 loops min/max/avg/stdev = " <<<"$out"

out=$(bench --mode latency)
rtt=$(sed -n 's/^RESULT: mean round trip \([0-9.]*\) us.*/\1/p' <<<"$out")
check "latency mode: a mean round trip (${rtt:-none} us)" \
    awk -v r="${rtt:-0}" 'BEGIN { exit !(r > 0) }'

refused "a bad mode" "'fast' is neither throughput nor latency" ip netns exec "$NS" timeout 20 "$OFBENCH" --mode fast
refused "a bad count" "--switches: 'x' is not a number" ip netns exec "$NS" timeout 20 "$OFBENCH" --switches x
refused "a passive target" "a target must be tcp:IP" ip netns exec "$NS" timeout 20 "$OFBENCH" ptcp:6653
port2=$(free_port "$NS")
refused "nobody listening" "cannot connect" ip netns exec "$NS" timeout 20 "$OFBENCH" "tcp:127.0.0.1:$port2"

finish
