package dev.klas.hooks.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
    @Test
    void roundTrip() {
        PlannedHook h = new PlannedHook(0x1139, "m_get", 4, new PlannedHook.Place("mbuf.c", 20, 9, "m_get"),
                List.of(new PlannedHook.AspectRef("x\"; system(\"rm -rf /", "set(mbuf.m_len)")),
                new byte[] {(byte) 0x89, 0x47, 0x08, 0x48, (byte) 0x8b, 0x07}, Mechanism.JUMP,
                List.of(0xe9, -1, -1, -1, -1, 0x90), Optional.empty(), List.of(new Displaced(3, -1), new Displaced(3, -1)),
                Optional.of(new PlannedHook.Access(7, -1, 1, false, 8, 4, 8)), false);
        PatchPlan plan = new PatchPlan(PatchPlan.VERSION, new TargetIdentity("/t/a", "main", "ab12", 99, "00ff"),
                HookMode.AUTO, List.of(h), List.of(new PlanRefusal(0x10, "f", 0, "a.c", 3, "in the PLT")));
        PatchPlan back = PlanJson.read(PlanJson.write(plan));
        assertEquals(plan.target(), back.target());
        assertEquals(plan.refused(), back.refused());
        PlannedHook b = back.hooks().get(0);
        assertArrayEquals(h.original(), b.original());
        assertEquals(h.patch(), b.patch());
        assertEquals(h.aspects(), b.aspects());
        assertEquals(h.access(), b.access());
        assertEquals(h.insns(), b.insns());
        assertEquals(h.vaddr(), b.vaddr());
    }

    @Test
    void afterAdviceRoundTrips() {
        PlannedHook.Place f = new PlannedHook.Place("fib.c", 7, 1, "fib");
        PlannedHook entry = new PlannedHook(0x1200, "fib", 0, f, List.of(), new byte[] {0x55}, Mechanism.INT3,
                List.of(0xcc), Optional.empty(), List.of(new Displaced(1, -1)), Optional.empty(), false, true,
                List.of(new PlannedHook.After("ret", "execution(fib)", PlannedHook.After.When.RETURN, 0x1200, f)));
        PlannedHook next = new PlannedHook(0x1305, "main", 0x45, new PlannedHook.Place("fib.c", 20, 5, "main"),
                List.of(), new byte[] {(byte) 0x89, (byte) 0xc6}, Mechanism.INT3, List.of(0xcc), Optional.empty(),
                List.of(new Displaced(2, -1)), Optional.empty(), false, false, List.of(new PlannedHook.After("c",
                "call(fib)", PlannedHook.After.When.HERE, 0x1300, new PlannedHook.Place("fib.c", 20, 9, "main"))));
        PatchPlan plan = new PatchPlan(PatchPlan.VERSION, new TargetIdentity("/t/a", "main", "", 9, "00"),
                HookMode.INT3, List.of(entry, next), List.of());
        PatchPlan back = PlanJson.read(PlanJson.write(plan));
        assertEquals(List.of(true, false), back.hooks().stream().map(PlannedHook::entry).toList());
        assertEquals(entry.after(), back.hooks().get(0).after());
        assertEquals(next.after(), back.hooks().get(1).after());
    }

    @Test
    void aReturnAfterNeedsAnEntryHook() {
        PlannedHook.Place f = new PlannedHook.Place("fib.c", 7, 1, "fib");
        assertThrows(IllegalArgumentException.class, () -> new PlannedHook(0x1201, "fib", 1, f, List.of(),
                new byte[] {0x55}, Mechanism.INT3, List.of(0xcc), Optional.empty(), List.of(new Displaced(1, -1)),
                Optional.empty(), false, false, List.of(new PlannedHook.After("ret", "execution(fib)",
                PlannedHook.After.When.RETURN, 0x1201, f))));
    }

    @Test
    void otherVersionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read("{\"version\": 9}"));
        assertEquals("plan version 9, this klas reads 1 to 2", e.getMessage());
    }
}
