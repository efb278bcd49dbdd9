package dev.klas.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A source file whose text would break a page that pasted it in as markup ({@code </script>}, {@code <!--}, quotes,
 * {@code &}, bytes that are not UTF-8), and a weave log with join points on it: hooked with hits, hooked without,
 * refused, unresolved.
 */
final class HostileSource {
    /** Line 3, written as bytes: {@code 0xff 0xfe} are not UTF-8. */
    static final byte[] LINE3 = "\tp->len = 1; /* \"quoted\" & 'single' */ \u00ff".getBytes(StandardCharsets.ISO_8859_1);
    static final List<String> LINES = List.of(
            "/* </script><script>alert(1)</script> */",
            "int f(struct pkt *p) { /* <!-- not a comment --> <b>bold</b> */",
            "",
            "\treturn p->len + 2; /* a && b */",
            "}");

    private HostileSource() {
    }

    static Path write(Path dir) throws IOException {
        Path file = dir.resolve("hostile.c");
        try (var out = Files.newOutputStream(file)) {
            out.write((LINES.get(0) + "\n" + LINES.get(1) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(LINE3);
            out.write(new byte[] {(byte) 0xfe, '\n'});
            out.write((LINES.get(3) + "\n" + LINES.get(4) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    static WeaveLog log(Path dir) {
        return new WeaveLog(WeaveLog.Origin.woven(dir), "userspace", "/bin/hostile", dir.toString(),
                List.of(new WeaveLog.AspectInfo("a</script>", "set(pkt.len) && within(\"<!--*.c\")", "a.xml:1:1")),
                List.of(row(3, 5, "FIELD_WRITE", "0x1010", "f", 16, "ACCESS", "hooked", ""),
                        row(4, 12, "FIELD_READ", "0x1020", "f", 32, "LINE", "hooked", ""),
                        row(2, 1, "FIELD_READ", "0x1030", "f", 48, "ACCESS", "refused", "bytes <differ> & \"so\""),
                        row(5, 1, "FIELD_READ", "", "", 0, "", "unresolved", "no code for line 5")));
    }

    static HitsInput hits() {
        return new HitsInput("pid 1 (exited)", 7, Map.of("f+16", 7L, "f+32", 0L), Map.of("a</script>", 7L));
    }

    private static JoinPointRow row(int line, int column, String kind, String address, String symbol, long offset,
                                    String precision, String outcome, String reason) {
        return new JoinPointRow("a</script>", "set(pkt.len)", kind, "pkt", "len", "hostile.c", line, column, "f",
                address, symbol, offset, List.of("f"), precision, address.isEmpty() ? "" : "0x8(%rdi)",
                outcome.equals("hooked") ? "jump" : "", outcome, reason);
    }
}
