package dev.klas.advice;

import dev.klas.schema.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gcc's messages ({@code FILE:LINE:COL: error: TEXT}) read back from a build log. Advice code stands behind
 * {@code #line} directives naming the aspect file, so its messages already carry aspect positions; the rest name
 * generated files.
 */
public final class CompilerMessages {
    private static final Pattern MESSAGE = Pattern.compile("^(.+?):(\\d+):(\\d+): (?:fatal )?(error|warning|note): (.*)$");

    private CompilerMessages() {
    }

    public static List<Diagnostic> parse(String log) {
        List<Diagnostic> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                out.add(new Diagnostic(new SourcePosition(m.group(1), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))), Diagnostic.Severity.valueOf(m.group(4).toUpperCase(Locale.ROOT)),
                        m.group(5)));
            }
        }
        return out;
    }
}
