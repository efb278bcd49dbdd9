package dev.klas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finished test bed run: run-vm's exit code (0 = clean power-off, modules loaded, script exit 0, no Oops/BUG/WARN)
 * and its console log, cut at the markers testbed/README.md documents.
 */
record VmRun(int verdict, String log) {
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ");

    /** The script's output lines. */
    List<String> script() {
        return between("===== KLAS-TESTBED SCRIPT BEGIN =====", "===== KLAS-TESTBED SCRIPT END");
    }

    /** dmesg lines without their time stamps. */
    List<String> dmesg() {
        List<String> out = new ArrayList<>();
        for (String l : between("===== KLAS-TESTBED DMESG BEGIN =====", "===== KLAS-TESTBED DMESG END")) {
            out.add(STAMP.matcher(l).replaceFirst(""));
        }
        return out;
    }

    /** The unload lines {@code MODULE: hook N SYMBOL+0xOFF (FILE:LINE) hits H}: location to hits. */
    Map<String, Long> hits(String module) {
        Pattern p = Pattern.compile("^" + Pattern.quote(module) + ": hook \\d+ (\\S+) \\((\\S+)\\) hits (\\d+)$");
        Map<String, Long> out = new HashMap<>();
        for (String l : dmesg()) {
            Matcher m = p.matcher(l);
            if (m.matches() && out.put(m.group(1), Long.parseLong(m.group(3))) != null) {
                throw new AssertionError("two hit lines for " + m.group(1) + " in " + dmesg());
            }
        }
        return out;
    }

    /** The unload lines {@code MODULE: hook N SYMBOL+0xOFF (FILE:LINE) hits H}: FILE:LINE to the hits of its hooks. */
    Map<String, Long> hitsByLine(String module) {
        Pattern p = Pattern.compile("^" + Pattern.quote(module) + ": hook \\d+ \\S+ \\((\\S+)\\) hits (\\d+)$");
        Map<String, Long> out = new TreeMap<>();
        for (String l : dmesg()) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                out.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return out;
    }

    /** The unload line {@code MODULE: aspect NAME runs R returns T}: R. */
    Optional<Long> runs(String module, String aspect) {
        Pattern p = Pattern.compile("^" + Pattern.quote(module) + ": aspect " + Pattern.quote(aspect)
                + " runs (\\d+) returns \\d+$");
        return dmesg().stream().map(p::matcher).filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)))
                .findFirst();
    }

    /** The dmesg lines matching testbed/lib/kernel-errors (Oops, BUG, WARN, RCU stall, lockup, hung task). */
    List<String> kernelErrors() throws IOException {
        List<Pattern> patterns = Files.readAllLines(Run.repo().resolve("testbed/lib/kernel-errors")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Pattern::compile).toList();
        return dmesg().stream().filter(l -> patterns.stream().anyMatch(p -> p.matcher(l).find())).toList();
    }

    private List<String> between(String begin, String end) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : log.split("\n")) {
            if (line.startsWith(end)) {
                in = false;
            }
            if (in) {
                out.add(line);
            }
            if (line.startsWith(begin)) {
                in = true;
            }
        }
        return out;
    }
}
