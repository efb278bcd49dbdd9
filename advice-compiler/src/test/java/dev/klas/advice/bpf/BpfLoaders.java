package dev.klas.advice.bpf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.klas.advice.AdviceRequest;
import dev.klas.advice.VmLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Building a linux-bpf loader for a test, and the test-bed script lines that run it in the background. */
final class BpfLoaders {
    private BpfLoaders() {
    }

    static Path build(AdviceRequest request, String release, Path dir) throws Exception {
        BpfGenerator.generate(request, BpfBuild.btf(release), dir);
        BpfBuild.Result r = BpfBuild.build(dir, request.moduleName());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", request.moduleName() + "-build.log"), r.log());
        assertTrue(r.built(), r.log());
        return r.loader().orElseThrow();
    }

    /** Starts the loader in the background and waits (at most 60 s) until it says its hooks are attached. */
    static String start(String name, String args) {
        return """
                : > /test/%1$s.out
                /test/%1$s %2$s > /test/%1$s.out 2>&1 &
                LOADER=$!
                n=0
                until grep -q 'hooks attached' /test/%1$s.out; do
                  n=$((n + 1)); [ $n -lt 600 ] && kill -0 $LOADER 2>/dev/null || { cat /test/%1$s.out; exit 1; }
                  sleep 0.1
                done""".formatted(name, args);
    }

    /** SIGINT to the loader, its exit status, then its output after a line {@code == NAME output}. */
    static String stop(String name) {
        return """
                kill -INT $LOADER
                rc=0; wait $LOADER || rc=$?
                echo "== %1$s output"; cat /test/%1$s.out; echo "exit $rc"
                echo "== end"
                """.formatted(name);
    }

    /** The lines the loader printed (and its exit line), from the script's output. */
    static List<String> output(VmLog log, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : log.script()) {
            if (line.startsWith("== ")) {
                in = line.equals("== " + name + " output");
                continue;
            }
            if (in) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
