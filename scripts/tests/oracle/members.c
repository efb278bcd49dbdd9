/*
 * Fixture for scripts/clang-member-oracle, checked by scripts/tests/check-clang-member-oracle.
 * A line with member accesses carries "expect:" and one item per access, in any order:
 *   STRUCT.MEMBER          spelled in this file (the oracle's column must point at MEMBER)
 *   STRUCT.MEMBER(MACRO)   produced by macro MACRO written on this line (column points at MACRO)
 * Every other line must yield no access.
 */
#include "members.h"

static atomic_t users = { .counter = 0 };
struct mbuf global = { .m_hdr = { .mh_len = 1 }, .arr = { 1, 2 } };

int reset(mbuf_alias_t *m, atomic_t *v, struct mbuf bufs[])
{
	mbuf_p p = &bufs[2];
	int n = p->ops->len(p);         /* expect: mbuf.ops mbuf_ops.len */

	(*p).arr[n & 3] = n;            /* expect: mbuf.arr */
	m->m_len = 0;                   /* expect: mbuf.m_hdr(m_len) mbuf_hdr.mh_len(m_len) */
	m->m_hdr.mh_len++;              /* expect: mbuf.m_hdr mbuf_hdr.mh_len */
	global.m_type = 3;              /* expect: mbuf.m_type */
	m->m_flags_word |= 1;           /* expect: mbuf.m_flags_word */
	m->pair.b = m->arr[2];          /* expect: mbuf.pair mbuf.b mbuf.arr */
	bufs[1].hdrs[0].mh_next = m;    /* expect: mbuf.hdrs mbuf_hdr.mh_next */
	v->counter += READ(m->m_len);   /* expect: atomic_t.counter mbuf.m_hdr(m_len) mbuf_hdr.mh_len(m_len) */
	if (mtod(m) == NULL)            /* expect: mbuf.m_hdr(mtod) mbuf_hdr.mh_data(mtod) */
		return READ(users.counter); /* expect: atomic_t.counter */
	if (READ(mtod(&bufs[0])) != 0)  /* expect: mbuf.m_hdr(mtod) mbuf_hdr.mh_data(mtod) */
		return (int)offsetof(struct mbuf, arr);
	return LEN_OF(m) + header_len(m) + (int)sizeof(m->pair); /* expect: mbuf.m_hdr(LEN_OF) mbuf_hdr.mh_len(LEN_OF) mbuf.pair */
}
