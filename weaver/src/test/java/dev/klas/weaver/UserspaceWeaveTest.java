package dev.klas.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.schema.InvalidAspectException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sample woven with the four aspects whose counts the oracle build defines, run with the library preloaded:
 * each aspect's advice lines must number what the oracle counts for the same arguments, at -O0 and -O2, in every
 * hook mode; klas_target must be an mbuf the program printed.
 */
class UserspaceWeaveTest {
    /** Each aspect's advice line, as its <advice-before> in samples/aspects prints it. */
    private static final Map<String, Pattern> LINES = new LinkedHashMap<>(Map.of(
            "log_reset_len", Pattern.compile("(?m)^\\d+ m_len$"),
            "set_m_len", Pattern.compile("(?m)^\\S+:\\d+ m_len <- at "),
            "fp_call_read", Pattern.compile("(?m)^fo_read called from "),
            "call_m_free", Pattern.compile("(?m)^m_free called in ")));

    @TempDir
    Path tmp;

    static WeaveReport weave(Path out, String opt, HookMode mode, List<Path> aspects)
            throws WeaveException, InvalidAspectException {
        return Weaver.weave(new WeaveRequest(aspects, MbufUser.binary(opt), Optional.of(MbufUser.DB), Optional.empty(),
                Optional.empty(), WeaveTarget.USERSPACE, out, true, Optional.empty(), mode, Optional.of("woven")));
    }

    /** The sample aspects whose counts the oracle build prints. */
    List<Path> sampleAspects() {
        return LINES.keySet().stream().map(n -> MbufUser.ASPECTS.resolve(n + ".xml")).toList();
    }

    @ParameterizedTest
    @CsvSource({"O0,INT3", "O0,JUMP", "O0,AUTO", "O2,INT3", "O2,JUMP", "O2,AUTO"})
    void hitsEqualTheOracle(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        WeaveReport report = weave(out, opt, mode, sampleAspects());
        assertFalse(report.hooks().isEmpty());
        if (mode == HookMode.INT3) {
            assertTrue(report.hooks().stream().allMatch(h -> h.contains("\tint3")), report.hooks().toString());
        } else {
            assertTrue(report.hooks().stream().anyMatch(h -> h.endsWith("\tjump")), report.hooks().toString());
            assertTrue(Files.readString(out.resolve("woven.c")).contains("KLAS_SITE_NOREGS"),
                    "advice naming no register takes the light stub");
        }
        Woven w = Woven.open(out);
        assertEquals(List.of(), w.problems(MbufUser.binary(opt)));
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", w.library().toString(), "KLAS_OUT", log.toString()),
                List.of(MbufUser.binary(opt).toString(), "50", "4")).ok();
        assertEquals("", p.err());
        String advice = Files.readString(log);
        Map<String, Long> oracle = MbufUser.oracle("50", "4");
        for (String aspect : LINES.keySet()) {
            assertTrue(oracle.getOrDefault(aspect, 0L) > 0, "the oracle build counts no " + aspect + ": " + oracle);
        }
        for (Map.Entry<String, Pattern> e : LINES.entrySet()) {
            assertEquals(oracle.get(e.getKey()), e.getValue().matcher(advice).results().count(),
                    e.getKey() + " at " + opt + " " + mode + "\n" + String.join("\n", report.hooks()));
        }
    }

    @ParameterizedTest
    @CsvSource({"O0,JUMP", "O2,INT3", "O2,JUMP"})
    void targetIsTheMbufTheProgramPrinted(String opt, HookMode mode) throws Exception {
        Path out = tmp.resolve("w");
        weave(out, opt, mode, List.of(MbufUser.ASPECTS.resolve("set_m_len.xml")));
        assertFalse(Files.readString(out.resolve("woven.c")).contains("KLAS_SITE_NOREGS"),
                "klas_target needs the register file");
        assertFalse(Files.readString(out.resolve("woven.c")).contains("KLAS_SITE_VARREGS"),
                "klas_target needs the register-file stub, not the light one with the registers");
        Path log = tmp.resolve("advice.log");
        Proc p = Proc.run(tmp, Map.of("LD_PRELOAD", Woven.open(out).library().toString(), "KLAS_OUT", log.toString()),
                List.of(MbufUser.binary(opt).toString(), "1", "1", "-v")).ok();
        Set<Long> printed = hex(Pattern.compile("(?m)^mbuf 0x([0-9a-f]+)$"), p.out());
        Set<Long> targets = hex(Pattern.compile("\\(mbuf 0x([0-9a-f]+)\\)"), Files.readString(log));
        assertFalse(printed.isEmpty());
        assertEquals(printed, targets, Files.readString(log));
    }

    private static Set<Long> hex(Pattern p, String text) {
        Set<Long> out = new HashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        return out;
    }
}
