#!/usr/bin/python3
"""Cross-check ofproto's encoding against os-ken's OpenFlow 1.3 parser.

Usage: osken-check.py FILE

FILE holds OpenFlow 1.3 messages back to back (tests/data/all-messages.bin).
Each must parse in os-ken (the Ryu code base OpenStack maintains) as the
message class its type names, consuming its whole length, and where os-ken
can serialize that class, its serialization must reproduce our bytes.
Exits 1 on any failure, with one line per message that failed.
"""

import logging
import struct
import sys

from os_ken.ofproto import ofproto_parser
from os_ken.ofproto import ofproto_v1_3 as ofp
from os_ken.ofproto import ofproto_v1_3_parser as parser


class Datapath(object):
    """The least os-ken needs to parse and serialize messages."""
    ofproto = ofp
    ofproto_parser = parser
    id = 1

    def set_xid(self, msg):
        pass


# Message types whose os-ken class can serialize what it parsed: the
# messages a controller sends.  Switch-to-controller messages parse only.
REENCODABLE = {
    ofp.OFPT_ECHO_REQUEST, ofp.OFPT_ECHO_REPLY,
    ofp.OFPT_FEATURES_REQUEST, ofp.OFPT_GET_CONFIG_REQUEST,
    ofp.OFPT_BARRIER_REQUEST, ofp.OFPT_GET_ASYNC_REQUEST,
}


def main():
    logging.disable(logging.CRITICAL)
    data = open(sys.argv[1], 'rb').read()
    dp = Datapath()
    offset = 0
    count = 0
    failures = 0
    skipped = 0
    while offset < len(data):
        version, msg_type, length, xid = struct.unpack_from(
            '!BBHI', data, offset)
        raw = data[offset:offset + length]
        what = 'offset %d type %d' % (offset, msg_type)
        if parser._MSG_PARSERS.get(msg_type) is None:
            # os-ken parses only what a controller receives.
            skipped += 1
            offset += length
            continue
        try:
            msg = ofproto_parser.msg(dp, version, msg_type, length, xid,
                                     raw)
            if msg is None:
                raise ValueError('os-ken has no parser for this type')
            name = type(msg).__name__
            what += ' (%s)' % name
            if msg.msg_type != msg_type or msg.xid != xid:
                raise ValueError('parsed as type %d xid %d'
                                 % (msg.msg_type, msg.xid))
            if msg_type in REENCODABLE:
                msg.serialize()
                if bytes(msg.buf) != raw:
                    raise ValueError('re-serialized bytes differ:\n  ours '
                                     '%s\n  os-ken %s'
                                     % (raw.hex(), bytes(msg.buf).hex()))
        except Exception as e:  # noqa: any failure is a finding
            print('FAIL %s: %s: %s' % (what, type(e).__name__, e))
            failures += 1
        count += 1
        offset += length
    print('os-ken: %d messages parsed, %d failed, %d of types os-ken '
          'does not parse' % (count, failures, skipped))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
