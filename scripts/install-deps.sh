#!/bin/sh
# Install every build and test dependency of ofkit that is missing.
# Idempotent: when everything is present it does nothing and needs no
# network.  Run as root on Debian 12 (make test and make demo call it).
set -eu

PKGS="gcc make pkg-config libc6-dev
      libevent-dev libssl-dev libpcap-dev libcunit1-dev libjansson-dev
      tshark clang libclang-rt-14-dev clang-format python3-os-ken
      openvswitch-switch openvswitch-testcontroller iproute2 procps
      openssl iputils-ping iperf3 mininet ethtool"

missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root (or install them) and try again" >&2
    exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing

# openvswitch-testcontroller comes with a service that listens on port
# 6653 (pssl:); the tests start their own on ephemeral ports, and 6653
# must stay free for our controller: stop and disable the service.
case " $missing " in
    *" openvswitch-testcontroller "*)
        if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
            systemctl disable --now openvswitch-testcontroller \
                >/dev/null 2>&1 || true
        elif command -v service >/dev/null; then
            service openvswitch-testcontroller stop >/dev/null 2>&1 || true
            update-rc.d openvswitch-testcontroller disable \
                >/dev/null 2>&1 || true
        fi
        ;;
esac
