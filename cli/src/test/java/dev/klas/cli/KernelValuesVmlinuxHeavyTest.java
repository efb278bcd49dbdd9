package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas_old and klas_new in the running kernel: samples/aspects/skb_len.xml woven against Debian's debug vmlinux
 * (net/core/skbuff.c extracted from the prepared Linux 6.1 tree) hooks skb_put's {@code add %esi,0x70(%rdi)}, a
 * read-modify-write whose advice runs in the post_handler. In the test bed busybox pings 127.0.0.1 once with
 * {@code -s 1000} and once with {@code -s 1234}; each echo request and each reply is built by __ip_append_data with
 * one skb_put of the whole datagram into an empty skb. The oracles: ping's SIZE, and ping's own "N bytes from"
 * (the ICMP message, SIZE + 8) plus the 20-byte IP header. The same advice at skb_put's entry, which is no access,
 * is refused: exit 1, at the name's position, nothing written.
 */
class KernelValuesVmlinuxHeavyTest {
    private static final String ADVICE = "klas_skb_len";
    private static final List<Integer> SIZES = List.of(1000, 1234);

    @Test
    void pingsSizeIsTheLengthSkbPutLeaves(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("skb.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(),
                "--root", tree.toString(), "--db", db.toString(), tree.resolve("net/core/skbuff.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        refusal(work, vmlinux, db);

        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", Run.repo().resolve("samples/aspects/skb_len.xml").toString(), "--out",
                out.toString(), "--name", ADVICE, "--build", "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        String c = Files.readString(out.resolve("advice.c"));
        assertTrue(c.contains(".post_handler = klas_post_0,"), "the read-modify-write's advice runs after it:\n" + c);

        VmRun vm = KernelBed.boot("vmlinux-skb-len-vm", List.of(out.resolve(ADVICE + ".ko")),
                KernelBed.pingScript(ADVICE, SIZES), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Pattern line = Pattern.compile("^klas skb_len: old (\\d+) new (\\d+)$");
        for (int size : SIZES) {
            Matcher icmp = vm.script().stream().map(Pattern.compile("^(\\d+) bytes from 127\\.0\\.0\\.1: seq=0 .*")
                    ::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(String.valueOf(size + 8)))
                    .findFirst().orElseThrow(() -> new AssertionError("ping -s " + size + ": " + vm.script()));
            int datagram = Integer.parseInt(icmp.group(1)) + 20;
            List<String> seen = new ArrayList<>();
            vm.phase("ping" + size).stream().map(line::matcher).filter(Matcher::matches)
                    .forEach(m -> seen.add(m.group(1) + " " + m.group(2)));
            assertEquals(List.of("0 " + datagram, "0 " + datagram), seen, "ping -s " + size + ": the request and"
                    + " the reply, each " + size + " bytes + 8 (ICMP header, ping's own count) + 20 (IP header)"
                    + " put into an empty skb");
        }
    }

    /** klas_new at skb_put's execution: exit 1, the error at the name, no output directory. */
    private static void refusal(Path work, Path vmlinux, Path db) throws Exception {
        Path aspect = work.resolve("new-at-entry.xml");
        Files.writeString(aspect, Files.readString(Run.repo().resolve("samples/aspects/skb_len.xml"))
                .replace("set(sk_buff.len) &amp;&amp; runsin(skb_put)", "execution(skb_put)"));
        int[] at = position(aspect, "klas_new);");
        Path out = work.resolve("refused");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", "klas_refused");
        assertEquals(1, weave.exitCode(), weave.out() + weave.err());
        assertTrue(weave.err().contains(aspect.getFileName() + ":" + at[0] + ":" + at[1] + ": error: klas_new at"
                + " the hook skb_put ("), weave.err());
        assertTrue(weave.err().contains("not access-precise"), weave.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static int[] position(Path file, String needle) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return new int[] {i + 1, lines.get(i).indexOf(needle) + 1};
            }
        }
        throw new AssertionError(needle);
    }
}
