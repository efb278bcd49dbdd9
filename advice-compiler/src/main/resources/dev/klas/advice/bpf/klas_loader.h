/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixed part of every klas linux-bpf loader (included by the generated loader, which defines klas_hooks,
 * klas_aspects, KLAS_NAME, KLAS_RELEASE, KLAS_TARGET and KLAS_SKEL first). It checks the kernel release, finds each
 * hook's address in /proc/kallsyms, loads the programs (the kernel's verifier checks them), attaches each one through
 * the kprobe PMU at its exact address (perf_event_open with kprobe_func, config1, NULL and kprobe_addr, config2, the
 * address; never by a name), prints advice output from the ring buffer and, at SIGINT/SIGTERM or after --duration, one line per hook with
 * its hits, then detaches everything.
 *
 * Before attaching, it compares the code at every hook with the plan's original bytes.
 *
 * The overload guard (klas_guard.bpf.h) switches an aspect off in the map klas_off; the loader prints one line when
 * it sees that, and switches every aspect that is off on again at SIGUSR1. Lines klas_printf dropped (ring buffer
 * full) are counted per CPU and printed at the end.
 *
 * While it runs, the hit counts and the aspects' switches are pinned at /sys/fs/bpf/klas/NAME/{counts,off} (bpffs,
 * mounted there if it is not), where "NAME --hits" reads them and prints them in the format of the kprobes
 * module's hits file (klas-hits 1; klas hits --woven DIR runs it).
 *
 * Exit status: 0 done; 2 usage; 3 not this kernel, a hook's symbol is missing or its code is not the plan's; 4 the
 * kernel refused (load, verifier, attach): nothing stays attached.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define KLAS_CAT2(a, b) a##b
#define KLAS_CAT(a, b) KLAS_CAT2(a, b)
#define KLAS_SKEL_FN(f) KLAS_CAT(KLAS_SKEL, f)

static volatile sig_atomic_t klas_stop, klas_switch_on;

static void klas_on_signal(int sig)
{
	if (sig == SIGUSR1)
		klas_switch_on = 1;
	else
		klas_stop = 1;
}

static void klas_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", KLAS_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * The verifier's log of the program the kernel refused: a buffer of the loader's own (libbpf would otherwise retry
 * with ever larger ones when a loop runs the verifier to its instruction limit, each retry as slow as the first).
 */
static char klas_verifier_log[4 << 20];
/* The program libbpf said the kernel refused. */
static char klas_refused[128];

/* libbpf's messages go to stderr; the name of a refused program is kept for klas_explain. */
static int klas_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg = NULL, *p;
	va_list copy;

	if (level == LIBBPF_DEBUG)
		return 0;
	va_copy(copy, ap);
	if (!klas_refused[0] && vasprintf(&msg, fmt, copy) >= 0 && strstr(msg, "BPF program load failed")
	    && (p = strstr(msg, "prog '")))
		sscanf(p + 6, "%127[^']", klas_refused);
	free(msg);
	va_end(copy);
	return vfprintf(stderr, fmt, ap);
}

/*
 * Where the verifier refused: its reason is the last line before "processed N insns", and the source line it
 * names is the last "; TEXT" line before that (the program's BTF line info, whose text is the advice's own; for a
 * "back-edge", which kernels before 5.3 and loaders without CAP_BPF get for every loop, the "N: TEXT" line before
 * it). A log that filled the buffer lost its end: the verifier ran long, most often through a loop it could not
 * prove bounded, and the last source line seen stands for where. A TEXT that is a line of advice code is reported
 * at its aspect file and line, as a compiler would.
 */
static void klas_explain(void)
{
	char *reason = NULL, *source = NULL, *numbered = NULL, *line, *save = NULL, *log;
	char full[160];
	const struct klas_source *s;
	int found = 0;

	if (!klas_verifier_log[0])
		return;
	fprintf(stderr, "%s: -- the verifier's log of program %s --\n%s\n-- end of the verifier's log --\n", KLAS_NAME,
		klas_refused, klas_verifier_log);
	log = strdup(klas_verifier_log);
	for (line = strtok_r(log, "\n", &save); log && line; line = strtok_r(NULL, "\n", &save)) {
		int n, at = 0;

		if (!strncmp(line, "processed ", 10))
			break;
		if (!strncmp(line, "; ", 2))
			source = line + 2;
		else if (sscanf(line, "%d: %n", &n, &at) == 1 && at && line[at] != '(' && strncmp(line + at, "safe", 4))
			numbered = line + at;
		else if (*line)
			reason = line;
	}
	if (strlen(klas_verifier_log) >= sizeof(klas_verifier_log) - 1) {
		snprintf(full, sizeof(full), "its log filled %zu MB before the end: most likely \"BPF program is too"
			 " large\", a loop it could not prove bounded", sizeof(klas_verifier_log) >> 20);
		reason = full;
	} else if (reason && !strncmp(reason, "back-edge", 9) && numbered) {
		source = numbered;
	}
	while (source && (*source == ' ' || *source == '\t'))
		source++;
	for (s = klas_sources; reason && source && s->file; s++) {
		size_t n = strlen(s->text);

		if (!strncmp(source, s->text, n) && strspn(source + n, " \t") == strlen(source + n)) {
			fprintf(stderr, "%s:%d: error: the kernel's verifier refused this advice (program %s): %s\n",
				s->file, s->line, klas_refused, reason);
			found = 1;
		}
	}
	if (reason && !found)
		fprintf(stderr, "%s: the kernel's verifier refused program %s at '%s': %s\n", KLAS_NAME, klas_refused,
			source ? source : "(no source line)", reason);
	free(log);
}

/* The address of symbol `name` of the target in /proc/kallsyms (0 when absent); -1 when addresses are hidden. */
static long long klas_kallsyms(const char *name)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], mod[128];
	unsigned long long addr, found = 0;
	int hidden = 1, hits = 0;
	char type;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		mod[0] = 0;
		if (sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type, sym, mod) < 3)
			continue;
		if (addr)
			hidden = 0;
		if (strcmp(sym, name))
			continue;
		if (KLAS_TARGET_IS_MODULE ? strcmp(mod, KLAS_TARGET) : mod[0] != 0)
			continue;
		found = addr;
		hits++;
	}
	fclose(f);
	if (hidden)
		return -1;
	if (hits > 1)
		return -2;
	return (long long)found;
}

static int klas_pmu_value(const char *path, const char *prefix)
{
	FILE *f = fopen(path, "r");
	char buf[64] = "";
	int v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f) && !strncmp(buf, prefix, strlen(prefix)))
		v = atoi(buf + strlen(prefix));
	fclose(f);
	return v;
}

/* A kprobe (or kretprobe) perf event at an absolute address (include/uapi/linux/perf_event.h: kprobe_addr is used when kprobe_func is NULL). */
static int klas_perf_kprobe(unsigned long address, int ret)
{
	static int type = -2, retbit = -2;
	struct perf_event_attr attr;

	if (type == -2) {
		type = klas_pmu_value("/sys/bus/event_source/devices/kprobe/type", "");
		retbit = klas_pmu_value("/sys/bus/event_source/devices/kprobe/format/retprobe", "config:");
	}
	if (type < 0 || (ret && retbit < 0)) {
		errno = ENOSYS;
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = ret ? 1ULL << retbit : 0;
	attr.kprobe_func = 0;		/* config1: no name ... */
	attr.kprobe_addr = address;	/* config2 (shared with probe_offset): the absolute address */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	return syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

static int klas_print_line(void *ctx, void *data, size_t size)
{
	(void)ctx;
	printf("%.*s", (int)strnlen(data, size), (const char *)data);
	return 0;
}

static struct bpf_link *klas_links[2 * KLAS_HOOKS + 1];
static int klas_nlinks;

static void klas_detach(void)
{
	while (klas_nlinks > 0)
		bpf_link__destroy(klas_links[--klas_nlinks]);
}

static int klas_attach(struct bpf_object *obj, const char *prog_name, unsigned long address, int ret,
		       const char *where)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_name);
	struct bpf_link *link;
	int pfd, err;

	if (!prog) {
		klas_fail("hook %s: no program %s in the object", where, prog_name);
		return -ENOENT;
	}
	pfd = klas_perf_kprobe(address, ret);
	if (pfd < 0) {
		err = -errno;
		klas_fail("hook %s: the kernel refused a %s at 0x%lx: %s", where, ret ? "kretprobe" : "kprobe",
			  address, strerror(-err));
		return err;
	}
	link = bpf_program__attach_perf_event(prog, pfd);
	if (!link) {
		err = -errno;
		close(pfd);
		klas_fail("hook %s: attaching %s failed: %s", where, prog_name, strerror(-err));
		return err;
	}
	klas_links[klas_nlinks++] = link;
	return 0;
}

static void klas_hex(char *out, const unsigned char *b, unsigned int n)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		sprintf(out + 3 * k, "%02x%s", b[k], k + 1 < n ? " " : "");
}

/*
 * The code at every hook against the plan's original bytes, before anything is attached: klas_peek (a syscall
 * program, run once with BPF_PROG_RUN) reads it with bpf_probe_read_kernel. 0, or 3 when some hook differs.
 */
static int klas_check(struct KLAS_SKEL *skel)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	unsigned int i, k, bad = 0;
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.klas_peek), &run);
	if (err) {
		klas_fail("cannot read the code at the hooks: %s; nothing attached", strerror(errno));
		return 4;
	}
	for (i = 0; i < KLAS_HOOKS; i++) {
		const struct klas_hook *h = &klas_hooks[i];
		unsigned int n = h->len < 16 ? h->len : 16;
		const unsigned char *now = skel->bss->klas_code[i];
		char is[64], want[64];

		for (k = 0; k < n; k++) {
			if (h->known[k] && now[k] != h->bytes[k])
				break;
		}
		if (k == n)
			continue;
		klas_hex(is, now, n);
		klas_hex(want, h->bytes, n);
		klas_fail("hook %s: the code at 0x%lx is %s, the plan expects %s (byte %u differs): not the code the"
			  " plan was made for", h->where, skel->rodata->klas_addr[i], is, want, k);
		bad++;
	}
	if (bad)
		klas_fail("%u of %zu hooks differ from the plan: no hook attached, not loading", bad, KLAS_HOOKS);
	return bad ? 3 : 0;
}

/* klas_trips' value (struct klas_trip of klas_guard.bpf.h). */
struct klas_trip_seen {
	__u64 busy;
	__u64 elapsed;
	__u32 cpu;
	__u32 pad;
};

/* The guard: limit and window in ms (0 limit: off). */
static unsigned int klas_guard_ms = 500, klas_guard_window_ms = 1000;
/* Which aspects the loader last saw switched off. */
static unsigned char klas_seen_off[KLAS_ASPECTS];

/*
 * Aspects the guard switched off since the last look get their line (with what the guard saw); at SIGUSR1 every
 * aspect that is off is switched on again.
 */
static void klas_guard_look(struct KLAS_SKEL *skel)
{
	unsigned int i;

	for (i = 0; i < KLAS_ASPECTS; i++) {
		__u32 key = i, off = 0, zero = 0;
		struct klas_trip_seen t;

		if (bpf_map__lookup_elem(skel->maps.klas_off, &key, sizeof(key), &off, sizeof(off), 0))
			continue;
		if (off && klas_switch_on) {
			bpf_map__update_elem(skel->maps.klas_off, &key, sizeof(key), &zero, sizeof(zero), BPF_ANY);
			printf("%s: aspect %s switched on again\n", KLAS_NAME, klas_aspects[i]);
			off = 0;
		} else if (off && !klas_seen_off[i]
			   && !bpf_map__lookup_elem(skel->maps.klas_trips, &key, sizeof(key), &t, sizeof(t), 0)) {
			unsigned long long busy = t.busy / 1000000, elapsed = t.elapsed / 1000000;

			printf("%s: aspect %s switched off: its advice took %llu ms of %llu ms on CPU %u (%llu%%, limit %u ms"
			       " per %u ms); hits are still counted; switch it on again: kill -USR1 %d\n", KLAS_NAME,
			       klas_aspects[i], busy, elapsed, t.cpu, elapsed ? 100 * busy / elapsed : 100, klas_guard_ms,
			       klas_guard_window_ms, (int)getpid());
		}
		klas_seen_off[i] = off != 0;
	}
	klas_switch_on = 0;
}

static void klas_report(struct bpf_map *counts)
{
	int cpus = libbpf_num_possible_cpus();
	unsigned long long *v = calloc(cpus > 0 ? cpus : 1, sizeof(*v));
	unsigned long long sum[KLAS_HOOKS + 2 * KLAS_ASPECTS + 1];
	unsigned int i;
	int c;

	memset(sum, 0, sizeof(sum));
	for (i = 0; v && i < KLAS_HOOKS + 2 * KLAS_ASPECTS + 1; i++) {
		__u32 key = i;

		if (bpf_map__lookup_elem(counts, &key, sizeof(key), v, sizeof(*v) * cpus, 0))
			continue;
		for (c = 0; c < cpus; c++)
			sum[i] += v[c];
	}
	free(v);
	for (i = 0; i < KLAS_HOOKS; i++)
		printf("%s: hook %u %s hits %llu\n", KLAS_NAME, i, klas_hooks[i].where, sum[i]);
	for (i = 0; i < KLAS_ASPECTS; i++)
		printf("%s: aspect %s runs %llu returns %llu\n", KLAS_NAME, klas_aspects[i], sum[KLAS_HOOKS + 2 * i],
		       sum[KLAS_HOOKS + 2 * i + 1]);
	printf("%s: dropped %llu lines of advice output (ring buffer full)\n", KLAS_NAME,
	       sum[KLAS_HOOKS + 2 * KLAS_ASPECTS]);
}

/* An option's unsigned number of ms, or -1 with the message. */
static long klas_ms(const char *opt, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || end == arg || v < 0 || v > 3600000) {
		klas_fail("%s needs a number of ms (0 to 3600000), got '%s'", opt, arg);
		return -1;
	}
	return v;
}

#define KLAS_PIN_DIR "/sys/fs/bpf/klas/" KLAS_NAME
#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

static int klas_pinned;

/* Pins the counts and the switches for NAME --hits; a failure costs only that (a line says so). */
static void klas_pin(struct KLAS_SKEL *skel)
{
	struct statfs fs;
	const char *why = NULL;

	if (statfs("/sys/fs/bpf", &fs) || fs.f_type != BPF_FS_MAGIC) {
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700"))
			why = "cannot mount bpffs at /sys/fs/bpf";
	}
	if (!why && mkdir("/sys/fs/bpf/klas", 0700) && errno != EEXIST)
		why = "cannot make /sys/fs/bpf/klas";
	if (!why && mkdir(KLAS_PIN_DIR, 0700) && errno != EEXIST)
		why = "cannot make " KLAS_PIN_DIR;
	if (!why && (bpf_map__pin(skel->maps.klas_counts, KLAS_PIN_DIR "/counts")
		     || bpf_map__pin(skel->maps.klas_off, KLAS_PIN_DIR "/off")))
		why = "cannot pin the maps in " KLAS_PIN_DIR;
	if (why) {
		printf("%s: hit counts not pinned (%s: %s): %s --hits cannot read them\n", KLAS_NAME, why,
		       strerror(errno), KLAS_NAME);
		return;
	}
	klas_pinned = 1;
}

static void klas_unpin(struct KLAS_SKEL *skel)
{
	if (!klas_pinned)
		return;
	bpf_map__unpin(skel->maps.klas_counts, NULL);
	bpf_map__unpin(skel->maps.klas_off, NULL);
	rmdir(KLAS_PIN_DIR);
}

/* Each slot of the pinned per-CPU counts summed over the CPUs; -1 when it is not pinned (the loader is not running). */
static int klas_read_pinned(unsigned long long *sum, unsigned int slots, unsigned int *off)
{
	int cpus = libbpf_num_possible_cpus(), fd, offd;
	unsigned long long *v;
	unsigned int i;
	int c;

	fd = bpf_obj_get(KLAS_PIN_DIR "/counts");
	offd = bpf_obj_get(KLAS_PIN_DIR "/off");
	if (fd < 0 || offd < 0 || cpus <= 0)
		return -1;
	v = calloc(cpus, sizeof(*v));
	for (i = 0; v && i < slots; i++) {
		__u32 key = i;

		sum[i] = 0;
		if (!bpf_map_lookup_elem(fd, &key, v))
			for (c = 0; c < cpus; c++)
				sum[i] += v[c];
	}
	for (i = 0; i < KLAS_ASPECTS; i++) {
		__u32 key = i, value = 0;

		off[i] = bpf_map_lookup_elem(offd, &key, &value) ? 0 : value;
	}
	free(v);
	close(fd);
	close(offd);
	return 0;
}

/* NAME --hits: the running loader's counts, as the kprobes module's hits file has them (docs/KERNEL.md). */
static int klas_hits(void)
{
	unsigned long long sum[KLAS_HOOKS + 2 * KLAS_ASPECTS + 1];
	unsigned int off[KLAS_ASPECTS + 1], i;
	const int *a;

	if (klas_read_pinned(sum, KLAS_HOOKS + 2 * KLAS_ASPECTS + 1, off)) {
		klas_fail("not running: no counts pinned at %s (%s; run as root)", KLAS_PIN_DIR, strerror(errno));
		return 1;
	}
	printf("klas-hits\t1\t%s\tsince-load\n", KLAS_NAME);
	for (i = 0; i < KLAS_ASPECTS; i++)
		printf("aspect\t%u\t%s\t%llu\t%llu\t%d\n", i, klas_aspects[i], sum[KLAS_HOOKS + 2 * i],
		       sum[KLAS_HOOKS + 2 * i + 1], !off[i]);
	for (i = 0; i < KLAS_HOOKS; i++) {
		printf("hook\t%u\t%llu\t%s\t%lu\tregistered\t%s\n", i, sum[i], klas_hooks[i].symbol,
		       klas_hooks[i].sym_offset, klas_hooks[i].place);
		for (a = klas_hooks[i].aspects; *a >= 0; a++)
			printf("advice\t%u\t%s\n", i, klas_aspects[*a]);
	}
	return 0;
}

static void klas_usage(FILE *out)
{
	fprintf(out, "Usage: %s [--duration SECONDS] [--guard-ms MS] [--guard-window-ms MS] | --hits\n"
		"Attaches the %zu hooks of %s in %s (kernel %s), prints advice output, and at SIGINT/SIGTERM or after\n"
		"SECONDS prints each hook's hits and detaches. An aspect whose advice takes more than --guard-ms (500)\n"
		"of a --guard-window-ms (1000) window on one CPU is switched off (0: never); SIGUSR1 switches it on.\n"
		"Exit: 0 done, 2 usage, 3 not this kernel, a symbol is missing or the code at a hook is not the plan's,\n"
		"4 the kernel refused a program or a hook (nothing stays attached). --hits prints the counts of the\n"
		"running loader (exit 1 when it is not running).\n",
		KLAS_NAME, KLAS_HOOKS, KLAS_NAME, KLAS_TARGET, KLAS_RELEASE);
}

int main(int argc, char **argv)
{
	struct KLAS_SKEL *skel;
	struct ring_buffer *rb = NULL;
	struct utsname u;
	struct timespec start, now;
	unsigned long addresses[KLAS_HOOKS];
	double duration = -1;
	unsigned int i;
	int err = 0;

	for (i = 1; i < (unsigned int)argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--duration") && i + 1 < (unsigned int)argc) {
			duration = strtod(argv[++i], &end);
			if (*end || duration < 0) {
				klas_fail("--duration needs a number of seconds, got '%s'", argv[i]);
				return 2;
			}
		} else if ((!strcmp(argv[i], "--guard-ms") || !strcmp(argv[i], "--guard-window-ms"))
			   && i + 1 < (unsigned int)argc) {
			long ms = klas_ms(argv[i], argv[i + 1]);

			if (ms < 0)
				return 2;
			if (!strcmp(argv[i], "--guard-ms"))
				klas_guard_ms = ms;
			else
				klas_guard_window_ms = ms;
			i++;
		} else if (!strcmp(argv[i], "--hits") && argc == 2) {
			return klas_hits();
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			klas_usage(stdout);
			return 0;
		} else {
			klas_usage(stderr);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&u) || strcmp(u.release, KLAS_RELEASE)) {
		klas_fail("made for kernel %s, this is %s: not loading", KLAS_RELEASE, u.release);
		return 3;
	}
	for (i = 0; i < KLAS_HOOKS; i++) {
		long long a = klas_kallsyms(klas_hooks[i].anchor);

		if (a == -1) {
			klas_fail("cannot read addresses in /proc/kallsyms (run as root; kernel.kptr_restrict)");
			return 3;
		}
		if (a == -2) {
			klas_fail("hook %s: symbol %s occurs twice in %s", klas_hooks[i].where, klas_hooks[i].anchor,
				  KLAS_TARGET);
			return 3;
		}
		if (a == 0) {
			if (KLAS_TARGET_IS_MODULE)
				klas_fail("hook %s: symbol %s not found: is module %s loaded?", klas_hooks[i].where,
					  klas_hooks[i].anchor, KLAS_TARGET);
			else
				klas_fail("hook %s: symbol %s not found in /proc/kallsyms", klas_hooks[i].where,
					  klas_hooks[i].anchor);
			return 3;
		}
		addresses[i] = (unsigned long)a + klas_hooks[i].offset;
	}
	libbpf_set_print(klas_libbpf_print);
	{
		LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_buf = klas_verifier_log,
			    .kernel_log_size = sizeof(klas_verifier_log));

		skel = KLAS_SKEL_FN(__open_opts)(&opts);
	}
	if (!skel) {
		klas_fail("cannot open the BPF object: %s", strerror(errno));
		return 4;
	}
	for (i = 0; i < KLAS_HOOKS; i++)
		skel->rodata->klas_addr[i] = addresses[i];
	skel->rodata->klas_guard_ns = klas_guard_ms * 1000000ULL;
	skel->rodata->klas_window_ns = (klas_guard_window_ms ? klas_guard_window_ms : 1) * 1000000ULL;
	err = KLAS_SKEL_FN(__load)(skel);
	if (err) {
		klas_explain();
		klas_fail("the kernel refused the programs (verifier log above): %s; nothing attached", strerror(-err));
		KLAS_SKEL_FN(__destroy)(skel);
		return 4;
	}
	err = klas_check(skel);
	if (err) {
		KLAS_SKEL_FN(__destroy)(skel);
		return err;
	}
	for (i = 0; !err && i < KLAS_HOOKS; i++) {
		err = klas_attach(skel->obj, klas_hooks[i].prog, addresses[i], 0, klas_hooks[i].where);
		if (!err && klas_hooks[i].ret)
			err = klas_attach(skel->obj, klas_hooks[i].ret_prog, addresses[i], 1, klas_hooks[i].where);
	}
	if (!err) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.klas_out), klas_print_line, NULL, NULL);
		if (!rb) {
			err = -errno;
			klas_fail("cannot read the ring buffer: %s", strerror(-err));
		}
	}
	if (err) {
		klas_detach();
		klas_fail("%zu hooks: no hook attached, not loading", KLAS_HOOKS);
		KLAS_SKEL_FN(__destroy)(skel);
		return 4;
	}
	signal(SIGINT, klas_on_signal);
	signal(SIGTERM, klas_on_signal);
	signal(SIGUSR1, klas_on_signal);
	klas_pin(skel);
	printf("%s: %zu hooks attached in %s\n", KLAS_NAME, KLAS_HOOKS, KLAS_TARGET);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!klas_stop) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			klas_fail("reading the ring buffer: %s", strerror(-err));
			break;
		}
		klas_guard_look(skel);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (duration >= 0 && (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= duration)
			break;
	}
	klas_detach();
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	klas_guard_look(skel);
	klas_unpin(skel);
	klas_report(skel->maps.klas_counts);
	printf("%s: detached\n", KLAS_NAME);
	KLAS_SKEL_FN(__destroy)(skel);
	return err < 0 && err != -EINTR ? 4 : 0;
}
