/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixed part of every klas kprobes advice module (copied beside advice.c, which defines klas_hooks,
 * klas_counts, klas_jps, klas_rets and klas_aspects before including it): checks at load, registration, hit counts
 * and the log in debugfs while loaded and at unload, the line of the overload guard.
 */

static void klas_guard_trip(unsigned int aspect, u64 busy, u64 elapsed)
{
	pr_warn("%s: aspect %s switched off: its advice took %llu ms of %llu ms on CPU %d (%llu%%, limit %u ms per"
		" %u ms); hits are still counted; switch it on again: echo 1 > /sys/module/%s/parameters/%s\n",
		KLAS_MODULE, klas_aspects[aspect].name, busy / NSEC_PER_MSEC, elapsed / NSEC_PER_MSEC,
		smp_processor_id(), elapsed ? div64_u64(busy * 100, elapsed) : 100, READ_ONCE(klas_guard_ms),
		READ_ONCE(klas_guard_window_ms), KLAS_MODULE, klas_aspects[aspect].param);
}

/*
 * partial=1: load the hooks the kernel accepts and list the others with its reason, instead of refusing the whole
 * module when one hook fails (the default: all or nothing).
 */
static bool klas_partial;
module_param_named(partial, klas_partial, bool, 0444);
MODULE_PARM_DESC(partial, "load the hooks the kernel accepts, list the refused ones (default: all or nothing)");

/* Hooks left out under partial=1; their after-advice is left out too. */
static bool klas_skipped[ARRAY_SIZE(klas_hooks)];

static void klas_unregister_all(void)
{
	struct kprobe **kps;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(klas_rets); i++) {
		if (klas_rets[i].registered)
			unregister_kretprobe(&klas_rets[i].rp);
		klas_rets[i].registered = false;
	}

	kps = kcalloc(ARRAY_SIZE(klas_hooks), sizeof(*kps), GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(klas_hooks); i++) {
		if (!klas_hooks[i].registered)
			continue;
		if (kps)
			kps[n++] = &klas_hooks[i].kp;
		else
			unregister_kprobe(&klas_hooks[i].kp);
		klas_hooks[i].registered = false;
	}
	if (kps) {
		if (n)
			unregister_kprobes(kps, n);
		kfree(kps);
	}
}

/* Registers hook i disabled and compares its bytes with the plan's; 0 when they match. */
static int klas_check(unsigned int i)
{
	struct klas_hook *h = &klas_hooks[i];
	u8 now[32];
	unsigned int k;
	int err;

	err = register_kprobe(&h->kp);
	if (err) {
		if (err == -ENOENT && KLAS_TARGET_IS_MODULE)
			pr_err("%s: hook %s: symbol not found: is module %s loaded? (register_kprobe: %d)\n",
			       KLAS_MODULE, h->where, KLAS_TARGET, err);
		else
			pr_err("%s: hook %s: register_kprobe failed: %d\n", KLAS_MODULE, h->where, err);
		return err;
	}
	h->registered = true;
	if (h->len > sizeof(now) || copy_from_kernel_nofault(now, h->kp.addr, h->len)) {
		pr_err("%s: hook %s: cannot read the code at %px\n", KLAS_MODULE, h->where, h->kp.addr);
		return -EFAULT;
	}
	for (k = 0; k < h->len; k++) {
		if (h->known[k] && now[k] != h->bytes[k]) {
			pr_err("%s: hook %s: the code at %px is %*ph, the plan expects %*ph (byte %u differs):"
			       " not the code the plan was made for\n", KLAS_MODULE, h->where, h->kp.addr,
			       h->len, now, h->len, h->bytes, k);
			return -EILSEQ;
		}
	}
	for (k = 0; k < klas_jps[i].count; k++)
		klas_jps[i].jps[k].address = (unsigned long)h->kp.addr;
	return 0;
}

/*
 * kallsyms_lookup_name, which kprobes resolves a hook's "module:symbol" with, is not exported (since Linux 5.7): its
 * address is what a kprobe registered on its name resolves to (before an endbr64 that kprobes skips).
 */
typedef unsigned long (*klas_lookup_t)(const char *name);

static klas_lookup_t __init klas_lookup_fn(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;
	u32 before;

	if (register_kprobe(&kp))
		return NULL;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	if (!copy_from_kernel_nofault(&before, (void *)(addr - 4), 4) && before == 0xfa1e0ff3)	/* endbr64 */
		addr -= 4;
	return (klas_lookup_t)addr;
}

/* Finds the run-time start of every target section $name reads (klas_sections); 0 when all are found. */
static int __init klas_find_sections(void)
{
	klas_lookup_t lookup;
	unsigned int i;
	unsigned long addr;

	if (!KLAS_NSECTIONS)
		return 0;
	lookup = klas_lookup_fn();
	if (!lookup) {
		pr_err("%s: cannot find kallsyms_lookup_name to locate the sections of module %s\n", KLAS_MODULE,
		       KLAS_TARGET);
		return -ENOENT;
	}
	for (i = 0; i < KLAS_NSECTIONS; i++) {
		addr = lookup(klas_sections[i].symbol);
		if (!addr) {
			pr_err("%s: section %s: symbol %s not found: is module %s loaded?\n", KLAS_MODULE,
			       klas_sections[i].section, klas_sections[i].symbol, KLAS_TARGET);
			return -ENOENT;
		}
		klas_section_base[i] = addr - klas_sections[i].offset;
	}
	return 0;
}

/*
 * Hit counts: /sys/kernel/debug/klas/MODULE/hits (docs/KERNEL.md, "Hit counts"). Reading sums the per-CPU copies
 * (each value is a whole unsigned long, never torn) and subtracts the baseline; writing "reset" makes the sums
 * now the baseline. The counters themselves only grow.
 */
#define KLAS_NCOUNTS (sizeof(struct klas_counts) / sizeof(unsigned long))
static struct klas_counts klas_base;
static bool klas_was_reset;
static DEFINE_MUTEX(klas_base_lock);
static struct dentry *klas_debug_dir;

static void klas_sum(struct klas_counts *out)
{
	unsigned long *sum = (unsigned long *)out;
	unsigned int cpu, k;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const unsigned long *c = (const unsigned long *)per_cpu_ptr(klas_counts, cpu);

		for (k = 0; k < KLAS_NCOUNTS; k++)
			sum[k] += READ_ONCE(c[k]);
	}
}

static int klas_hits_show(struct seq_file *m, void *v)
{
	struct klas_counts *now = kmalloc(sizeof(*now), GFP_KERNEL);
	unsigned long *n, *b = (unsigned long *)&klas_base;
	unsigned int i, k;

	if (!now)
		return -ENOMEM;
	mutex_lock(&klas_base_lock);
	klas_sum(now);
	n = (unsigned long *)now;
	for (k = 0; k < KLAS_NCOUNTS; k++)
		n[k] = n[k] >= b[k] ? n[k] - b[k] : 0;
	seq_printf(m, "klas-hits\t1\t%s\t%s\n", KLAS_MODULE, klas_was_reset ? "reset" : "since-load");
	mutex_unlock(&klas_base_lock);
	for (i = 0; i < ARRAY_SIZE(klas_aspects); i++)
		seq_printf(m, "aspect\t%u\t%s\t%lu\t%lu\t%d\n", i, klas_aspects[i].name, now->runs[i],
			   now->returns[i], READ_ONCE(*klas_aspects[i].on) ? 1 : 0);
	for (i = 0; i < ARRAY_SIZE(klas_hooks); i++) {
		const struct klas_jp *jp = klas_jps[i].jps;

		seq_printf(m, "hook\t%u\t%lu\t%s\t%lu\t%s\t%s:%d:%d\n", i, now->hits[i], jp->symbol, jp->offset,
			   klas_skipped[i] ? "left-out" : "registered", jp->file, jp->line, jp->column);
		for (k = 0; k < klas_jps[i].count; k++)
			seq_printf(m, "advice\t%u\t%s\n", i, klas_jps[i].jps[k].aspect);
	}
	kfree(now);
	return 0;
}

static int klas_hits_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, klas_hits_show, NULL, 4096 + ARRAY_SIZE(klas_hooks) * 256);
}

static ssize_t klas_hits_write(struct file *file, const char __user *ubuf, size_t len, loff_t *pos)
{
	char word[8] = "";

	if (len >= sizeof(word) || copy_from_user(word, ubuf, len))
		return -EINVAL;
	if (strcmp(strim(word), "reset"))
		return -EINVAL;
	mutex_lock(&klas_base_lock);
	klas_sum(&klas_base);
	klas_was_reset = true;
	mutex_unlock(&klas_base_lock);
	return len;
}

static const struct file_operations klas_hits_fops = {
	.owner = THIS_MODULE,
	.open = klas_hits_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = klas_hits_write,
};

/* /sys/kernel/debug/klas/MODULE/hits and log; the shared klas folder stays (another module may be using it). */
static void klas_debugfs_add(void)
{
	struct dentry *top = debugfs_lookup("klas", NULL);

	if (!top)
		top = debugfs_create_dir("klas", NULL);
	else
		dput(top);
	if (IS_ERR_OR_NULL(top))
		return;
	klas_debug_dir = debugfs_create_dir(KLAS_MODULE, top);
	if (IS_ERR_OR_NULL(klas_debug_dir))
		return;
	debugfs_create_file("hits", 0600, klas_debug_dir, NULL, &klas_hits_fops);
	debugfs_create_file("log", 0400, klas_debug_dir, NULL, &klas_log_fops);
}

static void klas_free(void)
{
	free_percpu(klas_counts);
	free_percpu(klas_guard);
	klas_log_free();
}

static int __init klas_init(void)
{
	unsigned int i, bad = 0;
	int err, first = 0;

	if (strcmp(init_utsname()->release, KLAS_RELEASE)) {
		pr_err("%s: made for kernel %s, this is %s: not loading\n", KLAS_MODULE, KLAS_RELEASE,
		       init_utsname()->release);
		return -EINVAL;
	}
	klas_counts = alloc_percpu(struct klas_counts);
	if (!klas_counts) {
		pr_err("%s: no memory for %zu bytes of per-CPU hit counters: not loading\n", KLAS_MODULE,
		       sizeof(struct klas_counts));
		return -ENOMEM;
	}
	klas_guard = alloc_percpu(struct klas_guard);
	if (!klas_guard || klas_log_alloc()) {
		pr_err("%s: no memory for the guard and %u KB per CPU of log (log_kb): not loading\n", KLAS_MODULE,
		       klas_log_kb);
		klas_free();
		return -ENOMEM;
	}
	err = klas_find_sections();
	if (err) {
		klas_free();
		return err;
	}
	for (i = 0; i < ARRAY_SIZE(klas_hooks); i++) {
		err = klas_check(i);
		if (err && klas_partial) {
			if (klas_hooks[i].registered)
				unregister_kprobe(&klas_hooks[i].kp);
			klas_hooks[i].registered = false;
			klas_skipped[i] = true;
			pr_warn("%s: hook %s left out (partial=1): error %d\n", KLAS_MODULE, klas_hooks[i].where, err);
		} else if (err) {
			bad++;
			if (!first)
				first = err;
		}
	}
	for (i = 0; !bad && i < ARRAY_SIZE(klas_rets); i++) {
		if (klas_skipped[klas_rets[i].hook])
			continue;
		err = register_kretprobe(&klas_rets[i].rp);
		if (err) {
			pr_err("%s: hook %s: register_kretprobe failed: %d\n", KLAS_MODULE,
			       klas_hooks[klas_rets[i].hook].where, err);
			bad++;
			first = err;
		} else {
			klas_rets[i].registered = true;
		}
	}
	for (i = 0; !bad && i < ARRAY_SIZE(klas_rets); i++) {
		if (!klas_rets[i].registered)
			continue;
		err = enable_kretprobe(&klas_rets[i].rp);
		if (err) {
			pr_err("%s: hook %s: enable_kretprobe failed: %d\n", KLAS_MODULE,
			       klas_hooks[klas_rets[i].hook].where, err);
			bad++;
			first = err;
		}
	}
	for (i = 0; !bad && i < ARRAY_SIZE(klas_hooks); i++) {
		if (klas_skipped[i])
			continue;
		err = enable_kprobe(&klas_hooks[i].kp);
		if (err) {
			pr_err("%s: hook %s: enable_kprobe failed: %d\n", KLAS_MODULE, klas_hooks[i].where, err);
			bad++;
			first = err;
		}
	}
	if (bad) {
		klas_unregister_all();
		pr_err("%s: %u of %zu hooks failed: no hook registered, not loading\n", KLAS_MODULE, bad,
		       ARRAY_SIZE(klas_hooks));
		klas_free();
		return first;
	}
	for (i = 0, bad = 0; i < ARRAY_SIZE(klas_hooks); i++)
		bad += klas_skipped[i];
	if (bad)
		pr_info("%s: %zu hooks registered in %s, %u left out (partial=1)\n", KLAS_MODULE,
			ARRAY_SIZE(klas_hooks) - bad, KLAS_TARGET, bad);
	else
		pr_info("%s: %zu hooks registered in %s\n", KLAS_MODULE, ARRAY_SIZE(klas_hooks), KLAS_TARGET);
	klas_debugfs_add();
	return 0;
}

static void __exit klas_exit(void)
{
	static struct klas_counts all;
	unsigned long written = 0, dropped = 0;
	unsigned int i, cpu;

	debugfs_remove(klas_debug_dir);
	klas_unregister_all();
	klas_sum(&all);
	for (i = 0; i < ARRAY_SIZE(klas_hooks); i++)
		pr_info("%s: hook %u %s hits %lu\n", KLAS_MODULE, i, klas_hooks[i].where, all.hits[i]);
	for (i = 0; KLAS_HAS_VARS && i < ARRAY_SIZE(klas_hooks); i++)
		pr_info("%s: hook %u %s faults %ld\n", KLAS_MODULE, i, klas_hooks[i].where,
			atomic_long_read(&klas_faults[i]));
	for (i = 0; i < ARRAY_SIZE(klas_aspects); i++)
		pr_info("%s: aspect %s runs %lu returns %lu\n", KLAS_MODULE, klas_aspects[i].name, all.runs[i],
			all.returns[i]);
	for_each_possible_cpu(cpu) {
		written += klas_rings[cpu]->written;
		dropped += klas_rings[cpu]->dropped;
	}
	pr_info("%s: log lines %lu dropped %lu\n", KLAS_MODULE, written, dropped);
	klas_free();
	pr_info("%s: unloaded\n", KLAS_MODULE);
}

module_init(klas_init);
module_exit(klas_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas advice module (linux-kprobes)");
