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
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define KLAS_CAT2(a, b) a##b
#define KLAS_CAT(a, b) KLAS_CAT2(a, b)
#define KLAS_SKEL_FN(f) KLAS_CAT(KLAS_SKEL, f)

static volatile sig_atomic_t klas_stop;

static void klas_on_signal(int sig)
{
	(void)sig;
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

/* The first verifier log libbpf printed (a program the kernel refused), kept for klas_explain. */
static char *klas_log;

/* libbpf's messages (the verifier's log among them) go to stderr. */
static int klas_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg = NULL;
	va_list copy;

	if (level == LIBBPF_DEBUG)
		return 0;
	va_copy(copy, ap);
	if (!klas_log && vasprintf(&msg, fmt, copy) >= 0 && strstr(msg, "-- BEGIN PROG LOAD LOG --"))
		klas_log = msg;
	else
		free(msg);
	va_end(copy);
	return vfprintf(stderr, fmt, ap);
}

/*
 * Where the verifier refused: its reason is the last line before "processed N insns", and the source line it
 * names is the last "; TEXT" line before that (the program's BTF line info, whose text is the advice's own). A TEXT
 * that is a line of advice code is reported at its aspect file and line, as a compiler would.
 */
static void klas_explain(void)
{
	char *prog = "", *reason = NULL, *source = NULL, *line, *save = NULL, *p;
	const struct klas_source *s;
	int found = 0;

	if (!klas_log)
		return;
	p = strstr(klas_log, "prog '");
	if (p) {
		prog = p + 6;
		p = strchr(prog, '\'');
		if (p)
			*p++ = 0;
	}
	for (line = strtok_r(p ? p : klas_log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "processed ", 10) || strstr(line, "-- END PROG LOAD LOG --"))
			break;
		if (!strncmp(line, "; ", 2))
			source = line + 2;
		else if (*line && !strstr(line, "BEGIN PROG LOAD LOG"))
			reason = line;
	}
	if (!reason)
		return;
	while (source && *source == ' ')
		source++;
	for (s = klas_sources; source && s->file; s++) {
		size_t n = strlen(s->text);

		if (!strncmp(source, s->text, n) && strspn(source + n, " \t") == strlen(source + n)) {
			fprintf(stderr, "%s:%d: error: the kernel's verifier refused this advice (program %s): %s\n",
				s->file, s->line, prog, reason);
			found = 1;
		}
	}
	if (!found)
		fprintf(stderr, "%s: the kernel's verifier refused program %s at '%s': %s\n", KLAS_NAME, prog,
			source ? source : "(no source line)", reason);
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

static void klas_report(struct bpf_map *counts)
{
	int cpus = libbpf_num_possible_cpus();
	unsigned long long *v = calloc(cpus > 0 ? cpus : 1, sizeof(*v));
	unsigned long long sum[KLAS_HOOKS + 2 * KLAS_ASPECTS];
	unsigned int i;
	int c;

	memset(sum, 0, sizeof(sum));
	for (i = 0; v && i < KLAS_HOOKS + 2 * KLAS_ASPECTS; i++) {
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
}

static void klas_usage(FILE *out)
{
	fprintf(out, "Usage: %s [--duration SECONDS]\n"
		"Attaches the %zu hooks of %s in %s (kernel %s), prints advice output, and at SIGINT/SIGTERM or after\n"
		"SECONDS prints each hook's hits and detaches. Exit: 0 done, 2 usage, 3 not this kernel, a symbol is\n"
		"missing or the code at a hook is not the plan's, 4 the kernel refused a program or a hook (nothing\n"
		"stays attached).\n",
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
	skel = KLAS_SKEL_FN(__open)();
	if (!skel) {
		klas_fail("cannot open the BPF object: %s", strerror(errno));
		return 4;
	}
	for (i = 0; i < KLAS_HOOKS; i++)
		skel->rodata->klas_addr[i] = addresses[i];
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
	printf("%s: %zu hooks attached in %s\n", KLAS_NAME, KLAS_HOOKS, KLAS_TARGET);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!klas_stop) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			klas_fail("reading the ring buffer: %s", strerror(-err));
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (duration >= 0 && (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= duration)
			break;
	}
	klas_detach();
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	klas_report(skel->maps.klas_counts);
	if (skel->bss->klas_lost)
		printf("%s: %llu lines of advice output lost (ring buffer full)\n", KLAS_NAME,
		       (unsigned long long)skel->bss->klas_lost);
	printf("%s: detached\n", KLAS_NAME);
	KLAS_SKEL_FN(__destroy)(skel);
	return err < 0 && err != -EINTR ? 4 : 0;
}
