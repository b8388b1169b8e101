#!/bin/bash
# The VM overlay: three VM hosts, each an ofswitch in a network namespace
# of its own with an underlay address, joined by a plain Linux bridge;
# two tenants whose VMs reuse the same IP and MAC addresses, on every
# host; ofcontroller running vm_overlay with a JSON description.
#
#   tests/integration/overlay.sh [BUILD_DIR]       (make demo-overlay too)
#
#                       underlay 192.168.100.0/24 (bridge)
#            vh1 .1               vh2 .2               vh3 .3
#       red1  blue1 blue4     red2  blue2         red3  blue3
#
# red1-3 and blue1-3 are 10.0.0.1-3 with MACs 02:00:00:00:00:01-03 in
# both tenants; blue4 (10.0.0.4) is blue's alone.  Checked:
#   - the ping matrix: every VM reaches every VM of its tenant, no VM of
#     the other (the echo is counted where it lands: a ping to 10.0.0.2
#     from red1 reaches red2, never blue2), and red cannot reach blue4;
#   - ARP suppression: the VMs' ARP requests are answered at their host,
#     none crosses the underlay; broadcast stays in its tenant;
#   - the underlay carries VXLAN with one VNI per tenant (tshark);
#   - TCP between VMs on two hosts;
#   - migration: red3 moves from vh3 to vh2 (its interface re-attached,
#     the description changed) while red1 pings it; the downtime is
#     measured;
#   - flows are in the datapath: steady traffic takes no packet-in.

. "$(dirname "$0")/switch-lib.bash" "$@"
needs ping iperf3 tshark nstat

OFCONTROLLER=$BUILD_ABS/ofcontroller
[ -x "$OFCONTROLLER" ] || die "$BUILD/ofcontroller is not built"

UL=ofk$ID-ul
CTL_SOCK=$DIR/ctl.sock
CONF=$DIR/overlay.json
VMS="red1 red2 red3 blue1 blue2 blue3 blue4"

vh() { echo "ofk$ID-vh$1"; }
vm() { echo "ofk$ID-$1"; }

# ---- The underlay and the VM hosts ----

add_ns "$UL"
ip -n "$UL" link add br0 type bridge
ip -n "$UL" link set br0 up
for h in 1 2 3; do
    add_ns "$(vh "$h")"
    ip link add "u$h" netns "$UL" type veth peer name u0 netns "$(vh "$h")" ||
        die "cannot add host $h's underlay veth"
    ip -n "$UL" link set "u$h" master br0
    ip -n "$UL" link set "u$h" up
    ip -n "$(vh "$h")" addr add "192.168.100.$h/24" dev u0
    ip -n "$(vh "$h")" link set u0 up
done

# attach VM HOST PORT_NAME: VM's eth0, a veth to PORT_NAME on host HOST.
attach() {
    ip link add "$3" netns "$(vh "$2")" type veth peer name eth0 \
        netns "$(vm "$1")" || die "cannot attach $1 to host $2"
    ip -n "$(vh "$2")" link set "$3" up
    ip -n "$(vm "$1")" link set eth0 up
}

# add_vm NAME HOST PORT_NAME IP MAC
add_vm() {
    add_ns "$(vm "$1")"
    attach "$1" "$2" "$3"
    ip -n "$(vm "$1")" link set eth0 address "$5"
    # A frame of 1514 bytes and the 50 of VXLAN fit the underlay.
    ip -n "$(vm "$1")" link set eth0 mtu 1450
    ip -n "$(vm "$1")" addr add "$4/24" dev eth0
}
add_vm red1 1 r1 10.0.0.1 02:00:00:00:00:01
add_vm blue1 1 b1 10.0.0.1 02:00:00:00:00:01
add_vm blue4 1 b4 10.0.0.4 02:00:00:00:00:04
add_vm red2 2 r2 10.0.0.2 02:00:00:00:00:02
add_vm blue2 2 b2 10.0.0.2 02:00:00:00:00:02
add_vm red3 3 r3 10.0.0.3 02:00:00:00:00:03
add_vm blue3 3 b3 10.0.0.3 02:00:00:00:00:03

# write_conf RED3_HOST RED3_PORT
write_conf() {
    cat >"$CONF.tmp" <<EOF
{
  "hosts": [
    { "name": "vh1", "dpid": "1", "underlay_ip": "192.168.100.1", "tunnel_port": 100 },
    { "name": "vh2", "dpid": "2", "underlay_ip": "192.168.100.2", "tunnel_port": 100 },
    { "name": "vh3", "dpid": "3", "underlay_ip": "192.168.100.3", "tunnel_port": 100 }
  ],
  "tenants": [
    { "name": "red", "vni": 1001, "vms": [
      { "name": "red1", "mac": "02:00:00:00:00:01", "ip": "10.0.0.1", "host": "vh1", "port": 1 },
      { "name": "red2", "mac": "02:00:00:00:00:02", "ip": "10.0.0.2", "host": "vh2", "port": 1 },
      { "name": "red3", "mac": "02:00:00:00:00:03", "ip": "10.0.0.3", "host": "$1", "port": $2 } ] },
    { "name": "blue", "vni": 1002, "vms": [
      { "name": "blue1", "mac": "02:00:00:00:00:01", "ip": "10.0.0.1", "host": "vh1", "port": 2 },
      { "name": "blue2", "mac": "02:00:00:00:00:02", "ip": "10.0.0.2", "host": "vh2", "port": 2 },
      { "name": "blue3", "mac": "02:00:00:00:00:03", "ip": "10.0.0.3", "host": "vh3", "port": 2 },
      { "name": "blue4", "mac": "02:00:00:00:00:04", "ip": "10.0.0.4", "host": "vh1", "port": 3 } ] }
  ]
}
EOF
    mv "$CONF.tmp" "$CONF"
}
write_conf vh3 1

# A description that does not parse stops the controller, named.
echo '{ "hosts": [], "tenants": [ { "name": "x", "vni": 0, "vms": [] } ] }' \
    >"$DIR/bad.json"
out=$(timeout 5 "$OFCONTROLLER" --listen "punix:$DIR/bad.sock" \
      --app "vm_overlay:config=$DIR/bad.json" 2>&1)
check "a bad description is refused: $(grep -o 'tenants\[0\].*' <<<"$out" | head -1)" \
    grep -q 'bad.json: tenants\[0\]: "vni" must be an integer from 1' <<<"$out"
out=$(timeout 5 "$OFCONTROLLER" --listen "punix:$DIR/bad.sock" \
      --app "vm_overlay" 2>&1)
check "config= is required" grep -q "needs config=FILE" <<<"$out"

"$OFCONTROLLER" --listen "punix:$CTL_SOCK" \
    --app "vm_overlay:config=$CONF,reload_ms=100" \
    >>"$DIR/ofcontroller.log" 2>&1 &
PIDS+=($!)
wait_for 5 test -S "$CTL_SOCK" || die "ofcontroller does not listen"

# start_host H PORTS...
start_host() {
    local h=$1 p args=()
    shift
    for p in "$@"; do
        args+=(--port "$p")
    done
    ip netns exec "$(vh "$h")" "$OFSWITCH" --name "ovh$h$ID" --dpid "$h" \
        --no-local --ctl "$DIR/vh$h.ctl" "${args[@]}" \
        --port "vxlan:remote_ip=flow,local_ip=192.168.100.$h,name=vtep,ofport=100" \
        --controller "unix:$CTL_SOCK" >>"$DIR/ofswitch-vh$h.log" 2>&1 &
    PIDS+=($!)
}
start_host 1 r1=1 b1=2 b4=3
start_host 2 r2=1 b2=2
start_host 3 r3=1 b3=2
for h in 1 2 3; do
    wait_for 10 sh -c "'$OFCTL' -t 1 dump-flows unix:$DIR/vh$h.ctl | grep -q tun_id" ||
        { "$OFCTL" -t 2 dump-flows unix:$DIR/vh$h.ctl; die "host $h got no overlay flows"; }
done

# ---- The ping matrix ----

ip_of() {
    case $1 in
        *1) echo 10.0.0.1 ;; *2) echo 10.0.0.2 ;; *3) echo 10.0.0.3 ;;
        *4) echo 10.0.0.4 ;;
    esac
}
tenant_of() { echo "${1%%[0-9]*}"; }
echos() {
    ip netns exec "$(vm "$1")" nstat -az IcmpInEchos 2>/dev/null |
        awk '/IcmpInEchos/ { print $2 }'
}

ip netns exec "$UL" tshark -q -i br0 -f "udp port 4789" -w "$DIR/ul.pcap" \
    >/dev/null 2>&1 &
TSHARK=$!
PIDS+=($TSHARK)
wait_for 5 test -s "$DIR/ul.pcap"

declare -A before
bad=0
leaks=0
printf '\n  ping matrix (row pings column; ok: the echo reached that VM)\n'
printf '  %-6s' ""
for d in $VMS; do printf '%-6s' "$d"; done
printf '\n'
for s in $VMS; do
    printf '  %-6s' "$s"
    for d in $VMS; do
        if [ "$s" = "$d" ]; then
            printf '%-6s' "."
            continue
        fi
        for v in $VMS; do before[$v]=$(echos "$v"); done
        ip netns exec "$(vm "$s")" ping -q -c 1 -W 1 "$(ip_of "$d")" \
            >/dev/null 2>&1
        reached=no
        for v in $VMS; do
            if [ "$(echos "$v")" != "${before[$v]}" ]; then
                if [ "$v" = "$d" ]; then
                    reached=yes
                elif [ "$(tenant_of "$v")" != "$(tenant_of "$s")" ]; then
                    leaks=$((leaks + 1))
                fi
            fi
        done
        if [ $reached = yes ]; then
            printf '%-6s' "ok"
        else
            printf '%-6s' "-"
        fi
        want=no
        [ "$(tenant_of "$s")" = "$(tenant_of "$d")" ] && want=yes
        [ $reached = $want ] || bad=$((bad + 1))
    done
    printf '\n'
done
printf '\n'
check "the matrix: all within each tenant, none across ($bad wrong cells)" \
    test $bad = 0
check "no echo ever landed in the other tenant ($leaks)" test $leaks = 0

# Broadcast stays in its tenant.
for v in red2 red3 blue1 blue2 blue3; do
    ip netns exec "$(vm "$v")" $PKT sniff eth0 "$DIR/sniff-$v" 600 &
    PIDS+=($!)
    wait_for 5 test -e "$DIR/sniff-$v.ready"
done
ip netns exec "$(vm red1)" $PKT send eth0 \
    "eth(src=02:00:00:00:00:01,dst=ff:ff:ff:ff:ff:ff)/ipv4(src=10.0.0.1,dst=10.0.0.255)/udp(sport=9,dport=9)/tag(BCAST1)"
wait_for 2 sh -c "grep -q BCAST1 '$DIR/sniff-red2' && grep -q BCAST1 '$DIR/sniff-red3'"
check "red1's broadcast reaches red2 and red3" \
    sh -c "grep -q BCAST1 '$DIR/sniff-red2' && grep -q BCAST1 '$DIR/sniff-red3'"
sleep 0.3
check "and no blue VM" sh -c "! cat '$DIR'/sniff-blue* | grep -q BCAST1"

stop_pid "$TSHARK"
tshark -r "$DIR/ul.pcap" -T fields -e vxlan.vni -e eth.type \
    >"$DIR/ul.txt" 2>/dev/null
check "the underlay carries VNI 1001 (red)" grep -q -P "^1001\t" "$DIR/ul.txt"
check "and VNI 1002 (blue)" grep -q -P "^1002\t" "$DIR/ul.txt"
arps=$(tshark -r "$DIR/ul.pcap" -Y "arp" 2>/dev/null | wc -l)
check "no ARP crossed the underlay ($arps): the hosts answered them" \
    test "$arps" = 0

# ---- TCP ----
mbps=$(tcp_mbps "$(vm red2)" 10.0.0.2 "$(vm red1)")
check "TCP red1 -> red2 across hosts: ${mbps:-no result} Mbit/s" \
    test "${mbps:-0}" -ge 50

# ---- Steady state: no packet-in ----
# The app's only packet-ins are the VMs' ARP requests, which the table-0
# ARP flows send it: their counters tell.
arp_pkts() {
    ofctl dump-flows "unix:$DIR/vh1.ctl" "table=0,arp" 2>/dev/null |
        sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' |
        awk '{ n += $1 } END { print n + 0 }'
}
ip netns exec "$(vm red1)" ping -q -c 5 -i 0.05 10.0.0.3 >/dev/null 2>&1
n_pi=$(arp_pkts)
loss=$(ip netns exec "$(vm red1)" ping -q -c 50 -i 0.01 10.0.0.3 2>&1 |
       sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p')
n_pi2=$(arp_pkts)
check "50 pings red1 -> red3, ${loss:-?}% loss, no packet-in (ARP flows: $n_pi, then $n_pi2 packets)" \
    test "${loss:-x}" = 0 -a "$n_pi" = "$n_pi2"

# ---- Migration ----
ip netns exec "$(vm red1)" "$PY" "$HERE/pkt.py" stamp "$DIR/pings" \
    ping -i 0.01 -W 1 10.0.0.3 &
PINGER=$!
PIDS+=($PINGER)
wait_for 5 sh -c "grep -q 'bytes from' '$DIR/pings'"
sleep 0.5
t0=$(date +%s.%N)
ofctl del-port "unix:$DIR/vh3.ctl" r3 >/dev/null
ip -n "$(vh 3)" link del r3
# The VM keeps its NIC (address, MTU, IP) on its new host.
attach red3 2 r3
ip -n "$(vm red3)" link set eth0 address 02:00:00:00:00:03 mtu 1450
ip -n "$(vm red3)" addr add 10.0.0.3/24 dev eth0
ofctl add-port "unix:$DIR/vh2.ctl" r3=3 >/dev/null
write_conf vh2 3
n_before=$(grep -c 'bytes from' "$DIR/pings")
wait_for 5 sh -c "[ \$(grep -c 'bytes from' '$DIR/pings') -gt $((n_before + 20)) ]"

stop_pid "$PINGER"
gap=$("$PY" - "$DIR/pings" "$t0" <<'PY'
import re, sys
t0 = float(sys.argv[2])
times = []
for line in open(sys.argv[1]):
    parts = line.split(" ", 1)
    if len(parts) == 2 and "bytes from" in parts[1]:
        times.append(float(parts[0]))
before = [t for t in times if t < t0]
after = [t for t in times if t >= t0]
if not before or not after:
    print("none")
else:
    # The longest silence from the move on.
    seq = [before[-1]] + after
    print(int(max(b - a for a, b in zip(seq, seq[1:])) * 1000))
PY
)
echo "  migration of red3 from vh3 to vh2: the ping stream from red1 paused ${gap} ms"
check "red3 answers from vh2 after the move (downtime ${gap} ms)" \
    test "$gap" != none
check "and red3 is reached on vh2's port 3 now" \
    sh -c "'$OFCTL' -t 10 dump-flows unix:$DIR/vh2.ctl 'table=1' | grep -q 'actions=output:3'"

finish
