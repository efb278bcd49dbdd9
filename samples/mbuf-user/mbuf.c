/* Allocation and chains of mbufs. */
#include <stdlib.h>
#include <string.h>
#include "mbuf.h"

#ifdef KLAS_ORACLE
unsigned long oracle_m_len, oracle_set_m_len, oracle_fo_read, oracle_call_m_free, oracle_m_get;
#endif

struct mbuf *m_get(const struct fileops *ops)
{
	ORACLE(oracle_m_get);
	struct mbuf *m = malloc(sizeof(*m));
	if (m == NULL)
		abort();
	m->m_next = NULL;
	m->m_flags = 0;
	m->m_data = m->m_dat;
	m->m_ops = ops;
	ORACLE(oracle_m_len);
	ORACLE(oracle_set_m_len);
	m->m_len = 0; /* expect: set mbuf.m_len */
	return m;
}

void m_free(struct mbuf *m)
{
	free(m);
}

void m_freem(struct mbuf *m)
{
	while (m != NULL) {
		struct mbuf *next = m->m_next;
		ORACLE(oracle_call_m_free);
		m_free(m); /* expect: call m_free */ /* at -O2: 1 line, no direct call of m_free */
		m = next;
	}
}

int m_append(struct mbuf *m, const char *src, int len)
{
	ORACLE(oracle_m_len);
	int off = m->m_len; /* expect: get mbuf.m_len */
	memcpy(m->m_data + off, src, (size_t)len);
	ORACLE(oracle_m_len);
	ORACLE(oracle_set_m_len);
	m->m_len = off + len; /* expect: set mbuf.m_len */
	return len;
}

int m_length(const struct mbuf *m)
{
	int total = 0;
	for (; m != NULL; m = m->m_next) {
		ORACLE(oracle_m_len);
		total += m->m_len; /* expect: get mbuf.m_len */
	}
	return total;
}
