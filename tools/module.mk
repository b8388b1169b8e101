# ofctl: inspect and program OpenFlow 1.3 switches.
#
# Everything but main() (tools/ofctl.c) goes into libofctl.a, which the
# unit tests link too.

OFCTL_LIB_SRCS := tools/ofctl-ext.c tools/ofctl-file.c tools/ofctl-net.c \
                  tools/ofctl-print.c
OFCTL_SRCS := tools/ofctl.c $(OFCTL_LIB_SRCS)
OFCTL_OBJS := $(call objs,$(OFCTL_SRCS))
OFCTL_LIB_OBJS := $(call objs,$(OFCTL_LIB_SRCS))
LIBOFCTL := $(BUILD)/libofctl.a
ALL_OBJS += $(OFCTL_OBJS)
PROGRAMS += $(BUILD)/ofctl

$(LIBOFCTL): $(OFCTL_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/ofctl: $(call objs,tools/ofctl.c) $(LIBOFCTL) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# ofbench: the controller benchmark (cbench's idea, OpenFlow 1.3).
OFBENCH_OBJS := $(call objs,tools/ofbench.c)
ALL_OBJS += $(OFBENCH_OBJS)
PROGRAMS += $(BUILD)/ofbench

$(BUILD)/ofbench: $(OFBENCH_OBJS) $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm
