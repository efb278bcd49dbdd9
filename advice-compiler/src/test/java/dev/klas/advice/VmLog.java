package dev.klas.advice;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test bed console log (testbed/README.md): the script's output and dmesg between their markers, dmesg cut into
 * phases at the {@code KLAS-PHASE NAME} lines the script writes to /dev/kmsg.
 */
public final class VmLog {
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ");
    private final List<String> script;
    private final Map<String, List<String>> phases = new HashMap<>();

    public VmLog(String log) {
        this.script = between(log, "===== KLAS-TESTBED SCRIPT BEGIN =====", "===== KLAS-TESTBED SCRIPT END");
        String phase = "load";
        for (String line : between(log, "===== KLAS-TESTBED DMESG BEGIN =====", "===== KLAS-TESTBED DMESG END")) {
            String text = STAMP.matcher(line).replaceFirst("");
            if (text.startsWith("KLAS-PHASE ")) {
                phase = text.substring("KLAS-PHASE ".length()).trim();
            }
            phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(text);
        }
    }

    private static List<String> between(String log, String begin, String end) {
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

    /** The dmesg lines of a phase (the phase's marker line first). */
    public List<String> phase(String name) {
        return phases.getOrDefault(name, List.of());
    }

    /** All dmesg lines. */
    public List<String> dmesg() {
        List<String> all = new ArrayList<>();
        phases.values().forEach(all::addAll);
        return all;
    }

    /** The {@code count NAME=N} lines the script printed after its line {@code == LABEL}. */
    public Map<String, Long> counts(String label) {
        Map<String, Long> out = new HashMap<>();
        boolean in = false;
        Pattern count = Pattern.compile("^count (\\w+)=(\\d+)$");
        for (String line : script) {
            if (line.startsWith("== ")) {
                in = line.equals("== " + label);
                continue;
            }
            Matcher m = count.matcher(line.trim());
            if (in && m.matches()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no counts after '== " + label + "' in the script output: " + script);
        }
        return out;
    }

    public List<String> script() {
        return script;
    }

    /** The dmesg lines matching testbed/lib/kernel-errors (Oops, BUG, WARN, RCU stall, lockup, hung task). */
    public List<String> kernelErrors() throws IOException {
        List<Pattern> patterns = Files.readAllLines(Repo.root().resolve("testbed/lib/kernel-errors")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Pattern::compile).toList();
        return dmesg().stream().filter(l -> patterns.stream().anyMatch(p -> p.matcher(l).find())).toList();
    }
}
