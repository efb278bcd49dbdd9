package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.elf.DebugFileLocator;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advice for binaries without DWARF names the flag, the package and the places searched. */
class DebugInfoAdviceTest {
    @Test
    void strippedBinaryGetsAdviceWithSearchedPaths(@TempDir Path tmp) throws Exception {
        Files.copy(Fixtures.get("exe-O2-g5").path(), tmp.resolve("app"));
        Tools.run(tmp, "strip", "--strip-debug", "app");
        ElfFile app = ElfFile.open(tmp.resolve("app"));
        DebugFileLocator locator = new DebugFileLocator(tmp.resolve("debug"));
        String advice = DebugInfoAdvice.forFile(app, locator).orElseThrow();
        assertTrue(advice.contains("-g") && advice.contains("-dbgsym"), advice);
        String id = app.buildId().orElseThrow().hex();
        assertTrue(advice.contains(tmp.resolve("debug/.build-id/" + id.substring(0, 2)).toString()), advice);
    }

    @Test
    void binaryWithDebugInfoNeedsNoAdvice() throws Exception {
        ElfFile exe = ElfFile.open(Fixtures.get("exe-O0-g4").path());
        assertTrue(DebugInfoAdvice.forFile(exe, DebugFileLocator.system()).isEmpty());
    }
}
