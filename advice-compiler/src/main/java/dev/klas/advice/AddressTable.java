package dev.klas.advice;

import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A table of code addresses the kernel keeps in a section of its own: {@code __mcount_loc} (the {@code __fentry__}
 * call sites ftrace patches) and {@code _kprobe_blacklist} (the functions {@code NOKPROBE_SYMBOL} names). In a
 * relocatable module the table is a section whose entries are relocations (read from a {@link PlacedObject}, so they
 * come out as placed addresses); in vmlinux the linker script folds it into {@code .init.data} between
 * {@code __start_NAME} and {@code __stop_NAME} (include/asm-generic/vmlinux.lds.h).
 */
public final class AddressTable {
    private AddressTable() {
    }

    public static Set<Long> of(ElfFile elf, String section, String startSymbol, String stopSymbol) {
        Set<Long> out = new HashSet<>();
        if (elf.isRelocatable()) {
            elf.section(section).ifPresent(s -> {
                for (Relocations.Entry e : Relocations.of(elf, s)) {
                    if (e.width() == 8) {
                        out.add(e.symbol().value() + e.addend());
                    }
                }
            });
            return out;
        }
        Optional<Long> start = symbol(elf, startSymbol);
        Optional<Long> stop = symbol(elf, stopSymbol);
        if (start.isEmpty() || stop.isEmpty()) {
            return out;
        }
        Optional<Section> holder = elf.sectionAt(start.get()).filter(s -> s.type() != Section.SHT_NOBITS);
        if (holder.isEmpty()) {
            return out;
        }
        ByteBuffer data = elf.rawData(holder.get());
        for (long a = start.get(); a + 8 <= stop.get(); a += 8) {
            out.add(data.getLong((int) (a - holder.get().address())));
        }
        return out;
    }

    private static Optional<Long> symbol(ElfFile elf, String name) {
        for (ElfSymbol s : elf.symbols()) {
            if (s.name().equals(name)) {
                return Optional.of(s.value());
            }
        }
        return Optional.empty();
    }
}
