package dev.klas.resolve.elf;

/**
 * The {@code .gnu_debuglink} section: the file name of a separate debug file and the CRC-32 of its contents.
 */
public record DebugLink(String fileName, int crc) {
}
