# ofcontroller: the controller core, the app API and the program.
#
# Every controller/*.c but the program's main goes into libcontroller,
# which the unit tests link too.  The program is linked with -rdynamic so
# that apps loaded from shared objects (--app ./x.so) can call the
# ctl_*() functions of controller/app.h.

CONTROLLER_MAIN := controller/ofcontroller.c
CONTROLLER_LIB_SRCS := $(filter-out $(CONTROLLER_MAIN),\
                         $(sort $(wildcard controller/*.c)))
CONTROLLER_LIB_OBJS := $(call objs,$(CONTROLLER_LIB_SRCS))
CONTROLLER_MAIN_OBJS := $(call objs,$(CONTROLLER_MAIN))
LIBCONTROLLER := $(BUILD)/libcontroller.a
ALL_OBJS += $(CONTROLLER_LIB_OBJS) $(CONTROLLER_MAIN_OBJS)
PROGRAMS += $(BUILD)/ofcontroller

$(LIBCONTROLLER): $(CONTROLLER_LIB_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/ofcontroller: $(CONTROLLER_MAIN_OBJS) $(LIBCONTROLLER) $(LIBAPPS) \
                       $(LIBOFPROTO)
	$(call quiet,LD,$@)$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(PKG_LIBS) \
	    -lpthread -ldl

# The unit tests link the controller and the apps, export their symbols
# for the test app loaded from a shared object, and need that object
# built (order-only: it is loaded, not linked).  tests/module.mk's link
# line lists libofproto before these, so it is named again after them.
UNIT_TEST_APP := $(BUILD)/tests/test-app.so
UNIT_TEST_APP_SRCS := tests/unit/apps/test_app.c

$(BUILD)/tests/unit-tests: $(LIBCONTROLLER) $(LIBAPPS) | $(UNIT_TEST_APP)
$(BUILD)/tests/unit-tests: LDFLAGS += -rdynamic
$(BUILD)/tests/unit-tests: PKG_LIBS := $(LIBOFPROTO) $(PKG_LIBS) -ldl
$(BUILD)/tests/unit/test-app-loader.o: \
    CPPFLAGS += -DUNIT_TEST_APP='"$(UNIT_TEST_APP)"' \
                -DUNIT_HUB_APP='"$(BUILD)/apps/hub.so"'

$(UNIT_TEST_APP): $(UNIT_TEST_APP_SRCS) controller/app.h
	@mkdir -p $(@D)
	$(call quiet,CCLD,$@)$(CC) $(CPPFLAGS) -DCTL_APP_SO $(CFLAGS) -fPIC \
	    -shared -o $@ $(UNIT_TEST_APP_SRCS) $(LDFLAGS)
