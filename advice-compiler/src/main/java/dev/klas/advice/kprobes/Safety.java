package dev.klas.advice.kprobes;

import dev.klas.advice.AddressTable;
import dev.klas.advice.Hook;
import dev.klas.advice.Refusal;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.joinpoint.Binary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The places kprobes must not go, checked when the module is generated (kernel/kprobes.c in Linux 6.1 refuses most
 * of them at register time too, but only after the module is built and loaded): functions named by
 * {@code NOKPROBE_SYMBOL} (the {@code _kprobe_blacklist} table), code in {@code .kprobes.text} ({@code __kprobes}),
 * {@code .noinstr.text} ({@code noinstr}), {@code .entry.text} (the entry code) and {@code .init.text}
 * ({@code __init}, freed after boot or module init), and the {@code __fentry__} call at a function's entry anywhere
 * but at offset 0 (that call belongs to ftrace; a kprobe on the function symbol itself goes through ftrace).
 * In a module these are sections; in vmlinux the linker merges them into {@code .text} between boundary symbols.
 */
public final class Safety {
    private record Area(String section, String start, String stop, String reason) {
    }

    private static final List<Area> AREAS = List.of(
            new Area(".kprobes.text", "__kprobes_text_start", "__kprobes_text_end",
                    "in .kprobes.text (__kprobes): kprobes' own code"),
            new Area(".noinstr.text", "__noinstr_text_start", "__noinstr_text_end",
                    "in .noinstr.text (noinstr): code that must not be instrumented"),
            new Area(".entry.text", "__entry_text_start", "__entry_text_end",
                    "in .entry.text: kernel entry code"),
            new Area(".init.text", "_sinittext", "_einittext",
                    "in .init.text (__init): freed once init is done"));

    private final Binary binary;
    private final Set<Long> blacklist;
    private final Set<Long> ftraceSites;
    private final List<long[]> ranges = new ArrayList<>();

    public Safety(Binary binary) {
        this.binary = binary;
        ElfFile elf = binary.elf();
        this.blacklist = AddressTable.of(elf, "_kprobe_blacklist", "__start_kprobe_blacklist",
                "__stop_kprobe_blacklist");
        this.ftraceSites = AddressTable.of(elf, "__mcount_loc", "__start_mcount_loc", "__stop_mcount_loc");
        if (!elf.isRelocatable()) {
            for (Area a : AREAS) {
                ranges.add(new long[] {symbol(a.start()).orElse(0L), symbol(a.stop()).orElse(0L)});
            }
        }
    }

    /** The hooks of {@code hooks} that must not go in. */
    public List<Refusal> check(List<Hook> hooks) {
        List<Refusal> out = new ArrayList<>();
        for (Hook h : hooks) {
            reason(h).ifPresent(r -> out.add(new Refusal(h, r)));
        }
        return out;
    }

    public Optional<String> reason(Hook h) {
        long address = h.location().address();
        long function = address - h.location().offset();
        if (blacklist.contains(function)) {
            return Optional.of(h.location().symbol() + " is on the kprobes blacklist (NOKPROBE_SYMBOL)");
        }
        Optional<String> section = binary.codeSection(address).map(Section::name);
        for (int i = 0; i < AREAS.size(); i++) {
            Area a = AREAS.get(i);
            boolean inSection = section.filter(a.section()::equals).isPresent();
            boolean inRange = !ranges.isEmpty() && ranges.get(i)[0] < ranges.get(i)[1]
                    && address >= ranges.get(i)[0] && address < ranges.get(i)[1];
            if (inSection || inRange) {
                return Optional.of(h.location().symbol() + " is " + a.reason());
            }
        }
        if (ftraceSites.contains(address) && h.location().offset() != 0) {
            return Optional.of("the __fentry__ call at " + h.location() + " belongs to ftrace: probe "
                    + h.location().symbol() + " at offset 0 instead");
        }
        return Optional.empty();
    }

    private Optional<Long> symbol(String name) {
        for (ElfSymbol s : binary.symbols()) {
            if (s.name().equals(name)) {
                return Optional.of(s.value());
            }
        }
        return Optional.empty();
    }
}
