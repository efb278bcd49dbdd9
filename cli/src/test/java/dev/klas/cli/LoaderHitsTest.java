package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas hits --woven DIR} on a linux-bpf folder runs {@code DIR/NAME --hits} and reads what it prints (the
 * kprobes module's format). A script stands for the loader: it answers only to {@code --hits}, and when its
 * {@code running} file is missing it fails as a loader that is not running does.
 */
class LoaderHitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private void loader() throws Exception {
        Files.writeString(dir.resolve("klas_t.bpf.c"), "");
        Files.writeString(dir.resolve("klas_loader.h"), "");
        Path script = dir.resolve("klas_t");
        Files.writeString(script, """
                #!/bin/sh
                [ "$*" = --hits ] || { echo "klas_t: not --hits: $*"; exit 2; }
                [ -e "$(dirname "$0")/running" ] || { echo "klas_t: not running: no counts pinned at /sys/fs/bpf/klas/klas_t" >&2; exit 1; }
                printf 'klas-hits\\t1\\tklas_t\\tsince-load\\n'
                printf 'aspect\\t0\\tspin\\t7\\t0\\t0\\n'
                printf 'aspect\\t1\\tchatty\\t11\\t0\\t1\\n'
                printf 'hook\\t0\\t40\\tm_get\\t0\\tregistered\\tmbuf.c:8:1\\nadvice\\t0\\tspin\\n'
                printf 'hook\\t1\\t11\\tm_append\\t26\\tregistered\\tmbuf.c:56:9\\nadvice\\t1\\tchatty\\n'
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theRunningLoadersCountsAreRead() throws Exception {
        loader();
        Files.writeString(dir.resolve("running"), "");
        Run r = Run.klas("hits", "--woven", dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode c = JSON.readTree(r.out());
        assertEquals(51, c.get("total").asLong(), r.out());
        JsonNode spin = c.get("aspects").get(0);
        assertEquals("spin", spin.get("name").asText(), r.out());
        assertEquals(40, spin.get("hits").asLong(), r.out());
        assertEquals(7, spin.get("runs").asLong(), r.out());
        assertEquals("m_append", c.get("hooks").get(1).get("symbol").asText(), r.out());
    }

    @Test
    void aLoaderThatIsNotRunningOrAResetIsAMessageWithItsExitCode() throws Exception {
        loader();
        Run r = Run.klas("hits", "--woven", dir.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("klas_t --hits: klas_t: not running: no counts pinned"), r.err());
        Files.writeString(dir.resolve("running"), "");
        Run reset = Run.klas("hits", "--woven", dir.toString(), "--reset");
        assertEquals(2, reset.exitCode(), reset.err());
        assertTrue(reset.err().contains("a linux-bpf loader's counts are since its start"), reset.err());
        Files.delete(dir.resolve("klas_t"));
        Run gone = Run.klas("hits", "--woven", dir.toString());
        assertEquals(1, gone.exitCode(), gone.err());
        assertTrue(gone.err().contains("no loader " + dir.resolve("klas_t") + ": weave with --build"), gone.err());
    }
}
