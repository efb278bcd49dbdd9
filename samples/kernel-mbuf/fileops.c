// SPDX-License-Identifier: GPL-2.0
/* The in-memory fileops table: the functions called through fo_read and fo_write. */
#include <linux/string.h>
#include "mbuf.h"

static unsigned long calls;	/* mem_read's calls; mbuf.c has its own static of this name */

unsigned long kmbuf_fileops_calls(void)
{
	return calls;
}

static int mem_read(struct mbuf *m, char *buf, int len)
{
	int avail, n;

	calls++;
	COUNT(log_reset_len);
	avail = m->m_len; /* expect: get mbuf.m_len */
	n = len < avail ? len : avail;
	memcpy(buf, m->m_data, n);
	m_adj(m, n);
	return n;
}

static int mem_write(struct mbuf *m, const char *buf, int len)
{
	return m_append(m, buf, len);
}

const struct fileops mem_fileops = { .fo_read = mem_read, .fo_write = mem_write };
