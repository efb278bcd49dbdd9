package dev.klas.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}; a bare number is seconds. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    private Durations() {
    }

    static long millis(String option, String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new KlasException(ExitCode.USAGE, option + " takes a duration like 500ms, 2s or 1m, not '" + text + "'");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> v;
            case "m" -> v * 60_000;
            default -> v * 1000;
        };
        if (ms < 1 || ms > 24 * 3600_000.0) {
            throw new KlasException(ExitCode.USAGE, option + " must be between 1ms and 24h, not '" + text + "'");
        }
        return (long) ms;
    }

    static String text(long ns) {
        if (ns < 10_000) {
            return ns + " ns";
        }
        if (ns < 10_000_000) {
            return String.format("%.1f us", ns / 1e3);
        }
        return String.format("%.1f ms", ns / 1e6);
    }
}
