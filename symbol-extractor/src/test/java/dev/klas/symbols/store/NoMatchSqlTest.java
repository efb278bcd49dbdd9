package dev.klas.symbols.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.schema.PointcutParser;
import dev.klas.symbols.MatchDiagnosis;
import dev.klas.symbols.Shadow;
import dev.klas.symbols.ShadowKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NoMatchSql on a generated table: 2000 filler structs s0..s1999 beside a few kernel-like ones whose shadows are
 * made to give each reason (the counts in the messages are the counts generated here), and suggestions that must
 * come in distance, then name order, at most three.
 */
class NoMatchSqlTest {
    private static final int MARK_READS = 412;
    private static final int MARK_ADDRESSES = 3;
    private static final int LEN_WRITES = 7;

    @TempDir
    static Path tmp;
    static ShadowStore store;

    private static Shadow field(ShadowKind kind, String file, int line, String function, String struct, String member) {
        return new Shadow(kind, file, line, 1, function, struct, member, "");
    }

    private static Shadow call(String file, int line, String function, String callee) {
        return new Shadow(ShadowKind.CALL, file, line, 1, function, "", callee, "");
    }

    private static Shadow definition(String file, int line, String function) {
        return new Shadow(ShadowKind.FUNCTION, file, line, 1, function, "", function, "");
    }

    @BeforeAll
    static void table() throws Exception {
        store = new ShadowStore(Database.open(tmp.resolve("symbols.db"), true));
        List<Shadow> ipv4 = new ArrayList<>();
        List<Shadow> core = new ArrayList<>();
        for (int i = 0; i < MARK_READS; i++) {
            (i % 2 == 0 ? ipv4 : core).add(field(ShadowKind.FIELD_READ, i % 2 == 0 ? "net/ipv4/tcp.c" : "net/core/dev.c",
                    1 + i, i % 2 == 0 ? "tcp_sendmsg" : "skb_copy", "sk_buff", "mark"));
        }
        for (int i = 0; i < MARK_ADDRESSES; i++) {
            core.add(field(ShadowKind.FIELD_ADDRESS, "net/core/dev.c", 1000 + i, "skb_copy", "sk_buff", "mark"));
        }
        for (int i = 0; i < LEN_WRITES; i++) {
            core.add(field(ShadowKind.FIELD_WRITE, "net/core/dev.c", 2000 + i, "skb_put", "sk_buff", "len"));
        }
        core.add(field(ShadowKind.FIELD_READ, "net/core/dev.c", 3000, "skb_put", "fileops", "fo_read"));
        core.add(field(ShadowKind.FIELD_READ, "net/core/dev.c", 3001, "skb_put", "fileops", "fo_read"));
        core.add(definition("net/core/dev.c", 4000, "skb_put"));
        core.add(definition("net/core/dev.c", 4100, "skb_copy"));
        core.add(call("net/core/dev.c", 4010, "skb_put", "kfree"));
        core.add(call("net/core/dev.c", 4110, "skb_copy", "kfree"));
        ipv4.add(definition("net/ipv4/tcp.c", 5000, "tcp_sendmsg"));
        ipv4.add(call("net/ipv4/tcp.c", 5010, "tcp_sendmsg", "skb_put"));
        List<Shadow> filler = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            filler.add(field(ShadowKind.FIELD_READ, "drivers/f.c", 1 + i, "f" + i, "s" + i, "m" + (i % 7)));
        }
        store.write(List.of(unit("net/ipv4/tcp.c", ipv4), unit("net/core/dev.c", core), unit("drivers/f.c", filler)));
    }

    private static UnitWrite unit(String path, List<Shadow> shadows) {
        return new UnitWrite(path, "f", "ok", "", Map.of(path, "h"), Map.of(), shadows);
    }

    private static List<String> why(String pointcut) throws Exception {
        Connection c = store.connection();
        List<String> out = new ArrayList<>();
        for (MatchDiagnosis d : NoMatchSql.diagnose(c, PointcutParser.parse(pointcut))) {
            out.add(d.reason());
        }
        return out;
    }

    @Test
    void noSuchStruct() throws Exception {
        assertEquals(List.of("no struct matches 'sk_buf' (did you mean sk_buff?)"), why("set(sk_buf.mark)"));
        assertEquals(List.of("no struct matches 's' (did you mean s0, s1 or s2?)"), why("get(s.m0)"));
        assertEquals(List.of("no struct matches 'xyz*'"), why("get(xyz*.m0)"));
    }

    @Test
    void noSuchMember() throws Exception {
        assertEquals(List.of("struct sk_buff has no member 'mrk' in the table (did you mean mark?)"),
                why("set(sk_buff.mrk)"));
        assertEquals(List.of("no struct matching 'sk_*' has a member 'lne' in the table (did you mean len?)"),
                why("get(sk_*.lne)"));
    }

    @Test
    void noShadowOfTheSelectedKind() throws Exception {
        assertEquals(List.of("sk_buff.mark occurs only as read (" + MARK_READS + ") and address-of (" + MARK_ADDRESSES
                + "); set(...) selects writes"), why("set(sk_buff.mark)"));
        assertEquals(List.of("sk_buff.len occurs only as write (" + LEN_WRITES + "); get(...) selects reads"),
                why("get(sk_buff.len)"));
        assertEquals(List.of("fileops.fo_read is never called through (fp-call 0; read 2)"), why("fp-call(fileops.fo_read)"));
    }

    @Test
    void restrictionsThatExcludeEveryShadow() throws Exception {
        assertEquals(List.of(LEN_WRITES + " shadows of set(sk_buff.len) lie outside within(\"net/ipv4/*.c\")"),
                why("set(sk_buff.len) && within(\"net/ipv4/*.c\")"));
        assertEquals(List.of(LEN_WRITES + " shadows of set(sk_buff.len) lie outside withincode(tcp_*)",
                "struct sk_buff has no member 'mrk' in the table (did you mean mark?)"),
                why("(set(sk_buff.len) || get(sk_buff.mrk)) && !within(\"x.c\") && withincode(tcp_*)"));
        assertEquals(List.of(LEN_WRITES + " shadows of set(sk_buff.len) are excluded by !withincode(skb_put)"),
                why("set(sk_buff.len) && !withincode(skb_put)"));
    }

    @Test
    void functions() throws Exception {
        assertEquals(List.of("no function 'tcp_sendmgs' in the table (did you mean tcp_sendmsg?)"),
                why("call(tcp_sendmgs)"));
        assertEquals(List.of("'kfree' is called (2) but defined in no extracted source"), why("execution(kfree)"));
        assertEquals(List.of("'skb_copy' is defined but never called directly (a call through a pointer is"
                + " fp-call(S.m))"), why("call(skb_copy)"));
        assertEquals(List.of("1 shadow of call(skb_put) lies outside within(\"net/core/*.c\")"),
                why("call(skb_put) && within(\"net/core/*.c\")"));
        assertEquals(List.of("no function 'kfre' in the table (did you mean kfree?)"), why("execution(kfre)"));
    }

    @Test
    void aSelectorThatMatchesSaysNothing() throws Exception {
        assertEquals(List.of("no function 'nothing_at_all' in the table"),
                why("set(sk_buff.len) && within(\"net/core/*.c\") || call(nothing_at_all)"));
    }

    @Test
    void distance() {
        assertEquals(1, Suggestions.distance("ca", "ac"));
        assertEquals(1, Suggestions.distance("mbuff", "mbuf"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(List.of("m_free", "m_freem"), Suggestions.closest("m_fre", List.of("m_freem", "m_get", "m_free")));
    }
}
