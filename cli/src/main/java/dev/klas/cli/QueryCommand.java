package dev.klas.cli;

import dev.klas.schema.InvalidAspectException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code klas query}: the shadows a pointcut selects ({@link Query}). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print the join point shadows a pointcut selects, sorted by file, line and column.")
final class QueryCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "Symbol table from klas extract.")
    Path db;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or klas (path:line:struct.member).")
    Query.Format format = Query.Format.text;

    @Option(names = "--explain", description = "After each shadow, why it matched: the selector and restrictions that hold.")
    boolean explain;

    @Option(names = "--count", description = "Print counts instead of shadows, grouped by struct.member (see --count-by).")
    boolean count;

    @Option(names = "--count-by", paramLabel = "KEY", description = "Group counts by member (struct.member, or the"
            + " callee/function) or file; implies --count.")
    Query.CountBy countBy;

    @Parameters(paramLabel = "POINTCUT", description = "A pointcut expression, e.g. 'set(mbuf.m_len)'.")
    String pointcut;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidAspectException {
        return Query.run(new Query.Request(db, format, explain, count, Optional.ofNullable(countBy), pointcut),
                new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), Quiet.on(spec)));
    }
}
