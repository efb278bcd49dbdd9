package dev.klas.advice.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.Target;
import dev.klas.advice.testbed.LoaderScript;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loops, the overload guard and the ring buffer's drops of linux-bpf loaders on two CPUs (bpf-guard-aspects.xml,
 * bpf-verifier-loops.xml). (a) Loops klas leaves to the verifier: "infinite loop detected" and a loop that runs the
 * verifier to its limit are each reported at the loop's aspect line, exit 4, nothing attached. (b) spin, a loop
 * bounded by a constant that waits up to 1 ms per m_get, loads and runs while kernel-mbuf runs 20,000 iterations on CPU 1;
 * the guard switches it off within 2 s with one loader line, ping -i 0.01 on CPU 0 loses nothing, hits go on being
 * counted (equal to the sample's own m_get count); switched on with SIGUSR1 it trips again. (c) chatty prints on
 * every m_len access of runs on both CPUs while the loader is stopped (SIGSTOP): lines printed plus the dropped
 * count equal the hits and the sample's own count. Both loaders' pinned counts are read while they run
 * ({@code NAME --hits}: spin off after each trip, every hook's hits), and unpinned when they stop.
 */
class BpfGuardVmHeavyTest {
    static final String SPIN = "klas_spin_bpf";
    static final String CHATTY = "klas_chatty_bpf";
    static final String ENDLESS = "klas_endless_bpf";
    static final String TOOLONG = "klas_toolong_bpf";
    private static final Pattern TRIP = Pattern.compile("^" + SPIN + ": aspect spin switched off: its advice took"
            + " (\\d+) ms of (\\d+) ms on CPU (\\d) \\((\\d+)%, limit 500 ms per 1000 ms\\); hits are still counted;"
            + " switch it on again: kill -USR1 \\d+$");

    @TempDir
    Path work;

    @Test
    void guardSwitchesSlowAdviceOffAndDropsAreCounted() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Binary binary = new Binary(PlacedObject.open(ko));
        Target target = Target.kernelModule("kernel-mbuf", release);
        Map<String, List<SourcePlace>> all = MbufPlan.places();
        List<Aspect> guard = Aspects.load("bpf-guard-aspects.xml", work);
        Path spin = loader(SPIN, target, guard.get(0), all.get("execution_m_get"), binary, release);
        Path chatty = loader(CHATTY, target, guard.get(1), all.get("log_reset_len"), binary, release);
        Path loopsXml = Aspects.copy("bpf-verifier-loops.xml", work);
        List<Aspect> loops = AspectLoader.load(loopsXml);
        List<SourcePlace> mGet = List.of(MbufPlan.function("mbuf.c", "m_get"));
        Path endless = loader(ENDLESS, target, loops.get(0), mGet, binary, release);
        Path toolong = loader(TOOLONG, target, loops.get(1), mGet, binary, release);

        Path script = work.resolve("script.sh");
        Files.writeString(script, Files.readString(Path.of(BpfGuardVmHeavyTest.class
                .getResource("/dev/klas/advice/kprobes/bpf-guard-script.sh").toURI()))
                .replace("@REFUSED@", refused(ENDLESS) + refused(TOOLONG))
                .replace("@START_SPIN@", LoaderScript.start(SPIN, "")).replace("@STOP_SPIN@", LoaderScript.stop(SPIN))
                .replace("@START_CHATTY@", LoaderScript.start(CHATTY, ""))
                .replace("@STOP_CHATTY@", LoaderScript.stop(CHATTY)).replace("@SPIN@", SPIN).replace("@CHATTY@", CHATTY));
        VmRun v = VmRun.clean("bpf-guard-vm", Duration.ofSeconds(600), "--smp", "2", "--modules", ko.toString(),
                "--script", script.toString(), "--file", spin.toString(), "--file", chatty.toString(), "--file",
                endless.toString(), "--file", toolong.toString(), "--timeout", "500");
        verifier(v, ENDLESS, loopsXml, "while (i", "infinite loop detected");
        verifier(v, TOOLONG, loopsXml, "for (__u64 i", "\"BPF program is too large\"");
        guard(v);
        drops(v);
    }

    private Path loader(String name, Target target, Aspect aspect, List<SourcePlace> places, Binary binary,
                        String release) throws Exception {
        HookPlanner.Plan plan = HookPlanner.plan(binary, Map.of(aspect.name(), places));
        assertEquals(List.of(), plan.unresolved());
        return BpfLoaders.build(new AdviceRequest(name, target, List.of(aspect), plan.hooks()), release,
                work.resolve(name));
    }

    private static String refused(String name) {
        return """
                rc=0; /test/%1$s --duration 5 > /test/%1$s.out 2>&1 || rc=$?
                echo "== %1$s refused"; cat /test/%1$s.out; echo "exit $rc"
                echo "== kprobes after %1$s"; cat /sys/kernel/debug/kprobes/list
                """.formatted(name);
    }

    /** The verifier's refusal at the loop's aspect line, exit 4, no kprobe left behind. */
    private static void verifier(VmRun v, String name, Path xml, String loop, String reason) throws Exception {
        List<String> out = v.section(name + " refused");
        String at = xml + ":" + Aspects.position(xml, loop)[0] + ": error: the kernel's verifier refused this advice"
                + " (program klas_hook_0): ";
        assertTrue(out.stream().anyMatch(l -> l.startsWith(at) && l.contains(reason)), "refused at " + at + reason
                + ": " + out.stream().filter(l -> !l.matches("^\\d+: .*|^;.*")).toList());
        assertTrue(out.contains("exit 4"), out.toString());
        assertTrue(out.stream().noneMatch(l -> l.contains("hooks attached")), out.toString());
        assertEquals(List.of(), v.section("kprobes after " + name), "no kprobe left after " + name);
    }

    private static void guard(VmRun v) throws java.io.IOException {
        List<String> out = LoaderScript.output(v, SPIN);
        int mGetLine = MbufPlan.function("mbuf.c", "m_get").line(); // the sample's own line, not a copy of it
        List<Matcher> trips = out.stream().map(TRIP::matcher).filter(Matcher::matches).toList();
        assertEquals(2, trips.size(), "one line per trip: " + out);
        assertEquals(2, out.stream().filter((SPIN + ": aspect spin switched on again")::equals).count(), out.toString());
        long calls = 0;
        for (int i = 0; i < 2; i++) {
            double start = value(v, "start" + (i + 1)), off = value(v, "off" + (i + 1));
            assertTrue(off - start <= 2.0, "switched off " + (off - start) + " s after run " + (i + 1) + " began");
            Matcher t = trips.get(i);
            assertTrue(Long.parseLong(t.group(1)) >= 500 && Long.parseLong(t.group(1)) <= Long.parseLong(t.group(2)),
                    t.group());
            assertEquals("1", t.group(3), "the run was on CPU 1: " + t.group());
            calls += v.counts("run" + (i + 1)).get("execution_m_get");
            List<String> live = v.section("spin hits" + (i + 1));
            assertTrue(live.contains("klas-hits\t1\t" + SPIN + "\tsince-load") && live.stream().anyMatch(l ->
                    l.matches("aspect\t0\tspin\t\\d+\t0\t0")), "spin off in the live counts: " + live);
            String hook = "hook\t0\t" + calls + "\tm_get\t0\tregistered\tmbuf.c:" + mGetLine + ":";
            assertTrue(live.stream().anyMatch(l -> l.startsWith(hook)),
                    "the live hits of m_get after run " + (i + 1) + ": " + live);
        }
        assertEquals(80000, calls, "two m_get per iteration, two runs");
        Map<String, Long> hits = VmRun.hits(SPIN, out);
        assertEquals(calls, hits.values().stream().mapToLong(Long::longValue).sum(), "hits are counted while off");
        Matcher runs = Pattern.compile("^" + SPIN + ": aspect spin runs (\\d+) returns 0$").matcher(out.stream()
                .filter(l -> l.startsWith(SPIN + ": aspect spin runs")).findFirst().orElse(""));
        assertTrue(runs.matches(), out.toString());
        long n = Long.parseLong(runs.group(1));
        assertTrue(n >= 20 && n < calls / 4, "spin ran " + n + " of " + calls + " times: the guard stopped it");
        assertTrue(out.contains("exit 0"), out.toString());
        String ping = String.join("\n", v.script());
        assertTrue(ping.contains("400 packets transmitted, 400 packets received, 0% packet loss"),
                "ping kept answering: " + ping);
    }

    private static void drops(VmRun v) {
        List<String> out = LoaderScript.output(v, CHATTY);
        long lines = out.stream().filter(l -> l.matches("klas chatty: m_len at \\S+:\\d+")).count();
        Matcher d = Pattern.compile("^" + CHATTY + ": dropped (\\d+) lines of advice output \\(ring buffer full\\)$")
                .matcher(out.stream().filter(l -> l.contains(": dropped ")).findFirst().orElse(""));
        assertTrue(d.matches(), "the drop line: " + out.stream().filter(l -> !l.startsWith("klas ")).toList());
        long dropped = Long.parseLong(d.group(1));
        long hits = VmRun.hits(CHATTY, out).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(v.counts("run3").get("log_reset_len"), hits, "hook hits vs the sample's m_len count");
        assertEquals(hits, lines + dropped, "hits = lines printed + lines dropped");
        assertTrue(lines > 100 && dropped > 0, "lines " + lines + ", dropped " + dropped);
        List<String> live = v.section("chatty hits");
        assertTrue(live.contains("aspect\t0\tchatty\t" + hits + "\t0\t1"), "live counts: " + live);
        assertEquals(VmRun.hits(CHATTY, out).values().stream().sorted().toList(), live.stream()
                .filter(l -> l.startsWith("hook\t")).map(l -> Long.parseLong(l.split("\t")[2])).sorted().toList(),
                "the live counts of every hook, read while the loader runs, equal its last lines");
        assertEquals(live.stream().filter(l -> l.startsWith("hook\t")).count(), live.stream()
                .filter(l -> l.matches("advice\t\\d+\tchatty")).count(), "one advice line per hook: " + live);
        assertEquals(List.of(), v.section("pins after"), "the loader unpins its maps when it stops");
        assertTrue(v.section("hits after").contains("exit 1"), v.section("hits after").toString());
        assertTrue(out.contains("exit 0"), out.toString());
    }

    private static double value(VmRun v, String label) {
        return v.script().stream().filter(l -> l.startsWith("== " + label + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(label.length() + 4).trim()))
                .orElseThrow(() -> new AssertionError("no == " + label + " in " + v.script()));
    }
}
