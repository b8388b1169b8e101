#!/bin/bash
# ofswitch matches every match-field family on real frames.
#
#   tests/integration/switch-match.sh [BUILD_DIR]
#
# Three hosts on ports 1-3 (switch-lib.bash).  For each case one flow
# "MATCH,actions=output:2" is installed with ofctl; host 1 sends frames
# that must not match it, then one that must.  The one that matches
# must reach host 2 byte for byte as sent, none of the others may, and
# the flow's n_packets must be 1.  Families: in_port, Ethernet addresses
# (with masks) and type, VLAN id and priority (tagged, untagged, any tag),
# ARP op and addresses, IPv4 addresses (masked), protocol, DSCP and ECN,
# IPv6 addresses (masked), flow label, traffic class and extension headers
# (ipv6_exthdr), TCP, UDP and SCTP ports over IPv4 and IPv6 (and behind an
# extension header), ICMPv4 and ICMPv6 type and code, neighbor discovery
# target and link-layer address, MPLS label, TC and BOS, PBB I-SID, and
# metadata written in table 0 and matched in table 1; then overlapping
# flows of different priorities, and a table miss.

. "$(dirname "$0")/switch-lib.bash" "$@"

topo 3 noaddr
start_switch
sniff 2

E12=$(eth 1 2)
N=0

# mcase NAME MATCH POS [NEG...]: see above.  Frames are pkt.py stacks
# without the tag, which mcase adds.
mcase() {
    local name=$1 match=$2 pos=$3 i frames=() line expect before after
    shift 3
    N=$((N + 1))
    flows "cookie=0x$N,priority=100,$match,actions=output:2"
    before=$(wc -l <"$DIR/sniff-2")
    i=0
    for neg in "$@"; do
        i=$((i + 1))
        frames+=("$neg/tag(n$N.$i)")
    done
    frames+=("$pos/tag(p$N)")
    send 1 "${frames[@]}"
    if ! wait_seen 2 "p$N"; then
        fail "$name: the matching frame did not arrive ($match)"
        return
    fi
    line=$(sniffed 2 "p$N" | cut -d' ' -f2-)
    expect=$($PKT line "$pos/tag(p$N)")
    if [ "$line" != "$expect" ]; then
        fail "$name: the frame changed on the way"
        echo "       sent:     $expect"
        echo "       received: $line"
        return
    fi
    # After a sync frame, exactly two more frames: the match and the sync.
    sync 1 2 || return
    after=$(wc -l <"$DIR/sniff-2")
    if [ $((after - before)) != 2 ]; then
        fail "$name: a frame that does not match arrived ($match):"
        tail -n +$((before + 1)) "$DIR/sniff-2" | grep -v "tag=p$N \|tag=sync" | sed 's/^/       /'
        return
    fi
    local n
    n=$(n_packets "cookie=0x$N/-1")
    if [ "$n" != 1 ]; then
        fail "$name: n_packets=$n, expected 1"
        return
    fi
    pass "$name"
}

echo "Ethernet:"
mcase "eth_dst" "dl_dst=02:00:00:00:00:02" \
    "$E12/ipv4()/udp()" \
    "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:03)/ipv4()/udp()"
mcase "eth_src with a mask" "dl_src=02:00:00:00:aa:00/ff:ff:ff:ff:ff:00" \
    "eth(src=02:00:00:00:aa:17,dst=02:00:00:00:00:02)/ipv4()/udp()" \
    "eth(src=02:00:00:00:ab:17,dst=02:00:00:00:00:02)/ipv4()/udp()"
mcase "eth_dst group bit (01:00:00:00:00:00/01:00:00:00:00:00)" \
    "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00" \
    "eth(src=02:00:00:00:00:01,dst=ff:ff:ff:ff:ff:ff)/ipv4()/udp()" \
    "$E12/ipv4()/udp()"
mcase "eth_type" "dl_type=0x88b5" "$E12" "$E12/ipv4()/udp()" "$E12/arp()"

echo "VLAN:"
mcase "vlan_vid" "dl_vlan=10" \
    "$E12/vlan(vid=10)/ipv4()/udp()" \
    "$E12/vlan(vid=11)/ipv4()/udp()" "$E12/ipv4()/udp()"
mcase "vlan_pcp" "dl_vlan=10,vlan_pcp=5" \
    "$E12/vlan(vid=10,pcp=5)/ipv4()/udp()" \
    "$E12/vlan(vid=10,pcp=4)/ipv4()/udp()" "$E12/vlan(vid=11,pcp=5)/ipv4()/udp()"
mcase "vlan_vid=0x1000/0x1000 (any tag)" "vlan_vid=0x1000/0x1000" \
    "$E12/vlan(vid=77,pcp=1)/ipv4()/udp()" "$E12/ipv4()/udp()"
mcase "vlan_vid=none (untagged only)" "vlan_vid=none" \
    "$E12/ipv4()/udp()" "$E12/vlan(vid=10)/ipv4()/udp()" "$E12/vlan(vid=0)/ipv4()/udp()"
mcase "vlan tag and IPv4 behind it" "dl_vlan=20,ip,nw_dst=10.0.0.2,udp,udp_dst=7" \
    "$E12/vlan(vid=20)/ipv4(dst=10.0.0.2)/udp(dport=7)" \
    "$E12/vlan(vid=20)/ipv4(dst=10.0.0.2)/udp(dport=8)" \
    "$E12/ipv4(dst=10.0.0.2)/udp(dport=7)"

echo "ARP:"
mcase "arp_op" "arp,arp_op=2" "$E12/arp(op=2)" "$E12/arp(op=1)" "$E12/ipv4()/udp()"
mcase "arp_spa (masked) and arp_tpa" "arp,arp_spa=10.0.0.0/24,arp_tpa=10.0.0.2" \
    "$E12/arp(spa=10.0.0.1,tpa=10.0.0.2)" \
    "$E12/arp(spa=10.0.1.1,tpa=10.0.0.2)" "$E12/arp(spa=10.0.0.1,tpa=10.0.0.3)"
mcase "arp_sha and arp_tha" "arp,arp_sha=02:00:00:00:00:01,arp_tha=02:00:00:00:00:02" \
    "$E12/arp(op=2,sha=02:00:00:00:00:01,tha=02:00:00:00:00:02)" \
    "$E12/arp(op=2,sha=02:00:00:00:00:09,tha=02:00:00:00:00:02)" \
    "$E12/arp(op=2,sha=02:00:00:00:00:01,tha=02:00:00:00:00:03)"

echo "IPv4:"
mcase "ipv4_src with a mask" "ip,nw_src=10.1.0.0/16" \
    "$E12/ipv4(src=10.1.2.3)/udp()" "$E12/ipv4(src=10.2.2.3)/udp()" \
    "$E12/ipv6(src=2001:db8::1)/udp()"
mcase "ipv4_dst" "ip,nw_dst=10.0.0.2" \
    "$E12/ipv4(dst=10.0.0.2)/tcp()" "$E12/ipv4(dst=10.0.0.3)/tcp()" \
    "$E12/arp(tpa=10.0.0.2)"
mcase "ip_proto" "ip,nw_proto=17" "$E12/ipv4()/udp()" "$E12/ipv4()/tcp()"
mcase "ip_dscp" "ip,ip_dscp=46" \
    "$E12/ipv4(tos=0xb8)/udp()" "$E12/ipv4(tos=0xb4)/udp()"
mcase "ip_ecn" "ip,ip_ecn=3" \
    "$E12/ipv4(tos=0x03)/udp()" "$E12/ipv4(tos=0x02)/udp()"
mcase "nw_tos (dscp 46 as ToS 184)" "ip,nw_tos=184" \
    "$E12/ipv4(tos=0xb9)/udp()" "$E12/ipv4(tos=0x00)/udp()"

echo "IPv6:"
mcase "ipv6_src with a mask" "ipv6,ipv6_src=2001:db8:1::/48" \
    "$E12/ipv6(src=2001:db8:1::5)/udp()" "$E12/ipv6(src=2001:db8:2::5)/udp()" \
    "$E12/ipv4()/udp()"
mcase "ipv6_dst" "ipv6,ipv6_dst=2001:db8::2" \
    "$E12/ipv6(dst=2001:db8::2)/tcp()" "$E12/ipv6(dst=2001:db8::3)/tcp()"
mcase "ipv6_label" "ipv6,ipv6_label=0x12345" \
    "$E12/ipv6(fl=0x12345)/udp()" "$E12/ipv6(fl=0x12346)/udp()"
mcase "ip_proto and ip_dscp over IPv6" "ipv6,nw_proto=17,ip_dscp=10" \
    "$E12/ipv6(tc=0x28)/udp()" "$E12/ipv6(tc=0x28)/tcp()" "$E12/ipv6(tc=0x2c)/udp()"
mcase "ipv6_exthdr: a hop-by-hop header" "ipv6,ipv6_exthdr=hop/0x40" \
    "$E12/ipv6()/hbh()/udp()" "$E12/ipv6()/udp()" "$E12/ipv6()/dest()/udp()"
mcase "ipv6_exthdr=0: no extension header" "ipv6,ipv6_exthdr=0" \
    "$E12/ipv6()/udp()" "$E12/ipv6()/hbh()/udp()" "$E12/ipv6()/frag6(more=1)/udp()"
mcase "ipv6_exthdr=nonext: next header 59 (no next header)" "ipv6,ipv6_exthdr=nonext/0x1" \
    "$E12/ipv6(nh=59)" "$E12/ipv6()/udp()"
mcase "ipv6_exthdr: fragment and destination options" "ipv6,ipv6_exthdr=dest|frag" \
    "$E12/ipv6()/dest()/frag6(more=1)/udp()" "$E12/ipv6()/frag6(more=1)/udp()" \
    "$E12/ipv6()/dest()/udp()"
mcase "udp_dst behind a hop-by-hop header" "ipv6,nw_proto=17,udp_dst=4000" \
    "$E12/ipv6()/hbh()/udp(dport=4000)" "$E12/ipv6()/hbh()/udp(dport=4001)"

echo "TCP, UDP, SCTP:"
mcase "tcp_dst" "tcp,tp_dst=80" \
    "$E12/ipv4()/tcp(dport=80)" "$E12/ipv4()/tcp(dport=81)" "$E12/ipv4()/udp(dport=80)"
mcase "tcp_src" "tcp,tcp_src=1234" \
    "$E12/ipv4()/tcp(sport=1234)" "$E12/ipv4()/tcp(sport=1235)"
mcase "tcp_dst over IPv6" "ipv6,nw_proto=6,tcp_dst=443" \
    "$E12/ipv6()/tcp(dport=443)" "$E12/ipv6()/tcp(dport=444)" "$E12/ipv4()/tcp(dport=443)"
mcase "udp_dst" "udp,udp_dst=53" \
    "$E12/ipv4()/udp(dport=53)" "$E12/ipv4()/udp(dport=54)" "$E12/ipv4()/tcp(dport=53)"
mcase "udp_src over IPv6" "ipv6,nw_proto=17,udp_src=5353" \
    "$E12/ipv6()/udp(sport=5353)" "$E12/ipv6()/udp(sport=5354)"
mcase "sctp_src" "sctp,sctp_src=5000" \
    "$E12/ipv4()/sctp(sport=5000)" "$E12/ipv4()/sctp(sport=5001)" "$E12/ipv4()/tcp(sport=5000)"
mcase "sctp_dst" "sctp,sctp_dst=9" \
    "$E12/ipv4()/sctp(dport=9)" "$E12/ipv4()/sctp(dport=10)"

echo "ICMP:"
mcase "icmp_type" "icmp,icmp_type=8" \
    "$E12/ipv4()/icmp(type=8)" "$E12/ipv4()/icmp(type=0)" "$E12/ipv4()/udp(sport=8)"
mcase "icmp_code" "icmp,icmp_type=3,icmp_code=3" \
    "$E12/ipv4()/icmp(type=3,code=3)" "$E12/ipv4()/icmp(type=3,code=1)"
mcase "icmpv6_type and code" "icmp6,icmpv6_type=1,icmpv6_code=4" \
    "$E12/ipv6()/icmp6(type=1,code=4)" "$E12/ipv6()/icmp6(type=1,code=3)" \
    "$E12/ipv6()/icmp6(type=128,code=4)"

echo "MPLS:"
mcase "mpls_label" "dl_type=0x8847,mpls_label=100" \
    "$E12/mpls(label=100)" "$E12/mpls(label=101)"
mcase "mpls_tc and mpls_bos" "dl_type=0x8847,mpls_tc=5,mpls_bos=1" \
    "$E12/mpls(label=7,tc=5)" "$E12/mpls(label=7,tc=4)" \
    "$E12/mpls(label=7,tc=5)/mpls(label=8)"

echo "PBB:"
mcase "pbb_isid" "dl_type=0x88e7,pbb_isid=0x123" \
    "$E12/pbb(isid=0x123)/eth(src=00:00:00:00:00:aa,dst=00:00:00:00:00:bb)" \
    "$E12/pbb(isid=0x124)/eth(src=00:00:00:00:00:aa,dst=00:00:00:00:00:bb)"
mcase "pbb_isid with a mask" "dl_type=0x88e7,pbb_isid=0x100/0xf00" \
    "$E12/pbb(isid=0x1ab)/eth(src=00:00:00:00:00:aa,dst=00:00:00:00:00:bb)" \
    "$E12/pbb(isid=0x2ab)/eth(src=00:00:00:00:00:aa,dst=00:00:00:00:00:bb)"

# Neighbor discovery: the options after the target must be well formed,
# so these frames carry no tag; the flow label tells them apart.
echo "Neighbor discovery:"
nd_case() {
    local name=$1 match=$2 pos=$3 neg=$4
    N=$((N + 1))
    flows "cookie=0x$N,priority=100,$match,actions=output:2"
    send 1 "$E12/ipv6(fl=$((N * 2 + 1)))/$neg" "$E12/ipv6(fl=$((N * 2)))/$pos"
    if ! wait_for 2 grep -q "ipv6_fl=$((N * 2)) " "$DIR/sniff-2"; then
        fail "$name: the matching frame did not arrive ($match)"
    elif grep -q "ipv6_fl=$((N * 2 + 1)) " "$DIR/sniff-2"; then
        fail "$name: a frame that does not match arrived"
    elif ! grep "ipv6_fl=$((N * 2)) " "$DIR/sniff-2" | grep -q "l4_csum=ok"; then
        fail "$name: bad checksum on arrival"
    else
        pass "$name"
    fi
}
nd_case "nd_target" "icmp6,icmpv6_type=135,nd_target=fe80::1" \
    "icmp6(type=135,target=fe80::1,sll=02:00:00:00:00:01)" \
    "icmp6(type=135,target=fe80::2,sll=02:00:00:00:00:01)"
nd_case "nd_sll" "icmp6,icmpv6_type=135,nd_sll=02:00:00:00:00:01" \
    "icmp6(type=135,target=fe80::1,sll=02:00:00:00:00:01)" \
    "icmp6(type=135,target=fe80::1,sll=02:00:00:00:00:09)"
nd_case "nd_tll" "icmp6,icmpv6_type=136,nd_tll=02:00:00:00:00:02" \
    "icmp6(type=136,target=fe80::1,tll=02:00:00:00:00:02)" \
    "icmp6(type=136,target=fe80::1,tll=02:00:00:00:00:03)"

# in_port: the frame from host 3 matches, the one from host 1 does not.
echo "in_port and metadata:"
N=$((N + 1))
flows "cookie=0x$N,priority=100,in_port=3,actions=output:2"
send 1 "$E12/ipv4()/udp()/tag(n$N)"
send 3 "$(eth 3 2)/ipv4()/udp()/tag(p$N)"
sync 1 2
if wait_seen 2 "p$N" && ! seen 2 "n$N"; then
    pass "in_port"
else
    fail "in_port: from port 3 $(seen 2 "p$N" && echo arrived || echo lost), from port 1 $(seen 2 "n$N" && echo arrived || echo dropped)"
fi

# Metadata: table 0 writes it (under a mask) and goes to table 1, which
# matches it; a frame that gets other metadata finds no flow in table 1.
N=$((N + 1))
flows "table=0,priority=10,ip,actions=write_metadata:0xab00/0xff00,goto_table:1" \
      "table=0,priority=20,ip,nw_dst=10.0.0.9,actions=write_metadata:0xcd00/0xff00,goto_table:1" \
      "table=1,cookie=0x$N,priority=10,metadata=0xab00/0xff00,actions=output:2"
send 1 "$E12/ipv4(dst=10.0.0.9)/udp()/tag(n$N)" "$E12/ipv4(dst=10.0.0.2)/udp()/tag(p$N)"
if wait_seen 2 "p$N" && ! seen 2 "n$N"; then
    pass "metadata written in table 0, matched in table 1"
else
    fail "metadata across tables: right metadata $(seen 2 "p$N" && echo arrived || echo lost), wrong metadata $(seen 2 "n$N" && echo arrived || echo dropped)"
fi
n=$(n_packets "table=1,cookie=0x$N/-1")
[ "$n" = 1 ] && pass "metadata: table 1 flow n_packets=1" \
    || fail "metadata: table 1 flow n_packets=$n, expected 1"

# Priorities: of two flows that match, the higher priority wins.
N=$((N + 1))
sniff 3
flows "priority=10,ip,actions=output:3" "priority=20,ip,nw_src=10.0.0.1,actions=output:2" \
      "priority=30,ip,nw_src=10.0.0.1,nw_dst=10.0.0.3,actions=output:3"
send 1 "$E12/ipv4(src=10.0.0.1,dst=10.0.0.2)/udp()/tag(a$N)" \
    "$E12/ipv4(src=10.0.0.7,dst=10.0.0.2)/udp()/tag(b$N)" \
    "$E12/ipv4(src=10.0.0.1,dst=10.0.0.3)/udp()/tag(c$N)"
sync 1 2 3
if seen 2 "a$N" && ! seen 3 "a$N" && seen 3 "b$N" && ! seen 2 "b$N" \
    && seen 3 "c$N" && ! seen 2 "c$N"; then
    pass "overlapping flows: the highest priority that matches wins"
else
    fail "overlapping flows: a->2 $(seen 2 "a$N" && echo y), b->3 $(seen 3 "b$N" && echo y), c->3 $(seen 3 "c$N" && echo y)"
fi

# Table miss: with no flow, nothing passes (and a miss flow can say so).
flows
send 1 "$E12/ipv4()/udp()/tag(miss)"
sync 1 2 3
if ! seen 2 miss && ! seen 3 miss; then
    pass "table miss without a miss flow: dropped"
else
    fail "table miss without a miss flow: the frame was forwarded"
fi

finish
