package dev.klas.resolve.dwarf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The DIEs of {@code llvm-dwarfdump --debug-info} output: offset, tag, attribute texts, resolved ranges. */
final class LlvmDump {
    record DumpDie(long offset, String tag, Map<String, String> attributes, List<AddressRange> ranges) {
    }

    private static final Pattern DIE = Pattern.compile("^0x([0-9a-f]{8}):\\s+(DW_TAG_\\w+|NULL)");
    private static final Pattern ATTR = Pattern.compile("^\\s+(DW_AT_\\w+)\\s+\\((.*)$");
    private static final Pattern RANGE = Pattern.compile("^\\s+\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)\\)?$");

    private LlvmDump() {
    }

    static Map<Long, DumpDie> parse(String text) {
        Map<Long, DumpDie> out = new LinkedHashMap<>();
        DumpDie cur = null;
        String attr = "";
        for (String line : text.split("\n")) {
            Matcher m = DIE.matcher(line);
            if (m.find()) {
                cur = null;
                if (!m.group(2).equals("NULL")) {
                    cur = new DumpDie(Long.parseLong(m.group(1), 16), m.group(2), new LinkedHashMap<>(),
                            new ArrayList<>());
                    out.put(cur.offset(), cur);
                }
                continue;
            }
            if (cur == null) {
                continue;
            }
            Matcher a = ATTR.matcher(line);
            if (a.find()) {
                attr = a.group(1);
                cur.attributes().put(attr, a.group(2));
                continue;
            }
            Matcher r = RANGE.matcher(line);
            if (r.find() && attr.equals("DW_AT_ranges")) {
                cur.ranges().add(new AddressRange(Long.parseUnsignedLong(r.group(1), 16),
                        Long.parseUnsignedLong(r.group(2), 16)));
            }
        }
        return out;
    }

    /** The quoted name of DW_AT_name, or of the DIE named by DW_AT_abstract_origin / DW_AT_specification. */
    static String name(DumpDie d) {
        for (String key : List.of("DW_AT_name", "DW_AT_abstract_origin", "DW_AT_specification")) {
            String v = d.attributes().get(key);
            if (v != null && v.contains("\"")) {
                return v.substring(v.indexOf('"') + 1, v.lastIndexOf('"'));
            }
        }
        return "";
    }

    static long hex(String attributeText) {
        String t = attributeText.replace(")", "").trim();
        return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
    }
}
