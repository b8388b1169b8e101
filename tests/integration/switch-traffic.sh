#!/bin/bash
# Real traffic through ofswitch: ping and TCP (iperf3) between hosts in
# network namespaces, with the kernel's default offloads (checksum
# offload, TSO/GSO) left on everywhere.
#
#   tests/integration/switch-traffic.sh [BUILD_DIR]
#
# Two hosts (10.0.0.1 and 10.0.0.2) on ports 1 and 2, and the switch's
# LOCAL port (its tap, 10.0.0.254 in the switch's namespace).  Checked:
#   - ping both ways through a flooding flow (ARP too), and through flows
#     by in_port, with the flows' and ports' counters matching;
#   - ping and TCP through push_vlan/pop_vlan to a host that speaks
#     802.1Q (eth0.10), when the kernel has 802.1Q;
#   - TCP both ways for a few seconds between the hosts (veth to veth)
#     and between a host and the LOCAL port (veth to tap): iperf3 must
#     pass at least MIN_MBPS and the flows must count the packets;
#   - TCP both ways through flows that rewrite IPv4 address and TCP port
#     (like a NAT) on TSO frames with partial checksums;
#   - after del-flows nothing passes.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping iperf3

MIN_MBPS=${MIN_MBPS:-200}
IPERF_SECS=${IPERF_SECS:-3}

topo 2
start_switch
H1=$(host 1)
H2=$(host 2)
ip -n "$NS_SW" addr add 10.0.0.254/24 dev "ofk$ID"
ip -n "$NS_SW" link set "ofk$ID" up

# ping_ok NS DST: three pings, 0.2 s apart, must all come back.
ping_ok() {
    ip netns exec "$1" ping -q -c 3 -i 0.2 -W 2 "$2" >"$DIR/ping.out" 2>&1
}

# iperf NAME SERVER_NS SERVER_IP CLIENT_NS [-R]: TCP for IPERF_SECS.  The
# client connects to $VIP:$((PORT + VPORT_OFS)) if VIP is set (a rewrite
# in the switch takes it to the server), else to SERVER_IP:PORT.
iperf() {
    local name=$1 sns=$2 sip=$3 cns=$4 rev=${5:-} port pid mbps
    port=${PORT:-$(free_port "$sns")}
    ip netns exec "$sns" iperf3 -s -1 -B "$sip" -p "$port" >"$DIR/iperf-s.out" 2>&1 &
    pid=$!
    PIDS+=($pid)
    wait_for 5 ip netns exec "$sns" sh -c "ss -ltn | grep -q ':$port '"
    ip netns exec "$cns" timeout $((IPERF_SECS + 15)) iperf3 -c "${VIP:-$sip}" \
        -p "$((port + ${VPORT_OFS:-0}))" \
        -t "$IPERF_SECS" -J $rev >"$DIR/iperf.json" 2>"$DIR/iperf.err"
    stop_pid "$pid"
    mbps=$("$PY" -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(int(d["end"]["sum_received"]["bits_per_second"] / 1e6))' "$DIR/iperf.json" 2>/dev/null)
    if [ -n "$mbps" ] && [ "$mbps" -ge "$MIN_MBPS" ]; then
        pass "$name: $mbps Mbit/s"
    else
        fail "$name: ${mbps:-no result} Mbit/s (at least $MIN_MBPS expected)"
        head -5 "$DIR/iperf.err" | sed 's/^/       /'
    fi
}

echo "ping:"
flows "actions=FLOOD"
check "ping 10.0.0.1 -> 10.0.0.2 through actions=FLOOD (ARP included)" ping_ok "$H1" 10.0.0.2
check "ping 10.0.0.2 -> 10.0.0.1" ping_ok "$H2" 10.0.0.1
check "ping 10.0.0.1 -> LOCAL (10.0.0.254)" ping_ok "$H1" 10.0.0.254
n=$(ofctl dump-ports "$T" LOCAL | sed -n 's/.*rx pkts=\([0-9]*\),.*/\1/p')
check "the replies came in through the LOCAL port (rx pkts=$n)" test "${n:-0}" -ge 3

flows "cookie=0x1,in_port=1,actions=output:2" "cookie=0x2,in_port=2,actions=output:1"
ip -n "$H1" neigh flush all
ip -n "$H2" neigh flush all
rx0=$(ofctl dump-ports "$T" 2 | sed -n 's/.*tx pkts=\([0-9]*\),.*/\1/p')
check "ping through in_port flows" ping_ok "$H1" 10.0.0.2
n1=$(n_packets "cookie=0x1/-1")
n2=$(n_packets "cookie=0x2/-1")
rx1=$(ofctl dump-ports "$T" 2 | sed -n 's/.*tx pkts=\([0-9]*\),.*/\1/p')
check "the flows count 3 echo requests + ARP one way ($n1) and 3 replies + ARP the other ($n2)" \
    eval "[ '$n1' -ge 4 ] && [ '$n1' -le 6 ] && [ '$n2' -ge 4 ] && [ '$n2' -le 6 ]"
check "dump-ports: port 2 sent what the flow to it counted ($((rx1 - rx0)) = $n1)" \
    test "$((rx1 - rx0))" = "$n1"

echo "VLAN push and pop:"
if ip -n "$H2" link add link eth0 name eth0.10 type vlan id 10 2>/dev/null; then
    ip -n "$H2" addr add 10.0.10.2/24 dev eth0.10
    ip -n "$H2" link set eth0.10 up
    ip -n "$H1" addr add 10.0.10.1/24 dev eth0
    flows "in_port=1,actions=push_vlan:0x8100,set_field:10->vlan_vid,output:2" \
          "in_port=2,dl_vlan=10,actions=pop_vlan,output:1"
    check "ping 10.0.10.2 (802.1Q VLAN 10 on host 2) from untagged host 1" \
        ping_ok "$H1" 10.0.10.2
    IPERF_SECS=2 iperf "TCP into the VLAN (push_vlan on TSO frames)" "$H2" 10.0.10.2 "$H1"
    IPERF_SECS=2 iperf "TCP out of the VLAN (pop_vlan)" "$H1" 10.0.10.1 "$H2"
else
    note_skip "VLAN traffic: this kernel has no 802.1Q support (8021q)"
fi

echo "TCP:"
flows "in_port=1,actions=output:2" "in_port=2,actions=output:1" \
      "priority=40000,in_port=1,ip,nw_dst=10.0.0.254,actions=LOCAL" \
      "priority=40000,in_port=1,arp,arp_tpa=10.0.0.254,actions=LOCAL" \
      "in_port=LOCAL,actions=output:1"
iperf "TCP host 1 -> host 2 (veth to veth)" "$H2" 10.0.0.2 "$H1"
iperf "TCP host 2 -> host 1 (-R)" "$H2" 10.0.0.2 "$H1" -R
n=$(n_packets "in_port=1,ip,nw_dst=10.0.0.254")
iperf "TCP host 1 -> LOCAL (veth to tap)" "$NS_SW" 10.0.0.254 "$H1"
iperf "TCP LOCAL -> host 1 (tap to veth)" "$NS_SW" 10.0.0.254 "$H1" -R
n2=$(n_packets "in_port=1,ip,nw_dst=10.0.0.254")
check "the flow to LOCAL counted the TCP segments ($n -> $n2)" test "$n2" -gt $((n + 1000))

# Address and port rewriting on TSO super-frames with partial checksums:
# host 1 talks to 10.0.0.100:PORT+1, which the switch turns into host 2's
# 10.0.0.2:PORT and back (checksums fixed up, or TCP would stall).
echo "TCP through address and port rewriting:"
PORT=5201
ip -n "$H1" neigh replace 10.0.0.100 lladdr 02:00:00:00:00:64 dev eth0
flows "in_port=1,arp,actions=output:2" "in_port=2,arp,actions=output:1" \
      "cookie=0x21,in_port=1,tcp,nw_dst=10.0.0.100,tp_dst=$((PORT + 1)),actions=set_field:02:00:00:00:00:02->eth_dst,set_field:10.0.0.2->ipv4_dst,set_field:$PORT->tcp_dst,output:2" \
      "cookie=0x22,in_port=2,tcp,nw_src=10.0.0.2,tp_src=$PORT,actions=set_field:02:00:00:00:00:64->eth_src,set_field:10.0.0.100->ipv4_src,set_field:$((PORT + 1))->tcp_src,output:1"
PORT=$PORT VIP=10.0.0.100 VPORT_OFS=1 iperf "TCP to 10.0.0.100:$((PORT + 1)) rewritten to 10.0.0.2:$PORT" "$H2" 10.0.0.2 "$H1"
PORT=$PORT VIP=10.0.0.100 VPORT_OFS=1 iperf "the same, data from the server (-R)" "$H2" 10.0.0.2 "$H1" -R
n=$(n_packets "cookie=0x21/-1")
check "the rewriting flows carried it ($n packets)" test "${n:-0}" -gt 1000

echo "no flows:"
flows
if ping_ok "$H1" 10.0.0.2; then
    fail "ping passes with no flow"
else
    pass "ping fails with no flow"
fi

finish
