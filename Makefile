# ofkit: one non-recursive GNU Makefile.
#
#   make                 build everything into build/
#   make ASAN=1          the same with AddressSanitizer + UBSan, into build/asan/
#   make test            install dependencies, run unit tests (normal and
#                        sanitizer builds) and the wire check against tshark
#   make unit            unit tests of the current build only
#   make fuzz            libFuzzer targets, FUZZ_SECONDS each (default 60)
#   make style           clang-format check of every C file
#   make demo            the Mininet lab (arrives with the controller issue)
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

PKGS := libevent libevent_openssl libevent_pthreads openssl
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
# mix with the normal ones.
test: deps
	$(Q)$(MAKE) --no-print-directory all unit-bin
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory ASAN=1 all unit-bin
	$(Q)$(MAKE) --no-print-directory ASAN=1 unit
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

# ---- demo --------------------------------------------------------------

.PHONY: demo
demo:
	@echo "make demo: the Mininet lab arrives with the controller (issue 5)."
	@echo "Until then, 'make test' exercises the OpenFlow library and ofctl."
	@exit 1

.PHONY: clean
clean:
	rm -rf build
