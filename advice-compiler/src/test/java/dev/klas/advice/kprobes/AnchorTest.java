package dev.klas.advice.kprobes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.Hook;
import dev.klas.advice.HookFactory;
import dev.klas.advice.Oracles;
import dev.klas.advice.Repo;
import dev.klas.resolve.FunctionOffset;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.JoinPoint;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.Precision;
import dev.klas.resolve.joinpoint.SourcePlace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kprobe is registered by name, and the kernel picks the first symbol of that name: two static functions of one
 * name (address-resolver's execution/props.c and two.c, both with a get_property) would send the hook to the wrong
 * copy. Each hook is registered by an anchor symbol no other function shares, at the offset that gives the planned
 * address — checked against nm's symbol table.
 */
class AnchorTest {
    @Test
    void duplicateNamesAreRegisteredThroughAUniqueSymbol(@TempDir Path tmp) throws Exception {
        Path src = Repo.root().resolve("address-resolver/src/test/resources/execution");
        Path exe = tmp.resolve("props");
        Oracles.run("gcc", "-O2", "-g", "-o", exe.toString(), src.resolve("props.c").toString(),
                src.resolve("two.c").toString());
        Map<String, List<Long>> byName = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^([0-9a-f]+) [tTwW] (\\S+)$").matcher(Oracles.run("nm", exe.toString()));
        while (m.find()) {
            byName.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(Long.parseLong(m.group(1), 16));
        }
        List<Long> twins = byName.get("get_property");
        assertEquals(2, twins.size(), "the fixture has two functions named get_property: " + twins);
        Binary binary = new Binary(ElfFile.open(exe));
        HookFactory factory = new HookFactory(binary);
        for (long start : twins) {
            for (long address : List.of(start, start + binary.instructionAt(start).orElseThrow().length())) {
                FunctionOffset own = binary.functions().at(address).orElseThrow();
                SourcePlace place = new SourcePlace(PlaceKind.LINE, "props.c", 1, 1, "", "", "get_property");
                JoinPoint jp = new JoinPoint(place, address, ".text", own, List.of(), new Precision.Line("test"),
                        binary.instructionAt(address).orElseThrow().length());
                Hook h = factory.hook(jp, List.of("a"));
                assertEquals("get_property", h.location().symbol());
                assertNotEquals("get_property", h.location().anchor(), "registered by a name two functions share");
                assertEquals(1, byName.get(h.location().anchor()).size(), h.location().anchor() + " is not unique");
                assertEquals(address, byName.get(h.location().anchor()).get(0) + h.location().anchorOffset(),
                        "anchor + offset is the planned address");
            }
        }
        FunctionOffset main = binary.functions().at(byName.get("main").get(0) + 4).orElseThrow();
        assertEquals(Optional.of(main), binary.functions().unambiguous(main.symbolAddress() + main.offset()),
                "a unique name is its own anchor");
    }
}
