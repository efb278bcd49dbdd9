/* The in-memory fileops table: the functions called through fo_read and fo_write. */
#include <string.h>
#include "mbuf.h"

static int mem_read(struct mbuf *m, char *buf, int len)
{
	ORACLE(oracle_m_len);
	int avail = m->m_len; /* expect: get mbuf.m_len */ /* at -O2: 1 line, no instruction of this line accesses offset 0x8 */
	int n = len < avail ? len : avail;
	memcpy(buf, m->m_data, (size_t)n);
	m_adj(m, n);
	return n;
}

static int mem_write(struct mbuf *m, const char *buf, int len)
{
	return m_append(m, buf, len);
}

const struct fileops mem_fileops = { .fo_read = mem_read, .fo_write = mem_write };
