#!/bin/bash
# VXLAN interop: ofswitch and an Open vSwitch userspace bridge (datapath
# netdev, OVS's own tunnel code, no kernel module) exchange VXLAN.
#
#   tests/integration/vxlan-ovs.sh [BUILD_DIR]
#
#   [vm1 10.0.0.1]-p1 [ofswitch] vxlan ===== underlay ===== br-phy [OVS]
#                     192.168.100.1       ua0 <-veth-> ub0  192.168.100.2
#                                                           br-int: vxlan0,
#                                                           p2-[vm2 10.0.0.2]
#
# Open vSwitch runs in a sandbox of this test: its own ovsdb-server and
# ovs-vswitchd, database, sockets and logs in the test's directory, both
# in a network namespace of their own (a system Open vSwitch is never
# touched).  Its tunnel follows OVS's userspace tunneling set-up: the
# underlay address is on the internal interface of br-phy, whose port is
# the underlay veth; the VXLAN port is on br-int, flow-based (key=flow).
# Checked:
#   - OVS routes the tunnel's underlay address through br-phy and learns
#     ofswitch's MAC by ARP (tnl/neigh);
#   - vm1 pings vm2 and vm2 pings vm1 (ARP too crosses the tunnel), with
#     VNI 100 set by set_field:tunnel_id in ofswitch and by
#     set_field:...->tun_id in OVS, each side matching the other's VNI;
#   - on the underlay, tshark decodes VXLAN VNI 100 both ways, the inner
#     ICMP intact, to UDP port 4789, outer UDP checksum zero (RFC 7348), nothing
#     malformed;
#   - a wrong VNI does not deliver, either way: ofswitch sending VNI 200
#     (OVS accepts only 100), OVS sending 300 (ofswitch accepts only 100):
#     the echo requests never reach the other VM (its kernel's counter);
#   - ofswitch's flow-based port (remote_ip=flow, set_field:...->tun_dst)
#     talks to OVS as well, and matches tun_src on what OVS sends.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping tshark nstat ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl \
    ovs-appctl ovsdb-tool
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
[ -r "$SCHEMA" ] || skip "no $SCHEMA"
[ -c /dev/net/tun ] || skip "no /dev/net/tun (OVS's internal ports are taps)"

NS_OF=ofk$ID-of
NS_OVS=ofk$ID-ovs
VM1=ofk$ID-vm1
VM2=ofk$ID-vm2
TA=unix:$DIR/of.ctl
OVSDIR=$DIR/ovs

for ns in "$NS_OF" "$NS_OVS" "$VM1" "$VM2"; do
    add_ns "$ns"
done
ip link add ua0 netns "$NS_OF" type veth peer name ub0 netns "$NS_OVS" ||
    die "cannot add the underlay veth"
ip -n "$NS_OF" addr add 192.168.100.1/24 dev ua0
ip -n "$NS_OF" link set ua0 up
ip -n "$NS_OVS" link set ub0 up
ip link add p1 netns "$NS_OF" type veth peer name eth0 netns "$VM1" ||
    die "cannot add vm1's veth"
ip link add p2 netns "$NS_OVS" type veth peer name eth0 netns "$VM2" ||
    die "cannot add vm2's veth"
ip -n "$NS_OF" link set p1 up
ip -n "$NS_OVS" link set p2 up
for k in 1 2; do
    ns=ofk$ID-vm$k
    ip -n "$ns" link set eth0 address "02:00:00:00:00:0$k"
    # 1500 - 50 bytes of VXLAN: the outer packet fits the underlay.
    ip -n "$ns" link set eth0 mtu 1450
    ip -n "$ns" addr add "10.0.0.$k/24" dev eth0
    ip -n "$ns" link set eth0 up
done

# ---- Open vSwitch, in its namespace ----

mkdir -p "$OVSDIR"
export OVS_RUNDIR=$OVSDIR OVS_LOGDIR=$OVSDIR OVS_DBDIR=$OVSDIR \
    OVS_SYSCONFDIR=$OVSDIR
VSCTL="ovs-vsctl --db=unix:$OVSDIR/db.sock --timeout=10"
appctl() {
    ovs-appctl -t "$OVSDIR/ovs-vswitchd.ctl" "$@"
}
ovsctl() {
    ovs-ofctl -O OpenFlow13 -t 10 "$@" 2>>"$DIR/ovs-ofctl.err"
}
ovsdb-tool create "$OVSDIR/conf.db" "$SCHEMA" >/dev/null ||
    die "ovsdb-tool create failed"
ip netns exec "$NS_OVS" ovsdb-server "$OVSDIR/conf.db" \
    --remote=punix:"$OVSDIR/db.sock" \
    --pidfile="$OVSDIR/ovsdb-server.pid" --unixctl="$OVSDIR/ovsdb-server.ctl" \
    --log-file="$OVSDIR/ovsdb-server.log" --detach --no-chdir \
    2>>"$OVSDIR/err" || die "ovsdb-server does not start"
PIDS+=("$(cat "$OVSDIR/ovsdb-server.pid")")
$VSCTL --no-wait init || die "ovs-vsctl init failed"
ip netns exec "$NS_OVS" ovs-vswitchd unix:"$OVSDIR/db.sock" \
    --pidfile="$OVSDIR/ovs-vswitchd.pid" --unixctl="$OVSDIR/ovs-vswitchd.ctl" \
    --log-file="$OVSDIR/ovs-vswitchd.log" --detach --no-chdir \
    2>>"$OVSDIR/err" || die "ovs-vswitchd does not start"
PIDS+=("$(cat "$OVSDIR/ovs-vswitchd.pid")")

# br-phy: the underlay.  A normal learning bridge of the veth and its own
# interface, which holds the underlay address (OVS's userspace tunnels
# leave by the bridge that owns the route to the remote end).
$VSCTL add-br br-phy -- set bridge br-phy datapath_type=netdev \
    fail_mode=standalone \
    -- add-port br-phy ub0 ||
    die "cannot add br-phy"
ip -n "$NS_OVS" addr add 192.168.100.2/24 dev br-phy
ip -n "$NS_OVS" link set br-phy up
# br-int: the VM's port and the VXLAN port, programmed by OpenFlow.
$VSCTL add-br br-int -- set bridge br-int datapath_type=netdev \
    fail_mode=secure protocols=OpenFlow13 \
    -- add-port br-int p2 -- set interface p2 ofport_request=1 \
    -- add-port br-int vxlan0 -- set interface vxlan0 type=vxlan \
    ofport_request=2 options:remote_ip=192.168.100.1 \
    options:local_ip=192.168.100.2 options:key=flow ||
    die "cannot add br-int"
OT=unix:$OVSDIR/br-int.mgmt
wait_for 10 ovsctl probe "$OT" || die "br-int does not answer on $OT"
# OVS copies the kernel's routes of its namespace; say it outright, as a
# deployment where the kernel has other plans would.
appctl ovs/route/add 192.168.100.0/24 br-phy >/dev/null 2>&1
check "OVS routes 192.168.100.1 through br-phy" \
    sh -c "ovs-appctl -t '$OVSDIR/ovs-vswitchd.ctl' ovs/route/lookup 192.168.100.1 | grep -q 'dev br-phy'"

# ---- ofswitch ----

start_of() {
    ip netns exec "$NS_OF" "$OFSWITCH" --name "ofk$ID" --no-local \
        --ctl "$DIR/of.ctl" --port p1=1 "$@" >>"$DIR/ofswitch.log" 2>&1 &
    PIDS+=($!)
    wait_for 10 "$OFCTL" -t 1 probe "$TA" || die "ofswitch does not answer"
}
start_of --port "vxlan:remote_ip=192.168.100.2,local_ip=192.168.100.1,ofport=2"

# of_flows FLOW...: replaces ofswitch's flows.  ovs_flows FLOW...: OVS's.
of_flows() {
    ofctl del-flows "$TA" || die "del-flows failed"
    printf '%s\n' "$@" >"$DIR/flows.txt"
    ofctl add-flows "$TA" "$DIR/flows.txt" || die "add-flows failed: $*"
}
ovs_flows() {
    ovsctl del-flows "$OT" || die "ovs-ofctl del-flows failed"
    printf '%s\n' "$@" >"$DIR/ovs-flows.txt"
    ovsctl add-flows "$OT" "$DIR/ovs-flows.txt" ||
        die "ovs-ofctl add-flows failed: $*"
}
# VNI SEND RECV: each side's flows (ofswitch sends SEND, accepts RECV).
of_vni() {
    of_flows "in_port=1,actions=set_field:$1->tunnel_id,output:2" \
        "in_port=2,tunnel_id=$2,actions=output:1"
}
ovs_vni() {
    ovs_flows "in_port=1,actions=set_field:$1->tun_id,output:2" \
        "in_port=2,tun_id=$2,actions=output:1"
}

echos() {
    ip netns exec "$1" nstat -az IcmpInEchos 2>/dev/null |
        awk '/IcmpInEchos/ { print $2 }'
}
# pings FROM_NS TO_IP: 3 pings; succeeds if all are answered.
pings() {
    ip netns exec "$1" ping -q -c 3 -i 0.2 -W 2 "$2" >"$DIR/ping.out" 2>&1
}

of_vni 100 100
ovs_vni 100 100

ip netns exec "$NS_OF" tshark -q -i ua0 -f "udp port 4789" \
    -w "$DIR/ul.pcap" >/dev/null 2>&1 &
TSHARK=$!
PIDS+=($TSHARK)
wait_for 5 test -s "$DIR/ul.pcap"

echo "VNI 100 on both sides:"
check "vm1 (ofswitch) pings vm2 (Open vSwitch)" pings "$VM1" 10.0.0.2
check "vm2 (Open vSwitch) pings vm1 (ofswitch)" pings "$VM2" 10.0.0.1
check "OVS learned ofswitch's underlay MAC (tnl/neigh/show)" \
    sh -c "ovs-appctl -t '$OVSDIR/ovs-vswitchd.ctl' tnl/neigh/show | grep -q '192.168.100.1 '"
sleep 0.3
stop_pid "$TSHARK"
tshark -r "$DIR/ul.pcap" -T fields -E occurrence=l -e ip.src -e vxlan.vni \
    -e icmp.type >"$DIR/ul.txt" 2>/dev/null
check "the underlay: ofswitch's echo requests in VNI 100" \
    grep -q -P "^10.0.0.1\t100\t8$" "$DIR/ul.txt"
check "OVS's echo replies in VNI 100" grep -q -P "^10.0.0.2\t100\t0$" "$DIR/ul.txt"
check "OVS's echo requests in VNI 100" grep -q -P "^10.0.0.2\t100\t8$" "$DIR/ul.txt"
check "ofswitch's echo replies in VNI 100" grep -q -P "^10.0.0.1\t100\t0$" "$DIR/ul.txt"
tshark -r "$DIR/ul.pcap" -T fields -e ip.src -e udp.dstport \
    >"$DIR/outer.txt" 2>/dev/null
check "both ends send to UDP port 4789" \
    sh -c "grep -q -P '^192.168.100.1,10.0.0.1\t4789$' '$DIR/outer.txt' && grep -q -P '^192.168.100.2,10.0.0.2\t4789$' '$DIR/outer.txt'"
udp_sum() {
    tshark -r "$DIR/ul.pcap" -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE \
        -Y "$1" 2>/dev/null | wc -l
}
# RFC 7348: the outer UDP checksum SHOULD be zero; ofswitch sends it so
# (a checksum left to a veth's offload is never filled in, and OVS's
# userspace datapath drops such datagrams).  IP checksums must verify.
zero=$(udp_sum "ip.src == 192.168.100.1 && udp.dstport == 4789 && udp.checksum == 0")
bad=$(udp_sum "udp.checksum.status == 0 || ip.checksum.status == 0")
check "ofswitch's outer UDP checksums are zero, IP checksums right ($zero zero, $bad bad on either side)" \
    test "$zero" -gt 0 -a "$bad" = 0
malformed=$(tshark -r "$DIR/ul.pcap" -Y _ws.malformed 2>/dev/null | wc -l)
check "tshark finds no malformed packet ($malformed)" test "$malformed" = 0

echo "a wrong VNI does not deliver:"
# From here the VMs know each other's MAC for good: only the echoes move.
ip -n "$VM1" neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 nud permanent dev eth0
ip -n "$VM2" neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 nud permanent dev eth0
of_vni 200 100
n=$(echos "$VM2")
ip netns exec "$VM1" ping -q -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1
sent=$(ofctl dump-ports "$TA" 2 | sed -n 's/.*tx pkts=\([0-9]*\),.*/\1/p')
check "ofswitch sends VNI 200 (tunnel tx pkts=${sent:-?}): no echo reaches vm2 ($n, then $(echos "$VM2"))" \
    test "$(echos "$VM2")" = "$n"
of_vni 100 100
ovs_vni 300 100
n=$(echos "$VM1")
ip netns exec "$VM2" ping -q -c 3 -i 0.2 -W 1 10.0.0.1 >/dev/null 2>&1
check "OVS sends VNI 300: no echo reaches vm1 ($n, then $(echos "$VM1"))" \
    test "$(echos "$VM1")" = "$n"
of_flows "in_port=1,actions=set_field:100->tunnel_id,output:2" \
    "in_port=2,tunnel_id=300,actions=output:1"
check "and once ofswitch accepts 300, vm2's pings reach vm1" \
    pings "$VM2" 10.0.0.1
ovs_vni 100 100

echo "ofswitch's flow-based port:"
check "del-port vxlan0" ofctl del-port "$TA" vxlan0
check "add-port vxlan:remote_ip=flow,ofport=7" \
    ofctl add-port "$TA" "vxlan:remote_ip=flow,local_ip=192.168.100.1,name=vtep,ofport=7"
of_flows "in_port=1,actions=set_field:100->tunnel_id,set_field:192.168.100.2->tun_dst,output:7" \
    "in_port=7,tunnel_id=100,tun_src=192.168.100.2,actions=output:1"
check "vm1 pings vm2 (tun_dst set per packet, OVS's tun_src matched)" \
    pings "$VM1" 10.0.0.2
of_flows "in_port=1,actions=set_field:100->tunnel_id,set_field:192.168.100.2->tun_dst,output:7" \
    "in_port=7,tunnel_id=100,tun_src=192.168.100.9,actions=output:1"
n=$(echos "$VM1")
ip netns exec "$VM2" ping -q -c 2 -i 0.2 -W 1 10.0.0.1 >/dev/null 2>&1
check "a flow for another tun_src passes nothing from OVS" \
    test "$(echos "$VM1")" = "$n"

$VSCTL --if-exists del-br br-int -- --if-exists del-br br-phy
finish
