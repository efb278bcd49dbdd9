package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * samples/plugin-user: {@code klas weave} into libplugin.so, {@code klas run} of the program that dlopen()s it,
 * dlclose()s it and dlopen()s it again. Each round's advice must fire as often as the plugin counts its own calls
 * (so the hooks went in at both dlopen()s), klas_retval must be what plugin_step computes, and the bytes of
 * plugin_step after klas_unweave() must be those the plugin has when no klas is loaded.
 */
class PluginWeaveTest {
    @TempDir
    static Path tmp;
    static Path build;
    static Path db;

    @BeforeAll
    static void build() throws Exception {
        Path sample = Run.repo().resolve("samples/plugin-user");
        build = tmp.resolve("build");
        assertEquals(0, exec(sample, Map.of(), List.of("make", "-s", "OUT=" + build)).exit());
        db = tmp.resolve("symbols.db");
        Run x = Run.klas("extract", "--compile-commands", build.resolve("compile_commands.json").toString(),
                "--root", sample.toString(), "--db", db.toString(), "--jobs", "1");
        assertEquals(0, x.exitCode(), x.err());
    }

    @ParameterizedTest
    @CsvSource({"int3,cc", "jump,e9"})
    void hooksFollowTheObjectThroughDlopenAndDlclose(String mode, String firstByte) throws Exception {
        Path woven = tmp.resolve("woven-" + mode);
        Run w = Run.klas("weave", "--aspect", Run.repo().resolve("samples/plugin-user/aspects/plugin_step.xml")
                .toString(), "--binary", build.resolve("libplugin.so").toString(), "--db", db.toString(),
                "--target", "userspace", "--out", woven.toString(), "--hook-mode", mode);
        assertEquals(0, w.exitCode(), w.out() + w.err());
        List<String> program = List.of(build.resolve("plugin-user").toString(), build.resolve("libplugin.so")
                .toString(), "4");
        Result plain = exec(tmp, Map.of(), program);
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("no klas"), plain.out());
        Path log = tmp.resolve("advice-" + mode + ".log");
        List<String> cmd = new ArrayList<>(List.of("run", "--woven", woven.toString(), "--"));
        cmd.addAll(program);
        Result r = exec(tmp, Map.of("KLAS_OUT", log.toString()),
                RunCommandTest.klas(cmd.toArray(String[]::new)));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Long> counts = numbers("(?m)^round \\d: plugin count (\\d+)$", r.out());
        assertEquals(List.of(4L, 9L), counts, r.out());
        List<Long> expected = new ArrayList<>();
        for (long c : counts) {
            for (long i = 0; i < c; i++) {
                expected.add(i);
            }
        }
        String advice = Files.readString(log);
        assertEquals(expected, numbers("(?m)^step (\\d+)$", advice), advice);
        assertEquals(expected.stream().map(i -> 3 * i + 1).toList(), numbers("(?m)^step returned (\\d+)$", advice));
        String original = lines("loaded:", plain.out()).get(0);
        List<String> loaded = lines("loaded:", r.out());
        assertEquals(2, loaded.size(), r.out());
        for (String l : loaded) {
            assertTrue(l.startsWith(firstByte + " "), l);
            assertNotEquals(original, l);
        }
        assertEquals(List.of(original, original), lines("unwoven:", r.out()), r.out());
        assertEquals(loaded, lines("rewoven:", r.out()), r.out());
    }

    record Result(int exit, String out, String err) {
    }

    static Result exec(Path dir, Map<String, String> env, List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(Tools.NO_INPUT)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        int exit = Tools.await(pb.start(), cmd);
        return new Result(exit, Files.readString(out), Files.readString(err));
    }

    private static List<Long> numbers(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<Long> out = new ArrayList<>();
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static List<String> lines(String prefix, String text) {
        return text.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).toList();
    }
}
