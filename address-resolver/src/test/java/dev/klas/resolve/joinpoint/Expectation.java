package dev.klas.resolve.joinpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One item of a C line's {@code /* expect: get S.m; set S.m; rw S.m; addr S.m; fpcall S.m; call f *}{@code /}
 * comment: the place it names ({@code mbuf.m_len} expanded as samples/mbuf-user's macro does), and the line's
 * {@code /* at -O2: N line, REASON *}{@code /} comments: at that optimisation level, N of its join points are LINE
 * fallbacks whose reason starts with REASON (none where no such comment is).
 */
record Expectation(String file, int line, PlaceKind kind, String struct, String member,
                   Map<String, Fallback> fallbacks) {
    private static final Pattern EXPECT = Pattern.compile("/\\* expect: (.*?) \\*/");
    private static final Pattern AT = Pattern.compile("/\\* at (-O\\d): (\\d+) line, (.*?) \\*/");

    /** How many join points of a place fall back to the line, and the reason they must give. */
    record Fallback(int count, String reason) {
    }

    SourcePlace place() {
        return new SourcePlace(kind, file, line, 0, struct, member, "");
    }

    /** The fallbacks at the optimisation level that starts {@code gccOptions}. */
    Fallback fallback(String gccOptions) {
        return fallbacks.getOrDefault(gccOptions.split(" ")[0], new Fallback(0, ""));
    }

    /** The expectations of FILES in DIR, in file and line order. */
    static List<Expectation> read(Path dir, List<String> files) throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (String file : files) {
            List<String> lines = Files.readAllLines(dir.resolve(file));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = EXPECT.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                String[] items = m.group(1).split(";");
                Map<String, Fallback> fallbacks = fallbacks(lines.get(i));
                if (items.length > 1 && !fallbacks.isEmpty()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": an at comment on a line of "
                            + "several expectations");
                }
                for (String item : items) {
                    out.add(parse(file, i + 1, item.trim(), fallbacks));
                }
            }
        }
        return out;
    }

    private static Map<String, Fallback> fallbacks(String line) {
        Map<String, Fallback> out = new HashMap<>();
        Matcher m = AT.matcher(line);
        while (m.find()) {
            out.put(m.group(1), new Fallback(Integer.parseInt(m.group(2)), m.group(3)));
        }
        return out;
    }

    private static Expectation parse(String file, int line, String item, Map<String, Fallback> fallbacks) {
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
            return new Expectation(file, line, kind, "", f[1], fallbacks);
        }
        String struct = f[1].substring(0, f[1].indexOf('.'));
        String member = f[1].substring(f[1].indexOf('.') + 1);
        return new Expectation(file, line, kind, struct, struct.equals("mbuf") && member.equals("m_len")
                ? "m_hdr.mh_len" : member, fallbacks);
    }
}
