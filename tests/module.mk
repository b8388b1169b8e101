# Unit tests: one CUnit binary, one suite per module (tests/unit/test-*.c
# register themselves; see tests/unit/unit.h).

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJS := $(call objs,$(UNIT_SRCS))
UNIT_BIN := $(BUILD)/tests/unit-tests
ALL_OBJS += $(UNIT_OBJS)

$(UNIT_BIN): $(UNIT_OBJS) $(LIBOFCTL) $(LIBSWITCH) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcunit \
	    -lpthread

.PHONY: unit-bin
unit-bin: $(UNIT_BIN)

# `make unit` runs every suite; SUITE=name runs one, TEST=name one test.
unit: $(UNIT_BIN)
	$(Q)$(UNIT_BIN) $(if $(SUITE),-s $(SUITE)) $(if $(TEST),-t $(TEST))

# The wire check: every message type, encoded by ofproto, dissected by
# tshark as what we meant, with no malformed packet or expert error.
WIRE_GEN := $(BUILD)/tests/wire-gen
WIRE_GEN_SRCS := tests/wire/wire-gen.c
WIRE_GEN_OBJS := $(call objs,$(WIRE_GEN_SRCS))
ALL_OBJS += $(WIRE_GEN_OBJS)

$(WIRE_GEN): $(WIRE_GEN_OBJS) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpcap

# Then os-ken (Ryu's code base) must parse every message a controller
# receives, as the type we meant.
wire-check: $(WIRE_GEN) $(BUILD)/ofctl
	$(Q)tests/wire/check.sh $(WIRE_GEN) $(BUILD)
	$(Q)/usr/bin/python3 tests/wire/osken-check.py tests/data/all-messages.bin

# Rewrites the golden samples from wire-gen: tests/data/all-messages.bin,
# the malformed samples with malformed.expect, and the fuzz seeds of
# fuzz-decode.  Run it when an encoding changes on purpose, and commit the
# result (wire-check fails while they are stale).
.PHONY: wire-golden
wire-golden: $(WIRE_GEN)
	$(Q)$(WIRE_GEN) --raw tests/data/all-messages.bin --malformed tests/data
	$(Q)rm -f tests/fuzz/corpus/decode/*.bin
	$(Q)$(WIRE_GEN) --split tests/fuzz/corpus/decode
	$(Q)cp tests/data/malformed-*.bin tests/fuzz/corpus/decode/
	@echo "wire-golden: rewrote tests/data and tests/fuzz/corpus/decode"

# Integration tests: each tests/integration/*.sh runs against real
# processes and interfaces (as root) with the build's binaries, and exits
# 0 (passed), 77 (skipped: something it needs is missing) or anything else
# (failed).  `make integration` runs them all; INTEGRATION=name runs
# tests/integration/name.sh alone.  ofctl-ovs.sh --bench also times
# add-flows against Open vSwitch.
INTEGRATION_TESTS := $(if $(INTEGRATION),tests/integration/$(INTEGRATION).sh,\
                       $(sort $(wildcard tests/integration/*.sh)))

.PHONY: integration
integration: all
	$(Q)failed=0; \
	for t in $(INTEGRATION_TESTS); do \
	    echo "== $$t"; \
	    $$t $(BUILD); rc=$$?; \
	    if [ $$rc = 77 ]; then echo "== $$t: skipped"; \
	    elif [ $$rc != 0 ]; then echo "== $$t: FAILED"; failed=1; fi; \
	done; \
	exit $$failed
