#!/usr/bin/python3
"""ofkit's Mininet runner: the demo, the lab, and helpers for the tests.

    lab.py demo [--topo tree,2,2]       (what `make demo` runs, sandboxed)
    lab.py cli  [--topo ring] ...       (what `make lab TOPO=...` runs)

Options:
  --topo TOPO         a Mininet topology: single[,K], linear[,K], tree[,D,F],
                      minimal, reversed, torus, ring[,N[,K]],
                      leafspine[,S[,L[,K]]] (see ofkit.py)
  --switch SW         ofkit (ofswitch, the default) or ovs (Open vSwitch,
                      userspace datapath, OpenFlow 1.3)
  --controller C      ofkit (ofcontroller, the default), or
                      remote[,ip=IP][,port=PORT] (a controller you run)
  --app APP           the ofcontroller app and options, in ofcontroller's
                      syntax (learning_switch)
  --sandbox           run everything in new network, PID and mount
                      namespaces: nothing touches the machine's network,
                      and whatever is started dies with the run
  --keep-ipv6         leave IPv6 on in the hosts (off by default: the
                      hosts' IPv6 chatter would only add packet-ins)
  -v LEVEL            Mininet's log level (info for cli, output for demo)

Unlike `mn`, this never runs Mininet's global cleanup (which kills
processes by name and deletes every Open vSwitch bridge): it stops what it
started, by PID, and deletes the links it made.

Runs under /usr/bin/python3 (Debian's python3-mininet), as root.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from mininet.log import LEVELS, lg, output, info, warn   # noqa: E402
from mininet.net import Mininet                  # noqa: E402
from mininet.node import OVSSwitch, RemoteController   # noqa: E402
from mininet.topo import (LinearTopo, MinimalTopo,     # noqa: E402
                          SingleSwitchReversedTopo, SingleSwitchTopo)
from mininet.topolib import TorusTopo, TreeTopo  # noqa: E402
from mininet.util import buildTopo, customClass, specialClass  # noqa: E402

import ofkit                                      # noqa: E402

TOPOS = {'minimal': MinimalTopo, 'single': SingleSwitchTopo,
         'linear': LinearTopo, 'reversed': SingleSwitchReversedTopo,
         'tree': TreeTopo, 'torus': TorusTopo}
TOPOS.update(ofkit.topos)

# Open vSwitch as Mininet runs it, but with the userspace datapath (there
# may be no kernel module) and OpenFlow 1.3.
OVSUserSwitch = specialClass(OVSSwitch, defaults={
    'datapath': 'user', 'protocols': 'OpenFlow13'})
SWITCHES = {'ofkit': ofkit.OfkitSwitch, 'ovs': OVSUserSwitch}
CONTROLLERS = {'ofkit': ofkit.OfkitController, 'remote': RemoteController}

# ---- The sandbox -------------------------------------------------------


def in_sandbox():
    return os.environ.get('OFKIT_SANDBOX') == '1'


def enter_sandbox(argv):
    """Runs this program again (with ARGV) in new network, PID and mount
    namespaces; returns its exit status.  Everything started inside dies
    when the run ends (the kernel kills a PID namespace with its first
    process, and unshare --kill-child kills that one if unshare is
    killed); its interfaces vanish with its network namespaces.  A Ctrl-C
    reaches the program inside, which stops its network itself."""
    env = dict(os.environ, OFKIT_SANDBOX='1')
    cmd = ['unshare', '--net', '--pid', '--mount', '--fork',
           '--kill-child', '--mount-proc', sys.executable,
           os.path.abspath(__file__)] + argv
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        proc = subprocess.Popen(cmd, env=env, preexec_fn=lambda: signal.signal(
            signal.SIGINT, signal.SIG_DFL))
        status = proc.wait()
    finally:
        signal.signal(signal.SIGINT, old)
    return 128 - status if status < 0 else status


def setup_sandbox():
    """Inside the sandbox: loopback up, IPv6 off by default, and a private
    /run/openvswitch, so that an ovs-vsctl run here (by Mininet's OVS
    switch) never reaches the machine's Open vSwitch."""
    subprocess.check_call(['ip', 'link', 'set', 'lo', 'up'])
    for key in ('all', 'default'):
        sysctl('net.ipv6.conf.%s.disable_ipv6' % key, '1')
    os.makedirs('/run/openvswitch', exist_ok=True)
    subprocess.check_call(['mount', '-t', 'tmpfs', '-o', 'mode=0755',
                           'ofkit-ovs', '/run/openvswitch'])


def sysctl(key, value):
    try:
        with open('/proc/sys/' + key.replace('.', '/'), 'w') as f:
            f.write(value)
    except OSError:
        pass


class PrivateOVS:
    """ovsdb-server and ovs-vswitchd of our own, database and logs in
    DIRECTORY, sockets in /run/openvswitch (which must be the sandbox's
    private one, so that Mininet's ovs-vsctl finds them by default)."""

    def __init__(self, directory):
        self.dir = directory
        self.pidfiles = []

    def start(self):
        d = self.dir
        os.makedirs(d, exist_ok=True)
        db = os.path.join(d, 'conf.db')
        if os.path.exists(db):
            os.unlink(db)
        run = subprocess.check_call
        run(['ovsdb-tool', 'create', db,
             '/usr/share/openvswitch/vswitch.ovsschema'])
        for daemon, args in (
                ('ovsdb-server',
                 [db, '--remote=punix:/run/openvswitch/db.sock']),
                ('ovs-vswitchd', ['unix:/run/openvswitch/db.sock'])):
            pidfile = os.path.join(d, daemon + '.pid')
            run([daemon] + args + [
                '-vconsole:off',
                '--pidfile=' + pidfile, '--detach', '--no-chdir',
                '--log-file=' + os.path.join(d, daemon + '.log'),
                '--unixctl=' + os.path.join(d, daemon + '.ctl')])
            self.pidfiles.append(pidfile)
            if daemon == 'ovsdb-server':
                run(['ovs-vsctl', '--no-wait', 'init'])
        OVSSwitch.setup()

    def stop(self):
        for pidfile in reversed(self.pidfiles):
            try:
                with open(pidfile) as f:
                    pid = int(f.read().strip())
            except (OSError, ValueError):
                continue
            try:
                os.kill(pid, 15)
            except ProcessLookupError:
                continue
            ofkit.wait_until(lambda: not os.path.exists('/proc/%d' % pid)
                             or _zombie(pid), 5)
        self.pidfiles = []


def _zombie(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(')')[-1].split()[0] == 'Z'
    except OSError:
        return True

# ---- Building and tearing down ------------------------------------------


def quiet_init():
    """Mininet.init() raises some resource limits and warns when a sysctl
    is not ours to change (in a network namespace most are not)."""
    level = lg.getEffectiveLevel()
    lg.setLogLevel('error')
    try:
        Mininet.init()
    finally:
        lg.setLogLevel([name for name, n in LEVELS.items() if n == level][0])


def make_net(topo='tree,2,2', switch='ofkit', controller='ofkit', app=None,
             listen_port=None, keep_ipv6=False):
    """Builds (does not start) a Mininet network.  TOPO is a Topo or a
    string in mn's syntax; SWITCH and CONTROLLER are names from SWITCHES
    and CONTROLLERS with mn-style options (ovs, remote,port=6633)."""
    quiet_init()
    if isinstance(topo, str):
        topo = buildTopo(TOPOS, topo)
    swclass = customClass(SWITCHES, switch)
    if isinstance(controller, str):
        ctlclass = customClass(CONTROLLERS, controller)
        if app and controller.split(',')[0] == 'ofkit':
            ctlclass = specialClass(ctlclass, defaults={'app': app})
    else:
        ctlclass = controller
    if listen_port is None and not issubclass(swclass, ofkit.OfkitSwitch):
        # Our switches find free ports themselves; OVS needs a base.
        listen_port = 6654
    net = Mininet(topo=topo, switch=swclass, controller=ctlclass,
                  autoSetMacs=True, listenPort=listen_port, build=False)
    net.build()
    if issubclass(swclass, OVSSwitch):
        # Open vSwitch's userspace datapath forwards a veth's frames with
        # the TCP/UDP checksum still to be filled in (the kernel's
        # checksum offload), and the receiver drops them: TCP would not
        # work.  The hosts compute their checksums themselves instead.
        # (ofswitch completes such checksums; it needs none of this.)
        for host in net.hosts:
            for intf in host.intfList():
                host.cmd('ethtool -K %s tx off >/dev/null 2>&1' % intf)
    if not keep_ipv6:
        for node in net.hosts + net.switches:
            for intf in node.intfList():
                if intf.name != 'lo':
                    node.cmd('sysctl -q -w net.ipv6.conf.%s.disable_ipv6=1'
                             % intf.name.replace('.', '/'))
        for host in net.hosts:
            host.cmd('sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 '
                     'net.ipv6.conf.default.disable_ipv6=1')
    return net


def stop_net(net):
    """Stops NET (controllers, links, switches, hosts) and whatever
    ofkit.py started.  Never raises."""
    try:
        net.stop()
    except Exception as e:      # pylint: disable=broad-except
        warn('*** stopping the network: %s\n' % e)
    ofkit.cleanup()


def wait_connected(net, timeout=15):
    """Waits until every switch is connected to a controller; returns the
    names of those that are not."""
    ctls = [c for c in net.controllers
            if isinstance(c, ofkit.OfkitController)]

    def up(sw):
        if isinstance(sw, ofkit.OfkitSwitch):
            return sw.connected()
        return any(c.switch_up(sw.dpid) for c in ctls) or sw.connected()

    def missing():
        return [s.name for s in net.switches if not up(s)]
    ofkit.wait_until(lambda: not missing(), timeout, 0.1)
    return missing()


def switch_links(net):
    """How many links join two switches."""
    return sum(1 for link in net.links
               if link.intf1.node in net.switches
               and link.intf2.node in net.switches)


def wait_topology(net, timeout=8):
    """With ofcontroller's learning switch: waits until its log shows as
    many discovered links as the network has between switches (it floods
    along a tree of them once it knows them).  Returns whether it did; a
    log it cannot read only costs the timeout."""
    want = switch_links(net)
    ctls = [c for c in net.controllers
            if isinstance(c, ofkit.OfkitController)]
    logs = [c.logfile for c in ctls]
    if not logs:
        return True
    # The app floods to a port that came up without a link only 'hold' ms
    # later (1 s by default), so that no loop forms while LLDP runs.
    holds = [int(m) for c in ctls for a in c.apps
             for m in re.findall(r'[:,]hold=(\d+)', a)]
    hold = max(holds or [1000]) / 1000.0

    def found():
        links = set()
        for log in logs:
            try:
                with open(log, errors='replace') as f:
                    text = f.read()
            except OSError:
                return False
            text = text.rsplit('\n---- ', 1)[-1]
            links.update(re.findall(r'link (\S+) <-> (\S+)', text))
        return len(links) >= want
    t0 = time.time()
    ok = not want or ofkit.wait_until(found, timeout, 0.1)
    time.sleep(max(0, hold + 0.2 - (time.time() - t0)))
    return ok

# ---- What users (and tests) measure --------------------------------------


def ofctl(sw, *args):
    """ofctl VERB on switch SW (ours or OVS) by its listen port."""
    target = 'tcp:127.0.0.1:%d' % sw.listenPort
    out = subprocess.run([ofkit.ofkit_binary('ofctl'), '-t', '10', args[0],
                          target] + list(args[1:]),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=30)
    return out.returncode, out.stdout.decode(errors='replace')


FLOW_RE = re.compile(
    r'n_packets=(\d+).*?priority=(\d+)(,\S*)?\s+actions=(\S*)')


def dump_flows(sw):
    """The flows of SW as (priority, match, actions, n_packets)."""
    status, text = ofctl(sw, 'dump-flows')
    if status:
        raise Exception('%s: dump-flows failed: %s' % (sw.name, text))
    flows = []
    for line in text.splitlines():
        m = FLOW_RE.search(line)
        if m:
            flows.append((int(m.group(2)), (m.group(3) or '').lstrip(','),
                          m.group(4), int(m.group(1))))
    return flows


def table_miss_packets(sw):
    """Packets that hit SW's table-miss flow (priority 0, no match): each
    became a packet-in."""
    return sum(n for prio, match, _, n in dump_flows(sw)
               if prio == 0 and not match)


def learned_flows(sw):
    """The flows that are neither the table-miss flow nor LLDP's."""
    return [f for f in dump_flows(sw)
            if f[0] != 0 and 'dl_type=0x88cc' not in f[1]]


def packet_ins(net):
    return sum(table_miss_packets(sw) for sw in net.switches)


def ping(src, dst, count=1, wait=1):
    """Pings DST from SRC; returns the number of replies."""
    out = src.cmd('ping -n -c %d -i 0.2 -W %d %s' % (count, wait, dst.IP()
                                                    if hasattr(dst, 'IP')
                                                    else dst))
    m = re.search(r'(\d+) received', out)
    return int(m.group(1)) if m else 0


def pingall(net, hosts=None, quiet=False):
    """Every host pings every other once (1 s timeout); returns (replies,
    pings) and prints Mininet's matrix unless QUIET."""
    hosts = hosts or net.hosts
    sent = received = 0
    if not quiet:
        output('*** Ping: testing ping reachability\n')
    for src in hosts:
        if not quiet:
            output('%s -> ' % src.name)
        for dst in hosts:
            if src is dst:
                continue
            n = ping(src, dst)
            sent += 1
            received += n
            if not quiet:
                output('%s ' % (dst.name if n else 'X'))
        if not quiet:
            output('\n')
    if not quiet:
        output('*** Results: %d%% dropped (%d/%d received)\n'
               % (100 * (sent - received) // max(sent, 1), received, sent))
    return received, sent


def iperf3(client, server, seconds=5, port=5201):
    """TCP throughput from CLIENT to SERVER with iperf3, in bits/s (None
    if it failed, with the reason).  The server is stopped by PID."""
    srv = server.popen(['iperf3', '-s', '-1', '-p', str(port)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        reason = 'no result'
        for _ in range(20):
            out = client.cmd('timeout %d iperf3 -J -c %s -p %d -t %d '
                             '--connect-timeout 1000'
                             % (seconds + 15, server.IP(), port, seconds))
            try:
                result = json.loads(out[out.index('{'):])
            except ValueError:
                reason = out.strip()[-200:]
                break
            if 'error' in result:
                reason = result['error']
                if 'refused' in reason:
                    time.sleep(0.2)
                    continue
                break
            return result['end']['sum_received']['bits_per_second'], None
        return None, reason
    finally:
        ofkit.stop_processes([srv], timeout=3)


def human_bps(bps):
    for unit, scale in (('Gbit/s', 1e9), ('Mbit/s', 1e6), ('kbit/s', 1e3)):
        if bps >= scale:
            return '%.2f %s' % (bps / scale, unit)
    return '%.0f bit/s' % bps


def hops(net, a, b):
    """Switches on the shortest path between hosts A and B."""
    nodes = {a}
    frontier = [a]
    dist = {a: 0}
    while frontier:
        nxt = []
        for n in frontier:
            for intf in n.intfList():
                if not intf.link:
                    continue
                peer = (intf.link.intf2 if intf.link.intf1 is intf
                        else intf.link.intf1).node
                if peer not in nodes:
                    nodes.add(peer)
                    dist[peer] = dist[n] + 1
                    if peer is b:
                        return dist[peer] - 1
                    if peer in net.switches:
                        nxt.append(peer)
        frontier = nxt
    return None


def far_hosts(net):
    """The first host and the host farthest from it."""
    first = net.hosts[0]
    best = max(reversed(net.hosts[1:]),
               key=lambda h: (hops(net, first, h) or 0))
    return first, best

# ---- The demo ----------------------------------------------------------


def demo(args):
    """Starts TOPO, runs pingall twice (the second time the learned flows
    forward everything: no packet-in) and iperf3 between two far hosts,
    stops it all and prints a summary.  Returns 0 if every ping and the
    iperf3 passed."""
    topo = args.topo or 'tree,2,2'
    app = args.app or 'learning_switch'
    lg.setLogLevel(args.verbosity or 'output')
    lg.ch.setStream(sys.stdout)
    net = make_net(topo, args.switch, args.controller, app=app,
                   keep_ipv6=args.keep_ipv6)
    kind = {'ofkit': 'ofswitch', 'ovs': 'Open vSwitch'}.get(
        args.switch.split(',')[0], args.switch)
    ctl = ('ofcontroller (%s)' % app if args.controller == 'ofkit'
           else args.controller)
    rows = [('network', '%s: %d %s switches, %d hosts, %s'
             % (topo, len(net.switches), kind, len(net.hosts), ctl))]
    ok = True
    try:
        output('*** ofkit demo: %s\n' % rows[0][1])
        net.start()
        missing = wait_connected(net)
        if missing:
            raise Exception('not connected to the controller: %s'
                            % ' '.join(missing))
        wait_topology(net)
        output('*** %d switches connected\n' % len(net.switches))

        before = packet_ins(net)
        received, sent = pingall(net)
        first = packet_ins(net) - before
        ok = received == sent
        rows.append(('pingall', '%d/%d answered, %d%% loss'
                     % (received, sent, 100 * (sent - received) // sent)))

        before = packet_ins(net)
        received, sent = pingall(net, quiet=True)
        second = packet_ins(net) - before
        ok = ok and received == sent
        flows = ['%s: %d' % (sw.name, len(learned_flows(sw)))
                 for sw in net.switches]
        rows.append(('packet-ins', '%d during pingall; %d during a second '
                     'one (%d/%d answered),' % (first, second, received,
                                                sent)))
        rows.append(('', 'forwarded by the flows the switches learned:'))
        while flows:
            rows.append(('', '  ' + ', '.join(flows[:5])))
            flows = flows[5:]

        a, b = far_hosts(net)
        output('*** iperf3: %s -> %s, TCP, 5 s\n' % (a.name, b.name))
        bps, reason = iperf3(a, b)
        if bps is None:
            ok = False
            rows.append(('iperf3', '%s -> %s FAILED: %s'
                         % (a.name, b.name, reason)))
        else:
            rows.append(('iperf3', '%s -> %s across %d switches: %s '
                         '(TCP, 5 s)' % (a.name, b.name, hops(net, a, b),
                                         human_bps(bps))))
    except Exception as e:      # pylint: disable=broad-except
        ok = False
        rows.append(('error', str(e)))
    finally:
        output('*** Stopping the network\n')
        stop_net(net)

    rows.append(('result', 'PASS' if ok else 'FAIL'))
    width = max(len(r[0]) for r in rows)
    output('\n==== ofkit demo ' + '=' * 56 + '\n')
    for name, text in rows:
        output('  %-*s  %s\n' % (width, name, text))
    output('=' * 72 + '\n')
    return 0 if ok else 1

# ---- The lab -----------------------------------------------------------


def lab(args):
    from mininet.cli import CLI

    class OfkitCLI(CLI):
        """Mininet's CLI, plus `ofctl SWITCH VERB [ARGS]`."""

        def do_ofctl(self, line):
            """Run ofctl on one switch: ofctl SWITCH VERB [ARGS...]
               (e.g. ofctl s1 dump-flows)."""
            words = line.split()
            if len(words) < 2 or words[0] not in self.mn:
                output('usage: ofctl SWITCH VERB [ARGS...]\n')
                return
            sw = self.mn[words[0]]
            output(ofctl(sw, *words[1:])[1])

    lg.setLogLevel(args.verbosity or 'info')
    net = make_net(args.topo or 'tree,2,2', args.switch, args.controller,
                   app=args.app, keep_ipv6=args.keep_ipv6)
    try:
        net.start()
        missing = wait_connected(net)
        if missing:
            warn('*** not connected to a controller: %s\n'
                 % ' '.join(missing))
        else:
            wait_topology(net)
        info('*** ofctl targets of the switches:\n')
        for s in net.switches:
            info('    %-8s tcp:127.0.0.1:%d%s\n'
                 % (s.name, s.listenPort,
                    '  unix:' + s.ctl if hasattr(s, 'ctl') else ''))
        if hasattr(net.switches[0], 'logfile'):
            info('*** Logs: %s\n' % os.path.dirname(
                net.switches[0].logfile))
        info('*** Try: pingall, h1 ping h2, dpctl dump-flows, '
             'ofctl s1 dump-switch, help\n')
        OfkitCLI(net)
    finally:
        stop_net(net)
    return 0

# ---- Main --------------------------------------------------------------


def parse(argv):
    p = argparse.ArgumentParser(prog='lab.py', description=__doc__.split(
        '\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('mode', choices=('demo', 'cli'))
    p.add_argument('--topo')
    p.add_argument('--switch', default='ofkit')
    p.add_argument('--controller', default='ofkit')
    p.add_argument('--app')
    p.add_argument('--sandbox', action='store_true')
    p.add_argument('--keep-ipv6', action='store_true')
    p.add_argument('-v', '--verbosity')
    return p.parse_args(argv)


def main(argv):
    args = parse(argv)
    if os.getuid() != 0:
        sys.stderr.write('lab.py: Mininet needs root\n')
        return 1
    if args.sandbox and not in_sandbox():
        # The logs go to a directory outside the sandbox's life, kept if
        # the run fails.
        tmp = None
        if 'OFKIT_RUNDIR' not in os.environ:
            tmp = tempfile.mkdtemp(prefix='ofkit-%s.' % args.mode)
            os.environ['OFKIT_RUNDIR'] = tmp
        status = enter_sandbox(argv)
        if tmp and status == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            sys.stderr.write('lab.py: logs kept in %s\n' % tmp)
        return status
    ovs = None
    if in_sandbox():
        setup_sandbox()
        if args.switch.split(',')[0] == 'ovs':
            ovs = PrivateOVS(os.path.join(ofkit.ofkit_rundir(), 'ovs'))
            ovs.start()
    status = 1
    try:
        status = demo(args) if args.mode == 'demo' else lab(args)
    except KeyboardInterrupt:
        sys.stderr.write('lab.py: interrupted; the network is stopped\n')
        status = 130
    finally:
        if ovs:
            ovs.stop()
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
