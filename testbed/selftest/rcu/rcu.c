// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed self-test: init spins for 12 s inside an RCU read-side critical section after asking for a grace
 * period. Booted with preempt=full the spin is preempted, the grace period starts and waits for this reader:
 * with rcupdate.rcu_cpu_stall_timeout=3 the kernel reports an RCU stall, which run-vm must call a kernel error.
 */
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rcupdate.h>

static int __init klas_rcu_init(void)
{
	unsigned long end = jiffies + 12 * HZ;

	rcu_read_lock();
	start_poll_synchronize_rcu();
	while (time_before(jiffies, end))
		cpu_relax();
	rcu_read_unlock();
	return 0;
}

module_init(klas_rcu_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module that stalls RCU");
