package dev.klas.hooks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Site choices shared by the tests: the marked m_len stores and function entries of the fixture. */
final class Hooks {
    private Hooks() {
    }

    /** The store {@code m->m_len = ...} (expect: set mbuf.m_len) inside FUNCTION: a mov to [reg+offset]. */
    static Site store(Path elf, String function, Site.Mechanism mechanism, Site.Advice advice) {
        Disassembly d = new Disassembly(elf);
        int off = Fixture.mLen(elf);
        Insn at = d.only(function, Pattern.compile("^mov\\s+DWORD PTR \\[r\\w+\\+0x" + Integer.toHexString(off) + "\\],"));
        return Site.at(d.function(function), function, at, mechanism, false, advice, Optional.of(off));
    }

    /** The first instruction of FUNCTION (an execution join point). */
    static Site entry(Path elf, String function, Site.Mechanism mechanism, boolean vector, Site.Advice advice) {
        List<Insn> f = new Disassembly(elf).function(function);
        return Site.at(f, function, f.get(0), mechanism, vector, advice, Optional.empty());
    }
}
