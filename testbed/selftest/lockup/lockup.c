// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed self-test: init spins for 12 s with preemption off. With watchdog_thresh=2 the soft lockup
 * detector reports "watchdog: BUG: soft lockup" after 4 s, which run-vm must call a kernel error.
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/preempt.h>

static int __init klas_lockup_init(void)
{
	unsigned long end = jiffies + 12 * HZ;

	preempt_disable();
	while (time_before(jiffies, end))
		cpu_relax();
	preempt_enable();
	return 0;
}

module_init(klas_lockup_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module that locks up a CPU");
