# libFuzzer targets (tests/fuzz/fuzz-*.c), built with clang into build/fuzz/
# from their own clang build of ofproto with AddressSanitizer, UBSan and
# fuzzer coverage, apart from the gcc builds.
#
#   make fuzz-build      build build/fuzz/fuzz-decode and fuzz-parse
#   make fuzz            fuzz each target for FUZZ_SECONDS (tests/fuzz/run.sh)
#   make fuzz-regress    run each target once over its committed corpus

FUZZ_CC := clang
FUZZ_DIR := build/fuzz
FUZZ_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                 -fno-omit-frame-pointer
# clang may warn where gcc does not: report, but do not fail the build on
# it (the gcc builds are the -Werror gate).
FUZZ_CFLAGS := -std=gnu11 -O1 -g $(filter-out -Werror,$(WARNFLAGS)) \
               $(FUZZ_SANFLAGS) $(PKG_CFLAGS)

# ofproto/conn.c is the libevent/openssl user, not a codec.
FUZZ_LIB_SRCS := $(filter-out ofproto/conn.c,$(OFPROTO_SRCS))
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(FUZZ_LIB_SRCS))
FUZZ_LIB := $(FUZZ_DIR)/libofproto.a
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(FUZZ_SRCS))

# The library is instrumented for coverage without libFuzzer's main(); only
# the targets link it.
$(FUZZ_DIR)/ofproto/%.o: ofproto/%.c
	@mkdir -p $(@D)
	$(call quiet,CLANG,$<)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -MMD -MP -MF $(@:.o=.d) -c -o $@ $<

$(FUZZ_DIR)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(call quiet,CLANG,$<)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -MMD -MP -MF $(@:.o=.d) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/tests/fuzz/fuzz-%.o $(FUZZ_LIB)
	$(call quiet,LD,$@)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SANFLAGS) \
	    -o $@ $^

-include $(FUZZ_LIB_OBJS:.o=.d) \
         $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/tests/fuzz/%.d,$(FUZZ_SRCS))

.PHONY: fuzz-regress
fuzz-regress: fuzz-build
	$(Q)tests/fuzz/run.sh --regress

# Keep the targets' objects (make would delete them as intermediates).
.SECONDARY: $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/tests/fuzz/%.o,$(FUZZ_SRCS))
