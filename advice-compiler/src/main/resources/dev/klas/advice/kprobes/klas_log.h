/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klas_printf's output (docs/KERNEL.md, "Advice output"): one ring buffer per CPU of fixed-size records (time,
 * text, the drops before it), lossy when full (the new line is dropped and counted), read and consumed through
 * /sys/kernel/debug/klas/MODULE/log, lines of all CPUs merged by time, each CPU's in the order written. The kernel
 * log gets the lines only when the module parameter printk is 1.
 */

static bool klas_log_printk;
module_param_named(printk, klas_log_printk, bool, 0644);
MODULE_PARM_DESC(printk, "also print klas_printf's lines to the kernel log (dmesg) (default: 0, only the log file)");

static unsigned int klas_log_kb = 256;
module_param_named(log_kb, klas_log_kb, uint, 0444);
MODULE_PARM_DESC(log_kb, "size of klas_printf's ring buffer per CPU, in KB (default 256)");

#define KLAS_LOG_TEXT 240

struct klas_log_rec {
	u64 ns;			/* local_clock() when written */
	u32 dropped;		/* lines dropped on this CPU just before this one */
	u32 len;
	char text[KLAS_LOG_TEXT];
};

struct klas_ring {
	raw_spinlock_t lock;
	unsigned long head;	/* records written (the next slot is head % size) */
	unsigned long tail;	/* records read */
	unsigned long pending;	/* drops not yet attached to a record or reported */
	u64 pending_ns;		/* local_clock() at the last of them */
	unsigned long written;
	unsigned long dropped;
	unsigned long size;
	struct klas_log_rec recs[];
};

static struct klas_ring **klas_rings;	/* one per possible CPU */

static int klas_log_alloc(void)
{
	unsigned long n = max(4UL, (unsigned long)klas_log_kb * 1024 / sizeof(struct klas_log_rec));
	unsigned int cpu;

	klas_rings = kcalloc(nr_cpu_ids, sizeof(*klas_rings), GFP_KERNEL);
	if (!klas_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct klas_ring *r = vzalloc(struct_size(r, recs, n));

		if (!r)
			return -ENOMEM;
		raw_spin_lock_init(&r->lock);
		r->size = n;
		klas_rings[cpu] = r;
	}
	return 0;
}

static void klas_log_free(void)
{
	unsigned int cpu;

	if (!klas_rings)
		return;
	for_each_possible_cpu(cpu)
		vfree(klas_rings[cpu]);
	kfree(klas_rings);
	klas_rings = NULL;
}

static __printf(2, 3) void klas_log_printf(const char *aspect, const char *fmt, ...)
{
	struct klas_log_rec *rec;
	struct klas_ring *r;
	unsigned long flags;
	char text[KLAS_LOG_TEXT];
	va_list ap;
	int n, k;

	va_start(ap, fmt);
	if (READ_ONCE(klas_log_printk)) {
		struct va_format vaf = { .fmt = fmt, .va = &ap };
		va_list again;

		va_copy(again, ap);
		vaf.va = &again;
		pr_info("klas %s: %pV", aspect, &vaf);
		va_end(again);
	}
	n = scnprintf(text, sizeof(text), "%s: ", aspect);
	n += vscnprintf(text + n, sizeof(text) - n, fmt, ap);
	va_end(ap);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	for (k = 0; k < n; k++)
		if (text[k] == '\n')
			text[k] = ' ';
	local_irq_save(flags);
	r = klas_rings[smp_processor_id()];
	raw_spin_lock(&r->lock);
	if (r->head - r->tail >= r->size) {
		r->pending++;
		r->pending_ns = local_clock();
		r->dropped++;
	} else {
		rec = &r->recs[r->head % r->size];
		rec->ns = local_clock();
		rec->dropped = min_t(unsigned long, r->pending, U32_MAX);
		r->pending -= rec->dropped;
		rec->len = n;
		memcpy(rec->text, text, n);
		r->head++;
		r->written++;
	}
	raw_spin_unlock(&r->lock);
	local_irq_restore(flags);
}

/* The time of the first thing cpu has to report (a line, or drops with no line after them), or U64_MAX. */
static u64 klas_log_next(unsigned int cpu)
{
	struct klas_ring *r = klas_rings[cpu];
	unsigned long flags;
	u64 at = U64_MAX;

	raw_spin_lock_irqsave(&r->lock, flags);
	if (r->head != r->tail)
		at = r->recs[r->tail % r->size].ns;
	else if (r->pending)
		at = r->pending_ns;
	raw_spin_unlock_irqrestore(&r->lock, flags);
	return at;
}

/*
 * Formats cpu's next report into line (size bytes, at least 64): "drop TIME CPU N" for lines dropped before it, then
 * "msg TIME CPU TEXT"; *record tells whether it is a record, which klas_log_take consumes once the line is copied
 * out (only the reader moves tail, under klas_log_read_lock, so the record stays). Drops with no record after them
 * are reported and consumed at once.
 */
static int klas_log_format(unsigned int cpu, char *line, size_t size, bool *record)
{
	struct klas_ring *r = klas_rings[cpu];
	struct klas_log_rec *rec = NULL;
	unsigned long flags, pending = 0;
	u64 now = 0;
	int n = 0;

	raw_spin_lock_irqsave(&r->lock, flags);
	if (r->head != r->tail) {
		rec = &r->recs[r->tail % r->size];
	} else {
		pending = r->pending;
		now = r->pending_ns;
		r->pending = 0;
	}
	raw_spin_unlock_irqrestore(&r->lock, flags);
	*record = rec != NULL;
	if (!rec)
		return pending ? scnprintf(line, size, "drop\t%llu.%06llu\t%u\t%lu\n", now / NSEC_PER_SEC,
					   (now % NSEC_PER_SEC) / NSEC_PER_USEC, cpu, pending) : 0;
	if (rec->dropped)
		n = scnprintf(line, size, "drop\t%llu.%06llu\t%u\t%u\n", rec->ns / NSEC_PER_SEC,
			      (rec->ns % NSEC_PER_SEC) / NSEC_PER_USEC, cpu, rec->dropped);
	return n + scnprintf(line + n, size - n, "msg\t%llu.%06llu\t%u\t%.*s\n", rec->ns / NSEC_PER_SEC,
			     (rec->ns % NSEC_PER_SEC) / NSEC_PER_USEC, cpu, (int)rec->len, rec->text);
}

/* Consumes the record klas_log_format formatted. */
static void klas_log_take(unsigned int cpu)
{
	struct klas_ring *r = klas_rings[cpu];
	unsigned long flags;

	raw_spin_lock_irqsave(&r->lock, flags);
	r->tail++;
	raw_spin_unlock_irqrestore(&r->lock, flags);
}

#define KLAS_LOG_LINE 384
static DEFINE_MUTEX(klas_log_read_lock);

/* A reader reads what was written before it opened the file, so that cat ends under any load. */
static int klas_log_open(struct inode *inode, struct file *file)
{
	file->private_data = (void *)(uintptr_t)local_clock();
	return nonseekable_open(inode, file);
}

static ssize_t klas_log_read(struct file *file, char __user *ubuf, size_t len, loff_t *pos)
{
	u64 until = (u64)(uintptr_t)file->private_data;
	ssize_t done = 0;
	char *line;

	if (len < KLAS_LOG_LINE)
		return -EINVAL;
	line = kmalloc(KLAS_LOG_LINE, GFP_KERNEL);
	if (!line)
		return -ENOMEM;
	if (mutex_lock_interruptible(&klas_log_read_lock)) {
		kfree(line);
		return -ERESTARTSYS;
	}
	while (len - done >= KLAS_LOG_LINE) {
		u64 best = U64_MAX, at;
		unsigned int cpu, pick = 0;
		bool record;
		int n;

		for_each_possible_cpu(cpu) {
			at = klas_log_next(cpu);
			if (at < best) {
				best = at;
				pick = cpu;
			}
		}
		if (best == U64_MAX || best > until)
			break;
		n = klas_log_format(pick, line, KLAS_LOG_LINE, &record);
		if (!n)
			break;
		if (copy_to_user(ubuf + done, line, n)) {
			done = done ? done : -EFAULT;
			break;
		}
		if (record)
			klas_log_take(pick);
		done += n;
	}
	mutex_unlock(&klas_log_read_lock);
	kfree(line);
	return done;
}

static const struct file_operations klas_log_fops = {
	.owner = THIS_MODULE,
	.open = klas_log_open,
	.read = klas_log_read,
	.llseek = no_llseek,
};
