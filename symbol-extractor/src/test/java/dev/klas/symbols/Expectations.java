package dev.klas.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the expectations a fixture carries in comments: {@code /* expect: set mbuf.m_len; call f *}{@code /} on a
 * line means exactly these shadows (verb and struct.member or function) are on that line.
 * Verbs: get, set, rw, addr, fpcall, call, func.
 */
public final class Expectations {
    private static final Pattern EXPECT = Pattern.compile("/\\*\\s*expect:\\s*(.*?)\\s*\\*/");

    private Expectations() {
    }

    /** Line number to the set of "verb name" strings expected on it. */
    public static Map<Integer, Set<String>> read(Path file) throws IOException {
        Map<Integer, Set<String>> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = EXPECT.matcher(lines.get(i));
            if (m.find()) {
                Set<String> set = new TreeSet<>();
                for (String item : m.group(1).split(";")) {
                    set.add(item.strip().replaceAll("\\s+", " "));
                }
                out.put(i + 1, set);
            }
        }
        return out;
    }

    public static String verb(ShadowKind kind) {
        return switch (kind) {
            case FIELD_READ -> "get";
            case FIELD_WRITE -> "set";
            case FIELD_READWRITE -> "rw";
            case FIELD_ADDRESS -> "addr";
            case FP_CALL -> "fpcall";
            case CALL -> "call";
            case FUNCTION -> "func";
        };
    }

    /** The shadows of one file grouped like {@link #read}. */
    public static Map<Integer, Set<String>> of(List<Shadow> shadows, String file) {
        Map<Integer, Set<String>> out = new TreeMap<>();
        for (Shadow s : shadows) {
            if (s.file().equals(file)) {
                String name = s.struct().isEmpty() ? s.member() : s.struct() + "." + s.member();
                out.computeIfAbsent(s.line(), l -> new TreeSet<>()).add(verb(s.kind()) + " " + name);
            }
        }
        return out;
    }
}
