#!/usr/bin/python3
"""Frames by hand, for the switch's integration tests.

  pkt.py send IFACE FRAME...       build each FRAME and send it out of IFACE
  pkt.py sniff IFACE OUTFILE [SECS] write one line per frame IFACE receives
                                    to OUTFILE (flushed at once), until
                                    killed or SECS pass; creates
                                    OUTFILE.ready once it listens
  pkt.py stamp OUTFILE CMD...      run CMD, writing each line it prints to
                                    OUTFILE after the time it came; on
                                    SIGTERM, stop CMD too
  pkt.py hex FRAME                 print FRAME as hex (for packet-out, trace)
  pkt.py decode HEX                print the line sniff would write
  pkt.py line FRAME                the same for FRAME (what a frame that
                                    crossed unchanged looks like)

A FRAME is a stack of layers separated by '/', each NAME(KEY=VALUE,...):

  eth(src=MAC,dst=MAC[,type=N])   vlan(vid=N[,pcp=N][,tpid=N])
  arp(op=N,sha=MAC,spa=IP,tha=MAC,tpa=IP)
  ipv4(src=IP,dst=IP[,ttl=N][,tos=N][,proto=N][,frag=N])
  ipv6(src=IP,dst=IP[,hlim=N][,tc=N][,fl=N][,nh=N])
  tcp(sport=N,dport=N[,flags=N])  udp(sport=N,dport=N)  sctp(sport=N,dport=N)
  icmp(type=N,code=N)             icmp6(type=N,code=N[,target=IP][,sll=MAC])
  mpls(label=N[,tc=N][,ttl=N])    raw(HEX)    tag(TEXT)
  pbb(isid=N) then the customer's eth(...)
  hbh()  dest()  frag6([offset=N][,more=1])   IPv6 extension headers

tag(TEXT) is a payload that names the frame, so that a test can find it
among what a sniffer saw.  Lengths, next-header fields and checksums
(IPv4 header, TCP/UDP/ICMP/ICMPv6 over the pseudo-header, SCTP's CRC32c)
are filled in; frames are padded to 60 bytes.

A sniffed frame is printed as KEY=VALUE words, e.g.

  eth_src=.. eth_dst=.. vlan_vid=10 vlan_pcp=3 eth_type=0x0800
  ip_src=.. ip_dst=.. ip_ttl=63 ip_dscp=8 ip_ecn=0 ip_proto=17 ip_csum=ok
  udp_src=1 udp_dst=2 l4_csum=ok tag=T1 len=60

VLAN tags that the kernel took off into the packet's metadata are put
back (PACKET_AUXDATA), so the line shows the frame as it was on the wire.
"""

import ipaddress
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
PACKET_OUTGOING = 4


# ---- Checksums ----------------------------------------------------------

def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC32C = _crc32c_table()


def crc32c(data):
    c = 0xffffffff
    for b in data:
        c = CRC32C[(c ^ b) & 0xff] ^ (c >> 8)
    return c ^ 0xffffffff


def pseudo_header(l3, l3_hdr, proto, length):
    if l3 == "ipv4":
        return l3_hdr[12:20] + struct.pack("!BBH", 0, proto, length)
    return l3_hdr[8:40] + struct.pack("!IxxxB", length, proto)


# ---- Building -----------------------------------------------------------

def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def num(s):
    return int(s, 0)


def parse_frame(spec):
    layers = []
    for part in split_layers(spec):
        if "(" not in part or not part.endswith(")"):
            raise SystemExit("pkt.py: bad layer '%s'" % part)
        name, args = part[:-1].split("(", 1)
        if name in ("raw", "tag"):
            layers.append((name, args))
            continue
        kv = {}
        for word in filter(None, args.split(",")):
            k, _, v = word.partition("=")
            kv[k.strip()] = v.strip()
        layers.append((name, kv))
    return layers


def split_layers(spec):
    parts, depth, cur = [], 0, ""
    for ch in spec:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "/" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


ETHERTYPES = {"vlan": 0x8100, "arp": 0x0806, "ipv4": 0x0800,
              "ipv6": 0x86dd, "mpls": 0x8847, "pbb": 0x88e7}
IPPROTOS = {"tcp": 6, "udp": 17, "sctp": 132, "icmp": 1, "icmp6": 58,
            "hbh": 0, "dest": 60, "frag6": 44}
IPV6_EXT = ("hbh", "dest", "frag6")


def build(spec):
    layers = parse_frame(spec)
    return build_layers(layers, 0)


def build_layers(layers, i):
    """Builds layers[i:] and returns the bytes."""
    if i >= len(layers):
        return b""
    name, kv = layers[i]
    nxt = layers[i + 1][0] if i + 1 < len(layers) else None
    rest = build_layers(layers, i + 1)
    if nxt == "vlan":
        next_etype = num(layers[i + 1][1].get("tpid", "0x8100"))
    else:
        next_etype = ETHERTYPES.get(nxt, 0x88b5)

    if name == "eth":
        etype = num(kv["type"]) if "type" in kv else next_etype
        frame = (mac(kv.get("dst", "ff:ff:ff:ff:ff:ff"))
                 + mac(kv.get("src", "00:00:00:00:00:01"))
                 + struct.pack("!H", etype) + rest)
        if i == 0:
            frame += b"\0" * max(0, 60 - len(frame))
        return frame
    if name == "vlan":
        tci = (num(kv.get("pcp", "0")) << 13) | num(kv.get("vid", "0"))
        etype = num(kv["type"]) if "type" in kv else next_etype
        # The TPID was written by the layer before (eth's type); a vlan
        # layer writes the TCI and the next type.
        return struct.pack("!HH", tci, etype) + rest
    if name == "mpls":
        label = num(kv.get("label", "0"))
        bos = 0 if nxt == "mpls" else 1
        return struct.pack("!I", (label << 12) | (num(kv.get("tc", "0")) << 9)
                           | (bos << 8) | num(kv.get("ttl", "64"))) + rest
    if name == "arp":
        return struct.pack("!HHBBH", 1, 0x0800, 6, 4, num(kv.get("op", "1"))) \
            + mac(kv.get("sha", "00:00:00:00:00:01")) \
            + ipaddress.IPv4Address(kv.get("spa", "0.0.0.0")).packed \
            + mac(kv.get("tha", "00:00:00:00:00:00")) \
            + ipaddress.IPv4Address(kv.get("tpa", "0.0.0.0")).packed + rest
    if name == "ipv4":
        proto = num(kv["proto"]) if "proto" in kv else IPPROTOS.get(nxt, 253)
        hdr = bytearray(struct.pack(
            "!BBHHHBBH4s4s", 0x45, num(kv.get("tos", "0")), 20 + len(rest),
            num(kv.get("id", "1")), num(kv.get("frag", "0")),
            num(kv.get("ttl", "64")), proto, 0,
            ipaddress.IPv4Address(kv.get("src", "192.0.2.1")).packed,
            ipaddress.IPv4Address(kv.get("dst", "192.0.2.2")).packed))
        struct.pack_into("!H", hdr, 10, csum16(bytes(hdr)))
        return bytes(hdr) + l4_checksum("ipv4", bytes(hdr), proto, rest, nxt)
    if name == "ipv6":
        nh = num(kv["nh"]) if "nh" in kv else IPPROTOS.get(nxt, 59)
        vtf = (6 << 28) | (num(kv.get("tc", "0")) << 20) | num(kv.get("fl", "0"))
        hdr = struct.pack(
            "!IHBB16s16s", vtf, len(rest), nh, num(kv.get("hlim", "64")),
            ipaddress.IPv6Address(kv.get("src", "2001:db8::1")).packed,
            ipaddress.IPv6Address(kv.get("dst", "2001:db8::2")).packed)
        # The checksum covers the upper layer after any extension headers.
        j, ofs = i + 1, 0
        while j < len(layers) and layers[j][0] in IPV6_EXT:
            j, ofs = j + 1, ofs + 8
        upper = layers[j][0] if j < len(layers) else None
        return hdr + rest[:ofs] + l4_checksum(
            "ipv6", hdr, IPPROTOS.get(upper, 59), rest[ofs:], upper)
    if name in IPV6_EXT:
        nh = IPPROTOS.get(nxt, 59)
        if name == "frag6":
            return struct.pack("!BBHI", nh, 0,
                               (num(kv.get("offset", "0")) << 3)
                               | num(kv.get("more", "0")), 7) + rest
        # Hop-by-hop or destination options: one PadN option.
        return struct.pack("!BBBB4x", nh, 0, 1, 4) + rest
    if name == "pbb":
        # The I-TAG; the customer's Ethernet header is the next layer.
        return struct.pack("!I", num(kv.get("isid", "0")) & 0xffffff) \
            + rest
    if name == "tcp":
        return struct.pack("!HHIIBBHHH", num(kv.get("sport", "1")),
                           num(kv.get("dport", "2")), 1, 0, 5 << 4,
                           num(kv.get("flags", "0x02")), 8192, 0, 0) + rest
    if name == "udp":
        return struct.pack("!HHHH", num(kv.get("sport", "1")),
                           num(kv.get("dport", "2")), 8 + len(rest), 0) + rest
    if name == "sctp":
        return struct.pack("!HHII", num(kv.get("sport", "1")),
                           num(kv.get("dport", "2")), 1, 0) + rest
    if name == "icmp":
        return struct.pack("!BBHI", num(kv.get("type", "8")),
                           num(kv.get("code", "0")), 0, 1) + rest
    if name == "icmp6":
        body = struct.pack("!BBHI", num(kv.get("type", "128")),
                           num(kv.get("code", "0")), 0, 0)
        if "target" in kv:
            body += ipaddress.IPv6Address(kv["target"]).packed
        if "sll" in kv:
            body += struct.pack("!BB", 1, 1) + mac(kv["sll"])
        if "tll" in kv:
            body += struct.pack("!BB", 2, 1) + mac(kv["tll"])
        return body + rest
    if name == "tag":
        return kv.encode()
    if name == "raw":
        return bytes.fromhex(kv)
    raise SystemExit("pkt.py: unknown layer '%s'" % name)


def l4_checksum(l3, l3_hdr, proto, seg, nxt):
    """Fills in the checksum of the L4 segment 'seg'."""
    seg = bytearray(seg)
    if nxt in ("tcp", "udp", "icmp", "icmp6"):
        off = {"tcp": 16, "udp": 6, "icmp": 2, "icmp6": 2}[nxt]
        if nxt == "icmp":
            c = csum16(bytes(seg))
        else:
            c = csum16(pseudo_header(l3, l3_hdr, proto, len(seg)) + bytes(seg))
            if nxt == "udp" and c == 0:
                c = 0xffff
        struct.pack_into("!H", seg, off, c)
    elif nxt == "sctp":
        struct.pack_into("<I", seg, 8, crc32c(bytes(seg)))
    return bytes(seg)


# ---- Decoding -----------------------------------------------------------

def fmt_mac(b):
    return ":".join("%02x" % x for x in b)


def tag_of(payload):
    payload = payload.rstrip(b"\0")
    if payload and all(32 < c < 127 for c in payload):
        return payload.decode()
    return None


def decode(frame):
    w = []
    if len(frame) < 14:
        return "runt len=%d" % len(frame)
    w.append("eth_dst=" + fmt_mac(frame[0:6]))
    w.append("eth_src=" + fmt_mac(frame[6:12]))
    etype, = struct.unpack_from("!H", frame, 12)
    ofs = 14
    n_vlan = 0
    while etype in (0x8100, 0x88a8) and len(frame) >= ofs + 4:
        tci, etype = struct.unpack_from("!HH", frame, ofs)
        ofs += 4
        pfx = "vlan" if not n_vlan else "vlan%d" % (n_vlan + 1)
        w.append("%s_tpid=0x%04x %s_vid=%d %s_pcp=%d"
                 % (pfx, struct.unpack_from("!H", frame, ofs - 6)[0], pfx,
                    tci & 0xfff, pfx, tci >> 13))
        n_vlan += 1
    w.append("eth_type=0x%04x" % etype)
    if etype == 0x88e7 and len(frame) >= ofs + 18:
        itag, = struct.unpack_from("!I", frame, ofs)
        etype, = struct.unpack_from("!H", frame, ofs + 16)
        w.append("pbb_isid=0x%x pbb_dst=%s pbb_src=%s pbb_type=0x%04x" % (
            itag & 0xffffff, fmt_mac(frame[ofs + 4:ofs + 10]),
            fmt_mac(frame[ofs + 10:ofs + 16]), etype))
        ofs += 18
    payload = frame[ofs:]
    if etype == 0x0806 and len(frame) >= ofs + 28:
        op, = struct.unpack_from("!H", frame, ofs + 6)
        w.append("arp_op=%d arp_sha=%s arp_spa=%s arp_tha=%s arp_tpa=%s" % (
            op, fmt_mac(frame[ofs + 8:ofs + 14]),
            ipaddress.IPv4Address(frame[ofs + 14:ofs + 18]),
            fmt_mac(frame[ofs + 18:ofs + 24]),
            ipaddress.IPv4Address(frame[ofs + 24:ofs + 28])))
        payload = frame[ofs + 28:]
    elif etype in (0x8847, 0x8848):
        while len(frame) >= ofs + 4:
            lse, = struct.unpack_from("!I", frame, ofs)
            ofs += 4
            w.append("mpls_label=%d mpls_tc=%d mpls_bos=%d mpls_ttl=%d" % (
                lse >> 12, (lse >> 9) & 7, (lse >> 8) & 1, lse & 0xff))
            if lse & 0x100:
                break
        payload = frame[ofs:]
        # What follows the bottom of the stack is IP if it looks like it
        # and is not a tag.
        if payload and not tag_of(payload):
            if payload[0] >> 4 == 4:
                etype = 0x0800
            elif payload[0] >> 4 == 6:
                etype = 0x86dd
    if etype == 0x0800 and len(frame) >= ofs + 20:
        hdr = frame[ofs:ofs + 20]
        vihl, tos, tot, _, frag, ttl, proto = struct.unpack_from("!BBHHHBB", hdr)
        ihl = (vihl & 0xf) * 4
        w.append("ip_src=%s ip_dst=%s ip_ttl=%d ip_dscp=%d ip_ecn=%d "
                 "ip_proto=%d ip_csum=%s" % (
                     ipaddress.IPv4Address(hdr[12:16]),
                     ipaddress.IPv4Address(hdr[16:20]), ttl, tos >> 2, tos & 3,
                     proto, "ok" if csum16(frame[ofs:ofs + ihl]) == 0
                     else "bad"))
        l4 = frame[ofs + ihl:ofs + tot]
        payload = decode_l4(w, "ipv4", frame[ofs:ofs + ihl], proto, l4,
                            frag & 0x1fff)
    elif etype == 0x86dd and len(frame) >= ofs + 40:
        hdr = frame[ofs:ofs + 40]
        vtf, plen, nh, hlim = struct.unpack_from("!IHBB", hdr)
        w.append("ipv6_src=%s ipv6_dst=%s ipv6_hlim=%d ipv6_tc=%d "
                 "ipv6_fl=%d ipv6_nh=%d" % (
                     ipaddress.IPv6Address(hdr[8:24]),
                     ipaddress.IPv6Address(hdr[24:40]), hlim,
                     (vtf >> 20) & 0xff, vtf & 0xfffff, nh))
        l4 = frame[ofs + 40:ofs + 40 + plen]
        exts = []
        while nh in (0, 43, 44, 60) and len(l4) >= 8:
            exts.append({0: "hop", 43: "router", 44: "frag", 60: "dest"}[nh])
            hlen = 8 if nh == 44 else (l4[1] + 1) * 8
            nh, l4 = l4[0], l4[hlen:]
        if exts:
            w.append("ipv6_ext=%s ipv6_upper=%d" % (",".join(exts), nh))
        payload = decode_l4(w, "ipv6", hdr, nh, l4, 0)
    tag = tag_of(payload) if payload is not None else None
    if tag:
        w.append("tag=" + tag)
    w.append("len=%d" % len(frame))
    return " ".join(w)


def decode_l4(w, l3, l3_hdr, proto, seg, frag_ofs):
    if frag_ofs:
        return seg
    if proto in (6, 17, 132) and len(seg) >= 8:
        name = {6: "tcp", 17: "udp", 132: "sctp"}[proto]
        sport, dport = struct.unpack_from("!HH", seg)
        w.append("%s_src=%d %s_dst=%d" % (name, sport, name, dport))
        hlen = {6: (seg[12] >> 4) * 4 if len(seg) > 12 else 20, 17: 8,
                132: 12}[proto]
    elif proto in (1, 58) and len(seg) >= 4:
        name = "icmp" if proto == 1 else "icmp6"
        w.append("%s_type=%d %s_code=%d" % (name, seg[0], name, seg[1]))
        hlen = 8
        if proto == 58 and seg[0] in (135, 136) and len(seg) >= 24:
            w.append("nd_target=%s" % ipaddress.IPv6Address(seg[8:24]))
            hlen = len(seg)
    else:
        return seg
    if proto == 132:
        got, = struct.unpack_from("<I", seg, 8)
        zeroed = seg[:8] + b"\0\0\0\0" + seg[12:]
        ok = crc32c(zeroed) == got
    elif proto == 1:
        ok = csum16(seg) == 0
    elif proto == 17 and seg[6:8] == b"\0\0":
        ok = True
    else:
        ok = csum16(pseudo_header(l3, l3_hdr, proto, len(seg)) + seg) == 0
    w.append("l4_csum=" + ("ok" if ok else "bad"))
    return seg[hlen:]


# ---- Sockets ------------------------------------------------------------

def open_socket(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind((iface, ETH_P_ALL))
    return s


def cmd_send(iface, specs):
    s = open_socket(iface)
    for spec in specs:
        s.send(build(spec))
    s.close()


def cmd_sniff(iface, out, secs):
    s = open_socket(iface)
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    # Frames that were queued before the socket was bound are not ours.
    s.setblocking(False)
    try:
        while True:
            s.recv(65536)
    except BlockingIOError:
        pass
    s.setblocking(True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    deadline = time.monotonic() + secs if secs else None
    with open(out, "a", buffering=1) as f:
        open(out + ".ready", "w").close()
        while True:
            wait = None
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    return
            r, _, _ = select.select([s], [], [], wait)
            if not r:
                continue
            try:
                frame, anc, _, addr = s.recvmsg(65536,
                                                socket.CMSG_SPACE(20))
            except OSError:
                # The interface went down (a test does that on purpose).
                time.sleep(0.05)
                continue
            if addr[2] == PACKET_OUTGOING:
                continue
            for level, typ, data in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA \
                        and len(data) >= 20:
                    status, _, _, _, _, tci, tpid = struct.unpack_from(
                        "=IIIHHHH", data)
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        frame = (frame[:12] + struct.pack("!HH", tpid, tci)
                                 + frame[12:])
            f.write("%.6f %s\n" % (time.time(), decode(frame)))


def cmd_stamp(out, cmd):
    import subprocess
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)

    def stop(*_):
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    with open(out, "a", buffering=1) as f:
        for line in child.stdout:
            f.write("%.6f %s" % (time.time(), line.decode(errors="replace")))
    child.wait()
    return child.returncode


def main(argv):
    if len(argv) >= 3 and argv[1] == "send":
        cmd_send(argv[2], argv[3:])
    elif len(argv) in (4, 5) and argv[1] == "sniff":
        cmd_sniff(argv[2], argv[3], float(argv[4]) if len(argv) > 4 else 0)
    elif len(argv) >= 4 and argv[1] == "stamp":
        return cmd_stamp(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "hex":
        print(build(argv[2]).hex())
    elif len(argv) == 3 and argv[1] == "line":
        print(decode(build(argv[2])))
    elif len(argv) == 3 and argv[1] == "decode":
        print(decode(bytes.fromhex(argv[2])))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
