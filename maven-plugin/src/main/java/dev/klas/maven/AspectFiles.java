package dev.klas.maven;

import dev.klas.weaver.WeaveException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The aspect files a goal names: files as given, folders expanded to their {@code *.xml} files in name order. */
final class AspectFiles {
    private AspectFiles() {
    }

    static List<Path> expand(List<File> given) throws WeaveException {
        List<Path> out = new ArrayList<>();
        for (File f : given) {
            Path p = f.toPath();
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(x -> x.getFileName().toString().endsWith(".xml") && Files.isRegularFile(x)).sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new WeaveException(WeaveException.Kind.INVALID_INPUT, p + ": cannot list: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new WeaveException(WeaveException.Kind.INVALID_INPUT, p + ": no such aspect file or folder");
            }
        }
        if (out.isEmpty()) {
            throw new WeaveException(WeaveException.Kind.INVALID_INPUT, "no aspect files in " + given);
        }
        return out;
    }
}
