#!/bin/sh
# The wire check: our encodings against an independent dissector, and the
# golden sample files against ofctl.
#
#   tests/wire/check.sh WIRE_GEN BUILD_DIR
#
# 1. tshark: wire-gen encodes one message of every type and multipart type
#    into a pcap (TCP 127.0.0.1:40000 -> 127.0.0.1:6653, which Wireshark
#    dissects as OpenFlow); tshark must dissect each packet as exactly one
#    OpenFlow 1.3 message of the intended type (openflow_v4.type) and
#    multipart type (openflow_v4.multipart_request.type / _reply.type), of
#    the encoded length, with no Malformed Packet and no expert info of
#    warning or error severity.  Our own decoder must also accept the bytes
#    and re-encode them identically ("ofproto" column).
# 2. golden: tests/data/all-messages.bin and the malformed samples must be
#    what wire-gen makes now (`make wire-golden` rewrites them).
# 3. ofctl decode tests/data/all-messages.bin prints every message (each
#    OFPT_ and OFPMP_ name appears), exits 0, and --reencode gives the file
#    back byte for byte.
# 4. ofctl decode of each malformed sample prints the byte offset, the
#    message type and the error ofkit would send, and exits non-zero.
#
# Artifacts (pcap, manifest, PDML, tshark's view of failing messages) stay
# in BUILD_DIR/wire-check/ for a closer look.  Exits non-zero on any
# failure.  Needs tshark, od, awk (any POSIX awk).

set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 WIRE_GEN BUILD_DIR" >&2
    exit 2
fi
WIRE_GEN=$1
BUILD=$2
OFCTL=$BUILD/ofctl
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$TOP/tests/data
OUT=$BUILD/wire-check

passed=0
failed=0

pass() {
    passed=$((passed + 1))
}

fail() {
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$*"
}

for tool in "$WIRE_GEN" "$OFCTL"; do
    if [ ! -x "$tool" ]; then
        echo "wire-check: $tool is missing (build it first)" >&2
        exit 2
    fi
done
if ! command -v tshark >/dev/null 2>&1; then
    echo "wire-check: tshark is not installed (scripts/install-deps.sh)" >&2
    exit 2
fi

rm -rf "$OUT"
mkdir -p "$OUT"
"$WIRE_GEN" --pcap "$OUT/all.pcap" --manifest "$OUT/manifest.tsv" \
    --raw "$OUT/all-messages.bin" --malformed "$OUT/malformed" || {
    echo "wire-check: wire-gen failed" >&2
    exit 1
}

# ---- 1. tshark -------------------------------------------------------

echo "== tshark $(tshark --version 2>/dev/null |
                 sed -n '1s/^TShark (Wireshark) \([^ ]*\).*/\1/p')" \
     "dissects every message type as we meant"

# -n: no name resolution; the OpenFlow dissector is registered on TCP port
# 6653 by default, "decode as" makes sure of it whatever the preferences.
tshark -n -r "$OUT/all.pcap" -d tcp.port==6653,openflow -T pdml \
    >"$OUT/all.pdml" 2>"$OUT/tshark.stderr"
status=$?
if [ $status -ne 0 ]; then
    echo "wire-check: tshark failed (status $status):" >&2
    cat "$OUT/tshark.stderr" >&2
    exit 1
fi

# Reduce the PDML to one tab-separated line per packet:
#   frame  n_openflow  type  type_name  length  proto_size  mp_type
#   mp_name  malformed  problems  notes  exp_id  skeleton  protocols
# 'problems' lists expert infos of warning or error severity, 'notes' the
# "undecoded" notes (reported, not failed).  Only the first occurrence of a
# field counts: an error message's data is dissected as a nested header.
# 'skeleton' lists, in order, the OXM fields ("/m" if masked),
# instructions, actions, buckets, meter bands, table feature properties and
# queue properties, named as the dissector names them; wire-gen writes the
# same list from the structs it encoded.
awk '
function attr(line, name,    i, s) {
    i = index(line, " " name "=\"")
    if (i == 0) {
        return ""
    }
    s = substr(line, i + length(name) + 3)
    return substr(s, 1, index(s, "\"") - 1)
}
function unescape(s) {
    gsub(/&quot;/, "\"", s)
    gsub(/&lt;/, "<", s)
    gsub(/&gt;/, ">", s)
    gsub(/&#x27;/, "'\''", s)
    gsub(/&amp;/, "\\&", s)
    gsub(/\t/, " ", s)
    return s
}
function label(showname,    i) {
    # "Type: OFPT_FLOW_MOD (14)" -> "OFPT_FLOW_MOD"
    sub(/^[^:]*: /, "", showname)
    i = index(showname, " (")
    return i ? substr(showname, 1, i - 1) : showname
}
function reset() {
    frame = ""; n_of = 0; type = ""; tname = ""; len = ""; psize = ""
    mp = ""; mpname = ""; malformed = 0; problems = ""; notes = ""
    proto = ""; exp_id = ""; skel = ""; protos = ""
}
function token(t) {
    skel = skel (skel == "" ? "" : ",") t
}
function field(name) {
    return index($0, "<field name=\"" name "\"") > 0
}
BEGIN { reset() }
/<packet>/ { reset() }
/<proto name="/ {
    proto = attr($0, "name")
    if (proto == "openflow_v4") {
        n_of++
        if (n_of == 1) {
            psize = attr($0, "size")
        }
    } else if (proto == "_ws.malformed") {
        malformed = 1
    }
}
field("frame.number") && frame == "" { frame = attr($0, "show") }
field("frame.protocols") && protos == "" { protos = attr($0, "show") }
field("openflow_v4.type") && type == "" {
    type = attr($0, "show"); tname = label(attr($0, "showname"))
}
field("openflow_v4.length") && len == "" { len = attr($0, "show") }
(field("openflow_v4.multipart_request.type") ||
 field("openflow_v4.multipart_reply.type")) && mp == "" {
    mp = attr($0, "show"); mpname = label(attr($0, "showname"))
}
field("openflow_v4.multipart_reply.experimenter.experimenter") &&
    exp_id == "" {
    exp_id = attr($0, "show")
}
field("openflow_v4.oxm.field") ||
    field("openflow_v4.instruction.type") ||
    field("openflow_v4.action.type") ||
    field("openflow_v4.meter_band.type") ||
    field("openflow_v4.table_feature_prop.type") ||
    field("openflow_v4.queue_prop.property") {
    t = label(attr($0, "showname"))
    # Wireshark 4.0 misspells this one value name.
    if (t == "OFPXMT_OFP_MPLS_BOS") {
        t = "OFPXMT_OFB_MPLS_BOS"
    }
    token(t)
}
field("openflow_v4.oxm.hm") && attr($0, "show") == "1" { skel = skel "/m" }
field("openflow_v4.bucket.length") { token("bucket") }
field("_ws.expert") {
    s = unescape(attr($0, "showname"))
    sub(/^Expert Info \(/, "", s)
    sub(/\): /, ": ", s)
    sev = substr(s, 1, index(s, "/") - 1)
    if (sev == "Warning" || sev == "Error") {
        problems = problems (problems == "" ? "" : "; ") proto ": " s
    } else if (index(s, "/Undecoded: ")) {
        notes = notes (notes == "" ? "" : "; ") proto ": " s
    }
}
/<\/packet>/ {
    printf "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n",
        frame, n_of, type, tname, len, psize, mp, mpname, malformed,
        problems, notes, exp_id, skel == "" ? "-" : skel, protos
}
' "$OUT/all.pdml" >"$OUT/tshark.tsv"

# Join the manifest with what tshark saw.  Each message line:
#   PASS/FAIL  sample  type[/mp type]  reasons
# Known defects of the dissector (not of ofkit) are waived only when their
# exact signature matches, and printed as KNOWN.
awk -F '\t' -v OFS='\t' '
function dash(s) {
    return s == "" ? "-" : s
}
# Where the expected and dissected skeletons first differ.
function skel_diff(want, got,    w, g, nw, ng, i) {
    nw = split(want, w, ",")
    ng = split(got, g, ",")
    for (i = 1; i <= nw && i <= ng; i++) {
        if (w[i] != g[i]) {
            break
        }
    }
    return "structure differs at item " i ": encoded " \
           (i <= nw ? w[i] : "(end)") ", tshark saw " \
           (i <= ng ? g[i] : "(end)") " (encoded " nw " items, tshark " \
           ng ")"
}
NR == FNR {
    tframe[$1] = 1
    n_of[$1] = $2; type[$1] = $3; tname[$1] = $4; len[$1] = $5
    psize[$1] = $6; mp[$1] = $7; mpname[$1] = $8; malformed[$1] = $9
    problems[$1] = $10; notes[$1] = $11; exp_id[$1] = $12; skel[$1] = $13
    protos[$1] = $14
    next
}
{
    # Manifest: frame type type_name mp mp_name length sample selfcheck
    # skeleton
    f = $1; reasons = ""; known = ""
    want = $3 ($5 == "-" ? "" : "/" $5)
    if (!(f in tframe)) {
        reasons = "tshark did not see frame " f
    } else {
        if (n_of[f] != 1) {
            reasons = reasons "; " n_of[f] " OpenFlow PDUs in the segment"
        }
        if (type[f] != $2 || tname[f] != $3) {
            reasons = reasons "; tshark type " tname[f] " (" type[f] ")"
        }
        if ($4 != "-" && (mp[f] != $4 || mpname[f] != $5)) {
            reasons = reasons "; tshark multipart type " mpname[f] \
                      " (" mp[f] ")"
        }
        if (len[f] != $6 || psize[f] != $6) {
            reasons = reasons "; tshark length " len[f] ", dissected " \
                      psize[f] " bytes, encoded " $6
        }
        # The frame in a packet-in or packet-out is dissected too.
        inner = ":openflow_v4:eth:ethertype:ip:tcp"
        if (($7 == "packet-in" || $7 == "packet-out") &&
            substr(protos[f], length(protos[f]) - length(inner) + 1) != \
            inner) {
            reasons = reasons "; tshark did not find the Ethernet/IPv4/" \
                      "TCP frame in the data (" protos[f] ")"
        }
        if (skel[f] != $9) {
            reasons = reasons "; " skel_diff($9, skel[f])
        }
        bad = problems[f]
        if (malformed[f] && index(bad, "Malformed") == 0) {
            bad = bad (bad == "" ? "" : "; ") "Malformed Packet"
        }
        # Wireshark 4.0 sizes the body of an OFPMP_EXPERIMENTER reply as
        # length - 16 instead of length - 24 and so throws on every such
        # reply, whatever its contents (a zero-length body too).  Waived
        # when the fields before the body were dissected as we encoded.
        if ($7 == "mprep-experimenter" && exp_id[f] == "0x00abcdef" &&
            bad == "_ws.malformed: Error/Malformed: Malformed Packet " \
                   "(Exception occurred)") {
            known = "Wireshark 4.0 dissector bug: OFPMP_EXPERIMENTER " \
                    "reply body sized length-16 (should be length-24)"
            bad = ""
        }
        if (bad != "") {
            reasons = reasons "; tshark: " bad
        }
    }
    if ($8 != "ok") {
        reasons = reasons "; ofproto: " $8
    }
    sub(/^; /, "", reasons)
    status = reasons == "" ? (known == "" ? "PASS" : "KNOWN") : "FAIL"
    n = (f in tframe) ? notes[f] : ""
    print status, f, $7, want, $6, dash(reasons), dash(known), dash(n)
}
' "$OUT/tshark.tsv" "$OUT/manifest.tsv" >"$OUT/result.tsv"

offset=0
while IFS='	' read -r status frame sample want len reasons known notes; do
    case $status in
    PASS|KNOWN)
        pass
        printf '%-5s %-26s %s\n' "$status" "$sample" "$want"
        [ "$known" != - ] && printf '        (waived: %s)\n' "$known"
        ;;
    FAIL)
        fail "$(printf '%-26s %s: %s' "$sample" "$want" "$reasons")"
        printf '        frame %s, %s bytes at offset %s of %s:\n' \
            "$frame" "$len" "$offset" all-messages.bin
        od -An -tx1 -v -j "$offset" -N "$len" "$OUT/all-messages.bin" |
            sed 's/^/       /' | head -n 24
        [ "$len" -gt 384 ] && echo "        ..."
        tshark -n -r "$OUT/all.pcap" -d tcp.port==6653,openflow \
            -Y "frame.number == $frame" -O openflow_v4 2>/dev/null |
            sed -n '/^OpenFlow 1.3/,$p' >"$OUT/frame-$frame.txt"
        echo "        tshark's view: $OUT/frame-$frame.txt"
        ;;
    esac
    if [ "$notes" != - ]; then
        printf '        tshark notes: %s\n' "$notes"
    fi
    offset=$((offset + len))
done <"$OUT/result.tsv"

# Cross-check the per-packet expert infos read from the PDML against
# tshark's own summary (-z expert): the same number of warnings and errors.
tshark -n -q -r "$OUT/all.pcap" -d tcp.port==6653,openflow -z expert,warn \
    >"$OUT/expert.txt" 2>/dev/null
n_expert=$(sed -n 's/^\(Errors\|Warns\) (\([0-9]*\))$/\2/p' \
           "$OUT/expert.txt" | awk '{ n += $1 } END { print n + 0 }')
n_pdml=$(awk -F '\t' '$10 != "" { n += split($10, a, "; ") }
                      END { print n + 0 }' "$OUT/tshark.tsv")
if [ "$n_expert" -eq "$n_pdml" ]; then
    pass
    echo "   tshark -z expert: $n_expert warning(s) or error(s)," \
         "all accounted for above"
else
    fail "tshark -z expert counts $n_expert warnings and errors, the" \
         "per-packet check found $n_pdml: see $OUT/expert.txt"
fi

n_types=$(cut -f3 "$OUT/manifest.tsv" | sort -u | wc -l)
n_mp=$(awk -F '\t' '$4 != "-" { print $2 "/" $4 }' "$OUT/manifest.tsv" |
       sort -u | wc -l)
echo "   ($n_types message types, $n_mp multipart request/reply types)"
if [ "$n_types" -ne 30 ] || [ "$n_mp" -ne 30 ]; then
    fail "coverage: wire-gen must cover 30 types and 15 multipart types" \
         "both ways"
fi

# ---- 2. golden files ---------------------------------------------------

echo "== golden samples are up to date (make wire-golden rewrites them)"
if cmp -s "$OUT/all-messages.bin" "$DATA/all-messages.bin"; then
    pass
else
    first=$(cmp "$OUT/all-messages.bin" "$DATA/all-messages.bin" 2>&1 |
            head -n 1)
    fail "tests/data/all-messages.bin differs from what wire-gen encodes" \
         "now ($first): run 'make wire-golden' if the change is intended"
fi
for f in "$OUT"/malformed/*; do
    name=$(basename "$f")
    if cmp -s "$f" "$DATA/$name"; then
        pass
    else
        fail "tests/data/$name is missing or stale: run 'make wire-golden'"
    fi
done

# ---- 3. ofctl decode all-messages.bin ----------------------------------

echo "== ofctl decode tests/data/all-messages.bin"
"$OFCTL" decode "$DATA/all-messages.bin" >"$OUT/decode.out" \
    2>"$OUT/decode.err"
status=$?
if [ $status -eq 0 ] && [ ! -s "$OUT/decode.err" ]; then
    pass
else
    fail "ofctl decode all-messages.bin: exit status $status," \
         "stderr: $(head -c 2000 "$OUT/decode.err")"
fi
n_msgs=$(wc -l <"$OUT/manifest.tsv")
n_printed=$(grep -c '^OFPT_' "$OUT/decode.out")
if [ "$n_printed" -eq "$n_msgs" ]; then
    pass
else
    fail "ofctl decode printed $n_printed messages, the file has $n_msgs"
fi
for name in $(cut -f3 "$OUT/manifest.tsv" | sort -u) \
            $(cut -f5 "$OUT/manifest.tsv" | grep -v '^-$' | sort -u); do
    if grep -q "$name" "$OUT/decode.out"; then
        pass
    else
        fail "ofctl decode output never names $name"
    fi
done
# Each multipart message is printed with its multipart type on its first
# line, in file order.
grep '^OFPT_MULTIPART_' "$OUT/decode.out" |
    sed 's/^\(OFPT_MULTIPART_[A-Z]*\).*: \(OFPMP_[A-Z_]*\).*/\1 \2/' \
    >"$OUT/decode-mp.txt"
awk -F '\t' '$4 != "-" { print $3 " " $5 }' "$OUT/manifest.tsv" \
    >"$OUT/expect-mp.txt"
if cmp -s "$OUT/decode-mp.txt" "$OUT/expect-mp.txt"; then
    pass
else
    fail "ofctl decode: multipart lines do not name their types in order" \
         "(diff $OUT/expect-mp.txt $OUT/decode-mp.txt)"
fi

"$OFCTL" decode --reencode "$DATA/all-messages.bin" >"$OUT/reencoded.bin" \
    2>"$OUT/reencode.err"
status=$?
if [ $status -eq 0 ] && cmp -s "$OUT/reencoded.bin" "$DATA/all-messages.bin"
then
    pass
else
    fail "ofctl decode --reencode all-messages.bin: exit status $status," \
         "$(cmp "$OUT/reencoded.bin" "$DATA/all-messages.bin" 2>&1 |
            head -n 1)"
fi

# ---- 4. ofctl decode of malformed samples -------------------------------

echo "== ofctl decode reports malformed samples"
grep -v '^#' "$DATA/malformed.expect" 2>/dev/null >"$OUT/malformed.list"
if [ ! -s "$OUT/malformed.list" ]; then
    fail "tests/data/malformed.expect is missing: run 'make wire-golden'"
fi
while IFS='	' read -r file ofs type error; do
    "$OFCTL" decode "$DATA/$file" >"$OUT/$file.out" 2>"$OUT/$file.err"
    status=$?
    err=$(cat "$OUT/$file.err")
    why=""
    [ $status -eq 0 ] && why="exit status 0;"
    case $err in
    *"offset $ofs: "*) ;;
    *) why="$why no 'offset $ofs';" ;;
    esac
    case $err in
    *"$type"*) ;;
    *) why="$why no '$type';" ;;
    esac
    case $err in
    *"would send $error "*) ;;
    *) why="$why no 'would send $error';" ;;
    esac
    if [ -z "$why" ]; then
        pass
        printf 'PASS  %-26s %s\n' "$file" "$err"
    else
        fail "$file: ofctl decode said: $err (status $status):$why"
    fi
done <"$OUT/malformed.list"

echo "wire-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
