package dev.klas.symbols.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** C11 _Generic becomes a comma expression with the default association's value; lines never move. */
class GenericRewriterTest {
    @Test
    void defaultAssociationIsTheValueAndAllExpressionsStay() {
        assertEquals("x = ((void)((p->a)), (void)((char)0), (void)(f(p->b, 1)), ((p->a)));",
                GenericRewriter.rewrite("x = _Generic((p->a), char: (char)0, long: f(p->b, 1), default: (p->a));"));
    }

    @Test
    void macroMadeAssociationsAreDroppedAndLineBreaksKept() {
        String in = "#define T(x) typeof(_Generic((x), \\\n\t CASES(char), \\\n\t default: (x)))\nint y;\n";
        String out = GenericRewriter.rewrite(in);
        assertEquals("#define T(x) typeof(((void)((x)), ((x))) \\\n \\\n)\nint y;\n", out);
        assertEquals(in.lines().count(), out.lines().count());
    }

    @Test
    void textWithoutGenericIsUntouchedEvenInNames() {
        String in = "int my_Generic(int); const char *s = \"_Generic(\";";
        assertEquals(in, GenericRewriter.rewrite(in));
    }
}
