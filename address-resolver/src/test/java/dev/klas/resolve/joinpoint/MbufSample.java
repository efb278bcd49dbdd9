package dev.klas.resolve.joinpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples/mbuf-user program: built here with gcc, and the expectations its source carries. */
final class MbufSample {
    private static final Pattern EXPECT = Pattern.compile("/\\* expect: (.*?) \\*/");
    static final List<String> SOURCES = List.of("main.c", "mbuf.c", "fileops.c");

    /** One {@code expect:} item: the place it names (the m_len macro expanded as the sample defines it). */
    record Expectation(String file, int line, PlaceKind kind, String struct, String member) {
        SourcePlace place() {
            return new SourcePlace(kind, file, line, 0, struct, member, "");
        }
    }

    private MbufSample() {
    }

    static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/mbuf-user"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/mbuf-user not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples/mbuf-user");
    }

    /** gcc OPT -g -pthread -o OUT main.c mbuf.c fileops.c, run in the sample's folder. */
    static Path build(Path out, String opt) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", opt, "-g", "-pthread", "-o", out.toString()));
        cmd.addAll(SOURCES);
        Process p = new ProcessBuilder(cmd).directory(dir().toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("gcc failed: " + log);
        }
        return out;
    }

    static List<Expectation> expectations() throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (String file : List.of("mbuf.h", "main.c", "mbuf.c", "fileops.c")) {
            List<String> lines = Files.readAllLines(dir().resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = EXPECT.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                for (String item : m.group(1).split(";")) {
                    out.add(parse(file, i + 1, item.trim()));
                }
            }
        }
        return out;
    }

    private static Expectation parse(String file, int line, String item) {
        String[] f = item.split(" ");
        PlaceKind kind = switch (f[0]) {
            case "get" -> PlaceKind.FIELD_READ;
            case "set" -> PlaceKind.FIELD_WRITE;
            case "rw" -> PlaceKind.FIELD_READWRITE;
            case "addr" -> PlaceKind.FIELD_ADDRESS;
            case "fpcall" -> PlaceKind.FP_CALL;
            case "call" -> PlaceKind.CALL;
            default -> throw new IllegalArgumentException(file + ":" + line + ": unknown expectation " + item);
        };
        if (kind == PlaceKind.CALL) {
            return new Expectation(file, line, kind, "", f[1]);
        }
        String struct = f[1].substring(0, f[1].indexOf('.'));
        String member = f[1].substring(f[1].indexOf('.') + 1);
        return new Expectation(file, line, kind, struct, struct.equals("mbuf") && member.equals("m_len")
                ? "m_hdr.mh_len" : member);
    }
}
