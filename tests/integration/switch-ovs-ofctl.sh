#!/bin/bash
# Open vSwitch's ovs-ofctl programs ofswitch: `ovs-ofctl -O OpenFlow13`
# against ofswitch's passive TCP listener (--listen ptcp:PORT:127.0.0.1).
#
#   tests/integration/switch-ovs-ofctl.sh [BUILD_DIR]
#
# Two hosts (10.0.0.1, 10.0.0.2) on ports 1 and 2.  ovs-ofctl runs in the
# switch's namespace.  Checked: show, dump-ports-desc, dump-tables,
# dump-table-features, get-frags; add-flow and add-flows (several tables,
# write_actions, goto_table, cookies, timeouts); dump-flows lists exactly
# those flows, and prints what ofctl prints on the same switch; the flows
# forward pings and count them (dump-flows, dump-aggregate, dump-ports);
# mod-flows changes actions; del-flows with a filter and --strict deletes
# exactly the matching flows and without one every flow; packet-out
# delivers a frame; mod-port down/up; an error (output to a group that
# does not exist) comes back as OFPBAC_BAD_OUT_GROUP; 20000 flows come
# back whole in a multipart reply of many parts.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping ovs-ofctl

topo 2
PORT=$(free_port "$NS_SW")
start_switch --listen "ptcp:$PORT:127.0.0.1"
TCP=tcp:127.0.0.1:$PORT

# ovsctl ARGS...: ovs-ofctl -O OpenFlow13 in the switch's namespace, its
# log lines kept aside.
ovsctl() {
    ip netns exec "$NS_SW" ovs-ofctl -O OpenFlow13 -t 10 "$@" 2>>"$DIR/ovs-ofctl.err"
}

# Masks what differs between two dumps of the same state.
mask() {
    sed -E 's/xid=0x[0-9a-f]+/xid=X/g; s/duration=[0-9.]+s/duration=X/g'
}

ping_ok() {
    ip netns exec "$(host "$1")" ping -q -c 3 -i 0.2 -W 2 "10.0.0.$2" >/dev/null 2>&1
}

echo "switch:"
check "ovs-ofctl show: the dpid and both ports" \
    eval "ovsctl show $TCP >'$DIR/show' && grep -q 'dpid:0*$ID' '$DIR/show' && grep -q '1(p1)' '$DIR/show' && grep -q 'LOCAL(ofk$ID)' '$DIR/show'"
check "ovs-ofctl dump-ports-desc" eval "ovsctl dump-ports-desc $TCP | grep -q '2(p2)'"
check "ovs-ofctl dump-tables: tables 0 to 63" \
    eval "ovsctl dump-tables $TCP | grep -q 'tables 1...63: ditto'"
check "ovs-ofctl dump-table-features" \
    eval "ovsctl dump-table-features $TCP | grep -q 'table 0'"
check "ovs-ofctl get-frags: normal" eval "[ \"\$(ovsctl get-frags $TCP)\" = normal ]"
check "ovs-ofctl dump-desc names ofkit" eval "ovsctl dump-desc $TCP | grep -q ofkit"

echo "flows:"
check "ovs-ofctl del-flows (every flow)" ovsctl del-flows "$TCP"
check "ovs-ofctl add-flow" ovsctl add-flow "$TCP" \
    "cookie=0x10,priority=100,in_port=1,actions=output:2"
cat >"$DIR/flows.txt" <<'EOF'
cookie=0x20,priority=100,in_port=2,actions=goto_table:1
table=1,cookie=0x21,priority=50,ip,actions=write_actions(output:1)
table=1,cookie=0x22,priority=40,arp,actions=output:1
table=1,cookie=0x23,priority=30,idle_timeout=600,udp,tp_dst=53,actions=drop
table=2,cookie=0x30,priority=7,tcp,nw_src=10.0.0.0/24,tp_dst=80,actions=set_field:10.0.0.9->ip_dst,output:2
EOF
check "ovs-ofctl add-flows (3 tables, goto_table, write_actions, set_field)" \
    ovsctl add-flows "$TCP" "$DIR/flows.txt"
ovsctl dump-flows "$TCP" >"$DIR/dump.ovs"
sed 's/^/       | /' "$DIR/dump.ovs"
check "ovs-ofctl dump-flows: the 6 flows" test "$(grep -c 'cookie=0x[123]' "$DIR/dump.ovs")" = 6
check "dump-flows shows goto_table and write_actions as added" \
    eval "grep -q 'cookie=0x20,.*in_port=2 actions=goto_table:1' '$DIR/dump.ovs' && grep -q 'cookie=0x21, .*table=1,.*ip actions=write_actions(output:1)' '$DIR/dump.ovs'"
check "dump-flows shows the idle timeout and set_field" \
    eval "grep -q 'cookie=0x23,.*idle_timeout=600' '$DIR/dump.ovs' && grep -q 'actions=set_field:10.0.0.9->ip_dst,output:2\\|actions=mod_nw_dst:10.0.0.9,output:2' '$DIR/dump.ovs'"
ovsctl --no-stats dump-flows "$TCP" | mask >"$DIR/a"
ofctl --no-stats dump-flows "$T" | mask >"$DIR/b"
check "ofctl dump-flows prints what ovs-ofctl prints" diff -u "$DIR/a" "$DIR/b"

check "ping host 1 -> host 2 through ovs-ofctl's flows" ping_ok 1 2
n=$(ovsctl dump-flows "$TCP" cookie=0x21/-1 | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')
check "ovs-ofctl dump-flows counts the echo replies in table 1 (n_packets=$n)" \
    test "${n:-0}" -ge 3
check "ovs-ofctl dump-aggregate" eval "ovsctl dump-aggregate $TCP | grep -q 'flow_count=6'"
check "ovs-ofctl dump-ports 1" eval "ovsctl dump-ports $TCP 1 | grep -q -E 'rx pkts=[1-9]'"

check "ovs-ofctl mod-flows table=1,arp: actions=drop" \
    ovsctl mod-flows "$TCP" "table=1,arp,actions=drop"
check "dump-flows: the ARP flow now drops" \
    eval "ovsctl dump-flows $TCP | grep -q 'cookie=0x22,.*arp actions=drop'"
check "ovs-ofctl --strict del-flows of one flow" \
    ovsctl --strict del-flows "$TCP" "table=1,priority=30,udp,tp_dst=53"
check "only that flow is gone (5 left)" \
    eval "[ \$(ovsctl dump-flows $TCP | grep -c 'cookie=') = 5 ] && ! ovsctl dump-flows $TCP | grep -q 'cookie=0x23'"
check "ovs-ofctl del-flows table=2" ovsctl del-flows "$TCP" table=2
check "table 2 is empty, the rest is there" \
    eval "[ -z \"\$(ovsctl dump-flows $TCP table=2 | grep cookie=)\" ] && [ \$(ovsctl dump-flows $TCP | grep -c cookie=) = 4 ]"
check "ovs-ofctl del-flows in_port=2 (non-strict: flows that match at least that)" \
    ovsctl del-flows "$TCP" in_port=2
check "the in_port=2 flow is gone" eval "! ovsctl dump-flows $TCP | grep -q 'cookie=0x20'"

echo "packets and ports:"
sniff 2
HEX=$($PKT hex "$(eth 1 2)/ipv4()/udp()/tag(ovspo)")
check "ovs-ofctl packet-out" ovsctl packet-out "$TCP" "in_port=controller,packet=$HEX,actions=output:2"
check "the frame reached host 2" wait_seen 2 ovspo
check "ovs-ofctl mod-port 2 down" ovsctl mod-port "$TCP" 2 down
check "port 2 is PORT_DOWN" eval "ofctl dump-ports-desc '$T' | grep -A1 '^ 2(p2)' | grep -q PORT_DOWN"
check "ovs-ofctl mod-port 2 up" ovsctl mod-port "$TCP" 2 up
check "port 2 is up again" eval "! ofctl dump-ports-desc '$T' | grep -A1 '^ 2(p2)' | grep -q PORT_DOWN"

echo "errors:"
if ovsctl add-flow "$TCP" "priority=1,actions=group:5" 2>/dev/null; then
    fail "output to a group that does not exist: accepted"
else
    check "output to a group that does not exist: ovs-ofctl reports OFPBAC_BAD_OUT_GROUP" \
        grep -q "OFPBAC_BAD_OUT_GROUP" "$DIR/ovs-ofctl.err"
fi

echo "many flows:"
for i in $(seq 0 19999); do
    echo "table=3,priority=$((i % 100)),ip,nw_dst=10.$((i / 65536)).$((i / 256 % 256)).$((i % 256)),actions=output:2"
done >"$DIR/many.txt"
check "ofctl add-flows of 20000 flows" ofctl add-flows "$T" "$DIR/many.txt"
check "ovs-ofctl dump-flows reads the multipart reply whole: 20000 flows" \
    eval "[ \$(ovsctl dump-flows $TCP table=3 | grep -c cookie=) = 20000 ]"
check "ovs-ofctl dump-aggregate: flow_count=20000" \
    eval "ovsctl dump-aggregate $TCP table=3 | grep -q flow_count=20000"
check "ovs-ofctl del-flows (every flow)" ovsctl del-flows "$TCP"
check "no flow left" eval "[ -z \"\$(ovsctl dump-flows $TCP | grep cookie=)\" ]"

finish
