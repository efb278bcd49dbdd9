package dev.klas.resolve.joinpoint;

import dev.klas.resolve.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What objdump says about a binary: its instructions ({@code objdump -d --no-show-raw-insn}) and, for each address
 * where a row of the line table starts, the FILE:LINE of every row there ({@code objdump --dwarf=decodedline}; an
 * end of sequence clears the rows before it at its address, which cover nothing).
 * addr2line is not used: binutils 2.40's addr2line names the wrong file for DWARF 5 file entry 0.
 */
record Objdump(NavigableMap<Long, Insn> code, NavigableMap<Long, Set<String>> lines, Set<String> framePointer) {
    private static final Pattern SYMBOL = Pattern.compile("^([0-9a-f]+) <(.+)>:$");
    private static final Pattern ROW = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
    private static final Pattern LINE_ROW = Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+0x([0-9a-f]+)");

    static Objdump of(Path exe) {
        NavigableMap<Long, Insn> code = new TreeMap<>();
        Set<String> framePointer = new HashSet<>();
        String function = "?";
        long start = 0;
        for (String line : Tools.run(exe.getParent(), "objdump", "-d", "--no-show-raw-insn", exe.toString())
                .split("\n")) {
            Matcher s = SYMBOL.matcher(line);
            Matcher r = ROW.matcher(line);
            if (s.matches()) {
                function = s.group(2);
                start = Long.parseLong(s.group(1), 16);
            } else if (r.matches()) {
                long address = Long.parseLong(r.group(1), 16);
                Insn i = Insn.parse(address, function, address - start, r.group(2).trim().replaceAll("\\s+", " "));
                code.put(address, i);
                if (i.mnemonic().equals("mov") && i.operands().equals(List.of("%rsp", "%rbp"))) {
                    framePointer.add(function);
                }
            }
        }
        return new Objdump(code, lines(exe), framePointer);
    }

    private static NavigableMap<Long, Set<String>> lines(Path exe) {
        NavigableMap<Long, Set<String>> out = new TreeMap<>();
        for (String line : Tools.run(exe.getParent(), "objdump", "--dwarf=decodedline", exe.toString()).split("\n")) {
            Matcher m = LINE_ROW.matcher(line);
            if (m.find()) {
                Set<String> at = out.computeIfAbsent(Long.parseLong(m.group(3), 16), k -> new TreeSet<>());
                if (m.group(2).equals("-")) {
                    at.clear();
                } else {
                    at.add(m.group(1) + ":" + m.group(2));
                }
            }
        }
        return out;
    }

    /** The FILE:LINE of the rows covering the address (every row starting at the last row address before it). */
    Set<String> linesAt(long address) {
        var e = lines.floorEntry(address);
        return e == null ? Set.of() : e.getValue();
    }

    /** Every instruction some row of FILE:LINE covers, in address order. */
    List<Insn> onLine(String fileLine) {
        List<Insn> out = new ArrayList<>();
        for (Insn i : code.values()) {
            if (linesAt(i.address()).contains(fileLine)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The last instruction before {@code at} in its function that writes register {@code reg}. */
    java.util.Optional<Insn> lastWriteOf(String reg, Insn at) {
        for (Insn i : code.headMap(at.address(), false).descendingMap().values()) {
            if (!i.function().equals(at.function())) {
                break;
            }
            if (i.destinationRegister().filter(reg::equals).isPresent()) {
                return java.util.Optional.of(i);
            }
        }
        return java.util.Optional.empty();
    }
}
