# Micro-benchmarks: every tests/bench/bench-NAME.c is one program,
# $(BUILD)/bench/bench-NAME, linked against libswitch and libofproto.
# They are built with everything else (so they keep compiling) and run by
# hand, e.g. build/bench/bench-classifier.  Benchmarks, not tests: they
# print figures and assert nothing.

BENCH_SRCS := $(sort $(wildcard tests/bench/bench-*.c))
BENCH_OBJS := $(call objs,$(BENCH_SRCS))
BENCH_PROGRAMS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
ALL_OBJS += $(BENCH_OBJS)
PROGRAMS += $(BENCH_PROGRAMS)

$(BENCH_PROGRAMS): $(BUILD)/bench/%: $(BUILD)/tests/bench/%.o $(LIBSWITCH) \
                   $(LIBOFPROTO)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

.PHONY: bench-build
bench-build: $(BENCH_PROGRAMS)
