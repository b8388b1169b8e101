#!/bin/sh
# Runs the libFuzzer targets built by `make fuzz-build` (build/fuzz/).
#
#   tests/fuzz/run.sh SECONDS     fuzz each target for SECONDS (make fuzz)
#   tests/fuzz/run.sh --regress   run each target once over every input of
#                                 its committed corpus (make fuzz-regress)
#
# Target build/fuzz/fuzz-NAME takes its seeds from tests/fuzz/corpus/NAME/
# (read only) and, when fuzzing, writes new inputs to build/fuzz/corpus/NAME/
# and crashes, leaks and timeouts to build/fuzz/artifacts/: nothing new lands
# in the repository.  A dictionary tests/fuzz/NAME.dict is used if present.
# Exits non-zero if any target crashes, leaks, times out or reports a
# sanitizer error; logs are in build/fuzz/logs/ (NAME.log when fuzzing,
# NAME/INPUT.log per corpus input in regression mode).

set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ=$TOP/build/fuzz
CORPUS=$TOP/tests/fuzz/corpus

mode=fuzz
seconds=60
case ${1:-} in
--regress)
    mode=regress
    ;;
'' | *[!0-9]*)
    echo "usage: $0 SECONDS | --regress" >&2
    exit 2
    ;;
*)
    seconds=$1
    ;;
esac

# Leaks are failures; UBSan stops at the first report (the build also says
# -fno-sanitize-recover) and prints a stack.
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1\
${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

# True if the log holds a sanitizer report.
sanitizer_report() {
    grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' \
        -e 'runtime error:' -e '==ERROR' "$1"
}

# The first line of the log that says what went wrong.
first_error() {
    grep -m 1 -e 'runtime error:' -e 'ERROR: AddressSanitizer' \
        -e 'ERROR: LeakSanitizer' -e '^fuzz-' -e 'ERROR: libFuzzer' "$1" ||
        echo "(see the log)"
}

mkdir -p "$FUZZ/logs" "$FUZZ/artifacts"
failed=0
passed=0
targets=$(find "$TOP/tests/fuzz" -maxdepth 1 -name 'fuzz-*.c' |
          sed 's|.*/||; s/\.c$//' | sort)

for target in $targets; do
    name=${target#fuzz-}
    bin=$FUZZ/$target
    seeds=$CORPUS/$name
    log=$FUZZ/logs/$name.log
    dict=$TOP/tests/fuzz/$name.dict

    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin is missing (make fuzz-build)" >&2
        exit 2
    fi
    set --
    [ -f "$dict" ] && set -- "-dict=$dict"

    if [ $mode = regress ]; then
        # One process per input, so that every failing input is reported.
        n=0
        bad=0
        mkdir -p "$FUZZ/logs/$name"
        for input in $(find "$seeds" -type f | sort); do
            n=$((n + 1))
            ilog=$FUZZ/logs/$name/$(basename "$input").log
            "$bin" -rss_limit_mb=2048 -timeout=10 \
                -artifact_prefix="$FUZZ/artifacts/$name-" "$@" "$input" \
                >"$ilog" 2>&1
            status=$?
            if [ $status -ne 0 ] || sanitizer_report "$ilog"; then
                bad=$((bad + 1))
                printf 'FAIL  fuzz-%s %s: %s\n' "$name" \
                    "${input#"$TOP"/}" "$(first_error "$ilog")"
                echo "      log: $ilog"
            fi
        done
        if [ $bad -eq 0 ]; then
            passed=$((passed + 1))
            printf 'PASS  fuzz-%s: %d inputs of tests/fuzz/corpus/%s\n' \
                "$name" "$n" "$name"
        else
            failed=$((failed + 1))
            printf 'FAIL  fuzz-%s: %d of %d inputs failed\n' "$name" "$bad" \
                "$n"
        fi
        continue
    fi

    mkdir -p "$FUZZ/corpus/$name"
    printf 'fuzz: %-12s %ss ... ' "$name" "$seconds"
    "$bin" -max_total_time="$seconds" -detect_leaks=1 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$FUZZ/artifacts/$name-" "$@" \
        "$FUZZ/corpus/$name" "$seeds" >"$log" 2>&1
    status=$?
    if [ $status -eq 0 ] && ! sanitizer_report "$log"; then
        passed=$((passed + 1))
        grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
            sed 's/.*: */ok, executions: /'
    else
        failed=$((failed + 1))
        echo "FAILED (status $status): $(first_error "$log")"
        grep -n -m 1 -A 40 -e 'ERROR:' -e 'runtime error:' \
            -e 'deadly signal' -e '^fuzz-' "$log" | head -n 60
        grep -e 'Test unit written to' "$log" | tail -n 1
        echo "log: $log"
    fi
done

echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
