package dev.klas.symbols;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A conjunction of conditions on shadows; an empty Optional matches everything. Name conditions are globs where
 * {@code *} matches any run of characters and {@code ?} one character (case-sensitive, as C names are).
 *
 * @param struct   glob on the struct/union tag
 * @param member   glob on the member (callee for CALL, function for FUNCTION)
 * @param kinds    kinds to keep; all kinds when empty
 * @param file     glob on the file path relative to the root ({@code net/ipv4/*.c})
 * @param function glob on the enclosing function
 * @param line     exact line (with {@code file} names one line)
 */
public record ShadowQuery(Optional<String> struct, Optional<String> member, Set<ShadowKind> kinds,
                          Optional<String> file, Optional<String> function, Optional<Integer> line) {
    public ShadowQuery {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public static ShadowQuery all() {
        return new ShadowQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public static ShadowQuery member(String struct, String member) {
        return all().withStruct(struct).withMember(member);
    }

    public ShadowQuery withStruct(String glob) {
        return new ShadowQuery(Optional.of(glob), member, kinds, file, function, line);
    }

    public ShadowQuery withMember(String glob) {
        return new ShadowQuery(struct, Optional.of(glob), kinds, file, function, line);
    }

    public ShadowQuery withKinds(Set<ShadowKind> k) {
        return new ShadowQuery(struct, member, k, file, function, line);
    }

    public ShadowQuery withFile(String glob) {
        return new ShadowQuery(struct, member, kinds, Optional.of(glob), function, line);
    }

    public ShadowQuery withFunction(String glob) {
        return new ShadowQuery(struct, member, kinds, file, Optional.of(glob), line);
    }

    public ShadowQuery withLine(int l) {
        return new ShadowQuery(struct, member, kinds, file, function, Optional.of(l));
    }
}
