package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.testbed.VmRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed advice context against Debian's debug vmlinux (net/core/skbuff.c extracted): at skb_put's
 * {@code add %esi,0x70(%rdi)} klas_target is {@code struct sk_buff *} from {@code <linux/skbuff.h>} (oracle: pahole
 * --show_decl_info gives include/linux/skbuff.h), also included by the aspect; klas_retval at the returns of four
 * functions has their DWARF return types (oracle: gdb's whatis, ptype through skb_checksum's __wsum); at consume_skb, which returns void, klas_retval is
 * refused at its position. In the test bed (-Dklas.vm, default on), after {@code ping -s SIZE} the advice's
 * {@code klas_target->len} equals klas_new and ping's datagram size.
 */
class KernelTypedContextVmlinuxHeavyTest {
    private static final String ADVICE = "klas_skb_typed";
    private static final List<Integer> SIZES = List.of(1000, 1234);
    private static final List<String> RETURNING = List.of("skb_put", "__alloc_skb", "skb_copy_bits", "skb_checksum");
    /** The kernel typedefs klas keeps by name, as gdb spells the type they stand for. */
    private static final Map<String, String> TYPEDEFS = Map.of("__u32", "unsigned int", "u32", "unsigned int");

    @Test
    void targetAndReturnValuesAreTyped(@TempDir Path work) throws Exception {
        KernelBed.requireHeavy("weaves the debug vmlinux and boots a VM");
        String release = KernelBed.release();
        Path kdir = KernelBed.kdir(release);
        Path vmlinux = KernelBed.vmlinux(release);
        Path tree = KernelBed.preparedTree();
        Path db = work.resolve("skb.db");
        Run ex = Run.klas("extract", "--compile-commands", tree.resolve("compile_commands.json").toString(),
                "--root", tree.toString(), "--db", db.toString(), tree.resolve("net/core/skbuff.c").toString());
        assertEquals(0, ex.exitCode(), ex.out() + ex.err());

        String rets = String.join(" || ", RETURNING.stream().map(f -> "execution(" + f + ")").toList());
        Path aspect = work.resolve("typed.xml");
        Files.writeString(aspect, """
                <aspects>
                  <aspect name="skb_typed">
                    <include>linux/skbuff.h</include>
                    <pointcut expr="set(sk_buff.len) &amp;&amp; withincode(skb_put) &amp;&amp; runsin(skb_put)"/>
                    <advice-before>
                      klas_printf("target %%u new %%u\\n", klas_target->len, klas_new);
                    </advice-before>
                  </aspect>
                  <aspect name="skb_rets">
                    <pointcut expr="%s"/>
                    <advice-after>
                      klas_printf("%%s %%d\\n", klas_jp->function, (int)sizeof(klas_retval));
                    </advice-after>
                  </aspect>
                </aspects>
                """.formatted(rets));
        refusal(work, vmlinux, db);

        Path out = work.resolve("advice");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", ADVICE, "--build",
                "--kdir", kdir.toString());
        assertEquals(0, weave.exitCode(), weave.out() + weave.err());
        String c = Files.readString(out.resolve("advice.c"));

        Matcher decl = Pattern.compile("/\\* <\\w+> (\\S+):\\d+ \\*/").matcher(Tools.run(work, "pahole",
                "--show_decl_info", "-C", "sk_buff", vmlinux.toString()));
        assertTrue(decl.find(), "pahole names sk_buff's declaration");
        assertEquals("include/linux/skbuff.h", decl.group(1));
        assertTrue(c.contains("#include <linux/skbuff.h>\t/* defines the struct klas_target points to */"), c);
        assertTrue(c.contains("struct sk_buff *klas_target __attribute__((unused)) = klas_target_in;"), c);

        List<String> gdb = new ArrayList<>(List.of("gdb", "-batch", "-nx"));
        RETURNING.forEach(f -> gdb.addAll(List.of("-ex", (f.equals("skb_checksum") ? "ptype " : "whatis ") + f)));
        gdb.add(vmlinux.toString());
        Set<String> expected = new TreeSet<>();
        for (String l : Tools.run(work, gdb.toArray(String[]::new)).split("\n")) {
            Matcher t = Pattern.compile("^type = (.+?) ?\\(.*\\)$").matcher(l.trim());
            if (t.matches()) {
                expected.add(t.group(1).replaceAll("\\s*\\*$", " *"));
            }
        }
        assertEquals(RETURNING.size(), expected.size(), "four distinct return types from gdb: " + expected);
        Set<String> declared = new TreeSet<>();
        Matcher d = Pattern.compile("\\n\\t(.+?) klas_retval __attribute__\\(\\(unused\\)\\);").matcher(c);
        while (d.find()) {
            String t = d.group(1).replace("long int", "long").replace("long unsigned int", "unsigned long");
            declared.add(TYPEDEFS.getOrDefault(t, t));
        }
        assertEquals(expected, declared, "klas_retval's types are gdb's return types:\n" + c);
        if (!Boolean.parseBoolean(System.getProperty("klas.vm", "true"))) {
            return;
        }

        VmRun vm = KernelBed.boot("vmlinux-skb-typed-vm", List.of(out.resolve(ADVICE + ".ko")),
                KernelBed.pingScript(ADVICE, SIZES), work);
        assertEquals(0, vm.verdict(), "run-vm verdict:\n" + vm.log());
        assertEquals(List.of(), vm.kernelErrors(), "kernel errors in dmesg");
        Pattern line = Pattern.compile("^klas skb_typed: target (\\d+) new (\\d+)$");
        for (int size : SIZES) {
            int datagram = size + 8 + 20;
            List<String> seen = new ArrayList<>();
            vm.phase("ping" + size).stream().map(line::matcher).filter(Matcher::matches)
                    .forEach(m -> seen.add(m.group(1) + " " + m.group(2)));
            assertEquals(List.of(datagram + " " + datagram, datagram + " " + datagram), seen, "ping -s " + size
                    + ": klas_target->len after skb_put's add is klas_new, the datagram (SIZE + 8 + 20)");
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        vm.phase("ping" + SIZES.get(0)).stream().map(Pattern.compile("^klas skb_rets: (\\S+) (\\d+)$")::matcher)
                .filter(Matcher::matches).forEach(m -> sizes.put(m.group(1), Long.parseLong(m.group(2))));
        assertEquals(8L, sizes.get("skb_put"), "skb_put returns void *: " + sizes);
    }

    /** klas_retval after consume_skb, which returns void: exit 1, the error at the name, nothing written. */
    private static void refusal(Path work, Path vmlinux, Path db) throws Exception {
        Path aspect = work.resolve("void-ret.xml");
        Files.writeString(aspect, """
                <aspect name="void_ret">
                  <pointcut expr="execution(consume_skb)"/>
                  <advice-after>
                    klas_printf("%lu\\n", (unsigned long)klas_retval);
                  </advice-after>
                </aspect>
                """);
        Path out = work.resolve("refused");
        Run weave = Run.klas("weave", "--target", "linux-kprobes", "--binary", vmlinux.toString(), "--db",
                db.toString(), "--aspect", aspect.toString(), "--out", out.toString(), "--name", "klas_refused");
        assertEquals(1, weave.exitCode(), weave.out() + weave.err());
        List<String> lines = Files.readAllLines(aspect);
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("klas_retval")).findFirst().orElseThrow());
        int column = 1 + lines.get(line - 1).indexOf("klas_retval");
        assertTrue(weave.err().contains("void-ret.xml:" + line + ":" + column + ": error: klas_retval: consume_skb"
                + " returns void"), weave.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
