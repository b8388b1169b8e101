# What the mininet-*.sh integration tests share.  Sourced, not run (the
# name does not end in .sh, so `make integration` leaves it alone).
#
#   . "$(dirname "$0")/mininet-lib.bash" "$@"
#   mininet_checks SECONDS [--switch ovs] CHECK...
#
# Each test runs tests/integration/mininet-checks.py (the checks, with
# Mininet's Python API) in a sandbox: new network, PID and mount
# namespaces (unshare).  Mininet's hosts, links and switch interfaces, and
# every process the checks start (ofswitch, ofcontroller, Open vSwitch,
# ovs-testcontroller, iperf3), live and die inside it: the kernel kills
# the whole PID namespace when the run ends or the time limit strikes,
# and the namespaces' interfaces go with them.  Nothing is killed by name
# and the machine's network, its Open vSwitch (the sandbox mounts its own
# /run/openvswitch) and its other tests are never touched.
#
# Logs and control sockets go to a directory of the test's own, removed
# at the end (KEEP=1 keeps it).  In a sanitizer build (make ASAN=1
# integration) a report in any log is a failure.
#
# Exit status: 0 passed, 1 failed, 77 skipped (not root, or Mininet or a
# tool it needs is missing).

set -u

BUILD=${1:-build}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TEST=$(basename "$0" .sh)
PY=/usr/bin/python3

skip() {
    echo "$TEST: SKIP: $*"
    exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (Mininet)"
for tool in unshare timeout ip ping iperf3 mn telnet "$PY"; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
"$PY" -c 'import mininet.net' 2>/dev/null ||
    skip "Mininet's Python module is not installed (apt-get install mininet)"

BUILD_ABS=$(cd "$BUILD" 2>/dev/null && pwd) || {
    echo "$TEST: no build directory '$BUILD'"; exit 1; }
for b in ofswitch ofcontroller ofctl; do
    [ -x "$BUILD_ABS/$b" ] || { echo "$TEST: $BUILD/$b is not built"; exit 1; }
done

DIR=$(mktemp -d "/tmp/$TEST.XXXXXX")

mininet_cleanup() {
    local status=$?
    if [ "${KEEP:-0}" = 1 ]; then
        echo "$TEST: kept $DIR"
    else
        rm -rf "$DIR"
    fi
    exit "$status"
}
trap mininet_cleanup EXIT
trap 'exit 130' INT TERM

# mininet_checks SECONDS ARGS...: runs mininet-checks.py ARGS in a fresh
# sandbox, killed (with everything in it) after SECONDS.  Prints how long
# it took; returns its status, or 1 if a sanitizer reported anything.
mininet_checks() {
    local limit=$1 status start
    shift
    start=$(date +%s)
    OFKIT_BUILD=$BUILD_ABS OFKIT_RUNDIR=$DIR OFKIT_SANDBOX=1 \
        timeout -k 5 "$limit" \
        unshare --net --pid --mount --fork --kill-child --mount-proc \
        "$PY" "$HERE/mininet-checks.py" "$@"
    status=$?
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "  FAIL time limit of $limit s reached"
    fi
    if cat "$DIR"/*.log 2>/dev/null |
            grep -q -E "ERROR: (Address|Leak)Sanitizer|runtime error:"; then
        echo "  FAIL the sanitizer reported errors:"
        cat "$DIR"/*.log |
            grep -A30 -E "ERROR: (Address|Leak)Sanitizer|runtime error:" |
            head -60
        status=1
    fi
    echo "$TEST: $(( $(date +%s) - start )) s"
    return "$status"
}
