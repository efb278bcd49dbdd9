/*
 * mbuf-user: builds chains of mbufs, fills them through fo_write, reads them through fo_read and frees them.
 *   mbuf-user [ITERATIONS [THREADS [-v]]]
 * -v prints the address of every mbuf it allocates ("mbuf 0x..."), so tests can compare klas_target.
 * Built with -DKLAS_ORACLE it prints how often each sample aspect must fire ("oracle NAME=COUNT").
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mbuf.h"

static int iterations = 1000;
static int verbose;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static struct mbuf *get(void)
{
	struct mbuf *m = m_get(&mem_fileops);
	if (verbose) {
		pthread_mutex_lock(&print_lock);
		printf("mbuf %p\n", (void *)m);
		pthread_mutex_unlock(&print_lock);
	}
	return m;
}

static void *work(void *arg)
{
	static const char msg[] = "klas weaves aspects into running C programs";
	char buf[64];
	long total = 0;
	(void)arg;
	for (int i = 0; i < iterations; i++) {
		struct mbuf *m = get();
		m->m_next = get();
		if (m_trailingspace(m) >= (int)sizeof(msg))
			m->m_ops->fo_write(m, msg, (int)sizeof(msg)); /* expect: fpcall fileops.fo_write */
		m->m_next->m_ops->fo_write(m->m_next, msg, 10); /* expect: fpcall fileops.fo_write */
		total += m_length(m);
		total += m_read(m, buf, 16);
		m_freem(m);
	}
	return (void *)total;
}

int main(int argc, char **argv)
{
	int threads = 1;
	if (argc > 1)
		iterations = atoi(argv[1]);
	if (argc > 2)
		threads = atoi(argv[2]);
	if (argc > 3 && strcmp(argv[3], "-v") == 0)
		verbose = 1;
	if (threads < 1 || threads > 64 || iterations < 0) {
		fprintf(stderr, "usage: mbuf-user [ITERATIONS [THREADS(1-64) [-v]]]\n");
		return 2;
	}
	pthread_t tid[64];
	long total = 0;
	for (int t = 0; t < threads; t++)
		pthread_create(&tid[t], NULL, work, NULL);
	for (int t = 0; t < threads; t++) {
		void *r;
		pthread_join(tid[t], &r);
		total += (long)r;
	}
	printf("total %ld\n", total);
#ifdef KLAS_ORACLE
	printf("oracle log_reset_len=%lu\n", oracle_m_len);
	printf("oracle set_m_len=%lu\n", oracle_set_m_len);
	printf("oracle fp_call_read=%lu\n", oracle_fo_read);
	printf("oracle call_m_free=%lu\n", oracle_call_m_free);
	printf("oracle execution_m_get=%lu\n", oracle_m_get);
#endif
	return 0;
}
