package dev.klas.hooks.parts;

import dev.klas.hooks.Run;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control socket and the table accept only the target's own user: mode 0600 on both, and SO_PEERCRED
 * on every connection (a root client of a target running as nobody is refused too). Needs root and
 * setpriv(1); the oracle is the kernel's own permission check and the runtime's answer.
 */
class PartsSocketTest {
    @Test
    void onlyTheTargetsOwnUserMayConnect() throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test runs as root (it switches to nobody)");
        openUp(PartsFixture.DIR);
        try (PartsProcess p = new PartsProcess(Map.of("KLAS_PARTS", "*|libpart*"), List.of("parts_main", "count", "10"))) {
            p.expect("waiting");
            Path sock = Path.of("/dev/shm/klas-" + p.pid() + ".sock"), table = Path.of("/dev/shm/klas-" + p.pid());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(table)));
            assertTrue(Json.ok(p.request("hello")));
            Run c = Run.of(PartsFixture.DIR, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    PartsFixture.path("greet/client").toString(), Long.toString(p.pid()), "hello"));
            String out = c.out() + c.err();
            assertEquals(2, c.exit(), "nobody cannot connect to a root target's socket: " + out);
            assertTrue(out.contains("Permission denied"), out);
            assertEquals(0, p.quit());
        }
        Path sh = PartsFixture.path("as-nobody.sh");
        Files.writeString(sh, "exec setpriv --reuid=65534 --regid=65534 --clear-groups env LD_PRELOAD=\""
                + PartsFixture.path("libklas-parts.so") + "\" KLAS_PARTS='*|libpart*' \"" + PartsFixture.path("parts_main")
                + "\" count 10\n");
        try (PartsProcess p = new PartsProcess(Map.of("LD_PRELOAD", ""), List.of("/bin/sh", sh.toString()))) {
            p.expect("waiting");
            String denied = p.request("hello"); // sh, setpriv and env exec: the same pid runs parts_main

            assertEquals("denied", Json.code(denied), denied);
            assertEquals(0, p.quit());
        }
    }

    private static void openUp(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) || Files.isExecutable(p)
                        ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
