package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole kernel as the unit of work: every unit of vmlinux extracted with {@code --kernel-tree} (the table is
 * made once in {@code ~/.cache/klas/whole-vmlinux.db}: the first run takes about 10 to 20 minutes on 2 cores; later
 * runs copy it and bring the copy up to date, so the cache is never changed once made, only made again when klas
 * refuses its schema version), then {@code set(sk_buff.len)}
 * and {@code fp-call(net_device_ops.*)} woven over it against Debian's debug vmlinux, built, loaded in the test bed
 * with a virtio-net NIC ({@code run-vm --net}) while busybox pings 127.0.0.1 and the slirp gateway 10.0.2.2 20 times
 * each. Oracles: the table's own shadows (each one is hooked, refused or unresolved, by its FILE:LINE), the kernel's
 * kprobes registration (all hooks registered), ping's summaries, the devices' own packet counters
 * (/sys/class/net/{lo,eth0}/statistics, read before and after the pings) and the test bed's verdict (clean dmesg,
 * clean rmmod). Every ICMP packet received passes icmp_rcv (on lo the 20 requests and the 20 replies, on eth0 the 20
 * replies), so the hook of the {@code __skb_pull} inlined there counts 2 × 20 + 20; every packet sent on lo or eth0
 * passes the {@code ops->ndo_start_xmit} call in dev_hard_start_xmit (for eth0 that is virtio_net's start_xmit), and
 * every frame received on either (virtio_net's receive path, and loopback_xmit) the {@code __skb_pull} inlined in
 * eth_type_trans, so those hooks count exactly what the counters moved by. The {@code ops->ndo_features_check} call
 * in netif_skb_features is made only for eth0 (virtio_net has that operation, loopback has not): once per packet
 * eth0 sent.
 * Opt-in beyond -Dklas.heavy: -Dklas.kernel.whole=true.
 */
class WholeKernelWeaveHeavyTest {
    private static final String ADVICE = "klas_whole";
    private static final String POINTCUT_A = "set(sk_buff.len)";
    private static final String POINTCUT_B = "fp-call(net_device_ops.*)";
    private static final int PINGS = 20;
    private static final Pattern UNRESOLVED = Pattern.compile("^(?:unresolved|refused): \\S+: (\\S+):(\\d+):\\d+ .*$");

    @Test
    void setSkbLenOverTheWholeKernel(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("extracts the whole kernel, weaves the debug vmlinux and boots a VM");
        Assumptions.assumeTrue(Boolean.getBoolean("klas.kernel.whole"), "whole kernel: -Dklas.kernel.whole=true");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path repo = Run.repo();
        Path tree = KernelBed.preparedTree();
        Path cache = Path.of(System.getProperty("user.home"), ".cache/klas/whole-vmlinux.db");
        if (Files.exists(cache) && Run.klas("query", "--db", cache.toString(), "--count", POINTCUT_A).err()
                .contains("re-extract")) {
            Files.delete(cache); // a table of an older schema: made again below
        }
        if (!Files.exists(cache)) {
            Files.createDirectories(cache.getParent());
            extract(tree, cache);
        }
        Path db = work.resolve("whole-vmlinux.db");
        Files.copy(cache, db);
        extract(tree, db);

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
                %s
                stats before
                ip link set lo up
                ping -c %d 127.0.0.1
                ping -c %d 10.0.2.2
                stats after
                rmmod %s
                """.formatted(VmTraffic.STATS, PINGS, PINGS, ADVICE), work, "--net");
        assertEquals(0, vm.verdict(), "run-vm verdict (0: loaded, clean dmesg, script ok):\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        assertTrue(vm.dmesg().contains(ADVICE + ": " + woven.hooks().size() + " hooks registered in vmlinux"),
                String.join("\n", vm.dmesg()));
        Map<String, Long> hits = vm.hits(ADVICE);
        assertEquals(woven.hooks().size(), hits.size(), "one unload line per hook");

        VmTraffic traffic = VmTraffic.parse(vm.script());
        long onLo = traffic.received("127.0.0.1");
        long onEth0 = traffic.received("10.0.2.2");
        assertEquals(PINGS, onLo, "ping's summary on lo");
        assertEquals(PINGS, onEth0, "ping's summary on eth0 (slirp's gateway answers echo requests)");
        VmTraffic.Counters lo = traffic.delta("lo");
        VmTraffic.Counters eth0 = traffic.delta("eth0");
        assertEquals(new VmTraffic.Counters(2 * onLo, 2 * onLo), lo, "lo: the requests and the replies, both ways");
        assertTrue(eth0.tx() >= onEth0 && eth0.tx() <= onEth0 + 4 && eth0.rx() >= onEth0 && eth0.rx() <= onEth0 + 4,
                "eth0 carried the pings and at most a few ARP packets: " + eth0);
        long inIcmpRcv = hitsIn(woven, hits, "icmp_rcv", "skb_len_writes");
        long xmit = hitsIn(woven, hits, "dev_hard_start_xmit", "ndo_calls");
        long pulled = hitsIn(woven, hits, "eth_type_trans", "skb_len_writes");
        long checked = hitsIn(woven, hits, "netif_skb_features", "ndo_calls");
        assertAll("hits against ping's summaries and lo's and eth0's counters",
                () -> assertEquals(2 * onLo + onEth0, inIcmpRcv,
                        "set(sk_buff.len) in icmp_rcv: once per ICMP packet received (2 × lo + eth0 pings)"),
                () -> assertEquals(lo.tx() + eth0.tx(), xmit, "ndo_start_xmit called in dev_hard_start_xmit: once"
                        + " per packet sent (lo " + lo.tx() + ", eth0 " + eth0.tx() + ")"),
                () -> assertEquals(lo.rx() + eth0.rx(), pulled, "set(sk_buff.len) in eth_type_trans: once per frame"
                        + " received (lo " + lo.rx() + ", eth0 " + eth0.rx() + ")"),
                () -> assertEquals(eth0.tx(), checked, "ndo_features_check called in netif_skb_features: once per"
                        + " packet sent on eth0 (virtio_net has one, loopback has none)"));
        long total = hits.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d shadow lines, %d hooks, %d registered, %d hits; packets lo %s, eth0 %s;"
                + " hits in icmp_rcv %d, dev_hard_start_xmit %d, eth_type_trans %d, netif_skb_features %d%n",
                shadows.size(), woven.hooks().size(), hits.size(), total, lo, eth0, inIcmpRcv, xmit, pulled, checked);
    }

    private static void extract(Path tree, Path db) {
        Run ex = Run.klas("extract", "--kernel-tree", tree.toString(), "--db", db.toString(), "--jobs", "2");
        System.out.println(ex.out());
        assertTrue(ex.exitCode() == 0 || ex.exitCode() == ExitCode.PARTIAL, ex.err());
        List<String> failed = ex.err().lines().filter(l -> l.startsWith("failed: ")).toList();
        assertTrue(failed.stream().allMatch(l -> l.contains("needs generated file")),
                "units fail only for files Kbuild generates while building: " + failed);
        assertTrue(failed.size() < 60, failed.size() + " units failed");
    }

    /** The hits of the hooks of ASPECT inside FUNCTION (by the woven hook table), failing when there is none. */
    private static long hitsIn(WovenHooks woven, Map<String, Long> hits, String function, String aspect) {
        List<WovenHooks.Hook> there = woven.hooks().stream()
                .filter(h -> h.location().startsWith(function + "+") && h.aspects().contains(aspect)).toList();
        assertTrue(!there.isEmpty(), "no hook of " + aspect + " in " + function);
        long sum = 0;
        for (WovenHooks.Hook h : there) {
            Long n = hits.get(h.location());
            assertTrue(n != null, "no hit count for " + h.location() + " at unload");
            sum += n;
        }
        return sum;
    }
}
