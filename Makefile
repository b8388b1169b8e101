# ofkit: one non-recursive GNU Makefile.
#
#   make                 build everything into build/
#   make ASAN=1          the same with AddressSanitizer + UBSan, into build/asan/
#   make test            install dependencies, run unit and integration tests
#                        (normal and sanitizer builds) and the wire check
#                        against tshark
#   make unit            unit tests of the current build only
#   make fuzz            libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make conformance     Ryu's OpenFlow 1.3 switch tests against ofswitch
#   make style           clang-format check of every C file
#   make demo            Mininet: our switches and controller, pingall, iperf
#   make lab TOPO=ring   the Mininet CLI on a topology (see below)
#   make demo-overlay    tenant networks over VXLAN across three VM hosts
#
# Each directory lists its own sources in module.mk.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

ASAN ?= 0
V ?= 0

ifeq ($(ASAN),1)
BUILD := build/asan
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
else
BUILD := build
SANFLAGS :=
endif

CC := gcc
WARNFLAGS := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
             -Wshadow -Wpointer-arith -Wcast-qual -Wno-address-of-packed-member
CPPFLAGS := -I. -D_GNU_SOURCE
CFLAGS := -std=gnu11 -O2 -g $(WARNFLAGS) $(SANFLAGS)
DEPFLAGS = -MMD -MP -MF $(@:.o=.d)
LDFLAGS := $(SANFLAGS)

PKGS := libevent libevent_openssl libevent_pthreads openssl jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS += $(PKG_CFLAGS)

ifeq ($(V),0)
Q := @
quiet = @printf '  %-6s %s\n' $(1) $(2);
else
Q :=
quiet =
endif

PROGRAMS :=
ALL_OBJS :=

# Turn a list of sources into objects under $(BUILD).
objs = $(patsubst %.c,$(BUILD)/%.o,$(1))

include ofproto/module.mk
include switch/module.mk
include tools/module.mk
include apps/module.mk
include controller/module.mk
include tests/module.mk
include tests/fuzz/module.mk
include tests/bench/module.mk
include tests/conformance/module.mk

.PHONY: all
all: $(PROGRAMS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call quiet,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

-include $(ALL_OBJS:.o=.d)

# ---- tests -------------------------------------------------------------

.PHONY: deps test unit wire-check check-sanitizers
deps:
	$(Q)scripts/install-deps.sh

# `make test` installs what it needs, then runs everything a fresh clone
# must pass.  The sanitizer build is a second make so its objects never
# mix with the normal ones; the integration tests (tests/module.mk) run
# with both, so real traffic goes through the sanitized switch too.
test: deps
	$(Q)$(MAKE) --no-print-directory all unit-bin
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory integration
	$(Q)$(MAKE) --no-print-directory ASAN=1 all unit-bin
	$(Q)$(MAKE) --no-print-directory ASAN=1 unit
	$(Q)$(MAKE) --no-print-directory ASAN=1 integration
	$(Q)$(MAKE) --no-print-directory wire-check
	$(Q)$(MAKE) --no-print-directory fuzz-regress
	$(Q)$(MAKE) --no-print-directory style
	@echo "make test: all passed"

# ---- fuzzing -----------------------------------------------------------

# Targets, corpus and flags: tests/fuzz/module.mk and tests/fuzz/run.sh.
# New inputs go to build/fuzz/corpus/, crashes to build/fuzz/artifacts/.
FUZZ_SECONDS ?= 60
.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_TARGETS)

fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---- style -------------------------------------------------------------

.PHONY: style
style:
	$(Q)scripts/check-style.sh

# ---- demo and lab ------------------------------------------------------

# `make demo` installs what it needs, builds, and runs a Mininet tree of
# ofswitch switches under ofcontroller's learning switch in a sandbox
# (network, PID and mount namespaces of its own): pingall, iperf3 between
# two far hosts, a summary.  `make lab TOPO=ring` opens the Mininet CLI on
# a topology: single,K linear,K tree,D,F ring,N leafspine,S,L,K ...;
# SWITCH=ovs for Open vSwitch, CONTROLLER=remote,port=6633 for a
# controller of yours, APP='learning_switch:idle_timeout=30' for
# ofcontroller's app.  Both: scripts/demo.sh and mininet-topos/lab.py.
lab_opts = $(if $(TOPO),--topo '$(TOPO)') \
           $(if $(SWITCH),--switch '$(SWITCH)') \
           $(if $(CONTROLLER),--controller '$(CONTROLLER)') \
           $(if $(APP),--app '$(APP)')

# `make demo-overlay`: the Mininet overlay lab (mininet-topos/overlay.py)
# in a sandbox: three VM hosts (ofswitch in Mininet nodes with underlay
# addresses, VXLAN between them), two tenants with the same addresses,
# ofcontroller's vm_overlay app over the underlay: the ping matrix within
# and across tenants, broadcast confinement, the VNIs on the underlay,
# iperf3 between two hosts' VMs.  Fails unless all is as expected.
# (tests/integration/overlay.sh shows ARP suppression and migration.)
.PHONY: demo lab demo-overlay
demo-overlay: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)OFKIT_BUILD=$(abspath $(BUILD)) /usr/bin/python3 \
	    mininet-topos/overlay.py demo --sandbox

demo:
	$(Q)scripts/demo.sh $(lab_opts)

lab:
	$(Q)scripts/demo.sh lab $(lab_opts)

.PHONY: clean
clean:
	rm -rf build
