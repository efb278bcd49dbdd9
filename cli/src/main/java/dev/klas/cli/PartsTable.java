package dev.klas.cli;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared-memory table of a process running the klas runtime ({@code /dev/shm/klas-PID}, docs/parts-format.md
 * version 1), mapped read-only. Segment and symbol records are read under {@code layout_seq}, thread records under
 * their own {@code seq}; a record that keeps changing is retried a bounded number of times.
 */
final class PartsTable implements AutoCloseable {
    static final byte[] MAGIC = "KLASPRT\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int RETRIES = 20_000;

    record Segment(int index, int flags, long base, int held, String name, String path) {
        boolean loaded() {
            return (flags & 1) != 0;
        }

        boolean replaced() {
            return (flags & 8) != 0;
        }
    }

    record Symbol(int index, int flags, int from, int to, long calls, long totalNs, long selfNs, long address,
                  int slots, long returns, String name) {
    }

    record Frame(int symbol, long rsp, long ret) {
    }

    /** One thread; {@code busy} when its record kept changing while read (frames then empty). */
    record Thread(int tid, int held, long overflow, long stale, List<Frame> frames, boolean busy) {
    }

    /** Everything read at one moment (segments and symbols consistent with each other). */
    record Snapshot(int pid, int flags, int swaps, List<Segment> segments, List<Symbol> symbols,
                    List<Thread> threads) {
    }

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer map;

    private PartsTable(Path file, FileChannel channel, MappedByteBuffer map) {
        this.file = file;
        this.channel = channel;
        this.map = map;
    }

    static PartsTable open(Path file, int pid) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 128) {
                throw new IOException(file + ": " + size + " bytes, shorter than the table header");
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            m.order(ByteOrder.LITTLE_ENDIAN);
            PartsTable t = new PartsTable(file, ch, m);
            t.checkHeader(pid, size);
            return t;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void checkHeader(int pid, long size) throws IOException {
        byte[] magic = new byte[8];
        map.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a klas parts table (magic)");
        }
        if (map.getInt(8) != VERSION || map.getInt(12) != 128) {
            throw new IOException(file + ": table version " + map.getInt(8) + ", header size " + map.getInt(12)
                    + "; this klas reads version " + VERSION);
        }
        if (map.getInt(16) != pid) {
            throw new IOException(file + ": written by pid " + map.getInt(16) + ", not " + pid);
        }
        if (map.getLong(32) > size || map.getInt(48) < 512 || map.getInt(60) < 128 || map.getInt(88) < 64 + 48 * frameMax()) {
            throw new IOException(file + ": record sizes or file size do not fit the format");
        }
    }

    private int frameMax() {
        return map.getInt(28);
    }

    /** Reads segments, symbols and threads. */
    Snapshot snapshot() throws IOException {
        List<Segment> segments = new ArrayList<>();
        List<Symbol> symbols = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            int s1 = map.getInt(24);
            VarHandle.acquireFence();
            if ((s1 & 1) == 0) {
                segments = segments();
                symbols = symbols();
                VarHandle.loadLoadFence();
                if (map.getInt(24) == s1) {
                    break;
                }
            }
            if (attempt > RETRIES) {
                throw new IOException(file + ": the segment table kept changing while read");
            }
            java.lang.Thread.onSpinWait();
        }
        return new Snapshot(map.getInt(16), map.getInt(20), map.getInt(100), segments, symbols, threads());
    }

    private List<Segment> segments() {
        long off = map.getLong(40);
        int size = map.getInt(48);
        int n = Math.min(map.getInt(56), map.getInt(52));
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = (int) (off + (long) i * size);
            out.add(new Segment(map.getInt(at), map.getInt(at + 4), map.getLong(at + 8), map.getInt(at + 16),
                    string(at + 32, 96), string(at + 128, 384)));
        }
        return out;
    }

    private List<Symbol> symbols() {
        long off = map.getLong(64);
        int size = map.getInt(60);
        int n = Math.min(map.getInt(76), map.getInt(72));
        List<Symbol> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = (int) (off + (long) i * size);
            out.add(new Symbol(map.getInt(at), map.getInt(at + 4), map.getInt(at + 8), map.getInt(at + 12),
                    map.getLong(at + 16), map.getLong(at + 24), map.getLong(at + 32), map.getLong(at + 40),
                    map.getInt(at + 48), map.getLong(at + 56), string(at + 64, 64)));
        }
        return out;
    }

    private List<Thread> threads() {
        long off = map.getLong(80);
        int size = map.getInt(88);
        int n = Math.min(map.getInt(96), map.getInt(92));
        List<Thread> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = (int) (off + (long) i * size);
            thread(at).ifPresent(out::add);
        }
        return out;
    }

    private java.util.Optional<Thread> thread(int at) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            int s1 = map.getInt(at);
            VarHandle.acquireFence();
            if ((s1 & 1) != 0) {
                java.lang.Thread.onSpinWait();
                continue;
            }
            int tid = map.getInt(at + 4);
            int depth = Math.min(map.getInt(at + 8), frameMax());
            int held = map.getInt(at + 16);
            long overflow = map.getInt(at + 12) & 0xffffffffL;
            long stale = map.getLong(at + 24);
            List<Frame> frames = new ArrayList<>();
            for (int f = 0; f < depth; f++) {
                int fa = at + 64 + f * 48;
                frames.add(new Frame(map.getInt(fa), map.getLong(fa + 8), map.getLong(fa + 16)));
            }
            VarHandle.loadLoadFence();
            if (map.getInt(at) == s1) {
                return tid == 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(new Thread(tid, held, overflow, stale, frames, false));
            }
        }
        int tid = map.getInt(at + 4);
        return tid == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new Thread(tid, 0, 0, 0, List.of(), true));
    }

    private String string(int at, int max) {
        int end = at;
        while (end < at + max && map.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        map.get(at, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
