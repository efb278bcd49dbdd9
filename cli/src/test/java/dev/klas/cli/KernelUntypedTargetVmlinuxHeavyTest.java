package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.kprobes.Kbuild;
import dev.klas.advice.kprobes.KbuildResult;
import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * klas_target's fallback on linux-kprobes against Debian's debug vmlinux (net/ipv4/icmp.c extracted): struct icmp_bxm
 * is defined in net/ipv4/icmp.c (oracle: pahole --show_decl_info), which no header gives the module, so at
 * icmp_reply's read of {@code icmp_param->data} klas_target stays {@code void *} and the weave notes the struct and
 * its .c file; the module builds with Kbuild without warnings. In the test bed (-Dklas.vm, default on), after
 * {@code ping -s SIZE} the advice sees klas_access_addr − klas_target = the offset of {@code data} (pahole), the
 * ICMP type icmp_echo stored there (0, echo reply) and, through the struct's first member, the request's
 * {@code skb->len} (SIZE: icmp_rcv pulled the IP and the 8-byte ICMP header).
 */
class KernelUntypedTargetVmlinuxHeavyTest {
    private static final String ADVICE = "klas_bxm_untyped";
    private static final List<Integer> SIZES = List.of(1000, 1234);

    @Test
    void structOfACFileLeavesTargetVoid(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("icmp.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(),
                "--root", tree.toString(), "--db", db.toString(), tree.resolve("net/ipv4/icmp.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());

        String pahole = Tools.run(work, "pahole", "--show_decl_info", "-C", "icmp_bxm", vmlinux.toString());
        Matcher decl = Pattern.compile("/\\* <\\w+> (\\S+\\.c):\\d+ \\*/").matcher(pahole);
        assertTrue(decl.find(), "pahole names icmp_bxm's declaration in a .c file:\n" + pahole);
        String file = decl.group(1);
        assertEquals("net/ipv4/icmp.c", file);
        Matcher data = Pattern.compile("\\}\\s+data;\\s+/\\*\\s+(\\d+)").matcher(pahole);
        assertTrue(data.find(), pahole);
        int offset = Integer.parseInt(data.group(1));

        Path aspect = work.resolve("bxm.xml");
        Files.writeString(aspect, """
                <aspect name="bxm">
                  <include>linux/skbuff.h</include>
                  <pointcut expr="get(icmp_bxm.data) &amp;&amp; withincode(icmp_reply)"/>
                  <advice-before>
                    if (klas_access_addr)
                      klas_printf("off %ld type %u len %u\\n", (long)((char *)klas_access_addr - (char *)klas_target),
                                  *(u8 *)klas_access_addr, (*(struct sk_buff **)klas_target)->len);
                  </advice-before>
                </aspect>
                """);
        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", ADVICE);
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        assertTrue(weave.out().contains("icmp_reply+") && weave.out().contains("\tbxm\tACCESS\t"), weave.out());
        assertTrue(weave.err().contains("bxm.xml:1:1: note: aspect bxm: klas_target stays void * for struct icmp_bxm:"
                + " it is defined in " + file + ","), weave.err());
        String c = Files.readString(out.resolve("advice.c"));
        assertTrue(c.contains("\tvoid *klas_target __attribute__((unused)) = klas_target_in;"), c);
        assertFalse(c.contains("struct icmp_bxm *klas_target"), c);
        assertFalse(Pattern.compile("(?m)^#include .*\\.c[\">]").matcher(c).find(), "no include of a .c file:\n" + c);

        KbuildResult built = Kbuild.build(out, kdir, ADVICE);
        assertTrue(built.built(), built.log());
        assertFalse(built.log().contains("warning:"), "the generated C builds without warnings:\n" + built.log());
        if (!Boolean.parseBoolean(System.getProperty("klas.vm", "true"))) {
            return;
        }

        VmRun vm = KernelBed.boot("vmlinux-bxm-untyped-vm", List.of(built.module().orElseThrow()),
                KernelBed.pingScript(ADVICE, SIZES), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Pattern line = Pattern.compile("^klas bxm: (off \\d+ type \\d+ len \\d+)$");
        for (int size : SIZES) {
            List<String> seen = vm.phase("ping" + size).stream().map(line::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).toList();
            assertEquals(List.of("off " + offset + " type 0 len " + size), seen, "ping -s " + size
                    + ": one echo reply; klas_target is the icmp_bxm whose data klas_access_addr reads");
        }
    }
}
