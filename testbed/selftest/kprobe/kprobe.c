// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed self-test: a kprobe on icmp_rcv counts hits while the script pings 127.0.0.1, proving that
 * kprobes work in the emulated kernel. The count is printed at unload.
 */
#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/kprobes.h>
#include <linux/module.h>

static atomic_t hits = ATOMIC_INIT(0);

static int count_hit(struct kprobe *p, struct pt_regs *regs)
{
	atomic_inc(&hits);
	return 0;
}

static struct kprobe probe = {
	.symbol_name = "icmp_rcv",
	.pre_handler = count_hit,
};

static int __init klas_kprobe_init(void)
{
	int err = register_kprobe(&probe);

	if (err)
		pr_err("klas-testbed-kprobe: register_kprobe(icmp_rcv) failed: %d\n", err);
	else
		pr_info("klas-testbed-kprobe: probe at %pS\n", probe.addr);
	return err;
}

static void __exit klas_kprobe_exit(void)
{
	unregister_kprobe(&probe);
	pr_info("klas-testbed-kprobe: icmp_rcv hits %d\n", atomic_read(&hits));
}

module_init(klas_kprobe_init);
module_exit(klas_kprobe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: kprobe hit counting");
