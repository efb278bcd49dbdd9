package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Aspects;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.Modinfo;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Repo;
import dev.klas.advice.testbed.VmRun;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-fields on linux-kprobes, in Debian's cloud kernel under QEMU: kernel-mbuf's "tag N" writes the fields of a
 * struct m_tag (mbuf.h: unsigned mt_kind:3 and signed mt_prio:5 sharing byte 0, mt_len:10 straddling bytes 2 and 3,
 * mt_seen:1) one per function, and prints each field before and after as it holds it, and what m_tag_prio_of
 * returned. The advice at every write ("bits:" comments of mbuf.c) prints klas_old and klas_new: plain stores of
 * the byte or short that holds the field (decoded from the store's source register), and mt_seen's
 * {@code orb}/{@code andb} to memory (read-modify-writes: after the instruction, in the post_handler); at
 * m_tag_prio_of's read it prints klas_value and every field through {@code $t->...}. The oracle: the module's lines.
 */
class KernelBitFieldsVmHeavyTest {
    private static final String ADVICE = "klas_bits_advice";
    private static final int ROUNDS = 4;

    @TempDir
    Path work;

    @Test
    void theAdvicesBitFieldValuesAreTheModulesOwn() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds modules and boots a VM (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        String release = Modinfo.release(ko);
        Binary binary = new Binary(PlacedObject.open(ko));
        List<Aspect> aspects = Aspects.load("bits-aspects.xml", work);
        MbufAdviceRun.Generated generated = MbufAdviceRun.generate(work, binary, release, ADVICE, aspects, places());
        HookPlanner.Plan plan = generated.plan();
        Path dir = generated.dir();
        String c = generated.c();
        assertEquals(2, c.split("\\.post_handler = klas_post_", -1).length - 1, "mt_seen's or and and:\n" + c);
        assertTrue(c.contains("KLAS_BITS(int, $t, 0, 1, "), "$t->mt_prio through KLAS_BITS:\n" + c);
        Path module = MbufAdviceRun.build(dir, release, ADVICE);
        VmRun log = MbufAdviceRun.run(work, "kernel-bits-vm", ko, module, ADVICE, "tag " + ROUNDS);
        check(log.phase("run"));
    }

    /** Each write of struct m_tag's fields, and m_tag_prio_of's read, as mbuf.c's "bits:" comments mark them. */
    private static Map<String, List<SourcePlace>> places() throws Exception {
        Map<String, List<SourcePlace>> out = new LinkedHashMap<>();
        out.put("tag_set", new ArrayList<>());
        out.put("tag_get", new ArrayList<>());
        for (KernelMbufSample.Expectation e : KernelMbufSample.expectations("bits")) {
            out.get(e.kind().equals("get") ? "tag_get" : "tag_set").add(e.place());
        }
        assertEquals(List.of(5, 1), out.values().stream().map(List::size).toList(), out.toString());
        return out;
    }

    /**
     * The advice's lines equal the module's, in order: "m_tag_kind old A new B" for "tag mt_kind old A new B" (the
     * function that writes each field), and at m_tag_prio_of the value and the fields as the module last printed them.
     */
    private static void check(List<String> run) {
        Pattern module = Pattern.compile("^kernel-mbuf: tag (mt_\\w+) (old -?\\d+ new -?\\d+|value -?\\d+)$");
        Pattern advice = Pattern.compile("^klas tag_(?:set|get): (m_tag_\\w+) (.*)$");
        Map<String, String> writer = Map.of("mt_kind", "m_tag_kind", "mt_prio", "m_tag_prio", "mt_len", "m_tag_len");
        Map<String, String> fields = new LinkedHashMap<>(Map.of("mt_kind", "0", "mt_prio", "0", "mt_len", "0",
                "mt_seen", "0"));
        List<String> expected = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        boolean cleared = false;
        for (String l : run) {
            Matcher m = module.matcher(l);
            Matcher a = advice.matcher(l);
            if (m.matches() && m.group(2).startsWith("value")) {
                expected.add("m_tag_prio_of " + m.group(2) + " kind " + fields.get("mt_kind") + " prio "
                        + fields.get("mt_prio") + " len " + fields.get("mt_len") + " seen " + fields.get("mt_seen"));
            } else if (m.matches()) {
                String f = m.group(1);
                String fn = f.equals("mt_seen") ? (cleared ? "m_tag_clear" : "m_tag_mark") : writer.get(f);
                cleared = f.equals("mt_seen") != cleared;
                expected.add(fn + " " + m.group(2));
                fields.put(f, m.group(2).replaceAll(".* new ", ""));
            } else if (a.matches()) {
                seen.add(a.group(1) + " " + a.group(2));
            }
        }
        assertEquals(ROUNDS * 6, expected.size(), "the module's lines: " + run);
        assertTrue(expected.stream().anyMatch(e -> e.matches("m_tag_prio old -?\\d+ new -\\d+")),
                "a negative prio: " + expected);
        assertTrue(expected.stream().anyMatch(e -> e.matches("m_tag_prio_of .* seen 1")), "seen set: " + expected);
        assertEquals(expected, seen, "each round: kind, prio, len written, seen set, prio read, seen cleared");
    }
}
