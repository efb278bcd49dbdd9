package dev.klas.symbols;

import dev.klas.symbols.parser.SourceFiles;
import dev.klas.symbols.store.FileStatTable.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Content hashes for up-to-date checks. A file whose modification time and size are those recorded with its hash
 * is taken to still have that hash without being read (as make and ccache trust them); any other file is read
 * and hashed, and the hash decides. A stat is recorded only when the file was last modified well before the run
 * started, so that a write within the file system's time granularity of the recording cannot hide behind an
 * unchanged time (git's "racily clean" entries).
 */
final class FileHashes {
    /** How long before the run's start a file must have been modified for its stat to be recorded. */
    static final long SETTLED_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SourceFiles files;
    private final Path root;
    private final Map<String, Stat> known;
    private final long startNanos;
    private final ConcurrentHashMap<String, Optional<String>> hashes = new ConcurrentHashMap<>();

    /**
     * @param known      stats recorded by earlier runs, by path relative to the root
     * @param startNanos the run's start, wall clock, in nanoseconds since the epoch
     */
    FileHashes(SourceFiles files, Path root, Map<String, Stat> known, long startNanos) {
        this.files = files;
        this.root = root;
        this.known = known;
        this.startNanos = startNanos;
    }

    /** The file's content hash now (relative to the root), empty when it cannot be read. */
    Optional<String> hash(String path) {
        return hashes.computeIfAbsent(path, this::compute);
    }

    private Optional<String> compute(String path) {
        Path p = root.resolve(path);
        Stat was = known.get(path);
        if (was != null) {
            Optional<BasicFileAttributes> now = stat(p);
            if (now.isPresent() && nanos(now.get()) == was.mtimeNanos() && now.get().size() == was.size()) {
                return Optional.of(was.hash());
            }
        }
        return files.hash(p.toString());
    }

    /**
     * Stats to record: of every file hashed in this run or given in {@code read} (path to the hash its content had
     * when read during the run), the settled ones whose stat is not the one on record.
     */
    Map<String, Stat> learned(Map<String, String> read) {
        Map<String, String> seen = new HashMap<>(read);
        hashes.forEach((path, hash) -> hash.ifPresent(h -> seen.putIfAbsent(path, h)));
        Map<String, Stat> out = new HashMap<>();
        seen.forEach((path, hash) -> stat(root.resolve(path)).ifPresent(a -> {
            long mtime = nanos(a);
            Stat s = new Stat(mtime, a.size(), hash);
            if (mtime < startNanos - SETTLED_NANOS && !s.equals(known.get(path))) {
                out.put(path, s);
            }
        }));
        return out;
    }

    private static long nanos(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    private static Optional<BasicFileAttributes> stat(Path p) {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
