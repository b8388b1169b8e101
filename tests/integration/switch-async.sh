#!/bin/bash
# ofswitch and its controllers: packet-in, packet-out, FLOW_REMOVED,
# PORT_STATUS, barriers and errors, as `ofctl monitor` and ofctl see them.
#
#   tests/integration/switch-async.sh [BUILD_DIR]
#
# Three hosts on ports 1-3.  `ofctl monitor` stays connected to the
# switch's control socket for the whole test and every line it prints is
# kept with the time it came (pkt.py stamp).  Checked:
#   - packet-in with reason ACTION (truncated to max_len, with a buffer
#     id), NO_MATCH (the table and cookie of a table-miss flow in table
#     3, with the metadata written on the way) and INVALID_TTL; none from a
#     port with no-packet-in;
#   - packet-out with data to a port, to FLOOD and to TABLE (the pipeline
#     runs), and with the buffer id of a packet-in (the whole frame goes
#     out); an unknown buffer id is OFPBRC_BUFFER_UNKNOWN;
#   - idle and hard timeouts expiring on time (an idle flow kept alive by
#     traffic stays), FLOW_REMOVED with reason IDLE_TIMEOUT, HARD_TIMEOUT
#     or DELETE only for flows with send_flow_rem;
#   - barriers: a flow is in place for the first packet after add-flow
#     returns; the errors of a 5000-flow add-flows all come before its
#     barrier's reply, and the rest of the flows are in;
#   - PORT_STATUS within a second of the peer's link going down and up,
#     and after mod-port down/up;
#   - the exact errors for flows the switch cannot take (goto_table
#     backwards, a table that does not exist, groups, meters, overlap with
#     check_overlap, a full table).

. "$(dirname "$0")/switch-lib.bash" "$@"

topo 3 noaddr
start_switch
sniff 1
sniff 2
sniff 3
MON=$DIR/monitor
$PKT stamp "$MON" "$OFCTL" -t 300 monitor "$T" &
PIDS+=($!)
wait_for 5 grep -q "accepted connection" "$DIR/ofswitch.log" || true
sleep 0.3

E12=$(eth 1 2)

# mon_wait SECS PATTERN: waits for a monitor line matching PATTERN.
mon_wait() {
    wait_for "$1" grep -q -E -- "$2" "$MON"
}

# mon_line PATTERN: the first monitor line matching PATTERN, without time.
mon_line() {
    grep -E -- "$1" "$MON" | head -1 | cut -d' ' -f2-
}

# mon_time PATTERN: the time of the first monitor line matching PATTERN.
mon_time() {
    grep -E -- "$1" "$MON" | head -1 | cut -d' ' -f1
}

# ---- packet-in -------------------------------------------------------------

echo "packet-in:"
flows "table=0,cookie=0x11,in_port=1,udp,actions=CONTROLLER:32" \
      "table=0,cookie=0x12,in_port=1,tcp,actions=write_metadata:0x5a,goto_table:3" \
      "table=3,cookie=0x33,priority=0,actions=CONTROLLER:65535" \
      "table=0,cookie=0x77,priority=40000,ip,nw_dst=198.51.100.1,actions=dec_ttl,output:2"
send 1 "$E12/ipv4(src=192.0.2.11)/udp(sport=1111)/tag(pin1)" \
    "$E12/ipv4(src=192.0.2.12)/tcp(sport=2222)/tag(pin2)" \
    "$E12/ipv4(src=192.0.2.13,dst=198.51.100.1,ttl=1)/tcp()/tag(pin3)"

# 32 bytes of the frame do not reach its IPv4 source: the cookie tells.
if mon_wait 3 "PACKET_IN.*reason=ACTION.*cookie=0x11"; then
    line=$(mon_line "PACKET_IN.*reason=ACTION.*cookie=0x11")
    check "reason=ACTION from table 0, cookie 0x11: $line" \
        has "$line" in_port=1 table=0 cookie=0x11 total_len=60
    BUF=$(echo "$line" | sed -n 's/.*buffer_id=\(0x[0-9a-f]*\|[0-9][0-9]*\).*/\1/p')
    check "max_len 32: a buffer id and 32 bytes of the frame ($line)" \
        test -n "$BUF" -a -n "$(echo "$line" | grep -E 'data_len=32\b')"
else
    fail "no PACKET_IN with reason ACTION"
    BUF=
fi
if mon_wait 3 "PACKET_IN.*reason=NO_MATCH.*ipv4_src=192.0.2.12"; then
    line=$(mon_line "PACKET_IN.*reason=NO_MATCH.*ipv4_src=192.0.2.12")
    check "reason=NO_MATCH from the table-miss flow of table 3" \
        has "$line" table=3 cookie=0x33 buffer_id=none total_len=60
    check "its match holds the metadata written in table 0" \
        grep -q -E "match=.*metadata=0x5a" <<<"$line"
else
    fail "no PACKET_IN with reason NO_MATCH"
fi
if mon_wait 3 "PACKET_IN.*reason=INVALID_TTL.*ipv4_src=192.0.2.13"; then
    line=$(mon_line "PACKET_IN.*reason=INVALID_TTL")
    check "reason=INVALID_TTL from dec_ttl at TTL 1 (cookie 0x77)" \
        has "$line" table=0 cookie=0x77
else
    fail "no PACKET_IN with reason INVALID_TTL"
fi
sync 1 2 3
check "the frame whose TTL ran out was not forwarded" eval "! seen 2 pin3"

# A port with no-packet-in sends none (the frames go to the cookie 0x11
# flow: one packet-in so far).
ofctl mod-port "$T" 1 no-packet-in || fail "mod-port 1 no-packet-in"
send 1 "$E12/ipv4(src=192.0.2.14)/udp()/tag(pin4)"
sync 1 2
ofctl mod-port "$T" 1 packet-in || fail "mod-port 1 packet-in"
send 1 "$E12/ipv4(src=192.0.2.15)/udp()/tag(pin5)"
wait_for 3 eval '[ $(grep -c "PACKET_IN.*cookie=0x11" "$MON") -ge 2 ]' \
    || fail "no packet-in after mod-port packet-in"
sleep 0.2
n=$(grep -c "PACKET_IN.*cookie=0x11" "$MON")
check "no-packet-in: no packet-in from the port, one again after packet-in ($n of 3 frames)" \
    test "$n" = 2

# ---- packet-out ------------------------------------------------------------

echo "packet-out:"
if [ -n "$BUF" ]; then
    if ofctl packet-out "$T" "in_port=1,buffer_id=$BUF,actions=output:2" 2>"$DIR/err"; then
        if wait_seen 2 pin1; then
            check "packet-out with the buffer id of the packet-in: the whole frame" \
                has "$(sniffed 2 pin1)" len=60 ip_src=192.0.2.11 l4_csum=ok
        else
            fail "packet-out buffer_id=$BUF: nothing arrived at host 2"
        fi
    else
        fail "packet-out buffer_id=$BUF refused: $(cat "$DIR/err")"
    fi
fi
ofctl packet-out "$T" "in_port=1,buffer_id=0x7ffffff0,actions=output:2" 2>"$DIR/err"
check "packet-out with an unknown buffer id: OFPBRC_BUFFER_UNKNOWN" \
    grep -q OFPBRC_BUFFER_UNKNOWN "$DIR/err"

HEX=$($PKT hex "$E12/ipv4()/udp(dport=7)/tag(pout1)")
if ofctl packet-out "$T" "in_port=CONTROLLER,actions=output:2,packet=$HEX" \
        2>"$DIR/err" && wait_seen 2 pout1; then
    check "packet-out with data: delivered unchanged" \
        test "$(sniffed 2 pout1 | cut -d' ' -f2-)" = "$($PKT decode "$HEX")"
else
    fail "packet-out to port 2: $(cat "$DIR/err")"
fi
HEX=$($PKT hex "$E12/ipv4()/udp(dport=7)/tag(pout2)")
ofctl packet-out "$T" "in_port=CONTROLLER,actions=FLOOD,packet=$HEX" \
    || fail "packet-out FLOOD refused"
if wait_seen 1 pout2 && wait_seen 2 pout2 && wait_seen 3 pout2; then
    pass "packet-out from CONTROLLER to FLOOD: every port"
else
    fail "packet-out FLOOD: host1 $(count 1 pout2) host2 $(count 2 pout2) host3 $(count 3 pout2)"
fi
HEX=$($PKT hex "$(eth 1 2)/ipv4()/udp(dport=7)/tag(pout4)")
ofctl packet-out "$T" "in_port=2,actions=IN_PORT,packet=$HEX" \
    || fail "packet-out IN_PORT refused"
check "packet-out with in_port=2 to IN_PORT: back out of port 2 only" \
    eval "wait_seen 2 pout4 && sync 1 3 && ! seen 1 pout4 && ! seen 3 pout4"
flows "in_port=1,actions=output:3"
HEX=$($PKT hex "$E12/ipv4()/udp(dport=7)/tag(pout3)")
ofctl packet-out "$T" "in_port=1,actions=TABLE,packet=$HEX" \
    || fail "packet-out TABLE refused"
if wait_seen 3 pout3 && ! seen 2 pout3; then
    pass "packet-out to TABLE: the flow for in_port=1 sends it to port 3"
else
    fail "packet-out to TABLE: host 3 $(count 3 pout3), host 2 $(count 2 pout3)"
fi
n=$(n_packets "in_port=1")
check "packet-out to TABLE counts on the flow (n_packets=$n)" test "$n" = 1

# ---- timeouts and FLOW_REMOVED --------------------------------------------

echo "timeouts:"
flows "cookie=0x101,idle_timeout=1,send_flow_rem,dl_type=0x1231,actions=drop" \
      "cookie=0x102,hard_timeout=2,send_flow_rem,dl_type=0x1232,actions=drop" \
      "cookie=0x103,idle_timeout=2,send_flow_rem,dl_type=0x1233,actions=drop" \
      "cookie=0x104,idle_timeout=1,dl_type=0x1234,actions=drop" \
      "cookie=0x105,send_flow_rem,dl_type=0x1235,actions=drop"
T0=$(date +%s.%N)
# Traffic for 0x102 and 0x103 every 0.3 s for 3 s.
for i in $(seq 10); do
    send 1 "eth(type=0x1232)/tag(h$i)" "eth(type=0x1233)/tag(i$i)"
    sleep 0.25
done
alive=$(ofctl dump-flows "$T" | grep -c "cookie=0x103")
check "an idle_timeout=2 flow with traffic every 0.3 s is there after 3 s" test "$alive" = 1
gone=$(ofctl dump-flows "$T" | grep -c "cookie=0x10[124]")
check "idle_timeout=1, hard_timeout=2 flows are gone after 3 s" test "$gone" = 0
ofctl del-flows "$T" "cookie=0x105/-1" || fail "del-flows cookie=0x105"
mon_wait 5 "FLOW_REMOVED.*cookie=0x103" || true

line=$(mon_line "FLOW_REMOVED.*cookie=0x101")
t=$(awk -v a="$(mon_time "FLOW_REMOVED.*cookie=0x101")" -v b="$T0" 'BEGIN { printf "%.2f", a - b }')
check "idle_timeout=1: FLOW_REMOVED reason=IDLE_TIMEOUT after ${t}s (1-2 s)" \
    eval "has '$line' reason=IDLE_TIMEOUT idle_timeout=1 n_packets=0 && awk 'BEGIN { exit !($t >= 0.9 && $t <= 2.2) }'"
line=$(mon_line "FLOW_REMOVED.*cookie=0x102")
t=$(awk -v a="$(mon_time "FLOW_REMOVED.*cookie=0x102")" -v b="$T0" 'BEGIN { printf "%.2f", a - b }')
check "hard_timeout=2 despite traffic: FLOW_REMOVED reason=HARD_TIMEOUT after ${t}s (2-3 s)" \
    eval "has '$line' reason=HARD_TIMEOUT hard_timeout=2 && awk 'BEGIN { exit !($t >= 1.9 && $t <= 3.2) }'"
check "hard timeout: its FLOW_REMOVED counts the traffic ($line)" \
    eval "grep -q -E 'n_packets=[1-9]' <<<'$line'"
line=$(mon_line "FLOW_REMOVED.*cookie=0x103")
check "idle_timeout=2: FLOW_REMOVED reason=IDLE_TIMEOUT once traffic stops ($line)" \
    has "$line" reason=IDLE_TIMEOUT n_packets=10
line=$(mon_line "FLOW_REMOVED.*cookie=0x105")
check "del-flows: FLOW_REMOVED reason=DELETE" has "$line" reason=DELETE
check "a flow without send_flow_rem expires silently" \
    eval "! grep -q 'FLOW_REMOVED.*cookie=0x104' '$MON'"

# ---- barriers ---------------------------------------------------------------

echo "barriers:"
flows
for i in 1 2 3; do
    ofctl add-flow "$T" "priority=$((100 + i)),udp,udp_dst=$((900 + i)),actions=output:2" \
        || fail "add-flow"
    send 1 "$E12/ipv4()/udp(dport=$((900 + i)))/tag(bar$i)"
done
sync 1 2
check "a flow is in place for the first packet after add-flow returns (3 of 3)" \
    eval "seen 2 bar1 && seen 2 bar2 && seen 2 bar3"
{
    for i in $(seq 5000); do
        case $i in
            1000) echo "priority=5,actions=group:7" ;;
            2500) echo "table=70,priority=5,actions=drop" ;;
            4999) echo "priority=5,actions=group:9" ;;
            *) echo "priority=10,ip,nw_dst=10.$((i / 250)).$((i % 250)).1,actions=output:2" ;;
        esac
    done
} >"$DIR/many.txt"
flows
ofctl add-flows "$T" "$DIR/many.txt" >"$DIR/out" 2>"$DIR/err"
rc=$?
check "add-flows of 5000 with 3 bad: exit 1, every error reported before the barrier reply" \
    eval "[ $rc = 1 ] && grep -q 'many.txt:1000: .*OFPBAC_BAD_OUT_GROUP' '$DIR/err' && grep -q 'many.txt:2500: .*OFPFMFC_BAD_TABLE_ID' '$DIR/err' && grep -q 'many.txt:4999: .*OFPBAC_BAD_OUT_GROUP' '$DIR/err'"
n=$(ofctl dump-aggregate "$T" | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
expect=$((4997 + N_HOSTS + 1))
check "the 4997 good flows are in (flow_count=$n, with the sync flows $expect)" test "$n" = "$expect"

# The same on the wire: the errors for requests 1 and 3 come, in order,
# before the barrier's reply; request 2 (good) gets no answer.
flowmod_hex() {
    hex_of parse-flow "$1"
}
ofraw "$T" "$(flowmod_hex 'priority=5,actions=group:7')" \
    "$(flowmod_hex 'priority=5,actions=drop')" \
    "$(flowmod_hex 'table=70,priority=5,actions=drop')" >"$DIR/raw" 2>&1
check "errors in order, then the barrier reply: $(tr '\n' ';' <"$DIR/raw")" \
    test "$(tr '\n' ';' <"$DIR/raw")" = "type=1 xid=1 error=2,9;type=1 xid=3 error=5,2;type=21 xid=65535;"

# ---- PORT_STATUS ---------------------------------------------------------

echo "port status:"
H2=$(host 2)
t0=$(date +%s.%N)
ip -n "$H2" link set eth0 down
if mon_wait 3 "PORT_STATUS.*MODIFY.*2\\(p2\\).*LINK_DOWN"; then
    t=$(awk -v a="$(mon_time "PORT_STATUS.*2\\(p2\\).*LINK_DOWN")" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
    check "peer link down: PORT_STATUS MODIFY, state LINK_DOWN, after ${t}s (< 1 s)" \
        awk "BEGIN { exit !($t < 1.0) }"
else
    fail "peer link down: no PORT_STATUS within 3 s"
fi
n_live=$(grep -c "PORT_STATUS.*2(p2).*LIVE" "$MON")
t0=$(date +%s.%N)
ip -n "$H2" link set eth0 up
if wait_for 3 eval "[ \$(grep -c 'PORT_STATUS.*2(p2).*state: LIVE' '$MON') -gt $n_live ]"; then
    t=$(awk -v a="$(grep 'PORT_STATUS.*2(p2).*state: LIVE' "$MON" | tail -1 | cut -d' ' -f1)" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
    check "peer link up: PORT_STATUS MODIFY, state LIVE, after ${t}s (< 1 s)" \
        awk "BEGIN { exit !($t < 1.0) }"
else
    fail "peer link up: no PORT_STATUS within 3 s"
fi
check "dump-ports-desc: port 2 LIVE again" eval "ofctl dump-ports-desc '$T' | grep -A2 '^ 2(p2)' | grep -q LIVE"
check "frames reach host 2 again" sync 1 2
n_mod=$(grep -c "PORT_STATUS.*3(p3)" "$MON")
ofctl mod-port "$T" 3 down || fail "mod-port 3 down"
check "mod-port 3 down: PORT_STATUS with config PORT_DOWN" \
    wait_for 2 eval "grep 'PORT_STATUS.*3(p3)' '$MON' | tail -n +$((n_mod + 1)) | grep -q 'config: PORT_DOWN'"
ofctl mod-port "$T" 3 up || fail "mod-port 3 up"
check "mod-port 3 up: PORT_STATUS with config 0" \
    wait_for 2 eval "grep 'PORT_STATUS.*3(p3)' '$MON' | tail -n +$((n_mod + 2)) | grep -q 'config: 0'"
wait_for 3 eval "ofctl dump-ports-desc '$T' | grep -A2 '^ 3(p3)' | grep -q LIVE"
check "frames reach host 3 again" sync 1 3

# ---- errors -------------------------------------------------------------------

echo "errors:"
# ofctl refuses to send goto_table backwards: patch a forward one.
HEX=$(flowmod_hex 'table=5,actions=goto_table:6' | sed 's/0001000806/0001000802/')
ofraw "$T" "$HEX" >"$DIR/raw" 2>&1
check "goto_table backwards (table 5 to 2): OFPBIC_BAD_TABLE_ID: $(head -1 "$DIR/raw")" \
    grep -q "^type=1 xid=1 error=3,2$" "$DIR/raw"
expect_error "a table beyond --tables" OFPFMFC_BAD_TABLE_ID \
    add-flow "$T" "table=64,actions=drop"
expect_error "output to a group (none exist)" OFPBAC_BAD_OUT_GROUP \
    add-flow "$T" "actions=group:1"
ofctl add-flow "$T" "priority=7,ip,actions=drop" || fail "add-flow priority=7,ip"
expect_error "check_overlap" OFPFMFC_OVERLAP \
    add-flow "$T" "check_overlap,priority=7,ip,nw_src=10.0.0.1,actions=drop"
expect_error "set_field on a field the match does not allow" OFPBAC_MATCH_INCONSISTENT \
    add-flow "$T" "arp,actions=set_field:1.2.3.4->ipv4_src"

# A small switch with room for 5 flows a table, 1 group of each type and
# 1 meter.
ip netns exec "$NS_SW" "$OFSWITCH" --name small$ID --no-local --ctl "$DIR/small.ctl" \
    --max-flows 5 --max-groups 1 --max-meters 1 >>"$DIR/small.log" 2>&1 &
PIDS+=($!)
wait_for 10 "$OFCTL" -t 1 probe "unix:$DIR/small.ctl" || fail "the small switch does not answer"
for i in 1 2 3 4 5; do
    ofctl add-flow "unix:$DIR/small.ctl" "priority=$i,actions=drop" || fail "flow $i of 5"
done
expect_error "a sixth flow in a table of 5" OFPFMFC_TABLE_FULL \
    add-flow "unix:$DIR/small.ctl" "priority=6,actions=drop"
ofctl add-flow "unix:$DIR/small.ctl" "table=1,priority=6,actions=drop" \
    && pass "table 1 still has room" || fail "table 1 refused a flow"
ofctl add-group "unix:$DIR/small.ctl" "group_id=1,type=all,bucket=output:1" ||
    fail "the one all group"
expect_error "a second all group with room for one" OFPGMFC_OUT_OF_GROUPS \
    add-group "unix:$DIR/small.ctl" "group_id=2,type=all,bucket=output:1"
ofctl add-group "unix:$DIR/small.ctl" "group_id=3,type=indirect,bucket=output:1" \
    && pass "an indirect group still has room" || fail "the indirect group was refused"
ofctl add-meter "unix:$DIR/small.ctl" "meter=1,kbps,bands=type=drop,rate=1000" ||
    fail "the one meter"
expect_error "a second meter with room for one" OFPMMFC_OUT_OF_METERS \
    add-meter "unix:$DIR/small.ctl" "meter=2,kbps,bands=type=drop,rate=1000"

finish
