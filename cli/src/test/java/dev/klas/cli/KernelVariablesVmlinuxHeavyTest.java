package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * $name in the running kernel: samples/aspects/write_size.xml woven against Debian's debug vmlinux (fs/read_write.c
 * extracted from the prepared Linux 6.1 tree), loaded in the test bed while busybox dd writes 4321 bytes at offset
 * 3 * 4321. The advice prints a parameter ($count, a register), a local on the stack ($pos, through the CFA of
 * .debug_frame) and a global ($panic_timeout, at its link-time address plus the KASLR slide); the oracles are dd's
 * arguments and the kernel's own /proc/sys/kernel/panic (run-vm boots with panic=-1).
 */
class KernelVariablesVmlinuxHeavyTest {
    private static final String ADVICE = "klas_write_size";

    @Test
    void ddsSizeAndOffsetAndPanicTimeoutAppearInTheAdvice(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path repo = Run.repo();
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("rw.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(),
                "--root", tree.toString(), "--db", db.toString(), tree.resolve("fs/read_write.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", repo.resolve("samples/aspects/write_size.xml").toString(), "--out",
                out.toString(), "--name", ADVICE, "--build", "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        String c = Files.readString(out.resolve("advice.c"));
        assertTrue(c.contains("klas_regs->"), "a parameter read from pt_regs:\n" + c);

        VmRun vm = KernelBed.boot("vmlinux-write-size-vm", List.of(out.resolve(ADVICE + ".ko")), """
                set -e
                echo 1 > /sys/module/%1$s/parameters/printk
                echo "panic $(cat /proc/sys/kernel/panic)"
                dd if=/dev/zero of=/tmp/f bs=4321 count=1 seek=3
                rmmod %1$s
                """.formatted(ADVICE), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Pattern line = Pattern.compile("klas write_size: count (\\d+) pos (-?\\d+) panic (-?\\d+) slide ([0-9a-f]+)$");
        List<Matcher> seen = vm.dmesg().stream().map(line::matcher).filter(Matcher::find).toList();
        assertEquals(1, seen.size(), "one write of 4321 bytes: " + ours(vm));
        Matcher m = seen.get(0);
        assertEquals("4321", m.group(1), "$count: dd's bs");
        assertEquals(String.valueOf(3 * 4321), m.group(2), "$pos: dd's seek=3 * bs");
        assertTrue(vm.script().contains("panic " + m.group(3)), "$panic_timeout: /proc/sys/kernel/panic in the VM "
                + m.group(3) + " vs " + vm.script());
        assertEquals("-1", m.group(3), "run-vm boots with panic=-1");
        assertNotEquals("0", m.group(4), "KASLR moved the kernel, so the global's address needed the slide");
        Pattern faults = Pattern.compile(ADVICE + ": hook \\d+ .* faults (\\d+)$");
        assertEquals(List.of("0"), vm.dmesg().stream().map(faults::matcher).filter(Matcher::find)
                .map(f -> f.group(1)).toList(), "no read faulted: " + ours(vm));
    }

    /**
     * An entry value away from the entry, in the running kernel: samples/aspects/write_checks.xml reads $iocb at
     * generic_write_checks' (inlined generic_write_checks_count's) call of generic_write_check_limits, where DWARF
     * gives it only as DW_OP_entry_value(DW_OP_reg5 RDI). The advice picks the entering call by the return address at
     * CFA-8 against the call sites plus the KASLR slide (else klas_lost: no line at all) and reads the call's value in
     * the caller's frame. Oracles: dd's seek=3 * bs (iocb->ki_pos) and bs (*$count, not an entry value).
     */
    @Test
    void ddsOffsetComesThroughAnEntryValue(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("rw.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(),
                "--root", tree.toString(), "--db", db.toString(), tree.resolve("fs/read_write.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Path out = work.resolve("advice");
        String name = "klas_write_checks";
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", Run.repo().resolve("samples/aspects/write_checks.xml").toString(), "--out",
                out.toString(), "--name", name, "--build", "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        String c = Files.readString(out.resolve("advice.c"));
        assertTrue(c.contains("klas_ra == ((uint64_t)klas_slide + 0x"), "the entering call, by its slid return"
                + " address:\n" + c);

        VmRun vm = KernelBed.boot("vmlinux-write-checks-vm", List.of(out.resolve(name + ".ko")), """
                set -e
                echo 1 > /sys/module/%1$s/parameters/printk
                dd if=/dev/zero of=/tmp/f bs=4321 count=1 seek=3
                rmmod %1$s
                """.formatted(name), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Pattern line = Pattern.compile("klas write_checks: ki_pos (-?\\d+) count (-?\\d+)$");
        List<Matcher> seen = vm.dmesg().stream().map(line::matcher).filter(Matcher::find).toList();
        assertEquals(1, seen.size(), "dd's one write: " + ours(vm));
        assertEquals(String.valueOf(3 * 4321), seen.get(0).group(1), "$iocb->ki_pos: dd's seek=3 * bs");
        assertEquals("4321", seen.get(0).group(2), "*$count: dd's bs");
        Pattern faults = Pattern.compile(name + ": hook \\d+ .* faults (\\d+)$");
        assertTrue(vm.dmesg().stream().map(faults::matcher).filter(Matcher::find).allMatch(f -> f.group(1)
                .equals("0")), "no read faulted: " + ours(vm));
    }

    /** The advice module's and the advice's dmesg lines. */
    private static List<String> ours(VmRun vm) {
        return vm.dmesg().stream().filter(l -> l.contains("klas")).toList();
    }
}
