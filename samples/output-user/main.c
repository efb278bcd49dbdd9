/*
 * output-user: the target of the user-space output buffer's tests (issue 21). Each thread has its own counter and
 * bumps it with tick(); the aspect in aspects/ prints "tick ID N" at every write of counter.n, N being the value
 * before the write, so a thread's lines count 0, 1, 2, ... in the order it made them.
 *   output-user threads ITER THREADS   THREADS threads (ids 1..) tick ITER times each, then main returns
 *   output-user fork ITER              id 1 ticks ITER times, forks; the child (id 2) ticks ITER times and exit()s;
 *                                      the parent waits for it, then id 1 ticks ITER times more
 *   output-user crash ITER             id 1 ticks ITER times, then dereferences a null pointer (SIGSEGV)
 *   output-user signal ITER            id 1 ticks ITER times while a 20 us interval timer's SIGALRM handler ticks
 *                                      id 2 on the same thread: the handler's advice interrupts id 1's advice
 * stdout: "ticks TOTAL" (threads, fork: the parent's and the child's; signal: both ids), "child exit STATUS" (fork).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "counter.h"

static long iterations;
static struct counter in_handler = { .id = 2, .n = 0 };

static void on_alarm(int sig)
{
	(void)sig;
	tick(&in_handler);
}

static void *work(void *arg)
{
	struct counter *c = arg;
	for (long i = 0; i < iterations; i++)
		tick(c);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: output-user threads ITER THREADS(1-64) | fork ITER | crash ITER | signal ITER\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3 || (iterations = atol(argv[2])) < 0)
		return usage();
	if (!strcmp(argv[1], "threads") && argc == 4) {
		int threads = atoi(argv[3]);
		if (threads < 1 || threads > 64)
			return usage();
		pthread_t t[64];
		struct counter c[64];
		long total = 0;
		for (int i = 0; i < threads; i++) {
			c[i] = (struct counter){ .id = i + 1, .n = 0 };
			pthread_create(&t[i], 0, work, &c[i]);
		}
		for (int i = 0; i < threads; i++) {
			pthread_join(t[i], 0);
			total += c[i].n;
		}
		printf("ticks %ld\n", total);
		return 0;
	}
	if (!strcmp(argv[1], "fork") && argc == 3) {
		struct counter c = { .id = 1, .n = 0 };
		work(&c);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			struct counter mine = { .id = 2, .n = 0 };
			work(&mine);
			exit(0);
		}
		int status = 0;
		waitpid(pid, &status, 0);
		work(&c);
		printf("child exit %d\nticks %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1, c.n + iterations);
		return 0;
	}
	if (!strcmp(argv[1], "crash") && argc == 3) {
		struct counter c = { .id = 1, .n = 0 };
		work(&c);
		volatile int *null = 0;
		return *null;
	}
	if (!strcmp(argv[1], "signal") && argc == 3) {
		struct counter c = { .id = 1, .n = 0 };
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGALRM, &sa, 0);
		struct itimerval every = { { 0, 20 }, { 0, 20 } }, off = { { 0, 0 }, { 0, 0 } };
		setitimer(ITIMER_REAL, &every, 0);
		work(&c);
		setitimer(ITIMER_REAL, &off, 0);
		printf("ticks %ld\nin handler %ld\n", c.n + in_handler.n, in_handler.n);
		return 0;
	}
	return usage();
}
