package dev.klas.advice.kprobes;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.HookPlanner;
import dev.klas.advice.PlacedObject;
import dev.klas.advice.Target;
import dev.klas.advice.vars.AdviceVariables;
import dev.klas.advice.vars.KernelRegisters;
import dev.klas.resolve.joinpoint.Binary;
import dev.klas.resolve.joinpoint.PlaceKind;
import dev.klas.resolve.joinpoint.SourcePlace;
import dev.klas.schema.Aspect;
import dev.klas.schema.AspectLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the advice modules of bench/kprobes/post (not a test): one kprobe on f_0's read-modify-write
 * {@code o->len += v} of a kbench.ko generated with STORE add or add-pad, with an advice that names nothing
 * (PREFIX_bare), that names klas_old (PREFIX_old: read in the pre_handler) and that names klas_new (PREFIX_new: the
 * advice runs in a post_handler). Checks that only the last has a post_handler.
 *   PostBench KBENCH.KO RELEASE OUTDIR PREFIX
 * Prints "module NAME PATH" per built module.
 */
public final class PostBench {
    private PostBench() {
    }

    public static void main(String[] args) throws Exception {
        Path ko = Path.of(args[0]);
        String release = args[1];
        Path out = Path.of(args[2]);
        String prefix = args[3];
        Binary binary = new Binary(PlacedObject.open(ko));
        HookPlanner.Plan plan = HookPlanner.plan(binary, Map.of("bench", List.of(
                new SourcePlace(PlaceKind.FIELD_WRITE, "kbench.c", 12, 0, "obj", "len", "f_0"))));
        if (!plan.unresolved().isEmpty() || plan.hooks().size() != 1) {
            throw new IllegalStateException(plan.hooks().size() + " hooks, " + plan.unresolved());
        }
        Map<String, String> advice = new LinkedHashMap<>();
        advice.put("bare", "(void)klas_jp;");
        advice.put("old", "(void)klas_old;");
        advice.put("new", "(void)klas_new;");
        for (Map.Entry<String, String> m : advice.entrySet()) {
            String xml = "<aspect name=\"bench\"><pointcut expr=\"set(obj.len)\"/><advice-before>" + m.getValue()
                    + "</advice-before></aspect>";
            String name = prefix + "_" + m.getKey();
            List<Aspect> aspects = AspectLoader.parse("bench.xml", xml.getBytes(StandardCharsets.UTF_8));
            AdviceRequest request = new AdviceRequest(name, Target.kernelModule("kbench", release), aspects,
                    plan.hooks());
            Path dir = out.resolve(name);
            KprobesGenerator.generate(request, AdviceVariables.ofKernel(binary, plan.hooks(), aspects,
                    KernelRegisters.of(binary)), dir);
            boolean post = Files.readString(dir.resolve("advice.c")).contains(".post_handler = ");
            if (post != m.getKey().equals("new")) {
                throw new IllegalStateException(name + (post ? " has" : " has no") + " post_handler");
            }
            KbuildResult r = Kbuild.build(dir, Kbuild.kdir(release), name);
            if (!r.built()) {
                throw new IllegalStateException(name + " did not build:\n" + r.log());
            }
            System.out.println("module " + name + " " + r.module().orElseThrow());
        }
    }
}
