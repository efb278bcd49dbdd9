package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running kernel itself: samples/aspects/ip_ttl.xml ({@code iphdr.ttl} within net/ipv4/ip_output.c and icmp.c)
 * extracted from the Linux 6.1 tree scripts/prepare-kernel-tree prepares (two files only, to stay quick), woven
 * against Debian's debug vmlinux, built against the cloud kernel's headers, loaded in the test bed while busybox
 * pings 127.0.0.1 on loopback. Oracles: the source text (the hooked lines are the lines of those files that
 * dereference an {@code iph} or {@code ip_hdr()} pointer's ttl — both are {@code struct iphdr *} there, see
 * include/linux/ip.h — and not the {@code cork->ttl} / {@code ipc->ttl} lines of other structs), ping's own summary
 * with the source (every echo request and every echo reply is built by __ip_make_skb, whose {@code iph->ttl = ttl}
 * line must count packets transmitted plus received, and the TCP and multicast lines nothing), and the test bed's
 * verdict (no kernel error in dmesg).
 */
class KernelVmlinuxWeaveHeavyTest {
    private static final String ADVICE = "klas_ip_ttl";
    private static final List<String> FILES = List.of("net/ipv4/ip_output.c", "net/ipv4/icmp.c");
    private static final Pattern TTL = Pattern.compile("(\\w+(?:\\([^()]*\\))?)(?:->|\\.)ttl\\b");

    @Test
    void pingOnLoopbackHitsTheTtlHooks(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path repo = Run.repo();
        Path tree = KernelBed.preparedTree();
        Path cc = tree.resolve("compile_commands.json");

        Path db = work.resolve("net.db");
        List<String> extract = new ArrayList<>(List.of("extract", "--compile-commands", cc.toString(),
                "--root", tree.toString(), "--db", db.toString()));
        FILES.forEach(f -> extract.add(tree.resolve(f).toString()));
        Run ex = Run.klas(extract.toArray(String[]::new));
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", repo.resolve("samples/aspects/ip_ttl.xml").toString(), "--out",
                out.toString(), "--name", ADVICE, "--build", "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        Path advice = out.resolve(ADVICE + ".ko");
        assertTrue(Files.isRegularFile(advice), "klas weave --build made no " + advice + ":\n" + weave.out());
        WovenHooks woven = WovenHooks.parse(weave.out());
        Set<String> hooked = new TreeSet<>();
        woven.hooks().forEach(h -> hooked.add(h.file() + ":" + h.line()));
        assertEquals(iphdrTtlLines(tree), hooked, "hooked lines vs the source text:\n" + weave.out());

        VmRun vm = KernelBed.boot("vmlinux-ip-ttl-vm", List.of(advice), """
                set -e
                echo 1 > /sys/module/%1$s/parameters/printk
                ip link set lo up
                ping -c 3 127.0.0.1
                rmmod %1$s
                """.formatted(ADVICE), work);
        assertEquals(0, vm.verdict(), "run-vm verdict (0: loaded, clean dmesg, script ok):\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        assertTrue(vm.dmesg().contains(ADVICE + ": " + woven.hooks().size() + " hooks registered in vmlinux"),
                String.join("\n", vm.dmesg()));
        Map<String, Long> hits = vm.hits(ADVICE);
        assertEquals(woven.hooks().size(), hits.size(), "one unload line per hook: " + vm.dmesg());
        long sum = hits.values().stream().mapToLong(Long::longValue).sum();
        long sent = summary(vm.script(), "transmitted");
        long received = summary(vm.script(), "received");
        assertEquals(3, sent, "ping's summary: " + vm.script());
        assertEquals(3, received, "ping's summary: " + vm.script());
        Map<String, Long> expected = new TreeMap<>();
        hooked.forEach(l -> expected.put(l, 0L));
        expected.put(makeSkbTtl(tree), sent + received);
        assertEquals(expected, vm.hitsByLine(ADVICE), "hits per hooked line: every echo request and every reply"
                + " is built by __ip_make_skb (iph->ttl = ttl), no other hooked line (TCP, multicast) sees traffic");
        assertEquals(sum, (long) vm.runs(ADVICE, "ip_ttl").orElseThrow(), "advice runs at unload vs hook hits");
        long printed = vm.dmesg().stream().filter(l -> l.startsWith("klas ip_ttl: ttl access in ")).count();
        assertEquals(sum, printed, "one advice line per hit");
        assertFalse(vm.dmesg().stream().anyMatch(l -> l.contains("not registered")), String.join("\n", vm.dmesg()));
    }

    /** FILE:LINE of every {@code iph->ttl} or {@code ip_hdr(...)->ttl} in the woven files. */
    private static Set<String> iphdrTtlLines(Path tree) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String f : FILES) {
            List<String> lines = Files.readAllLines(tree.resolve(f));
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = TTL.matcher(lines.get(i));
                while (m.find()) {
                    if (m.group(1).equals("iph") || m.group(1).startsWith("ip_hdr(")) {
                        out.add(f + ":" + (i + 1));
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "no iphdr ttl access in " + FILES);
        return out;
    }

    /** FILE:LINE of {@code iph->ttl = ttl;} in __ip_make_skb, which builds every datagram of a raw or ping socket. */
    private static String makeSkbTtl(Path tree) throws Exception {
        List<String> lines = Files.readAllLines(tree.resolve(FILES.get(0)));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("struct sk_buff *__ip_make_skb(")) {
                start = i;
            } else if (start >= 0 && lines.get(i).trim().equals("iph->ttl = ttl;")) {
                return FILES.get(0) + ":" + (i + 1);
            }
        }
        throw new AssertionError("no iph->ttl = ttl; in __ip_make_skb of " + FILES.get(0));
    }

    /** N of ping's "N packets WHAT". */
    private static long summary(List<String> script, String what) {
        Matcher m = Pattern.compile("(\\d+) packets " + what).matcher(String.join("\n", script));
        assertTrue(m.find(), "no ping summary in " + script);
        return Long.parseLong(m.group(1));
    }
}
