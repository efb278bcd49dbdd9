package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Oracles;
import dev.klas.advice.Repo;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Entry values away from a kernel function's entry, against Debian's debug vmlinux. At vfs_write's epilogue
 * (fs/read_write.c:594, the first address of the closing brace) DWARF gives {@code pos} only as
 * {@code DW_OP_entry_value(DW_OP_reg2 RCX)} (readelf --debug-dump=loc is the oracle for the address and the
 * expression). The generated read must tell the calls apart by the return address at CFA-8 compared with each
 * call's return address plus the KASLR slide; objdump's {@code call <vfs_write>} instructions are the oracle for
 * which return addresses exist: every compared one is the address after such a call, and ksys_write's call (which
 * passes {@code &pos} on its stack: {@code mov %rsp,%rcx}, in DWARF {@code DW_OP_fbreg -56} of the caller) is among
 * them, its value the caller's stack pointer.
 */
class KernelEntryValuesHeavyTest {
    private static final long EPILOGUE = 0xffffffff8134d4ffL;

    @Test
    void vfsWritesPosAtItsEpilogueComesFromTheSlidCallSites() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: reads the 590 MB debug vmlinux (-Dklas.heavy=true)");
        String release = Oracles.run("sh", "-c", "ls /usr/lib/debug/boot | sed -n 's/^vmlinux-//p' | head -1").trim();
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        Assumptions.assumeTrue(release.equals("6.1.0-57-cloud-amd64") && Files.isRegularFile(vmlinux),
                "the addresses are those of Debian's 6.1.0-57-cloud-amd64 debug vmlinux");
        String line = Oracles.run("addr2line", "-e", vmlinux.toString(), "0x" + Long.toHexString(EPILOGUE)).trim();
        assertTrue(line.endsWith("fs/read_write.c:594"), line);
        String loc = Oracles.run("sh", "-c", "llvm-dwarfdump --name=vfs_write --show-children " + vmlinux
                + " | grep -A12 'DW_AT_name\t(\"pos\")'");
        assertTrue(loc.contains("[0x" + Long.toHexString(EPILOGUE) + ", 0xffffffff8134d529): DW_OP_entry_value("
                + "DW_OP_reg2 RCX), DW_OP_stack_value"), "the oracle's location of pos at the hook:\n" + loc);

        Set<Long> returns = new LinkedHashSet<>();
        Matcher call = Pattern.compile("(?m)^\\s*[0-9a-f]+:\\s+call\\s+[0-9a-f]+ <vfs_write>\\n\\s*([0-9a-f]+):")
                .matcher(Oracles.run("sh", "-c", "objdump -d --no-show-raw-insn " + vmlinux
                        + " | grep -A1 'call.*<vfs_write>$'"));
        while (call.find()) {
            returns.add(Long.parseUnsignedLong(call.group(1), 16));
        }
        assertTrue(returns.contains(0xffffffff8134d95bL), "ksys_write calls vfs_write: " + returns);

        Binary binary = new Binary(ElfFile.open(vmlinux));
        VariableReads reads = new VariableReads(binary, KernelRegisters.of(binary));
        VariableReads.Result r = reads.at(EPILOGUE, Map.of("pos", new SourcePosition("a.xml", 3, 5)),
                "vfs_write+0x12f (read_write.c:594)");
        assertTrue(r instanceof VariableReads.Code, "pos is recovered from the calls: " + r);
        String code = String.join("\n", ((VariableReads.Code) r).variables().stream()
                .flatMap(d -> d.statements().stream()).toList());
        assertFalse(code.contains("klas_original_pc"), "the kernel compares the return address itself:\n" + code);
        assertTrue(code.contains("klas_ra = ((uint64_t)KLAS_LOAD(uint64_t, ((((uint64_t)klas_regs->sp) + 0x98ull)"
                + " - 0x8ull)))"), "the return address is read at CFA-8 (readelf: CFA rsp+152 at the hook)"
                + " through copy_from_kernel_nofault:\n" + code);
        List<Long> compared = new ArrayList<>();
        Matcher m = Pattern.compile("klas_ra == \\(\\(uint64_t\\)klas_slide \\+ 0x([0-9a-f]+)ull\\)").matcher(code);
        while (m.find()) {
            compared.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        assertTrue(compared.contains(0xffffffff8134d95bL), "ksys_write's call, moved by the slide:\n" + code);
        /* llvm-dwarfdump: ksys_write's call passes RCX as DW_OP_fbreg -56, its frame base is the CFA, and readelf's
         * CFA rule at the call (0xffffffff8134d956) is rsp+56; its rsp at the call is vfs_write's CFA (rsp+152). */
        assertTrue(code.contains("klas_ra == ((uint64_t)klas_slide + 0xffffffff8134d95bull) ? (((((uint64_t)"
                + "klas_regs->sp) + 0x98ull) + 0x38ull) - 0x38ull)"), "&pos of ksys_write's frame:\n" + code);
        assertTrue(returns.containsAll(compared), "only return addresses of calls of vfs_write: " + compared
                + " vs objdump " + returns);
        assertEquals(compared.size(), Set.copyOf(compared).size(), "each call once: " + compared);
        assertTrue(code.contains("(klas_lost = 1, 0ull)"), "a hit from elsewhere is not given a value:\n" + code);
    }
}
