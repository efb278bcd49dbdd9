// SPDX-License-Identifier: GPL-2.0
/*
 * Test bed self-test: init sleeps uninterruptibly for 12 s. With kernel.hung_task_timeout_secs=2 the hung task
 * detector reports "INFO: task insmod:N blocked for more than 2 seconds", which run-vm must call a kernel error.
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init klas_hung_init(void)
{
	msleep(12000);
	return 0;
}

module_init(klas_hung_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module whose init blocks");
