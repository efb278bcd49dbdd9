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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver on a placed kernel module (needs the kernel headers: heavy). */
class PlacedObjectTest {
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
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations()) {
            Resolution res = resolver.resolve(e.place());
            assertFalse(res.joinPoints().isEmpty(), e + ": " + res.problem());
            for (JoinPoint jp : res.joinPoints()) {
                System.out.println(e + " -> " + jp.function() + " " + jp.section() + " " + jp.precision().label()
                        + " " + jp.precision());
                assertEquals(".text", jp.section(), e.toString());
            }
        }
    }
}
