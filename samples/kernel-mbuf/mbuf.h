/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-mbuf: BSD-style mbufs inside a kernel module, the kernel target of klas (see README.md beside this file).
 * Every member access carries its expectation, read by the tests: get = read, set = write, rw = both,
 * fpcall = call through a function-pointer member, call = direct call.
 */
#ifndef KMBUF_H
#define KMBUF_H

#include <linux/atomic.h>
#include <linux/stddef.h>

#define MLEN 224

struct mbuf;

/* Operations on an mbuf's payload, called through function pointers. */
struct fileops {
	int (*fo_read)(struct mbuf *m, char *buf, int len);
	int (*fo_write)(struct mbuf *m, const char *buf, int len);
};

struct m_hdr {
	struct mbuf *mh_next;	/* next buffer in chain */
	int mh_len;	/* amount of data in this mbuf */
	int mh_flags;	/* flags */
	char *mh_data;	/* location of data */
};

struct mbuf {
	struct m_hdr m_hdr;
	const struct fileops *m_ops;
	char m_dat[MLEN];
};

#define m_next  m_hdr.mh_next
#define m_len   m_hdr.mh_len
#define m_flags m_hdr.mh_flags
#define m_data  m_hdr.mh_data

#define M_EXT 0x1

/*
 * The module counts its own join points, always: how often each sample aspect must fire. The counters live
 * outside struct mbuf, so counting is no member access of it.
 */
struct kmbuf_counts {
	atomic_long_t log_reset_len;	/* every execution of an access to mbuf.m_len (log_reset_len) */
	atomic_long_t set_m_len;	/* writes of mbuf.m_len, read-writes included (set_m_len) */
	atomic_long_t fp_call_read;	/* calls through fileops.fo_read (fp_call_read) */
	atomic_long_t call_m_free;	/* direct calls of m_free made inside m_* functions (call_m_free) */
	atomic_long_t execution_m_get;
	atomic_long_t set_m_flags;	/* writes of mbuf.m_flags, read-writes included (set_m_flags) */	/* executions of m_get (execution_m_get) */
};
extern struct kmbuf_counts kmbuf_counts;
#define COUNT(c) atomic_long_inc(&kmbuf_counts.c)

/* What kmbuf_tag did last; not an mbuf, so no member access of struct mbuf. */
struct kmbuf_stat {
	u64 st_time;
	unsigned long st_calls;
};
extern struct kmbuf_stat kmbuf_stat;
extern unsigned long kmbuf_tag_sum;
void kmbuf_tag(unsigned long tag);
unsigned long kmbuf_mbuf_calls(void);
unsigned long kmbuf_fileops_calls(void);

/*
 * A tag with bit-fields, written and read by "tag N" (main.c), one field per noinline function of mbuf.c; its
 * accesses carry "bits:" expectations (not "expect:", whose members are all mbuf's), read by the bit-field tests.
 */
struct m_tag {
	unsigned int mt_kind : 3;	/* unsigned, bits 0-2 */
	int mt_prio : 5;	/* signed, bits 3-7 */
	unsigned short mt_len : 10;	/* bits 16-25 (a short's unit): straddles bytes 2 and 3 */
	unsigned int mt_seen : 1;	/* bit 26: set and cleared by read-modify-writes (or, and) */
};

void m_tag_kind(struct m_tag *t, unsigned int kind);
void m_tag_prio(struct m_tag *t, int prio);
void m_tag_len(struct m_tag *t, unsigned int len);
int m_tag_prio_of(const struct m_tag *t);
void m_tag_mark(struct m_tag *t);
void m_tag_clear(struct m_tag *t);

struct mbuf *m_get(const struct fileops *ops);
void m_free(struct mbuf *m);
void m_freem(struct mbuf *m);
int m_append(struct mbuf *m, const char *src, int len);
int m_length(const struct mbuf *m);
extern const struct fileops mem_fileops;

/* Room left at the end of the buffer. */
static inline int m_trailingspace(const struct mbuf *m)
{
	COUNT(log_reset_len);
	return MLEN - (int)(m->m_data - m->m_dat) - m->m_len; /* expect: get mbuf.m_len */
}

/* Drop len bytes from the front; the caller checks len <= m_len. */
static inline void m_adj(struct mbuf *m, int len)
{
	m->m_data += len;
	COUNT(log_reset_len);
	COUNT(set_m_len);
	m->m_len -= len; /* expect: rw mbuf.m_len */
}

/* Read through the buffer's operations table. */
static inline int m_read(struct mbuf *m, char *buf, int len)
{
	COUNT(fp_call_read);
	return m->m_ops->fo_read(m, buf, len); /* expect: fpcall fileops.fo_read */
}

#endif
