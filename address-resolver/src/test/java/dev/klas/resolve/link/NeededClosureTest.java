package dev.klas.resolve.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search order (DT_RPATH before LD_LIBRARY_PATH before DT_RUNPATH, a library's RPATH or RUNPATH for its own
 * needs) against ldd, which asks ld.so: two copies of libshared.so, in a/ and b/.
 */
class NeededClosureTest {
    private static final Pattern LDD = Pattern.compile("^\\s+(\\S+) => (\\S+) \\(0x", Pattern.MULTILINE);

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("lib.c"), "int shared_counter = 7;\nint bump(void) { return ++shared_counter; }\n");
        Files.writeString(dir.resolve("mid.c"), "int bump(void);\nint twice(void) { bump(); return bump(); }\n");
        Files.writeString(dir.resolve("prog.c"), "extern int shared_counter;\nint bump(void);\n"
                + "int main(void) { bump(); return shared_counter; }\n");
        Files.writeString(dir.resolve("top.c"), "int twice(void);\nint main(void) { return twice(); }\n");
        for (String d : List.of("a", "b")) {
            gcc("-shared", "-fPIC", "-Wl,-soname,libshared.so", "-o", d + "/libshared.so", "lib.c");
        }
        String a = dir.resolve("a").toString();
        gcc("-o", "prog-rpath", "prog.c", "-La", "-lshared", "-Wl,--disable-new-dtags", "-Wl,-rpath," + a);
        gcc("-o", "prog-runpath", "prog.c", "-La", "-lshared", "-Wl,--enable-new-dtags", "-Wl,-rpath," + a);
        // libmid.so needs libshared.so and has no path of its own: the program's RPATH finds it, a RUNPATH does not
        gcc("-shared", "-fPIC", "-o", "libmid.so", "mid.c", "-La", "-lshared");
        gcc("-o", "top-rpath", "top.c", "-L.", "-lmid", "-Wl,--disable-new-dtags", "-Wl,-rpath," + dir + ":" + a);
        gcc("-o", "top-runpath", "top.c", "-L.", "-lmid", "-Wl,--enable-new-dtags", "-Wl,-rpath," + dir + ":" + a);
    }

    @Test
    void rpathBeforeLibraryPathBeforeRunpath() throws IOException {
        Path a = dir.resolve("a/libshared.so");
        Path b = dir.resolve("b/libshared.so");
        assertEquals(a, found("prog-rpath", Optional.of(dir.resolve("b").toString())));
        assertEquals(b, found("prog-runpath", Optional.of(dir.resolve("b").toString())));
        assertEquals(a, found("prog-runpath", Optional.empty()));
        assertEquals(a, found("top-rpath", Optional.empty()));
        assertEquals(Path.of("not found"), found("top-runpath", Optional.empty()));
        assertEquals(b, found("top-runpath", Optional.of(dir.resolve("b").toString())));
    }

    /** Where klas finds libshared.so, after checking that ldd finds it in the same place. */
    private static Path found(String program, Optional<String> libraryPath) throws IOException {
        NeededClosure closure = NeededClosure.of(ElfFile.open(dir.resolve(program)), SearchPath.of(libraryPath));
        Path klas = closure.objects().stream().filter(o -> o.name().equals("libshared.so")).map(LoadedObject::path)
                .findFirst().orElse(Path.of("not found"));
        assertEquals(closure.missing().stream().anyMatch(m -> m.name().equals("libshared.so")),
                klas.equals(Path.of("not found")));
        assertEquals(ldd(program, libraryPath), klas, program + " with LD_LIBRARY_PATH " + libraryPath);
        return klas;
    }

    private static Path ldd(String program, Optional<String> libraryPath) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ldd", dir.resolve(program).toString()).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        libraryPath.ifPresent(p -> pb.environment().put("LD_LIBRARY_PATH", p));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> hits = new ArrayList<>();
        Matcher m = LDD.matcher(out);
        while (m.find()) {
            if (m.group(1).equals("libshared.so")) {
                hits.add(m.group(2));
            }
        }
        return out.contains("libshared.so => not found") ? Path.of("not found") : Path.of(hits.get(0));
    }

    private static void gcc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(args));
        Tools.run(dir, cmd);
    }
}
