// SPDX-License-Identifier: GPL-2.0
/*
 * kernel-mbuf: builds chains of mbufs, fills them through fo_write, reads them through fo_read and frees them,
 * driven through /proc/kernel-mbuf:
 *   echo "run N" > /proc/kernel-mbuf     N iterations
 *   echo "run N v" > /proc/kernel-mbuf   the same, printing every mbuf's address ("kernel-mbuf: mbuf 0x...")
 *   echo "tag N" > /proc/kernel-mbuf     N rounds of writes and reads of struct m_tag's bit-fields, each printed
 *                                        ("kernel-mbuf: tag mt_kind old 0 new 5", "kernel-mbuf: tag mt_prio value 7")
 *   echo "reset" > /proc/kernel-mbuf     zero the counters
 *   echo "peek FUNC OFF LEN" > ...       print LEN code bytes at FUNC+OFF ("kernel-mbuf: peek FUNC+0xOFF: 0f 1f ...")
 *   cat /proc/kernel-mbuf                how often each sample aspect must fire ("count NAME=N")
 */
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "mbuf.h"

#define PREFIX "kernel-mbuf: "

static struct mbuf *get(bool verbose)
{
	struct mbuf *m = m_get(&mem_fileops);

	if (m && verbose)
		pr_info(PREFIX "mbuf %px\n", m);
	return m;
}

static noinline long kmbuf_run(int iterations, bool verbose)
{
	static const char msg[] = "klas weaves aspects into running kernels";
	char buf[64];
	long total = 0;
	int i;

	kmbuf_tag(1);
	for (i = 0; i < iterations; i++) {
		struct mbuf *m = get(verbose);

		if (!m)
			return -ENOMEM;
		m->m_next = get(verbose);
		if (!m->m_next) {
			m_freem(m);
			return -ENOMEM;
		}
		if (m_trailingspace(m) >= (int)sizeof(msg))
			m->m_ops->fo_write(m, msg, (int)sizeof(msg)); /* expect: fpcall fileops.fo_write */
		m->m_next->m_ops->fo_write(m->m_next, msg, 10); /* expect: fpcall fileops.fo_write */
		total += m_length(m);
		total += m_read(m, buf, 16);
		m_freem(m);
	}
	kmbuf_tag(100);
	return total;
}

/* "tag N": round i sets kind i + 5, prio 7 - 9 * i and len 1000 + 333 * i (truncated to the fields' widths), sets seen,
 * reads prio back and clears seen; each value printed as the field holds it before and after. */
static noinline void kmbuf_tag_fields(int n)
{
	struct m_tag *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int i, old;

	if (!t)
		return;
	for (i = 0; i < n; i++) {
		old = t->mt_kind;
		m_tag_kind(t, i + 5);
		pr_info(PREFIX "tag mt_kind old %d new %d\n", old, t->mt_kind);
		old = t->mt_prio;
		m_tag_prio(t, 7 - 9 * i);
		pr_info(PREFIX "tag mt_prio old %d new %d\n", old, t->mt_prio);
		old = t->mt_len;
		m_tag_len(t, 1000 + 333 * i);
		pr_info(PREFIX "tag mt_len old %d new %d\n", old, t->mt_len);
		old = t->mt_seen;
		m_tag_mark(t);
		pr_info(PREFIX "tag mt_seen old %d new %d\n", old, t->mt_seen);
		pr_info(PREFIX "tag mt_prio value %d\n", m_tag_prio_of(t));
		old = t->mt_seen;
		m_tag_clear(t);
		pr_info(PREFIX "tag mt_seen old %d new %d\n", old, t->mt_seen);
	}
	kfree(t);
}

/* Code kprobes must not touch; the tests ask klas to hook it and expect a refusal. */
static noinline int kmbuf_noprobe(int x)
{
	return x * 3 + 1;
}
NOKPROBE_SYMBOL(kmbuf_noprobe);

static noinline int __kprobes kmbuf_kprobes_text(int x)
{
	return x ^ 0x5a;
}

/* The functions "peek" can show: the module's own code, by the names kallsyms gives it. */
static const struct { const char *name; const void *code; } peekable[] = {
	{ "m_get", m_get }, { "m_free", m_free }, { "m_freem", m_freem }, { "m_append", m_append },
	{ "m_length", m_length }, { "kmbuf_run", kmbuf_run },
};

static void peek(const char *name, unsigned long off, unsigned int len)
{
	const void *code = NULL;
	u8 bytes[16];
	unsigned int i;

	if (!strcmp(name, "mem_read"))
		code = mem_fileops.fo_read;
	else if (!strcmp(name, "mem_write"))
		code = mem_fileops.fo_write;
	for (i = 0; i < ARRAY_SIZE(peekable); i++)
		if (!strcmp(name, peekable[i].name))
			code = peekable[i].code;
	if (!code || len > sizeof(bytes) || copy_from_kernel_nofault(bytes, code + off, len)) {
		pr_info(PREFIX "peek %s+0x%lx: unknown\n", name, off);
		return;
	}
	pr_info(PREFIX "peek %s+0x%lx: %*ph\n", name, off, len, bytes);
}

static ssize_t kmbuf_write(struct file *file, const char __user *ubuf, size_t count, loff_t *pos)
{
	char cmd[96], name[48], flag[4] = "";
	unsigned long off;
	unsigned int len;
	int n;
	long total;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	if (sscanf(cmd, "run %d %3s", &n, flag) >= 1 && n >= 0) {
		total = kmbuf_run(n, flag[0] == 'v');
		pr_info(PREFIX "ran %d iterations, total %ld, check %d\n", n, total,
			kmbuf_noprobe(n) + kmbuf_kprobes_text(n));
		pr_info(PREFIX "vars tag_sum %lu mbuf_calls %lu fileops_calls %lu\n", kmbuf_tag_sum,
			kmbuf_mbuf_calls(), kmbuf_fileops_calls());
	} else if (sscanf(cmd, "tag %d", &n) == 1 && n >= 0) {
		kmbuf_tag_fields(n);
	} else if (!strncmp(cmd, "reset", 5)) {
		memset(&kmbuf_counts, 0, sizeof(kmbuf_counts));
	} else if (sscanf(cmd, "peek %47s %lx %u", name, &off, &len) == 3) {
		peek(name, off, len);
	} else {
		return -EINVAL;
	}
	return count;
}

static int kmbuf_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "count log_reset_len=%ld\n", atomic_long_read(&kmbuf_counts.log_reset_len));
	seq_printf(s, "count set_m_len=%ld\n", atomic_long_read(&kmbuf_counts.set_m_len));
	seq_printf(s, "count fp_call_read=%ld\n", atomic_long_read(&kmbuf_counts.fp_call_read));
	seq_printf(s, "count call_m_free=%ld\n", atomic_long_read(&kmbuf_counts.call_m_free));
	seq_printf(s, "count execution_m_get=%ld\n", atomic_long_read(&kmbuf_counts.execution_m_get));
	seq_printf(s, "count set_m_flags=%ld\n", atomic_long_read(&kmbuf_counts.set_m_flags));
	return 0;
}

static int kmbuf_open(struct inode *inode, struct file *file)
{
	return single_open(file, kmbuf_show, NULL);
}

static const struct proc_ops kmbuf_ops = {
	.proc_open = kmbuf_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = kmbuf_write,
};

static struct proc_dir_entry *entry;

static int __init kmbuf_init(void)
{
	entry = proc_create("kernel-mbuf", 0644, NULL, &kmbuf_ops);
	if (!entry)
		return -ENOMEM;
	pr_info(PREFIX "ready: echo 'run N' > /proc/kernel-mbuf\n");
	return 0;
}

static void __exit kmbuf_exit(void)
{
	proc_remove(entry);
}

module_init(kmbuf_init);
module_exit(kmbuf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas sample: BSD-style mbufs in a kernel module");
