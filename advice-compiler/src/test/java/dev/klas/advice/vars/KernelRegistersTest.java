package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Oracles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DWARF register numbers to {@code struct pt_regs} fields, against two oracles: readelf's names for the x86-64
 * DWARF registers (a CFA rule on each register, assembled with {@code .cfi_def_cfa N}) and the fields of the
 * kernel's x86-64 {@code struct pt_regs} in the prepared tree's arch/x86/include/asm/ptrace.h.
 */
class KernelRegistersTest {
    private static final Path PTRACE = Path.of(System.getProperty("user.home"),
            ".cache/klas/linux-6.1/arch/x86/include/asm/ptrace.h");

    @TempDir
    Path dir;

    @Test
    void everyGeneralRegisterIsThePtRegsFieldReadelfNames() throws Exception {
        StringBuilder asm = new StringBuilder("\t.text\n\t.globl f\nf:\n\t.cfi_startproc\n");
        for (int n = 0; n <= 16; n++) {
            asm.append("\t.cfi_def_cfa ").append(n).append(", 8\n\tnop\n");
        }
        asm.append("\t.cfi_endproc\n");
        Path s = Files.writeString(dir.resolve("cfi.s"), asm);
        Oracles.run("gcc", "-c", s.toString(), "-o", dir.resolve("cfi.o").toString());
        String frames = Oracles.run("readelf", "--debug-dump=frames-interp", dir.resolve("cfi.o").toString());
        Matcher m = Pattern.compile("(?m)^[0-9a-f]{16} (\\w+)\\+8 ").matcher(frames.substring(frames.indexOf("FDE")));
        KernelRegisters regs = new KernelRegisters(List.of());
        String fields = ptRegs64();
        int n = 0;
        while (m.find()) {
            String name = m.group(1);
            if (n == 16) {
                assertEquals("rip", name, frames);
                assertEquals(Optional.of("((uint64_t)klas_jp->address)"), regs.gpr(16), "rip: the hook's address");
            } else {
                String field = name.matches("r\\d+") ? name : name.substring(1);
                assertEquals(Optional.of("((uint64_t)klas_regs->" + field + ")"), regs.gpr(n), "DWARF " + n + " "
                        + name);
                assertTrue(fields.contains("unsigned long " + field + ";"), field + " in struct pt_regs");
            }
            n++;
        }
        assertEquals(17, n, frames);
        assertEquals(Optional.empty(), regs.gpr(17), "xmm0 is no pt_regs field");
    }

    /** The x86-64 struct pt_regs (the second definition in ptrace.h; the first is i386's). */
    private static String ptRegs64() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(PTRACE), "no prepared tree (scripts/prepare-kernel-tree)");
        String text = Files.readString(PTRACE);
        int second = text.indexOf("struct pt_regs {", text.indexOf("struct pt_regs {") + 1);
        return text.substring(second, text.indexOf("};", second));
    }

    @Test
    void perCpuVariablesOfVmlinuxAreRefusedWithTheReason() {
        KernelRegisters vmlinux = new KernelRegisters(List.of(new KernelRegisters.Excluded(0, 0x30000,
                "per-CPU")));
        assertEquals(Optional.of("per-CPU"), vmlinux.addressRefused(0x1f000));
        assertEquals(Optional.empty(), vmlinux.addressRefused(0xffffffff82000000L));
        assertEquals("((uint64_t)klas_slide + 0xffffffff82000000ull)", vmlinux.address(0xffffffff82000000L));
        assertEquals("((uint64_t)KLAS_LOAD(uint32_t, x))", vmlinux.load(32, "x"));
    }
}
