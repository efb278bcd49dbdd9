package dev.klas.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package {@code mvn package} made installs with apt-get as a user would, gives a working {@code klas} on
 * PATH (version, validate of a sample aspect, man pages, bash completion), and is removed again, leaving the machine
 * as it was. Heavy: it changes the machine's packages, so it runs only with -Dklas.heavy=true, as root, and only
 * where no klas package or /usr/bin/klas is there before (it would replace them).
 */
class DebInstallHeavyTest {
    static final Path ROOT = Path.of("/");
    static final Map<String, String> APT = Map.of("DEBIAN_FRONTEND", "noninteractive");
    static final Path LAUNCHER = Path.of("/usr/bin/klas");
    static final Path COMPLETION = Path.of("/usr/share/bash-completion/completions/klas");

    @TempDir
    Path user;

    @Test
    void installsRunsAndRemoves() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("klas.heavy"), "heavy: installs a .deb (-Dklas.heavy=true)");
        Assumptions.assumeTrue(Shell.ok(ROOT, Map.of(), "id", "-u").strip().equals("0"),
                "apt-get install needs root, and there is no sudo here");
        Assumptions.assumeFalse(installed(), "a klas package is installed already; this test would replace it");
        Assumptions.assumeFalse(Files.exists(LAUNCHER, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                LAUNCHER + " exists already; this test would replace it");
        Path deb = Shell.built("klas_", "_all.deb");
        try {
            Shell.ok(deb.getParent(), APT, "apt-get", "install", "-y", "--no-install-recommends",
                    "./" + deb.getFileName());
            assertTrue(installed(), "dpkg lists klas as installed");
            Map<String, String> env = Map.of("HOME", user.toString(), "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            assertEquals("klas " + Shell.version(), Shell.ok(user, env, "klas", "--version").strip());
            String aspect = Shell.repo().resolve("samples/aspects/set_m_len.xml").toString();
            assertTrue(Shell.ok(user, env, "klas", "validate", aspect).contains("set(mbuf.m_len)"));
            assertEquals("/usr/share/man/man1/klas.1.gz", Shell.ok(user, env, "man", "-w", "klas").strip());
            assertEquals("/usr/share/man/man1/klas-validate.1.gz",
                    Shell.ok(user, env, "man", "-w", "klas-validate").strip());
            assertEquals("validate", complete(env, "val"));
        } finally {
            Shell.ok(ROOT, APT, "apt-get", "remove", "-y", "klas");
        }
        assertFalse(installed(), "apt-get remove leaves no klas package");
        assertFalse(Files.exists(LAUNCHER, java.nio.file.LinkOption.NOFOLLOW_LINKS), LAUNCHER + " is gone");
        assertFalse(Files.exists(Path.of("/usr/share/klas")), "/usr/share/klas is gone");
    }

    /** Whether dpkg has a klas package installed (or half-installed). */
    static boolean installed() {
        Exec.Result r = Shell.run(ROOT, Map.of(), "dpkg-query", "-W", "-f=${Status}", "klas");
        return r.exit() == 0 && r.output().contains("installed") && !r.output().contains("not-installed");
    }

    /** What the installed bash completion offers for {@code klas WORD<TAB>}. */
    String complete(Map<String, String> env, String word) {
        String script = ". " + COMPLETION + "; COMP_WORDS=(klas " + word + "); COMP_CWORD=1; _complete_klas;"
                + " echo \"${COMPREPLY[@]}\"";
        return Shell.ok(user, env, "bash", "-c", script).strip();
    }
}
