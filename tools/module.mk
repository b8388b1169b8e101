# ofctl: inspect and program OpenFlow 1.3 switches.

OFCTL_SRCS := tools/ofctl.c
OFCTL_OBJS := $(call objs,$(OFCTL_SRCS))
ALL_OBJS += $(OFCTL_OBJS)
PROGRAMS += $(BUILD)/ofctl

$(BUILD)/ofctl: $(OFCTL_OBJS) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
