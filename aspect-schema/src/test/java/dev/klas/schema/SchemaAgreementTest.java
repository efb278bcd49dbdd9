package dev.klas.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XSD and the loader agree: every sample is valid under both; every invalid fixture is rejected by the loader
 * with the error its comments expect, and by the XSD too where the fixture says {@code xsd: invalid}.
 */
class SchemaAgreementTest {
    private static final Pattern EXPECT = Pattern.compile("<!-- expect-error: (\\d+):(\\d+): (.*?) -->");
    private static final Pattern XSD = Pattern.compile("<!-- xsd: (valid|invalid) -->");

    static List<Path> samples() {
        return Fixtures.samples();
    }

    static List<Path> invalid() {
        return Fixtures.invalid();
    }

    @Test
    void thereAreSamplesAndInvalidFixtures() {
        assertTrue(samples().size() >= 6, "samples/aspects has an aspect per selector kind");
        assertTrue(invalid().size() >= 15);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleIsValidUnderXsdAndLoader(Path sample) throws Exception {
        assertTrue(Fixtures.validUnderXsd(sample), "XSD rejects " + sample);
        assertFalse(AspectLoader.load(sample).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidFixtureIsRejectedWithItsExpectedError(Path fixture) {
        String text = Fixtures.read(fixture);
        Matcher expect = EXPECT.matcher(text);
        Matcher xsd = XSD.matcher(text);
        assertTrue(expect.find() && xsd.find(), fixture + " documents its expectation");
        InvalidAspectException e = assertThrows(InvalidAspectException.class, () -> AspectLoader.load(fixture));
        String where = fixture + ":" + expect.group(1) + ":" + expect.group(2) + ": ";
        boolean found = e.errors().stream().anyMatch(er -> er.render().startsWith(where + expect.group(3)));
        assertTrue(found, "expected '" + where + expect.group(3) + "' but got:\n" + e.getMessage());
        assertEquals(xsd.group(1).equals("valid"), Fixtures.validUnderXsd(fixture),
                "the XSD's verdict on " + fixture);
    }
}
