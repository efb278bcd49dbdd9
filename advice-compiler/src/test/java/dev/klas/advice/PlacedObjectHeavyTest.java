package dev.klas.advice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.Resolution;
import dev.klas.resolve.joinpoint.Resolver;
import dev.klas.resolve.joinpoint.Precision;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver on a placed kernel module (needs the kernel headers: heavy): every marked place resolves inside
 * .text, and every access-precise join point is, by objdump -dr of the unplaced file, the instruction that does it
 * (member offset from pahole; the thunk or callee from the relocation).
 */
class PlacedObjectHeavyTest {
    @TempDir
    Path work;

    @Test
    void placedModuleResolvesEveryMarkedPlaceInsideItsFunction() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Repo.heavy(), "heavy: builds a kernel module");
        Path ko = KernelMbufSample.build(work);
        ElfFile raw = ElfFile.open(ko);
        ElfFile placed = PlacedObject.open(ko);
        for (Section s : placed.sections()) {
            if ((s.flags() & Section.SHF_ALLOC) != 0 && s.size() > 0) {
                assertTrue(s.address() >= PlacedObject.BASE, s.name());
            }
        }
        for (int i = 0; i < raw.symbols().size(); i++) {
            ElfSymbol r = raw.symbols().get(i);
            ElfSymbol p = placed.symbols().get(i);
            if (r.isFunction() && r.sectionIndex() > 0) {
                assertEquals(r.value() + placed.sections().get(r.sectionIndex()).address(), p.value(), r.name());
            }
        }
        Resolver resolver = new Resolver(new Binary(placed));
        Map<Long, String> objdump = Oracles.disassembly(ko, ".text");
        long text = placed.section(".text").orElseThrow().address();
        long hdr = Oracles.memberOffset(ko, "mbuf", "m_hdr");
        int precise = 0;
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            Resolution res = resolver.resolve(e.place());
            assertFalse(res.joinPoints().isEmpty(), e + ": " + res.problem());
            for (JoinPoint jp : res.joinPoints()) {
                assertEquals(".text", jp.section(), e.toString());
                String insn = objdump.get(jp.address() - text);
                assertTrue(insn != null, e + ": no instruction starts at " + jp.function());
                if (!(jp.precision() instanceof Precision.Access)) {
                    continue;
                }
                precise++;
                switch (e.kind()) {
                    case "fpcall" -> assertTrue(insn.contains("__x86_indirect_thunk_") || insn.contains("call   *"),
                            e + " at " + jp.function() + ": " + insn);
                    case "call" -> assertTrue(insn.startsWith("call") && insn.contains(e.member()),
                            e + " at " + jp.function() + ": " + insn);
                    default -> {
                        long off = hdr + Oracles.memberOffset(ko, "m_hdr", "mh_" + e.member().substring(2));
                        assertTrue(insn.contains("0x" + Long.toHexString(off) + "(%"), e + " at " + jp.function()
                                + ": " + insn);
                    }
                }
            }
        }
        assertTrue(precise >= KernelMbufSample.expectations().size() - 1,
                "all but at most one place are access-precise (" + precise + ")");
    }
}
