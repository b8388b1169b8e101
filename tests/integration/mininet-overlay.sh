#!/bin/bash
# The Mininet overlay lab (mininet-topos/overlay.py, what `make
# demo-overlay` runs), briefly: three VM hosts, each an ofswitch in a
# Mininet node of its own with an underlay address, a bridged underlay,
# ofcontroller's vm_overlay reached over the underlay, two tenants whose
# VMs share addresses.  Checked (the lab checks, this asserts its verdicts):
#   - the ping matrix: every VM reaches every VM of its tenant and none of
#     the other (counted where the echo lands), no echo in the other
#     tenant;
#   - broadcast confinement: a UDP broadcast from red1 reaches red2 and
#     red3 only, one from blue1 the other blue VMs only;
#   - the underlay (tshark): each tenant's pings travel in its own VNI
#     (1001, 1002), no other VNI, no VM's ARP, nothing malformed;
#   - iperf3 between VMs on two hosts moved data (the figure is printed).
# Runs in a sandbox (mininet-lib.bash): nothing outside it is touched.

. "$(dirname "$0")/mininet-lib.bash" "$@"
command -v tshark >/dev/null 2>&1 || skip "tshark is not installed"

TOP=$(cd "$HERE/../.." && pwd)
start=$(date +%s)
OFKIT_BUILD=$BUILD_ABS OFKIT_RUNDIR=$DIR OFKIT_SANDBOX=1 \
    timeout -k 5 150 \
    unshare --net --pid --mount --fork --kill-child --mount-proc \
    "$PY" "$TOP/mininet-topos/overlay.py" demo --iperf-seconds 2 \
    >"$DIR/out" 2>&1
status=$?
cat "$DIR/out"
[ "$status" = 124 ] || [ "$status" = 137 ] &&
    echo "  FAIL time limit of 150 s reached"

fails=0
# expect WHAT REGEX: the lab's output has a line matching REGEX.
expect() {
    if grep -q -E "$2" "$DIR/out"; then
        echo "  ok   $1"
    else
        echo "  FAIL $1"
        fails=$((fails + 1))
    fi
}
expect "the lab passed" "^  result +PASS$"
expect "the matrix: all within the tenants, none across" \
    "^  matrix +42 cells: 18 reached, all within the tenants, none across$"
expect "red's broadcast stays in red" \
    "^  broadcast +red1's reached red2, red3$"
expect "blue's broadcast stays in blue" \
    "^  broadcast +blue1's reached blue2, blue3, blue4$"
expect "red's pings travel in VNI 1001" "red: VNI 1001, its pings inside it"
expect "blue's pings travel in VNI 1002" "blue: VNI 1002, its pings inside it"
expect "no VM's ARP on the underlay" "VXLAN packets .*, 0 with an ARP inside"
expect "iperf3 between two hosts' VMs moved data" \
    "^  iperf3 +red1 -> red2 across the tunnel: [0-9.]+ [kMG]?bit/s"

if cat "$DIR"/*.log 2>/dev/null |
        grep -q -E "ERROR: (Address|Leak)Sanitizer|runtime error:"; then
    echo "  FAIL the sanitizer reported errors:"
    cat "$DIR"/*.log |
        grep -A30 -E "ERROR: (Address|Leak)Sanitizer|runtime error:" |
        head -60
    fails=$((fails + 1))
fi
echo "$TEST: $(($(date +%s) - start)) s"
[ "$status" = 0 ] && [ "$fails" = 0 ]
