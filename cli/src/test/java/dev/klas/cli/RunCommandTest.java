package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klas weave --target userspace} then {@code klas run}, the CLI started as its own process (java -cp the test
 * class path dev.klas.cli.Main) so that it runs, checks and signals the program as a user's shell would.
 */
class RunCommandTest {
    @TempDir
    static Path tmp;
    static Path build;
    static Path woven;

    /** {@code make -s -C samples/mbuf-user OUT=tmp/build}, {@code klas extract}, {@code klas weave} (log_reset_len, auto). */
    @BeforeAll
    static void weave() throws Exception {
        Path sample = Run.repo().resolve("samples/mbuf-user");
        build = tmp.resolve("build");
        assertEquals(0, exec(sample, Map.of(), List.of("make", "-s", "OUT=" + build)).exit);
        Path db = tmp.resolve("symbols.db");
        Run x = Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString(), "--jobs", "2");
        assertEquals(0, x.exitCode(), x.err());
        woven = tmp.resolve("woven");
        Run w = Run.klas("weave", "--aspect", Run.repo().resolve("samples/aspects/log_reset_len.xml").toString(),
                "--binary", build.resolve("mbuf-user-O2").toString(), "--db", db.toString(), "--target", "userspace",
                "--out", woven.toString(), "--hook-mode", "auto");
        assertEquals(0, w.exitCode(), w.err());
        assertTrue(Files.isRegularFile(woven.resolve("libwoven.so")), w.err());
    }

    record Result(int exit, String out, String err) {
    }

    static Result exec(Path dir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(Tools.NO_INPUT)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        int exit = Tools.await(pb.start(), cmd);
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    static List<String> klas(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.klas.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static long oracle(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(build.resolve("mbuf-user-oracle").toString()));
        cmd.addAll(List.of(args));
        Matcher m = Pattern.compile("(?m)^oracle log_reset_len=(\\d+)$").matcher(exec(tmp, Map.of(), cmd).out);
        assertTrue(m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    void runsWithHooksAndKeepsTheProgramsOwnPreload() throws Exception {
        Path c = Files.writeString(tmp.resolve("own.c"), "#include <unistd.h>\n"
                + "__attribute__((constructor)) static void own(void) { write(2, \"own preload\\n\", 12); }\n");
        Path own = tmp.resolve("libown.so");
        assertEquals(0, exec(tmp, Map.of(), List.of("gcc", "-shared", "-fPIC", "-o", own.toString(), c.toString())).exit);
        Path log = tmp.resolve("advice.log");
        Result r = exec(tmp, Map.of("KLAS_OUT", log.toString(), "LD_PRELOAD", own.toString()),
                klas("run", "--woven", woven.toString(), "--", build.resolve("mbuf-user-O2").toString(), "20", "3"));
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.startsWith("total "), r.out);
        assertTrue(r.err.contains("own preload"), r.err);
        assertEquals(oracle("20", "3"), Files.readAllLines(log).stream().filter(l -> l.matches("\\d+ m_len")).count());
    }

    @Test
    void forwardsTheExitStatus() throws Exception {
        Result r = exec(tmp, Map.of("KLAS_OUT", "/dev/null"),
                klas("run", "--woven", woven.toString(), "--", build.resolve("mbuf-user-O2").toString(), "1", "99"));
        assertEquals(2, r.exit, r.err);
        assertTrue(r.err.contains("usage: mbuf-user"), r.err);
    }

    @Test
    void forwardsSigtermAndExitsWith128PlusN() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(klas("run", "--woven", woven.toString(), "--",
                build.resolve("mbuf-user-O2").toString(), "100000000", "1")).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("term.txt").toFile());
        pb.environment().put("KLAS_OUT", "/dev/null");
        Process klas = pb.start();
        try {
            // wait for the program (klas's child), not a fixed time: a loaded machine starts the JVM slowly
            List<ProcessHandle> program = List.of();
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    program.isEmpty() && klas.isAlive() && System.nanoTime() < end; ) {
                Thread.sleep(100);
                program = klas.descendants().toList();
            }
            assertFalse(program.isEmpty(), "the program did not start within 60 s");
            Thread.sleep(500);
            exec(tmp, Map.of(), List.of("kill", "-TERM", Long.toString(klas.pid())));
            assertTrue(klas.waitFor(20, TimeUnit.SECONDS), "klas run did not exit 20 s after SIGTERM");
            assertEquals(128 + 15, klas.exitValue(), Files.readString(tmp.resolve("term.txt")));
            List<ProcessHandle> started = program;
            // the program is reaped before klas exits; give the kernel a moment to drop what is left of it on a
            // loaded machine, then name whatever is still alive
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end; ) {
                Thread.sleep(100);
            }
            assertTrue(started.stream().noneMatch(ProcessHandle::isAlive), () -> "still alive after klas exited: "
                    + started.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().commandLine()
                    .orElse("?")).toList());
        } finally {
            Exec.kill(klas);
        }
    }

    @Test
    void refusesAnotherBuildWithoutStartingIt() throws Exception {
        Path log = tmp.resolve("refused.log");
        Result r = exec(tmp, Map.of("KLAS_OUT", log.toString()),
                klas("run", "--woven", woven.toString(), "--", build.resolve("mbuf-user-O0").toString(), "1", "1"));
        assertEquals(1, r.exit, r.err);
        assertTrue(r.err.contains("refusing to run") && r.err.contains("build-id"), r.err);
        assertEquals("", r.out);
        assertFalse(Files.exists(log));
    }
}
