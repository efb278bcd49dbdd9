package dev.klas.resolve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C fixtures of src/test/resources/fixtures compiled with gcc once per test JVM into a temporary folder. Each
 * fixture records the exact commands that built it. Compressed variants use {@code -gz=zlib}; gcc 12 has no
 * {@code -gz=zstd}, so zstd variants are made by {@code objcopy --compress-debug-sections=zstd}.
 */
public final class Fixtures {
    /** One compiled binary and the commands that made it. */
    public record Fixture(String name, Path path, List<String> commands) {
        /** Whether the fixture is a relocatable object (.o or kernel module). */
        public boolean relocatable() {
            return name.endsWith(".o") || name.endsWith(".ko");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String[] SOURCES = {"prog.c", "lib.c", "inl.h", "shapes.h"};
    private static Map<String, Fixture> built;
    private static Path dir;

    private Fixtures() {
    }

    /** Every fixture, compiled on first use. */
    public static synchronized List<Fixture> all() {
        if (built == null) {
            built = build();
        }
        return List.copyOf(built.values());
    }

    public static Fixture get(String name) {
        all();
        Fixture f = built.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return f;
    }

    /** The folder holding sources and binaries. */
    public static Path dir() {
        all();
        return dir;
    }

    private static Map<String, Fixture> build() {
        try {
            dir = Files.createTempDirectory("klas-fixtures");
            for (String s : SOURCES) {
                try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + s)) {
                    Files.copy(in, dir.resolve(s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Fixture> out = new LinkedHashMap<>();
        add(out, "exe-O0-g4", "-O0 -gdwarf-4 -no-pie", "prog.c lib.c", null);
        add(out, "exe-O2-g5", "-O2 -gdwarf-5 -no-pie", "prog.c lib.c", null);
        add(out, "pie-O2-g4", "-O2 -gdwarf-4 -fPIE -pie", "prog.c lib.c", null);
        add(out, "pie-O0-g5", "-O0 -gdwarf-5 -fPIE -pie", "prog.c lib.c", null);
        add(out, "so-O2-g5.so", "-O2 -gdwarf-5 -fPIC -shared", "lib.c", null);
        add(out, "so-O0-g4.so", "-O0 -gdwarf-4 -fPIC -shared", "lib.c", null);
        add(out, "obj-O2-g5.o", "-O2 -gdwarf-5 -c", "prog.c", null);
        add(out, "obj-O0-g4.o", "-O0 -gdwarf-4 -c", "lib.c", null);
        add(out, "obj-O2-g4-fs.o", "-O2 -gdwarf-4 -ffunction-sections -c", "lib.c", null);
        add(out, "exe-O2-g5-zlib", "-O2 -gdwarf-5 -gz=zlib -no-pie", "prog.c lib.c", null);
        add(out, "obj-O2-g4-zlib.o", "-O2 -gdwarf-4 -gz=zlib -c", "lib.c", null);
        add(out, "exe-O2-g4-zstd", "-O2 -gdwarf-4 -no-pie", "prog.c lib.c", "zstd");
        add(out, "obj-O2-g5-zstd.o", "-O2 -gdwarf-5 -c", "lib.c", "zstd");
        addKernelModule(out);
        return out;
    }

    /**
     * The kernel module fixtures/kmod built by Kbuild against the Debian kernel headers
     * ({@code make -C /lib/modules/RELEASE/build M=DIR modules}; scripts/install-packages testbed installs them).
     */
    private static void addKernelModule(Map<String, Fixture> out) {
        Path build;
        try (var s = Files.list(Path.of("/lib/modules"))) {
            build = s.map(p -> p.resolve("build")).filter(Files::isDirectory).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no /lib/modules/*/build: run scripts/install-packages "
                            + "testbed"));
        } catch (IOException e) {
            throw new AssertionError("no /lib/modules: run scripts/install-packages testbed", e);
        }
        Path kmod = dir.resolve("kmod");
        try {
            Files.createDirectories(kmod);
            for (String s : new String[] {"klas_kmod.c", "Kbuild"}) {
                try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/kmod/" + s)) {
                    Files.copy(in, kmod.resolve(s));
                }
            }
            Files.copy(dir.resolve("inl.h"), kmod.resolve("inl.h"));
            Files.copy(dir.resolve("shapes.h"), kmod.resolve("shapes.h"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> make = List.of("make", "-s", "-C", build.toString(), "M=" + kmod, "modules");
        Tools.run(kmod, make);
        out.put("klas_kmod.ko", new Fixture("klas_kmod.ko", kmod.resolve("klas_kmod.ko"),
                List.of(String.join(" ", make))));
    }

    private static void add(Map<String, Fixture> out, String name, String flags, String sources, String zstd) {
        List<String> gcc = new ArrayList<>(List.of("gcc"));
        gcc.addAll(List.of(flags.split(" ")));
        gcc.addAll(List.of(sources.split(" ")));
        gcc.addAll(List.of("-o", name));
        List<String> commands = new ArrayList<>(List.of(String.join(" ", gcc)));
        Tools.run(dir, gcc);
        if (zstd != null) {
            List<String> objcopy = List.of("objcopy", "--compress-debug-sections=zstd", name);
            Tools.run(dir, objcopy);
            commands.add(String.join(" ", objcopy));
        }
        out.put(name, new Fixture(name, dir.resolve(name), commands));
    }
}
