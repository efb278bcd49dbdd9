package dev.klas.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** klas_access_addr and klas_target equal the addresses the program prints for each m->m_len store. */
class AccessTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"-O0,INT3", "-O0,JUMP", "-O2,INT3", "-O2,JUMP"})
    void accessAndTarget(String opt, Site.Mechanism mechanism) throws IOException {
        Fixture plain = Fixture.build(opt, true, false);
        Path so = HookLibrary.build(tmp, "hooks.so", List.of(new HookLibrary.Target("main",
                Fixture.buildId(plain.target()), List.of(Hooks.store(plain.target(), "set_len", mechanism, Site.Advice.ACCESS)))));
        Path out = tmp.resolve("advice.log");
        Run r = Run.of(plain.dir(), Map.of("LD_PRELOAD", so.toString(), "KLAS_OUT", out.toString()),
                List.of(plain.target().toString(), "access")).ok();
        List<String> printed = pairs(r.out(), "target (\\S+) member (\\S+)");
        List<String> advised = pairs(Files.readString(out), "access (\\S+) target (\\S+)");
        assertEquals(3, printed.size(), r.out());
        assertEquals(printed, advised, "program: " + r.out() + "\nadvice: " + Files.readString(out));
    }

    /** "struct member" pairs, normalised to "target=..., member=...". */
    private static List<String> pairs(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        boolean targetFirst = regex.startsWith("target");
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            String target = targetFirst ? m.group(1) : m.group(2);
            String member = targetFirst ? m.group(2) : m.group(1);
            out.add("target=" + target + " member=" + member);
        }
        return out;
    }
}
