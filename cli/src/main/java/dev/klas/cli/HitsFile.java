package dev.klas.cli;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hit counters of a process running the klas runtime, {@code /dev/shm/klas-PID.hits} (docs/parts-format.md,
 * "Hit counts", version 1), mapped. A hook's count is the sum of its thread rows less the baseline row; each value is
 * read whole (an aligned 64-bit opaque load), so counts never tear and never go down between two reads.
 */
final class HitsFile implements AutoCloseable {
    static final byte[] MAGIC = "KLASHIT\0".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FLAGS = 60;
    private static final int RESET_NS = 80;

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int pid, hooks, slots, rowSize, hookSize, advices, adviceSize;
    private final long hooksOff, advicesOff, rowsOff;

    private HitsFile(Path file, FileChannel channel, MappedByteBuffer map) throws IOException {
        this.file = file;
        this.channel = channel;
        this.map = map;
        byte[] magic = new byte[8];
        map.get(0, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a klas hits file (magic)");
        }
        if (map.getInt(8) != 1) {
            throw new IOException(file + ": format version " + map.getInt(8) + ", this klas reads version 1");
        }
        pid = map.getInt(16);
        hooks = map.getInt(20);
        slots = map.getInt(24);
        rowSize = map.getInt(28);
        hooksOff = map.getLong(32);
        hookSize = map.getInt(40);
        advices = map.getInt(44);
        advicesOff = map.getLong(48);
        adviceSize = map.getInt(56);
        rowsOff = map.getLong(64);
        if (rowsOff + (long) (slots + 1) * rowSize > map.capacity() || (long) hooks * 8 > rowSize) {
            throw new IOException(file + ": its rows run past its " + map.capacity() + " bytes");
        }
    }

    static HitsFile open(Path file, boolean write) throws IOException {
        FileChannel ch = write ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 128) {
                throw new IOException(file + ": " + size + " bytes, shorter than the header");
            }
            MappedByteBuffer m = ch.map(write ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size);
            m.order(ByteOrder.LITTLE_ENDIAN);
            return new HitsFile(file, ch, m);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The counts now: per hook the sum of the thread rows less the baseline. */
    HitCounts read() {
        return read(false);
    }

    /**
     * The counts now; with {@code reset}, the same sums become the baseline (the file must be open for writing), so
     * a hit is counted either in what this returns or in what later reads return, never in both or neither.
     */
    HitCounts read(boolean reset) {
        boolean wasReset = (long) LONGS.getOpaque(map, RESET_NS) != 0;
        long[] sums = sums();
        long[] base = row(0);
        if (reset) {
            for (int i = 0; i < hooks; i++) {
                LONGS.setOpaque(map, (int) (rowsOff + 8L * i), sums[i]);
            }
            LONGS.setOpaque(map, RESET_NS, Math.max(1, System.nanoTime()));
        }
        List<List<String[]>> adv = advicesByHook();
        List<HitCounts.Hook> out = new ArrayList<>();
        for (int i = 0; i < hooks; i++) {
            int at = (int) (hooksOff + (long) i * hookSize);
            Set<String> aspects = new LinkedHashSet<>();
            adv.get(i).forEach(a -> aspects.add(a[0]));
            String where = adv.get(i).isEmpty() ? "" : adv.get(i).get(0)[1];
            out.add(new HitCounts.Hook(i, text(at + 96, 32), map.getLong(at), text(at + 32, 64), map.getLong(at + 8),
                    where, List.copyOf(aspects), Math.max(0, sums[i] - base[i])));
        }
        int flags = (int) INTS.getOpaque(map, FLAGS);
        return new HitCounts("pid", Integer.toString(pid), (flags & 1) != 0, wasReset,
                out, HitCounts.aspectsOf(out, Map.of()));
    }

    private long[] sums() {
        long[] sums = new long[hooks];
        for (int s = 1; s <= slots; s++) {
            long[] r = row(s);
            for (int i = 0; i < hooks; i++) {
                sums[i] += r[i];
            }
        }
        return sums;
    }

    private long[] row(int slot) {
        long[] r = new long[hooks];
        int at = (int) (rowsOff + (long) slot * rowSize);
        for (int i = 0; i < hooks; i++) {
            r[i] = (long) LONGS.getOpaque(map, at + 8 * i);
        }
        return r;
    }

    /** Per hook its advice records as {aspect, file:line:column}. */
    private List<List<String[]>> advicesByHook() {
        List<List<String[]>> out = new ArrayList<>();
        for (int i = 0; i < hooks; i++) {
            out.add(new ArrayList<>());
        }
        for (int a = 0; a < advices; a++) {
            int at = (int) (advicesOff + (long) a * adviceSize);
            int hook = map.getInt(at);
            if (hook >= 0 && hook < hooks) {
                out.get(hook).add(new String[] {text(at + 16, 64),
                        text(at + 80, 128) + ":" + map.getInt(at + 4) + ":" + map.getInt(at + 8)});
            }
        }
        return out;
    }

    private String text(int at, int max) {
        ByteBuffer b = map.slice(at, max);
        int n = 0;
        while (n < max && b.get(n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        b.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
