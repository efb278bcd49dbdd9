package dev.klas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle of {@code klas inspect}'s linking figures: one {@code readelf -d -r -S --dyn-syms -l -V -W} of the file,
 * parsed here and turned into the figures the report must show, computed from readelf's rows alone.
 */
final class ReadelfLinking {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s+(\\S+)\\s+([0-9a-f]{16})"
            + "\\s+[0-9a-f]+\\s+([0-9a-f]+)\\s+[0-9a-f]+\\s+([A-Za-z]*)\\s+\\d+\\s+\\d+\\s+\\d+$");
    private static final Pattern SEGMENT = Pattern.compile("^\\s+(\\S+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+"
            + "\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+([RWE ]+?)\\s+0x[0-9a-f]+$");
    private static final Pattern DYNAMIC = Pattern.compile("^\\s*0x[0-9a-f]+\\s+\\((\\w+)\\)\\s+(.*)$");
    private static final Pattern RELA_HEAD = Pattern.compile("^Relocation section '([^']+)'");
    private static final Pattern RELA = Pattern.compile("^([0-9a-f]{16})\\s+[0-9a-f]{16}\\s+(R_X86_64_\\w+|\\S+)"
            + "(?:\\s+[0-9a-f]{16}\\s+(\\S+))?");
    private static final Pattern SYMBOL = Pattern.compile("^\\s*\\d+:\\s+[0-9a-f]{16}\\s+(0x[0-9a-f]+|\\d+)\\s+\\S+"
            + "\\s+(\\S+)\\s+\\S+\\s+(\\S+)\\s+(\\S+)");
    private static final Pattern NEED_FILE = Pattern.compile("^\\s*[0-9a-fx]+:\\s+Version: \\d+\\s+File: (\\S+)");
    private static final Pattern NEED_NAME = Pattern.compile("^\\s*0x[0-9a-f]+:\\s+Name: (\\S+)\\s+Flags:");
    private static final Pattern DEF = Pattern.compile("^\\s*[0-9a-fx]+: Rev: \\d+\\s+Flags: .*Name: (\\S+)$");

    record Sec(String name, long address, long size, boolean alloc) {
    }

    record Load(long vaddr, long memsz, boolean writable) {
    }

    record Reloc(String section, long offset, String type, String symbol) {
    }

    final List<Sec> sections = new ArrayList<>();
    final List<Load> loads = new ArrayList<>();
    final List<String> segmentTypes = new ArrayList<>();
    final Map<String, List<String>> dynamic = new LinkedHashMap<>();
    final List<Reloc> relocations = new ArrayList<>();
    /** name (version stripped) to size, defined global or weak .dynsym entries only. */
    final Map<String, Long> definedSymbols = new LinkedHashMap<>();
    final List<Map<String, Object>> needs = new ArrayList<>();
    final List<String> definitions = new ArrayList<>();

    static ReadelfLinking of(Path dir, Path elf) {
        ReadelfLinking r = new ReadelfLinking();
        String out = Tools.run(dir, "readelf", "-d", "-r", "-S", "--dyn-syms", "-l", "-V", "-W", elf.toString());
        String rela = null;
        boolean dynsym = false;
        for (String line : out.split("\n")) {
            Matcher m;
            if ((m = RELA_HEAD.matcher(line)).find()) {
                rela = m.group(1);
                dynsym = false;
            } else if (line.startsWith("Symbol table '.dynsym'")) {
                dynsym = true;
                rela = null;
            } else if (line.isBlank() || line.startsWith("Version") || line.startsWith("Symbol table")) {
                rela = line.isBlank() ? rela : null;
                dynsym = dynsym && !line.startsWith("Version") && !line.startsWith("Symbol table");
            }
            r.line(line, rela, dynsym);
        }
        return r;
    }

    private void line(String line, String rela, boolean dynsym) {
        Matcher m;
        if ((m = SECTION.matcher(line)).find()) {
            sections.add(new Sec(m.group(2), Long.parseUnsignedLong(m.group(4), 16), Long.parseLong(m.group(5), 16),
                    m.group(6).contains("A")));
        } else if ((m = SEGMENT.matcher(line)).find()) {
            segmentTypes.add(m.group(1));
            if (m.group(1).equals("LOAD")) {
                loads.add(new Load(Long.parseUnsignedLong(m.group(2), 16), Long.parseLong(m.group(3), 16),
                        m.group(4).contains("W")));
            }
        } else if ((m = DYNAMIC.matcher(line)).find()) {
            dynamic.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2).trim());
        } else if (rela != null && (m = RELA.matcher(line)).find()) {
            relocations.add(new Reloc(rela, Long.parseUnsignedLong(m.group(1), 16), m.group(2),
                    m.group(3) == null ? "" : m.group(3).replaceAll("@.*", "")));
        } else if (dynsym && (m = SYMBOL.matcher(line)).find()) {
            boolean defined = !m.group(3).equals("UND") && (m.group(2).equals("GLOBAL") || m.group(2).equals("WEAK"));
            String size = m.group(1);
            if (defined) {
                definedSymbols.putIfAbsent(m.group(4).replaceAll("@.*", ""),
                        size.startsWith("0x") ? Long.parseLong(size.substring(2), 16) : Long.parseLong(size));
            }
        } else if ((m = NEED_FILE.matcher(line)).find()) {
            needs.add(new LinkedHashMap<>(Map.of("file", m.group(1), "versions", new ArrayList<String>())));
        } else if ((m = NEED_NAME.matcher(line)).find()) {
            @SuppressWarnings("unchecked")
            List<String> versions = (List<String>) needs.get(needs.size() - 1).get("versions");
            versions.add(m.group(1));
        } else if ((m = DEF.matcher(line)).find()) {
            definitions.add(m.group(1));
        }
    }

    private boolean dyn(String tag, String word) {
        return dynamic.getOrDefault(tag, List.of()).stream().anyMatch(v -> word == null || List.of(v.split("\\s+"))
                .contains(word));
    }

    private List<Reloc> allocated() {
        List<String> alloc = sections.stream().filter(Sec::alloc).map(Sec::name).toList();
        return relocations.stream().filter(x -> alloc.contains(x.section())).toList();
    }

    /** The figures klas must print, keyed like its JSON (closure and copy definers aside). */
    Map<String, Object> expected() {
        Map<String, Object> e = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        allocated().forEach(x -> counts.merge(x.type(), 1, Integer::sum));
        e.put("relocations", counts);
        e.put("relative", counts.getOrDefault("R_X86_64_RELATIVE", 0));
        e.put("globDat", counts.getOrDefault("R_X86_64_GLOB_DAT", 0));
        e.put("jumpSlot", counts.getOrDefault("R_X86_64_JUMP_SLOT", 0));
        e.put("others", counts.values().stream().mapToInt(Integer::intValue).sum() - (int) e.get("relative")
                - (int) e.get("globDat") - (int) e.get("jumpSlot"));
        String jmprel = dynamic.getOrDefault("JMPREL", List.of("-1")).get(0);
        long plt = jmprel.equals("-1") ? -1 : Long.decode(jmprel);
        String pltName = sections.stream().filter(s -> s.address() == plt && s.size() > 0).map(Sec::name)
                .filter(n -> n.startsWith(".rela")).findFirst().orElse("");
        e.put("pltEntries", (int) allocated().stream().filter(x -> x.section().equals(pltName)).count());
        boolean now = dyn("BIND_NOW", null) || dyn("FLAGS", "BIND_NOW") || dyn("FLAGS_1", "NOW");
        e.put("bindNow", now);
        e.put("relro", !segmentTypes.contains("GNU_RELRO") ? "none" : now ? "full" : "partial");
        e.put("versym", dyn("VERSYM", null));
        boolean sysv = dyn("HASH", null);
        boolean gnu = dyn("GNU_HASH", null);
        e.put("hashStyle", sysv && gnu ? "both" : gnu ? "gnu" : sysv ? "sysv" : "none");
        e.put("versionsNeeded", needs);
        e.put("versionsDefined", definitions);
        e.put("textRelocations", text(dyn("TEXTREL", null) || dyn("FLAGS", "TEXTREL")));
        return e;
    }

    private Map<String, Object> text(boolean flagged) {
        Map<String, Integer> where = new TreeMap<>();
        TreeSet<String> symbols = new TreeSet<>();
        TreeSet<Long> pages = new TreeSet<>();
        int count = 0;
        for (Reloc x : allocated()) {
            Load l = loads.stream().filter(s -> Long.compareUnsigned(x.offset() - s.vaddr(), s.memsz()) < 0)
                    .findFirst().orElse(null);
            if (l == null || l.writable()) {
                continue;
            }
            count++;
            where.merge(sections.stream().filter(s -> s.alloc() && s.size() > 0
                    && Long.compareUnsigned(x.offset() - s.address(), s.size()) < 0).map(Sec::name).findFirst()
                    .orElse("(no section)"), 1, Integer::sum);
            if (!x.symbol().isEmpty()) {
                symbols.add(x.symbol());
            }
            int width = x.type().matches("R_X86_64_(PC32|32|32S|PLT32|GOTPCREL|TPOFF32|DTPOFF32|SIZE32)") ? 4 : 8;
            pages.add(x.offset() >>> 12);
            pages.add((x.offset() + width - 1) >>> 12);
        }
        Map<String, Object> t = new TreeMap<>();
        t.put("flagged", flagged);
        t.put("count", count);
        t.put("sections", where);
        t.put("symbols", new ArrayList<>(symbols));
        t.put("privatePages", pages.size());
        return t;
    }

    /** Each R_X86_64_COPY's symbol and its size in this file's .dynsym. */
    List<Map.Entry<String, Long>> copies() {
        return allocated().stream().filter(x -> x.type().equals("R_X86_64_COPY"))
                .map(x -> Map.entry(x.symbol(), definedSymbols.getOrDefault(x.symbol(), -1L))).toList();
    }
}
