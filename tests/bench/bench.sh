#!/bin/bash
# make bench: ofswitch and Open vSwitch's userspace datapath, side by side.
#
#   tests/bench/bench.sh [--quick] [--no-ovs] [--runs N] [--seconds N]
#                        [--pings N] [--no-classifier] [BUILD_DIR]
#
# A benchmark, not a test: it prints figures and asserts nothing.
#
# Topology, made for the run and deleted after it:
#
#     [ns h1] v1b ---- v1a (port 1) SWITCH (port 2) v2a ---- v2b [ns h2]
#            10.0.0.1    [ns sw: the switch and its ports]    10.0.0.2
#
# The switch is first ofswitch, then (when Open vSwitch is installed) an
# OVS bridge with datapath_type=netdev run by an ovsdb-server and
# ovs-vswitchd of the script's own (database, sockets and logs in a
# temporary directory; a system Open vSwitch is never touched), on the
# same veth pairs.  Each switch runs pinned to CPU 1; generators,
# receivers, iperf3 and ping run in the namespaces pinned to CPU 0.  The
# switch has a namespace of its own so that a packet capture on "any" in
# the root namespace (a test running meanwhile) does not tap its ports:
# that alone can cut the 64-byte rate by half.  Each run waits for the
# CPUs to be quiet first; other work that starts during a run still
# lowers its figures (the log shows each run).
#
# Figures, each the median of --runs runs (3 by default):
#   64-byte rate   pktgen send (AF_PACKET, sendmmsg) blasts 60-byte UDP
#                  frames from h1; pktgen sink (a TPACKET_V3 ring) counts
#                  those delivered to h2 over --seconds seconds after a
#                  2-second warm-up.
#   TCP            one iperf3 stream h1 -> h2.  ofswitch with the kernel's
#                  default offloads; OVS first with them (to see whether
#                  it passes TCP at all), then with rx/tx checksum offload
#                  off on the hosts' interfaces (ethtool -K), which turns
#                  TSO off too; ofswitch is measured that way as well.
#   latency        median round trip of --pings pings, 10 ms apart.
# with 2 flows (in_port=1 -> 2, in_port=2 -> 1), and with 100,000 more
# (ip,nw_dst=10.1.x.y -> 2, priority 100), where the generator spreads
# its frames over 131,072 destinations 10.1.0.0-10.2.255.255, so that
# 100,000 of them hit their own flow and the rest the in_port flow.
# Also: ofctl add-flows of the 100,000 flows into each switch (and
# ovs-ofctl's into OVS for reference), timed; ofswitch's resident memory
# with 1,000,000 flows; the classifier micro-benchmark
# (build/bench/bench-classifier).
#
# The table goes to stdout and to BUILD_DIR/bench/results.txt, the raw
# figures of every run to BUILD_DIR/bench/bench.log.  Measuring holds
# flock /tmp/bench.lock (shared with the conformance runner).  Run as
# root (BENCH_LOCK= to skip the lock, for a functional check only).
# --quick: one run of each, 3-second intervals, the classifier
# benchmark's --quick.  --no-ovs: ofswitch only.

set -u

RUNS=3
SECONDS_=5
WARMUP=2
PINGS=300
QUICK=0
OVS=1
CLASSIFIER=1
OFSWITCH_RUN=1
PIN=1
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1; RUNS=1; SECONDS_=3; PINGS=100 ;;
        --no-ovs) OVS=0 ;;
        --no-classifier) CLASSIFIER=0 ;;
        --no-ofswitch) OFSWITCH_RUN=0 ;;
        --no-pin) PIN=0 ;;
        --runs) RUNS=$2; shift ;;
        --seconds) SECONDS_=$2; shift ;;
        --pings) PINGS=$2; shift ;;
        -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) echo "bench: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
BUILD=$(cd "${1:-build}" 2>/dev/null && pwd) || {
    echo "bench: no build directory ${1:-build}" >&2
    exit 1
}
OFSWITCH=$BUILD/ofswitch
OFCTL=$BUILD/ofctl
PKTGEN=$BUILD/bench/pktgen
BENCH_CLASSIFIER=$BUILD/bench/bench-classifier
RESULTS=$BUILD/bench/results.txt
LOG=$BUILD/bench/bench.log
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

[ "$(id -u)" = 0 ] || { echo "bench: needs root (namespaces)" >&2; exit 1; }
for f in "$OFSWITCH" "$OFCTL" "$PKTGEN" "$BENCH_CLASSIFIER"; do
    [ -x "$f" ] || { echo "bench: $f not built (make)" >&2; exit 1; }
done
for tool in ip iperf3 ping taskset flock; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "bench: $tool is not installed" >&2
        exit 1
    }
done
HAVE_ETHTOOL=1
command -v ethtool >/dev/null 2>&1 || HAVE_ETHTOOL=0
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
OVS_WHY=
if [ $OVS = 1 ]; then
    for tool in ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovsdb-tool; do
        command -v "$tool" >/dev/null 2>&1 || OVS_WHY="$tool is not installed"
    done
    [ -z "$OVS_WHY" ] && [ ! -r "$SCHEMA" ] && OVS_WHY="no $SCHEMA"
    [ -n "$OVS_WHY" ] && OVS=0
else
    OVS_WHY="--no-ovs"
fi

# Everything measured runs at nice -10: the machine may be building or
# testing meanwhile, and both switches get the same.
if [ "$(nproc)" -ge 2 ] && [ $PIN = 1 ]; then
    HOST_CPU="nice -n -10 taskset -c 0"
    SWITCH_CPU="nice -n -10 taskset -c 1"
    SWITCH_CPU_STAT=cpu1
else
    HOST_CPU="nice -n -10"
    SWITCH_CPU="nice -n -10"
    SWITCH_CPU_STAT=cpu
fi
SWITCH_PID=

# ---- Names: unique per run, short enough for interface names ----------

ID=$$
DIR=$(mktemp -d /tmp/ofkit-bench.XXXXXX)
NS1=obench-$ID-h1
NS2=obench-$ID-h2
NSW=obench-$ID-sw   # The switch's namespace: a capture on "any" elsewhere
                    # (other people's tests) never taps its ports.
V1A=ob${ID}a        # Port 1; its peer V1B is in NS1.
V1B=ob${ID}b
V2A=ob${ID}c        # Port 2; its peer V2B is in NS2.
V2B=ob${ID}d
MAC1=02:00:00:00:01:01
MAC2=02:00:00:00:02:01
# The generator's frames go to a MAC address nobody has, so that h2's IP
# stack drops them at once (both switches pay the same for it).
SINK_MAC=02:00:00:00:09:09
BR=obbr$ID
OFS_NAME=obs$ID
OFS_T=unix:$DIR/ofswitch.ctl
OFS_PID=
OVS_T=

mkdir -p "$BUILD/bench"
: >"$LOG"
export OVS_RUNDIR=$DIR OVS_LOGDIR=$DIR OVS_DBDIR=$DIR OVS_SYSCONFDIR=$DIR
VSCTL="ovs-vsctl --db=unix:$DIR/db.sock --timeout=20"

log() {
    echo "$*" >>"$LOG"
}

say() {
    echo "bench: $*"
    log "# $*"
}

stop_pid() {
    local pid=$1 i
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
}

stop_ovs() {
    if [ -f "$DIR/ovs-vswitchd.pid" ]; then
        $VSCTL --if-exists del-br "$BR" >/dev/null 2>&1
        stop_pid "$(cat "$DIR/ovs-vswitchd.pid")"
        rm -f "$DIR/ovs-vswitchd.pid"
    fi
    if [ -f "$DIR/ovsdb-server.pid" ]; then
        stop_pid "$(cat "$DIR/ovsdb-server.pid")"
        rm -f "$DIR/ovsdb-server.pid"
    fi
    ip -n "$NSW" link del "$BR" 2>/dev/null
}

# Background processes are listed in $DIR/pids while they run (the
# measuring functions run in subshells, so a variable would not do).
bg_started() {
    echo "$1" >>"$DIR/pids"
}

bg_done() {
    sed -i "/^$1\$/d" "$DIR/pids"
}

cleanup() {
    local pid
    for pid in $(cat "$DIR/pids" 2>/dev/null); do
        stop_pid "$pid"
    done
    stop_ovs
    ip -n "$NSW" link del "$V1A" 2>/dev/null
    ip -n "$NSW" link del "$V2A" 2>/dev/null
    ip netns del "$NSW" 2>/dev/null
    ip netns del "$NS1" 2>/dev/null
    ip netns del "$NS2" 2>/dev/null
    if [ "${KEEP:-0}" = 1 ]; then
        echo "bench: kept $DIR"
    else
        rm -rf "$DIR"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to 20 s for COMMAND to succeed.
wait_for() {
    local i
    for i in $(seq 200); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

now_ms() {
    date +%s%3N
}

# Divides the number on stdin by $1 and rounds it ("-" stays "-").
div() {
    awk -v d="$1" '{ print ($1 == "-") ? "-" : sprintf("%.0f", $1 / d) }'
}

# Median of the numbers on stdin ("-" when there are none).
median() {
    sort -g | awk '{ v[NR] = $1 }
        END {
            if (NR == 0) { print "-"; exit }
            if (NR % 2) { print v[(NR + 1) / 2] }
            else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 }
        }'
}

in_ns() {
    local ns=$1
    shift
    ip netns exec "$ns" $HOST_CPU "$@"
}

# ---- Topology ----------------------------------------------------------

make_topology() {
    local n ns a b mac
    ip netns add "$NSW" || return 1
    ip -n "$NSW" link set lo up
    ip netns exec "$NSW" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$NSW" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1
    for n in 1 2; do
        if [ $n = 1 ]; then
            ns=$NS1 a=$V1A b=$V1B mac=$MAC1
        else
            ns=$NS2 a=$V2A b=$V2B mac=$MAC2
        fi
        ip netns add "$ns" || return 1
        ip link add "$a" type veth peer name "$b" || return 1
        ip link set "$b" netns "$ns" || return 1
        ip link set "$a" netns "$NSW" || return 1
        ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
        ip netns exec "$ns" sysctl -q -w net.ipv6.conf.default.disable_ipv6=1
        ip -n "$ns" link set "$b" address "$mac" || return 1
        ip -n "$ns" addr add "10.0.0.$n/24" dev "$b" || return 1
        ip -n "$ns" link set "$b" up || return 1
        ip -n "$ns" link set lo up
        ip -n "$NSW" link set "$a" up || return 1
    done
    # No ARP during the measurements.
    ip -n "$NS1" neigh replace 10.0.0.2 lladdr "$MAC2" dev "$V1B" nud permanent
    ip -n "$NS2" neigh replace 10.0.0.1 lladdr "$MAC1" dev "$V2B" nud permanent
}

# offloads on|off: rx/tx checksum offload (and with tx, TSO) of the hosts'
# interfaces and of the switch's ports.
offloads() {
    ip netns exec "$NS1" ethtool -K "$V1B" rx "$1" tx "$1" >/dev/null 2>&1
    ip netns exec "$NS2" ethtool -K "$V2B" rx "$1" tx "$1" >/dev/null 2>&1
    ip netns exec "$NSW" ethtool -K "$V1A" rx "$1" tx "$1" >/dev/null 2>&1
    ip netns exec "$NSW" ethtool -K "$V2A" rx "$1" tx "$1" >/dev/null 2>&1
}

# ---- Flows -------------------------------------------------------------

# The 2 flows, and the same with N flows matching destinations 10.1.0.0 on
# (written to FILE).
write_flows() {
    local n=$1 file=$2 base=$3
    {
        echo "priority=1,in_port=1,actions=output:2"
        echo "priority=1,in_port=2,actions=output:1"
        [ "$n" -gt 0 ] && awk -v n="$n" -v base="$base" 'BEGIN {
            for (i = 0; i < n; i++) {
                a = base + i
                printf "priority=100,ip,nw_dst=%d.%d.%d.%d,actions=output:2\n",
                    int(a / 16777216), int(a / 65536) % 256,
                    int(a / 256) % 256, a % 256
            }
        }'
    } >"$file"
}

# set_flows CTL TARGET FILE: the switch's flows become those of FILE.
# Prints the milliseconds add-flows took.
set_flows() {
    local ctl=$1 target=$2 file=$3 t0 t1
    $ctl del-flows "$target" >>"$LOG" 2>&1 || return 1
    t0=$(now_ms)
    $ctl add-flows "$target" "$file" >>"$LOG" 2>&1 || return 1
    t1=$(now_ms)
    echo $((t1 - t0))
}

count_flows() {
    local ctl=$1 target=$2
    $ctl dump-aggregate "$target" 2>/dev/null |
        sed -n 's/.*flow_count=\([0-9]*\).*/\1/p'
}

OFCTL_CMD="$OFCTL"
OVS_OFCTL_CMD="ovs-ofctl -O OpenFlow13"

# ---- Measurements ------------------------------------------------------

# The busy, total and stolen jiffies of the switch's CPU (of all CPUs
# unpinned), and those of the switch's process.  Stolen: the hypervisor
# ran something else on it.
cpu_jiffies() {
    local proc=0
    [ -n "$SWITCH_PID" ] && [ -r "/proc/$SWITCH_PID/stat" ] &&
        proc=$(sed 's/.*) //' "/proc/$SWITCH_PID/stat" |
               awk '{ print $12 + $13 }')
    awk -v cpu="$SWITCH_CPU_STAT" -v proc="$proc" '$1 == cpu {
        idle = $5 + $6
        total = 0
        for (i = 2; i <= 9; i++) total += $i
        print total - idle - $9, total, $9, proc
    }' /proc/stat
}

# Percent busy between cpu.0 and cpu.1; with "steal", percent stolen.
cpu_busy() {
    paste "$DIR/cpu.0" "$DIR/cpu.1" 2>/dev/null | awk -v what="${1:-busy}" '{
        t = $6 - $2
        x = $5 - $1
        if (what == "steal") x = $7 - $3
        if (what == "proc") x = $8 - $4
        printf "%.0f\n", (t > 0 ? 100 * x / t : 0)
    }'
}

# Other work on the machine (builds, tests) lowers every figure, so each
# run waits up to 60 s for a moment when all CPUs together are less than
# 15% busy over half a second.
wait_quiet() {
    local i a b
    for i in $(seq 120); do
        a=$(SWITCH_CPU_STAT=cpu cpu_jiffies)
        sleep 0.5
        b=$(SWITCH_CPU_STAT=cpu cpu_jiffies)
        if echo "$a $b" |
           awk '{ exit !($6 > $2 && ($5 - $1) / ($6 - $2) < 0.15) }'; then
            return 0
        fi
    done
    log "  (the machine did not become quiet in 60 s: measuring anyway)"
    echo >>"$DIR/noisy"
}

# rate_once NDST: frames/s delivered to h2, one run.
rate_once() {
    local ndst=$1 sink_out=$DIR/sink.out gen_out=$DIR/gen.out
    local pid cpu_pid dst
    wait_quiet
    in_ns "$NS2" "$PKTGEN" sink "$V2B" "$WARMUP" "$SECONDS_" \
        >"$sink_out" 2>&1 &
    pid=$!
    bg_started $pid
    sleep 0.2
    # The switch's CPU over the sink's interval.
    (sleep "$WARMUP"; cpu_jiffies >"$DIR/cpu.0"; sleep "$SECONDS_";
     cpu_jiffies >"$DIR/cpu.1") &
    bg_started $!
    cpu_pid=$!
    [ "$ndst" = 1 ] && dst=10.0.0.2 || dst=10.1.0.0
    in_ns "$NS1" "$PKTGEN" --src-mac "$MAC1" --dst-mac "$SINK_MAC" \
        --src-ip 10.0.0.1 --dst-ip $dst --n-dst "$ndst" \
        send "$V1B" $((WARMUP + SECONDS_ + 1)) >"$gen_out" 2>&1
    wait "$pid" "$cpu_pid"
    bg_done $pid
    bg_done $cpu_pid
    log "  gen:  $(cat "$gen_out")"
    log "  sink: $(cat "$sink_out")"
    log "  switch CPU busy: $(cpu_busy) %, by the switch's process" \
        "$(cpu_busy proc) %, stolen by the host $(cpu_busy steal) %"
    sed -n 's/^sent .*: \([0-9]*\) frames\/s.*/\1/p' "$gen_out" \
        >>"$DIR/offered"
    cpu_busy >>"$DIR/busy"
    cpu_busy proc >>"$DIR/procbusy"
    sed -n 's/^received .*: \([0-9]*\) frames\/s.*/\1/p' "$sink_out"
}

# rate NDST: median kpps over the runs.
rate() {
    local i
    : >"$DIR/offered"
    : >"$DIR/busy"
    : >"$DIR/procbusy"
    for i in $(seq "$RUNS"); do
        rate_once "$1"
    done | median | div 1000
}

# tcp_once [TIMEOUT]: Gbit/s of one iperf3 stream h1 -> h2 (0: no TCP).
tcp_once() {
    local port=5201 out=$DIR/iperf.json pid
    wait_quiet
    in_ns "$NS2" iperf3 -s -1 -p $port >"$DIR/iperf-server.out" 2>&1 &
    pid=$!
    bg_started $pid
    wait_for sh -c "ip netns exec $NS2 ss -ltn | grep -q ':$port '"
    timeout $((SECONDS_ + 20)) ip netns exec "$NS1" $HOST_CPU iperf3 \
        -c 10.0.0.2 -p $port -t "$SECONDS_" -O 1 -J \
        --connect-timeout 3000 >"$out" 2>&1
    stop_pid $pid
    bg_done $pid
    "$PYTHON" - "$out" <<'EOF'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    bps = r["end"]["sum_received"]["bits_per_second"]
    if r.get("error"):
        bps = 0
except Exception:
    bps = 0
print("%.2f" % (bps / 1e9))
EOF
}

tcp() {
    local i g
    for i in $(seq "$RUNS"); do
        g=$(tcp_once)
        log "  iperf3: $g Gbit/s"
        echo "$g"
    done | median
}

# latency: median round trip in microseconds over the runs (each run's
# own median).
latency() {
    local i m
    for i in $(seq "$RUNS"); do
        wait_quiet
        m=$(in_ns "$NS1" ping -n -c "$PINGS" -i 0.01 -W 1 10.0.0.2 2>&1 |
            sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' |
            awk '{ print $1 * 1000 }' | median)
        log "  ping: median $m us"
        echo "$m"
    done | median | div 1
}

# ---- Results -----------------------------------------------------------

# R[key]: figures by "switch.metric".
declare -A R

put() {
    R[$1]=$2
    log "$1 = $2"
}

get() {
    echo "${R[$1]:--}"
}

# measure_switch SW CTL TARGET: the traffic figures of one switch, 2 flows
# then 100k flows.
measure_switch() {
    local sw=$1 ctl=$2 target=$3 i ms n
    say "$sw: 2 flows"
    set_flows "$ctl" "$target" "$DIR/flows-2.txt" >/dev/null ||
        { say "$sw: add-flows failed"; return 1; }
    log "$sw flows: $(count_flows "$ctl" "$target")"
    put "$sw.rate2" "$(rate 1)"
    put "$sw.offered2" "$(median <"$DIR/offered" | div 1000)"
    put "$sw.busy2" "$(median <"$DIR/busy")"
    put "$sw.proc2" "$(median <"$DIR/procbusy")"
    if [ "$sw" = ovs ]; then
        # Does TCP pass with the default offloads?
        put ovs.tcp2_offloads "$(tcp_once)"
        if [ $HAVE_ETHTOOL = 1 ]; then
            offloads off
            put ovs.tcp2 "$(tcp)"
            offloads on
        fi
    else
        put "$sw.tcp2" "$(tcp)"
        if [ $HAVE_ETHTOOL = 1 ]; then
            offloads off
            put "$sw.tcp2_nooffloads" "$(tcp)"
            offloads on
        fi
    fi
    put "$sw.lat2" "$(latency)"

    say "$sw: add-flows of 100,000 flows ($RUNS times)"
    for i in $(seq "$RUNS"); do
        ms=$(set_flows "$OFCTL_CMD" "$target" "$DIR/flows-100k.txt") ||
            { say "$sw: ofctl add-flows failed"; return 1; }
        n=$(count_flows "$ctl" "$target")
        log "  ofctl add-flows: $ms ms, $n flows"
        [ "$n" = 100002 ] || say "$sw: $n flows after add-flows, not 100002"
        echo $((100002 * 1000 / (ms > 0 ? ms : 1)))
    done | median >"$DIR/addrate"
    put "$sw.addflows" "$(cat "$DIR/addrate")"
    if [ "$sw" = ovs ]; then
        ms=$(set_flows "$OVS_OFCTL_CMD" "$target" "$DIR/flows-100k.txt")
        log "  ovs-ofctl add-flows: $ms ms"
        put ovs.addflows_ovsofctl $((100002 * 1000 / (ms > 0 ? ms : 1)))
    fi

    say "$sw: 100,000 flows, 131,072 destinations"
    put "$sw.rate100k" "$(rate 131072)"
    put "$sw.offered100k" "$(median <"$DIR/offered" | div 1000)"
    put "$sw.busy100k" "$(median <"$DIR/busy")"
    put "$sw.proc100k" "$(median <"$DIR/procbusy")"
    if [ "$sw" = ovs ]; then
        if [ $HAVE_ETHTOOL = 1 ]; then
            offloads off
            put ovs.tcp100k "$(tcp)"
            offloads on
        fi
    else
        put "$sw.tcp100k" "$(tcp)"
    fi
    put "$sw.lat100k" "$(latency)"
}

start_ofswitch() {
    ip netns exec "$NSW" $SWITCH_CPU "$OFSWITCH" --name "$OFS_NAME" \
        --no-local \
        --port "$V1A=1" --port "$V2A=2" --ctl "$DIR/ofswitch.ctl" \
        --max-flows 2000000 --log-level warn >"$DIR/ofswitch.log" 2>&1 &
    OFS_PID=$!
    SWITCH_PID=$OFS_PID
    bg_started $OFS_PID
    wait_for "$OFCTL" probe "$OFS_T" || {
        say "ofswitch did not start"
        cat "$DIR/ofswitch.log" >&2
        return 1
    }
}

rss_kib() {
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

start_ovs() {
    ovsdb-tool create "$DIR/conf.db" "$SCHEMA" >>"$LOG" 2>&1 || return 1
    ovsdb-server "$DIR/conf.db" --remote=punix:"$DIR/db.sock" \
        --pidfile="$DIR/ovsdb-server.pid" --unixctl="$DIR/ovsdb-server.ctl" \
        --log-file="$DIR/ovsdb-server.log" --detach --no-chdir \
        >>"$LOG" 2>&1 || return 1
    $VSCTL --no-wait init || return 1
    ip netns exec "$NSW" $SWITCH_CPU ovs-vswitchd unix:"$DIR/db.sock" \
        --pidfile="$DIR/ovs-vswitchd.pid" \
        --unixctl="$DIR/ovs-vswitchd.ctl" --log-file="$DIR/ovs-vswitchd.log" \
        --detach --no-chdir >>"$LOG" 2>&1 || return 1
    # The bridge's management socket: OpenFlow without a TCP port.
    OVS_T=unix:$DIR/$BR.mgmt
    $VSCTL add-br "$BR" -- set bridge "$BR" datapath_type=netdev \
        fail_mode=secure protocols=OpenFlow13 \
        other-config:disable-in-band=true \
        -- add-port "$BR" "$V1A" -- set interface "$V1A" ofport_request=1 \
        -- add-port "$BR" "$V2A" -- set interface "$V2A" ofport_request=2 \
        >>"$LOG" 2>&1 || return 1
    wait_for $OVS_OFCTL_CMD probe "$OVS_T" || return 1
    SWITCH_PID=$(cat "$DIR/ovs-vswitchd.pid")
    log "ovs: $(ovs-vswitchd --version | head -1)"
}

# ---- Run ---------------------------------------------------------------

BENCH_LOCK=${BENCH_LOCK-/tmp/bench.lock}
if [ -n "$BENCH_LOCK" ]; then
    exec 9>"$BENCH_LOCK"
    if ! flock -n 9; then
        say "waiting for $BENCH_LOCK (another benchmark or conformance run)"
        flock 9
    fi
fi

say "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "runs $RUNS, $SECONDS_ s per rate and TCP measurement, $PINGS pings; logs in $LOG"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
write_flows 0 "$DIR/flows-2.txt" 0
write_flows 100000 "$DIR/flows-100k.txt" $((10 << 24 | 1 << 16))
make_topology || { say "could not make the topology"; exit 1; }

# ofswitch: the traffic figures, then 1,000,000 flows.
measure_ofswitch() {
    local ms
    start_ofswitch || return 1
    put ofs.rss0 "$(rss_kib "$OFS_PID")"
    measure_switch ofs "$OFCTL_CMD" "$OFS_T"
    put ofs.rss100k "$(rss_kib "$OFS_PID")"

    say "ofswitch: 1,000,000 flows"
    awk 'BEGIN {
        for (i = 0; i < 1000000; i++) {
            a = 10 * 16777216 + 16 * 65536 + i
            printf "priority=100,ip,nw_dst=%d.%d.%d.%d,actions=output:2\n",
                int(a / 16777216), int(a / 65536) % 256, int(a / 256) % 256,
                a % 256
        }
    }' >"$DIR/flows-1m.txt"
    ms=$(set_flows "$OFCTL_CMD" "$OFS_T" "$DIR/flows-1m.txt")
    log "ofctl add-flows 1M: $ms ms, $(count_flows "$OFCTL_CMD" "$OFS_T") flows"
    [ -n "$ms" ] && put ofs.addflows1m $((1000000 * 1000 / (ms > 0 ? ms : 1)))
    put ofs.rss1m "$(rss_kib "$OFS_PID")"
    stop_pid "$OFS_PID"
    bg_done "$OFS_PID"
    OFS_PID=
    rm -f "$DIR/flows-1m.txt"
}

if [ $OFSWITCH_RUN = 1 ]; then
    measure_ofswitch || say "ofswitch: measurements incomplete"
fi

# Open vSwitch.
if [ $OVS = 1 ]; then
    if start_ovs; then
        measure_switch ovs "$OVS_OFCTL_CMD" "$OVS_T"
    else
        OVS_WHY="Open vSwitch did not start (see $LOG)"
        tail -20 "$DIR/ovs-vswitchd.log" >>"$LOG" 2>/dev/null
    fi
    stop_ovs
fi

# The classifier micro-benchmark.
if [ $CLASSIFIER = 1 ]; then
    say "classifier micro-benchmark"
    "$BENCH_CLASSIFIER" $([ $QUICK = 1 ] && echo --quick) \
        >"$DIR/classifier.out" 2>&1
else
    echo "(not run: --no-classifier)" >"$DIR/classifier.out"
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Table -------------------------------------------------------------

# row NAME OFS OVS RATIO TARGET
row() {
    printf '%-46s %10s %10s %7s  %s\n' "$1" "$2" "$3" "$4" "$5"
}

# ratio A B: A / B to two decimals, or "-".
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) {
            print "-"
        } else {
            printf "%.2f", a / b
        }
    }'
}

mib() {
    [ -n "$1" ] && [ "$1" != - ] && awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }' || echo -
}

{
    echo "make bench: ofswitch vs Open vSwitch $(ovs-vswitchd --version 2>/dev/null | sed -n '1s/.* //p') userspace datapath (datapath_type=netdev)"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), Linux $(uname -r), $(nproc) CPUs; switch on CPU 1, hosts on CPU 0"
    echo "median of $RUNS runs; ${SECONDS_} s per rate/TCP run; $PINGS pings per latency run; load $LOAD_START -> $LOAD_END"
    [ -s "$DIR/noisy" ] && echo "WARNING: $(wc -l <"$DIR/noisy") runs measured while other work kept the CPUs busy"
    [ $OVS = 0 ] && echo "OVS not measured: $OVS_WHY"
    [ $HAVE_ETHTOOL = 0 ] && echo "ethtool not installed: no offloads-off figures"
    echo "ratio: how many times better ofswitch is (>1: ofswitch ahead)"
    echo
    row "metric" "ofswitch" "OVS" "ratio" "target"
    row "64-byte rate, 2 flows (kpps)" "$(get ofs.rate2)" "$(get ovs.rate2)" \
        "$(ratio "$(get ofs.rate2)" "$(get ovs.rate2)")" ">= 2"
    row "64-byte rate, 100k flows, 128k dsts (kpps)" "$(get ofs.rate100k)" \
        "$(get ovs.rate100k)" \
        "$(ratio "$(get ofs.rate100k)" "$(get ovs.rate100k)")" ""
    row "  the same vs OVS with 2 flows" "$(get ofs.rate100k)" \
        "$(get ovs.rate2)" "$(ratio "$(get ofs.rate100k)" "$(get ovs.rate2)")" \
        ">= 2"
    row "  offered by the generator, 2 / 100k (kpps)" \
        "$(get ofs.offered2)/$(get ofs.offered100k)" \
        "$(get ovs.offered2)/$(get ovs.offered100k)" "" ""
    row "  switch's CPU busy meanwhile, 2 / 100k (%)" \
        "$(get ofs.busy2)/$(get ofs.busy100k)" \
        "$(get ovs.busy2)/$(get ovs.busy100k)" "" ""
    row "    of it, the switch's process (%) [3]" \
        "$(get ofs.proc2)/$(get ofs.proc100k)" \
        "$(get ovs.proc2)/$(get ovs.proc100k)" "" ""
    row "TCP, 1 stream, 2 flows (Gbit/s) [1]" "$(get ofs.tcp2)" \
        "$(get ovs.tcp2)" "$(ratio "$(get ofs.tcp2)" "$(get ovs.tcp2)")" ">= 2"
    row "TCP, 1 stream, 100k flows (Gbit/s) [1]" "$(get ofs.tcp100k)" \
        "$(get ovs.tcp100k)" \
        "$(ratio "$(get ofs.tcp100k)" "$(get ovs.tcp100k)")" ""
    row "TCP, 2 flows, offloads off on both (Gbit/s)" \
        "$(get ofs.tcp2_nooffloads)" "$(get ovs.tcp2)" \
        "$(ratio "$(get ofs.tcp2_nooffloads)" "$(get ovs.tcp2)")" ""
    row "TCP, 2 flows, default offloads on both [2]" "$(get ofs.tcp2)" \
        "$(get ovs.tcp2_offloads)" "" ""
    row "round trip, 2 flows (us, median)" "$(get ofs.lat2)" \
        "$(get ovs.lat2)" "$(ratio "$(get ovs.lat2)" "$(get ofs.lat2)")" ""
    row "round trip, 100k flows (us, median)" "$(get ofs.lat100k)" \
        "$(get ovs.lat100k)" "$(ratio "$(get ovs.lat100k)" "$(get ofs.lat100k)")" ""
    row "ofctl add-flows, 100k flows (flows/s)" "$(get ofs.addflows)" \
        "$(get ovs.addflows)" "$(ratio "$(get ofs.addflows)" "$(get ovs.addflows)")" \
        ">= 200000"
    row "  ovs-ofctl add-flows into OVS (flows/s)" "" \
        "$(get ovs.addflows_ovsofctl)" "" ""
    row "ofctl add-flows, 1M flows (flows/s)" "$(get ofs.addflows1m)" "" "" ""
    row "ofswitch resident memory: 2 flows (MiB)" "$(mib "$(get ofs.rss0)")" "" "" ""
    row "  with 100k flows (MiB)" "$(mib "$(get ofs.rss100k)")" "" "" ""
    row "  with 1M flows (MiB)" "$(mib "$(get ofs.rss1m)")" "" "" "< 1024"
    echo
    echo "[1] ofswitch with the kernel's default offloads; OVS with rx/tx checksum"
    echo "    offload (and so TSO) off on the hosts' interfaces and its ports."
    echo "[2] OVS with the default offloads: 0 means no TCP passed."
    echo "[3] user and system time of the switch's threads; the kernel's"
    echo "    softirq work (delivering what it sends) is not counted there."
    echo
    echo "classifier micro-benchmark (build/bench/bench-classifier$([ $QUICK = 1 ] && echo ' --quick')):"
    sed 's/^/  /' "$DIR/classifier.out"
} | tee "$RESULTS"
echo "bench: saved to $RESULTS"
