// SPDX-License-Identifier: GPL-2.0
/* Test bed self-test: init writes through a NULL pointer; run-vm must report the oops as a kernel error. */
#include <linux/init.h>
#include <linux/module.h>

static int __init klas_oops_init(void)
{
	*(volatile int *)NULL = 1;
	return 0;
}

module_init(klas_oops_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module that oopses");
