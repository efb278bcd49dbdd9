package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.Aspects;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Modinfo;
import dev.klas.advice.OriginalBytes;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.Target;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole linux-kprobes path in one VM boot: kernel-mbuf.ko resolved, the advice module generated and built,
 * both loaded in Debian's cloud kernel under QEMU; hits equal the module's own counts, klas_target equals the
 * addresses it prints, parameters switch an aspect off, rmmod leaves no hits and the original bytes, and a module
 * whose plan has a wrong byte refuses to load without registering anything, as do a module made for another kernel
 * release and the advice module once its target module is gone.
 */
class KernelMbufVmHeavyTest {
    private static final String ADVICE = "klas_mbuf_advice";
    private static final String BAD = "klas_mbuf_bad";
    private static final String OTHER = "klas_mbuf_other";
    private static final Set<String> PEEKABLE = Set.of("m_get", "m_free", "m_freem", "m_append", "m_length",
            "kmbuf_run", "mem_read", "mem_write");

    @TempDir
    Path work;

    @Test
    void aspectsFireExactlyAsOftenAsTheModuleCounts() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path runVm = Repo.root().resolve("testbed/run-vm");
        assertTrue(Files.isExecutable(runVm), "the test bed is missing: " + runVm);
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        List<Aspect> aspects = Aspects.load("mbuf-aspects.xml", work);
        HookPlanner.Plan plan = HookPlanner.plan(new Binary(PlacedObject.open(ko)), MbufPlan.places());
        assertEquals(List.of(), plan.unresolved());
        assertEquals(List.of(), new Safety(new Binary(PlacedObject.open(ko))).check(plan.hooks()));
        Target target = Target.kernelModule("kernel-mbuf", release);
        Path advice = build(new AdviceRequest(ADVICE, target, aspects, plan.hooks()), release);
        Path bad = build(new AdviceRequest(BAD, target, aspects, withWrongByte(plan.hooks())), release);
        Path other = build(new AdviceRequest(OTHER, Target.kernelModule("kernel-mbuf", release + "-other"), aspects,
                plan.hooks()), release);

        Path script = work.resolve("script.sh");
        Files.writeString(script, script(plan.hooks(), bad.getFileName().toString()));
        VmRun vm = VmRun.clean("kernel-mbuf-vm", Duration.ofSeconds(420), "--modules", ko + "," + advice, "--script",
                script.toString(), "--file", bad.toString(), "--file", other.toString(), "--file", advice.toString(),
                "--timeout", "300");
        check(vm, plan.hooks());
    }

    private Path build(AdviceRequest request, String release) throws Exception {
        Path dir = work.resolve(request.moduleName());
        KprobesGenerator.generate(request, dir);
        KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), request.moduleName());
        assertTrue(r.built(), r.log());
        return r.module().orElseThrow();
    }

    /** The same hooks, but the plan of the first one with a known byte flipped. */
    private static List<Hook> withWrongByte(List<Hook> hooks) {
        List<Hook> out = new ArrayList<>(hooks);
        Hook h = hooks.get(0);
        List<Integer> bytes = new ArrayList<>(h.original().values());
        for (int i = 0; i < bytes.size(); i++) {
            if (bytes.get(i) != OriginalBytes.UNKNOWN) {
                bytes.set(i, bytes.get(i) ^ 0xff);
                break;
            }
        }
        out.set(0, new Hook(h.location(), new OriginalBytes(bytes), h.place(), h.aspects(), h.access()));
        return out;
    }

    private static String script(List<Hook> hooks, String badKo) {
        String param = "/sys/module/" + ADVICE + "/parameters/fp_call_read";
        StringBuilder s = new StringBuilder("""
                set -e
                P=/proc/kernel-mbuf
                echo 1 > /sys/module/%2$s/parameters/printk
                echo "KLAS-PHASE on" > /dev/kmsg
                echo "run 3 v" > $P
                echo "== on"; cat $P
                echo 0 > %1$s
                echo "KLAS-PHASE off" > /dev/kmsg
                echo reset > $P
                echo "run 2" > $P
                echo "== off"; cat $P
                echo 1 > %1$s
                echo "KLAS-PHASE rmmod" > /dev/kmsg
                rmmod %2$s
                echo "KLAS-PHASE after" > /dev/kmsg
                echo reset > $P
                echo "run 2" > $P
                echo "== after"; cat $P
                """.formatted(param, ADVICE));
        for (Hook h : hooks) {
            if (PEEKABLE.contains(h.location().symbol())) {
                s.append("echo \"peek ").append(h.location().symbol()).append(' ')
                        .append(Long.toHexString(h.location().offset())).append(' ').append(h.original().length())
                        .append("\" > $P\n");
            }
        }
        s.append("""
                echo "KLAS-PHASE bad" > /dev/kmsg
                if insmod /test/%1$s; then echo "the module with a wrong byte loaded"; exit 1; fi
                echo "KLAS-PHASE other" > /dev/kmsg
                if insmod /test/%3$s.ko; then echo "the module for another release loaded"; exit 1; fi
                echo "KLAS-PHASE bad-after" > /dev/kmsg
                echo "run 1" > $P
                rmmod kernel_mbuf
                echo "KLAS-PHASE no-target" > /dev/kmsg
                if insmod /test/%2$s.ko; then echo "the advice module loaded without its target"; exit 1; fi
                """.formatted(badKo, ADVICE, OTHER));
        return s.toString();
    }

    private static void check(VmRun log, List<Hook> hooks) {
        Map<String, Long> on = log.counts("on");
        Map<String, Long> off = log.counts("off");
        Map<String, Long> after = log.counts("after");
        assertTrue(hooks.stream().anyMatch(h -> h.location().symbol().startsWith("m_setflag.")
                && h.aspects().contains("set_m_flags")), "a hook in the gcc clone of m_setflag");
        for (String aspect : List.of("log_reset_len", "fp_call_read", "call_m_free", "execution_m_get", "set_m_flags")) {
            assertTrue(on.get(aspect) > 0, aspect + " must happen in the sample");
            assertEquals(on.get(aspect), advised(log.phase("on"), aspect), aspect + ": advice runs with all on");
            long whenOff = aspect.equals("fp_call_read") ? 0 : off.get(aspect);
            assertEquals(whenOff, advised(log.phase("off"), aspect), aspect + ": advice runs with fp_call_read off");
            assertEquals(on.get(aspect) + off.get(aspect), hits(log.phase("rmmod"), hooks, aspect),
                    aspect + ": hook hits printed at unload");
            assertEquals(on.get(aspect) + whenOff, runs(log.phase("rmmod"), aspect), aspect + ": runs at unload");
            assertTrue(after.get(aspect) > 0);
            assertEquals(0, advised(log.phase("after"), aspect), aspect + ": no advice after rmmod");
            assertEquals(0, advised(log.phase("bad-after"), aspect), aspect + ": the refused module hooked nothing");
        }
        String leave = "klas execution_m_get: leave m_get";
        assertEquals(on.get("execution_m_get"), log.phase("on").stream().filter(leave::equals).count(), "after-advice");
        assertEquals(off.get("execution_m_get"), log.phase("off").stream().filter(leave::equals).count());
        assertEquals(0, log.phase("after").stream().filter(leave::equals).count());
        assertEquals(on.get("execution_m_get") + off.get("execution_m_get"),
                returns(log.phase("rmmod"), "execution_m_get"), "returns at unload");
        checkTargets(log.phase("on"));
        checkPeeks(log.phase("after"), hooks);
        String bad = String.join("\n", log.phase("bad"));
        assertTrue(bad.contains(BAD + ": hook " + hooks.get(0).location()) && bad.contains("the plan expects"), bad);
        assertTrue(bad.contains("no hook registered, not loading"), bad);
        String other = String.join("\n", log.phase("other"));
        assertTrue(other.matches("(?s).*" + OTHER + ": made for kernel \\S+-other, this is \\S+: not loading.*"), other);
        String noTarget = String.join("\n", log.phase("no-target"));
        assertTrue(noTarget.contains("is module kernel_mbuf loaded?") && noTarget.contains("not loading"), noTarget);
    }

    private static long advised(List<String> dmesg, String aspect) {
        return dmesg.stream().filter(l -> l.startsWith("klas " + aspect + ": ") && !l.contains(": leave ")).count();
    }

    private static long hits(List<String> dmesg, List<Hook> hooks, String aspect) {
        long sum = 0;
        for (int i = 0; i < hooks.size(); i++) {
            if (!hooks.get(i).aspects().contains(aspect)) {
                continue;
            }
            assertEquals(List.of(aspect), hooks.get(i).aspects(), "one aspect per hook in this sample");
            Pattern p = Pattern.compile("^" + ADVICE + ": hook " + i + " .* hits (\\d+)$");
            sum += dmesg.stream().map(p::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                    .reduce((a, b) -> {
                        throw new AssertionError("two hit lines for hook " + 0);
                    }).orElseThrow(() -> new AssertionError("no hit line for hook " + 0 + " in " + dmesg));
        }
        return sum;
    }

    private static long runs(List<String> dmesg, String aspect) {
        return unloadCount(dmesg, aspect, 1);
    }

    private static long returns(List<String> dmesg, String aspect) {
        return unloadCount(dmesg, aspect, 2);
    }

    /** From {@code MODULE: aspect NAME runs R returns T}: R (group 1) or T (group 2). */
    private static long unloadCount(List<String> dmesg, String aspect, int group) {
        Pattern p = Pattern.compile("^" + ADVICE + ": aspect " + Pattern.quote(aspect) + " runs (\\d+) returns (\\d+)$");
        return dmesg.stream().map(p::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(group)))
                .findFirst().orElseThrow(() -> new AssertionError("no runs line for " + aspect + " in " + dmesg));
    }

    /** Every non-null klas_target the paper's aspect printed is an mbuf the module printed. */
    private static void checkTargets(List<String> dmesg) {
        Set<String> mbufs = new HashSet<>();
        Pattern mbuf = Pattern.compile("^kernel-mbuf: mbuf ([0-9a-f]{16})$");
        Pattern target = Pattern.compile("^klas (?:log_reset_len: \\d+ m_len target|set_m_flags: m_flags written in"
                + " \\w+, mbuf) ([0-9a-f]{16})$");
        dmesg.stream().map(mbuf::matcher).filter(Matcher::matches).forEach(m -> mbufs.add(m.group(1)));
        assertTrue(mbufs.size() >= 2, "the module printed its mbufs: " + dmesg);
        long precise = 0;
        for (String l : dmesg) {
            Matcher m = target.matcher(l);
            if (m.matches() && !m.group(1).equals("0000000000000000")) {
                assertTrue(mbufs.contains(m.group(1)), "klas_target " + m.group(1) + " is no mbuf of " + mbufs);
                precise++;
            }
        }
        assertTrue(precise > 0, "access-precise hooks printed klas_target");
    }

    /** After rmmod, the code at every hook the module can show holds the plan's original bytes again. */
    private static void checkPeeks(List<String> dmesg, List<Hook> hooks) {
        int checked = 0;
        for (Hook h : hooks) {
            if (!PEEKABLE.contains(h.location().symbol())) {
                continue;
            }
            String prefix = "kernel-mbuf: peek " + h.location().symbol() + "+0x" + Long.toHexString(h.location().offset())
                    + ": ";
            String line = dmesg.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + " in " + dmesg));
            String[] now = line.substring(prefix.length()).trim().split(" ");
            List<Integer> want = h.original().values();
            assertEquals(want.size(), now.length, line);
            for (int i = 0; i < now.length; i++) {
                if (want.get(i) != OriginalBytes.UNKNOWN) {
                    assertEquals((int) want.get(i), Integer.parseInt(now[i], 16), line + " vs " + h.original());
                }
            }
            checked++;
        }
        assertTrue(checked > 0);
    }
}
