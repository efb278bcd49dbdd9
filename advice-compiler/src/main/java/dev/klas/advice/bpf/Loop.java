package dev.klas.advice.bpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loop of advice code as klas judges it for the verifier (kernel 5.3 and later take loops they can prove
 * bounded): {@link Bound#CONSTANT} a {@code for (i = A; i < N; i++)} with integer constants whose body writes no
 * {@code i}; {@link Bound#NONE} a loop whose condition is missing or always true ({@code for (;;)},
 * {@code while (1)}, {@code do ... while (1)}); {@link Bound#UNSEEN} any other, left to the verifier.
 *
 * @param keyword  {@code for}, {@code while} or {@code do}
 * @param doWhile  for a {@code do} loop, the offset of its {@code while} (which is no loop of its own); else -1
 */
record Loop(String keyword, Bound bound, int doWhile) {
    enum Bound { CONSTANT, NONE, UNSEEN }

    private static final String INT = "(?:0[xX][0-9a-fA-F]+|\\d+)[uUlL]*";
    private static final Pattern TRUE = Pattern.compile("\\(*\\s*(?:[1-9]\\d*[uUlL]*|0[xX]0*[1-9a-fA-F][0-9a-fA-F]*"
            + "[uUlL]*|true|!\\s*0)\\s*\\)*");
    private static final Pattern INIT = Pattern.compile("(?:(?:const|unsigned|signed|int|long|short|char|__[us]\\d+"
            + "|[us]\\d+|size_t)\\s+)*(\\w+)\\s*=\\s*" + INT);
    private static final Pattern COND = Pattern.compile("(\\w+)\\s*<=?\\s*" + INT);
    private static final Pattern STEP = Pattern.compile("(?:\\+\\+\\s*(\\w+)|(\\w+)\\s*\\+\\+|(\\w+)\\s*\\+=\\s*"
            + "0*[1-9]\\d*[uUlL]*)");

    /** The loop whose keyword stands at {@code at} of the blanked text (see {@link CodeText#blank}). */
    static Loop at(String text, String keyword, int at) {
        int after = CodeText.skipSpace(text, at + keyword.length());
        return switch (keyword) {
            case "for" -> forLoop(text, after);
            case "while" -> new Loop(keyword, header(text, after).map(Loop::whileBound).orElse(Bound.UNSEEN), -1);
            default -> doLoop(text, after);
        };
    }

    private static Loop forLoop(String text, int open) {
        Optional<String> header = header(text, open);
        if (header.isEmpty()) {
            return new Loop("for", Bound.UNSEEN, -1);
        }
        List<String> parts = split(header.get());
        if (parts.size() != 3) {
            return new Loop("for", Bound.UNSEEN, -1);
        }
        String cond = parts.get(1).strip();
        if (cond.isEmpty() || TRUE.matcher(cond).matches()) {
            return new Loop("for", Bound.NONE, -1);
        }
        Matcher init = INIT.matcher(parts.get(0).strip());
        Matcher c = COND.matcher(cond);
        Matcher step = STEP.matcher(parts.get(2).strip());
        if (!init.matches() || !c.matches() || !step.matches()) {
            return new Loop("for", Bound.UNSEEN, -1);
        }
        String v = init.group(1);
        String stepped = step.group(1) != null ? step.group(1) : step.group(2) != null ? step.group(2) : step.group(3);
        boolean constant = v.equals(c.group(1)) && v.equals(stepped) && !writes(body(text, CodeText.close(text, open)), v);
        return new Loop("for", constant ? Bound.CONSTANT : Bound.UNSEEN, -1);
    }

    private static Loop doLoop(String text, int start) {
        int end = statementEnd(text, start);
        int w = CodeText.skipSpace(text, end);
        if (!text.startsWith("while", w)) {
            return new Loop("do", Bound.UNSEEN, -1);
        }
        Bound b = header(text, CodeText.skipSpace(text, w + 5)).map(Loop::whileBound).orElse(Bound.UNSEEN);
        return new Loop("do", b, w);
    }

    private static Bound whileBound(String cond) {
        return cond.isBlank() || TRUE.matcher(cond.strip()).matches() ? Bound.NONE : Bound.UNSEEN;
    }

    /** The text between the parentheses that open at {@code open}, when one does. */
    private static Optional<String> header(String text, int open) {
        if (open >= text.length() || text.charAt(open) != '(') {
            return Optional.empty();
        }
        return Optional.of(text.substring(open + 1, Math.max(open + 1, CodeText.close(text, open) - 1)));
    }

    /** The header split at its top-level semicolons. */
    private static List<String> split(String header) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int k = 0; k < header.length(); k++) {
            char ch = header.charAt(k);
            depth += ch == '(' || ch == '[' || ch == '{' ? 1 : ch == ')' || ch == ']' || ch == '}' ? -1 : 0;
            if (ch == ';' && depth == 0) {
                out.add(header.substring(from, k));
                from = k + 1;
            }
        }
        out.add(header.substring(from));
        return out;
    }

    /** The statement that starts at (or after whitespace from) {@code start}: a block, or up to its semicolon. */
    private static String body(String text, int start) {
        int s = CodeText.skipSpace(text, start);
        return text.substring(s, statementEnd(text, s));
    }

    private static int statementEnd(String text, int s) {
        if (s < text.length() && text.charAt(s) == '{') {
            return CodeText.close(text, s);
        }
        int depth = 0;
        for (int k = s; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch == '(' || ch == '{' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == '}' || ch == ']') {
                depth--;
            } else if (ch == ';' && depth <= 0) {
                return k + 1;
            }
        }
        return text.length();
    }

    /** Whether {@code body} assigns {@code v}, steps it or takes its address. */
    private static boolean writes(String body, String v) {
        String q = Pattern.quote(v);
        return Pattern.compile("(?<![\\w.>])" + q + "\\s*(?:=(?!=)|\\+\\+|--|[-+*/%&|^]=|<<=|>>=)"
                + "|(?:\\+\\+|--|&)\\s*" + q + "\\b").matcher(body).find();
    }
}
