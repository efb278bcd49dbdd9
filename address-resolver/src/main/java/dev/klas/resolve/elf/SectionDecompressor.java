package dev.klas.resolve.elf;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses {@code SHF_COMPRESSED} sections (gABI "Section Compression": an {@code Elf64_Chdr} of ch_type,
 * ch_reserved, ch_size, ch_addralign, then zlib or zstd data) and legacy {@code .zdebug_*} sections ("ZLIB" and an
 * 8-byte big-endian size). The announced size is bounded by the compressed size times the format's highest possible
 * ratio before anything is allocated.
 */
final class SectionDecompressor {
    static final int ELFCOMPRESS_ZLIB = 1;
    static final int ELFCOMPRESS_ZSTD = 2;
    /** Deflate cannot expand more than 1032:1. */
    private static final long ZLIB_MAX_RATIO = 1032;
    /** A zstd RLE block of 4 bytes can stand for 128 KiB. */
    private static final long ZSTD_MAX_RATIO = 32768;
    private static final long MAX_SIZE = Integer.MAX_VALUE - 16;

    private SectionDecompressor() {
    }

    static ByteBuffer contents(ElfFile elf, Section s) {
        ByteBuffer raw = elf.rawData(s);
        if ((s.flags() & Section.SHF_COMPRESSED) != 0) {
            Cursor c = Cursor.elf(raw, s.label());
            int type = (int) c.u32();
            c.u32();
            long size = c.u64();
            c.u64();
            c.check();
            ByteBuffer data = raw.slice(24, raw.limit() - 24);
            return decompress(s.label(), type, size, data, 24);
        }
        if (s.name().startsWith(".zdebug")) {
            Cursor c = Cursor.elf(raw, s.label());
            byte[] magic = c.bytes(4);
            long size = Long.reverseBytes(c.u64());
            c.check();
            if (!new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ZLIB")) {
                throw new ElfFormatException(s.label(), 0, "legacy compressed section without ZLIB magic");
            }
            return decompress(s.label(), ELFCOMPRESS_ZLIB, size, raw.slice(12, raw.limit() - 12), 12);
        }
        return raw;
    }

    private static ByteBuffer decompress(String name, int type, long size, ByteBuffer data, int headerSize) {
        long ratio = switch (type) {
            case ELFCOMPRESS_ZLIB -> ZLIB_MAX_RATIO;
            case ELFCOMPRESS_ZSTD -> ZSTD_MAX_RATIO;
            default -> throw new ElfFormatException(name, 0, "unknown compression type " + type);
        };
        long bound = Math.min(MAX_SIZE, (data.limit() + 64L) * ratio);
        if (size < 0 || size > bound) {
            throw new ElfFormatException(name, 8, "uncompressed size 0x" + Long.toHexString(size)
                    + " impossible for 0x" + Integer.toHexString(data.limit()) + " compressed bytes");
        }
        byte[] out = new byte[(int) size];
        long produced = type == ELFCOMPRESS_ZLIB ? inflate(name, data, out, headerSize) : unzstd(name, data, out,
                headerSize);
        if (produced != size) {
            throw new ElfFormatException(name, headerSize, "decompressed to 0x" + Long.toHexString(produced)
                    + " bytes, header says 0x" + Long.toHexString(size));
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long inflate(String name, ByteBuffer data, byte[] out, int headerSize) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data.duplicate());
            int n = 0;
            while (n < out.length && !inf.finished()) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (!inf.finished()) {
                throw new ElfFormatException(name, headerSize + inf.getTotalIn(), "zlib data truncated or too long");
            }
            return n;
        } catch (DataFormatException e) {
            throw new ElfFormatException(name, headerSize + inf.getTotalIn(), "bad zlib data: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    private static long unzstd(String name, ByteBuffer data, byte[] out, int headerSize) {
        byte[] in = new byte[data.limit()];
        data.duplicate().get(in);
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, out.length, in, 0, in.length);
        } catch (RuntimeException e) {
            throw new ElfFormatException(name, headerSize, "bad zstd data: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw new ElfFormatException(name, headerSize, "bad zstd data: " + Zstd.getErrorName(n));
        }
        return n;
    }
}
