/*
 * ofp13.h: the OpenFlow 1.3.5 wire format (protocol version 0x04).
 *
 * Two kinds of thing live here:
 *
 *  - Constants (enum ofp_type, OFPP_*, OFPAT_*, ...).  They are the spec's
 *    own names and values and may be used anywhere in ofkit.
 *
 *  - Wire structs (struct ofp_*).  They describe bytes exactly as they
 *    travel, in network byte order (fields typed ofp_be16/32/64), and are
 *    used only inside ofproto/.  Every struct is packed, so a pointer into
 *    an unaligned receive buffer is safe, and its size is checked against
 *    the spec with _Static_assert.  Variable-length tails (OXM TLVs, action
 *    lists, data) are not members: code reads them with the bounded reader
 *    of ofpbuf.h.
 *
 * Section numbers in comments refer to the OpenFlow Switch Specification
 * 1.3.5, section 7 ("The OpenFlow Protocol") and appendix A.
 */
#ifndef OFPROTO_OFP13_H
#define OFPROTO_OFP13_H 1

#include <stdint.h>

/* Big-endian scalar types: a reminder that a field is in network order. */
typedef uint16_t ofp_be16;
typedef uint32_t ofp_be32;
typedef uint64_t ofp_be64;

#define OFP_PACKED __attribute__((packed))
#define OFP_ASSERT_SIZE(STRUCT, SIZE)                                       \
    _Static_assert(sizeof(struct STRUCT) == (SIZE),                        \
                   #STRUCT " must be " #SIZE " bytes")

#define OFP_VERSION 0x04           /* OpenFlow 1.3. */
#define OFP_TCP_PORT 6653          /* IANA-assigned port. */
#define OFP_SSL_PORT 6653
#define OFP_MAX_TABLE_NAME_LEN 32
#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_ETH_ALEN 6
#define OFP_DEFAULT_MISS_SEND_LEN 128
#define OFP_FLOW_PERMANENT 0
#define OFP_DEFAULT_PRIORITY 0x8000
#define OFP_NO_BUFFER 0xffffffffu
#define DESC_STR_LEN 256
#define SERIAL_NUM_LEN 32
#define OFP_MAX_MSG_LEN 65535

/* A.1 OpenFlow header. */
struct ofp_header {
    uint8_t version;
    uint8_t type;               /* enum ofp_type. */
    ofp_be16 length;            /* Including this header. */
    ofp_be32 xid;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_header, 8);

enum ofp_type {
    OFPT_HELLO = 0,
    OFPT_ERROR = 1,
    OFPT_ECHO_REQUEST = 2,
    OFPT_ECHO_REPLY = 3,
    OFPT_EXPERIMENTER = 4,
    OFPT_FEATURES_REQUEST = 5,
    OFPT_FEATURES_REPLY = 6,
    OFPT_GET_CONFIG_REQUEST = 7,
    OFPT_GET_CONFIG_REPLY = 8,
    OFPT_SET_CONFIG = 9,
    OFPT_PACKET_IN = 10,
    OFPT_FLOW_REMOVED = 11,
    OFPT_PORT_STATUS = 12,
    OFPT_PACKET_OUT = 13,
    OFPT_FLOW_MOD = 14,
    OFPT_GROUP_MOD = 15,
    OFPT_PORT_MOD = 16,
    OFPT_TABLE_MOD = 17,
    OFPT_MULTIPART_REQUEST = 18,
    OFPT_MULTIPART_REPLY = 19,
    OFPT_BARRIER_REQUEST = 20,
    OFPT_BARRIER_REPLY = 21,
    OFPT_QUEUE_GET_CONFIG_REQUEST = 22,
    OFPT_QUEUE_GET_CONFIG_REPLY = 23,
    OFPT_ROLE_REQUEST = 24,
    OFPT_ROLE_REPLY = 25,
    OFPT_GET_ASYNC_REQUEST = 26,
    OFPT_GET_ASYNC_REPLY = 27,
    OFPT_SET_ASYNC = 28,
    OFPT_METER_MOD = 29,
};
#define OFPT_N_TYPES 30

/* ---- A.2.1 Ports -------------------------------------------------------- */

struct ofp_port {
    ofp_be32 port_no;
    uint8_t pad[4];
    uint8_t hw_addr[OFP_ETH_ALEN];
    uint8_t pad2[2];
    char name[OFP_MAX_PORT_NAME_LEN];   /* NUL-terminated. */
    ofp_be32 config;                    /* OFPPC_*. */
    ofp_be32 state;                     /* OFPPS_*. */
    ofp_be32 curr;                      /* OFPPF_*. */
    ofp_be32 advertised;
    ofp_be32 supported;
    ofp_be32 peer;
    ofp_be32 curr_speed;                /* kbps. */
    ofp_be32 max_speed;                 /* kbps. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_port, 64);

enum ofp_port_config {
    OFPPC_PORT_DOWN = 1 << 0,
    OFPPC_NO_RECV = 1 << 2,
    OFPPC_NO_FWD = 1 << 5,
    OFPPC_NO_PACKET_IN = 1 << 6,
};

enum ofp_port_state {
    OFPPS_LINK_DOWN = 1 << 0,
    OFPPS_BLOCKED = 1 << 1,
    OFPPS_LIVE = 1 << 2,
};

enum ofp_port_no {
    OFPP_MAX = 0xffffff00u,
    OFPP_IN_PORT = 0xfffffff8u,
    OFPP_TABLE = 0xfffffff9u,
    OFPP_NORMAL = 0xfffffffau,
    OFPP_FLOOD = 0xfffffffbu,
    OFPP_ALL = 0xfffffffcu,
    OFPP_CONTROLLER = 0xfffffffdu,
    OFPP_LOCAL = 0xfffffffeu,
    OFPP_ANY = 0xffffffffu,
};

enum ofp_port_features {
    OFPPF_10MB_HD = 1 << 0,
    OFPPF_10MB_FD = 1 << 1,
    OFPPF_100MB_HD = 1 << 2,
    OFPPF_100MB_FD = 1 << 3,
    OFPPF_1GB_HD = 1 << 4,
    OFPPF_1GB_FD = 1 << 5,
    OFPPF_10GB_FD = 1 << 6,
    OFPPF_40GB_FD = 1 << 7,
    OFPPF_100GB_FD = 1 << 8,
    OFPPF_1TB_FD = 1 << 9,
    OFPPF_OTHER = 1 << 10,
    OFPPF_COPPER = 1 << 11,
    OFPPF_FIBER = 1 << 12,
    OFPPF_AUTONEG = 1 << 13,
    OFPPF_PAUSE = 1 << 14,
    OFPPF_PAUSE_ASYM = 1 << 15,
};

/* ---- A.2.2 Queues ------------------------------------------------------- */

struct ofp_packet_queue {
    ofp_be32 queue_id;
    ofp_be32 port;
    ofp_be16 len;               /* Including properties. */
    uint8_t pad[6];
    /* Followed by struct ofp_queue_prop_header properties. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_packet_queue, 16);

#define OFPQ_ALL 0xffffffffu
#define OFPQ_MIN_RATE_UNCFG 0xffff
#define OFPQ_MAX_RATE_UNCFG 0xffff

enum ofp_queue_properties {
    OFPQT_MIN_RATE = 1,
    OFPQT_MAX_RATE = 2,
    OFPQT_EXPERIMENTER = 0xffff,
};

struct ofp_queue_prop_header {
    ofp_be16 property;          /* OFPQT_*. */
    ofp_be16 len;               /* Including this header. */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_prop_header, 8);

struct ofp_queue_prop_min_rate {
    struct ofp_queue_prop_header prop_header;   /* len 16. */
    ofp_be16 rate;              /* In 1/10 of a percent; >1000: disabled. */
    uint8_t pad[6];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_prop_min_rate, 16);

struct ofp_queue_prop_max_rate {
    struct ofp_queue_prop_header prop_header;   /* len 16. */
    ofp_be16 rate;
    uint8_t pad[6];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_prop_max_rate, 16);

struct ofp_queue_prop_experimenter {
    struct ofp_queue_prop_header prop_header;
    ofp_be32 experimenter;
    uint8_t pad[4];
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_prop_experimenter, 16);

/* ---- A.2.3 Flow match --------------------------------------------------- */

/* The match header; the OXM TLVs follow and the whole is padded to a
 * multiple of 8 bytes.  'length' excludes that padding (7.2.3.1). */
struct ofp_match {
    ofp_be16 type;              /* OFPMT_OXM. */
    ofp_be16 length;            /* Header plus OXMs, without padding. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_match, 4);

enum ofp_match_type {
    OFPMT_STANDARD = 0,         /* Deprecated (OpenFlow 1.1). */
    OFPMT_OXM = 1,
};

enum ofp_oxm_class {
    OFPXMC_NXM_0 = 0x0000,
    OFPXMC_NXM_1 = 0x0001,
    OFPXMC_OPENFLOW_BASIC = 0x8000,
    OFPXMC_EXPERIMENTER = 0xffff,
};

/* An OXM header is a 32-bit big-endian word: class (16), field (7),
 * hasmask (1), length (8) of the payload that follows. */
#define OXM_HEADER(CLASS, FIELD, HASMASK, LEN)                              \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9)                 \
     | ((uint32_t) (HASMASK) << 8) | (uint32_t) (LEN))
#define OXM_CLASS(H) ((H) >> 16)
#define OXM_FIELD(H) (((H) >> 9) & 0x7f)
#define OXM_HASMASK(H) (((H) >> 8) & 1)
#define OXM_LENGTH(H) ((H) & 0xff)

enum oxm_ofb_match_fields {
    OFPXMT_OFB_IN_PORT = 0,
    OFPXMT_OFB_IN_PHY_PORT = 1,
    OFPXMT_OFB_METADATA = 2,
    OFPXMT_OFB_ETH_DST = 3,
    OFPXMT_OFB_ETH_SRC = 4,
    OFPXMT_OFB_ETH_TYPE = 5,
    OFPXMT_OFB_VLAN_VID = 6,
    OFPXMT_OFB_VLAN_PCP = 7,
    OFPXMT_OFB_IP_DSCP = 8,
    OFPXMT_OFB_IP_ECN = 9,
    OFPXMT_OFB_IP_PROTO = 10,
    OFPXMT_OFB_IPV4_SRC = 11,
    OFPXMT_OFB_IPV4_DST = 12,
    OFPXMT_OFB_TCP_SRC = 13,
    OFPXMT_OFB_TCP_DST = 14,
    OFPXMT_OFB_UDP_SRC = 15,
    OFPXMT_OFB_UDP_DST = 16,
    OFPXMT_OFB_SCTP_SRC = 17,
    OFPXMT_OFB_SCTP_DST = 18,
    OFPXMT_OFB_ICMPV4_TYPE = 19,
    OFPXMT_OFB_ICMPV4_CODE = 20,
    OFPXMT_OFB_ARP_OP = 21,
    OFPXMT_OFB_ARP_SPA = 22,
    OFPXMT_OFB_ARP_TPA = 23,
    OFPXMT_OFB_ARP_SHA = 24,
    OFPXMT_OFB_ARP_THA = 25,
    OFPXMT_OFB_IPV6_SRC = 26,
    OFPXMT_OFB_IPV6_DST = 27,
    OFPXMT_OFB_IPV6_FLABEL = 28,
    OFPXMT_OFB_ICMPV6_TYPE = 29,
    OFPXMT_OFB_ICMPV6_CODE = 30,
    OFPXMT_OFB_IPV6_ND_TARGET = 31,
    OFPXMT_OFB_IPV6_ND_SLL = 32,
    OFPXMT_OFB_IPV6_ND_TLL = 33,
    OFPXMT_OFB_MPLS_LABEL = 34,
    OFPXMT_OFB_MPLS_TC = 35,
    OFPXMT_OFB_MPLS_BOS = 36,
    OFPXMT_OFB_PBB_ISID = 37,
    OFPXMT_OFB_TUNNEL_ID = 38,
    OFPXMT_OFB_IPV6_EXTHDR = 39,
};

/* Header of an experimenter-class OXM (class 0xffff). */
struct ofp_oxm_experimenter_header {
    ofp_be32 oxm_header;
    ofp_be32 experimenter;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_oxm_experimenter_header, 8);

enum ofp_vlan_id {
    OFPVID_PRESENT = 0x1000,
    OFPVID_NONE = 0x0000,
};

enum ofp_ipv6exthdr_flags {
    OFPIEH_NONEXT = 1 << 0,
    OFPIEH_ESP = 1 << 1,
    OFPIEH_AUTH = 1 << 2,
    OFPIEH_DEST = 1 << 3,
    OFPIEH_FRAG = 1 << 4,
    OFPIEH_ROUTER = 1 << 5,
    OFPIEH_HOP = 1 << 6,
    OFPIEH_UNREP = 1 << 7,
    OFPIEH_UNSEQ = 1 << 8,
};

/* ---- A.2.4 Flow instructions -------------------------------------------- */

enum ofp_instruction_type {
    OFPIT_GOTO_TABLE = 1,
    OFPIT_WRITE_METADATA = 2,
    OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4,
    OFPIT_CLEAR_ACTIONS = 5,
    OFPIT_METER = 6,
    OFPIT_EXPERIMENTER = 0xffff,
};

struct ofp_instruction {
    ofp_be16 type;
    ofp_be16 len;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction, 4);

struct ofp_instruction_goto_table {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    uint8_t table_id;
    uint8_t pad[3];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction_goto_table, 8);

struct ofp_instruction_write_metadata {
    ofp_be16 type;
    ofp_be16 len;               /* 24. */
    uint8_t pad[4];
    ofp_be64 metadata;
    ofp_be64 metadata_mask;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction_write_metadata, 24);

/* WRITE_ACTIONS, APPLY_ACTIONS and CLEAR_ACTIONS (no actions). */
struct ofp_instruction_actions {
    ofp_be16 type;
    ofp_be16 len;               /* 8 plus the actions. */
    uint8_t pad[4];
    /* Followed by struct ofp_action_header actions. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction_actions, 8);

struct ofp_instruction_meter {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    ofp_be32 meter_id;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction_meter, 8);

struct ofp_instruction_experimenter {
    ofp_be16 type;
    ofp_be16 len;
    ofp_be32 experimenter;
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_instruction_experimenter, 8);

/* ---- A.2.5 Action structures -------------------------------------------- */

enum ofp_action_type {
    OFPAT_OUTPUT = 0,
    OFPAT_COPY_TTL_OUT = 11,
    OFPAT_COPY_TTL_IN = 12,
    OFPAT_SET_MPLS_TTL = 15,
    OFPAT_DEC_MPLS_TTL = 16,
    OFPAT_PUSH_VLAN = 17,
    OFPAT_POP_VLAN = 18,
    OFPAT_PUSH_MPLS = 19,
    OFPAT_POP_MPLS = 20,
    OFPAT_SET_QUEUE = 21,
    OFPAT_GROUP = 22,
    OFPAT_SET_NW_TTL = 23,
    OFPAT_DEC_NW_TTL = 24,
    OFPAT_SET_FIELD = 25,
    OFPAT_PUSH_PBB = 26,
    OFPAT_POP_PBB = 27,
    OFPAT_EXPERIMENTER = 0xffff,
};

/* Header shared by all actions, and the whole of the actions without
 * arguments (copy_ttl_out/in, dec_mpls_ttl, pop_vlan, dec_nw_ttl,
 * pop_pbb). */
struct ofp_action_header {
    ofp_be16 type;
    ofp_be16 len;               /* Multiple of 8. */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_header, 8);

enum ofp_controller_max_len {
    OFPCML_MAX = 0xffe5,
    OFPCML_NO_BUFFER = 0xffff,
};

struct ofp_action_output {
    ofp_be16 type;
    ofp_be16 len;               /* 16. */
    ofp_be32 port;
    ofp_be16 max_len;
    uint8_t pad[6];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_output, 16);

struct ofp_action_group {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    ofp_be32 group_id;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_group, 8);

struct ofp_action_set_queue {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    ofp_be32 queue_id;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_set_queue, 8);

struct ofp_action_mpls_ttl {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    uint8_t mpls_ttl;
    uint8_t pad[3];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_mpls_ttl, 8);

struct ofp_action_nw_ttl {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    uint8_t nw_ttl;
    uint8_t pad[3];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_nw_ttl, 8);

/* PUSH_VLAN, PUSH_MPLS, PUSH_PBB. */
struct ofp_action_push {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    ofp_be16 ethertype;
    uint8_t pad[2];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_push, 8);

struct ofp_action_pop_mpls {
    ofp_be16 type;
    ofp_be16 len;               /* 8. */
    ofp_be16 ethertype;
    uint8_t pad[2];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_pop_mpls, 8);

/* SET_FIELD: one OXM TLV (without mask), padded to a multiple of 8. */
struct ofp_action_set_field {
    ofp_be16 type;
    ofp_be16 len;
    /* Followed by the OXM TLV and zero padding. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_set_field, 4);

struct ofp_action_experimenter_header {
    ofp_be16 type;
    ofp_be16 len;
    ofp_be32 experimenter;
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_action_experimenter_header, 8);

/* ---- A.3.1 Handshake ---------------------------------------------------- */

struct ofp_switch_features {
    struct ofp_header header;
    ofp_be64 datapath_id;
    ofp_be32 n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;
    uint8_t pad[2];
    ofp_be32 capabilities;      /* OFPC_*. */
    ofp_be32 reserved;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_switch_features, 32);

enum ofp_capabilities {
    OFPC_FLOW_STATS = 1 << 0,
    OFPC_TABLE_STATS = 1 << 1,
    OFPC_PORT_STATS = 1 << 2,
    OFPC_GROUP_STATS = 1 << 3,
    OFPC_IP_REASM = 1 << 5,
    OFPC_QUEUE_STATS = 1 << 6,
    OFPC_PORT_BLOCKED = 1 << 8,
};

/* ---- A.3.2 Switch configuration ----------------------------------------- */

struct ofp_switch_config {
    struct ofp_header header;
    ofp_be16 flags;             /* OFPC_FRAG_*. */
    ofp_be16 miss_send_len;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_switch_config, 12);

enum ofp_config_flags {
    OFPC_FRAG_NORMAL = 0,
    OFPC_FRAG_DROP = 1,
    OFPC_FRAG_REASM = 2,
    OFPC_FRAG_MASK = 3,
};

/* ---- A.3.3 Flow table configuration ------------------------------------- */

enum ofp_table {
    OFPTT_MAX = 0xfe,
    OFPTT_ALL = 0xff,
};

struct ofp_table_mod {
    struct ofp_header header;
    uint8_t table_id;
    uint8_t pad[3];
    ofp_be32 config;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_table_mod, 16);

enum ofp_table_config {
    OFPTC_DEPRECATED_MASK = 3,
};

/* ---- A.3.4 Modify state messages ---------------------------------------- */

struct ofp_flow_mod {
    struct ofp_header header;
    ofp_be64 cookie;
    ofp_be64 cookie_mask;
    uint8_t table_id;
    uint8_t command;            /* OFPFC_*. */
    ofp_be16 idle_timeout;
    ofp_be16 hard_timeout;
    ofp_be16 priority;
    ofp_be32 buffer_id;
    ofp_be32 out_port;
    ofp_be32 out_group;
    ofp_be16 flags;             /* OFPFF_*. */
    uint8_t pad[2];
    /* Followed by struct ofp_match and instructions. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_flow_mod, 48);

enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};

enum ofp_flow_mod_flags {
    OFPFF_SEND_FLOW_REM = 1 << 0,
    OFPFF_CHECK_OVERLAP = 1 << 1,
    OFPFF_RESET_COUNTS = 1 << 2,
    OFPFF_NO_PKT_COUNTS = 1 << 3,
    OFPFF_NO_BYT_COUNTS = 1 << 4,
};

struct ofp_bucket {
    ofp_be16 len;               /* Including actions. */
    ofp_be16 weight;
    ofp_be32 watch_port;
    ofp_be32 watch_group;
    uint8_t pad[4];
    /* Followed by actions. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_bucket, 16);

struct ofp_group_mod {
    struct ofp_header header;
    ofp_be16 command;           /* OFPGC_*. */
    uint8_t type;               /* OFPGT_*. */
    uint8_t pad;
    ofp_be32 group_id;
    /* Followed by buckets. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_group_mod, 16);

enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
};

enum ofp_group_type {
    OFPGT_ALL = 0,
    OFPGT_SELECT = 1,
    OFPGT_INDIRECT = 2,
    OFPGT_FF = 3,
};

enum ofp_group {
    OFPG_MAX = 0xffffff00u,
    OFPG_ALL = 0xfffffffcu,
    OFPG_ANY = 0xffffffffu,
};

struct ofp_port_mod {
    struct ofp_header header;
    ofp_be32 port_no;
    uint8_t pad[4];
    uint8_t hw_addr[OFP_ETH_ALEN];
    uint8_t pad2[2];
    ofp_be32 config;
    ofp_be32 mask;
    ofp_be32 advertise;
    uint8_t pad3[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_port_mod, 40);

struct ofp_meter_mod {
    struct ofp_header header;
    ofp_be16 command;           /* OFPMC_*. */
    ofp_be16 flags;             /* OFPMF_*. */
    ofp_be32 meter_id;
    /* Followed by bands. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_mod, 16);

enum ofp_meter {
    OFPM_MAX = 0xffff0000u,
    OFPM_SLOWPATH = 0xfffffffdu,
    OFPM_CONTROLLER = 0xfffffffeu,
    OFPM_ALL = 0xffffffffu,
};

enum ofp_meter_mod_command {
    OFPMC_ADD = 0,
    OFPMC_MODIFY = 1,
    OFPMC_DELETE = 2,
};

enum ofp_meter_flags {
    OFPMF_KBPS = 1 << 0,
    OFPMF_PKTPS = 1 << 1,
    OFPMF_BURST = 1 << 2,
    OFPMF_STATS = 1 << 3,
};

struct ofp_meter_band_header {
    ofp_be16 type;              /* OFPMBT_*. */
    ofp_be16 len;
    ofp_be32 rate;
    ofp_be32 burst_size;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_band_header, 12);

enum ofp_meter_band_type {
    OFPMBT_DROP = 1,
    OFPMBT_DSCP_REMARK = 2,
    OFPMBT_EXPERIMENTER = 0xffff,
};

struct ofp_meter_band_drop {
    ofp_be16 type;
    ofp_be16 len;               /* 16. */
    ofp_be32 rate;
    ofp_be32 burst_size;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_band_drop, 16);

struct ofp_meter_band_dscp_remark {
    ofp_be16 type;
    ofp_be16 len;               /* 16. */
    ofp_be32 rate;
    ofp_be32 burst_size;
    uint8_t prec_level;
    uint8_t pad[3];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_band_dscp_remark, 16);

struct ofp_meter_band_experimenter {
    ofp_be16 type;
    ofp_be16 len;
    ofp_be32 rate;
    ofp_be32 burst_size;
    ofp_be32 experimenter;
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_band_experimenter, 16);

/* ---- A.3.5 Multipart messages ------------------------------------------- */

struct ofp_multipart_request {
    struct ofp_header header;
    ofp_be16 type;              /* OFPMP_*. */
    ofp_be16 flags;             /* OFPMPF_REQ_*. */
    uint8_t pad[4];
    /* Followed by the body. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_multipart_request, 16);

struct ofp_multipart_reply {
    struct ofp_header header;
    ofp_be16 type;
    ofp_be16 flags;             /* OFPMPF_REPLY_*. */
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_multipart_reply, 16);

enum ofp_multipart_request_flags {
    OFPMPF_REQ_MORE = 1 << 0,
};

enum ofp_multipart_reply_flags {
    OFPMPF_REPLY_MORE = 1 << 0,
};

enum ofp_multipart_type {
    OFPMP_DESC = 0,
    OFPMP_FLOW = 1,
    OFPMP_AGGREGATE = 2,
    OFPMP_TABLE = 3,
    OFPMP_PORT_STATS = 4,
    OFPMP_QUEUE = 5,
    OFPMP_GROUP = 6,
    OFPMP_GROUP_DESC = 7,
    OFPMP_GROUP_FEATURES = 8,
    OFPMP_METER = 9,
    OFPMP_METER_CONFIG = 10,
    OFPMP_METER_FEATURES = 11,
    OFPMP_TABLE_FEATURES = 12,
    OFPMP_PORT_DESC = 13,
    OFPMP_EXPERIMENTER = 0xffff,
};

struct ofp_desc {
    char mfr_desc[DESC_STR_LEN];
    char hw_desc[DESC_STR_LEN];
    char sw_desc[DESC_STR_LEN];
    char serial_num[SERIAL_NUM_LEN];
    char dp_desc[DESC_STR_LEN];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_desc, 1056);

/* Body of OFPMP_FLOW and OFPMP_AGGREGATE requests. */
struct ofp_flow_stats_request {
    uint8_t table_id;
    uint8_t pad[3];
    ofp_be32 out_port;
    ofp_be32 out_group;
    uint8_t pad2[4];
    ofp_be64 cookie;
    ofp_be64 cookie_mask;
    /* Followed by struct ofp_match. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_flow_stats_request, 32);

struct ofp_flow_stats {
    ofp_be16 length;            /* Of this entry. */
    uint8_t table_id;
    uint8_t pad;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
    ofp_be16 priority;
    ofp_be16 idle_timeout;
    ofp_be16 hard_timeout;
    ofp_be16 flags;
    uint8_t pad2[4];
    ofp_be64 cookie;
    ofp_be64 packet_count;
    ofp_be64 byte_count;
    /* Followed by struct ofp_match and instructions. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_flow_stats, 48);

struct ofp_aggregate_stats_reply {
    ofp_be64 packet_count;
    ofp_be64 byte_count;
    ofp_be32 flow_count;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_aggregate_stats_reply, 24);

struct ofp_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    ofp_be32 active_count;
    ofp_be64 lookup_count;
    ofp_be64 matched_count;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_table_stats, 24);

struct ofp_table_features {
    ofp_be16 length;            /* Including properties. */
    uint8_t table_id;
    uint8_t pad[5];
    char name[OFP_MAX_TABLE_NAME_LEN];
    ofp_be64 metadata_match;
    ofp_be64 metadata_write;
    ofp_be32 config;
    ofp_be32 max_entries;
    /* Followed by struct ofp_table_feature_prop_header properties. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_table_features, 64);

enum ofp_table_feature_prop_type {
    OFPTFPT_INSTRUCTIONS = 0,
    OFPTFPT_INSTRUCTIONS_MISS = 1,
    OFPTFPT_NEXT_TABLES = 2,
    OFPTFPT_NEXT_TABLES_MISS = 3,
    OFPTFPT_WRITE_ACTIONS = 4,
    OFPTFPT_WRITE_ACTIONS_MISS = 5,
    OFPTFPT_APPLY_ACTIONS = 6,
    OFPTFPT_APPLY_ACTIONS_MISS = 7,
    OFPTFPT_MATCH = 8,
    OFPTFPT_WILDCARDS = 10,
    OFPTFPT_WRITE_SETFIELD = 12,
    OFPTFPT_WRITE_SETFIELD_MISS = 13,
    OFPTFPT_APPLY_SETFIELD = 14,
    OFPTFPT_APPLY_SETFIELD_MISS = 15,
    OFPTFPT_EXPERIMENTER = 0xfffe,
    OFPTFPT_EXPERIMENTER_MISS = 0xffff,
};

/* Every table feature property starts with this header; 'length' excludes
 * the padding to a multiple of 8 that follows the property. */
struct ofp_table_feature_prop_header {
    ofp_be16 type;
    ofp_be16 length;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_table_feature_prop_header, 4);

struct ofp_table_feature_prop_experimenter {
    ofp_be16 type;
    ofp_be16 length;
    ofp_be32 experimenter;
    ofp_be32 exp_type;
    /* Followed by experimenter data (32-bit words). */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_table_feature_prop_experimenter, 12);

/* Body of an OFPMP_PORT_STATS request, and of OFPMP_QUEUE. */
struct ofp_port_stats_request {
    ofp_be32 port_no;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_port_stats_request, 8);

struct ofp_port_stats {
    ofp_be32 port_no;
    uint8_t pad[4];
    ofp_be64 rx_packets;
    ofp_be64 tx_packets;
    ofp_be64 rx_bytes;
    ofp_be64 tx_bytes;
    ofp_be64 rx_dropped;
    ofp_be64 tx_dropped;
    ofp_be64 rx_errors;
    ofp_be64 tx_errors;
    ofp_be64 rx_frame_err;
    ofp_be64 rx_over_err;
    ofp_be64 rx_crc_err;
    ofp_be64 collisions;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_port_stats, 112);

struct ofp_queue_stats_request {
    ofp_be32 port_no;
    ofp_be32 queue_id;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_stats_request, 8);

struct ofp_queue_stats {
    ofp_be32 port_no;
    ofp_be32 queue_id;
    ofp_be64 tx_bytes;
    ofp_be64 tx_packets;
    ofp_be64 tx_errors;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_stats, 40);

struct ofp_group_stats_request {
    ofp_be32 group_id;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_group_stats_request, 8);

struct ofp_bucket_counter {
    ofp_be64 packet_count;
    ofp_be64 byte_count;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_bucket_counter, 16);

struct ofp_group_stats {
    ofp_be16 length;
    uint8_t pad[2];
    ofp_be32 group_id;
    ofp_be32 ref_count;
    uint8_t pad2[4];
    ofp_be64 packet_count;
    ofp_be64 byte_count;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
    /* Followed by struct ofp_bucket_counter bucket_stats. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_group_stats, 40);

struct ofp_group_desc {
    ofp_be16 length;
    uint8_t type;
    uint8_t pad;
    ofp_be32 group_id;
    /* Followed by buckets. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_group_desc, 8);

struct ofp_group_features {
    ofp_be32 types;             /* Bitmap of 1 << OFPGT_*. */
    ofp_be32 capabilities;      /* OFPGFC_*. */
    ofp_be32 max_groups[4];
    ofp_be32 actions[4];        /* Bitmaps of 1 << OFPAT_*. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_group_features, 40);

enum ofp_group_capabilities {
    OFPGFC_SELECT_WEIGHT = 1 << 0,
    OFPGFC_SELECT_LIVENESS = 1 << 1,
    OFPGFC_CHAINING = 1 << 2,
    OFPGFC_CHAINING_CHECKS = 1 << 3,
};

/* Body of OFPMP_METER and OFPMP_METER_CONFIG requests. */
struct ofp_meter_multipart_request {
    ofp_be32 meter_id;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_multipart_request, 8);

struct ofp_meter_band_stats {
    ofp_be64 packet_band_count;
    ofp_be64 byte_band_count;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_band_stats, 16);

struct ofp_meter_stats {
    ofp_be32 meter_id;
    ofp_be16 len;
    uint8_t pad[6];
    ofp_be32 flow_count;
    ofp_be64 packet_in_count;
    ofp_be64 byte_in_count;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
    /* Followed by struct ofp_meter_band_stats band_stats. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_stats, 40);

struct ofp_meter_config {
    ofp_be16 length;
    ofp_be16 flags;
    ofp_be32 meter_id;
    /* Followed by bands. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_config, 8);

struct ofp_meter_features {
    ofp_be32 max_meter;
    ofp_be32 band_types;        /* Bitmap of 1 << OFPMBT_*. */
    ofp_be32 capabilities;      /* OFPMF_*. */
    uint8_t max_bands;
    uint8_t max_color;
    uint8_t pad[2];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_meter_features, 16);

/* Body of OFPMP_EXPERIMENTER request and reply. */
struct ofp_experimenter_multipart_header {
    ofp_be32 experimenter;
    ofp_be32 exp_type;
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_experimenter_multipart_header, 8);

/* ---- A.3.6 Queue configuration ------------------------------------------ */

struct ofp_queue_get_config_request {
    struct ofp_header header;
    ofp_be32 port;
    uint8_t pad[4];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_get_config_request, 16);

struct ofp_queue_get_config_reply {
    struct ofp_header header;
    ofp_be32 port;
    uint8_t pad[4];
    /* Followed by struct ofp_packet_queue queues. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_queue_get_config_reply, 16);

/* ---- A.3.8 Barrier, A.3.9 Role request ---------------------------------- */

struct ofp_role_request {
    struct ofp_header header;
    ofp_be32 role;              /* OFPCR_ROLE_*. */
    uint8_t pad[4];
    ofp_be64 generation_id;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_role_request, 24);

enum ofp_controller_role {
    OFPCR_ROLE_NOCHANGE = 0,
    OFPCR_ROLE_EQUAL = 1,
    OFPCR_ROLE_MASTER = 2,
    OFPCR_ROLE_SLAVE = 3,
};

/* ---- A.3.10 Asynchronous message configuration -------------------------- */

struct ofp_async_config {
    struct ofp_header header;
    ofp_be32 packet_in_mask[2];     /* [0]: master/equal, [1]: slave. */
    ofp_be32 port_status_mask[2];
    ofp_be32 flow_removed_mask[2];
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_async_config, 32);

/* ---- A.4 Asynchronous messages ------------------------------------------ */

struct ofp_packet_in {
    struct ofp_header header;
    ofp_be32 buffer_id;
    ofp_be16 total_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    ofp_be64 cookie;
    /* Followed by struct ofp_match, 2 bytes of zero, then the frame. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_packet_in, 24);

enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,
};

struct ofp_flow_removed {
    struct ofp_header header;
    ofp_be64 cookie;
    ofp_be16 priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;
    ofp_be32 duration_sec;
    ofp_be32 duration_nsec;
    ofp_be16 idle_timeout;
    ofp_be16 hard_timeout;
    ofp_be64 packet_count;
    ofp_be64 byte_count;
    /* Followed by struct ofp_match. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_flow_removed, 48);

enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,
};

struct ofp_port_status {
    struct ofp_header header;
    uint8_t reason;             /* OFPPR_*. */
    uint8_t pad[7];
    struct ofp_port desc;
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_port_status, 80);

enum ofp_port_reason {
    OFPPR_ADD = 0,
    OFPPR_DELETE = 1,
    OFPPR_MODIFY = 2,
};

/* ---- A.3.7 Packet-out --------------------------------------------------- */

struct ofp_packet_out {
    struct ofp_header header;
    ofp_be32 buffer_id;
    ofp_be32 in_port;
    ofp_be16 actions_len;
    uint8_t pad[6];
    /* Followed by actions, then the frame (if buffer_id is none). */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_packet_out, 24);

/* ---- A.4.4 Error message ------------------------------------------------ */

struct ofp_error_msg {
    struct ofp_header header;
    ofp_be16 type;
    ofp_be16 code;
    /* Followed by at least 64 bytes of the failed request, or text. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_error_msg, 12);

struct ofp_error_experimenter_msg {
    struct ofp_header header;
    ofp_be16 type;              /* OFPET_EXPERIMENTER. */
    ofp_be16 exp_type;
    ofp_be32 experimenter;
    /* Followed by data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_error_experimenter_msg, 16);

enum ofp_error_type {
    OFPET_HELLO_FAILED = 0,
    OFPET_BAD_REQUEST = 1,
    OFPET_BAD_ACTION = 2,
    OFPET_BAD_INSTRUCTION = 3,
    OFPET_BAD_MATCH = 4,
    OFPET_FLOW_MOD_FAILED = 5,
    OFPET_GROUP_MOD_FAILED = 6,
    OFPET_PORT_MOD_FAILED = 7,
    OFPET_TABLE_MOD_FAILED = 8,
    OFPET_QUEUE_OP_FAILED = 9,
    OFPET_SWITCH_CONFIG_FAILED = 10,
    OFPET_ROLE_REQUEST_FAILED = 11,
    OFPET_METER_MOD_FAILED = 12,
    OFPET_TABLE_FEATURES_FAILED = 13,
    OFPET_EXPERIMENTER = 0xffff,
};

/* ---- A.5 Symmetric messages --------------------------------------------- */

struct ofp_hello_elem_header {
    ofp_be16 type;              /* OFPHET_*. */
    ofp_be16 length;            /* Without padding. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_hello_elem_header, 4);

enum ofp_hello_elem_type {
    OFPHET_VERSIONBITMAP = 1,
};

struct ofp_experimenter_header {
    struct ofp_header header;
    ofp_be32 experimenter;
    ofp_be32 exp_type;
    /* Followed by experimenter data. */
} OFP_PACKED;
OFP_ASSERT_SIZE(ofp_experimenter_header, 16);

#endif /* ofproto/ofp13.h */
