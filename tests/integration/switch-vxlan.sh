#!/bin/bash
# VXLAN tunnel ports: two ofswitch instances, each on a "VM host" with an
# underlay address, carry two VMs' traffic through a tunnel.
#
#   tests/integration/switch-vxlan.sh [BUILD_DIR]
#
#   [vm1 10.0.0.1] -- p1 [switch A] vxlan ==underlay== vxlan [switch B] p1 -- [vm2 10.0.0.2]
#                         192.168.100.1                 192.168.100.2
#
# Checked:
#   - ping and TCP (iperf3, with the kernel's default offloads: GSO
#     super-frames are cut before encapsulation) between the VMs through
#     ports bound to the remote end, the VNI set with set_field:tunnel_id
#     and matched on receive;
#   - on the underlay, tshark decodes VXLAN with that VNI and the inner
#     ICMP;
#   - a flow that matches another VNI passes nothing (tenants apart);
#   - a flow-based port (remote_ip=flow) added with ofctl add-port sends
#     where set_field:...->tun_dst says, and the receiving side matches
#     tun_src;
#   - port statistics count the tunnel's traffic;
#   - bad port specs get a message naming them.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping iperf3 tshark

NS_A=ofk$ID-ua
NS_B=ofk$ID-ub
VM1=ofk$ID-vm1
VM2=ofk$ID-vm2
TA=unix:$DIR/a.ctl
TB=unix:$DIR/b.ctl

for ns in "$NS_A" "$NS_B" "$VM1" "$VM2"; do
    add_ns "$ns"
done
ip link add ua0 netns "$NS_A" type veth peer name ub0 netns "$NS_B" ||
    die "cannot add the underlay veth"
ip -n "$NS_A" addr add 192.168.100.1/24 dev ua0
ip -n "$NS_B" addr add 192.168.100.2/24 dev ub0
ip -n "$NS_A" link set ua0 up
ip -n "$NS_B" link set ub0 up
ip link add p1 netns "$NS_A" type veth peer name eth0 netns "$VM1" ||
    die "cannot add vm1's veth"
ip link add p1 netns "$NS_B" type veth peer name eth0 netns "$VM2" ||
    die "cannot add vm2's veth"
for vm in 1 2; do
    ns=ofk$ID-vm$vm
    ip -n "$ns" link set eth0 address "02:00:00:00:00:0$vm"
    ip -n "$ns" addr add "10.0.0.$vm/24" dev eth0
    ip -n "$ns" link set eth0 up
done
ip -n "$NS_A" link set p1 up
ip -n "$NS_B" link set p1 up

# start SIDE NS TARGET LOCAL REMOTE: a switch with the VM's port and a
# tunnel port bound to the other host.
start() {
    ip netns exec "$2" "$OFSWITCH" --name "ofk$1$ID" --no-local \
        --ctl "$DIR/$1.ctl" --port p1 \
        --port "vxlan:remote_ip=$5,local_ip=$4" \
        >>"$DIR/ofswitch-$1.log" 2>&1 &
    PIDS+=($!)
    wait_for 10 "$OFCTL" -t 1 probe "$3" || die "switch $1 does not answer"
}
start a "$NS_A" "$TA" 192.168.100.1 192.168.100.2
start b "$NS_B" "$TB" 192.168.100.2 192.168.100.1

# tflows TARGET FLOW...: replaces the flows of a switch.
tflows() {
    local t=$1
    shift
    ofctl del-flows "$t" || die "del-flows failed"
    printf '%s\n' "$@" >"$DIR/flows.txt"
    ofctl add-flows "$t" "$DIR/flows.txt" || die "add-flows failed: $*"
}

ping_ok() {
    ip netns exec "$VM1" ping -q -c 3 -i 0.2 -W 2 10.0.0.2 >"$DIR/ping.out" 2>&1
}

echo "a tunnel bound to the other end:"
check "the tunnel port is port 2, named vxlan0" \
    sh -c "'$OFCTL' -t 10 dump-ports-desc '$TA' | grep -q '2(vxlan0)'"
for t in "$TA" "$TB"; do
    tflows "$t" "in_port=1,actions=set_field:100->tunnel_id,output:2" \
        "in_port=2,tunnel_id=100,actions=output:1"
done

ip netns exec "$NS_B" tshark -q -i ub0 -f "udp port 4789" -w "$DIR/ul.pcap" \
    >/dev/null 2>&1 &
TSHARK=$!
PIDS+=($TSHARK)
wait_for 5 test -s "$DIR/ul.pcap"
check "VM 1 pings VM 2 through the tunnel" ping_ok
sleep 0.5
stop_pid "$TSHARK"
tshark -r "$DIR/ul.pcap" -T fields -e vxlan.vni -e icmp.type \
    >"$DIR/ul.txt" 2>/dev/null
check "the underlay carries VXLAN, VNI 100, with the ICMP inside" \
    grep -q -P "^100\t8$" "$DIR/ul.txt"
check "and the replies, VNI 100" grep -q -P "^100\t0$" "$DIR/ul.txt"
malformed=$(tshark -r "$DIR/ul.pcap" -Y _ws.malformed 2>/dev/null | wc -l)
check "tshark finds no malformed packet ($malformed)" test "$malformed" = 0

mbps=$(tcp_mbps "$VM2" 10.0.0.2 "$VM1")
check "TCP through the tunnel, offloads on: ${mbps:-no result} Mbit/s" \
    test "${mbps:-0}" -ge 50

tx=$(ofctl dump-ports "$TA" 2 | sed -n 's/.*tx pkts=\([0-9]*\),.*/\1/p')
check "port statistics count the tunnel's traffic (tx pkts=${tx:-?})" \
    test "${tx:-0}" -ge 1000

echo "another VNI:"
tflows "$TB" "in_port=1,actions=set_field:100->tunnel_id,output:2" \
    "in_port=2,tunnel_id=200,actions=output:1"
check "a flow for VNI 200 passes nothing of VNI 100" sh -c "! ip netns exec '$VM1' ping -q -c 2 -i 0.2 -W 1 10.0.0.2"

echo "a flow-based tunnel:"
check "del-port vxlan0 on A" ofctl del-port "$TA" vxlan0
check "add-port vxlan:remote_ip=flow,name=vtep,ofport=7" \
    ofctl add-port "$TA" "vxlan:remote_ip=flow,local_ip=192.168.100.1,name=vtep,ofport=7"
tflows "$TA" "in_port=1,actions=set_field:300->tunnel_id,set_field:192.168.100.2->tun_dst,output:7" \
    "in_port=7,tunnel_id=300,tun_src=192.168.100.2,actions=output:1"
tflows "$TB" "in_port=1,actions=set_field:300->tunnel_id,output:2" \
    "in_port=2,tunnel_id=300,tun_src=192.168.100.1,actions=output:1"
check "VM 1 pings VM 2 (tun_dst set per packet, tun_src matched)" ping_ok

echo "bad port specs:"
refused "a vxlan port without remote_ip" "needs remote_ip" "$OFCTL" -t 10 add-port "$TA" "vxlan:key=5"
refused "a bad remote_ip" "not an IPv4 address" "$OFCTL" -t 10 add-port "$TA" "vxlan:remote_ip=nowhere"
refused "a second port on the same address and UDP port" "in use" "$OFCTL" -t 10 add-port "$TA" "vxlan:remote_ip=192.168.100.9,local_ip=192.168.100.1"
out=$("$OFSWITCH" --port "vxlan:remote_ip=1.2.3.4,ofport=0" 2>&1)
check "ofswitch --port with port number 0 is refused: $out" \
    grep -q "port numbers start at 1" <<<"$out"

finish
