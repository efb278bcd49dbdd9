package dev.klas.hooks.parts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of the one-line JSON answers for assertions (no JSON library in this module's tests). */
final class Json {
    private Json() {
    }

    static boolean ok(String answer) {
        return answer.startsWith("{\"ok\":true");
    }

    static String code(String answer) {
        return string(answer, "code");
    }

    static String string(String answer, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(answer);
        if (!m.find()) {
            throw new AssertionError("no string field " + field + " in " + answer);
        }
        return m.group(1);
    }

    static long number(String answer, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(answer);
        if (!m.find()) {
            throw new AssertionError("no number field " + field + " in " + answer);
        }
        return Long.parseLong(m.group(1));
    }

    /** The state of a segment in a `state` answer. */
    static String segmentState(String answer, String name) {
        Matcher m = Pattern.compile("\"name\":\"" + Pattern.quote(name) + "\",\"path\":\"[^\"]*\",\"loaded\":\\w+,"
                + "\"state\":\"([^\"]+)\"").matcher(answer);
        if (!m.find()) {
            throw new AssertionError("no segment " + name + " in " + answer);
        }
        return m.group(1);
    }

    /** calls of a symbol in a `profile` answer, summed over its callers. */
    static long calls(String profile, String symbol) {
        Matcher m = Pattern.compile("\\{\"symbol\":\"" + Pattern.quote(symbol) + "\",\"to\":\"[^\"]*\",\"calls\":(\\d+)")
                .matcher(profile);
        long sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            any = true;
        }
        if (!any) {
            throw new AssertionError("no symbol " + symbol + " in " + profile);
        }
        return sum;
    }

    /** calls of a symbol from one caller segment in a `profile` answer. */
    static long callsFrom(String profile, String symbol, String from) {
        int at = profile.indexOf("{\"symbol\":\"" + symbol + "\"");
        int end = profile.indexOf("]}", at);
        Matcher m = Pattern.compile("\\{\"from\":\"" + Pattern.quote(from) + "\",\"calls\":(\\d+)")
                .matcher(profile.substring(at, end));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
