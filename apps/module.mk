# Apps: written only against controller/app.h and ofproto's decoded
# types.  Every apps/*.c is compiled into libapps (the built-in apps,
# listed in apps/apps.h and controller/app-registry.c).  The example app
# is also built as a shared object, $(BUILD)/apps/hub.so, to show (and
# test) loading an app with --app ./build/apps/hub.so; such a build
# defines CTL_APP_SO so that the class is exported as "ofkit_app".

APPS_SRCS := $(sort $(wildcard apps/*.c))
APPS_OBJS := $(call objs,$(APPS_SRCS))
LIBAPPS := $(BUILD)/libapps.a
ALL_OBJS += $(APPS_OBJS)

$(LIBAPPS): $(APPS_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

APPS_SO := $(BUILD)/apps/hub.so
PROGRAMS += $(APPS_SO)

$(BUILD)/apps/%.so: apps/%.c controller/app.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(CPPFLAGS) -DCTL_APP_SO $(CFLAGS) -fPIC \
	    -shared -o $@ $< $(LDFLAGS)
