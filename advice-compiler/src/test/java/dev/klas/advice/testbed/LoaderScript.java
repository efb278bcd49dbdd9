package dev.klas.advice.testbed;

import java.util.List;

/** The test-bed script lines that run a linux-bpf loader in the background, stop it, and find its output. */
public final class LoaderScript {
    private LoaderScript() {
    }

    /** Starts /test/NAME ARGS in the background and waits (at most 60 s) until it says its hooks are attached. */
    public static String start(String name, String args) {
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

    /** SIGINT to the loader, its exit status, then its output in the section {@code == NAME output}. */
    public static String stop(String name) {
        return """
                kill -INT $LOADER
                rc=0; wait $LOADER || rc=$?
                echo "== %1$s output"; cat /test/%1$s.out; echo "exit $rc"
                echo "== end"
                """.formatted(name);
    }

    /** The lines the loader printed and its {@code exit RC} line, from the script's output. */
    public static List<String> output(VmRun run, String name) {
        return run.section(name + " output");
    }
}
