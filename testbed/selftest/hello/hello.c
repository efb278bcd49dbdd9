// SPDX-License-Identifier: GPL-2.0
/* Test bed self-test: loads, prints one line, unloads. */
#include <linux/init.h>
#include <linux/module.h>

static int __init klas_hello_init(void)
{
	pr_info("klas-testbed-hello: hello from the test bed\n");
	return 0;
}

static void __exit klas_hello_exit(void)
{
	pr_info("klas-testbed-hello: goodbye\n");
}

module_init(klas_hello_init);
module_exit(klas_hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klas test bed self-test: hello");
