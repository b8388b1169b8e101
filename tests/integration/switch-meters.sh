#!/bin/bash
# Meters in ofswitch with real packets: ofctl add-meter, dump-meters and
# meter-stats, rates measured at the receiving host, and ovs-ofctl reading
# the replies.
#
#   tests/integration/switch-meters.sh [BUILD_DIR]
#
# Three hosts on ports 1-3.  UDP from host 1 to host 2 (iperf3, paced)
# goes through a flow with a meter instruction; host 2's interface
# counters over METER_SECS (4) seconds of steady traffic (twice that at the
# lowest rate), after the first 1.5 s, give the rate that got through.
# Checked:
#   - a PKTPS meter at a low rate (10 packets/s, 10x offered) and a high
#     one (15,000 packets/s, 2x offered), a KBPS meter at a low rate
#     (1 Mbit/s, 3x offered) and a high one (200 Mbit/s, about 2x
#     offered): what host 2 receives is the meter's rate within 5%
#     (kbit/s count the frames' bytes, as the meter does); meter-stats
#     counts what came in and what the band dropped;
#   - BURST: a burst of frames at once passes up to burst_size;
#   - DSCP_REMARK under a higher DROP band: of 30 AF11 frames at once, the
#     first 10 pass as they are, the next 10 exceed the remark band and
#     pass as AF12, the last 10 exceed the drop band and are dropped;
#   - OFPM_CONTROLLER: packet-ins (ofctl monitor) are limited to the
#     meter's rate while 200 frames a second miss; without it every miss
#     is a packet-in;
#   - deleting a meter deletes its flows (FLOW_REMOVED, reason DELETE: 1.3
#     has no METER_DELETE);
#   - the switch's errors: METER_EXISTS, UNKNOWN_METER, INVALID_METER
#     (OFPM_SLOWPATH, a virtual meter in a flow), BAD_BURST, BAD_RATE,
#     BAD_FLAGS, BAD_BAND_VALUE;
#   - ofctl trace shows the meter and the band that would apply;
#   - ovs-ofctl -O OpenFlow13 dump-meters, meter-stats and meter-features
#     decode ofswitch's replies (through --listen).

. "$(dirname "$0")/switch-lib.bash" "$@"
needs iperf3

SECS=${METER_SECS:-4}

topo 3
OFPORT=$(free_port "$NS_SW")
start_switch --listen "ptcp:$OFPORT:127.0.0.1"
H1=$(host 1)
H2=$(host 2)
H3=$(host 3)
MON=$DIR/monitor
$PKT stamp "$MON" "$OFCTL" -t 600 monitor "$T" &
PIDS+=($!)
wait_for 5 grep -q "accepted connection" "$DIR/ofswitch.log" || true

IPORT=$(free_port "$H2")
ip netns exec "$H2" iperf3 -s -B 10.0.0.2 -p "$IPORT" >"$DIR/iperf-s.out" 2>&1 &
PIDS+=($!)
wait_for 5 ip netns exec "$H2" sh -c "ss -ltn | grep -q ':$IPORT '" \
    || die "iperf3 server does not start"

# A paced stream of frames: stream.py IFACE ETHTYPE PPS SECS.
cat >"$DIR/stream.py" <<'EOF'
import socket, struct, sys, time
iface, etype, pps, secs = sys.argv[1], int(sys.argv[2], 0), \
    float(sys.argv[3]), float(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
hdr = bytes.fromhex("020000000002" "020000000003") + struct.pack("!H", etype)
start = time.monotonic()
n = 0
while True:
    now = time.monotonic()
    if now - start >= secs:
        break
    due = start + n / pps
    if now < due:
        time.sleep(due - now)
    s.send(hdr + struct.pack("!I", n) + b"stream".ljust(42, b"."))
    n += 1
print(n)
EOF

# Host 2's eth0 counters over SECS seconds: "PACKETS_PER_S KBIT_PER_S".
cat >"$DIR/rate.py" <<'EOF'
import sys, time
secs = float(sys.argv[1])
def read():
    base = "/sys/class/net/eth0/statistics/"
    return (time.monotonic(), int(open(base + "rx_packets").read()),
            int(open(base + "rx_bytes").read()))
t0, p0, b0 = read()
time.sleep(secs)
t1, p1, b1 = read()
print("%.1f %.1f" % ((p1 - p0) / (t1 - t0),
                     (b1 - b0) * 8 / 1000 / (t1 - t0)))
EOF

# measure OFFERED LEN [SECS]: UDP from host 1 to host 2 at OFFERED bit/s
# (iperf3 -b) in datagrams of LEN bytes; sets 'pps' and 'kbps' to what
# host 2 received in steady state, over SECS seconds.
measure() {
    local pid secs=${3:-$SECS}
    ip netns exec "$H1" timeout $((secs + 20)) iperf3 -c 10.0.0.2 \
        -p "$IPORT" -u -b "$1" -l "$2" -t $((secs + 3)) \
        >"$DIR/iperf-c.out" 2>&1 &
    pid=$!
    sleep 1.5
    ip netns exec "$H2" "$PY" "$DIR/rate.py" "$secs" >"$DIR/rate"
    wait "$pid"
    read -r pps kbps <"$DIR/rate"
}

# within NAME GOT WANT UNIT: GOT is WANT within 5%.
within() {
    local name=$1 got=$2 want=$3 unit=$4
    if [ -n "$got" ] &&
        awk -v a="$got" -v b="$want" 'BEGIN { exit !(a >= b * 0.95 && a <= b * 1.05) }'; then
        pass "$name: $got $unit (meter $want, $(awk -v a="$got" -v b="$want" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }'))"
    else
        fail "$name: ${got:-no result} $unit (meter $want +-5%)"
        tail -3 "$DIR/iperf-c.out" | sed 's/^/       /'
    fi
}

# meter_band_packets METER: the packet_count of band 0 in meter-stats.
meter_band_packets() {
    ofctl meter-stats "$T" "$1" | sed -n 's/^0: packet_count:\([0-9]*\).*/\1/p'
}

BASE=("priority=1,in_port=1,actions=output:2"
      "priority=1,in_port=2,actions=output:1"
      "priority=1,in_port=3,actions=output:1")

# ---- Rates --------------------------------------------------------------------

echo "rates (host 2's counters over ${SECS}s):"
ofctl del-meters "$T" || die "del-meters failed"
ofctl add-meter "$T" "meter=1,pktps,stats,bands=type=drop,rate=10" || die "add-meter 1"
ofctl add-meter "$T" "meter=2,pktps,bands=type=drop,rate=15000" || die "add-meter 2"
ofctl add-meter "$T" "meter=3,kbps,bands=type=drop,rate=1000" || die "add-meter 3"
ofctl add-meter "$T" "meter=4,kbps,bands=type=drop,rate=200000" || die "add-meter 4"

# meter_flow N: UDP to the iperf3 port through meter N.
meter_flow() {
    flows "${BASE[@]}" "priority=10,in_port=1,udp,tp_dst=$IPORT,actions=meter:$1,output:2"
}

meter_flow 1
# At 10 packets/s a window holds one packet more or less depending on
# where it starts: a longer one keeps that well under the 5%.
measure 80K 100 $((2 * SECS))
within "PKTPS, low: 10 packets/s (100 offered, over $((2 * SECS))s)" "$pps" 10 packets/s
n=$(meter_band_packets 1)
check "meter-stats: the drop band counted the excess (${n:-?} packets)" \
    test "${n:-0}" -gt $((160 * SECS))

meter_flow 2
measure 15360K 64
within "PKTPS, high: 15000 packets/s (30000 offered)" "$pps" 15000 packets/s

meter_flow 3
measure 3M 1000
within "KBPS, low: 1 Mbit/s (3 offered)" "$kbps" 1000 kbit/s

meter_flow 4
measure 400M 1400
within "KBPS, high: 200 Mbit/s (about 400 offered)" "$kbps" 200000 kbit/s
ofctl meter-stats "$T" >"$DIR/ms" 2>&1
sed 's/^/       | /' "$DIR/ms"
check "meter-stats: meter 4 has one flow and counted its packets" \
    eval "grep -q '^meter:4 flow_count:1 packet_in_count:[1-9]' '$DIR/ms'"

# ---- BURST and DSCP_REMARK ----------------------------------------------------

echo "burst and bands:"
ofctl add-meter "$T" "meter=5,pktps,burst,stats,bands=type=drop,rate=1,burst_size=40" \
    || fail "add-meter 5"
ofctl add-meter "$T" "meter=6,pktps,burst,stats,bands=type=dscp_remark,rate=10,burst_size=10,prec_level=1,type=drop,rate=20,burst_size=20" \
    || fail "add-meter 6"
flows "${BASE[@]}" \
    "priority=10,in_port=1,udp,tp_dst=5,actions=meter:5,output:2" \
    "priority=10,in_port=1,udp,tp_dst=6,actions=meter:6,output:2"
sniff 2
E12=$(eth 1 2)
frames=()
for k in $(seq 100); do
    frames+=("$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(sport=$k,dport=5)/tag(b$k)")
done
send 1 "${frames[@]}"
frames=()
for k in $(seq 30); do
    frames+=("$E12/ipv4(src=10.0.0.1,dst=10.0.0.2,tos=40)/udp(sport=$k,dport=6)/tag(r$k)")
done
send 1 "${frames[@]}"
sync 1 2
n=$(grep -c " tag=b[0-9]* " "$DIR/sniff-2")
check "burst_size 40: 40 (+1) of 100 frames sent at once pass ($n)" \
    eval "[ $n -ge 40 ] && [ $n -le 41 ]"
same=$(grep " tag=r[0-9]* " "$DIR/sniff-2" | grep -c " ip_dscp=10 ")
remarked=$(grep " tag=r[0-9]* " "$DIR/sniff-2" | grep -c " ip_dscp=12 ")
check "30 AF11 frames: 10 pass as AF11, 10 remarked to AF12, 10 dropped ($same, $remarked, $((30 - same - remarked)))" \
    eval "[ $same -ge 10 ] && [ $same -le 11 ] && [ $((same + remarked)) -ge 20 ] && [ $((same + remarked)) -le 21 ]"
ofctl meter-stats "$T" 6 >"$DIR/ms6" 2>&1
check "meter-stats: each band counted what it applied to" \
    eval "grep -q '^0: packet_count:\(9\|10\) ' '$DIR/ms6' && grep -q '^1: packet_count:\(9\|10\) ' '$DIR/ms6'"
ofctl trace "$T" "in_port=1,udp,nw_tos=40,tp_dst=6" >"$DIR/trace" 2>&1
sed 's/^/       | /' "$DIR/trace"
check "trace: meter 6 and what it does now" \
    grep -q -E "^  meter:6: (within every band: passes|band [01] \((drop|dscp_remark), rate (10|20) pktps\) exceeded)" "$DIR/trace"

# ---- OFPM_CONTROLLER ------------------------------------------------------------

echo "controller meter:"
ofctl add-meter "$T" "meter=controller,pktps,bands=type=drop,rate=20" \
    || fail "add-meter controller"
flows "${BASE[@]}" "priority=10,in_port=3,dl_type=0x88b5,actions=CONTROLLER:65535"
n0=$(grep -c "PACKET_IN" "$MON")
sent=$(ip netns exec "$H3" "$PY" "$DIR/stream.py" eth0 0x88b5 200 3)
wait_for 3 eval "ofctl meter-stats '$T' meter=controller | grep -q 'packet_in_count:$sent '"
sleep 0.5
n=$(($(grep -c "PACKET_IN" "$MON") - n0))
# The default burst (100 ms, 2 packets) and 20 a second for 3 s.
within "packet-ins under OFPM_CONTROLLER at 20/s while $sent frames missed in 3 s" \
    "$n" 62 packet-ins
ofctl del-meters "$T" meter=controller || fail "del-meters meter=controller"
n0=$(grep -c "PACKET_IN" "$MON")
sent=$(ip netns exec "$H3" "$PY" "$DIR/stream.py" eth0 0x88b5 200 0.25)
wait_for 3 eval "[ \$((\$(grep -c PACKET_IN '$MON') - $n0)) -ge $sent ]"
n=$(($(grep -c "PACKET_IN" "$MON") - n0))
check "without it every miss is a packet-in ($n of $sent)" test "$n" = "$sent"

# ---- Delete ------------------------------------------------------------------------

echo "delete:"
ofctl add-flow "$T" "priority=20,send_flow_rem,cookie=0x3e,in_port=1,udp,tp_dst=5,actions=meter:5,output:2" \
    || fail "add-flow with send_flow_rem"
ofctl del-meters "$T" meter=5 || fail "del-meters meter=5"
check "FLOW_REMOVED (reason DELETE) for the flow that used meter 5" \
    wait_for 3 grep -q "FLOW_REMOVED.*reason=DELETE.*cookie=0x3e" "$MON"
check "no flow uses meter 5 any more" \
    eval "! ofctl dump-flows '$T' | grep -q 'meter:5'"
expect_error "a flow to the deleted meter" OFPMMFC_UNKNOWN_METER \
    add-flow "$T" "actions=meter:5,output:2"

# ---- Errors ----------------------------------------------------------------------

echo "errors:"
expect_error "add an existing meter" OFPMMFC_METER_EXISTS \
    add-meter "$T" "meter=1,pktps,bands=type=drop,rate=5"
expect_error "modify a meter that does not exist" OFPMMFC_UNKNOWN_METER \
    mod-meter "$T" "meter=77,pktps,bands=type=drop,rate=5"
expect_error "OFPM_SLOWPATH (the switch has no slow path)" OFPMMFC_INVALID_METER \
    add-meter "$T" "meter=slowpath,pktps,bands=type=drop,rate=5"
HEX=$(hex_of parse-meter "meter=7,pktps,burst,bands=type=drop,rate=5,burst_size=3")
# Offsets: header 16 hex digits, command 4, flags 4, meter_id 8, then the
# band: type 4, len 4, rate 8, burst_size 8.
raw_error "BURST with burst_size 0" 12,7 "${HEX:0:48}00000000${HEX:56}"
raw_error "rate 0" 12,6 "${HEX:0:40}00000000${HEX:48}"
raw_error "KBPS and PKTPS" 12,5 "${HEX:0:20}0007${HEX:24}"
HEX=$(hex_of parse-meter "meter=7,pktps,bands=type=dscp_remark,rate=5,prec_level=1")
raw_error "prec_level 64" 12,9 "${HEX:0:56}40${HEX:58}"
HEX=$(hex_of parse-flow "priority=1,actions=meter:1,output:2")
check "a flow naming OFPM_CONTROLLER: OFPMMFC_INVALID_METER" \
    eval "ofraw '$T' '$(sed 's/0006000800000001/00060008fffffffe/' <<<"$HEX")' | grep -q 'type=1 xid=1 error=12,2$'"

# ---- ovs-ofctl ---------------------------------------------------------------------

echo "ovs-ofctl:"
if command -v ovs-ofctl >/dev/null 2>&1; then
    TCP=tcp:127.0.0.1:$OFPORT
    ovsctl() {
        ip netns exec "$NS_SW" ovs-ofctl -O OpenFlow13 -t 10 "$@" 2>>"$DIR/ovs-ofctl.err"
    }
    ovsctl dump-meters "$TCP" >"$DIR/ovs-meters"
    sed 's/^/       | /' "$DIR/ovs-meters"
    check "ovs-ofctl dump-meters decodes the meters" \
        eval "grep -q 'meter=1 pktps stats bands=' '$DIR/ovs-meters' && grep -q 'type=dscp_remark rate=10 burst_size=10 prec_level=1' '$DIR/ovs-meters'"
    ovsctl meter-stats "$TCP" >"$DIR/ovs-mstats"
    check "ovs-ofctl meter-stats decodes the counters" \
        grep -q "meter:4 flow_count:0 packet_in_count:[1-9][0-9]* byte_in_count:[1-9]" "$DIR/ovs-mstats"
    ovsctl meter-features "$TCP" >"$DIR/ovs-mfeat"
    check "ovs-ofctl meter-features: drop and dscp_remark bands" \
        eval "grep -q 'band_types: drop dscp_remark' '$DIR/ovs-mfeat' && grep -q 'capabilities: kbps pktps burst stats' '$DIR/ovs-mfeat'"
    check "ovs-ofctl printed no error" eval "! grep -qi 'error\|fail' '$DIR/ovs-ofctl.err'"
else
    note_skip "ovs-ofctl is not installed"
fi

echo "delete all:"
check "del-meters removes every meter" ofctl del-meters "$T"
check "meter-stats is empty" eval "! ofctl meter-stats '$T' | grep -q '^meter:'"

finish
