package dev.klas.resolve.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Fixtures;
import dev.klas.resolve.Fixtures.Fixture;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Struct and union layouts of the fixtures (shapes.h) against {@code pahole -C NAME}: every member (nested
 * anonymous and inline-defined members flattened the way pahole prints them) at the same absolute bit offset with
 * the same size.
 */
class StructLayoutTest {
    private static final List<String> TYPES = List.of("mbuf", "mbuf_hdr", "value", "packed_pair");
    private static final Pattern MEMBER = Pattern.compile(
            "^\\s*(.*?);\\s*/\\*\\s+(\\d+)(?::\\s*(\\d+))?\\s+(\\d+)\\s*\\*/");

    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void layoutsMatchPahole(Fixture f) throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(f.path()));
        for (String type : TYPES) {
            String out = Tools.run(Fixtures.dir(), "pahole", "-C", type, DieTest.plain(f).toString());
            List<String> expected = pahole(out);
            List<StructLayout> layouts = dwarf.structLayouts(type);
            if (out.isBlank()) {
                assertEquals(List.of(), layouts, type + " is not in " + f);
                continue;
            }
            assertEquals(1, layouts.size(), type + " has one layout");
            List<String> actual = new ArrayList<>();
            flatten(layouts.get(0), "", 0, actual);
            assertTrue(expected.size() >= 2, type + ": " + out);
            assertEquals(expected, actual, type);
        }
    }

    @Test
    void dottedPathsAddNestedOffsetsUp() throws Exception {
        DwarfInfo dwarf = DwarfInfo.of(ElfFile.open(Fixtures.get("exe-O2-g5").path()));
        StructLayout mbuf = dwarf.structLayouts("mbuf").get(0);
        StructLayout hdr = dwarf.structLayouts("mbuf_hdr").get(0);
        long len = hdr.bitOffsetOf("mh_len").orElseThrow();
        assertEquals(mbuf.bitOffsetOf("m_hdr").orElseThrow() + len, mbuf.bitOffsetOf("m_hdr.mh_len").orElseThrow());
        assertTrue(mbuf.bitOffsetOf("pkt_len").isPresent(), "anonymous union members are reachable");
        assertTrue(mbuf.bitOffsetOf("m_hdr.nothing").isEmpty());
        assertEquals(dwarf.structLayouts("value_t"), dwarf.structLayouts("value"), "typedef names the union");
    }

    /** pahole's members as "path bitOffset size"; named inline-defined aggregates also as an entry. */
    static List<String> pahole(String text) {
        Deque<List<String>> stack = new ArrayDeque<>();
        stack.push(new ArrayList<>());
        boolean top = true;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (top) {
                top = false;
                continue;
            }
            if (t.matches("(struct|union)\\s*\\{")) {
                stack.push(new ArrayList<>());
                continue;
            }
            Matcher m = MEMBER.matcher(line);
            if (!m.find()) {
                continue;
            }
            String decl = m.group(1).replaceAll("__attribute__\\(\\(.*?\\)\\)+", "").trim();
            long bits = Long.parseLong(m.group(2)) * 8 + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
            String entry = bits + " " + m.group(4);
            if (decl.startsWith("}")) {
                List<String> inner = stack.pop();
                String name = decl.substring(1).trim();
                for (String s : inner) {
                    stack.peek().add(name.isEmpty() ? s : name + "." + s);
                }
                if (!name.isEmpty()) {
                    stack.peek().add(name + " " + entry);
                }
                continue;
            }
            stack.peek().add(memberName(decl) + " " + entry);
        }
        return stack.peek().stream().sorted().toList();
    }

    private static String memberName(String decl) {
        if (decl.contains("(*")) {
            return decl.substring(decl.indexOf("(*") + 2, decl.indexOf(')'));
        }
        String last = decl.substring(decl.lastIndexOf(' ') + 1);
        return last.replaceAll("\\[.*", "").replaceAll(":.*", "").replace("*", "");
    }

    static void flatten(StructLayout l, String prefix, long base, List<String> out) {
        for (Member m : l.members()) {
            long bits = base + m.bitOffset();
            boolean inline = m.nested().isPresent() && m.typeName().endsWith("{...}");
            if (inline) {
                String p = m.isAnonymous() ? prefix : prefix + m.name() + ".";
                flatten(m.nested().get(), p, bits, out);
            }
            if (!m.isAnonymous()) {
                out.add(prefix + m.name() + " " + bits + " " + m.byteSize());
            }
        }
        if (prefix.isEmpty()) {
            out.sort(null);
        }
    }
}
