package dev.klas.resolve.joinpoint;

import dev.klas.resolve.FunctionSymbols;
import dev.klas.resolve.InlineChains;
import dev.klas.resolve.InlinedCopies;
import dev.klas.resolve.LineIndex;
import dev.klas.resolve.dwarf.Aranges;
import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.StructLayout;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.ElfSymbol;
import dev.klas.resolve.elf.PltStubs;
import dev.klas.resolve.elf.Section;
import dev.klas.resolve.x86.DecodeException;
import dev.klas.resolve.x86.Decoder;
import dev.klas.resolve.x86.Instruction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A binary opened for resolution: its ELF, DWARF and the indexes built from them on first use. Code, sections and
 * dynamic symbols come from the binary itself; DWARF may come from a separate debug file (objcopy
 * {@code --only-keep-debug}, Debian's {@code -dbgsym} packages), whose {@code .text} has no bytes. Symbols come from
 * the binary's {@code .symtab}, else the debug file's, else the binary's {@code .dynsym}.
 */
public final class Binary {
    private final ElfFile elf;
    private final ElfFile debug;
    private final DwarfInfo dwarf;
    private LineIndex lines;
    private LineIndex someLines;
    private Set<String> expectedFiles = Set.of();
    private FunctionSymbols functions;
    private InlineChains inlines;
    private InlinedCopies copies;
    private final Map<String, List<StructLayout>> layouts = new HashMap<>();
    private final Map<Long, Boolean> framePointer = new HashMap<>();
    private Map<Long, String> pltStubs;

    public Binary(ElfFile elf) {
        this(elf, elf);
    }

    /** The code of {@code elf} with the DWARF of {@code debug} (the same file, or its separate debug file). */
    public Binary(ElfFile elf, ElfFile debug) {
        this.elf = elf;
        this.debug = debug;
        this.dwarf = DwarfInfo.of(debug);
    }

    /** The binary itself: code, sections, dynamic symbols. */
    public ElfFile elf() {
        return elf;
    }

    /** The file the debug info comes from: {@link #elf()} itself or its separate debug file. */
    public ElfFile debugFile() {
        return debug;
    }

    /** The file whose symbol table names the code: the binary when it has {@code .symtab}, else its debug file. */
    public ElfFile symbolFile() {
        return elf.symbols().isEmpty() && !debug.symbols().isEmpty() ? debug : elf;
    }

    /** The symbols that name the code: {@code .symtab} of {@link #symbolFile()}, else the binary's {@code .dynsym}. */
    public List<ElfSymbol> symbols() {
        List<ElfSymbol> s = symbolFile().symbols();
        return s.isEmpty() ? elf.dynamicSymbols() : s;
    }

    public DwarfInfo dwarf() {
        return dwarf;
    }

    /** The line index of every line table, built on first use. */
    public synchronized LineIndex lines() {
        if (lines == null) {
            lines = LineIndex.build(dwarf);
        }
        return lines;
    }

    /**
     * Says which files {@link #lines(String)} will be asked about (as the places name them), so that it can read
     * the rows of those files alone instead of every line table ({@link LineIndex#build(DwarfInfo, Collection)}).
     */
    public synchronized void expectLineLookups(Collection<String> files) {
        expectedFiles = Set.copyOf(files);
    }

    /**
     * A line index that answers lookups of {@code file} as {@link #lines()} does: restricted to the files named in
     * {@link #expectLineLookups} when {@code file} is one of them, else the full index.
     */
    public synchronized LineIndex lines(String file) {
        if (lines != null) {
            return lines;
        }
        if (someLines != null && someLines.answers(file)) {
            return someLines;
        }
        if (someLines == null && expectedFiles.contains(file)) {
            someLines = LineIndex.build(dwarf, expectedFiles);
            return someLines;
        }
        return lines();
    }

    public synchronized FunctionSymbols functions() {
        if (functions == null) {
            functions = FunctionSymbols.of(symbolFile());
        }
        return functions;
    }

    public synchronized InlineChains inlines() {
        if (inlines == null) {
            inlines = new InlineChains(dwarf);
        }
        return inlines;
    }

    public synchronized InlinedCopies inlinedCopies() {
        if (copies == null) {
            copies = new InlinedCopies(dwarf, inlines());
        }
        return copies;
    }

    /**
     * Start addresses of the function {@code name} and of its gcc clones ({@code name.constprop.0},
     * {@code name.isra.0}, ...); not of the split-off parts {@code name.cold} and {@code name.part.0}, which are
     * not entered where the function is.
     */
    public List<Long> functionAddresses(String name) {
        List<Long> out = new ArrayList<>();
        for (ElfSymbol s : symbols()) {
            if (s.isFunction() && s.value() != 0 && (s.name().equals(name) || isClone(s.name(), name))) {
                out.add(s.value());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** What a direct call of {@code name} targets: the function and its clones, and the PLT stubs that call it. */
    public synchronized List<Long> callTargets(String name) {
        if (pltStubs == null) {
            pltStubs = PltStubs.of(elf);
        }
        List<Long> out = new ArrayList<>(functionAddresses(name));
        pltStubs.forEach((stub, callee) -> {
            if (callee.equals(name)) {
                out.add(stub);
            }
        });
        return out;
    }

    private static boolean isClone(String symbol, String name) {
        return symbol.startsWith(name + ".")
                && symbol.substring(name.length()).matches("(\\.(constprop|isra|lto_priv|localalias)\\.\\d+)+");
    }

    /** The name of the function symbol starting at {@code address}, if one does. */
    public Optional<String> functionAt(long address) {
        return functions().at(address).filter(f -> f.offset() == 0).map(f -> f.symbol());
    }

    /** The function whose code holds {@code address} after inlining, with its symbol and compile unit. */
    public CodeOwner ownerAt(long address) {
        Optional<Die> subprogram = inlines().subprogramAt(address);
        Optional<Unit> unit = subprogram.map(Die::unit).or(() -> unitAt(address));
        return new CodeOwner(subprogram.flatMap(Die::effectiveName), functions().at(address).map(f -> f.symbol()),
                unit.flatMap(CodeOwner::path));
    }

    /** The layouts of {@code struct} known to the unit covering {@code address} (all units when none covers it). */
    public synchronized List<StructLayout> layouts(String struct, long address) {
        Optional<Unit> unit = unitAt(address);
        String key = struct + "@" + unit.map(Unit::offset).orElse(-1L);
        return layouts.computeIfAbsent(key, k -> unit.map(u -> dwarf.structLayouts(struct, List.of(u)))
                .filter(l -> !l.isEmpty()).orElseGet(() -> dwarf.structLayouts(struct)));
    }

    /** The compile unit covering {@code address} according to {@code .debug_aranges}. */
    public Optional<Unit> unitAt(long address) {
        List<Aranges.Entry> covering = dwarf.arangesAt(address);
        return covering.isEmpty() ? Optional.empty() : dwarf.unitAt(covering.get(0).unitOffset());
    }

    /** The executable section holding {@code address}. */
    public Optional<Section> codeSection(long address) {
        return elf.sectionAt(address).filter(Section::executable);
    }

    /** The instructions that start in [from, to), decoded from the section bytes; empty past what decodes. */
    public List<Instruction> instructions(long from, long to) {
        Optional<Section> s = codeSection(from);
        if (s.isEmpty() || to <= from) {
            return List.of();
        }
        Section sec = s.get();
        if (sec.type() == Section.SHT_NOBITS) {
            return List.of();
        }
        long end = Math.min(to, sec.address() + sec.size());
        ByteBuffer raw = elf.rawData(sec);
        int start = (int) (from - sec.address());
        List<Instruction> out = new ArrayList<>();
        long at = from;
        while (at < end) {
            int pos = (int) (at - sec.address());
            ByteBuffer window = raw.slice(pos, (int) Math.min(15, raw.limit() - pos));
            try {
                Instruction i = Decoder.decode(window, at);
                out.add(i);
                at = i.end();
            } catch (DecodeException e) {
                break;
            }
        }
        return start >= 0 ? out : List.of();
    }

    /** Whether the function containing {@code address} sets up {@code %rbp} as frame pointer ({@code mov %rsp,%rbp}). */
    public synchronized boolean usesFramePointer(long address) {
        return functions().at(address).map(f -> framePointer.computeIfAbsent(f.symbolAddress(), start -> {
            for (Instruction i : instructions(start, start + 16)) {
                byte[] b = i.bytes();
                if (b.length == 3 && b[0] == 0x48 && (b[1] & 0xff) == 0x89 && (b[2] & 0xff) == 0xe5) {
                    return true;
                }
            }
            return false;
        })).orElse(false);
    }

    /** The one instruction at {@code address}. */
    public Optional<Instruction> instructionAt(long address) {
        List<Instruction> one = instructions(address, address + 1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }
}
