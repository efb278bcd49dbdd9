package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's weave of the real kernel: {@code get(sk_buff.len) && withincode(skb_headlen)} extracted from one file
 * lands in every inlined copy of skb_headlen across vmlinux, some inside static functions whose name another file
 * also defines (reg_vif_xmit is in ipmr.c and ip6mr.c). Registered by that name, such a kprobe went to the other
 * copy (-EILSEQ) and the all-or-nothing load refused every hook. Now each hook whose symbol name is shared is
 * registered through a unique anchor (checked against nm of the debug vmlinux), and the module loads with every
 * hook in the test bed, with a clean dmesg.
 */
class KernelDuplicateNamesHeavyTest {
    private static final String ADVICE = "klas_headlen";

    @Test
    void everyHookOfAnInlinedAccessorLoads(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path vmlinux = KernelBed.vmlinux(release);
        Path repo = Run.repo();
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("skb.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(), "--root",
                tree.toString(), "--db", db.toString(), tree.resolve("net/ipv4/ip_output.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());
        Path aspect = Files.writeString(work.resolve("headlen.xml"), "<aspect name=\"headlen\">\n"
                + "  <pointcut expr=\"get(sk_buff.len) &amp;&amp; withincode(skb_headlen)\"/>\n"
                + "  <advice-before>(void) 0;</advice-before>\n</aspect>\n");
        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", ADVICE, "--build",
                "--kdir", KernelBed.kdir(release).toString());
        assertTrue(weave.exitCode() == 0 || weave.exitCode() == 3, weave.out() + weave.err());
        WovenHooks woven = WovenHooks.parse(weave.out());
        assertTrue(woven.hooks().size() > 50, "inlined copies across vmlinux: " + woven.hooks().size());

        Map<String, Integer> names = new HashMap<>();
        Matcher sym = Pattern.compile("(?m)^[0-9a-f]+ [tTwW] (\\S+)$").matcher(Tools.run(work, "nm", vmlinux.toString()));
        while (sym.find()) {
            names.merge(sym.group(1), 1, Integer::sum);
        }
        String c = Files.readString(out.resolve("advice.c"));
        Matcher reg = Pattern.compile("\\.symbol_name = \"([^\"]+)\", \\.offset = 0x[0-9a-f]+, \\.pre_handler").matcher(c);
        int registered = 0;
        while (reg.find()) {
            registered++;
            assertEquals(1, names.getOrDefault(reg.group(1), 0), "kprobe registered by a shared name " + reg.group(1));
        }
        assertEquals(woven.hooks().size(), registered);
        long shared = woven.hooks().stream().map(h -> h.location().replaceFirst("\\+0x[0-9a-f]+$", ""))
                .filter(n -> names.getOrDefault(n, 0) > 1).count();
        assertTrue(shared > 0, "the weave reaches a static function whose name is shared (the case under test)");

        VmRun vm = KernelBed.boot("duplicate-names-vm", List.of(out.resolve(ADVICE + ".ko")), """
                set -e
                ip link set lo up
                ping -c 2 127.0.0.1
                rmmod %s
                """.formatted(ADVICE), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors());
        assertTrue(vm.dmesg().contains(ADVICE + ": " + woven.hooks().size() + " hooks registered in vmlinux"),
                String.join("\n", vm.dmesg()));
        assertFalse(vm.dmesg().stream().anyMatch(l -> l.startsWith(ADVICE) && (l.contains("the plan expects")
                || l.contains("register_kprobe failed") || l.contains("left out") || l.contains("not loading"))),
                String.join("\n", vm.dmesg()));
    }
}
