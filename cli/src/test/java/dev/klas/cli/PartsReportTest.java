package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State computed from frames as docs/parts-format.md defines it, and the profile printed from a runtime answer. */
class PartsReportTest {
    private static PartsTable.Segment seg(int i, String name) {
        return new PartsTable.Segment(i, 1 | (i == 0 ? 2 : 0), 0, 0, name, "/x/" + name);
    }

    private static PartsTable.Symbol sym(int i, int from, int to, String name) {
        return new PartsTable.Symbol(i, 1, from, to, 0, 0, 0, 0, 1, 0, name);
    }

    private static PartsTable.Thread thread(int tid, int... symbols) {
        List<PartsTable.Frame> frames = java.util.Arrays.stream(symbols).mapToObj(s -> new PartsTable.Frame(s, 0, 0))
                .toList();
        return new PartsTable.Thread(tid, tid == 12 ? 1 : 0, 0, 0, frames, false);
    }

    @Test
    void callbacksMakeASegmentRunningAndCallingAtOnce() {
        PartsTable.Snapshot s = new PartsTable.Snapshot(1, 0, 0,
                List.of(seg(0, "main"), seg(1, "liba.so"), seg(2, "libb.so")),
                List.of(sym(0, 0, 1, "a"), sym(1, 1, 2, "b"), sym(2, 2, 1, "a_cb")),
                List.of(thread(10, 0, 1, 2), thread(11, 0), thread(12)));
        List<PartsState.SegmentState> st = PartsState.segments(s);
        assertEquals("unused", st.get(0).text());
        assertEquals("running+calling", st.get(1).state());
        assertEquals("running (2 threads), calling (1 thread)", st.get(1).text());
        assertEquals("calling (1 thread)", st.get(2).text());
        List<PartsState.Chain> chains = PartsState.chains(s);
        assertEquals(3, chains.size(), "a thread without frames is listed when it is held at a trampoline");
        assertEquals(List.of("main -> a@liba.so", "liba.so -> b@libb.so", "libb.so -> a_cb@liba.so"),
                chains.get(0).calls());
        assertEquals("", chains.get(0).held());
        assertEquals("main -> a@liba.so", chains.get(2).held(), "held is the symbol index + 1");
    }

    @Test
    void profilePrintsFlatProfileCallGraphAndCollapsedStacks() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"ok":true,"profiling":true,"since_ns":1,"symbols":[
                 {"symbol":"greet","to":"libgreet.so","calls":30,"returns":30,"total_ns":900,"self_ns":300,
                  "callers":[{"from":"main","calls":20,"total_ns":600,"self_ns":200},
                             {"from":"libplug.so","calls":10,"total_ns":300,"self_ns":100}]},
                 {"symbol":"note","to":"main","calls":10,"returns":9,"total_ns":700,"self_ns":700,
                  "callers":[{"from":"libgreet.so","calls":10,"total_ns":700,"self_ns":700}]}]}
                """);
        StringWriter text = new StringWriter();
        ProfileReport.text(json, "test", new PrintWriter(text, true));
        List<String> lines = text.toString().lines().toList();
        assertTrue(lines.get(4).matches(" +70\\.00 +0\\.0000 +0\\.0000 +10 +70\\.0 +70\\.0  note@main"), lines.get(4));
        assertTrue(lines.get(5).matches(" +30\\.00 +0\\.0000 +0\\.0000 +30 +10\\.0 +30\\.0  greet@libgreet\\.so"),
                lines.get(5));
        assertTrue(text.toString().contains("(9 returns: 1 calls in flight or left by longjmp)"), text.toString());
        assertTrue(text.toString().matches("(?s).*greet@libgreet\\.so\\n +20 +200 +600 +main\\n +10 +100 +300 +libplug\\.so\\n.*"),
                text.toString());
        StringWriter collapsed = new StringWriter();
        ProfileReport.collapsed(json, false, new PrintWriter(collapsed, true));
        assertEquals("libgreet.so;note@main 700\nmain;greet@libgreet.so 200\nlibplug.so;greet@libgreet.so 100\n",
                collapsed.toString());
    }
}
