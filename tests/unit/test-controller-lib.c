#include "tests/unit/test-controller-lib.h"

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofproto/ofpbuf.h"
#include "ofproto/util.h"

struct ctl_switch *
tsw_create(const struct ctl_apps *apps,
           const struct ctl_switch_config *config)
{
    return ctl_switch_create(apps, config, "test", NULL, NULL);
}

void
tsw_take(struct ctl_switch *sw, struct tsw_out *out)
{
    struct ofpbuf *tx = ctl_switch_output(sw);
    size_t ofs = 0;

    while (ofs + OF_HEADER_LEN <= tx->size) {
        uint16_t len = ofp_get_be16(tx->data + ofs + 2);
        struct of_msg *m;

        out->msgs = xrealloc(out->msgs, (out->n + 1) * sizeof *out->msgs);
        m = &out->msgs[out->n++];
        CU_ASSERT_EQUAL(of_msg_decode(m, tx->data + ofs, len), 0);
        ofs += len;
    }
    CU_ASSERT_EQUAL(ofs, tx->size);
    ofpbuf_clear(tx);
}

void
tsw_out_clear(struct tsw_out *out)
{
    size_t i;

    for (i = 0; i < out->n; i++) {
        of_msg_uninit(&out->msgs[i]);
    }
    free(out->msgs);
    out->msgs = NULL;
    out->n = 0;
}

const struct of_msg *
tsw_find(const struct tsw_out *out, uint8_t type, size_t from)
{
    size_t i;

    for (i = from; i < out->n; i++) {
        if (out->msgs[i].type == type) {
            return &out->msgs[i];
        }
    }
    return NULL;
}

size_t
tsw_count(const struct tsw_out *out, uint8_t type)
{
    size_t i, n = 0;

    for (i = 0; i < out->n; i++) {
        n += out->msgs[i].type == type;
    }
    return n;
}

void
tsw_make_ports(struct of_port *ports, size_t n_ports, uint64_t dpid)
{
    size_t i;

    memset(ports, 0, n_ports * sizeof *ports);
    for (i = 0; i < n_ports; i++) {
        ports[i].port_no = i + 1;
        ports[i].hw_addr[0] = 0x02;
        ports[i].hw_addr[4] = dpid;
        ports[i].hw_addr[5] = i + 1;
        snprintf(ports[i].name, sizeof ports[i].name, "s%up%u",
                 (unsigned int) (dpid & 0xff), (unsigned int) (i + 1) & 0xff);
        ports[i].curr_speed = 10000000;
    }
}

enum ofperr
tsw_feed(struct ctl_switch *sw, const struct of_msg *msg, long long now)
{
    struct ofpbuf buf = OFPBUF_INITIALIZER;
    struct of_msg decoded;
    enum ofperr error;

    CU_ASSERT_FATAL(of_msg_encode(msg, &buf));
    CU_ASSERT_EQUAL_FATAL(of_msg_decode(&decoded, buf.data, buf.size), 0);
    error = ctl_switch_receive(sw, &decoded, now);
    of_msg_uninit(&decoded);
    ofpbuf_uninit(&buf);
    return error;
}

void
tsw_handshake(struct ctl_switch *sw, uint64_t dpid,
              const struct of_port *ports, size_t n_ports, long long now)
{
    struct tsw_out out = { NULL, 0 };
    const struct of_msg *req;
    struct of_msg m;

    ctl_switch_start(sw, now);
    tsw_take(sw, &out);
    req = tsw_find(&out, OFPT_FEATURES_REQUEST, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    of_msg_init(&m, OFPT_FEATURES_REPLY, req->xid);
    m.u.features.datapath_id = dpid;
    m.u.features.n_tables = 1;
    tsw_feed(sw, &m, now);
    of_msg_uninit(&m);
    tsw_out_clear(&out);

    tsw_take(sw, &out);
    req = tsw_find(&out, OFPT_MULTIPART_REQUEST, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    of_msg_init(&m, OFPT_MULTIPART_REPLY, req->xid);
    m.u.mp_reply.type = OFPMP_PORT_DESC;
    m.u.mp_reply.port_desc.ports = xmemdup(ports, n_ports * sizeof *ports);
    m.u.mp_reply.port_desc.n = n_ports;
    tsw_feed(sw, &m, now);
    free(m.u.mp_reply.port_desc.ports);
    of_msg_uninit(&m);

    req = tsw_find(&out, OFPT_BARRIER_REQUEST, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(req);
    of_msg_init(&m, OFPT_BARRIER_REPLY, req->xid);
    tsw_feed(sw, &m, now);
    of_msg_uninit(&m);
    tsw_out_clear(&out);
    CU_ASSERT_EQUAL(ctl_switch_get_state(sw), CTL_SW_MAIN);
}
