// SPDX-License-Identifier: GPL-2.0
/* Test bed self-test: loads but triggers a WARN, which run-vm must report as a kernel error. */
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init klas_warn_init(void)
{
	WARN(1, "klas-testbed-warn: deliberate warning\n");
	return 0;
}

static void __exit klas_warn_exit(void)
{
}

module_init(klas_warn_init);
module_exit(klas_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module that WARNs");
