// SPDX-License-Identifier: GPL-2.0
/* Test bed self-test: init fails with -EINVAL, so insmod must fail and run-vm must say "refused to load". */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init klas_refuse_init(void)
{
	pr_info("klas-testbed-refuse: refusing to load\n");
	return -EINVAL;
}

module_init(klas_refuse_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: a module that refuses to load");
