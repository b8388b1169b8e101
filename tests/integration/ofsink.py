#!/usr/bin/python3
"""A switch that does nothing, fast: for measuring how quickly ofctl sends.

ofsink.py PORTFILE listens on 127.0.0.1 (an ephemeral port, written to
PORTFILE), speaks just enough OpenFlow 1.3 for ofctl's batch verbs (HELLO,
ECHO, BARRIER) and throws every other message away, counting them.  It
serves connections one after another until killed.  Used by ofctl-ovs.sh
to time `ofctl add-flows` without a real switch's flow table in the way.
"""

import socket
import struct
import sys

OFP_VERSION = 4
HELLO, ECHO_REQUEST, ECHO_REPLY, BARRIER_REQUEST, BARRIER_REPLY = 0, 2, 3, 20, 21


def header(msg_type, length, xid):
    return struct.pack("!BBHI", OFP_VERSION, msg_type, length, xid)


def serve(conn):
    # HELLO with a version bitmap element that allows 1.3 only.
    conn.sendall(header(HELLO, 16, 1) + struct.pack("!HHI", 1, 8, 1 << 4))
    buf = b""
    count = 0
    while True:
        data = conn.recv(1 << 20)
        if not data:
            return count
        buf += data
        ofs = 0
        out = []
        while len(buf) - ofs >= 8:
            _, msg_type, length, xid = struct.unpack_from("!BBHI", buf, ofs)
            if length < 8:
                return count
            if len(buf) - ofs < length:
                break
            if msg_type == ECHO_REQUEST:
                out.append(header(ECHO_REPLY, length, xid)
                           + buf[ofs + 8:ofs + length])
            elif msg_type == BARRIER_REQUEST:
                out.append(header(BARRIER_REPLY, 8, xid))
            elif msg_type != HELLO:
                count += 1
            ofs += length
        buf = buf[ofs:]
        if out:
            conn.sendall(b"".join(out))


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    with open(sys.argv[1], "w") as f:
        f.write("%d\n" % listener.getsockname()[1])
    while True:
        conn, _ = listener.accept()
        try:
            count = serve(conn)
            sys.stderr.write("ofsink: %d messages\n" % count)
        finally:
            conn.close()


if __name__ == "__main__":
    main()
