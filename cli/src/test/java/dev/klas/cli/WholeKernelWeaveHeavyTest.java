package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kernel as the unit of work: every unit of vmlinux extracted with {@code --kernel-tree} (into
 * {@code ~/.cache/klas/whole-vmlinux.db}, kept between runs: the first run takes about 10 to 20 minutes on 2 cores,
 * a rerun only checks what changed), then {@code set(sk_buff.len)} and {@code fp-call(net_device_ops.*)} woven
 * over it against Debian's debug vmlinux, built, loaded in the test bed while busybox pings 127.0.0.1 20 times.
 * Oracles: the table's own shadows (each one is hooked, refused or unresolved, by its FILE:LINE), the kernel's
 * kprobes registration (all hooks registered), ping's summary (every ICMP packet received on loopback, the 20
 * requests and the 20 replies, passes icmp_rcv, so some hook inside icmp_rcv — the {@code __skb_pull} inlined there —
 * counts exactly twice the packets received) and the test bed's verdict (clean dmesg, clean rmmod).
 * Opt-in beyond -Dklas.heavy: -Dklas.kernel.whole=true.
 */
class WholeKernelWeaveHeavyTest {
    private static final String ADVICE = "klas_whole";
    private static final String POINTCUT_A = "set(sk_buff.len)";
    private static final String POINTCUT_B = "fp-call(net_device_ops.*)";
    private static final Pattern UNRESOLVED = Pattern.compile("^(?:unresolved|refused): \\S+: (\\S+):(\\d+):\\d+ .*$");

    @Test
    void setSkbLenOverTheWholeKernel(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("extracts the whole kernel, weaves the debug vmlinux and boots a VM");
        Assumptions.assumeTrue(Boolean.getBoolean("klas.kernel.whole"), "whole kernel: -Dklas.kernel.whole=true");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = Path.of("/usr/lib/debug/boot/vmlinux-" + release);
        KernelBed.require(Files.isRegularFile(vmlinux), "no " + vmlinux + " (scripts/install-packages kernel)");
        Path repo = Run.repo();
        Path tree = Path.of(Tools.run(repo, repo.resolve("scripts/prepare-kernel-tree").toString(), "--print-dir")
                .trim());
        Path db = Path.of(System.getProperty("user.home"), ".cache/klas/whole-vmlinux.db");
        Files.createDirectories(db.getParent());

        Run ex = Run.klas("extract", "--kernel-tree", tree.toString(), "--db", db.toString(), "--jobs", "2");
        System.out.println(ex.out());
        assertTrue(ex.exitCode() == 0 || ex.exitCode() == ExitCode.PARTIAL, ex.err());
        List<String> failed = ex.err().lines().filter(l -> l.startsWith("failed: ")).toList();
        assertTrue(failed.stream().allMatch(l -> l.contains("needs generated file")),
                "units fail only for files Kbuild generates while building: " + failed);
        assertTrue(failed.size() < 60, failed.size() + " units failed");

        Path aspect = Files.writeString(work.resolve("whole.xml"), """
                <aspects>
                  <aspect name="skb_len_writes"><pointcut expr="%s"/><advice-before>(void)0;</advice-before></aspect>
                  <aspect name="ndo_calls"><pointcut expr="%s"/><advice-before>(void)0;</advice-before></aspect>
                </aspects>
                """.formatted(POINTCUT_A, POINTCUT_B));
        Path out = work.resolve("advice");
        long start = System.nanoTime();
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", ADVICE, "--build",
                "--kdir", kdir.toString());
        System.out.printf("weave and build: %.1f s%n%s%n", (System.nanoTime() - start) / 1e9,
                weave.err().lines().reduce((a, b) -> b).orElse(""));
        assertTrue(weave.exitCode() == 0 || weave.exitCode() == ExitCode.PARTIAL, weave.err());
        WovenHooks woven = WovenHooks.parse(weave.out());

        Set<String> shadows = new TreeSet<>();
        for (String p : List.of(POINTCUT_A, POINTCUT_B)) {
            Run q = Run.klas("query", "--db", db.toString(), "--format", "klas", p);
            assertEquals(0, q.exitCode(), q.err());
            q.out().lines().forEach(l -> shadows.add(l.substring(0, l.indexOf(':', l.indexOf(':') + 1))));
        }
        Set<String> accounted = woven.hooks().stream().map(h -> h.file() + ":" + h.line())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String l : weave.err().split("\n")) {
            Matcher m = UNRESOLVED.matcher(l);
            if (m.matches()) {
                accounted.add(m.group(1) + ":" + m.group(2));
            }
        }
        Set<String> missing = new TreeSet<>(shadows);
        missing.removeAll(accounted);
        assertEquals(Set.of(), missing, "shadows neither hooked nor refused nor unresolved");
        assertTrue(shadows.size() > 100 && woven.hooks().size() > 200, shadows.size() + " shadow lines, "
                + woven.hooks().size() + " hooks");

        VmRun vm = KernelBed.boot("whole-kernel-vm", List.of(out.resolve(ADVICE + ".ko")), """
                set -e
                ip link set lo up
                ping -c 20 127.0.0.1
                rmmod %s
                """.formatted(ADVICE), work);
        assertEquals(0, vm.verdict(), "run-vm verdict (0: loaded, clean dmesg, script ok):\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        assertTrue(vm.dmesg().contains(ADVICE + ": " + woven.hooks().size() + " hooks registered in vmlinux"),
                String.join("\n", vm.dmesg()));
        Map<String, Long> hits = vm.hits(ADVICE);
        assertEquals(woven.hooks().size(), hits.size(), "one unload line per hook");
        Matcher received = Pattern.compile("(\\d+) packets received").matcher(String.join("\n", vm.script()));
        assertTrue(received.find(), String.join("\n", vm.script()));
        long packets = Long.parseLong(received.group(1));
        assertEquals(20, packets, "ping's summary");
        List<String> inIcmpRcv = new ArrayList<>();
        hits.forEach((where, n) -> {
            if (where.startsWith("icmp_rcv+")) {
                inIcmpRcv.add(where + " " + n);
            }
        });
        assertTrue(hits.entrySet().stream().anyMatch(e -> e.getKey().startsWith("icmp_rcv+")
                && e.getValue() == 2 * packets), "a hook in icmp_rcv hit twice per packet: " + inIcmpRcv);
        long total = hits.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d shadow lines, %d hooks, %d registered, %d hits%n", shadows.size(),
                woven.hooks().size(), hits.size(), total);
    }
}
