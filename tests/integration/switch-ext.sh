#!/bin/bash
# ofctl's ofswitch verbs: add-port and del-port at run time, trace,
# dump-switch, and what they say to a switch that is not ofswitch.
#
#   tests/integration/switch-ext.sh [BUILD_DIR]
#
# Two hosts on ports 1 and 2 (10.0.0.1, 10.0.0.2); a third host's veth
# (p3) exists in the switch's namespace but is not a port until add-port.
# `ofctl monitor` watches for PORT_STATUS.  Checked:
#   - add-port p3: "added port 3", PORT_STATUS ADD, the port in
#     dump-ports-desc, ping to host 3 through it; del-port: PORT_STATUS
#     DELETE, the port gone, ping fails; add-port p3=9 gives number 9 and
#     the other ports keep theirs; a later add-port without a number gets
#     the number after the highest given; refusals (a port twice, an
#     interface that does not exist, the LOCAL port, a port that is not)
#     exit 1 with the switch's reason;
#   - trace: names each table, the flow that matched (priority, match,
#     cookie), its instructions and actions and the output port; a miss
#     says the packet is dropped; a raw packet (packet=HEX) traces the
#     same; tracing sends nothing and counts nothing; a bad flow exits 1;
#   - dump-switch: the ports with their interface class, flows per table;
#   - ports deleted and added ten times during a ping flood: forwarding
#     between the other ports goes on; ofswitch refuses to start on an
#     interface that does not exist;
#   - on the wire, an unknown experimenter id or ofkit exp_type gets
#     OFPBRC_BAD_EXPERIMENTER or OFPBRC_BAD_EXP_TYPE;
#   - against Open vSwitch (when installed), each verb exits 1 saying the
#     switch is not ofswitch (OFPBRC_BAD_EXPERIMENTER).

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping

topo 2
start_switch
add_host 3
MON=$DIR/monitor
$PKT stamp "$MON" "$OFCTL" -t 300 monitor "$T" &
PIDS+=($!)
sleep 0.3

ping_ok() {
    ip netns exec "$1" ping -q -c 2 -i 0.2 -W 1 "$2" >/dev/null 2>&1
}

# out_has NAME TEXT COMMAND...: COMMAND exits 0 and prints TEXT.
out_has() {
    local name=$1 text=$2
    shift 2
    if "$@" >"$DIR/out" 2>"$DIR/err" && grep -q -F -- "$text" "$DIR/out"; then
        pass "$name"
    else
        fail "$name: $(head -3 "$DIR/out" "$DIR/err" | tr '\n' ' ')"
    fi
}

# err_has NAME TEXT COMMAND...: COMMAND exits 1 and says TEXT on stderr.
err_has() {
    local name=$1 text=$2 rc
    shift 2
    "$@" >"$DIR/out" 2>"$DIR/err"
    rc=$?
    if [ $rc = 1 ] && grep -q -F -- "$text" "$DIR/err"; then
        pass "$name"
    else
        fail "$name: exit $rc: $(head -3 "$DIR/err" | tr '\n' ' ')"
    fi
}

ports_desc() {
    ofctl dump-ports-desc "$T" | grep -o '^ [0-9A-Z]*([^)]*)' | tr -d ' ' | tr '\n' ' '
}

echo "add-port and del-port:"
flows "actions=FLOOD"
check "before add-port: no way to host 3" eval "! ping_ok $(host 1) 10.0.0.3"
out_has "add-port p3: added port 3" "added port 3: p3" ofctl add-port "$T" p3
check "PORT_STATUS ADD for 3(p3)" wait_for 2 grep -q "PORT_STATUS.*ADD: 3(p3)" "$MON"
check "dump-ports-desc lists it: $(ports_desc)" test "$(ports_desc)" = "1(p1) 2(p2) 3(p3) LOCAL(ofk$ID) "
check "ping host 1 -> host 3 through the new port" wait_for 5 ping_ok "$(host 1)" 10.0.0.3
err_has "add-port p3 again: refused" "already exists" ofctl add-port "$T" p3
err_has "add-port of an interface that does not exist" "no such interface" \
    ofctl add-port "$T" nosuch0
err_has "add-port p1=7 (p1 is a port already)" "already exists" ofctl add-port "$T" p1=7
out_has "del-port p3: removed port 3" "removed port 3: p3" ofctl del-port "$T" p3
check "PORT_STATUS DELETE for 3(p3)" wait_for 2 grep -q "PORT_STATUS.*DELETE: 3(p3)" "$MON"
check "dump-ports-desc without it: $(ports_desc)" test "$(ports_desc)" = "1(p1) 2(p2) LOCAL(ofk$ID) "
check "ping host 1 -> host 3 fails again" eval "! ping_ok $(host 1) 10.0.0.3"
check "ping host 1 -> host 2 still works" ping_ok "$(host 1)" 10.0.0.2
out_has "add-port p3=9: added port 9" "added port 9: p3" ofctl add-port "$T" p3=9
check "ports keep their numbers: $(ports_desc)" test "$(ports_desc)" = "1(p1) 2(p2) 9(p3) LOCAL(ofk$ID) "
check "ping host 1 -> host 3 through port 9" wait_for 5 ping_ok "$(host 1)" 10.0.0.3
out_has "del-port 9 (by number)" "removed port 9: p3" ofctl del-port "$T" 9
out_has "add-port p3 without a number: 10, after the highest given" "added port 10: p3" \
    ofctl add-port "$T" p3
err_has "del-port of a port that is not" "no port '42'" ofctl del-port "$T" 42
err_has "del-port of the LOCAL port" "cannot be removed" ofctl del-port "$T" "ofk$ID"
err_has "add-port with a bad number" "port number" ofctl add-port "$T" p4=x

# Ports come and go while traffic floods through all of them: the switch
# keeps forwarding between the ports that stay (and, in the sanitizer
# build, touches no freed port).
ip netns exec "$(host 1)" ping -q -i 0.01 -w 4 10.0.0.2 >"$DIR/ping.out" 2>&1 &
PING_PID=$!
PIDS+=($PING_PID)
churn_ok=1
for i in $(seq 10); do
    ofctl del-port "$T" p3 >/dev/null 2>&1 || churn_ok=0
    ofctl add-port "$T" p3 >/dev/null 2>&1 || churn_ok=0
done
wait "$PING_PID"
check "10 del-port/add-port rounds during a ping flood: all done" test $churn_ok = 1
loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$DIR/ping.out")
check "and host 1 -> host 2 kept going (${loss:-?}% loss)" \
    awk "BEGIN { exit !(\"${loss:-100}\" + 0 < 5) }"
check "the switch still answers" ofctl probe "$T"
check "ofswitch --port with an interface that does not exist: exit 1, saying so" \
    eval "! ip netns exec '$NS_SW' '$OFSWITCH' --no-local --ctl none --port nosuch0 >'$DIR/out' 2>&1 && grep -q \"cannot open 'nosuch0'\" '$DIR/out'"

echo "trace:"
flows "table=0,cookie=0xa1,priority=10,in_port=1,ip,actions=write_metadata:0x7/0xff,goto_table:1" \
      "table=1,cookie=0xb2,priority=20,metadata=0x7/0xff,ip,nw_dst=10.0.0.2,actions=dec_ttl,output:2"
ofctl trace "$T" "in_port=1,ip,nw_src=10.0.0.1,nw_dst=10.0.0.2" >"$DIR/trace" 2>&1
sed 's/^/       | /' "$DIR/trace"
check "trace names table 0 and its flow (priority 10, cookie 0xa1)" \
    eval "grep -q '^table 0:' '$DIR/trace' && grep -A1 '^table 0:' '$DIR/trace' | grep -q 'matched priority=10.*in_port=1.*cookie=0xa1'"
check "trace shows write_metadata and goto_table:1" \
    eval "grep -q 'write_metadata' '$DIR/trace' && grep -q 'goto_table:1' '$DIR/trace'"
check "trace names table 1 and its flow (priority 20, cookie 0xb2)" \
    eval "grep -q '^table 1:.*metadata=0x7' '$DIR/trace' && grep -A1 '^table 1:' '$DIR/trace' | grep -q 'matched priority=20.*cookie=0xb2'"
check "trace shows dec_ttl and the output to port 2" \
    eval "grep -q 'dec_ttl' '$DIR/trace' && grep -q 'output to 2' '$DIR/trace'"
ofctl trace "$T" "in_port=1,ip,nw_dst=10.0.0.9" >"$DIR/trace2" 2>&1
check "a miss in table 1: 'no match: packet dropped'" \
    eval "grep -A1 '^table 1:' '$DIR/trace2' | grep -q 'no match: packet dropped'"
sniff 2
HEX=$($PKT hex "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp()/tag(traced)")
ofctl trace "$T" "in_port=1,packet=$HEX" >"$DIR/trace3" 2>&1
check "a raw packet (packet=HEX) takes the same path" \
    eval "grep -q 'cookie=0xa1' '$DIR/trace3' && grep -q 'cookie=0xb2' '$DIR/trace3' && grep -q 'output to 2' '$DIR/trace3'"
sync 1 2
check "tracing sends nothing" eval "! seen 2 traced"
check "tracing counts nothing (n_packets=0)" test "$(n_packets "table=1,cookie=0xb2/-1")" = 0
err_has "trace of a flow with an unknown field" "frobnicate" \
    ofctl trace "$T" "in_port=1,frobnicate=1"

echo "dump-switch:"
ofctl dump-switch "$T" >"$DIR/show" 2>&1
sed 's/^/       | /' "$DIR/show"
check "dump-switch: ports with their class" \
    eval "grep -q 'port 1: p1 (afpacket)' '$DIR/show' && grep -q 'port LOCAL: ofk$ID (tap)' '$DIR/show'"
check "dump-switch: flows per table" \
    eval "grep -q 'table 0: $((N_HOSTS + 2)) flows' '$DIR/show' && grep -q 'table 1: 1 flows' '$DIR/show'"

# The switch side of the protocol, on the wire: an experimenter id that is
# not ofkit's is OFPBRC_BAD_EXPERIMENTER (1,3), an exp_type ofkit does not
# know is OFPBRC_BAD_EXP_TYPE (1,4), and the connection goes on.
ip netns exec "$NS_SW" "$PY" "$HERE/ofraw.py" "$T" 0404001000000000002320000000000a \
    0404001000000000004f4b5400000063 >"$DIR/raw" 2>&1
check "experimenter messages ofswitch does not know: $(tr '\n' ';' <"$DIR/raw")" \
    test "$(tr '\n' ';' <"$DIR/raw")" = "type=1 xid=1 error=1,3;type=1 xid=2 error=1,4;type=21 xid=65535;"

# ---- Against a switch that is not ofswitch -------------------------------

echo "Open vSwitch:"
if command -v ovs-vswitchd >/dev/null 2>&1 && [ -r /usr/share/openvswitch/vswitch.ovsschema ]; then
    NS_OVS=ofk$ID-ovs
    add_ns "$NS_OVS"
    OVSDIR=$DIR/ovs
    mkdir -p "$OVSDIR"
    # Our own run, log and database directories: a system Open vSwitch
    # is never touched.
    export OVS_RUNDIR=$OVSDIR OVS_LOGDIR=$OVSDIR OVS_DBDIR=$OVSDIR \
        OVS_SYSCONFDIR=$OVSDIR
    VSCTL="ovs-vsctl --db=unix:$OVSDIR/db.sock --timeout=10"
    ovsdb-tool create "$OVSDIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ovsdb-server "$OVSDIR/conf.db" --remote=punix:"$OVSDIR/db.sock" \
        --pidfile="$OVSDIR/ovsdb-server.pid" --unixctl="$OVSDIR/ovsdb-server.ctl" \
        --log-file="$OVSDIR/ovsdb-server.log" --detach --no-chdir 2>>"$OVSDIR/err" \
        && PIDS+=("$(cat "$OVSDIR/ovsdb-server.pid")")
    $VSCTL --no-wait init
    ip netns exec "$NS_OVS" ovs-vswitchd unix:"$OVSDIR/db.sock" \
        --pidfile="$OVSDIR/ovs-vswitchd.pid" --unixctl="$OVSDIR/ovs-vswitchd.ctl" \
        --log-file="$OVSDIR/ovs-vswitchd.log" --detach --no-chdir 2>>"$OVSDIR/err" \
        && PIDS+=("$(cat "$OVSDIR/ovs-vswitchd.pid")")
    $VSCTL add-br ovsbr -- set bridge ovsbr datapath_type=netdev \
        fail_mode=secure protocols=OpenFlow13 >/dev/null
    OVS_T=unix:$OVSDIR/ovsbr.mgmt
    if wait_for 10 "$OFCTL" -t 1 probe "$OVS_T"; then
        for verb in "add-port $OVS_T p1" "del-port $OVS_T p1" \
                    "trace $OVS_T in_port=1,ip" "dump-switch $OVS_T"; do
            err_has "ofctl ${verb%% *} on Open vSwitch: not ofswitch (OFPBRC_BAD_EXPERIMENTER)" \
                "is not ofswitch" ofctl $verb
        done
        sed 's/^/       | /' "$DIR/err"
        check "ofctl show still works on Open vSwitch" "$OFCTL" -t 5 show "$OVS_T"
    else
        fail "Open vSwitch does not answer on $OVS_T"
    fi
    $VSCTL --if-exists del-br ovsbr
else
    note_skip "Open vSwitch is not installed: no check against a switch that is not ofswitch"
fi

finish
