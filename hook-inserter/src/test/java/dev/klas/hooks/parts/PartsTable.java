package dev.klas.hooks.parts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** An independent reader of /dev/shm/klas-PID, written from docs/parts-format.md alone. */
final class PartsTable {
    record Segment(int index, int flags, String name) {
    }

    record Symbol(int index, int flags, int from, int to, long calls, long returns, String name) {
    }

    record Thread(int tid, int[] frames, long stale, int overflow) {
    }

    private final MappedByteBuffer b;

    PartsTable(long pid) {
        try (FileChannel ch = FileChannel.open(Path.of("/dev/shm/klas-" + pid), StandardOpenOption.READ)) {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            b.order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] magic = new byte[8];
        b.get(0, magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("KLASPRT\0") || b.getInt(8) != 1
                || b.getInt(12) != 128 || b.getInt(48) != 512 || b.getInt(60) != 128) {
            throw new AssertionError("not a version-1 parts table");
        }
    }

    int pid() {
        return b.getInt(16);
    }

    List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        long off = b.getLong(40);
        for (int i = 0; i < b.getInt(56); i++) {
            int at = (int) (off + 512L * i);
            out.add(new Segment(b.getInt(at), b.getInt(at + 4), string(at + 32, 96)));
        }
        return out;
    }

    List<Symbol> symbols() {
        List<Symbol> out = new ArrayList<>();
        long off = b.getLong(64);
        for (int i = 0; i < b.getInt(76); i++) {
            int at = (int) (off + 128L * i);
            out.add(new Symbol(b.getInt(at), b.getInt(at + 4), b.getInt(at + 8), b.getInt(at + 12),
                    b.getLong(at + 16), b.getLong(at + 56), string(at + 64, 64)));
        }
        return out;
    }

    /** Threads with a consistent copy of their frames (seqlock), free records left out. */
    List<Thread> threads() {
        List<Thread> out = new ArrayList<>();
        long off = b.getLong(80);
        int size = b.getInt(88);
        for (int i = 0; i < b.getInt(96); i++) {
            int at = (int) (off + (long) size * i);
            for (int tries = 0; tries < 10000; tries++) {
                int s1 = b.getInt(at);
                VarHandle.acquireFence();
                if ((s1 & 1) != 0) {
                    continue;
                }
                int tid = b.getInt(at + 4), depth = Math.min(b.getInt(at + 8), b.getInt(28));
                int[] frames = new int[depth];
                for (int k = 0; k < depth; k++) {
                    frames[k] = b.getInt(at + 64 + 48 * k);
                }
                long stale = b.getLong(at + 24);
                int overflow = b.getInt(at + 12);
                VarHandle.loadLoadFence();
                if (b.getInt(at) == s1) {
                    if (tid != 0) {
                        out.add(new Thread(tid, frames, stale, overflow));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The index of the last loaded segment of that name. */
    int segment(String name) {
        return segments().stream().filter(s -> s.name().equals(name) && (s.flags() & 1) != 0)
                .mapToInt(Segment::index).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no segment " + name + " in " + segments()));
    }

    /** "unused", "running", "calling" or "running+calling", computed as the format document says. */
    String state(String segment) {
        int seg = segment(segment), running = 0, calling = 0;
        List<Symbol> syms = symbols();
        for (Thread t : threads()) {
            int d = t.frames().length;
            if (d == 0) {
                continue;
            }
            if (syms.get(t.frames()[d - 1]).to() == seg) {
                running++;
            }
            for (int k = 0; k < d - 1; k++) {
                if (syms.get(t.frames()[k]).to() == seg) {
                    calling++;
                    break;
                }
            }
        }
        return running > 0 && calling > 0 ? "running+calling" : running > 0 ? "running" : calling > 0 ? "calling"
                : "unused";
    }

    /** The symbol names of a thread's frames, outermost first. */
    List<String> chain(int tid) {
        List<Symbol> syms = symbols();
        return threads().stream().filter(t -> t.tid() == tid).findFirst()
                .map(t -> java.util.Arrays.stream(t.frames()).mapToObj(f -> syms.get(f).name()).toList())
                .orElseThrow(() -> new AssertionError("no thread " + tid));
    }

    private String string(int at, int max) {
        int n = 0;
        while (n < max && b.get(at + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
