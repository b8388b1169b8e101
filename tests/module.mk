# Unit tests: one CUnit binary, one suite per module (tests/unit/test-*.c
# register themselves; see tests/unit/unit.h).

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJS := $(call objs,$(UNIT_SRCS))
UNIT_BIN := $(BUILD)/tests/unit-tests
ALL_OBJS += $(UNIT_OBJS)

$(UNIT_BIN): $(UNIT_OBJS) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lcunit

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

wire-check: $(WIRE_GEN) $(BUILD)/ofctl
	$(Q)tests/wire/check.sh $(WIRE_GEN) $(BUILD)
