#!/bin/bash
# Groups in ofswitch with real packets: ofctl add-group, dump-groups and
# dump-group-stats, and ovs-ofctl reading the replies.
#
#   tests/integration/switch-groups.sh [BUILD_DIR]
#
# Four hosts (no addresses: their kernels stay quiet) on ports 1-4; host 1
# sends.  Checked:
#   - ALL: one frame reaches hosts 2, 3 and 4, each bucket with its own
#     copy (a set_field in one bucket shows only in its copy); the group
#     and bucket counters of dump-group-stats count it;
#   - INDIRECT: its bucket's actions (push a VLAN tag, output) run; in the
#     action set (write_actions) the group replaces the output (5.10); a
#     group whose bucket goes to another group (chaining);
#   - SELECT with weights 1:1:2 to hosts 2, 3, 4: 300 flows (UDP source
#     ports) sent twice each; every flow reaches one host only, both
#     times, and the hosts' shares follow the weights;
#   - FAST_FAILOVER (watch port 2, else port 3) under a steady stream:
#     host 2's link goes down and the stream moves to host 3 (the time
#     from the link change to the first frame at host 3 is measured and
#     printed), then back to host 2 when the link comes up;
#   - deleting a group deletes the flows that use it, with FLOW_REMOVED
#     reason GROUP_DELETE (ofctl monitor); del-groups removes every group;
#   - the switch's errors: GROUP_EXISTS, UNKNOWN_GROUP, LOOP, CHAINED_GROUP,
#     WATCH_UNSUPPORTED, BAD_WATCH, INVALID_GROUP, BAD_BUCKET, BAD_TYPE,
#     OFPBAC_BAD_OUT_GROUP for flows (ofctl, and raw messages for what
#     ofctl will not send);
#   - ovs-ofctl -O OpenFlow13 dump-groups, dump-group-stats and
#     dump-group-features decode ofswitch's replies (through --listen).

. "$(dirname "$0")/switch-lib.bash" "$@"

topo 4 noaddr
OFPORT=$(free_port "$NS_SW")
start_switch --listen "ptcp:$OFPORT:127.0.0.1"
for k in 1 2 3 4; do
    sniff "$k"
done
MON=$DIR/monitor
$PKT stamp "$MON" "$OFCTL" -t 600 monitor "$T" &
PIDS+=($!)
wait_for 5 grep -q "accepted connection" "$DIR/ofswitch.log" || true

# A paced stream of frames: stream.py IFACE ETHTYPE PPS SECS sends frames
# of type ETHTYPE from host 1's MAC to host 2's, numbered, PPS a second.
cat >"$DIR/stream.py" <<'EOF'
import socket, struct, sys, time
iface, etype, pps, secs = sys.argv[1], int(sys.argv[2], 0), \
    float(sys.argv[3]), float(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
hdr = bytes.fromhex("020000000002" "020000000001") + struct.pack("!H", etype)
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
EOF

# group_stat GROUP FIELD: FIELD (packet_count, bucket1:packet_count, ...)
# of GROUP in dump-group-stats.
group_stat() {
    ofctl dump-group-stats "$T" "$1" | tr ',' '\n' |
        sed -n "s/^ *$2=\([0-9]*\).*/\1/p" | head -1
}

# ---- ALL ------------------------------------------------------------------

echo "all:"
ofctl del-groups "$T" || die "del-groups failed"
ofctl add-group "$T" "group_id=1,type=all,bucket=output:2,bucket=output:3,bucket=set_field:10.9.9.9->ipv4_dst,output:4" \
    || die "add-group 1 failed"
flows "priority=10,in_port=1,udp,tp_dst=1,actions=group:1"
send 1 "$(eth 1 2)/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(sport=7,dport=1)/tag(all1)"
sync 1 2 3 4
check "one frame reaches host 2, host 3 and host 4" \
    eval "[ \$(count 2 all1) = 1 ] && [ \$(count 3 all1) = 1 ] && [ \$(count 4 all1) = 1 ]"
check "host 4's copy has its bucket's set_field: $(sniffed 4 all1 | cut -d' ' -f6-9)" \
    has "$(sniffed 4 all1)" ip_dst=10.9.9.9
check "hosts 2 and 3 get the frame unchanged" \
    eval "has \"\$(sniffed 2 all1)\" ip_dst=10.0.0.2 && has \"\$(sniffed 3 all1)\" ip_dst=10.0.0.2"
check "nothing back to host 1" eval "! seen 1 all1"
ofctl dump-group-stats "$T" 1 >"$DIR/gs" 2>&1
sed 's/^/       | /' "$DIR/gs"
check "dump-group-stats: the group and each bucket counted one packet" \
    eval "grep -q 'group_id=1,.*ref_count=1,packet_count=1,.*bucket0:packet_count=1,.*bucket1:packet_count=1,.*bucket2:packet_count=1' '$DIR/gs'"
ofctl dump-groups "$T" >"$DIR/gd" 2>&1
sed 's/^/       | /' "$DIR/gd"
check "dump-groups shows the group and its buckets" \
    grep -q "group_id=1,type=all,bucket=actions=output:2,bucket=actions=output:3,bucket=actions=set_field:10.9.9.9->ip_dst,output:4" "$DIR/gd"

# ---- INDIRECT and chains ------------------------------------------------------

echo "indirect:"
ofctl add-group "$T" "group_id=2,type=indirect,bucket=push_vlan:0x8100,set_field:4103->vlan_vid,output:3" \
    || fail "add-group 2"
ofctl add-group "$T" "group_id=3,type=all,bucket=group:2,bucket=output:4" \
    || fail "add-group 3 (to group 2)"
flows "priority=10,in_port=1,udp,tp_dst=2,actions=group:2" \
      "priority=10,in_port=1,udp,tp_dst=3,actions=write_actions(output:4,group:2)" \
      "priority=10,in_port=1,udp,tp_dst=4,actions=group:3"
E12=$(eth 1 2)
send 1 "$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(dport=2)/tag(ind1)" \
    "$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(dport=3)/tag(ind2)" \
    "$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(dport=4)/tag(ind3)"
sync 1 2 3 4
check "indirect: host 3 gets the frame with VLAN 7 ($(sniffed 3 ind1 | cut -d' ' -f2-6))" \
    has "$(sniffed 3 ind1)" vlan_vid=7
check "indirect: nobody else gets it" eval "! seen 2 ind1 && ! seen 4 ind1"
check "in the action set the group replaces output:4 (5.10)" \
    eval "seen 3 ind2 && ! seen 4 ind2"
check "a group to a group: host 3 (tagged, through group 2) and host 4" \
    eval "has \"\$(sniffed 3 ind3)\" vlan_vid=7 && has \"\$(sniffed 4 ind3)\" !vlan_vid"
n=$(group_stat 2 ref_count)
check "group 2's ref_count: two flows and group 3 ($n)" test "$n" = 3
n=$(group_stat 2 packet_count)
check "group 2 counted its three packets ($n)" test "$n" = 3

# ---- SELECT ---------------------------------------------------------------

echo "select:"
ofctl add-group "$T" "group_id=4,type=select,bucket=weight:1,actions=output:2,bucket=weight:1,actions=output:3,bucket=weight:2,actions=output:4" \
    || fail "add-group 4"
flows "priority=10,in_port=1,udp,tp_dst=5,actions=group:4"
N_SEL=300
frames=()
for k in $(seq $N_SEL); do
    frames+=("$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp(sport=$((20000 + k)),dport=5)/tag(sel$k)")
done
send 1 "${frames[@]}"
send 1 "${frames[@]}"
sync 1 2 3 4
"$PY" - "$DIR" $N_SEL >"$DIR/select" <<'EOF'
import re, sys
d, n = sys.argv[1], int(sys.argv[2])
where = {}
for h in (2, 3, 4):
    for line in open("%s/sniff-%d" % (d, h)):
        m = re.search(r" tag=sel(\d+) ", line)
        if m:
            where.setdefault(int(m.group(1)), []).append(h)
split = sum(1 for k in where if len(set(where[k])) > 1)
twice = sum(1 for k in where if len(where[k]) == 2)
share = {h: sum(1 for k in where if where[k][0] == h) for h in (2, 3, 4)}
print("flows=%d twice=%d split=%d h2=%d h3=%d h4=%d"
      % (len(where), twice, split, share[2], share[3], share[4]))
EOF
read -r sel <"$DIR/select"
echo "       $sel"
check "every flow arrived twice, at one host only" \
    eval "grep -q 'flows=$N_SEL twice=$N_SEL split=0 ' '$DIR/select'"
h2=$(sed -n 's/.* h2=\([0-9]*\).*/\1/p' "$DIR/select")
h3=$(sed -n 's/.* h3=\([0-9]*\).*/\1/p' "$DIR/select")
h4=$(sed -n 's/.* h4=\([0-9]*\).*/\1/p' "$DIR/select")
# Weights 1:1:2 of 300 flows: 75, 75, 150 (a binomial's deviation is
# under 9 here; allow 4 of them).
check "the shares follow the weights 1:1:2 (75/75/150 +-35): $h2/$h3/$h4" \
    eval "[ ${h2:-0} -ge 40 ] && [ ${h2:-0} -le 110 ] && [ ${h3:-0} -ge 40 ] && [ ${h3:-0} -le 110 ] && [ ${h4:-0} -ge 115 ] && [ ${h4:-0} -le 185 ]"

# ---- FAST_FAILOVER --------------------------------------------------------

echo "fast failover:"
ofctl add-group "$T" "group_id=5,type=ff,bucket=watch_port:2,actions=output:2,bucket=watch_port:3,actions=output:3" \
    || fail "add-group 5"
flows "priority=10,in_port=1,dl_type=0x88b5,actions=group:5"
H2=$(host 2)
# first_after K T0: seconds from T0 to the first stream frame host K saw
# after T0 (empty if none).
first_after() {
    awk -v t0="$2" '$0 ~ /eth_type=0x88b5/ && $1 > t0 { printf "%.3f", $1 - t0; exit }' "$DIR/sniff-$1"
}
ip netns exec "$(host 1)" "$PY" "$DIR/stream.py" eth0 0x88b5 2000 12 &
STREAM=$!
PIDS+=($STREAM)
wait_for 3 grep -q "eth_type=0x88b5" "$DIR/sniff-2" || fail "the stream does not reach host 2"
sleep 0.3
check "the stream goes to host 2 only (bucket 0)" \
    eval "! grep -q 'eth_type=0x88b5' '$DIR/sniff-3'"
t0=$(date +%s.%N)
ip -n "$H2" link set eth0 down
wait_for 3 eval "[ -n \"\$(first_after 3 $t0)\" ]"
t=$(first_after 3 "$t0")
if [ -n "$t" ]; then
    echo "       failover: the stream reached host 3 ${t}s after host 2's link went down"
    # One link poll interval (500 ms) at most; netlink usually tells at
    # once.
    check "host 2's link down: the stream moves to host 3 within a link poll (${t}s)" \
        awk "BEGIN { exit !($t < 0.6) }"
else
    fail "host 2's link down: the stream never reached host 3"
fi
sleep 0.3
t0=$(date +%s.%N)
ip -n "$H2" link set eth0 up
wait_for 3 eval "[ -n \"\$(first_after 2 $t0)\" ]"
t=$(first_after 2 "$t0")
if [ -n "$t" ]; then
    echo "       failback: the stream reached host 2 ${t}s after its link came up"
    check "host 2's link up: the stream comes back to host 2 (${t}s)" \
        awk "BEGIN { exit !($t < 0.6) }"
else
    fail "host 2's link up: the stream never came back to host 2"
fi
sleep 0.3
t1=$(date +%s.%N)
sleep 0.3
check "and leaves host 3 alone again" \
    eval "[ -z \"\$(first_after 3 $t1)\" ]"
stop_pid "$STREAM"
b0=$(group_stat 5 bucket0:packet_count)
b1=$(group_stat 5 bucket1:packet_count)
check "both buckets counted packets ($b0, $b1)" \
    eval "[ ${b0:-0} -gt 100 ] && [ ${b1:-0} -gt 0 ]"

# ---- Deleting groups deletes their flows --------------------------------------

echo "delete:"
ofctl add-flow "$T" "priority=20,send_flow_rem,cookie=0x5e,in_port=1,dl_type=0x88b5,actions=group:5" \
    || fail "add-flow with send_flow_rem"
ofctl del-groups "$T" group_id=5 || fail "del-groups group_id=5"
check "FLOW_REMOVED with reason GROUP_DELETE for the flow that asked" \
    wait_for 3 grep -q "FLOW_REMOVED.*reason=GROUP_DELETE.*cookie=0x5e" "$MON"
check "no flow uses group 5 any more" \
    eval "! ofctl dump-flows '$T' | grep -q 'group:5'"
check "dump-groups no longer lists group 5" \
    eval "! ofctl dump-groups '$T' | grep -q 'group_id=5'"
expect_error "a flow to the deleted group" OFPBAC_BAD_OUT_GROUP \
    add-flow "$T" "actions=group:5"

# ---- Errors -------------------------------------------------------------------

echo "errors:"
expect_error "add an existing group" OFPGMFC_GROUP_EXISTS \
    add-group "$T" "group_id=1,type=all,bucket=output:2"
expect_error "modify a group that does not exist" OFPGMFC_UNKNOWN_GROUP \
    mod-group "$T" "group_id=99,type=all,bucket=output:2"
expect_error "a group to itself" OFPGMFC_LOOP \
    add-group "$T" "group_id=6,type=all,bucket=group:6"
expect_error "a modify that closes a loop (2 -> 3 -> 2)" OFPGMFC_LOOP \
    mod-group "$T" "group_id=2,type=indirect,bucket=group:3"
expect_error "delete a group another forwards to" OFPGMFC_CHAINED_GROUP \
    del-groups "$T" group_id=2
expect_error "a watch in an all group" OFPGMFC_WATCH_UNSUPPORTED \
    add-group "$T" "group_id=6,type=all,bucket=watch_port:2,actions=output:2"
expect_error "a bucket watching a group that does not exist" OFPGMFC_BAD_WATCH \
    add-group "$T" "group_id=6,type=ff,bucket=watch_group:77,actions=output:2"
expect_error "a bucket to a group that does not exist" OFPBAC_BAD_OUT_GROUP \
    add-group "$T" "group_id=6,type=all,bucket=group:77"
expect_error "a flow to a group that does not exist" OFPBAC_BAD_OUT_GROUP \
    add-flow "$T" "actions=write_actions(group:77)"
# What ofctl will not send: patch valid messages.
HEX=$(hex_of parse-group "group_id=6,type=all,bucket=output:2,bucket=output:3")
raw_error "an indirect group with two buckets" 6,1 \
    "${HEX:0:20}02${HEX:22}"
raw_error "an unknown group type" 6,10 "${HEX:0:20}09${HEX:22}"
HEX=$(hex_of parse-group "group_id=6,type=ff,bucket=watch_port:2,actions=output:2")
# watch_port ANY, watch_group ANY: a fast failover bucket with no watch.
raw_error "a fast failover bucket without a watch" 6,13 \
    "${HEX:0:40}ffffffffffffffff${HEX:56}"
# The bucket's length (16 + 16) 8 past the end of the message.
raw_error "a bucket longer than the message" 6,12 "${HEX:0:32}0028${HEX:36}"

# ---- ovs-ofctl -------------------------------------------------------------------

echo "ovs-ofctl:"
if command -v ovs-ofctl >/dev/null 2>&1; then
    TCP=tcp:127.0.0.1:$OFPORT
    ovsctl() {
        ip netns exec "$NS_SW" ovs-ofctl -O OpenFlow13 -t 10 "$@" 2>>"$DIR/ovs-ofctl.err"
    }
    ovsctl dump-groups "$TCP" >"$DIR/ovs-groups"
    sed 's/^/       | /' "$DIR/ovs-groups"
    check "ovs-ofctl dump-groups decodes the groups" \
        eval "grep -q 'group_id=1,type=all,bucket=actions=output:2,bucket=actions=output:3,bucket=actions=set_field:10.9.9.9->ip_dst,output:4' '$DIR/ovs-groups' && grep -q 'group_id=4,type=select,.*bucket=weight:2,actions=output:4' '$DIR/ovs-groups'"
    ovsctl dump-group-stats "$TCP" >"$DIR/ovs-gstats"
    check "ovs-ofctl dump-group-stats decodes the counters" \
        grep -q "group_id=1,duration=.*,packet_count=1,byte_count=60,bucket0:packet_count=1,byte_count=60,bucket1:packet_count=1" "$DIR/ovs-gstats"
    ovsctl dump-group-features "$TCP" >"$DIR/ovs-gfeat"
    check "ovs-ofctl dump-group-features: the four types, weights, liveness, chaining" \
        eval "grep -q 'Types:  0xf' '$DIR/ovs-gfeat' && grep -q 'Capabilities:  0xf' '$DIR/ovs-gfeat' && grep -q 'fast failover group:' '$DIR/ovs-gfeat'"
    check "ovs-ofctl printed no error" eval "! grep -qi 'error\|fail' '$DIR/ovs-ofctl.err'"
else
    note_skip "ovs-ofctl is not installed"
fi

# ---- Delete all -------------------------------------------------------------------

echo "delete all:"
check "del-groups removes every group" ofctl del-groups "$T"
check "dump-groups is empty" eval "! ofctl dump-groups '$T' | grep -q group_id"
check "and the flows that used them are gone" \
    eval "! ofctl dump-flows '$T' | grep -q 'group:'"

finish
