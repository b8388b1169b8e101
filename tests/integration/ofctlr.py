#!/usr/bin/python3
"""A controller a test drives by hand, for what a real controller hides.

  ofctlr.py PORTFILE LOG CMDS

Listens on 127.0.0.1 (an ephemeral port, written to PORTFILE) for one
switch connection at a time (a switch that reconnects is served again).
It answers HELLO and ECHO_REQUEST and otherwise sends only what the test
asks: each line appended to the file CMDS is a command,

  send HEX     send the message HEX (whitespace ignored; the xid is set
               to 100, 101, ... in order)

and everything the switch sends is written to LOG, one line a message:

  connected | disconnected
  sent xid=100 type=24
  recv type=25 xid=100 role=2 gen=1              ROLE_REPLY
  recv type=1 xid=101 error=1,10                 ERROR (type, code)
  recv type=10 xid=0 reason=0 table=0 data=HEX   PACKET_IN
  recv type=12 xid=0 reason=2 port=1             PORT_STATUS
  recv type=11 xid=0 reason=0 cookie=0x5         FLOW_REMOVED
  recv type=27 xid=102 async=1,0,7,7,f,0         GET_ASYNC_REPLY (packet-in
                                                 master,slave, port-status
                                                 master,slave, flow-removed
                                                 master,slave, in hex)
  recv type=T xid=X                              anything else

Runs until killed or SECS (600) pass.
"""

import os
import select
import socket
import struct
import sys
import time

OFP_VERSION = 4
HELLO, ERROR, ECHO_REQUEST, ECHO_REPLY = 0, 1, 2, 3
PACKET_IN, FLOW_REMOVED, PORT_STATUS = 10, 11, 12
ROLE_REPLY, GET_ASYNC_REPLY = 25, 27


def describe(msg_type, xid, body):
    words = ["recv", "type=%d" % msg_type, "xid=%d" % xid]
    if msg_type == ERROR and len(body) >= 4:
        words.append("error=%d,%d" % struct.unpack_from("!HH", body))
    elif msg_type == ROLE_REPLY and len(body) >= 16:
        role, _, gen = struct.unpack_from("!IIQ", body)
        words += ["role=%d" % role, "gen=%d" % gen]
    elif msg_type == PACKET_IN and len(body) >= 16:
        _, _, reason, table, _ = struct.unpack_from("!IHBBQ", body)
        # The match (type, length, OXMs) padded to 8, then 2 bytes of pad.
        mlen = struct.unpack_from("!H", body, 18)[0]
        data = body[16 + (mlen + 7) // 8 * 8 + 2:]
        words += ["reason=%d" % reason, "table=%d" % table,
                  "data=" + data.hex()]
    elif msg_type == PORT_STATUS and len(body) >= 12:
        reason = body[0]
        port = struct.unpack_from("!I", body, 8)[0]
        words += ["reason=%d" % reason, "port=%d" % port]
    elif msg_type == FLOW_REMOVED and len(body) >= 11:
        cookie, _, reason = struct.unpack_from("!QHB", body)
        words += ["reason=%d" % reason, "cookie=%#x" % cookie]
    elif msg_type == GET_ASYNC_REPLY and len(body) >= 24:
        masks = struct.unpack_from("!6I", body)
        words.append("async=" + ",".join("%x" % m for m in masks))
    return " ".join(words)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    portfile, logname, cmdsname = sys.argv[1:]
    log = open(logname, "a", buffering=1)
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    open(cmdsname, "a").close()
    cmds = open(cmdsname)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % lsock.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)

    deadline = time.time() + 600
    conn = None
    buf = b""
    xid = 100
    pending = ""
    while time.time() < deadline:
        rlist = [conn] if conn else [lsock]
        readable, _, _ = select.select(rlist, [], [], 0.02)
        if lsock in readable:
            conn, _ = lsock.accept()
            buf = b""
            conn.sendall(struct.pack("!BBHIHHI", OFP_VERSION, HELLO, 16, 1,
                                     1, 8, 1 << OFP_VERSION))
            log.write("connected\n")
            continue
        if conn and conn in readable:
            data = conn.recv(1 << 16)
            if not data:
                conn.close()
                conn = None
                log.write("disconnected\n")
                continue
            buf += data
            while len(buf) >= 8:
                _, msg_type, length, mxid = struct.unpack_from("!BBHI", buf)
                if length < 8 or len(buf) < length:
                    break
                body = buf[8:length]
                buf = buf[length:]
                if msg_type == ECHO_REQUEST:
                    conn.sendall(struct.pack("!BBHI", OFP_VERSION, ECHO_REPLY,
                                             length, mxid) + body)
                elif msg_type != HELLO:
                    log.write(describe(msg_type, mxid, body) + "\n")
        # Commands: whole lines only (the test may be mid-write).
        pending += cmds.read()
        while "\n" in pending:
            line, pending = pending.split("\n", 1)
            words = line.split(None, 1)
            if not words:
                continue
            if words[0] != "send" or len(words) != 2 or conn is None:
                log.write("bad command (or no switch): %s\n" % line)
                continue
            msg = bytearray.fromhex("".join(words[1].split()))
            struct.pack_into("!I", msg, 4, xid)
            conn.sendall(bytes(msg))
            log.write("sent xid=%d type=%d\n" % (xid, msg[1]))
            xid += 1


if __name__ == "__main__":
    main()
