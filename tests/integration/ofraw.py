#!/usr/bin/python3
"""Raw OpenFlow 1.3 messages to a switch, for what ofctl will not send.

  ofraw.py TARGET HEX...

TARGET is unix:PATH or tcp:IP:PORT.  After the HELLO exchange, sends each
HEX (a whole message; whitespace is ignored, and the xid is set to 1, 2,
... in order) and then a BARRIER_REQUEST with xid 0xffff, and prints one
line per message received until the barrier's reply (or 10 s):

  type=1 xid=2 error=5,3      an OFPT_ERROR (type, code) for message 2
  type=21 xid=65535           the barrier reply

Echo requests are answered and not printed; HELLO is not printed.
Exits 0 if the barrier reply came, 1 otherwise.
"""

import socket
import struct
import sys
import time


def connect(target):
    if target.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(target[5:])
    elif target.startswith("tcp:"):
        host, port = target[4:].rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    else:
        raise SystemExit("ofraw.py: TARGET is unix:PATH or tcp:IP:PORT")
    return s


def messages(sock, deadline):
    buf = b""
    while time.monotonic() < deadline:
        while len(buf) >= 8:
            length, = struct.unpack_from("!H", buf, 2)
            if len(buf) < length:
                break
            yield buf[:length]
            buf = buf[length:]
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return
        if not data:
            return
        buf += data


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    sock = connect(argv[1])
    sock.sendall(struct.pack("!BBHIHHI", 4, 0, 16, 0, 1, 8, 1 << 4))
    out = b""
    for i, h in enumerate(argv[2:], 1):
        msg = bytearray(bytes.fromhex("".join(h.split())))
        struct.pack_into("!I", msg, 4, i)
        out += bytes(msg)
    out += struct.pack("!BBHI", 4, 20, 8, 0xffff)
    sock.sendall(out)
    for msg in messages(sock, time.monotonic() + 10):
        version, mtype, length, xid = struct.unpack_from("!BBHI", msg)
        if mtype == 0:
            continue
        if mtype == 2:
            sock.sendall(struct.pack("!BBHI", 4, 3, length, xid) + msg[8:])
            continue
        line = "type=%d xid=%d" % (mtype, xid)
        if mtype == 1 and length >= 12:
            etype, ecode = struct.unpack_from("!HH", msg, 8)
            line += " error=%d,%d" % (etype, ecode)
        print(line, flush=True)
        if mtype == 21 and xid == 0xffff:
            return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
