"""ofkit for Mininet: our switch, our controller, and two topologies.

    mn --custom mininet-topos/ofkit.py --switch ofkit --controller ofkit \\
       --topo tree,2,2 --test pingall

What this file registers (mn picks up the dictionaries at the bottom):

  --switch ofkit        OfkitSwitch: one ofswitch process per Mininet switch,
                        on the switch's interfaces (s1-eth1, ...), in the
                        root namespace like Open vSwitch.
  --controller ofkit    OfkitController: one ofcontroller process (the
                        learning switch unless told otherwise).
  --topo ring[,N[,K]]   N switches in a ring (default 4), K hosts on each
                        (default 1).  It has a loop: use a controller that
                        prevents loops (ofcontroller's learning switch does).
  --topo leafspine[,S[,L[,K]]]
                        a leaf-spine fabric: S spines (2), L leaves (4), K
                        hosts per leaf (2); every leaf links to every spine.
                        Also registered as leaf-spine.

`--controller remote` (Mininet's RemoteController) works with our switch as
well: the switch connects to whatever controllers Mininet hands it.

Switch parameters (mn: --switch ofkit,NAME=VALUE,...):
  listenPort  TCP port where ofctl (and Mininet's dpctl) reach the switch;
              mn numbers them from --listenport (6654).  Without one the
              switch takes the next free number from 6654 up.
  local       True: give the switch a LOCAL port, a tap interface named
              after the switch (default False: Mininet switches need none,
              and a tap per switch in the root namespace only invites the
              host's network manager to play with it).
  loglevel    ofswitch --log-level (info).
  opts        more ofswitch options, as one string.
Each switch has its control socket at RUNDIR/NAME.ctl and its log at
RUNDIR/NAME.log, RUNDIR being $OFKIT_RUNDIR or /run/ofkit.  So, during a
lab, from any shell:
    build/ofctl dump-flows unix:/run/ofkit/s1.ctl
    build/ofctl dump-flows tcp:127.0.0.1:6654
and in the Mininet CLI, `dpctl dump-flows` runs ofctl on every switch.

Controller parameters (mn: --controller ofkit,NAME=VALUE,...):
  app         one or more --app values for ofcontroller, separated by
              spaces (default learning_switch).  mn splits its options at
              commas, so write '+' for the commas between an app's own
              options: app=learning_switch:hold=300+idle_timeout=30
  threads     ofcontroller --threads.
  loglevel    ofcontroller --log-level (info).
  port, ip    where it listens and switches connect (6653, 127.0.0.1).
  opts        more ofcontroller options, as one string.
Its log is RUNDIR/NAME.log (c0.log).

Binaries: $OFKIT_BUILD/ofswitch (and ofcontroller, ofctl) if OFKIT_BUILD is
set, else the build/ directory next to this file, else $PATH.

Processes: everything this file starts is started in a session of its own
(so a Ctrl-C typed in the Mininet CLI does not reach it), dies with the
Python process that started it (PR_SET_PDEATHSIG), and is stopped by PID.
Nothing is ever killed by name.  mn calls a global cleanup() when it fails
or is interrupted; the stock one kills every process named like a
controller or ping on the machine, deletes every Open vSwitch bridge and
removes /tmp/*.log.  With this file loaded mn calls the cleanup() below
instead, which stops what this file started and removes the links of its
switches, and nothing else.  (Do not run `mn -c` on a shared machine.)

Runs under /usr/bin/python3 (Debian's python3-mininet), as root.
"""

import atexit
import ctypes
import inspect
import os
import re
import signal
import socket
import subprocess
import time

from mininet.log import debug, error, warn
from mininet.node import Controller, Node, Switch
from mininet.topo import Topo

# ---- Where things are --------------------------------------------------


def _this_file():
    # mn loads --custom files with exec(), without __file__; the code
    # object still knows the file it was compiled from.
    return os.path.abspath(inspect.currentframe().f_code.co_filename)


OFKIT_HOME = os.path.dirname(os.path.dirname(_this_file()))


def ofkit_binary(name):
    """The path of ofkit program NAME (ofswitch, ofcontroller, ofctl)."""
    build = os.environ.get('OFKIT_BUILD')
    candidates = []
    if build:
        candidates.append(os.path.join(build, name))
    else:
        candidates.append(os.path.join(OFKIT_HOME, 'build', name))
    for path in candidates:
        if os.access(path, os.X_OK):
            return os.path.abspath(path)
    for d in os.environ.get('PATH', '').split(os.pathsep):
        path = os.path.join(d, name)
        if os.access(path, os.X_OK):
            return path
    raise Exception('cannot find %s (looked in %s and $PATH); run make'
                    % (name, ', '.join(candidates)))


def ofkit_rundir():
    """The directory of control sockets and logs (created if missing)."""
    rundir = os.environ.get('OFKIT_RUNDIR', '/run/ofkit')
    os.makedirs(rundir, exist_ok=True)
    return rundir


# ---- Processes ---------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)

# Every process this module started and has not stopped yet, by PID.
_running = {}


def _die_with_parent():
    # In the child, before exec: SIGTERM when the parent thread exits.
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def start_process(argv, logname):
    """Starts argv with stdout and stderr appended to LOGNAME, in a session
    of its own; returns the Popen."""
    log = open(logname, 'ab')
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, close_fds=True,
                                start_new_session=True,
                                preexec_fn=_die_with_parent)
    finally:
        log.close()
    _running[proc.pid] = proc
    debug('*** started %s (pid %d)\n' % (' '.join(argv), proc.pid))
    return proc


def stop_processes(procs, timeout=10.0):
    """Stops every Popen in PROCS by PID: SIGTERM, then SIGKILL after
    TIMEOUT seconds (a sanitizer build needs a moment to write its report
    as it exits)."""
    procs = [p for p in procs if p is not None]
    for p in procs:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.time() + timeout
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            error('*** pid %d did not stop in %.0f s; killing it\n'
                  % (p.pid, timeout))
            p.kill()
            p.wait()
        _running.pop(p.pid, None)


def wait_until(predicate, timeout, interval=0.05):
    """Calls PREDICATE until it returns true or TIMEOUT seconds pass;
    returns its last result."""
    deadline = time.time() + timeout
    while True:
        result = predicate()
        if result or time.time() >= deadline:
            return result
        time.sleep(interval)


def port_listening(ip, port):
    """Whether something accepts TCP connections on IP:PORT.  A local
    address is looked up in /proc/net/tcp (a test connection would show
    up in the listener's log); any other is tried."""
    if ip.startswith('127.') or ip in ('0.0.0.0', 'localhost'):
        for table in ('/proc/net/tcp', '/proc/net/tcp6'):
            try:
                with open(table) as f:
                    next(f)
                    for line in f:
                        fields = line.split()
                        if (fields[3] == '0A'
                                and int(fields[1].split(':')[1], 16) == port):
                            return True
            except OSError:
                pass
        return False
    s = socket.socket()
    s.settimeout(0.5)
    try:
        s.connect((ip, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def cleanup():
    """Stops what this module started, by PID, and deletes the interfaces
    of our switches (which removes their links, host ends included)."""
    stop_processes(list(_running.values()))
    for sw in list(OfkitSwitch.instances):
        for intf in list(sw.intfs.values()):
            if intf.name != 'lo':
                subprocess.call(['ip', 'link', 'del', intf.name],
                                stderr=subprocess.DEVNULL)
    OfkitSwitch.instances.clear()


atexit.register(lambda: stop_processes(list(_running.values())))


def _ofctl_run(args, timeout=15):
    """Runs ofctl ARGS; returns (exit status, output)."""
    try:
        out = subprocess.run([ofkit_binary('ofctl'), '-t', '10'] + args,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 1, 'ofctl %s: timed out\n' % ' '.join(args)
    return out.returncode, out.stdout.decode(errors='replace')


# ---- The switch --------------------------------------------------------


class OfkitSwitch(Switch):
    """A Mininet switch run by one ofswitch process on its interfaces."""

    # Every OfkitSwitch alive (for cleanup()).
    instances = []
    # The next listen port for a switch that is given none.
    next_listen_port = 6654

    def __init__(self, name, listenPort=None, local=False, loglevel='info',
                 batch=False, **params):
        Switch.__init__(self, name, listenPort=listenPort, **params)
        del batch               # mn offers it to classes with batchStartup.
        if not self.listenPort:
            self.listenPort = OfkitSwitch._free_listen_port()
        self.local = local in (True, 'True', 'true', 1, '1', 'yes')
        self.loglevel = loglevel
        self.proc = None
        rundir = ofkit_rundir()
        self.ctl = os.path.join(rundir, name + '.ctl')
        self.logfile = os.path.join(rundir, name + '.log')
        self.targets = []
        OfkitSwitch.instances.append(self)

    @classmethod
    def _free_listen_port(cls):
        while port_listening('127.0.0.1', cls.next_listen_port):
            cls.next_listen_port += 1
        cls.next_listen_port += 1
        return cls.next_listen_port - 1

    @classmethod
    def setup(cls):
        """Checks that the binaries are there (Mininet calls this)."""
        ofkit_binary('ofswitch')
        ofkit_binary('ofctl')

    def target(self):
        """The ofctl target of this switch (its control socket)."""
        return 'unix:' + self.ctl

    def data_ports(self):
        """(port number, interface) of every data port, in port order."""
        return [(port, intf) for port, intf in sorted(
                    (self.ports[i], i) for i in self.intfList())
                if port > 0 and intf.name != 'lo']

    # -- start and stop

    def start(self, controllers):
        """Starts ofswitch on our interfaces, connected to CONTROLLERS."""
        if self.proc and self.proc.poll() is None:
            warn('*** %s is already running\n' % self.name)
            return
        self.targets = ['%s:%s:%d' % (c.protocol, c.IP(), c.port)
                        for c in controllers]
        argv = [ofkit_binary('ofswitch'), '--name', self.name,
                '--dpid', self.dpid, '--ctl', self.ctl,
                '--listen', 'ptcp:%d:127.0.0.1' % self.listenPort,
                '--log-level', str(self.loglevel)]
        if not self.local:
            argv.append('--no-local')
        for port, intf in self.data_ports():
            argv += ['--port', '%s=%d' % (intf.name, port)]
            # Mininet leaves switch interfaces down until a switch class
            # brings them up (OVS does it for its ports).
            intf.ifconfig('up')
        for t in self.targets:
            argv += ['--controller', t]
        if self.opts:
            argv += self.opts.split()
        with open(self.logfile, 'ab') as log:
            log.write(('---- %s\n' % ' '.join(argv)).encode())
        self.log_offset = os.path.getsize(self.logfile)
        self.proc = start_process(argv, self.logfile)

    def wait_ready(self, timeout=10.0):
        """Waits until ofswitch answers on its control socket."""
        def ready():
            if self.proc.poll() is not None:
                raise Exception('%s: ofswitch exited (status %s); see %s'
                                % (self.name, self.proc.returncode,
                                   self.logfile))
            return os.path.exists(self.ctl) and _ofctl_run(
                ['-t', '1', 'probe', self.target()])[0] == 0
        if not wait_until(ready, timeout):
            raise Exception('%s: ofswitch does not answer on %s; see %s'
                            % (self.name, self.ctl, self.logfile))

    @classmethod
    def batchStartup(cls, switches, run=None):
        """Mininet calls this once start() ran on every switch: wait until
        each answers, so that `mn --test` finds them ready."""
        del run
        for sw in switches:
            sw.wait_ready()
        return switches

    def stop(self, deleteIntfs=True):
        """Stops ofswitch (by PID) and, if DELETEINTFS, our interfaces."""
        stop_processes([self.proc])
        self.proc = None
        super().stop(deleteIntfs)
        if deleteIntfs and self in OfkitSwitch.instances:
            OfkitSwitch.instances.remove(self)

    @classmethod
    def batchShutdown(cls, switches, run=None):
        """Stops every switch's ofswitch at once."""
        del run
        stop_processes([sw.proc for sw in switches])
        for sw in switches:
            sw.proc = None
            if sw in OfkitSwitch.instances:
                OfkitSwitch.instances.remove(sw)
        return switches

    def terminate(self):
        stop_processes([self.proc])
        self.proc = None
        super().terminate()

    # -- state

    def connected(self):
        """Whether ofswitch is connected to one of its controllers: the
        last connection event its log records for any controller target
        is 'connected'."""
        if not self.proc or self.proc.poll() is not None:
            return False
        state = {}
        try:
            with open(self.logfile, 'rb') as f:
                f.seek(self.log_offset)
                lines = f.read().decode(errors='replace').splitlines()
        except OSError:
            return False
        for line in lines:
            if '|agent|' not in line:
                continue
            for t in self.targets:
                if ('|%s: ' % t) in line:
                    state[t] = line.endswith(': connected')
        return any(state.values())

    # -- ports at run time (Mininet's attach/detach: a link added or
    # removed while the network runs)

    def attach(self, intf):
        """Adds interface INTF as a port, numbered as Mininet numbers it."""
        if isinstance(intf, str):
            intf = self.nameToIntf[intf]
        intf.ifconfig('up')
        status, out = _ofctl_run(['add-port', self.target(),
                                  '%s=%d' % (intf.name, self.ports[intf])])
        if status:
            error('*** %s: add-port %s failed: %s' % (self.name, intf, out))

    def detach(self, intf):
        """Removes interface INTF from the switch's ports."""
        status, out = _ofctl_run(['del-port', self.target(), str(intf)])
        if status:
            error('*** %s: del-port %s failed: %s' % (self.name, intf, out))

    def dpctl(self, *args):
        """ofctl VERB TARGET ARGS... (the Mininet CLI's dpctl command)."""
        if not args:
            return 'usage: dpctl VERB [ARGS...] (ofctl verbs)\n'
        return _ofctl_run([args[0], self.target()] + list(args[1:]))[1]


# ---- The controller ----------------------------------------------------


class OfkitController(Controller):
    """ofcontroller, by default with the learning switch."""

    def __init__(self, name, app='learning_switch', threads=None,
                 loglevel='info', opts='', port=6653, ip='127.0.0.1',
                 **kwargs):
        self.apps = [a.replace('+', ',') for a in str(app).split()]
        self.threads = threads
        self.loglevel = loglevel
        self.opts = opts
        self.proc = None
        self.logfile = os.path.join(ofkit_rundir(), name + '.log')
        Controller.__init__(self, name, command=ofkit_binary('ofcontroller'),
                            port=port, ip=ip, **kwargs)

    def checkListening(self):
        """Refuses a port that something already listens on (Mininet's
        check, without telnet)."""
        if port_listening(self.ip, self.port):
            raise Exception('%s: something already listens on %s:%d (another'
                            ' controller?); stop it or choose another port'
                            % (self.name, self.ip, self.port))

    def argv(self):
        argv = [self.command, '--listen',
                'ptcp:%d:%s' % (self.port, self.ip),
                '--log-level', str(self.loglevel)]
        for app in self.apps:
            argv += ['--app', app]
        if self.threads:
            argv += ['--threads', str(self.threads)]
        return argv + self.opts.split()

    def start(self):
        """Starts ofcontroller and waits until it listens."""
        if self.proc and self.proc.poll() is None:
            warn('*** %s is already running\n' % self.name)
            return
        argv = self.argv()
        with open(self.logfile, 'ab') as log:
            log.write(('---- %s\n' % ' '.join(argv)).encode())
        self.log_offset = os.path.getsize(self.logfile)
        self.proc = start_process(argv, self.logfile)

        def listening():
            if self.proc.poll() is not None:
                raise Exception('%s: ofcontroller exited (status %s); see %s'
                                % (self.name, self.proc.returncode,
                                   self.logfile))
            return port_listening(self.ip, self.port)
        if not wait_until(listening, 10):
            raise Exception('%s: ofcontroller does not listen on %s:%d; '
                            'see %s' % (self.name, self.ip, self.port,
                                        self.logfile))

    def switch_up(self, dpid):
        """Whether ofcontroller's log says that the switch with DPID (hex)
        is up: its last 'dpid D: up' or 'dpid D: down' line is 'up'.
        (Open vSwitch reports a controller connection to its database only
        every few seconds; our controller knows at once.)"""
        try:
            with open(self.logfile, 'rb') as f:
                f.seek(self.log_offset)
                text = f.read().decode(errors='replace')
        except OSError:
            return False
        events = re.findall(r'dpid %016x: (up|down) \(' % int(dpid, 16),
                            text)
        return bool(events) and events[-1] == 'up'

    def stop_process(self):
        """Stops ofcontroller (by PID); the node stays usable."""
        stop_processes([self.proc])
        self.proc = None

    def restart(self):
        """Stops ofcontroller and starts it again on the same port."""
        self.stop_process()
        self.start()

    def stop(self, *args, **kwargs):
        self.stop_process()
        # Node.stop: Controller.stop would kill a job of the node's shell
        # by name.
        Node.stop(self, *args, **kwargs)

    @classmethod
    def isAvailable(cls):
        try:
            return ofkit_binary('ofcontroller')
        except Exception:       # pylint: disable=broad-except
            return None


# ---- Topologies --------------------------------------------------------


class RingTopo(Topo):
    """N switches s1..sN in a ring, K hosts on each (h1.. in order)."""

    def build(self, n=4, k=1):
        if n < 3:
            raise Exception('ring: needs at least 3 switches')
        switches = [self.addSwitch('s%d' % i) for i in range(1, n + 1)]
        h = 1
        for sw in switches:
            for _ in range(k):
                self.addLink(self.addHost('h%d' % h), sw)
                h += 1
        for i, sw in enumerate(switches):
            self.addLink(sw, switches[(i + 1) % n])


class LeafSpineTopo(Topo):
    """A leaf-spine fabric: S spines, L leaves, every leaf linked to every
    spine, K hosts per leaf.  Switches are spine1.. (dpid 0x100 + i) and
    leaf1.. (dpid 0x200 + i); leaf i's hosts are h(K*(i-1)+1)..h(K*i)."""

    def build(self, spines=2, leaves=4, k=2):
        spine = [self.addSwitch('spine%d' % i, dpid='%x' % (0x100 + i))
                 for i in range(1, spines + 1)]
        h = 1
        for i in range(1, leaves + 1):
            leaf = self.addSwitch('leaf%d' % i, dpid='%x' % (0x200 + i))
            for _ in range(k):
                self.addLink(self.addHost('h%d' % h), leaf)
                h += 1
            for s in spine:
                self.addLink(leaf, s)


# ---- What mn picks up --------------------------------------------------

switches = {'ofkit': OfkitSwitch}
controllers = {'ofkit': OfkitController}
topos = {'ring': RingTopo, 'leafspine': LeafSpineTopo,
         'leaf-spine': LeafSpineTopo}
