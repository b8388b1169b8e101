# Benchmarks, not tests: they print figures and assert nothing.
#
# Micro-benchmarks: every tests/bench/bench-NAME.c is one program,
# $(BUILD)/bench/bench-NAME, linked against libswitch and libofproto.
# They are built with everything else (so they keep compiling) and run by
# hand, e.g. build/bench/bench-classifier.
#
# `make bench` runs tests/bench/bench.sh: ofswitch and Open vSwitch's
# userspace datapath side by side on the same namespaces and veth pairs
# (64-byte rate, TCP, latency, with 2 and with 100,000 flows), flow
# installation rate, memory with 1,000,000 flows and the classifier
# micro-benchmark.  It prints a table and saves it to
# $(BUILD)/bench/results.txt.  Then tests/bench/ctl-bench.sh: ofcontroller
# against ovs-testcontroller and os-ken under build/ofbench
# ($(BUILD)/bench/ctl-results.txt).  BENCH_ARGS passes options (--quick, --no-ovs,
# --runs N, --seconds N: see the script).  Needs root.

BENCH_SRCS := $(sort $(wildcard tests/bench/bench-*.c))
BENCH_OBJS := $(call objs,$(BENCH_SRCS))
BENCH_PROGRAMS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
ALL_OBJS += $(BENCH_OBJS)
PROGRAMS += $(BENCH_PROGRAMS)

$(BENCH_PROGRAMS): $(BUILD)/bench/%: $(BUILD)/tests/bench/%.o $(LIBSWITCH) \
                   $(LIBOFPROTO)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

# The traffic generator and counting receiver of bench.sh: standalone.
PKTGEN := $(BUILD)/bench/pktgen
PKTGEN_OBJS := $(call objs,tests/bench/pktgen.c)
ALL_OBJS += $(PKTGEN_OBJS)
PROGRAMS += $(PKTGEN)

$(PKTGEN): $(PKTGEN_OBJS)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^

.PHONY: bench-build bench
bench-build: $(BENCH_PROGRAMS) $(PKTGEN)

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/bench/bench.sh $(BENCH_ARGS) $(BUILD)
	$(Q)tests/bench/ctl-bench.sh $(CTL_BENCH_ARGS) $(BUILD)

# The controller half alone: build/ofbench against ofcontroller,
# ovs-testcontroller and an os-ken learning switch (ctl-bench.sh;
# CTL_BENCH_ARGS=--quick for 3 loops instead of 10).
.PHONY: bench-ctl
bench-ctl: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/bench/ctl-bench.sh $(CTL_BENCH_ARGS) $(BUILD)
