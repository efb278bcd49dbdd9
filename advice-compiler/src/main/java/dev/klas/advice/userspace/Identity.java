package dev.klas.advice.userspace;

import dev.klas.hooks.plan.TargetIdentity;
import dev.klas.resolve.elf.BuildId;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.elf.Segment;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of a target file: build-id, size, SHA-256 of its executable sections, and how the runtime finds it. */
public final class Identity {
    private Identity() {
    }

    public static TargetIdentity of(ElfFile elf) {
        return new TargetIdentity(elf.path().toAbsolutePath().normalize().toString(), match(elf),
                elf.buildId().map(BuildId::hex).orElse(""), elf.fileSize(), textSha256(elf));
    }

    /** {@code main} for an executable (it has a program interpreter or is not a shared object), else its file name. */
    public static String match(ElfFile elf) {
        boolean interp = elf.segments().stream().anyMatch(s -> s.type() == Segment.PT_INTERP);
        return interp || elf.type() == ElfFile.ET_EXEC ? "main" : String.valueOf(elf.path().getFileName());
    }

    /** SHA-256 over the file bytes of every SHF_EXECINSTR section, in section-header order. */
    public static String textSha256(ElfFile elf) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Section s : elf.sections()) {
                if (s.executable() && s.type() != Section.SHT_NOBITS) {
                    ByteBuffer b = elf.rawData(s).duplicate();
                    md.update(b);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
