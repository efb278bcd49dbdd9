package dev.klas.advice.testbed;

import dev.klas.advice.Exec;
import dev.klas.advice.Repo;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A finished test bed run, shared by every kernel test (advice-compiler's, and cli's through this module's test-jar):
 * testbed/run-vm's exit code (0 = clean power-off, modules loaded, script exit 0, no Oops/BUG/WARN) and its console
 * log, cut at the markers testbed/README.md documents. dmesg is cut into phases at the {@code KLAS-PHASE NAME} lines
 * a script writes to /dev/kmsg; the script's output into sections at its {@code == NAME} lines.
 */
public record VmRun(int verdict, String log) {
    private static final Pattern STAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ");

    /**
     * Boots testbed/run-vm with {@code args} (within {@code limit} for the whole run), keeps its console log at
     * target/NAME.log, and holds the run to a clean verdict (0) and a dmesg without kernel errors.
     */
    public static VmRun clean(String name, Duration limit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Repo.root().resolve("testbed/run-vm").toString());
        command.addAll(List.of(args));
        Exec.Result vm = Exec.run(new ProcessBuilder(command), limit);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", name + ".log"), vm.output());
        assertEquals(0, vm.exit(), "run-vm verdict:\n" + vm.output());
        VmRun run = new VmRun(vm.exit(), vm.output());
        assertEquals(List.of(), run.kernelErrors(), "kernel errors in dmesg");
        return run;
    }

    /** The script's output lines. */
    public List<String> script() {
        return between("===== KLAS-TESTBED SCRIPT BEGIN =====", "===== KLAS-TESTBED SCRIPT END");
    }

    /** dmesg lines without their time stamps. */
    public List<String> dmesg() {
        List<String> out = new ArrayList<>();
        for (String l : between("===== KLAS-TESTBED DMESG BEGIN =====", "===== KLAS-TESTBED DMESG END")) {
            out.add(STAMP.matcher(l).replaceFirst(""));
        }
        return out;
    }

    /** The dmesg lines of a phase, its {@code KLAS-PHASE NAME} line first ("load": the lines before any marker). */
    public List<String> phase(String name) {
        List<String> out = new ArrayList<>();
        String phase = "load";
        for (String line : dmesg()) {
            if (line.startsWith("KLAS-PHASE ")) {
                phase = line.substring("KLAS-PHASE ".length()).trim();
            }
            if (phase.equals(name)) {
                out.add(line);
            }
        }
        return out;
    }

    /** The script's output lines after its line {@code == NAME} up to the next {@code == } line, trimmed. */
    public List<String> section(String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : script()) {
            if (line.startsWith("== ")) {
                in = line.equals("== " + name);
            } else if (in) {
                out.add(line.trim());
            }
        }
        return out;
    }

    /** The {@code count NAME=N} lines of the script's section {@code == LABEL}. */
    public Map<String, Long> counts(String label) {
        Map<String, Long> out = new HashMap<>();
        Pattern count = Pattern.compile("^count (\\w+)=(\\d+)$");
        for (String line : section(label)) {
            Matcher m = count.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no counts after '== " + label + "' in the script output: " + script());
        }
        return out;
    }

    /** The module's unload lines in dmesg, {@code MODULE: hook N SYMBOL+0xOFF (FILE:LINE) hits H}: location to H. */
    public Map<String, Long> hits(String module) {
        return hits(module, dmesg());
    }

    /**
     * The lines {@code NAME: hook N SYMBOL+0xOFF (FILE:LINE) hits H} among {@code lines} (a kprobes module's at
     * rmmod, a linux-bpf loader's when it stops): location to H.
     */
    public static Map<String, Long> hits(String name, List<String> lines) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + ": hook \\d+ (\\S+) \\((\\S+)\\) hits (\\d+)$");
        Map<String, Long> out = new HashMap<>();
        for (String l : lines) {
            Matcher m = p.matcher(l.trim());
            if (m.matches() && out.put(m.group(1), Long.parseLong(m.group(3))) != null) {
                throw new AssertionError("two hit lines for " + m.group(1) + " in " + lines);
            }
        }
        return out;
    }

    /** The unload lines {@code MODULE: hook N SYMBOL+0xOFF (FILE:LINE) hits H}: FILE:LINE to the hits of its hooks. */
    public Map<String, Long> hitsByLine(String module) {
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
    public Optional<Long> runs(String module, String aspect) {
        Pattern p = Pattern.compile("^" + Pattern.quote(module) + ": aspect " + Pattern.quote(aspect)
                + " runs (\\d+) returns \\d+$");
        return dmesg().stream().map(p::matcher).filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)))
                .findFirst();
    }

    /** The dmesg lines matching testbed/lib/kernel-errors (Oops, BUG, WARN, RCU stall, lockup, hung task). */
    public List<String> kernelErrors() throws IOException {
        List<Pattern> patterns = Files.readAllLines(errorPatterns()).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(Pattern::compile).toList();
        return dmesg().stream().filter(l -> patterns.stream().anyMatch(p -> p.matcher(l).find())).toList();
    }

    /** testbed/lib/kernel-errors of the checkout: {@code klas.repo} if Surefire set it, else the first parent. */
    private static Path errorPatterns() {
        Path file = Path.of("testbed/lib/kernel-errors");
        String prop = System.getProperty("klas.repo", "");
        if (!prop.isEmpty() && Files.exists(Path.of(prop).resolve(file))) {
            return Path.of(prop).resolve(file);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(file))) {
                return p.resolve(file);
            }
        }
        throw new IllegalStateException(file + " not found above " + Path.of("").toAbsolutePath());
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
