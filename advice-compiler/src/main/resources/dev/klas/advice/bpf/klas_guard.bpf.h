/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The overload guard of a klas linux-bpf object (docs/KERNEL.md, "Overload protection"), the kprobes module's
 * klas_guard.h in BPF: each CPU accounts the time every aspect's advice takes (bpf_ktime_get_ns around the advice)
 * over a window; when one aspect's advice takes more than klas_guard_ns of a klas_window_ns window on one CPU, the
 * aspect is switched off (klas_off[aspect] = 1, which every program checks before the advice) and what the guard
 * saw is left in klas_trips for the loader's line. Hits are still counted while it is off. Included by NAME.bpf.c,
 * which defines KLAS_ASPECTS.
 */

/* Set by the loader before it loads the programs (--guard-ms, --guard-window-ms); 0: no guard, no clock reads. */
volatile const __u64 klas_guard_ns = 500000000ULL;
volatile const __u64 klas_window_ns = 1000000000ULL;

/* Each aspect's switch: 0 on, 1 off. The guard sets it; the loader clears it on SIGUSR1. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KLAS_ASPECTS);
	__type(key, __u32);
	__type(value, __u32);
} klas_off SEC(".maps");

/* One CPU's window: where it began and the ns of advice per aspect in it. */
struct klas_guard {
	__u64 start;
	__u64 busy[KLAS_ASPECTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct klas_guard);
} klas_guard SEC(".maps");

/* What the guard saw when it switched an aspect off (the loader prints it). */
struct klas_trip {
	__u64 busy;
	__u64 elapsed;
	__u32 cpu;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, KLAS_ASPECTS);
	__type(key, __u32);
	__type(value, struct klas_trip);
} klas_trips SEC(".maps");

static __always_inline int klas_enabled(__u32 aspect)
{
	__u32 *off = bpf_map_lookup_elem(&klas_off, &aspect);

	return off && !*off;
}

/* The time an advice starts at, or 0 when the guard is off. */
static __always_inline __u64 klas_guard_begin(void)
{
	return klas_guard_ns ? bpf_ktime_get_ns() : 0;
}

/* Accounts the advice that began at t0 on this CPU; switches the aspect off when it is over its share. */
static __always_inline void klas_guard_end(__u64 t0, __u32 aspect)
{
	__u32 zero = 0, key = aspect;	/* aspect itself never has its address taken: it stays a constant */
	struct klas_guard *g;
	struct klas_trip *trip;
	__u32 *off;
	__u64 now;

	if (!t0 || aspect >= KLAS_ASPECTS)
		return;
	g = bpf_map_lookup_elem(&klas_guard, &zero);
	if (!g)
		return;
	now = bpf_ktime_get_ns();
	if (t0 - g->start >= klas_window_ns) {
		for (int k = 0; k < KLAS_ASPECTS; k++)
			g->busy[k] = 0;
		g->start = t0;
	}
	g->busy[aspect] += now - t0;
	if (g->busy[aspect] <= klas_guard_ns)
		return;
	off = bpf_map_lookup_elem(&klas_off, &key);
	trip = bpf_map_lookup_elem(&klas_trips, &key);
	if (off && trip && !*off) {
		trip->busy = g->busy[aspect];
		trip->elapsed = now - g->start;
		trip->cpu = bpf_get_smp_processor_id();
		*off = 1;
	}
	g->busy[aspect] = 0;
}
