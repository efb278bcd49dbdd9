package dev.klas.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.resolve.dwarf.Die;
import dev.klas.resolve.dwarf.DwarfInfo;
import dev.klas.resolve.dwarf.LineTable;
import dev.klas.resolve.dwarf.Unit;
import dev.klas.resolve.elf.DynamicTags;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.PltStubs;
import dev.klas.resolve.elf.Section;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the compiled fixtures (truncations; byte flips in the ELF header, the section header table, the
 * compression headers, the DWARF sections, and the symbol, string, dynamic, note and relocation tables — each of
 * which must have been changed by some mutant) read through every reader: each must end in a successful read or a
 * {@link FormatException} naming a section and offset; never another exception, an OutOfMemoryError or a hang.
 * The count is {@code -Dklas.fuzz.count} (default 10,000), the seed {@code -Dklas.fuzz.seed} (default 4).
 */
class FuzzTest {
    private static final List<String> TARGETS = List.of("exe-O2-g5", "obj-O2-g4-fs.o", "exe-O2-g5-zlib",
            "obj-O2-g5-zstd.o", "so-O0-g4.so", "pie-O2-g4");
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-worker");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stop() {
        WORKER.shutdownNow();
    }

    @Test
    void mutantsEndInTypedErrorsOrSuccess() throws Exception {
        int count = Integer.getInteger("klas.fuzz.count", 10_000);
        Random rnd = new Random(Long.getLong("klas.fuzz.seed", 4L));
        List<byte[]> originals = new ArrayList<>();
        List<List<Section>> sections = new ArrayList<>();
        for (String name : TARGETS) {
            Path p = Fixtures.get(name).path();
            originals.add(Files.readAllBytes(p));
            sections.add(ElfFile.open(p).sections());
        }
        Set<String> tables = new TreeSet<>();
        for (List<Section> list : sections) {
            Mutations.present(list).forEach(x -> Mutations.table(x.name()).ifPresent(tables::add));
        }
        assertEquals(new TreeSet<>(Mutations.TABLES), tables, "the targets hold every kind of table");
        Map<String, Integer> landed = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int typed = 0;
        int ok = 0;
        for (int i = 0; i < count && failures.size() < 10; i++) {
            int which = rnd.nextInt(originals.size());
            byte[] mutant = originals.get(which).clone();
            Mutations.Mutation how = Mutations.mutate(mutant, sections.get(which), rnd);
            int len = how.length();
            Mutations.table(how.section()).filter(t -> changed(originals.get(which), mutant, sections.get(which),
                    how.section())).ifPresent(t -> landed.merge(t, 1, Integer::sum));
            String label = TARGETS.get(which) + " #" + i + " " + how.how();
            Future<Boolean> run = WORKER.submit(() -> readEverything(label, ByteBuffer.wrap(mutant, 0, len)));
            try {
                if (run.get(20, TimeUnit.SECONDS)) {
                    typed++;
                } else {
                    ok++;
                }
            } catch (TimeoutException e) {
                run.cancel(true);
                failures.add(label + ": no answer within 20 s");
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(label + ": " + e.getCause());
            }
        }
        System.out.printf("fuzz: %d mutants, %d typed errors, %d read fully, %d failures; mutants with changed bytes "
                + "in %s%n", count, typed, ok, failures.size(), landed);
        assertEquals(List.of(), failures);
        for (String t : Mutations.TABLES) {
            assertTrue(landed.getOrDefault(t, 0) > 0, "no mutant changed a byte of " + t + "*: " + landed);
        }
        assertTrue(typed > count / 10 && ok > count / 100, "typed " + typed + ", ok " + ok);
    }

    /** Whether the mutant differs from the original inside the section called {@code name}. */
    private static boolean changed(byte[] original, byte[] mutant, List<Section> sections, String name) {
        for (Section x : sections) {
            if (x.name().equals(name)) {
                int from = (int) x.offset();
                int to = (int) (x.offset() + x.size());
                return !Arrays.equals(original, from, to, mutant, from, to);
            }
        }
        return false;
    }

    /** True when a FormatException ended the read, false when everything was read. */
    private static boolean readEverything(String label, ByteBuffer image) {
        try {
            ElfFile elf = ElfFile.of(Path.of(label), image);
            elf.symbols();
            elf.dynamicSymbols();
            elf.buildId();
            elf.debugLink();
            for (DynamicTags.Entry e : DynamicTags.entries(elf)) {
                if (e.tag() == DynamicTags.DT_NEEDED || e.tag() == DynamicTags.DT_SONAME) {
                    DynamicTags.string(elf, e.value());
                }
            }
            PltStubs.of(elf);
            for (Section s : elf.sections()) {
                elf.contents(s);
            }
            DwarfInfo dwarf = DwarfInfo.of(elf);
            for (LineTable t : dwarf.lineTables()) {
                t.forEachRow(r -> { });
            }
            dwarf.structLayouts("mbuf");
            List<Long> addresses = new ArrayList<>();
            for (Unit u : dwarf.units()) {
                for (Die d : u.dies()) {
                    d.effectiveName();
                    d.ranges().forEach(r -> addresses.add(r.start()));
                }
            }
            dwarf.structLayouts("mbuf");
            dwarf.aranges();
            LineIndex index = LineIndex.build(dwarf);
            index.lookup("inl.h", 9);
            InlineChains chains = new InlineChains(dwarf);
            FunctionSymbols symbols = FunctionSymbols.of(elf);
            for (long a : addresses.subList(0, Math.min(5, addresses.size()))) {
                chains.at(a);
                symbols.at(a);
            }
            return false;
        } catch (FormatException e) {
            if (e.section() == null || e.section().isEmpty() || e.offset() < 0) {
                throw new AssertionError("error without a position: " + e, e);
            }
            return true;
        }
    }
}
