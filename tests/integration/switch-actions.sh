#!/bin/bash
# ofswitch's actions and instructions, on real frames.
#
#   tests/integration/switch-actions.sh [BUILD_DIR]
#
# Three hosts on ports 1-3 and a sniffer on the LOCAL port (the switch's
# tap).  For each case the flows are installed with ofctl, host 1 sends
# one frame, and the test checks what each host and LOCAL received: the
# frame exactly once with the given header values and good checksums, or
# nothing.  Families: output to a port, to several, IN_PORT, FLOOD, ALL,
# LOCAL, drop, and never back out of the input port; set_field on
# Ethernet, ARP, IPv4 (addresses, DSCP, ECN), IPv6 (addresses, label),
# TCP, UDP, SCTP and ICMP fields with checksums fixed up; push_vlan,
# pop_vlan and set_field on VLAN id and priority; push_mpls, pop_mpls and
# the MPLS TTL; dec_ttl and set_nw_ttl on IPv4 and IPv6 (TTL 1 is
# dropped); the action set (write_actions, clear_actions) executed in the
# spec's order and overwritten by later tables; apply_actions in list
# order; goto_table matching the rewritten packet; port config
# no-forward and no-receive.

. "$(dirname "$0")/switch-lib.bash" "$@"

topo 3 noaddr
start_switch
sniff 1
sniff 2
sniff 3
sniff L

E12=$(eth 1 2)
UDP="$E12/ipv4(src=192.0.2.1,dst=192.0.2.2,ttl=64)/udp(sport=1000,dport=2000)"
N=0

# acase NAME FRAME EXPECT FLOW...: installs FLOWs, sends FRAME (plus a tag)
# from host 1 and checks EXPECT, a list of K:WORDS (K a host or L; WORDS
# comma-separated KEY=VALUE words the frame must show, !KEY for a header
# it must not have, or "-" when K must not receive the frame).
acase() {
    local name=$1 frame=$2 expects=$3 e k words line n bad="" want
    local -A before=() wanted=()
    shift 3
    N=$((N + 1))
    flows "$@"
    for k in 1 2 3 L; do
        before[$k]=$(wc -l <"$DIR/sniff-$k")
        wanted[$k]=0
    done
    send 1 "$frame/tag(a$N)"
    sync 1 ${SYNC_TO:-2 3 L} || { fail "$name: no sync"; return; }
    for e in $expects; do
        k=${e%%:*}
        words=${e#*:}
        [ "$words" = - ] && continue
        wanted[$k]=1
        # Host 1 is not synced (no frame goes back out of its port but
        # by IN_PORT): wait for it.
        [ "$k" = 1 ] && wait_seen 1 "a$N"
        line=$(sniffed "$k" "a$N")
        if [ -z "$line" ]; then
            continue
        fi
        case "$line" in
            *csum=bad*) bad="$bad; host $k: bad checksum: $line" ;;
        esac
        has "$line" ${words//,/ } >"$DIR/has.out" || bad="$bad; host $k: $(cat "$DIR/has.out")"
    done
    # Every host and LOCAL received exactly what was expected: the frame
    # once, or nothing at all (whether or not its tag is readable).
    for k in 1 2 3 L; do
        n=$(tail -n +$((before[$k] + 1)) "$DIR/sniff-$k" | grep -vc " tag=sync")
        if [ "$n" != "${wanted[$k]}" ]; then
            bad="$bad; host $k received $n frames, expected ${wanted[$k]}"
        fi
    done
    if [ -z "$bad" ]; then
        pass "$name"
    else
        fail "$name${bad}"
    fi
}

echo "output:"
acase "output:2" "$UDP" "1:- 2:eth_dst=02:00:00:00:00:02 3:- L:-" \
    "in_port=1,actions=output:2"
acase "output:2,output:3" "$UDP" "2: 3: L:-" "in_port=1,actions=output:2,output:3"
acase "IN_PORT sends the frame back" "$UDP" "1:ip_ttl=64 2:- 3:-" \
    "in_port=1,actions=IN_PORT"
acase "output to the input port is dropped (4.5)" "$UDP" "1:- 2:" \
    "in_port=1,actions=output:1,output:2"
acase "FLOOD: every port but the input port" "$UDP" "1:- 2: 3: L:" \
    "in_port=1,actions=FLOOD"
acase "ALL: every port but the input port" "$UDP" "1:- 2: 3: L:" \
    "actions=ALL"
acase "LOCAL" "$UDP" "L:eth_dst=02:00:00:00:00:02 2:- 3:-" "actions=LOCAL"
acase "drop (no actions)" "$UDP" "1:- 2:- 3:- L:-" "actions=drop"

echo "set_field:"
acase "eth_src and eth_dst" "$UDP" \
    "2:eth_src=02:00:00:00:00:aa,eth_dst=02:00:00:00:00:bb,ip_src=192.0.2.1" \
    "actions=set_field:02:00:00:00:00:aa->eth_src,set_field:02:00:00:00:00:bb->eth_dst,output:2"
acase "ipv4_src and ipv4_dst (UDP checksum)" "$UDP" \
    "2:ip_src=198.51.100.1,ip_dst=198.51.100.2,ip_csum=ok,l4_csum=ok" \
    "ip,actions=set_field:198.51.100.1->ipv4_src,set_field:198.51.100.2->ipv4_dst,output:2"
acase "ipv4_dst (TCP checksum)" "$E12/ipv4()/tcp(sport=5,dport=6)" \
    "2:ip_dst=203.0.113.77,ip_csum=ok,l4_csum=ok,tcp_dst=6" \
    "ip,actions=mod_nw_dst:203.0.113.77,output:2"
acase "ip_dscp and ip_ecn" "$E12/ipv4(tos=0x00)/udp()" \
    "2:ip_dscp=46,ip_ecn=1,ip_csum=ok,l4_csum=ok" \
    "ip,actions=set_field:46->ip_dscp,set_field:1->ip_ecn,output:2"
acase "ipv6_src, ipv6_dst (TCP checksum)" "$E12/ipv6()/tcp()" \
    "2:ipv6_src=2001:db8:9::1,ipv6_dst=2001:db8:9::2,l4_csum=ok" \
    "ipv6,actions=set_field:2001:db8:9::1->ipv6_src,set_field:2001:db8:9::2->ipv6_dst,output:2"
acase "ipv6_label" "$E12/ipv6(fl=1)/udp()" "2:ipv6_fl=74565,l4_csum=ok" \
    "ipv6,actions=set_field:0x12345->ipv6_label,output:2"
acase "arp_op, arp_spa, arp_tha" "$E12/arp(op=1,spa=192.0.2.1,tpa=192.0.2.2)" \
    "2:arp_op=2,arp_spa=192.0.2.9,arp_tha=02:00:00:00:00:09,arp_tpa=192.0.2.2" \
    "arp,actions=set_field:2->arp_op,set_field:192.0.2.9->arp_spa,set_field:02:00:00:00:00:09->arp_tha,output:2"
acase "tcp_src and tcp_dst" "$E12/ipv4()/tcp(sport=1,dport=2)" \
    "2:tcp_src=8080,tcp_dst=443,l4_csum=ok" \
    "tcp,actions=set_field:8080->tcp_src,set_field:443->tcp_dst,output:2"
acase "udp_src and udp_dst" "$UDP" "2:udp_src=53,udp_dst=5353,l4_csum=ok" \
    "udp,actions=set_field:53->udp_src,set_field:5353->udp_dst,output:2"
acase "udp_dst over IPv6" "$E12/ipv6()/udp(dport=1)" "2:udp_dst=4789,l4_csum=ok" \
    "ipv6,nw_proto=17,actions=set_field:4789->udp_dst,output:2"
acase "sctp_src and sctp_dst (CRC32c)" "$E12/ipv4()/sctp(sport=1,dport=2)" \
    "2:sctp_src=36412,sctp_dst=2905,l4_csum=ok" \
    "sctp,actions=set_field:36412->sctp_src,set_field:2905->sctp_dst,output:2"
acase "icmp_type and icmp_code" "$E12/ipv4()/icmp(type=8,code=0)" \
    "2:icmp_type=3,icmp_code=13,l4_csum=ok" \
    "icmp,actions=set_field:3->icmp_type,set_field:13->icmp_code,output:2"

echo "VLAN:"
acase "push_vlan, set vlan_vid and vlan_pcp" "$UDP" \
    "2:vlan_tpid=0x8100,vlan_vid=10,vlan_pcp=3,eth_type=0x0800,l4_csum=ok" \
    "actions=push_vlan:0x8100,set_field:10->vlan_vid,set_field:3->vlan_pcp,output:2"
acase "push_vlan:0x88a8" "$UDP" "2:vlan_tpid=0x88a8,vlan_vid=20,eth_type=0x0800" \
    "actions=push_vlan:0x88a8,set_field:20->vlan_vid,output:2"
acase "pop_vlan" "$E12/vlan(vid=10,pcp=2)/ipv4()/udp()" \
    "2:eth_type=0x0800,!vlan_vid,l4_csum=ok" "dl_vlan=10,actions=pop_vlan,output:2"
acase "set_field vlan_vid on a tagged frame" "$E12/vlan(vid=10,pcp=2)/ipv4()/udp()" \
    "2:vlan_vid=20,vlan_pcp=2,eth_type=0x0800" \
    "dl_vlan=10,actions=set_field:20->vlan_vid,output:2"
acase "push_vlan on a tagged frame copies its VID and PCP" \
    "$E12/vlan(vid=10,pcp=2)/ipv4()/udp()" \
    "2:vlan_tpid=0x88a8,vlan_vid=10,vlan_pcp=2,vlan2_tpid=0x8100,vlan2_vid=10,eth_type=0x0800" \
    "dl_vlan=10,actions=push_vlan:0x88a8,output:2"

echo "MPLS:"
acase "push_mpls and set mpls_label" "$UDP" \
    "2:eth_type=0x8847,mpls_label=100,mpls_bos=1" \
    "ip,actions=push_mpls:0x8847,set_field:100->mpls_label,output:2"
acase "pop_mpls" "$E12/mpls(label=100,ttl=9)/ipv4(ttl=9)/udp()" \
    "2:eth_type=0x0800,ip_ttl=9,ip_csum=ok,l4_csum=ok" \
    "dl_type=0x8847,actions=pop_mpls:0x0800,output:2"
acase "dec_mpls_ttl" "$E12/mpls(label=100,ttl=9)/ipv4()/udp()" \
    "2:mpls_label=100,mpls_ttl=8" "dl_type=0x8847,actions=dec_mpls_ttl,output:2"

echo "TTL:"
acase "dec_ttl (IPv4)" "$UDP" "2:ip_ttl=63,ip_csum=ok,l4_csum=ok" \
    "ip,actions=dec_ttl,output:2"
acase "dec_ttl (IPv6 hop limit)" "$E12/ipv6(hlim=9)/udp()" "2:ipv6_hlim=8,l4_csum=ok" \
    "ipv6,actions=dec_ttl,output:2"
acase "set_nw_ttl" "$UDP" "2:ip_ttl=5,ip_csum=ok" "ip,actions=set_nw_ttl:5,output:2"
acase "dec_ttl at TTL 1: dropped" "$E12/ipv4(ttl=1)/udp()" "2:- 3:-" \
    "ip,actions=dec_ttl,output:2"

echo "action set and instructions:"
acase "action set: set_field before output, whatever the order written" "$UDP" \
    "2:eth_dst=02:00:00:00:00:bb" \
    "actions=write_actions(output:2,set_field:02:00:00:00:00:bb->eth_dst)"
acase "action set: push_vlan before set_field vlan_vid" "$UDP" \
    "2:vlan_vid=100,eth_type=0x0800" \
    "actions=write_actions(set_field:100->vlan_vid,output:2,push_vlan:0x8100)"
acase "action set: pop_vlan, then push_mpls, then set_field mpls_label" \
    "$E12/vlan(vid=10)/ipv4(ttl=64)/udp()" \
    "2:eth_type=0x8847,!vlan_vid,mpls_label=7" \
    "actions=write_actions(output:2,push_mpls:0x8847,set_field:7->mpls_label,pop_vlan)"
acase "action set: dec_ttl and set_field both done" "$UDP" \
    "2:ip_ttl=63,ip_dst=198.51.100.5,ip_csum=ok" \
    "ip,actions=write_actions(output:2,set_field:198.51.100.5->ipv4_dst,dec_ttl)"
acase "action set: a later table's output replaces an earlier one" "$UDP" "2: 3:-" \
    "table=0,actions=write_actions(output:3),goto_table:1" \
    "table=1,actions=write_actions(output:2)"
acase "action set: a later table's set_field replaces an earlier one" "$UDP" \
    "2:eth_dst=02:00:00:00:00:bb" \
    "table=0,actions=write_actions(set_field:02:00:00:00:00:aa->eth_dst),goto_table:1" \
    "table=1,actions=write_actions(set_field:02:00:00:00:00:bb->eth_dst,output:2)"
acase "clear_actions empties the action set" "$UDP" "2: 3:-" \
    "table=0,actions=write_actions(output:3),goto_table:1" \
    "table=1,actions=clear_actions,output:2"
acase "table miss after goto_table: dropped, action set discarded" "$UDP" "2:- 3:-" \
    "table=0,actions=write_actions(output:3),goto_table:5"
acase "apply_actions run at once, the action set at the end" "$UDP" \
    "2:eth_dst=02:00:00:00:00:aa 3:eth_dst=02:00:00:00:00:bb" \
    "actions=set_field:02:00:00:00:00:aa->eth_dst,output:2,write_actions(set_field:02:00:00:00:00:bb->eth_dst,output:3)"
acase "apply_actions in list order" "$UDP" \
    "2:eth_dst=02:00:00:00:00:02 3:eth_dst=02:00:00:00:00:bb" \
    "actions=output:2,set_field:02:00:00:00:00:bb->eth_dst,output:3"
acase "goto_table: the next table matches the rewritten packet" "$UDP" "2: 3:-" \
    "table=0,ip,actions=set_field:198.51.100.9->ipv4_dst,goto_table:2" \
    "table=2,priority=20,ip,nw_dst=198.51.100.9,actions=output:2" \
    "table=2,priority=10,actions=output:3"
acase "goto_table: write_metadata, then match it" "$UDP" "2: 3:-" \
    "table=0,actions=write_metadata:0x5/0xf,goto_table:1" \
    "table=1,priority=20,metadata=0x5/0xf,actions=output:2" \
    "table=1,priority=10,actions=output:3"

echo "port config:"
ofctl mod-port "$T" 3 no-forward || fail "mod-port 3 no-forward"
before=$(ofctl dump-ports "$T" 3 | sed -n 's/.*tx pkts=.*drop=\([0-9]*\),.*/\1/p')
SYNC_TO="2 L" acase "no-forward: output to the port is dropped" "$UDP" "2: 3:-" \
    "actions=output:2,output:3"
after=$(ofctl dump-ports "$T" 3 | sed -n 's/.*tx pkts=.*drop=\([0-9]*\),.*/\1/p')
[ -n "$after" ] && [ "$after" -gt "${before:-0}" ] \
    && pass "no-forward: dump-ports counts the drop (tx drop $before -> $after)" \
    || fail "no-forward: dump-ports tx drop $before -> $after"
ofctl mod-port "$T" 3 forward || fail "mod-port 3 forward"
acase "forward again" "$UDP" "2: 3:" "actions=output:2,output:3"
ofctl mod-port "$T" 1 no-receive || fail "mod-port 1 no-receive"
flows "actions=output:2,output:3"
send 1 "$UDP/tag(norecv)"
sleep 0.3
ofctl mod-port "$T" 1 receive || fail "mod-port 1 receive"
sync 1 2 3
seen 2 norecv || seen 3 norecv && fail "no-receive: a frame from port 1 was forwarded" \
    || pass "no-receive: frames from the port are dropped"

finish
