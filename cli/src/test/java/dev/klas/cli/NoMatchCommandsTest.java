package dev.klas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pointcut that selects nothing in samples/mbuf-user's table says why, one line per selector at its position, and
 * exits 1: query (all formats and counts), structs, resolve, export and weave. Counts in the expected messages are
 * read from klas structs and klas query on the same table, not copied by hand.
 */
class NoMatchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Sample sample;

    @BeforeAll
    static void build() {
        sample = Sample.make(tmp);
    }

    private static Run query(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "query";
        all[1] = "--db";
        all[2] = sample.db().toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Run.klas(all);
    }

    private static void assertSays(String err, Run r) {
        assertEquals(ExitCode.INVALID_INPUT, r.exitCode(), r.err());
        assertEquals(err, r.err());
        assertEquals("", r.out());
    }

    /** reads, writes, fpCalls, addressOf of one member, from klas structs --format json. */
    private static JsonNode use(String member) throws Exception {
        Run r = Run.klas("structs", "--db", sample.db().toString(), "--format", "json", member);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode all = JSON.readTree(r.out());
        assertEquals(1, all.size(), r.out());
        return all.get(0);
    }

    @Test
    void structTypoSuggestsTheStruct() {
        String why = "<pointcut>:1:1: set(mbuff.m_len): no struct matches 'mbuff' (did you mean mbuf?)\n";
        assertSays(why, query("set(mbuff.m_len)"));
        assertSays(why, query("--count", "set(mbuff.m_len)"));
        assertSays(why, query("--count-by", "file", "set(mbuff.m_len)"));
        assertSays(why, query("--format", "json", "set(mbuff.m_len)"));
        assertSays(why, query("--explain", "set(mbuff.m_len)"));
        Run structs = Run.klas("structs", "--db", sample.db().toString(), "mbuff");
        assertSays("structs: no struct matches 'mbuff' (did you mean mbuf?)\n", structs);
    }

    @Test
    void memberTypoSuggestsTheMember() {
        assertSays("<pointcut>:1:1: get(mbuf.m_lne): struct mbuf has no member 'm_lne' in the table (did you mean"
                + " m_len?)\n", query("get(struct mbuf.m_lne)"));
        assertSays("structs: struct mbuf has no member 'm_lne' in the table (did you mean m_len?)\n",
                Run.klas("structs", "--db", sample.db().toString(), "mbuf.m_lne"));
    }

    @Test
    void aMemberOnlyReadIsNoWrite() throws Exception {
        JsonNode dat = use("mbuf.m_dat");
        assertTrue(dat.get("reads").asLong() > 0 && dat.get("writes").asLong() == 0
                && dat.get("fpCalls").asLong() == 0 && dat.get("addressOf").asLong() == 0, dat.toString());
        assertSays("<pointcut>:1:1: set(mbuf.m_dat): mbuf.m_dat occurs only as read (" + dat.get("reads")
                + "); set(...) selects writes\n", query("set(mbuf.m_dat)"));
    }

    @Test
    void fpCallOnAMemberNeverCalledThrough() throws Exception {
        JsonNode ops = use("mbuf.m_ops");
        assertTrue(ops.get("fpCalls").asLong() == 0 && ops.get("writes").asLong() > 0, ops.toString());
        assertSays("<pointcut>:1:1: fp-call(mbuf.m_ops): mbuf.m_ops is never called through (fp-call 0; read "
                + ops.get("reads") + ", write " + ops.get("writes") + ")\n", query("fp-call(mbuf.m_ops)"));
    }

    @Test
    void aWithinThatExcludesEverything() {
        long n = query("set(mbuf.m_len)").out().lines().count();
        assertTrue(n > 1);
        assertSays("<pointcut>:1:1: set(mbuf.m_len): " + n + " shadows of set(mbuf.m_len) lie outside"
                + " within(\"main.c\")\n", query("set(mbuf.m_len) && within(\"main.c\")"));
    }

    @Test
    void callTypoSuggestsFunctionsAndEachSelectorHasItsPosition() {
        assertSays("<pointcut>:1:1: call(m_fre): no function 'm_fre' in the table (did you mean m_free or m_freem?)\n",
                query("call(m_fre)"));
        assertSays("<pointcut>:1:1: call(m_fre): no function 'm_fre' in the table (did you mean m_free or m_freem?)\n"
                + "<pointcut>:2:4: execution(printf): 'printf' is called (" + query("call(printf)").out().lines().count()
                + ") but defined in no extracted source\n", query("call(m_fre) ||\n   execution(printf)"));
    }

    @Test
    void resolveAndExportSayTheSame() {
        String why = "<pointcut>:1:1: call(m_fre): no function 'm_fre' in the table (did you mean m_free or m_freem?)\n";
        assertSays(why, Run.klas("resolve", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "call(m_fre)"));
        assertSays(why, Run.klas("export", "--db", sample.db().toString(), "--binary", sample.o2().toString(),
                "--format", "bpftrace", "call(m_fre)"));
    }

    @Test
    void weaveNamesEachAspectAtItsPosition() throws Exception {
        Path a = Files.writeString(tmp.resolve("none.xml"), "<aspects>\n"
                + "  <aspect name=\"typo\"><pointcut expr=\"set(mbuff.m_len)\"/>"
                + "<advice-before>(void)0;</advice-before></aspect>\n"
                + "  <aspect name=\"outside\"><pointcut><field-access name=\"m_len\" structure=\"mbuf\" access=\"write\"/>"
                + "<within file=\"main.c\"/></pointcut><advice-before>(void)0;</advice-before></aspect>\n"
                + "</aspects>\n");
        Path out = tmp.resolve("woven");
        Run r = Run.klas("weave", "--aspect", a.toString(), "--binary", sample.o2().toString(), "--db",
                sample.db().toString(), "--target", "userspace", "--out", out.toString());
        long n = query("set(mbuf.m_len)").out().lines().count();
        assertSays("weave: no pointcut matches anything in " + sample.db() + "; nothing woven:\n"
                + a + ":2:3: aspect typo: set(mbuff.m_len): no struct matches 'mbuff' (did you mean mbuf?)\n"
                + a + ":3:3: aspect outside: set(mbuf.m_len): " + n + " shadows of set(mbuf.m_len) lie outside"
                + " within(\"main.c\")\n", r);
        assertFalse(Files.exists(out));
    }

    /**
     * Beside an aspect that matches, one that matches nothing is not dropped silently: the library is written with
     * the other one, and the weave says why this one is left out, at its position, and exits 3 (partial).
     */
    @Test
    void anAspectMatchingNothingBesideOthersIsReported() throws Exception {
        Path a = Files.writeString(tmp.resolve("one-empty.xml"), "<aspects>\n"
                + "  <aspect name=\"writes\"><pointcut expr=\"set(mbuf.m_len)\"/>"
                + "<advice-before>(void)0;</advice-before></aspect>\n"
                + "  <aspect name=\"typo\"><pointcut expr=\"set(mbuff.m_len)\"/>"
                + "<advice-before>(void)0;</advice-before></aspect>\n"
                + "</aspects>\n");
        Path out = tmp.resolve("woven-partly");
        Run r = Run.klas("weave", "--aspect", a.toString(), "--binary", sample.o2().toString(), "--db",
                sample.db().toString(), "--target", "userspace", "--out", out.toString());
        assertEquals(ExitCode.PARTIAL, r.exitCode(), r.err());
        assertTrue(r.err().contains("unresolved: " + a + ":3:3: aspect typo: set(mbuff.m_len): no struct matches"
                + " 'mbuff' (did you mean mbuf?) (this aspect is left out)"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("libwoven_partly.so")), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("writes")), r.out());
    }
}
