package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AddressTable;
import dev.klas.advice.CodeLocation;
import dev.klas.advice.Hook;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.KernelMbufSample;
import dev.klas.advice.MbufPlan;
import dev.klas.advice.Oracles;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Refusal;
import dev.klas.advice.Repo;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals at generation time on the built kernel-mbuf.ko, checked against readelf: NOKPROBE_SYMBOL, __kprobes,
 * __init, and an ftrace call site away from offset 0.
 */
class SafetyHeavyTest {
    @TempDir
    Path work;

    @Test
    void forbiddenFunctionsAreRefusedWithTheirReason() throws Exception {
        Assumptions.assumeTrue(Repo.heavy(), "heavy: builds a kernel module (-Dklas.heavy=true)");
        Path ko = KernelMbufSample.build(work);
        Binary binary = new Binary(PlacedObject.open(ko));
        Map<String, List<SourcePlace>> places = new LinkedHashMap<>();
        places.put("noprobe", List.of(MbufPlan.function("main.c", "kmbuf_noprobe")));
        places.put("kprobes_text", List.of(MbufPlan.function("main.c", "kmbuf_kprobes_text")));
        places.put("init", List.of(MbufPlan.function("main.c", "kmbuf_init")));
        places.put("fine", List.of(MbufPlan.function("mbuf.c", "m_length")));
        HookPlanner.Plan plan = HookPlanner.plan(binary, places);
        assertEquals(List.of(), plan.unresolved());
        Safety safety = new Safety(binary);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Refusal r : safety.check(plan.hooks())) {
            reasons.put(r.hook().aspects().get(0), r.reason());
        }
        assertTrue(reasons.getOrDefault("noprobe", "").contains("kprobes blacklist (NOKPROBE_SYMBOL)"), reasons.toString());
        assertTrue(reasons.getOrDefault("kprobes_text", "").contains(".kprobes.text"), reasons.toString());
        assertTrue(reasons.getOrDefault("init", "").contains(".init.text"), reasons.toString());
        assertEquals(Set.of("noprobe", "kprobes_text", "init"), reasons.keySet(), "m_length is fine");
        assertTrue(readelf(ko).contains("_kprobe_blacklist"), "the oracle sees the blacklist section");

        Hook entry = plan.hooks().stream().filter(h -> h.aspects().contains("fine")).findFirst().orElseThrow();
        assertTrue(AddressTable.of(binary.elf(), "__mcount_loc", "", "").contains(entry.location().address()),
                "m_length+0 is an ftrace site");
        Hook inside = new Hook(new CodeLocation("m_length_alias", 4, entry.location().address()), entry.original(),
                entry.place(), entry.aspects(), entry.access());
        assertTrue(safety.reason(inside).orElse("").contains("belongs to ftrace: probe m_length_alias at offset 0"),
                safety.reason(inside).toString());
    }

    private static String readelf(Path ko) throws Exception {
        return Oracles.run("readelf", "-SW", ko.toString());
    }
}
