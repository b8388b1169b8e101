# ofswitch: the userspace datapath switch.  Every switch/*.c but the
# program's main goes into libswitch, so unit tests link the same code.

SWITCH_MAIN := switch/ofswitch.c
SWITCH_LIB_SRCS := $(filter-out $(SWITCH_MAIN),$(sort $(wildcard switch/*.c)))
SWITCH_LIB_OBJS := $(call objs,$(SWITCH_LIB_SRCS))
LIBSWITCH := $(BUILD)/libswitch.a
ALL_OBJS += $(SWITCH_LIB_OBJS)

$(LIBSWITCH): $(SWITCH_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^ </dev/null

ifneq ($(wildcard $(SWITCH_MAIN)),)
SWITCH_MAIN_OBJS := $(call objs,$(SWITCH_MAIN))
ALL_OBJS += $(SWITCH_MAIN_OBJS)
PROGRAMS += $(BUILD)/ofswitch

$(BUILD)/ofswitch: $(SWITCH_MAIN_OBJS) $(LIBSWITCH) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread
endif
