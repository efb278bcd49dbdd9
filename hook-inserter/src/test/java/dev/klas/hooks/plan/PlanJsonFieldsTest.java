package dev.klas.hooks.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan.json fields that the round trip in {@link PlanJsonTest} leaves unchecked: the int3 reason, a zero byte
 * in a patch, the oldest version, a missing field, and the refusal as printed.
 */
class PlanJsonFieldsTest {
    private static final PlannedHook.Place PLACE = new PlannedHook.Place("mbuf.c", 20, 9, "m_get");
    private static final TargetIdentity TARGET = new TargetIdentity("/t/a", "main", "", 9, "00");

    private static PlannedHook hook(List<Integer> patch, Optional<String> why) {
        return new PlannedHook(0x1139, "m_get", 4, PLACE, List.of(), new byte[] {0x00, 0x47, 0x08}, Mechanism.INT3,
                patch, why, List.of(new Displaced(3, -1)), Optional.empty(), false);
    }

    private static PatchPlan plan(PlannedHook h) {
        return new PatchPlan(PatchPlan.VERSION, TARGET, HookMode.AUTO, List.of(h), List.of());
    }

    @Test
    void int3ReasonAndZeroBytesRoundTrip() {
        PlannedHook h = hook(List.of(0xcc, 0x00, 0x08), Optional.of("the function ends 3 bytes after the hook"));
        PlannedHook back = PlanJson.read(PlanJson.write(plan(h))).hooks().get(0);
        assertEquals(h.why(), back.why());
        assertEquals(h.patch(), back.patch());
        assertFalse(PlanJson.write(plan(hook(List.of(0xcc), Optional.empty()))).contains("int3Reason"));
    }

    @Test
    void versionOneIsReadWithoutAfterAdvice() {
        String v2 = PlanJson.write(plan(hook(List.of(0xcc), Optional.empty())));
        String v1 = v2.replace("\"version\" : 2", "\"version\" : 1").replace("\"entry\" : false,", "")
                .replaceAll("\"after\" : \\[ \\],", "");
        assertTrue(v1.contains("\"version\" : 1") && !v1.contains("\"entry\"") && !v1.contains("\"after\""), v1);
        PatchPlan back = PlanJson.read(v1);
        assertEquals(1, back.version());
        assertFalse(back.hooks().get(0).entry());
        assertEquals(List.of(), back.hooks().get(0).after());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanJson.read(v2.replace("\"version\" : 2", "\"version\" : 0")));
        assertEquals("plan version 0, this klas reads 1 to 2", e.getMessage());
    }

    @Test
    void aMissingFieldIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanJson.read("{\"version\": 2}"));
        assertEquals("plan.json: missing \"target\"", e.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> PlanJson.read("{\"version\": 2, \"target\": null}"));
        assertEquals("plan.json: missing \"target\"", nul.getMessage());
    }

    @Test
    void withVectorChangesOnlyTheVectorFlag() {
        PlannedHook h = hook(List.of(0xcc), Optional.of("why"));
        PlannedHook v = h.withVector(true);
        assertTrue(v.vector());
        assertEquals(List.of(h.vaddr(), h.symbol(), h.offset(), h.place(), h.patch(), h.why(), h.insns(), h.entry()),
                List.of(v.vaddr(), v.symbol(), v.offset(), v.place(), v.patch(), v.why(), v.insns(), v.entry()));
        assertEquals(List.of(h.original()[0], h.original()[1], h.original()[2]),
                List.of(v.original()[0], v.original()[1], v.original()[2]));
    }

    @Test
    void aRefusalPrintsSymbolOffsetPlaceAndReason() {
        assertEquals("f+0x10 (a.c:3): in the PLT", new PlanRefusal(0x1010, "f", 0x10, "a.c", 3, "in the PLT").toString());
        assertEquals("f (a.c:3): in the PLT", new PlanRefusal(0x1000, "f", 0, "a.c", 3, "in the PLT").toString());
    }
}
