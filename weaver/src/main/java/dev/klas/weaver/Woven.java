package dev.klas.weaver;

import dev.klas.advice.userspace.Identity;
import dev.klas.advice.userspace.UserspaceBuild;
import dev.klas.hooks.plan.PatchPlan;
import dev.klas.hooks.plan.PlanJson;
import dev.klas.hooks.plan.PlannedHook;
import dev.klas.resolve.elf.BuildId;
import dev.klas.resolve.elf.ElfFile;
import dev.klas.resolve.elf.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A folder written by {@code klas weave --target userspace}: its plan and preload library, checked against a program. */
public record Woven(Path dir, PatchPlan plan, Path library) {

    public static Woven open(Path dir) throws WeaveException {
        Path planFile = dir.resolve(UserspaceBuild.PLAN);
        if (!Files.isRegularFile(planFile)) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, dir + ": no " + UserspaceBuild.PLAN
                    + " (not a folder written by klas weave --target userspace)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            PatchPlan plan = PlanJson.read(Files.readString(planFile));
            List<Path> libs = files.filter(p -> p.getFileName().toString().matches("lib.*\\.so")).toList();
            if (libs.size() != 1) {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, dir + ": expected one lib*.so, found "
                        + libs.size());
            }
            return new Woven(dir, plan, libs.get(0).toAbsolutePath());
        } catch (IOException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, planFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, planFile + ": " + e.getMessage(), e);
        }
    }

    /** The file the plan patches when {@code program} runs: the program itself, or the plan's shared object. */
    public Path patched(Path program) {
        return plan.target().match().equals("main") ? program : Path.of(plan.target().path());
    }

    /** Why the plan must not be applied to {@code program}'s run: build-id, text hash or a hook's bytes differ. */
    public List<String> problems(Path program) throws WeaveException {
        Path file = patched(program);
        ElfFile elf = Binaries.elf(file);
        List<String> out = new ArrayList<>();
        String want = plan.target().buildId();
        String have = elf.buildId().map(BuildId::hex).orElse("");
        if (!want.equals(have)) {
            out.add(file + ": build-id " + (have.isEmpty() ? "(none)" : have) + ", the plan was made for "
                    + (want.isEmpty() ? "(none)" : want) + " (" + plan.target().path() + ")");
        }
        if (!Identity.textSha256(elf).equals(plan.target().textSha256())) {
            out.add(file + ": its code differs from the code the plan was made for (SHA-256 of the executable sections)");
        }
        for (PlannedHook h : plan.hooks()) {
            Optional<byte[]> bytes = bytes(elf, h.vaddr(), h.original().length);
            if (bytes.isEmpty() || !Arrays.equals(bytes.get(), h.original())) {
                out.add(file + ": " + h.symbol() + "+0x" + Long.toHexString(h.offset()) + " holds "
                        + bytes.map(b -> HexFormat.of().formatHex(b)).orElse("no code") + ", the plan expects "
                        + HexFormat.of().formatHex(h.original()));
            }
        }
        return out;
    }

    private static Optional<byte[]> bytes(ElfFile elf, long at, int length) {
        Optional<Section> s = elf.sectionAt(at).filter(Section::executable);
        if (s.isEmpty() || at + length > s.get().address() + s.get().size()) {
            return Optional.empty();
        }
        ByteBuffer raw = elf.rawData(s.get());
        byte[] out = new byte[length];
        raw.slice((int) (at - s.get().address()), length).get(out);
        return Optional.of(out);
    }
}
