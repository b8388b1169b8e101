#!/bin/bash
# TLS on the control channel: ofswitch, ofcontroller and ofctl with
# certificates from tools/ofkit-pki, verified both ways.
#
#   tests/integration/switch-tls.sh [BUILD_DIR]
#
# `ofkit-pki lab` makes a CA with switch, controller and ofctl
# certificates; a second CA ("rogue") signs certificates of the same names.
# Checked:
#   - ofswitch connects to ofcontroller (learning_switch) over ssl:, and
#     the hosts ping each other through it;
#   - ofctl and ovs-ofctl reach ofswitch's pssl: listener with the lab's
#     certificates (show, add-flow, dump-flows);
#   - ofctl with a certificate of the rogue CA is refused, and the switch
#     logs why; so is a TLS client without a certificate; ofctl that
#     trusts only the rogue CA refuses the switch;
#   - a second ofswitch with a rogue certificate is refused by
#     ofcontroller, which logs it; its hosts get no forwarding.

. "$(dirname "$0")/switch-lib.bash" "$@"

PKI=$HERE/../../tools/ofkit-pki
OFCONTROLLER=$BUILD_ABS/ofcontroller
needs openssl
[ -x "$OFCONTROLLER" ] || die "$BUILD/ofcontroller is not built"

sh "$PKI" lab "$DIR/pki" >"$DIR/pki.log" 2>&1 || die "ofkit-pki lab failed"
{
    sh "$PKI" init "$DIR/rogue" &&
        sh "$PKI" req-sign "$DIR/rogue" switch &&
        sh "$PKI" req-sign "$DIR/rogue" ofctl
} >>"$DIR/pki.log" 2>&1 || die "ofkit-pki (rogue CA) failed"

# tls DIR NAME: the key, certificate and CA options of NAME in DIR.
tls() {
    echo "--private-key=$1/$2-key.pem --certificate=$1/$2-cert.pem" \
        "--ca-cert=$1/ca-cert.pem"
}

topo 2

# ---- ofcontroller over TLS ------------------------------------------------

add_ns "ofk$ID-c"
ip link add "ofk$ID-c0" netns "ofk$ID-c" type veth peer name c0 netns "$NS_SW"
ip -n "ofk$ID-c" addr add 192.168.77.1/24 dev "ofk$ID-c0"
ip -n "ofk$ID-c" link set "ofk$ID-c0" up
ip -n "$NS_SW" addr add 192.168.77.2/24 dev c0
ip -n "$NS_SW" link set c0 up
CPORT=$(free_port "ofk$ID-c")
# shellcheck disable=SC2046
ip netns exec "ofk$ID-c" "$OFCONTROLLER" --listen "pssl:$CPORT:192.168.77.1" \
    $(tls "$DIR/pki" controller) --app learning_switch:stp=false \
    >>"$DIR/ofcontroller.log" 2>&1 &
PIDS+=($!)
wait_for 10 grep -q "listening on pssl:" "$DIR/ofcontroller.log" ||
    die "ofcontroller does not listen"

SPORT=$(free_port "$NS_SW")
# shellcheck disable=SC2046
start_switch --controller "ssl:192.168.77.1:$CPORT" \
    --listen "pssl:$SPORT:127.0.0.1" $(tls "$DIR/pki" switch)

if wait_for 10 grep -q "dpid 0*$ID: up" "$DIR/ofcontroller.log" &&
    ip netns exec "$(host 1)" ping -c 3 -i 0.2 -W 2 10.0.0.2 >"$DIR/ping" 2>&1
then
    pass "ofswitch -> ofcontroller over ssl: hosts ping"
else
    fail "no ping through the switch over ssl ($(tail -1 "$DIR/ping"))"
fi
if grep -q "ssl:192.168.77.1:$CPORT: connected" "$DIR/ofswitch.log"; then
    pass "the switch logs its TLS controller connection"
else
    fail "no TLS controller connection in the switch's log"
fi

# ---- ofctl and ovs-ofctl to the pssl: listener ---------------------------------

S=ssl:127.0.0.1:$SPORT
# shellcheck disable=SC2046
if ip netns exec "$NS_SW" "$OFCTL" -t 5 $(tls "$DIR/pki" ofctl) show "$S" \
    >"$DIR/show" 2>&1 && grep -q "dpid:0*$ID" "$DIR/show"; then
    pass "ofctl show over ssl"
else
    fail "ofctl show over ssl: $(head -2 "$DIR/show")"
fi
# shellcheck disable=SC2046
if ip netns exec "$NS_SW" "$OFCTL" -t 5 $(tls "$DIR/pki" ofctl) add-flow "$S" \
    "priority=4321,dl_type=0x88b5,actions=drop" 2>"$DIR/err" &&
    ip netns exec "$NS_SW" "$OFCTL" -t 5 $(tls "$DIR/pki" ofctl) \
        dump-flows "$S" 2>&1 | grep -q "priority=4321"; then
    pass "ofctl add-flow and dump-flows over ssl"
else
    fail "ofctl add-flow/dump-flows over ssl: $(head -1 "$DIR/err")"
fi
if command -v ovs-ofctl >/dev/null; then
    # shellcheck disable=SC2046
    if ip netns exec "$NS_SW" ovs-ofctl -O OpenFlow13 $(tls "$DIR/pki" ofctl) \
        dump-flows "$S" >"$DIR/ovs" 2>&1 && grep -q "priority=4321" "$DIR/ovs"
    then
        pass "ovs-ofctl dump-flows over ssl"
    else
        fail "ovs-ofctl over ssl: $(head -2 "$DIR/ovs")"
    fi
else
    note_skip "ovs-ofctl is not installed"
fi

# refused_ctl NAME OPTIONS...: ofctl with OPTIONS must fail to show $S.
refused_ctl() {
    local name=$1
    shift
    if ip netns exec "$NS_SW" "$OFCTL" -t 5 "$@" show "$S" >"$DIR/out" 2>&1
    then
        fail "$name: accepted"
    else
        pass "$name: refused ($(head -1 "$DIR/out"))"
    fi
}

n_log=$(wc -l <"$DIR/ofswitch.log")
# shellcheck disable=SC2046
refused_ctl "ofctl with a certificate of another CA" \
    --private-key="$DIR/rogue/ofctl-key.pem" \
    --certificate="$DIR/rogue/ofctl-cert.pem" --ca-cert="$DIR/pki/ca-cert.pem"
if wait_for 3 sh -c "tail -n +$((n_log + 1)) '$DIR/ofswitch.log' |
        grep -q 'peer certificate .* refused'"; then
    pass "the switch logs the refused peer: $(tail -n +$((n_log + 1)) \
        "$DIR/ofswitch.log" | grep -m1 'peer certificate .* refused' |
        cut -d'|' -f4- | cut -d' ' -f2-)"
else
    fail "the switch did not log the refused peer"
fi
# A client with no certificate at all (ofctl will not try: openssl's).
n_log=$(wc -l <"$DIR/ofswitch.log")
ip netns exec "$NS_SW" timeout 5 openssl s_client -connect "127.0.0.1:$SPORT" \
    -CAfile "$DIR/pki/ca-cert.pem" </dev/null >"$DIR/s_client" 2>&1
if wait_for 3 sh -c "tail -n +$((n_log + 1)) '$DIR/ofswitch.log' |
        grep -q 'connection attempt failed'" &&
    ! tail -n +$((n_log + 1)) "$DIR/ofswitch.log" | grep -q "agent|.*connected"
then
    pass "a client without a certificate is refused: $(tail -n \
        +$((n_log + 1)) "$DIR/ofswitch.log" | grep -m1 'attempt failed' |
        cut -d'|' -f4- | cut -d' ' -f2- | cut -c1-90)"
else
    fail "a client without a certificate was not refused"
fi
refused_ctl "ofctl that trusts only the other CA" \
    --private-key="$DIR/pki/ofctl-key.pem" \
    --certificate="$DIR/pki/ofctl-cert.pem" --ca-cert="$DIR/rogue/ca-cert.pem"
# shellcheck disable=SC2046
if ip netns exec "$NS_SW" "$OFCTL" -t 5 $(tls "$DIR/pki" ofctl) probe "$S" \
    >/dev/null 2>&1; then
    pass "the listener still serves good peers"
else
    fail "the listener no longer answers"
fi

# ---- a rogue switch is refused by ofcontroller ---------------------------------

NS_R=ofk$ID-r
add_ns "$NS_R"
ip link add "ofk$ID-r0" netns "ofk$ID-c" type veth peer name r0 netns "$NS_R"
ip -n "ofk$ID-c" addr add 192.168.78.1/24 dev "ofk$ID-r0"
ip -n "ofk$ID-c" link set "ofk$ID-r0" up
ip -n "$NS_R" addr add 192.168.78.2/24 dev r0
ip -n "$NS_R" link set r0 up
ip -n "$NS_R" route add default via 192.168.78.1
n_log=$(wc -l <"$DIR/ofcontroller.log")
ip netns exec "$NS_R" "$OFSWITCH" --name "ofr$ID" --dpid 7e57 --no-local \
    --ctl none --controller "ssl:192.168.77.1:$CPORT" \
    --private-key="$DIR/rogue/switch-key.pem" \
    --certificate="$DIR/rogue/switch-cert.pem" \
    --ca-cert="$DIR/pki/ca-cert.pem" >>"$DIR/rogue.log" 2>&1 &
PIDS+=($!)
if wait_for 10 sh -c "tail -n +$((n_log + 1)) '$DIR/ofcontroller.log' |
        grep -q 'peer certificate .* refused'"; then
    pass "ofcontroller refuses and logs a switch of another CA: $(tail -n \
        +$((n_log + 1)) "$DIR/ofcontroller.log" |
        grep -m1 'peer certificate .* refused' | cut -d'|' -f4- |
        cut -d' ' -f2-)"
else
    fail "ofcontroller did not log the rogue switch"
fi
if grep -q "dpid 0*7e57: up" "$DIR/ofcontroller.log"; then
    fail "the rogue switch reached the apps"
else
    pass "the rogue switch never reached the apps"
fi

finish
