package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatsCsvTest {

    private static InputStream resource(String name) {
        return StatsCsvTest.class.getResourceAsStream("/" + name);
    }

    /**
     * golden-stats.csv was computed from healthomics.md §3's rules by a separate Python script (Python floats, %f,
     * csv.writer), not by this code, and checked by hand: e.g. the run's storage 0.0001918 x 1200 GiB x 2 h = 0.460320;
     * BwaMem 0.5184 $/h x 3630.5 s / 3600 = 0.522792, its minimum c.2xlarge 0.4592 x 3630.5 / 3600 = 0.463090;
     * peak cpusReserved 8 + 4 + 16 = 28 during 11:00-11:05:30.5.
     */
    @Test
    void goldenManifestGivesTheUpstreamCsvByteForByte() throws IOException {
        Manifest manifest = ManifestParser.read(resource("golden-manifest.json"), "golden-manifest.json");
        PriceBook prices = JsonPriceBook.read(resource("golden-prices.json"), "golden-prices.json");
        String expected = new String(resource("golden-stats.csv").readAllBytes(), StandardCharsets.UTF_8);

        String actual = StatsCsv.toString(new RunAnalyzer(prices).analyze(manifest, 0.1));

        assertEquals(expected, actual);
    }

    @Test
    void cellsAreFormattedLikePythonPercentF() {
        assertEquals("", CsvCells.number(null));
        assertEquals("3600", CsvCells.number(3600L));
        assertEquals("3600.000000", CsvCells.number(3600.0));
        assertEquals("0.000000", CsvCells.number(1e-9));
        // rounded from the exact binary value: 0.0000005 is slightly below 5e-7, 0.9999995 slightly above (as Python)
        assertEquals("0.000000", CsvCells.number(0.0000005));
        assertEquals("0.125000", CsvCells.number(0.125));
        assertEquals("1.000000", CsvCells.number(0.9999995));
        assertEquals("123456789012.500000", CsvCells.number(123456789012.5));
    }

    @Test
    void cellsAreQuotedOnlyWhenNeeded() {
        assertEquals("BwaMem-0-1", CsvCells.quote("BwaMem-0-1"));
        assertEquals("\"CALL (S1, lane 2)\"", CsvCells.quote("CALL (S1, lane 2)"));
        assertEquals("\"say \"\"hi\"\"\"", CsvCells.quote("say \"hi\""));
        assertEquals("\"a\nb\"", CsvCells.quote("a\nb"));
    }
}
