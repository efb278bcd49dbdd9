package dev.klas.resolve.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate debug files made by objcopy --only-keep-debug, found by build-id and by .gnu_debuglink. */
class DebugFileLocatorTest {
    @Test
    void findsDebugFileByBuildId(@TempDir Path tmp) throws Exception {
        Path exe = tmp.resolve("exe");
        Files.copy(Fixtures.get("exe-O2-g5").path(), exe);
        Path debug = tmp.resolve("exe.debug");
        Tools.run(tmp, "objcopy", "--only-keep-debug", "exe", "exe.debug");
        Tools.run(tmp, "strip", "--strip-debug", "exe");
        ElfFile stripped = ElfFile.open(exe);
        assertFalse(stripped.hasDebugInfo());
        String id = stripped.buildId().orElseThrow().hex();
        Path root = tmp.resolve("root");
        Path target = root.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
        Files.createDirectories(target.getParent());
        Files.move(debug, target);
        ElfFile found = new DebugFileLocator(root).locate(stripped).orElseThrow();
        assertEquals(target, found.path());
        assertTrue(found.hasDebugInfo());
    }

    @Test
    void findsDebugFileByDebugLinkAndChecksCrc(@TempDir Path tmp) throws Exception {
        Files.copy(Fixtures.get("pie-O2-g4").path(), tmp.resolve("app"));
        Tools.run(tmp, "objcopy", "--only-keep-debug", "app", "app.dbg");
        Tools.run(tmp, "objcopy", "--strip-debug", "--remove-section=.note.gnu.build-id",
                "--add-gnu-debuglink=app.dbg", "app");
        Files.createDirectories(tmp.resolve(".debug"));
        Files.move(tmp.resolve("app.dbg"), tmp.resolve(".debug/app.dbg"));
        ElfFile app = ElfFile.open(tmp.resolve("app"));
        assertEquals("app.dbg", app.debugLink().orElseThrow().fileName());
        DebugFileLocator locator = new DebugFileLocator(tmp.resolve("none"));
        assertEquals(tmp.resolve(".debug/app.dbg"), locator.locate(app).orElseThrow().path());
        Files.write(tmp.resolve(".debug/app.dbg"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(locator.locate(app).isEmpty(), "a debug file with the wrong CRC is not taken");
    }

    @Test
    void kernelImageMapsToDebugVmlinux(@TempDir Path tmp) throws Exception {
        Path boot = Files.createDirectories(tmp.resolve("boot"));
        Files.copy(Fixtures.get("exe-O0-g4").path(), boot.resolve("vmlinuz-6.1.0-test"));
        Path root = tmp.resolve("debug");
        Files.createDirectories(root.resolve("boot"));
        Files.copy(Fixtures.get("exe-O0-g4").path(), root.resolve("boot/vmlinux-6.1.0-test"));
        ElfFile image = ElfFile.open(boot.resolve("vmlinuz-6.1.0-test"));
        assertTrue(new DebugFileLocator(root).candidates(image).contains(root.resolve("boot/vmlinux-6.1.0-test")));
        assertEquals(root.resolve("boot/vmlinux-6.1.0-test"), new DebugFileLocator(root).locate(image).orElseThrow()
                .path());
    }
}
