package dev.klas.symbols.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared, thread-safe cache of file existence, file contents and {@link HeaderFacts} for one extraction run: a
 * header is looked up, read and scanned once however many translation units include it.
 */
public final class SourceFiles {
    private final ConcurrentHashMap<String, Boolean> exists = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Optional<SourceText>> texts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, HeaderFacts> facts = new ConcurrentHashMap<>();

    boolean exists(String path) {
        return exists.computeIfAbsent(path, p -> Files.isRegularFile(Path.of(p)));
    }

    Optional<SourceText> text(String path) {
        return texts.computeIfAbsent(path, SourceFiles::load);
    }

    /** The include guard and identifiers of a file's text, found once per run. */
    HeaderFacts facts(SourceText text) {
        return facts.computeIfAbsent(text.path(), p -> HeaderFacts.of(text.chars()));
    }

    /** Hash of a file's bytes (hex SHA-256, 128 bits), empty when unreadable. */
    public Optional<String> hash(String path) {
        return text(path).map(SourceText::hash);
    }

    private static Optional<SourceText> load(String path) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of(path));
            return Optional.of(SourceText.of(path, bytes, hash(bytes)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
