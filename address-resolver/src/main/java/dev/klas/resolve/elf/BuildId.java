package dev.klas.resolve.elf;

import java.util.HexFormat;

/** A GNU build-id ({@code NT_GNU_BUILD_ID} note), as lower-case hex. */
public record BuildId(String hex) {
    static BuildId of(byte[] bytes) {
        return new BuildId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return hex;
    }
}
