"""A learning switch for os-ken, OpenFlow 1.3 only, to drive ofswitch.

Run with:  /usr/bin/python3 -m os_ken.cmd.manager \\
               --ofp-listen-host 127.0.0.1 --ofp-tcp-listen-port PORT \\
               tests/integration/osken_learning.py

On connection it installs a table-miss flow that sends whole frames to the
controller.  For each packet-in it learns the source MAC address's port,
and if the destination is known installs a flow (in_port, eth_dst ->
output, idle timeout 60 s) and sends the packet there; otherwise it
floods the packet.  It prints one line for each event (to stdout,
flushed) so that a test can follow it:

  switch 0x... connected
  packet-in port=1 src=... dst=... -> flood | -> 2 (flow added)
  error type=... code=...
"""

import sys

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER
from os_ken.controller.handler import set_ev_cls
from os_ken.lib.packet import ethernet
from os_ken.lib.packet import packet
from os_ken.ofproto import ofproto_v1_3


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class LearningSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ports_by_mac = {}          # dpid -> {mac: port}

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def on_features(self, ev):
        dp = ev.msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        say("switch 0x%016x connected (OpenFlow version 0x%02x)"
            % (dp.id, ev.msg.version))
        # Table miss: the whole frame to the controller, unbuffered.
        actions = [parser.OFPActionOutput(ofp.OFPP_CONTROLLER,
                                          ofp.OFPCML_NO_BUFFER)]
        self.add_flow(dp, 0, parser.OFPMatch(), actions)

    def add_flow(self, dp, priority, match, actions, idle=0,
                 buffer_id=None):
        ofp, parser = dp.ofproto, dp.ofproto_parser
        inst = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                             actions)]
        kwargs = {}
        if buffer_id is not None and buffer_id != ofp.OFP_NO_BUFFER:
            kwargs["buffer_id"] = buffer_id
        dp.send_msg(parser.OFPFlowMod(datapath=dp, priority=priority,
                                      match=match, instructions=inst,
                                      idle_timeout=idle, cookie=0x05ce,
                                      **kwargs))

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def on_packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        in_port = msg.match["in_port"]
        eth = packet.Packet(msg.data).get_protocol(ethernet.ethernet)
        if eth is None:
            return
        table = self.ports_by_mac.setdefault(dp.id, {})
        table[eth.src] = in_port
        out_port = table.get(eth.dst, ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out_port)]
        note = "flood"
        if out_port != ofp.OFPP_FLOOD:
            match = parser.OFPMatch(in_port=in_port, eth_dst=eth.dst)
            self.add_flow(dp, 1, match, actions, idle=60)
            note = "%d (flow added)" % out_port
        say("packet-in port=%d src=%s dst=%s -> %s"
            % (in_port, eth.src, eth.dst, note))
        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(datapath=dp,
                                        buffer_id=msg.buffer_id,
                                        in_port=in_port, actions=actions,
                                        data=data))

    @set_ev_cls(ofp_event.EventOFPErrorMsg, MAIN_DISPATCHER)
    def on_error(self, ev):
        say("error type=%d code=%d" % (ev.msg.type, ev.msg.code))
