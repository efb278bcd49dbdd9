package dev.klas.advice;

import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * samples/kernel-mbuf: built with the test bed's build-module (make -C /lib/modules/RELEASE/build M=COPY modules,
 * Kbuild's default flags, -g included) in a copy, and the places its {@code expect:} comments name.
 */
public final class KernelMbufSample {
    public static final String MODULE = "kernel_mbuf";
    /** The sample's member macros: {@code #define m_len m_hdr.mh_len} and its siblings. */
    static final java.util.Set<String> MACROS = java.util.Set.of("m_next", "m_len", "m_flags", "m_data");

    /** One {@code expect:} item as a resolver place (the {@code m_*} macros expanded as the sample defines them). */
    public record Expectation(String file, int line, String kind, String struct, String member) {
        public SourcePlace place() {
            PlaceKind k = switch (kind) {
                case "get" -> PlaceKind.FIELD_READ;
                case "set" -> PlaceKind.FIELD_WRITE;
                case "rw" -> PlaceKind.FIELD_READWRITE;
                case "fpcall" -> PlaceKind.FP_CALL;
                case "call" -> PlaceKind.CALL;
                default -> throw new IllegalArgumentException(file + ":" + line + ": unknown expectation " + kind);
            };
            String m = struct.equals("mbuf") && MACROS.contains(member) ? "m_hdr.mh_" + member.substring(2) : member;
            return new SourcePlace(k, file, line, 0, struct, m, "");
        }
    }

    private KernelMbufSample() {
    }

    public static Path dir() {
        return Repo.root().resolve("samples/kernel-mbuf");
    }

    /** Builds kernel-mbuf.ko in a copy under {@code work}; returns the .ko. */
    public static Path build(Path work) throws IOException, InterruptedException {
        Path copy = work.resolve("kernel-mbuf");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path script = Repo.root().resolve("testbed/build-module");
        Exec.Result r = Exec.run(new ProcessBuilder(script.toString(), copy.toString()), Duration.ofMinutes(15));
        if (r.exit() != 0) {
            throw new AssertionError("testbed/build-module " + copy + " failed:\n" + r.output());
        }
        return copy.resolve("kernel-mbuf.ko");
    }

    public static List<Expectation> expectations() throws IOException {
        return expectations("expect");
    }

    /** The items of the comments {@code /* TAG: ... *}{@code /} ({@code expect}, or {@code bits} for struct m_tag's). */
    public static List<Expectation> expectations(String tag) throws IOException {
        Pattern expect = Pattern.compile("/\\* " + tag + ": (.*?) \\*/");
        List<Expectation> out = new ArrayList<>();
        for (String file : List.of("mbuf.h", "main.c", "mbuf.c", "fileops.c")) {
            List<String> lines = Files.readAllLines(dir().resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = expect.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                for (String item : m.group(1).split(";")) {
                    String[] f = item.trim().split(" ");
                    int dot = f[1].indexOf('.');
                    out.add(dot < 0 ? new Expectation(file, i + 1, f[0], "", f[1])
                            : new Expectation(file, i + 1, f[0], f[1].substring(0, dot), f[1].substring(dot + 1)));
                }
            }
        }
        return out;
    }
}
