/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Overload protection of a klas kprobes advice module (docs/KERNEL.md, "Overload protection"), in the spirit of
 * SystemTap's STP_OVERLOAD: each CPU accounts the time every aspect's advice takes (local_clock around the advice
 * body) over a window; when one aspect's advice takes more than guard_ms of a guard_window_ms window on one CPU, the
 * aspect is switched off (its /sys/module/MODULE/parameters/ASPECT becomes 0) with one kernel log line. Hits are
 * still counted while it is off. Included by advice.c, which defines KLAS_NASPECTS.
 */

static unsigned int klas_guard_ms = 500;
module_param_named(guard_ms, klas_guard_ms, uint, 0644);
MODULE_PARM_DESC(guard_ms, "switch an aspect off when its advice takes more than this many ms of one window on"
		 " one CPU (default 500; 0: never)");

static unsigned int klas_guard_window_ms = 1000;
module_param_named(guard_window_ms, klas_guard_window_ms, uint, 0644);
MODULE_PARM_DESC(guard_window_ms, "the window of guard_ms, in ms (default 1000)");

struct klas_guard {
	u64 start;			/* local_clock() at the start of this CPU's window */
	u64 busy[KLAS_NASPECTS];	/* ns of advice per aspect in the window */
};
static struct klas_guard __percpu *klas_guard;

/* Defined in klas_runtime.h, where the aspects' names are known: prints the line that says the aspect is off. */
static void klas_guard_trip(unsigned int aspect, u64 busy, u64 elapsed);

/* The time an advice starts at, or 0 when the guard is off. */
static __always_inline u64 klas_guard_begin(void)
{
	return READ_ONCE(klas_guard_ms) ? local_clock() : 0;
}

/* Accounts the advice that began at t0 on this CPU; switches the aspect off when it is over its share. */
static __always_inline void klas_guard_end(u64 t0, unsigned int aspect, bool *on)
{
	u64 limit = (u64)READ_ONCE(klas_guard_ms) * NSEC_PER_MSEC;
	u64 window = (u64)max(1U, READ_ONCE(klas_guard_window_ms)) * NSEC_PER_MSEC;
	struct klas_guard *g;
	u64 now;

	if (!t0 || !limit)
		return;
	now = local_clock();
	g = this_cpu_ptr(klas_guard);
	if (t0 - g->start >= window) {
		memset(g->busy, 0, sizeof(g->busy));
		g->start = t0;
	}
	g->busy[aspect] += now - t0;
	if (g->busy[aspect] <= limit)
		return;
	if (cmpxchg(on, true, false))
		klas_guard_trip(aspect, g->busy[aspect], now - g->start);
	g->busy[aspect] = 0;
}
