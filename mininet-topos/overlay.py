#!/usr/bin/python3
"""The VM overlay lab: tenant networks over VXLAN across three VM hosts.

    overlay.py demo [--sandbox] [--iperf-seconds N]  (make demo-overlay)
    overlay.py cli  [--sandbox]                      (the Mininet CLI)

The network (every box is a Mininet node, so a network namespace):

                   underlay 192.168.100.0/24: ul, a Linux bridge
         +------------------+------------------+-------------------+
     vh1 .1             vh2 .2             vh3 .3             c0 .254
     ofswitch           ofswitch           ofswitch           ofcontroller
     red1 blue1 blue4   red2 blue2         red3 blue3         --app vm_overlay

- vh1..vh3 are the VM hosts: each is a namespace with an underlay
  address on its first interface (vhN-eth0) and an ofswitch whose ports
  are its VMs' interfaces (vhN-eth1, ...: port 1, ...) and one flow-based
  VXLAN port (ofport 100) bound to the underlay address.  dpid N.
- c0 runs ofcontroller with the vm_overlay app, listening on its
  underlay address: the switches reach it over the underlay, as they
  would in a cluster.
- Two tenants, red (VNI 1001) and blue (VNI 1002), with one VM on every
  host; redN and blueN have the same address, 10.0.0.N/24, and the same
  MAC, 02:00:00:00:00:0N.  blue4 (10.0.0.4) is an address red does not
  use.  The VMs' MTU is 1450: 1500 with the 50 bytes of VXLAN fits the
  underlay.
- The app's description (JSON) is generated from the topology: hosts
  from the VM-host nodes, VMs from the nodes linked to them.

The demo prints the ping matrix (each VM pings every VM's address; a cell
says whether the echo request reached that very VM, counted in its
kernel: red1 pinging 10.0.0.2 must reach red2, never blue2), checks that
a broadcast stays in its tenant, that the underlay carries each tenant's
frames in its own VNI (a capture decoded by tshark) and no VM's ARP (the
switches answer them), runs iperf3 between two VMs on different hosts,
and prints a summary.  It exits 0 only if everything was as expected.

In the CLI the lab stays up: `red1 ping 10.0.0.2`, `ofctl vh1 dump-flows`
(ofctl on a VM host's switch), `sh cat $OFKIT_RUNDIR/overlay.json`.

Runs under /usr/bin/python3 (Debian's python3-mininet), as root.
Everything it starts is stopped by PID; --sandbox runs it all in new
network, PID and mount namespaces that vanish with it.
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

from mininet.log import lg, output, info           # noqa: E402
from mininet.net import Mininet                    # noqa: E402
from mininet.node import Host, Switch              # noqa: E402
from mininet.topo import Topo                      # noqa: E402

import lab                                         # noqa: E402
import ofkit                                       # noqa: E402

UNDERLAY = '192.168.100.'
CONTROLLER_IP = UNDERLAY + '254'
OF_PORT = 6653
TUNNEL_PORT = 100
VM_MTU = 1450
TENANTS = (('red', 1001), ('blue', 1002))

# ---- The nodes ---------------------------------------------------------


def start_in(node, argv, logname):
    """Starts ARGV in NODE's network namespace (as ofkit.start_process
    does: its own session, dies with us, stopped by PID)."""
    with open(logname, 'ab') as log:
        log.write(('---- %s\n' % ' '.join(argv)).encode())
    return ofkit.start_process(['mnexec', '-a', str(node.pid)] + argv,
                               logname)


class UnderlayBridge(Switch):
    """The underlay: a Linux bridge (br0) in a namespace of its own,
    joining all its interfaces.  Needs no controller."""

    def __init__(self, name, **params):
        params['inNamespace'] = True
        Switch.__init__(self, name, **params)

    def start(self, controllers):
        del controllers
        self.cmd('ip link add br0 type bridge')
        for intf in self.intfList():
            if intf.name != 'lo':
                self.cmd('ip link set %s master br0 up' % intf)
        self.cmd('ip link set br0 up')

    def stop(self, deleteIntfs=True):
        self.cmd('ip link del br0')
        Switch.stop(self, deleteIntfs)

    def connected(self):
        return True


class VMHost(Host):
    """A VM host: its first interface is on the underlay (with the node's
    IP), the others lead to its VMs; ofswitch runs in its namespace with
    the VMs' interfaces as ports (numbered as Mininet numbers them) and a
    flow-based VXLAN port on the underlay address."""

    def __init__(self, name, dpid=None, loglevel='info', **params):
        Host.__init__(self, name, **params)
        self.dpid = int(dpid or re.findall(r'\d+', name)[0])
        self.loglevel = loglevel
        self.proc = None
        self.ctl = os.path.join(ofkit.ofkit_rundir(), name + '.ctl')
        self.logfile = os.path.join(ofkit.ofkit_rundir(), name + '.log')

    def underlay_ip(self):
        return self.IP()

    def vm_ports(self):
        """(port number, interface) of each VM's interface."""
        return sorted((self.ports[i], i) for i in self.intfList()
                      if i.name != 'lo' and self.ports[i] > 0)

    def target(self):
        return 'unix:' + self.ctl

    def start_switch(self, controller):
        """Starts ofswitch, connected to CONTROLLER (tcp:IP:PORT)."""
        argv = [ofkit.ofkit_binary('ofswitch'), '--name', self.name,
                '--dpid', '%x' % self.dpid, '--no-local', '--ctl', self.ctl,
                '--log-level', str(self.loglevel)]
        for port, intf in self.vm_ports():
            intf.ifconfig('up')
            argv += ['--port', '%s=%d' % (intf.name, port)]
        argv += ['--port', 'vxlan:remote_ip=flow,local_ip=%s,name=vtep,'
                 'ofport=%d' % (self.underlay_ip(), TUNNEL_PORT),
                 '--controller', controller]
        self.proc = start_in(self, argv, self.logfile)

    def ofctl(self, *args):
        """ofctl VERB on this host's switch; returns (status, output)."""
        return ofkit._ofctl_run([args[0], self.target()] + list(args[1:]))

    def has_overlay_flows(self):
        if self.proc is None or self.proc.poll() is not None:
            raise Exception('%s: ofswitch exited; see %s'
                            % (self.name, self.logfile))
        status, text = self.ofctl('dump-flows')
        return status == 0 and 'tun_id' in text

    def stop_switch(self):
        ofkit.stop_processes([self.proc])
        self.proc = None

    def terminate(self):
        self.stop_switch()
        Host.terminate(self)


class OverlayController(Host):
    """ofcontroller with the vm_overlay app, in a namespace of its own,
    listening on the node's (underlay) address."""

    def __init__(self, name, loglevel='info', **params):
        Host.__init__(self, name, **params)
        self.loglevel = loglevel
        self.proc = None
        self.logfile = os.path.join(ofkit.ofkit_rundir(), name + '.log')

    def target(self):
        return 'tcp:%s:%d' % (self.IP(), OF_PORT)

    def start_controller(self, config):
        argv = [ofkit.ofkit_binary('ofcontroller'), '--listen',
                'ptcp:%d:%s' % (OF_PORT, self.IP()),
                '--log-level', str(self.loglevel),
                '--app', 'vm_overlay:config=%s,reload_ms=200' % config]
        self.proc = start_in(self, argv, self.logfile)

        def listening():
            if self.proc.poll() is not None:
                raise Exception('%s: ofcontroller exited (status %s); see %s'
                                % (self.name, self.proc.returncode,
                                   self.logfile))
            return ' 0A ' in self.cmd('cat /proc/net/tcp')
        if not ofkit.wait_until(listening, 10):
            raise Exception('%s: ofcontroller does not listen; see %s'
                            % (self.name, self.logfile))

    def stop_controller(self):
        ofkit.stop_processes([self.proc])
        self.proc = None

    def terminate(self):
        self.stop_controller()
        Host.terminate(self)


# ---- The topology ------------------------------------------------------


class OverlayTopo(Topo):
    """N VM hosts vh1..vhN (underlay 192.168.100.K, dpid K) on a bridged
    underlay with the controller c0 (.254); on every host one VM of each
    tenant (redK, blueK: 10.0.0.K, 02:00:00:00:00:0K in both), and, if
    EXTRA, blue4 (10.0.0.4) on vh1."""

    def build(self, n=3, extra=True):
        ul = self.addSwitch('ul', cls=UnderlayBridge, dpid='ff')
        self.addLink(self.addHost('c0', cls=OverlayController,
                                  ip=CONTROLLER_IP + '/24'), ul)
        vhs = []
        for k in range(1, n + 1):
            vh = self.addHost('vh%d' % k, cls=VMHost, dpid=str(k),
                              ip='%s%d/24' % (UNDERLAY, k))
            # The underlay link first: vhK-eth0 carries the node's IP.
            self.addLink(vh, ul)
            vhs.append(vh)
        for k, vh in enumerate(vhs, 1):
            for tenant, _ in TENANTS:
                self.add_vm('%s%d' % (tenant, k), tenant, k, vh)
        if extra:
            self.add_vm('blue4', 'blue', 4, vhs[0])

    def add_vm(self, name, tenant, k, vh):
        self.addLink(self.addHost(name, ip='10.0.0.%d/24' % k,
                                  mac='02:00:00:00:00:%02x' % k,
                                  tenant=tenant), vh)


def vm_hosts(net):
    return [h for h in net.hosts if isinstance(h, VMHost)]


def vms(net):
    """The VMs, in tenant order then name order."""
    order = [t for t, _ in TENANTS]
    return sorted((h for h in net.hosts if 'tenant' in h.params),
                  key=lambda h: (order.index(h.params['tenant']), h.name))


def tenant_of(vm):
    return vm.params['tenant']


def vm_host_of(vm):
    """(VM host, port number) where VM's interface ends."""
    link = vm.defaultIntf().link
    intf = link.intf2 if link.intf1.node is vm else link.intf1
    return intf.node, intf.node.ports[intf]


def overlay_config(net):
    """vm_overlay's description of NET, as a dict."""
    hosts = [{'name': vh.name, 'dpid': '%x' % vh.dpid,
              'underlay_ip': vh.underlay_ip(), 'tunnel_port': TUNNEL_PORT}
             for vh in vm_hosts(net)]
    tenants = []
    for name, vni in TENANTS:
        members = []
        for vm in vms(net):
            if tenant_of(vm) == name:
                vh, port = vm_host_of(vm)
                members.append({'name': vm.name, 'mac': vm.MAC(),
                                'ip': vm.IP(), 'host': vh.name,
                                'port': port})
        tenants.append({'name': name, 'vni': vni, 'vms': members})
    return {'hosts': hosts, 'tenants': tenants}


def brief(items, most=4):
    """ITEMS without repeats, the first MOST of them joined, and how many
    more there are."""
    unique = list(dict.fromkeys(items))
    text = '; '.join(unique[:most])
    if len(unique) > most:
        text += '; and %d more' % (len(unique) - most)
    return text


def vni_of(tenant):
    return dict(TENANTS)[tenant]


# ---- Starting and stopping ---------------------------------------------


def start_lab(n=3, extra=True):
    """Builds and starts the lab; returns the network (stop it with
    stop_lab)."""
    lab.quiet_init()
    net = Mininet(topo=OverlayTopo(n=n, extra=extra), controller=None,
                  autoSetMacs=False, build=False)
    net.build()
    try:
        for node in net.hosts:
            for intf in node.intfList():
                if intf.name != 'lo':
                    node.cmd('sysctl -q -w net.ipv6.conf.%s.disable_ipv6=1'
                             % intf.name)
            node.cmd('sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 '
                     'net.ipv6.conf.default.disable_ipv6=1')
        for vm in vms(net):
            vm.cmd('ip link set %s mtu %d' % (vm.defaultIntf(), VM_MTU))
        net.start()
        config = os.path.join(ofkit.ofkit_rundir(), 'overlay.json')
        with open(config + '.tmp', 'w') as f:
            json.dump(overlay_config(net), f, indent=2)
        os.rename(config + '.tmp', config)
        c0 = net['c0']
        c0.start_controller(config)
        for vh in vm_hosts(net):
            vh.start_switch(c0.target())
        for vh in vm_hosts(net):
            if not ofkit.wait_until(vh.has_overlay_flows, 20, 0.2):
                raise Exception('%s got no overlay flows from the controller;'
                                ' see %s and %s' % (vh.name, vh.logfile,
                                                    c0.logfile))
    except BaseException:
        stop_lab(net)
        raise
    return net


def stop_lab(net):
    """Stops the switches and the controller (by PID) and the network."""
    for vh in vm_hosts(net):
        vh.stop_switch()
    for node in net.hosts:
        if isinstance(node, OverlayController):
            node.stop_controller()
    lab.stop_net(net)


# ---- What the lab shows ------------------------------------------------


def snmp(node):
    """NODE's /proc/net/snmp as {'Icmp': {'InEchos': N, ...}, ...}."""
    text = node.cmd('cat /proc/net/snmp')
    heads = {}
    result = {}
    for line in text.splitlines():
        proto, _, rest = line.partition(':')
        words = rest.split()
        if proto in heads:
            result[proto] = dict(zip(heads.pop(proto),
                                     (int(w) for w in words)))
        elif words and not words[0].lstrip('-').isdigit():
            heads[proto] = words
    return result


def counters(net, proto, name):
    return {vm.name: snmp(vm).get(proto, {}).get(name, 0) for vm in vms(net)}


def ping_matrix(net):
    """Each VM pings every other VM's address once.  Returns {(src, dst):
    whether the echo request reached DST} and the cells in which an echo
    landed in a VM of another tenant than the pinger's."""
    cells = {}
    leaks = []
    for src in vms(net):
        for dst in vms(net):
            if src is dst:
                continue
            before = counters(net, 'Icmp', 'InEchos')
            out = src.cmd('ping -n -q -c 1 -W 1 %s' % dst.IP())
            after = counters(net, 'Icmp', 'InEchos')
            if (after[dst.name] == before[dst.name]
                    and ' 0 received' in out):
                # Nothing came back: on a busy machine the first ARP
                # exchange (through the controller) may take longer.
                src.cmd('ping -n -q -c 1 -W 2 %s' % dst.IP())
                after = counters(net, 'Icmp', 'InEchos')
            cells[src.name, dst.name] = after[dst.name] > before[dst.name]
            for vm in vms(net):
                if (after[vm.name] > before[vm.name]
                        and tenant_of(vm) != tenant_of(src)):
                    leaks.append('%s -> %s landed in %s'
                                 % (src.name, dst.IP(), vm.name))
    return cells, leaks


def format_matrix(net, cells):
    names = [vm.name for vm in vms(net)]
    width = max(len(n) for n in names) + 2
    lines = [('  %-*s' % (width, '') + ''.join('%-*s' % (width, n)
                                                for n in names)).rstrip()]
    for s in names:
        row = '  %-*s' % (width, s)
        for d in names:
            cell = '.' if s == d else ('ok' if cells[s, d] else '-')
            row += '%-*s' % (width, cell)
        lines.append(row.rstrip())
    return '\n'.join(lines) + '\n'


def wrong_cells(net, cells):
    """The cells that differ from 'all within each tenant, none across'."""
    tenant = {vm.name: tenant_of(vm) for vm in vms(net)}
    return ['%s -> %s: %s' % (s, d, 'reached' if ok else 'not reached')
            for (s, d), ok in sorted(cells.items())
            if ok != (tenant[s] == tenant[d])]


BROADCAST_SENDER = r'''
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
for _ in range(3):
    s.sendto(b'ofkit overlay broadcast', (sys.argv[1], 9))
'''


def broadcast(net, src):
    """SRC sends three UDP datagrams to its subnet's broadcast address (a
    port nobody listens on: each VM that gets them counts them in Udp
    IgnoredMulti).  Returns the VMs that got them."""
    before = counters(net, 'Udp', 'IgnoredMulti')
    src.cmd('/usr/bin/python3 -c "%s" 10.0.0.255'
            % BROADCAST_SENDER.replace('"', '\\"'))
    deadline = time.time() + 2
    while True:
        after = counters(net, 'Udp', 'IgnoredMulti')
        got = sorted(n for n in after if n != src.name
                     and after[n] > before[n])
        peers = [vm.name for vm in vms(net) if vm is not src
                 and tenant_of(vm) == tenant_of(src)]
        if set(peers) <= set(got) or time.time() > deadline:
            break
        time.sleep(0.1)
    time.sleep(0.3)             # Time for a stray copy to arrive too.
    after = counters(net, 'Udp', 'IgnoredMulti')
    return sorted(n for n in after if n != src.name and after[n] > before[n])


class UnderlayCapture:
    """tshark on the underlay bridge, VXLAN only (udp port 4789)."""

    def __init__(self, net):
        self.ul = net['ul']
        self.file = os.path.join(ofkit.ofkit_rundir(), 'underlay.pcap')
        self.proc = None

    def start(self):
        if os.path.exists(self.file):
            os.unlink(self.file)
        self.proc = start_in(self.ul, ['tshark', '-q', '-i', 'br0', '-f',
                                       'udp port 4789', '-w', self.file],
                             os.path.join(ofkit.ofkit_rundir(),
                                          'tshark.log'))
        if not ofkit.wait_until(lambda: os.path.exists(self.file)
                                and os.path.getsize(self.file) > 0, 10):
            raise Exception('the capture on the underlay does not start')

    def stop(self):
        time.sleep(0.5)
        ofkit.stop_processes([self.proc])
        self.proc = None

    def fields(self, *names, display=None):
        """The decoded packets as tuples of NAMES (last occurrence of each:
        the inner header where there are two)."""
        argv = ['tshark', '-r', self.file, '-T', 'fields', '-E',
                'occurrence=l']
        for name in names:
            argv += ['-e', name]
        if display:
            argv += ['-Y', display]
        out = subprocess.run(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=60)
        return [tuple(line.split('\t'))
                for line in out.stdout.decode().splitlines()]


def tagged_pings(net):
    """Pings that tell the tenants apart on the wire: in each tenant,
    VM 1 pings VM 2 (different hosts) with a payload size of its own.
    Returns {inner IP length: tenant}."""
    sizes = {}
    for i, (tenant, _) in enumerate(TENANTS):
        payload = 101 + 100 * i
        src, dst = net['%s1' % tenant], net['%s2' % tenant]
        src.cmd('ping -n -q -c 2 -i 0.2 -W 1 -s %d %s' % (payload, dst.IP()))
        sizes[str(payload + 28)] = tenant
    return sizes


def check_vnis(capture, sizes):
    """Checks the capture: each tenant's tagged pings (requests and
    replies) went in its VNI and no other; every VXLAN packet has one of
    the tenants' VNIs; no VM's ARP crossed.  Returns (problems, summary
    lines)."""
    problems = []
    summary = []
    rows = capture.fields('vxlan.vni', 'ip.len', 'icmp.type',
                          display='vxlan')
    vnis = {vni for _, vni in TENANTS}
    seen = {}
    for row in rows:
        if len(row) < 3 or not row[0]:
            continue
        vni = int(row[0])
        seen[vni] = seen.get(vni, 0) + 1
        if vni not in vnis:
            problems.append('a VXLAN packet with VNI %d' % vni)
        tenant = sizes.get(row[1])
        if tenant and row[2] in ('0', '8') and vni != vni_of(tenant):
            problems.append('%s\'s ping (IP length %s) in VNI %d'
                            % (tenant, row[1], vni))
    for tenant, vni in TENANTS:
        n = sum(1 for r in rows if len(r) >= 3 and r[0] == str(vni)
                and sizes.get(r[1]) == tenant and r[2] in ('0', '8'))
        summary.append('%s: VNI %d, its pings inside it: %d (requests and '
                       'replies)' % (tenant, vni, n))
        if n < 4:
            problems.append('%s\'s 2 pings: %d packets in VNI %d, not 4'
                            % (tenant, n, vni))
    arps = capture.fields('vxlan.vni', display='arp')
    summary.append('%d VXLAN packets (%s), %d with an ARP inside'
                   % (sum(seen.values()), ', '.join(
                       'VNI %d: %d' % kv for kv in sorted(seen.items())),
                      len(arps)))
    if arps:
        problems.append('%d ARP packets crossed the underlay' % len(arps))
    malformed = capture.fields('frame.number', display='_ws.malformed')
    if malformed:
        problems.append('tshark finds %d malformed packets' % len(malformed))
    return problems, summary


# ---- The demo ----------------------------------------------------------


def demo(args):
    lg.setLogLevel(args.verbosity or 'output')
    lg.ch.setStream(sys.stdout)
    rows = []
    ok = True

    def result(name, passed, text):
        nonlocal ok
        ok = ok and passed
        rows.append((name, ('' if passed else 'FAIL ') + text))

    rows.append(('network', '3 VM hosts (ofswitch, VXLAN), underlay %s0/24'
                 % UNDERLAY))
    rows.append(('', 'ofcontroller vm_overlay at %s, on the underlay'
                 % CONTROLLER_IP))
    rows.append(('', 'tenants %s' % ', '.join('%s (VNI %d)' % t
                                               for t in TENANTS)))
    output('*** ofkit overlay lab: %s\n' % rows[0][1])
    t0 = time.time()
    net = start_lab()
    try:
        output('*** started in %.1f s; tenants:\n' % (time.time() - t0))
        for tenant, vni in TENANTS:
            output('    %-5s VNI %d: %s\n' % (tenant, vni, ' '.join(
                '%s(%s@%s)' % (vm.name, vm.IP(), vm_host_of(vm)[0].name)
                for vm in vms(net) if tenant_of(vm) == tenant)))

        capture = UnderlayCapture(net)
        capture.start()
        output('*** ping matrix (the row pings the column\'s address; ok: '
               'the echo reached that VM)\n')
        cells, leaks = ping_matrix(net)
        output(format_matrix(net, cells))
        wrong = wrong_cells(net, cells)
        result('matrix', not wrong and not leaks,
               '%d cells: %d reached, all within the tenants, none across'
               % (len(cells), sum(cells.values())) if not wrong
               else '%d wrong cells: %s' % (len(wrong), brief(wrong)))
        if leaks:
            result('isolation', False, brief(leaks))

        sizes = tagged_pings(net)
        capture.stop()
        problems, summary = check_vnis(capture, sizes)
        result('underlay', not problems, summary[0])
        for line in summary[1:]:
            rows.append(('', line))
        if problems:
            rows.append(('', 'FAIL ' + brief(problems)))

        for src in (net['red1'], net['blue1']):
            got = broadcast(net, src)
            want = sorted(vm.name for vm in vms(net) if vm is not src
                          and tenant_of(vm) == tenant_of(src))
            result('broadcast', got == want,
                   '%s\'s reached %s%s' % (
                       src.name, ', '.join(got) or 'nobody',
                       '' if got == want else ' (want %s)' % ', '.join(want)))

        a, b = net['red1'], net['red2']
        output('*** iperf3: %s -> %s (%s -> %s), TCP, %d s\n'
               % (a.name, b.name, vm_host_of(a)[0].name,
                  vm_host_of(b)[0].name, args.iperf_seconds))
        bps, reason = lab.iperf3(a, b, seconds=args.iperf_seconds)
        if bps:
            result('iperf3', True, '%s -> %s across the tunnel: %s (TCP, '
                   '%d s)' % (a.name, b.name, lab.human_bps(bps),
                              args.iperf_seconds))
        else:
            result('iperf3', False, '%s -> %s: %s' % (a.name, b.name, reason))
        tx = tunnel_tx(net['vh1'])
        rows.append(('', 'vh1\'s tunnel port sent %s packets' % tx))
    except Exception as e:      # pylint: disable=broad-except
        result('error', False, str(e))
    finally:
        output('*** Stopping the lab\n')
        stop_lab(net)

    rows.append(('result', 'PASS' if ok else 'FAIL'))
    width = max(len(r[0]) for r in rows)
    output('\n==== ofkit overlay lab ' + '=' * 49 + '\n')
    for name, text in rows:
        output('  %-*s  %s\n' % (width, name, text))
    output('=' * 72 + '\n')
    return 0 if ok else 1


def tunnel_tx(vh):
    status, text = vh.ofctl('dump-ports', str(TUNNEL_PORT))
    m = re.search(r'tx pkts=(\d+)', text)
    return m.group(1) if status == 0 and m else '?'


def cli(args):
    from mininet.cli import CLI

    class OverlayCLI(CLI):
        """Mininet's CLI, plus `ofctl VMHOST VERB [ARGS]`."""

        def do_ofctl(self, line):
            """Run ofctl on a VM host's switch: ofctl VMHOST VERB [ARGS...]
               (e.g. ofctl vh1 dump-flows)."""
            words = line.split()
            if (len(words) < 2 or words[0] not in self.mn
                    or not isinstance(self.mn[words[0]], VMHost)):
                output('usage: ofctl VMHOST VERB [ARGS...]\n')
                return
            output(self.mn[words[0]].ofctl(*words[1:])[1])

    lg.setLogLevel(args.verbosity or 'info')
    net = start_lab()
    try:
        info('*** The description: %s\n' % os.path.join(
            ofkit.ofkit_rundir(), 'overlay.json'))
        for vh in vm_hosts(net):
            info('    %s: underlay %s, ofctl target %s\n'
                 % (vh.name, vh.underlay_ip(), vh.target()))
        info('*** Try: red1 ping 10.0.0.2, ofctl vh1 dump-flows, '
             'red1 iperf3 -s & ...\n')
        OverlayCLI(net)
    finally:
        stop_lab(net)
    return 0


# ---- Main --------------------------------------------------------------


def enter_sandbox(argv):
    """Runs this program again in new network, PID and mount namespaces
    (see lab.enter_sandbox); returns its exit status."""
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


def parse(argv):
    p = argparse.ArgumentParser(prog='overlay.py', description=__doc__.split(
        '\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('mode', choices=('demo', 'cli'))
    p.add_argument('--sandbox', action='store_true')
    p.add_argument('--iperf-seconds', type=int, default=5)
    p.add_argument('-v', '--verbosity')
    return p.parse_args(argv)


def main(argv):
    args = parse(argv)
    if os.getuid() != 0:
        sys.stderr.write('overlay.py: Mininet needs root\n')
        return 1
    if args.sandbox and not lab.in_sandbox():
        tmp = None
        if 'OFKIT_RUNDIR' not in os.environ:
            tmp = tempfile.mkdtemp(prefix='ofkit-overlay.')
            os.environ['OFKIT_RUNDIR'] = tmp
        status = enter_sandbox(argv)
        if tmp and status == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            sys.stderr.write('overlay.py: logs kept in %s\n' % tmp)
        return status
    if lab.in_sandbox():
        lab.setup_sandbox()
    try:
        return demo(args) if args.mode == 'demo' else cli(args)
    except KeyboardInterrupt:
        sys.stderr.write('overlay.py: interrupted; the lab is stopped\n')
        return 130


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
