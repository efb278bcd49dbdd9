#!/bin/sh
# bench/kprobes/gen-target.sh DIR [FUNCTIONS] [STORE] - writes the benchmark's target module into DIR: kbench.c with
# FUNCTIONS (default 1000) functions f_I, each one member store to o->len on the line 4*I + 12 of kbench.c
# (the line the hooks are planned on), and /proc/kbench: "run N CALLS" calls f_0..f_{N-1} round robin CALLS times
# through a function table and prints "kbench: N=.. calls=.. ns=.." (ktime_get_ns around the loop).
# STORE: set (default) `o->len = v + I;`, a plain store; add `o->len += v + I;`, a read-modify-write
# (`add %esi,0x8(%rdi)` in f_0); add-pad `o->len += v + I; o->pad += v;`, the same with a second store after it
# (room for the 5-byte jump of an optimized kprobe before the function's return).
set -eu
dir=$1
m=${2:-1000}
case ${3:-set} in
  set) store='o->len = v + %d;' ;;
  add) store='o->len += v + %d;' ;;
  add-pad) store='o->len += v + %d; o->pad += v;' ;;
  *) echo "gen-target.sh: STORE is set, add or add-pad, not $3" >&2; exit 2 ;;
esac
mkdir -p "$dir"
echo "obj-m := kbench.o" > "$dir/Kbuild"
awk -v m="$m" -v store="$store" 'BEGIN {
    print "// SPDX-License-Identifier: GPL-2.0"
    print "#include <linux/kernel.h>"
    print "#include <linux/ktime.h>"
    print "#include <linux/module.h>"
    print "#include <linux/proc_fs.h>"
    print "#include <linux/uaccess.h>"
    print "struct obj { long pad; int len; };"
    print "typedef void (*fn_t)(struct obj *o, int v);"
    print "/* f_I: its store is on line 4*I + 12 */"
    for (i = 0; i < m; i++) {
        printf "noinline void f_%d(struct obj *o, int v)\n{\n\t" store "\n}\n", i, i
    }
    printf "static const fn_t kbench_fns[] = {"
    for (i = 0; i < m; i++) printf "%s f_%d", (i ? "," : ""), i
    print " };"
    print "static struct obj the_obj;"
    print "static ssize_t kbench_write(struct file *f, const char __user *ubuf, size_t count, loff_t *pos)"
    print "{"
    print "\tchar cmd[64];"
    print "\tint n, calls, c;"
    print "\tu64 t0, t1;"
    print "\tif (count >= sizeof(cmd) || copy_from_user(cmd, ubuf, count))"
    print "\t\treturn -EINVAL;"
    print "\tcmd[count] = 0;"
    printf "\tif (sscanf(cmd, \"run %%d %%d\", &n, &calls) != 2 || n < 1 || n > %d || calls < 1)\n", m
    print "\t\treturn -EINVAL;"
    print "\tt0 = ktime_get_ns();"
    print "\tfor (c = 0; c < calls; c++)"
    print "\t\tkbench_fns[c % n](&the_obj, c);"
    print "\tt1 = ktime_get_ns();"
    print "\tpr_info(\"kbench: N=%d calls=%d ns=%llu\\n\", n, calls, t1 - t0);"
    print "\treturn count;"
    print "}"
    print "static const struct proc_ops kbench_ops = { .proc_write = kbench_write };"
    print "static struct proc_dir_entry *entry;"
    print "static int __init kbench_init(void)"
    print "{"
    print "\tentry = proc_create(\"kbench\", 0200, NULL, &kbench_ops);"
    print "\treturn entry ? 0 : -ENOMEM;"
    print "}"
    print "static void __exit kbench_exit(void)"
    print "{"
    print "\tproc_remove(entry);"
    print "}"
    print "module_init(kbench_init);"
    print "module_exit(kbench_exit);"
    print "MODULE_LICENSE(\"GPL\");"
}' > "$dir/kbench.c"
