package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.advice.Diagnostic;
import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.SourcePosition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's member chains: every {@code ->} step wrapped in KLAS_MEMBER, nothing else touched. */
class MemberChainsTest {
    private static MemberChains.Rewritten rewrite(String code) {
        return MemberChains.rewrite(new Advice(AdviceKind.BEFORE, code, new SourcePosition("a.xml", 7, 5)));
    }

    @Test
    void eachArrowStepIsOneNofaultRead() {
        assertEquals("f(KLAS_MEMBER($skb->len));", rewrite("f($skb->len);").code());
        assertEquals("f(KLAS_MEMBER(KLAS_MEMBER($a->b.c)->d.e));", rewrite("f($a->b.c->d.e);").code());
        assertEquals("x = KLAS_MEMBER($p->len) + 1;", rewrite("x = $p -> len + 1;").code());
        assertEquals("if (KLAS_MEMBER($m->m_hdr.mh_next) && KLAS_MEMBER($m->m_hdr.mh_len))",
                rewrite("if ($m->m_hdr.mh_next && $m->m_hdr.mh_len)").code());
    }

    @Test
    void addressesLocalsAndLiteralsStayAsWritten() {
        assertEquals("p = &KLAS_MEMBER($a->b)->c;", rewrite("p = &$a->b->c;").code(), "only the address of c");
        assertEquals("q = &$a->b;", rewrite("q = &$a->b;").code());
        assertEquals("y = $s.x + $n;", rewrite("y = $s.x + $n;").code(), "no pointer, no read to wrap");
        assertEquals("f(\"$p->len\"); /* $p->len */ g('$');", rewrite("f(\"$p->len\"); /* $p->len */ g('$');")
                .code());
        assertEquals("ok && KLAS_MEMBER($p->v)", rewrite("ok && $p->v").code(), "&& is no address-of");
    }

    @Test
    void aChainEndingOnABitFieldIsReadAsTheLookupSpellsItFromTheLastPointer() {
        MemberChains.Rewritten r = MemberChains.rewrite(new Advice(AdviceKind.BEFORE,
                "f($a->b.c->d.flags, $a->n, &$a->flags);", new SourcePosition("a.xml", 7, 5)),
                (v, steps, base) -> steps.get(steps.size() - 1).endsWith("flags")
                        ? java.util.Optional.of("BITS[" + v + "|" + String.join("", steps) + "|" + base + "]")
                        : java.util.Optional.empty());
        assertEquals("f(BITS[a|->b.c->d.flags|KLAS_MEMBER($a->b.c)], KLAS_MEMBER($a->n), &$a->flags);", r.code(),
                "the address of a bit-field is not asked for (C refuses it)");
    }

    @Test
    void anIndexAfterAChainIsRefusedAtTheName() {
        MemberChains.Rewritten r = rewrite("a = 1;\n  f($m->m_dat[0]);");
        assertEquals(1, r.errors().size(), r.errors().toString());
        Diagnostic d = r.errors().get(0);
        assertEquals(List.of(8, 5), List.of(d.position().line(), d.position().column()), d.toString());
        assertEquals(List.of(), rewrite("f($arr[0]);").errors(), "indexing a variable itself reads nothing through a chain");
    }
}
