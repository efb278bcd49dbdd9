package dev.klas.advice.kprobes;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Target;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.AspectLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the advice modules of bench/kprobes/guard (not a test): one kprobe on f_0's store of the generated
 * kbench.ko, with an empty advice (klas_gbench_empty) and with a klas_printf per hit (klas_gbench_printf).
 *   GuardBench KBENCH.KO RELEASE OUTDIR
 * Prints "module NAME PATH" per built module.
 */
public final class GuardBench {
    private GuardBench() {
    }

    public static void main(String[] args) throws Exception {
        Path ko = Path.of(args[0]);
        String release = args[1];
        Path out = Path.of(args[2]);
        Binary binary = new Binary(PlacedObject.open(ko));
        HookPlanner.Plan plan = HookPlanner.plan(binary, Map.of("bench", List.of(
                new SourcePlace(PlaceKind.FIELD_WRITE, "kbench.c", 12, 0, "obj", "len", "f_0"))));
        if (!plan.unresolved().isEmpty() || plan.hooks().size() != 1) {
            throw new IllegalStateException(plan.hooks().size() + " hooks, " + plan.unresolved());
        }
        for (Map.Entry<String, String> m : Map.of("empty", "(void)klas_jp;",
                "printf", "klas_printf(\"store at %s:%d\\n\", klas_jp->file, klas_jp->line);").entrySet()) {
            String xml = "<aspect name=\"bench\"><pointcut expr=\"set(obj.len)\"/><advice-before>" + m.getValue()
                    + "</advice-before></aspect>";
            String name = "klas_gbench_" + m.getKey();
            AdviceRequest request = new AdviceRequest(name, Target.kernelModule("kbench", release),
                    AspectLoader.parse("bench.xml", xml.getBytes(StandardCharsets.UTF_8)), plan.hooks());
            Path dir = out.resolve(name);
            KprobesGenerator.generate(request, dir);
            KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), name);
            if (!r.built()) {
                throw new IllegalStateException(name + " did not build:\n" + r.log());
            }
            System.out.println("module " + name + " " + r.module().orElseThrow());
        }
    }
}
