package dev.klas.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes broken versions of a valid aspect file: bytes flipped, truncated, elements shuffled, duplicated or
 * dropped, attribute values and text replaced with hostile ones. Deterministic for a seed.
 */
public final class Mutator {
    private static final Pattern ELEMENT = Pattern.compile("<([a-z-]+)\\b[^<>]*?(/>|>[^<]*</\\1>)");
    private static final Pattern VALUE = Pattern.compile("\"[^\"]*\"");
    private static final String[] HOSTILE = {"", " ", "*", "***", "[", "a[b", "\\", "&amp;&amp;", "&lt;", "9x",
        "x\"; system(\"rm -rf /", "((((((((((", "!!!!!!", "\u0000", "&#0;", "&unknown;", "line(\"a\":0)",
        "get(a.b) &amp;&amp; within(&quot;[&quot;)", "struct", "-1", "99999999999"};

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public byte[] mutate(byte[] original) {
        return switch (random.nextInt(7)) {
            case 0 -> flipBytes(original);
            case 1 -> Arrays.copyOf(original, random.nextInt(original.length + 1));
            case 2 -> elements(original, Op.SHUFFLE);
            case 3 -> elements(original, Op.DUPLICATE);
            case 4 -> elements(original, Op.DROP);
            case 5 -> replaceValue(original);
            default -> mutate(mutate(original));
        };
    }

    private enum Op { SHUFFLE, DUPLICATE, DROP }

    private byte[] flipBytes(byte[] in) {
        byte[] out = in.clone();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] elements(byte[] in, Op op) {
        String text = new String(in, StandardCharsets.UTF_8);
        List<int[]> spans = new ArrayList<>();
        Matcher m = ELEMENT.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return flipBytes(in);
        }
        int[] a = spans.get(random.nextInt(spans.size()));
        String piece = text.substring(a[0], a[1]);
        String result = switch (op) {
            case DUPLICATE -> text.substring(0, a[1]) + piece + text.substring(a[1]);
            case DROP -> text.substring(0, a[0]) + text.substring(a[1]);
            case SHUFFLE -> {
                List<String> pieces = new ArrayList<>();
                for (int[] s : spans) {
                    pieces.add(text.substring(s[0], s[1]));
                }
                Collections.shuffle(pieces, random);
                StringBuilder sb = new StringBuilder();
                int at = 0;
                for (int i = 0; i < spans.size(); i++) {
                    sb.append(text, at, spans.get(i)[0]).append(pieces.get(i));
                    at = spans.get(i)[1];
                }
                yield sb.append(text.substring(at)).toString();
            }
        };
        return result.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] replaceValue(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        List<int[]> spans = new ArrayList<>();
        Matcher m = VALUE.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start() + 1, m.end() - 1});
        }
        if (spans.isEmpty()) {
            return flipBytes(in);
        }
        int[] s = spans.get(random.nextInt(spans.size()));
        String value = HOSTILE[random.nextInt(HOSTILE.length)];
        return (text.substring(0, s[0]) + value + text.substring(s[1])).getBytes(StandardCharsets.UTF_8);
    }
}
