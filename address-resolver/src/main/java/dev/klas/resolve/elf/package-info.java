/**
 * A memory-mapped ELF64 little-endian x86-64 reader: {@link dev.klas.resolve.elf.ElfFile} (sections, segments,
 * symbols, GNU build-id, compressed and relocated debug sections) and
 * {@link dev.klas.resolve.elf.DebugFileLocator} for separate debug files. Malformed input raises
 * {@link dev.klas.resolve.elf.ElfFormatException} with the section and offset; other ELF flavours raise
 * {@link dev.klas.resolve.elf.UnsupportedElfException}.
 */
package dev.klas.resolve.elf;
