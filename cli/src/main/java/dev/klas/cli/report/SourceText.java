package dev.klas.cli.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A source file's lines as text: read as UTF-8, a byte that is not UTF-8 shown as U+FFFD (the replacement
 * character), so any file can be shown and none is refused.
 */
public record SourceText(Path path, List<String> lines) {
    public SourceText {
        lines = List.copyOf(lines);
    }

    /** The file {@code name} (as the weave recorded it) under the first root that has it; empty when none does. */
    public static Optional<SourceText> find(String name, List<Path> roots) {
        Path p = Path.of(name);
        List<Path> tries = p.isAbsolute() ? List.of(p) : roots.stream().map(r -> r.resolve(name)).toList();
        for (Path t : tries) {
            if (Files.isRegularFile(t)) {
                try {
                    return Optional.of(new SourceText(t, decode(Files.readAllBytes(t)).lines().toList()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder threw", e);
        }
    }
}
