/**
 * A DWARF 2-5 reader over {@link dev.klas.resolve.elf.ElfFile}: line-number programs
 * ({@link dev.klas.resolve.dwarf.LineTable}), units and DIEs ({@link dev.klas.resolve.dwarf.Unit},
 * {@link dev.klas.resolve.dwarf.Die}) with every attribute form, range lists, address ranges and struct layouts
 * ({@link dev.klas.resolve.dwarf.StructLayout}). Everything is entered through
 * {@link dev.klas.resolve.dwarf.DwarfInfo}; malformed input raises
 * {@link dev.klas.resolve.dwarf.DwarfFormatException} with the section and offset.
 */
package dev.klas.resolve.dwarf;
