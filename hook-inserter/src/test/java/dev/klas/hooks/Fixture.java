package dev.klas.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The test target (src/test/resources/dev/klas/hooks), compiled inside the test. */
record Fixture(Path dir, Path target, Path libtouch, Path libplug) {
    private static final List<String> FILES = List.of("mbuf.h", "target.c", "threads.c", "vec.S", "touch.c");

    /**
     * Builds once per JVM and configuration (fixtures are shared and never changed):
     * <pre>
     * gcc OPT -g -fPIC -shared [-DKLAS_ORACLE] [DEFS] -o libtouch.so touch.c
     * gcc OPT -g -fPIC -shared -DPLUG [-DKLAS_ORACLE] [DEFS] -o libplug.so touch.c
     * gcc OPT -g (-fPIE -pie | -fno-pie -no-pie) [-DKLAS_ORACLE] [DEFS] -o target target.c threads.c vec.S \
     *     -L. -ltouch -Wl,-rpath,$ORIGIN -ldl -lpthread
     * </pre>
     */
    static Fixture build(String opt, boolean pie, boolean oracle, String... defs) {
        String key = opt + (pie ? "-pie" : "-nopie") + (oracle ? "-oracle" : "") + String.join("", defs);
        return CACHE.computeIfAbsent(key.replaceAll("[^A-Za-z0-9_-]", "_"),
                k -> compile(Scratch.dir("fixture-" + k), opt, pie, oracle, defs));
    }

    private static final Map<String, Fixture> CACHE = new ConcurrentHashMap<>();

    private static Fixture compile(Path dir, String opt, boolean pie, boolean oracle, String... defs) {
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = Fixture.class.getResourceAsStream("/dev/klas/hooks/" + f)) {
                    Files.write(dir.resolve(f), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> common = new ArrayList<>(List.of("gcc", opt, "-g"));
        if (oracle) {
            common.add("-DKLAS_ORACLE");
        }
        common.addAll(List.of(defs));
        gcc(dir, common, List.of("-fPIC", "-shared", "-o", "libtouch.so", "touch.c"));
        gcc(dir, common, List.of("-fPIC", "-shared", "-DPLUG", "-o", "libplug.so", "touch.c"));
        gcc(dir, common, List.of(pie ? "-fPIE" : "-fno-pie", pie ? "-pie" : "-no-pie", "-o", "target", "target.c",
                "threads.c", "vec.S", "-L.", "-ltouch", "-Wl,-rpath,$ORIGIN", "-ldl", "-lpthread"));
        return new Fixture(dir, dir.resolve("target"), dir.resolve("libtouch.so"), dir.resolve("libplug.so"));
    }

    private static void gcc(Path dir, List<String> common, List<String> rest) {
        List<String> cmd = new ArrayList<>(common);
        cmd.addAll(rest);
        Run.of(dir, cmd).ok();
    }

    /** The GNU build-id as readelf -n prints it. */
    static byte[] buildId(Path elf) {
        Run r = Run.of(elf.getParent(), List.of("readelf", "-n", elf.toString())).ok();
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(r.out());
        if (!m.find()) {
            throw new AssertionError("readelf shows no build-id in " + elf);
        }
        return HexFormat.of().parseHex(m.group(1));
    }

    /** Offset of STRUCT.MEMBER as pahole prints it. */
    static int offset(Path elf, String struct, String member) {
        Run r = Run.of(elf.getParent(), List.of("pahole", "-C", struct, elf.toString())).ok();
        Matcher m = Pattern.compile("\\s" + member + ";\\s+/\\*\\s+(\\d+)\\s+\\d+\\s+\\*/").matcher(r.out());
        if (!m.find()) {
            throw new AssertionError("pahole shows no " + struct + "." + member + ":\n" + r.out());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Offset of mbuf.m_len, i.e. mbuf.m_hdr + m_hdr.mh_len (#define m_len m_hdr.mh_len). */
    static int mLen(Path elf) {
        return offset(elf, "mbuf", "m_hdr") + offset(elf, "m_hdr", "mh_len");
    }
}
