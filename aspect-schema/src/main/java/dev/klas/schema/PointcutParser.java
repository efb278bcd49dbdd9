package dev.klas.schema;

import dev.klas.schema.internal.grammar.ParseException;
import dev.klas.schema.internal.grammar.PointcutGrammar;
import dev.klas.schema.internal.grammar.PointcutGrammarConstants;
import dev.klas.schema.internal.grammar.Token;
import dev.klas.schema.internal.grammar.TokenMgrError;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses the pointcut expression language into a {@link Pointcut} in normal form. */
public final class PointcutParser {
    /** Keywords the grammar also takes as names; when a name is expected, "a name" says it for all of them. */
    private static final Set<Integer> KEYWORDS_THAT_ARE_NAMES = Set.of(
            PointcutGrammarConstants.GET, PointcutGrammarConstants.SET, PointcutGrammarConstants.CALL,
            PointcutGrammarConstants.EXECUTION, PointcutGrammarConstants.LINE, PointcutGrammarConstants.WITHIN,
            PointcutGrammarConstants.WITHINCODE, PointcutGrammarConstants.RUNSIN, PointcutGrammarConstants.RUNSINFILE,
            PointcutGrammarConstants.STRUCT);
    private static final Set<Integer> SELECTOR_KEYWORDS = Set.of(
            PointcutGrammarConstants.GET, PointcutGrammarConstants.SET, PointcutGrammarConstants.FIELD_ACCESS,
            PointcutGrammarConstants.FP_CALL, PointcutGrammarConstants.CALL, PointcutGrammarConstants.EXECUTION,
            PointcutGrammarConstants.LINE, PointcutGrammarConstants.SEGMENT_CALL);

    private PointcutParser() {
    }

    /** Parses an expression given on its own; errors name {@code <pointcut>} as the file. */
    public static Pointcut parse(String text) throws InvalidAspectException {
        return parse(text, TextOrigin.of("<pointcut>", text));
    }

    public static Pointcut parse(String text, TextOrigin origin) throws InvalidAspectException {
        PointcutGrammar grammar = new PointcutGrammar(new StringReader(text));
        try {
            return grammar.start();
        } catch (ParseException e) {
            throw syntaxError(text, origin, e);
        } catch (PointcutGrammar.BadPattern e) {
            int offset = offsetOf(text, e.token.beginLine, e.token.beginColumn) + e.offsetInToken;
            throw error(text, origin, offset, e.getMessage());
        } catch (TokenMgrError e) {
            throw error(text, origin, text.length(), "cannot read the pointcut: " + e.getMessage());
        }
    }

    /**
     * Where each selector of a valid expression is first written: the position of its keyword. A selector is a
     * selector keyword, {@code (}, the tokens up to {@code )}, parsed on its own; a keyword used as a name is
     * followed by something else.
     */
    public static Map<Pointcut.Selector, SourcePosition> selectorPositions(String text, TextOrigin origin) {
        List<Token> tokens = new ArrayList<>();
        PointcutGrammar grammar = new PointcutGrammar(new StringReader(text));
        try {
            for (Token t = grammar.getNextToken(); t.kind != PointcutGrammarConstants.EOF; t = grammar.getNextToken()) {
                tokens.add(t);
            }
        } catch (TokenMgrError e) {
            return Map.of();
        }
        Map<Pointcut.Selector, SourcePosition> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!SELECTOR_KEYWORDS.contains(t.kind) || tokens.get(i + 1).kind != PointcutGrammarConstants.LPAREN) {
                continue;
            }
            int close = i + 2;
            while (close < tokens.size() && tokens.get(close).kind != PointcutGrammarConstants.RPAREN) {
                close++;
            }
            if (close == tokens.size()) {
                break;
            }
            int from = offsetOf(text, t.beginLine, t.beginColumn);
            int to = offsetOf(text, tokens.get(close).endLine, tokens.get(close).endColumn) + 1;
            try {
                if (parse(text.substring(from, to)) instanceof Pointcut.Selector s) {
                    out.putIfAbsent(s, origin.positionOf(from));
                }
            } catch (InvalidAspectException e) {
                // not a selector on its own (a keyword used as a name): the tokens after it are looked at next
            }
        }
        return out;
    }

    private static InvalidAspectException syntaxError(String text, TextOrigin origin, ParseException e) {
        Token bad = e.currentToken == null ? null : e.currentToken.next;
        if (bad == null) {
            return error(text, origin, 0, "syntax error in pointcut");
        }
        int offset = bad.kind == PointcutGrammarConstants.EOF ? text.stripTrailing().length()
                : offsetOf(text, bad.beginLine, bad.beginColumn);
        if (bad.kind == PointcutGrammarConstants.UNTERMINATED_STRING) {
            return error(text, origin, offset, "the string that starts here is never closed");
        }
        return error(text, origin, offset, describe(bad) + ", expected " + expected(e));
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case PointcutGrammarConstants.EOF -> "unexpected end of pointcut";
            case PointcutGrammarConstants.UNEXPECTED -> "unexpected character '" + t.image + "'";
            default -> "unexpected '" + t.image + "'";
        };
    }

    private static String expected(ParseException e) {
        Set<Integer> kinds = new LinkedHashSet<>();
        for (int[] sequence : e.expectedTokenSequences) {
            if (sequence.length > 0) {
                kinds.add(sequence[0]);
            }
        }
        if (kinds.contains(PointcutGrammarConstants.NAME)) {
            kinds.removeAll(KEYWORDS_THAT_ARE_NAMES);
        }
        Set<String> names = new LinkedHashSet<>();
        for (int kind : kinds) {
            names.add(tokenName(kind, e.tokenImage));
        }
        if (names.size() == 1) {
            return names.iterator().next();
        }
        return "one of " + String.join(", ", names);
    }

    private static String tokenName(int kind, String[] images) {
        return switch (kind) {
            case PointcutGrammarConstants.NAME -> "a name";
            case PointcutGrammarConstants.STRING -> "a string";
            case PointcutGrammarConstants.INTEGER -> "a line number";
            case PointcutGrammarConstants.EOF -> "end of pointcut";
            default -> images[kind];
        };
    }

    private static InvalidAspectException error(String text, TextOrigin origin, int offset, String message) {
        return new InvalidAspectException(new AspectError(origin.positionOf(offset), message,
                Optional.of(excerpt(text, offset))));
    }

    /** The expression line that holds {@code offset}, and a caret under it. */
    static String excerpt(String text, int offset) {
        int start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) {
            start = 0;
        }
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end < 0 ? text.length() : end);
        StringBuilder caret = new StringBuilder();
        for (int i = start; i < offset; i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "  " + line + "\n  " + caret + "^";
    }

    private static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + column - 1;
    }
}
