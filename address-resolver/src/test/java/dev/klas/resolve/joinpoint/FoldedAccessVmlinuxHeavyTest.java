package dev.klas.resolve.joinpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.Heavy;
import dev.klas.resolve.Tools;
import dev.klas.resolve.elf.ElfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The read of {@code skb->len} in skb_headlen ({@code include/linux/skbuff.h:2423}, Linux 6.1) in the Debian debug
 * vmlinux: the copies whose read gcc folded into the caller's code (the join point's inline chain does not hold
 * skb_headlen, or its instruction is not on the header's line) are access-precise only where objdump shows, at the
 * address, an instruction reading pahole's offset of sk_buff.len through the register klas names.
 * Heavy: {@code -Dklas.heavy=true}.
 */
class FoldedAccessVmlinuxHeavyTest {
    private static final Pattern INSN = Pattern.compile("(?m)^\\s*([0-9a-f]+):\\t(\\S+)\\s+(.*)$");

    @Test
    void foldedReadsOfSkbLenAreTheInstructionsObjdumpShows() throws Exception {
        Heavy.require();
        Path vmlinux = Heavy.debugVmlinux();
        String layout = Tools.run(Path.of("."), "pahole", "-C", "sk_buff", vmlinux.toString());
        Matcher m = Pattern.compile("(?m)^\\s*unsigned int\\s+len;\\s*/\\*\\s*(\\d+)").matcher(layout);
        assertTrue(m.find(), layout);
        long offset = Long.parseLong(m.group(1));
        Resolution r = new Resolver(new Binary(ElfFile.open(vmlinux))).resolve(new SourcePlace(PlaceKind.FIELD_READ,
                "include/linux/skbuff.h", 2423, 0, "sk_buff", "len", "skb_headlen"));
        List<String> problems = new ArrayList<>();
        int folded = 0;
        for (JoinPoint jp : r.joinPoints()) {
            boolean own = jp.inlineChain().stream().anyMatch(f -> f.function().equals("skb_headlen"));
            if (own || !(jp.precision() instanceof Precision.Access a)) {
                continue;
            }
            folded++;
            String dump = Tools.run(Path.of("."), "objdump", "-d", "--no-show-raw-insn",
                    "--start-address=0x" + Long.toHexString(jp.address()),
                    "--stop-address=0x" + Long.toHexString(jp.address() + jp.instructionLength()),
                    vmlinux.toString());
            Matcher i = INSN.matcher(dump);
            String operand = "0x" + Long.toHexString(offset) + "(" + a.operand().get().base().get() + ")";
            if (!i.find() || !i.group(3).contains(operand) || i.group(3).endsWith("," + operand)
                    && !i.group(2).startsWith("cmp")) {
                problems.add(jp.function() + ": objdump shows " + (i.find(0) ? i.group(0) : dump) + ", klas "
                        + operand);
            }
        }
        System.out.printf("skb_headlen's read of sk_buff.len: %d join points, %d folded into the caller and checked%n",
                r.joinPoints().size(), folded);
        assertTrue(folded >= 5, "folded " + folded);
        assertEquals(List.of(), problems);
    }
}
