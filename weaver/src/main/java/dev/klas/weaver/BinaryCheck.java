package dev.klas.weaver;

import dev.klas.resolve.joinpoint.Binary;
import java.nio.file.Path;

/** A check of the opened binary before hooks are planned in it; refuses with a {@link WeaveException}. */
@FunctionalInterface
interface BinaryCheck {
    void check(Binary binary, Path file) throws WeaveException;
}
