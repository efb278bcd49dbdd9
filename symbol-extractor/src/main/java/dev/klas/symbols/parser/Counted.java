package dev.klas.symbols.parser;

import dev.klas.symbols.Shadow;
import java.util.regex.Pattern;

/**
 * Names made with {@code __COUNTER__} in a header's inline function ({@code __compiletime_assert_267}, the callee of
 * every {@code BUILD_BUG_ON}/{@code WRITE_ONCE} in the kernel; {@code __UNIQUE_ID_name42}) carry a number that counts
 * per unit: the same header context read in two units gives two numbers. In a header's shadows the number is
 * written {@code N}, so the rows do not depend on which unit recorded them.
 */
final class Counted {
    private static final Pattern COUNTED = Pattern.compile("(__compiletime_assert_|__UNIQUE_ID_[A-Za-z_]*?)\\d+");

    private Counted() {
    }

    static Shadow normalised(Shadow s) {
        String function = replace(s.function());
        String member = replace(s.member());
        return function.equals(s.function()) && member.equals(s.member()) ? s
                : new Shadow(s.kind(), s.file(), s.line(), s.column(), function, s.struct(), member, s.macro());
    }

    private static String replace(String name) {
        return name.indexOf("__") < 0 ? name : COUNTED.matcher(name).replaceAll("$1N");
    }
}
