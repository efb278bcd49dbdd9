/* parts_main MODE [N]: the program of the parts tests. It prints what it did, then waits for "quit"
 * on stdin so that the test can read the runtime's table and socket while it is still running.
 *   state     a thread enters pa_enter(1) and blocks at the innermost pa_back until "go" arrives; meanwhile
 *             every "v" line prints pb_version(), called from a third thread
 *   recurse N pa_enter(N) without blocking: 2N+3 nested interposed calls
 *   jump N    N times: setjmp, then pb_jump longjmps out of the interposed call; then 1000 pb_add calls
 *   tail N    N calls pa_tail, which tail-calls pb_add through its PLT (two interposed frames, one return slot)
 *   dlopen N  dlopen libpartc.so and call pc_run(N) (N calls libpartc -> libpartb)
 *   count N   N calls pb_add from the program
 *   scale N   sum of pb_scale(i, 0.5) for i < N (double arguments and result)
 *   threads N N threads one after the other, each calls pb_add once and exits (thread records reused)
 *   fork N    N calls, fork; the child makes N more calls and says whether it has a table file
 *   version   prints pb_version() on every "v" line (swap tests) */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int pa_enter(int n);
int pa_tail(int a, int b);
double pb_scale(double x, double y);
void pb_jump(jmp_buf *env);
int pb_add(int a, int b);
int pb_version(void);

int fixture_noblock;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int inside, go;

void fixture_block(void)
{
    pthread_mutex_lock(&m);
    inside = 1;
    pthread_cond_broadcast(&c);
    while (!go)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
}

static void *blocker(void *arg)
{
    (void)arg;
    printf("result %d\n", pa_enter(1));
    return 0;
}

static int version_pipe[2];

/* state mode: prints pb_version() for every byte on version_pipe; its first call is made at once, so that the
 * later ones take the fast path (the first call of a thread takes the slow one) */
static void *versions(void *arg)
{
    char b;
    (void)arg;
    (void)pb_version();
    while (read(version_pipe[0], &b, 1) == 1)
        printf("version %d\n", pb_version());
    return 0;
}

static void *one_call(void *arg)
{
    return (void *)(long)pb_add((int)(long)arg, 1);
}

static char line[256];

static int next(void)
{
    return fgets(line, sizeof line, stdin) != 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    int n = argc > 2 ? atoi(argv[2]) : 0;
    setvbuf(stdout, 0, _IOLBF, 0);
    if (!strcmp(mode, "state")) {
        pthread_t t;
        pthread_t v;
        if (pipe(version_pipe) || pthread_create(&v, 0, versions, 0))
            return 1;
        pthread_create(&t, 0, blocker, 0);
        pthread_mutex_lock(&m);
        while (!inside)
            pthread_cond_wait(&c, &m);
        pthread_mutex_unlock(&m);
        printf("inside %d\n", (int)gettid());
        while (next() && strncmp(line, "go", 2))
            if (line[0] == 'v' && write(version_pipe[1], "v", 1) != 1)
                return 1;
        pthread_mutex_lock(&m);
        go = 1;
        pthread_cond_broadcast(&c);
        pthread_mutex_unlock(&m);
        pthread_join(t, 0);
        printf("released\n");
    } else if (!strcmp(mode, "recurse")) {
        fixture_noblock = 1;
        printf("result %d\n", pa_enter(n));
    } else if (!strcmp(mode, "jump")) {
        static jmp_buf env;
        volatile int jumps = 0, i;
        for (i = 0; i < n; i++)
            if (setjmp(env) == 0)
                pb_jump(&env);
            else
                jumps++;
        long s = 0;
        for (int i = 0; i < 1000; i++)
            s += pb_add(i, 1);
        printf("jumps %d sum %ld\n", jumps, s);
    } else if (!strcmp(mode, "tail")) {
        long s = 0;
        for (int i = 0; i < n; i++)
            s += pa_tail(i, 1);
        printf("tail %d sum %ld\n", n, s);
    } else if (!strcmp(mode, "dlopen")) {
        char path[4096];
        ssize_t len = readlink("/proc/self/exe", path, sizeof path - 32);
        path[len > 0 ? len : 0] = 0;
        strcpy(strrchr(path, '/') ? strrchr(path, '/') + 1 : path, "libpartc.so");
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        long (*run)(int) = h ? (long (*)(int))dlsym(h, "pc_run") : 0;
        if (!run) {
            printf("dlopen failed: %s\n", dlerror());
            return 1;
        }
        printf("pc %d %ld\n", n, run(n));
    } else if (!strcmp(mode, "count")) {
        long s = 0;
        for (int i = 0; i < n; i++)
            s += pb_add(i, 1);
        printf("count %d sum %ld\n", n, s);
    } else if (!strcmp(mode, "scale")) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += pb_scale(i, 0.5);
        printf("scale %d sum %.1f\n", n, s);
    } else if (!strcmp(mode, "threads")) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            pthread_t t;
            void *r;
            pthread_create(&t, 0, one_call, (void *)(long)i);
            pthread_join(t, &r);
            s += (long)r;
        }
        printf("threads %d sum %ld\n", n, s);
    } else if (!strcmp(mode, "fork")) {
        long s = 0;
        for (int i = 0; i < n; i++)
            s += pb_add(i, 1);
        pid_t c = fork();
        if (c == 0) {
            for (int i = 0; i < n; i++)
                s += pb_add(i, 1);
            char p[64];
            snprintf(p, sizeof p, "/dev/shm/klas-%d", (int)getpid());
            printf("child sum %ld table %s\n", s, access(p, F_OK) == 0 ? "published" : "private");
            return 0;
        }
        waitpid(c, 0, 0);
        printf("parent sum %ld\n", s);
    } else if (!strcmp(mode, "version")) {
        printf("ready\n");
        while (next() && line[0] == 'v')
            printf("version %d\n", pb_version());
        return 0;
    } else {
        fprintf(stderr, "usage: parts_main state|recurse N|jump N|dlopen N|count N|threads N|version\n");
        return 2;
    }
    printf("waiting\n");
    while (next() && strncmp(line, "quit", 4))
        ;
    return 0;
}
