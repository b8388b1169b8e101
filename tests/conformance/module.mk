# External conformance: Ryu's OpenFlow 1.3 switch test patterns
# (../shared/conformance, os-ken's tester with an Open vSwitch tester
# bridge) against ofswitch.  Not part of `make test`: all 991 tests take
# about 20 minutes.  Root only.
#
#   make conformance                          match, action, group, meter
#   make conformance CONFORMANCE='match action'
#   make conformance CONFORMANCE=action/25_SET_FIELD
#
# Prints pass/fail per directory and the failing files; the tester's log
# and one line per test are in build/conformance/<time>/.

CONFORMANCE ?=

.PHONY: conformance
conformance: deps
	$(Q)$(MAKE) --no-print-directory $(BUILD)/ofswitch
	$(Q)tests/conformance/run.sh $(BUILD) $(CONFORMANCE)
