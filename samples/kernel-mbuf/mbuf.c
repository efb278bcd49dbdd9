// SPDX-License-Identifier: GPL-2.0
/* Allocation and chains of mbufs. */
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "mbuf.h"

struct kmbuf_counts kmbuf_counts;
/* Variables advice reads by name (KernelModuleVariablesVmHeavyTest); the module prints them after a run. */
unsigned long kmbuf_tag_sum = 1000;	/* nonzero: in .data */
struct kmbuf_stat kmbuf_stat;
static unsigned long calls;	/* m_get's calls; fileops.c has its own static of this name */

unsigned long kmbuf_mbuf_calls(void)
{
	return calls;
}

/*
 * Adds tag to kmbuf_tag_sum. tag is dead after the call of ktime_get_ns: at the write of st_calls DWARF gives it
 * only as DW_OP_entry_value(%rdi), which klas recovers from the call sites (kmbuf_run passes constants).
 */
noinline void kmbuf_tag(unsigned long tag)
{
	kmbuf_tag_sum += tag;
	kmbuf_stat.st_time = ktime_get_ns();
	kmbuf_stat.st_calls++;
}

struct mbuf *m_get(const struct fileops *ops)
{
	struct mbuf *m;

	COUNT(execution_m_get);
	calls++;
	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->m_next = NULL;
	COUNT(set_m_flags);
	m->m_flags = 0; /* expect: set mbuf.m_flags */
	m->m_data = m->m_dat;
	m->m_ops = ops;
	COUNT(log_reset_len);
	COUNT(set_m_len);
	m->m_len = 0; /* expect: set mbuf.m_len */
	return m;
}

/* noinline: the call in m_freem stays a call, the join point of call(m_free). */
noinline void m_free(struct mbuf *m)
{
	kfree(m);
}

void m_freem(struct mbuf *m)
{
	while (m) {
		struct mbuf *next = m->m_next;

		COUNT(call_m_free);
		m_free(m); /* expect: call m_free */
		m = next;
	}
}

/* Only ever called with M_EXT: gcc specialises it into a clone (m_setflag.constprop.0), hooked by that name. */
static noinline void m_setflag(struct mbuf *m, int flag)
{
	COUNT(set_m_flags);
	m->m_flags |= flag; /* expect: rw mbuf.m_flags */
}

int m_append(struct mbuf *m, const char *src, int len)
{
	int off;

	COUNT(log_reset_len);
	off = m->m_len; /* expect: get mbuf.m_len */
	memcpy(m->m_data + off, src, len);
	COUNT(log_reset_len);
	COUNT(set_m_len);
	m->m_len = off + len; /* expect: set mbuf.m_len */
	m_setflag(m, M_EXT);
	return len;
}

int m_length(const struct mbuf *m)
{
	int total = 0;

	for (; m; m = m->m_next) {
		COUNT(log_reset_len);
		total += m->m_len; /* expect: get mbuf.m_len */
	}
	return total;
}

/* The bit-fields of struct m_tag: one access each, in functions of their own (noinline: one hook each). */
noinline void m_tag_kind(struct m_tag *t, unsigned int kind)
{
	t->mt_kind = kind; /* bits: set m_tag.mt_kind */
}

noinline void m_tag_prio(struct m_tag *t, int prio)
{
	t->mt_prio = prio; /* bits: set m_tag.mt_prio */
}

noinline void m_tag_len(struct m_tag *t, unsigned int len)
{
	t->mt_len = len; /* bits: set m_tag.mt_len */
}

noinline int m_tag_prio_of(const struct m_tag *t)
{
	return t->mt_prio; /* bits: get m_tag.mt_prio */
}

noinline void m_tag_mark(struct m_tag *t)
{
	t->mt_seen = 1; /* bits: rw m_tag.mt_seen */
}

noinline void m_tag_clear(struct m_tag *t)
{
	t->mt_seen = 0; /* bits: rw m_tag.mt_seen */
}
