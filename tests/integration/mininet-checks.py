#!/usr/bin/python3
"""The Mininet checks behind tests/integration/mininet-*.sh.

    mininet-checks.py [--switch ofkit|ovs] [--app APP] CHECK...

Run it inside the sandbox that mininet-lib.bash makes (new network, PID
and mount namespaces; OFKIT_BUILD and OFKIT_RUNDIR set).  Checks:

  topo:TOPO    pingall on TOPO (mn syntax) with ofcontroller's learning
               switch: 0% loss; then a second pingall that must take no
               packet-in (the table-miss flows' counters do not move).
  mn           the command the README promises, as is:
               mn --custom mininet-topos/ofkit.py --switch ofkit
                  --controller ofkit --topo tree,2,2 --test pingall
  remote       --controller remote: ofswitch switches and an
               ovs-testcontroller we start (a tree: it has no loop
               prevention), pingall 0% loss.
  restart      ring: pingall, ofcontroller stopped (learned flows keep
               forwarding), started again: switches reconnect, pingall.
  move         a host's MAC and IP move to another switch (no port event
               at the old place), then back (the port at the new place
               goes down): the switches relearn, pings pass, and the flows
               towards the MAC lead to its new place.

Prints one line per check (ok / FAIL) and exits 0 only if all passed.
"""

import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, 'mininet-topos'))

from mininet.log import lg                     # noqa: E402
from mininet.topo import Topo                  # noqa: E402

import lab                                     # noqa: E402
import ofkit                                   # noqa: E402

PASSED = []
FAILED = []


def ok(what):
    PASSED.append(what)
    print('  ok   %s' % what, flush=True)


def fail(what, detail=''):
    FAILED.append(what)
    print('  FAIL %s' % what, flush=True)
    for line in str(detail).strip().splitlines()[:15]:
        print('       %s' % line, flush=True)


def check(what, cond, detail=''):
    if cond:
        ok(what)
    else:
        fail(what, detail)
    return cond


def tail(path, n=15):
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return ''


def logs_of(net):
    text = ''
    for node in net.controllers + net.switches:
        log = getattr(node, 'logfile', None)
        if log:
            text += '---- %s\n%s' % (os.path.basename(log), tail(log, 8))
    return text


class Run:
    """A network for one check: built, started, and always stopped."""

    def __init__(self, topo, switch, controller='ofkit', app=None):
        self.net = lab.make_net(topo, switch, controller, app=app)
        self.t0 = time.time()

    def __enter__(self):
        self.net.start()
        return self.net

    def __exit__(self, *exc):
        lab.stop_net(self.net)
        return False


def started(net, what, topology=True):
    """Waits for every switch to connect (and the learning switch to see
    every link); a failed check if not."""
    missing = lab.wait_connected(net, 20)
    if missing:
        fail('%s: switches connect' % what,
             'not connected: %s\n%s' % (' '.join(missing), logs_of(net)))
        return False
    if topology:
        lab.wait_topology(net)
    return True


def pingall_check(net, what):
    received, sent = lab.pingall(net, quiet=True)
    return check('%s: pingall %d/%d, %d%% loss'
                 % (what, received, sent, 100 * (sent - received) // sent),
                 received == sent, logs_of(net))

# ---- Checks --------------------------------------------------------------


def check_topo(name, switch, app=None):
    what = '%s %s' % (switch, name)
    t0 = time.time()
    with Run(name, switch, app=app) as net:
        if not started(net, what):
            return
        if not pingall_check(net, what):
            return
        before = {sw.name: lab.table_miss_packets(sw) for sw in net.switches}
        received, sent = lab.pingall(net, quiet=True)
        after = {sw.name: lab.table_miss_packets(sw) for sw in net.switches}
        moved = {n: after[n] - before[n] for n in after
                 if after[n] != before[n]}
        check('%s: second pingall (%d/%d) takes no packet-in'
              % (what, received, sent),
              received == sent and not moved and sum(before.values()) > 0,
              'table-miss packets before %s, after %s' % (before, after))
    print('       (%s: %.1f s)' % (what, time.time() - t0), flush=True)


def check_mn(switch):
    del switch                  # always ours
    t0 = time.time()
    cmd = ['mn', '--custom', os.path.join(TOP, 'mininet-topos', 'ofkit.py'),
           '--switch', 'ofkit', '--controller', 'ofkit', '--topo',
           'tree,2,2', '--test', 'pingall']
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=90,
                             cwd=TOP).stdout.decode(errors='replace')
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode(errors='replace') + '\n(timed out)'
    check('mn --switch ofkit --controller ofkit --topo tree,2,2 --test '
          'pingall: 0%% dropped (%.1f s)' % (time.time() - t0),
          re.search(r'Results: 0% dropped \(12/12', out)
          and 'Caught exception' not in out, out[-1500:])


def check_remote(switch):
    what = '%s + ovs-testcontroller (remote)' % switch
    port = 6633
    log = os.path.join(os.environ['OFKIT_RUNDIR'], 'ovs-testcontroller.log')
    tc = ofkit.start_process(['ovs-testcontroller', '-O', 'OpenFlow13',
                              'ptcp:%d:127.0.0.1' % port], log)
    try:
        if not ofkit.wait_until(
                lambda: ofkit.port_listening('127.0.0.1', port), 10):
            fail('%s: ovs-testcontroller listens' % what, tail(log))
            return
        with Run('tree,2,2', switch, 'remote,port=%d' % port) as net:
            if not started(net, what, topology=False):
                return
            pingall_check(net, what)
    finally:
        ofkit.stop_processes([tc])


def check_restart(switch):
    what = '%s restart (ring)' % switch
    with Run('ring', switch) as net:
        if not started(net, what) or not pingall_check(net, what + ' before'):
            return
        c0 = net.controllers[0]
        h1, h3 = net.get('h1', 'h3')
        c0.stop_process()
        if switch == 'ofkit':
            down = ofkit.wait_until(
                lambda: not any(s.connected() for s in net.switches), 15,
                0.1)
            check('%s: switches see the controller go' % what, down,
                  logs_of(net))
        else:
            # Open vSwitch tells its database only every few seconds.
            time.sleep(2)
        check('%s: learned flows keep forwarding without it' % what,
              lab.ping(h1, h3, count=3) == 3)
        t0 = time.time()
        c0.start()
        if not started(net, what + ' after'):
            return
        ok('%s: every switch reconnected in %.1f s'
           % (what, time.time() - t0))
        pingall_check(net, what + ' after')


class MoveTopo(Topo):
    """s1 - s2 - s3; h1 on s1, h2 on s2, h3 and h4 on s3."""

    def build(self):
        s1, s2, s3 = [self.addSwitch('s%d' % i) for i in (1, 2, 3)]
        self.addLink(s1, s2)
        self.addLink(s2, s3)
        for h, s in (('h1', s1), ('h2', s2), ('h3', s3), ('h4', s3)):
            self.addLink(self.addHost(h), s)


def port_towards(sw, node):
    """SW's port on its link to NODE."""
    return sw.ports[sw.connectionsTo(node)[0][0]]


def flows_to(sw, mac):
    """The actions of SW's learned flows towards MAC."""
    return [f[2] for f in lab.learned_flows(sw) if 'dl_dst=%s' % mac in f[1]]


def set_identity(host, intf, mac, ip):
    """Gives HOST's INTF the MAC and IP (or none, if IP is None) without
    taking the link down, and forgets its ARP cache."""
    host.cmd('ip addr flush dev %s' % intf)
    host.cmd('ip link set dev %s address %s' % (intf, mac))
    if ip:
        host.cmd('ip addr add %s/8 dev %s' % (ip, intf))
    host.cmd('ip neigh flush all')


def reach(src, dst_ip, tries=2):
    """Whether SRC gets an answer from DST_IP within TRIES pings."""
    return any(lab.ping(src, dst_ip) for _ in range(tries))


def check_move(switch):
    what = '%s move' % switch
    with Run(MoveTopo(), switch) as net:
        if not started(net, what) or not pingall_check(net, what + ' before'):
            return
        s1, s2, s3 = net.get('s1', 's2', 's3')
        h1, h2, h3, h4 = net.get('h1', 'h2', 'h3', 'h4')
        mac, ip = h1.MAC(), h1.IP()

        # 1. h1's MAC and IP show up on s3 (at h4); h1's port stays up.
        link_up = h1.cmd('cat /sys/class/net/h1-eth0/operstate').strip()
        set_identity(h1, 'h1-eth0', '02:00:00:00:0a:01', None)
        set_identity(h4, 'h4-eth0', mac, ip)
        check('%s to s3: the old port stays up (%s)' % (what, link_up),
              h1.cmd('cat /sys/class/net/h1-eth0/operstate').strip() == 'up')
        got = reach(h4, h2.IP()) and reach(h4, h3.IP())
        check('%s to s3: the moved host reaches h2 and h3' % what, got,
              logs_of(net))
        check('%s to s3: h2 and h3 reach the moved host' % what,
              reach(h2, ip) and reach(h3, ip), logs_of(net))
        want = {s1: port_towards(s1, s2), s2: port_towards(s2, s3),
                s3: port_towards(s3, h4)}
        bad = {sw.name: flows_to(sw, mac) for sw in (s2, s3)
               if any(a != 'output:%d' % want[sw]
                      for a in flows_to(sw, mac)) or not flows_to(sw, mac)}
        check('%s to s3: s2 and s3 forward %s to its new place' % (what, mac),
              not bad, 'flows towards it: %s' % bad)

        # 2. Back to s1: h4's link goes down, h1 takes its identity back.
        net.configLinkStatus('h4', 's3', 'down')
        set_identity(h1, 'h1-eth0', mac, ip)
        check('%s back to s1: the host reaches h2 and h3' % what,
              reach(h1, h2.IP()) and reach(h1, h3.IP()), logs_of(net))
        check('%s back to s1: h2 and h3 reach it' % what,
              reach(h2, ip) and reach(h3, ip), logs_of(net))
        want = {s2: port_towards(s2, s1), s3: port_towards(s3, s2)}
        bad = {sw.name: flows_to(sw, mac) for sw in (s2, s3)
               if any(a != 'output:%d' % want[sw]
                      for a in flows_to(sw, mac)) or not flows_to(sw, mac)}
        check('%s back to s1: s2 and s3 forward %s back to s1' % (what, mac),
              not bad, 'flows towards it: %s' % bad)

# ---- Main ----------------------------------------------------------------


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--switch', default='ofkit')
    p.add_argument('--app', help='ofcontroller --app for topo: checks')
    p.add_argument('checks', nargs='+')
    args = p.parse_args()
    lg.setLogLevel('error')
    if not lab.in_sandbox():
        print('mininet-checks.py: run me in the sandbox (mininet-lib.bash)')
        return 2
    lab.setup_sandbox()
    ovs = None
    if args.switch == 'ovs':
        ovs = lab.PrivateOVS(os.environ['OFKIT_RUNDIR'])
        ovs.start()
    try:
        for c in args.checks:
            try:
                if c.startswith('topo:'):
                    check_topo(c[5:], args.switch, args.app)
                elif c in ('mn', 'remote', 'restart', 'move'):
                    globals()['check_' + c](args.switch)
                else:
                    fail('unknown check %s' % c)
            except Exception as e:      # pylint: disable=broad-except
                fail('%s: %s: %s' % (c, type(e).__name__, e))
            ofkit.cleanup()
    finally:
        if ovs:
            ovs.stop()
    print('mininet: %d passed, %d failed' % (len(PASSED), len(FAILED)))
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
