# libofproto: the OpenFlow 1.3 wire library.

OFPROTO_SRCS := \
	ofproto/arena.c \
	ofproto/conn.c \
	ofproto/ds.c \
	ofproto/ofp-actions.c \
	ofproto/ofp-errors.c \
	ofproto/ofp-flow.c \
	ofproto/ofp-group.c \
	ofproto/ofp-match.c \
	ofproto/ofp-meter.c \
	ofproto/ofp-msgs.c \
	ofproto/ofp-multipart.c \
	ofproto/ofp-packet.c \
	ofproto/ofp-parse.c \
	ofproto/ofp-port.c \
	ofproto/ofp-switch.c \
	ofproto/ofp-table.c \
	ofproto/ofpbuf.c \
	ofproto/util.c \
	ofproto/vlog.c

OFPROTO_OBJS := $(call objs,$(OFPROTO_SRCS))
LIBOFPROTO := $(BUILD)/libofproto.a
ALL_OBJS += $(OFPROTO_OBJS)

$(LIBOFPROTO): $(OFPROTO_OBJS)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^
