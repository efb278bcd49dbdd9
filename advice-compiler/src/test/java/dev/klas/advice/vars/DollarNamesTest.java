package dev.klas.advice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.klas.schema.Advice;
import dev.klas.schema.AdviceKind;
import dev.klas.schema.SourcePosition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code $name}s of advice text with their aspect positions; literals and comments name nothing. */
class DollarNamesTest {
    @Test
    void namesOutsideLiteralsAndCommentsWithTheirFirstPositions() {
        String code = "\n    klas_printf(\"$x %d '$y'\", $p->len, 'x', '$', '$q');\n"
                + "  /* $c */ int a$b = $n + $p->id; // $d\n"
                + "  a$b += $_u1;";
        Advice advice = new Advice(AdviceKind.BEFORE, code, new SourcePosition("a.xml", 7, 29));
        Map<String, SourcePosition> expected = new LinkedHashMap<>();
        expected.put("p", new SourcePosition("a.xml", 8, 31));
        expected.put("n", new SourcePosition("a.xml", 9, 22));
        expected.put("_u1", new SourcePosition("a.xml", 10, 10));
        assertEquals(expected, DollarNames.of(advice));
    }

    @Test
    void onTheAdvicesFirstLineTheColumnCountsFromTheAdvicesColumn() {
        Advice advice = new Advice(AdviceKind.BEFORE, "f($abc);", new SourcePosition("a.xml", 3, 10));
        assertEquals(Map.of("abc", new SourcePosition("a.xml", 3, 12)), DollarNames.of(advice));
    }
}
