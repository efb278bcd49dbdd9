package dev.klas.symbols;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code klas merge} did.
 *
 * @param inputs        the tables read, in order (the output first when it already existed)
 * @param units         units copied
 * @param sameUnits     units found in more than one input, identical, kept once
 * @param headers       header contexts whose inline-function shadows were copied
 * @param sharedHeaders header contexts recorded in more than one input (same header, content and macros), kept once
 * @param shadows       shadows in the merged table
 */
public record MergeReport(List<Path> inputs, int units, int sameUnits, int headers, int sharedHeaders,
                          long shadows) {
    public MergeReport {
        inputs = List.copyOf(inputs);
    }
}
