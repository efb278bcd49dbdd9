package dev.klas.advice.kprobes;

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
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overload guard and the log of a kprobes advice module on two CPUs under ping load (guard-aspects.xml).
 * (a) spin takes 1 ms per m_get while kernel-mbuf runs 20,000 iterations on CPU 1: the guard switches it off within
 * 2 s with one kernel log line, ping -i 0.01 on CPU 0 loses nothing, hits go on being counted (equal to the
 * sample's own m_get count); switched on through its parameter it trips again. Without the guard the run would hold
 * CPU 1 for 40 s and the RCU stall detector would fire. (b) chatty prints on every m_len access of runs on both
 * CPUs: nothing reaches dmesg, the log file read while the runs go on holds the lines in time order per CPU, with
 * drops, and lines read plus lines dropped equal the hook hits and the sample's own count.
 */
class KernelGuardVmHeavyTest {
    private static final String ADVICE = "klas_guard_advice";
    private static final Pattern TRIP = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\] " + ADVICE + ": aspect spin switched"
            + " off: its advice took (\\d+) ms of (\\d+) ms on CPU (\\d) \\((\\d+)%, limit 500 ms per 1000 ms\\);"
            + " hits are still counted; switch it on again: echo 1 > /sys/module/" + ADVICE + "/parameters/spin$");

    @TempDir
    Path work;

    @Test
    void guardSwitchesSlowAdviceOffAndTheLogCountsEveryLine() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Map<String, List<SourcePlace>> all = MbufPlan.places();
        Map<String, List<SourcePlace>> places = new LinkedHashMap<>();
        places.put("spin", all.get("execution_m_get"));
        places.put("chatty", all.get("log_reset_len"));
        HookPlanner.Plan plan = HookPlanner.plan(new Binary(PlacedObject.open(ko)), places);
        assertEquals(List.of(), plan.unresolved());
        AdviceRequest request = new AdviceRequest(ADVICE, Target.kernelModule("kernel-mbuf", release),
                Aspects.load("guard-aspects.xml", work), plan.hooks());
        Path dir = work.resolve(ADVICE);
        KprobesGenerator.generate(request, dir);
        KbuildResult built = Kbuild.build(dir, Kbuild.kdir(release), ADVICE);
        assertTrue(built.built(), built.log());
        Path script = work.resolve("script.sh");
        Files.writeString(script, Files.readString(Path.of(KernelGuardVmHeavyTest.class
                .getResource("guard-script.sh").toURI())).replace("@ADVICE@", ADVICE));
        VmRun v = VmRun.clean("kernel-guard-vm", Duration.ofSeconds(480), "--smp", "2",
                "--modules", ko + "," + built.module().orElseThrow(), "--script", script.toString(), "--timeout", "400");
        String log = v.log();
        assertTrue(v.script().contains("== params 500 1000 N"), "defaults: " + v.script());
        guard(log, v);
        buffer(v);
    }

    private static void guard(String log, VmRun v) {
        List<Matcher> trips = log.lines().map(TRIP::matcher).filter(Matcher::matches).toList();
        assertEquals(2, trips.size(), "one line per trip:\n" + String.join("\n", v.dmesg()));
        for (int i = 0; i < 2; i++) {
            double start = value(v, "start" + (i + 1)), off = value(v, "off" + (i + 1));
            Matcher t = trips.get(i);
            assertTrue(off - start <= 2.0, "switched off " + (off - start) + " s after run " + (i + 1) + " began");
            assertTrue(Double.parseDouble(t.group(1)) - start <= 2.0, "the line came late: " + t.group());
            assertTrue(Long.parseLong(t.group(2)) >= 500 && Long.parseLong(t.group(2)) <= Long.parseLong(t.group(3)),
                    t.group());
            assertEquals("1", t.group(4), "the run was on CPU 1: " + t.group());
            Map<String, Long> run = v.counts("run" + (i + 1));
            KernelHitsVmHeavyTest.Read hits = KernelHitsVmHeavyTest.Read.of(v.script(), "hits" + (i + 1),
                    ADVICE);
            long calls = run.get("execution_m_get");
            assertEquals(40000, calls, "two m_get per iteration");
            assertEquals(calls, hits.hitsOf("spin"), "hits are counted while spin is off");
            long runs = hits.aspects().get("spin")[0];
            // Each 1 s window the run touched on CPU 1 holds at most 500 ms of spin without tripping, and the run
            // need not begin at a window's start: a first window that ended short of 500 ms (TCG: the vCPU's clock
            // runs on while the host does not schedule it) is followed by the one that trips. A run of L seconds
            // touches at most floor(L) + 2 windows.
            long bound = 500 * ((long) Math.floor(off - start) + 2);
            assertTrue(runs >= 20 && runs <= bound, "spin ran at most 500 times per window touched (500 ms of 1 ms)"
                    + " before the guard: " + runs + " > " + bound);
            assertEquals(0, hits.aspects().get("spin")[2], "spin is off");
        }
        String ping = String.join("\n", v.script());
        assertTrue(ping.contains("400 packets transmitted, 400 packets received, 0% packet loss"),
                "ping kept answering: " + ping);
    }

    private static void buffer(VmRun v) {
        Map<String, Long> run = v.counts("run3");
        KernelHitsVmHeavyTest.Read hits = KernelHitsVmHeavyTest.Read.of(v.script(), "hits3", ADVICE);
        Matcher m = Pattern.compile("^== log3 lines (\\d+) dropped (\\d+) order-bad (\\d+) cpus (\\d+)$")
                .matcher(v.script().stream().filter(l -> l.startsWith("== log3 lines")).findFirst().orElse(""));
        assertTrue(m.matches(), "no log summary: " + v.script());
        long lines = Long.parseLong(m.group(1)), dropped = Long.parseLong(m.group(2));
        assertEquals(run.get("log_reset_len"), hits.hitsOf("chatty"), "hook hits vs the sample's m_len count");
        assertEquals(hits.hitsOf("chatty"), lines + dropped, "hits = lines read + lines dropped");
        assertTrue(lines > 1000 && dropped > 0, "lines " + lines + ", dropped " + dropped);
        assertEquals("0", m.group(3), "each CPU's lines in time order");
        assertEquals("2", m.group(4), "lines of both CPUs");
        String first = after(v, "log3 head");
        assertTrue(first.matches("msg\t\\d+\\.\\d{6}\t[01]\tchatty: m_len at .*mbuf\\.c:\\d+"), first);
        assertTrue(after(v, "log3 drop").matches("drop\t\\d+\\.\\d{6}\t[01]\t[1-9]\\d*"), after(v, "log3 drop"));
        long console = v.dmesg().stream().filter(l -> l.startsWith("klas chatty: m_len at ")).count();
        assertEquals(v.counts("printk").get("log_reset_len"), console,
                "dmesg has chatty's lines of the printk=1 run only");
        assertTrue(v.dmesg().size() < 1000, "dmesg stays small: " + v.dmesg().size() + " lines");
    }

    private static double value(VmRun v, String label) {
        return v.script().stream().filter(l -> l.startsWith("== " + label + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(label.length() + 4).trim()))
                .orElseThrow(() -> new AssertionError("no == " + label + " in " + v.script()));
    }

    private static String after(VmRun v, String label) {
        int i = v.script().indexOf("== " + label);
        assertTrue(i >= 0 && i + 1 < v.script().size(), "no == " + label + ": " + v.script());
        return v.script().get(i + 1);
    }
}
