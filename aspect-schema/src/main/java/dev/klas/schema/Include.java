package dev.klas.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A header the advice needs, from an {@code <include>} element.
 *
 * @param directive what follows {@code #include}: {@code <linux/skbuff.h>} or {@code "local.h"}
 * @param position  where the header's name starts in the aspect file
 */
public record Include(String directive, SourcePosition position) {
    private static final Pattern FORM = Pattern.compile("<([A-Za-z0-9_./+-]+)>|\"([A-Za-z0-9_./+-]+)\"|([A-Za-z0-9_./+-]+)");

    public Include {
        Objects.requireNonNull(position, "position");
        if (parse(directive).filter(directive::equals).isEmpty()) {
            throw new IllegalArgumentException("not an include directive: " + directive);
        }
    }

    /**
     * The directive for an element's text: {@code <path>} and {@code "path"} as written, a bare {@code path} as
     * {@code <path>}; empty for anything else (only letters, digits and {@code _ . / + -} in a path, so an include can
     * carry no code or newline into generated C).
     */
    public static Optional<String> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(3) != null ? "<" + m.group(3) + ">" : text);
    }
}
