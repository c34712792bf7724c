package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class JsonPriceBookTest {

    private static JsonPriceBook read(String json) throws IOException {
        return JsonPriceBook.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "prices.json");
    }

    @Test
    void readsPricesByRegionAndSkipsNotes() throws IOException {
        JsonPriceBook book = read("{\"currency\":\"USD\",\"_note\":\"x\",\"regions\":{\"us-east-1\":{\"_note\":\"y\","
                + "\"omics.c.large\":0.11475,\"Run Storage\":0.0001918}}}");

        assertEquals(OptionalDouble.of(0.11475), book.price("us-east-1", "omics.c.large"));
        assertEquals(OptionalDouble.of(0.0001918), book.price("us-east-1", PriceBook.RUN_STORAGE));
        assertEquals(OptionalDouble.empty(), book.price("us-east-1", "_note"));
        assertEquals(OptionalDouble.empty(), book.price("eu-west-1", "omics.c.large"));
    }

    @Test
    void rejectsOtherCurrenciesAndNonNumbers() {
        assertThrows(IllegalArgumentException.class, () -> read("{\"currency\":\"EUR\",\"regions\":{}}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"regions\":{\"us-east-1\":{\"omics.c.large\":\"cheap\"}}}"));
        assertTrue(e.getMessage().contains("omics.c.large"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("{\"currency\":\"USD\"}"));
    }

    @Test
    void bundledDefaultsAreWhatJacksonReadsFromTheBundledFile() throws IOException {
        try (var in = JsonPriceBook.class.getResourceAsStream("default-prices.json")) {
            JsonPriceBook jackson = JsonPriceBook.read(in, "default-prices.json");
            assertEquals(jackson.prices(), JsonPriceBook.defaults().prices());
            assertTrue(jackson.prices().get("us-east-1").size() > 30);
        }
        String escapes = "{\"currency\":\"USD\",\"_note\":\"a \\\"quoted\\\" \\u00e9 \\\\ note\",\"_list\":[1,true,null,"
                + "{\"x\":[]}],\"regions\":{\"r\":{\"a\":1,\"b\":-2.5e-3,\"a\":3,\"_c\":{}},\"_r\":{\"d\":1}}}";
        assertEquals(read(escapes).prices(), BundledPrices.read(escapes.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bundledDefaultsCoverTheMainRegions() {
        JsonPriceBook book = JsonPriceBook.defaults();
        String[] families = {"c", "m", "r"};
        for (String region : new String[] {"us-east-1", "us-west-2", "eu-west-1"}) {
            for (String family : families) {
                for (String size : InstanceSelector.SIZES) {
                    assertTrue(book.price(region, "omics." + family + "." + size).isPresent(), region + " " + family + size);
                }
            }
        }
        // the sourced figures (see the file's _sources)
        assertEquals(0.2592, book.price("us-east-1", "omics.m.xlarge").getAsDouble(), 1e-12);
        assertEquals(0.918, book.price("us-east-1", "omics.c.4xlarge").getAsDouble(), 1e-12);
        assertEquals(0.0001918, book.price("us-east-1", PriceBook.RUN_STORAGE).getAsDouble(), 1e-12);
        assertEquals(0.000411, book.price("us-east-1", PriceBook.DYNAMIC_RUN_STORAGE).getAsDouble(), 1e-12);
        assertEquals(0.1323, book.price("ap-southeast-1", "omics.c.large").getAsDouble(), 1e-12);
        // no source for GPU prices or eu-west-1 storage: absent, never invented
        assertTrue(book.price("us-east-1", "omics.g5.xlarge").isEmpty());
        assertTrue(book.price("eu-west-1", PriceBook.RUN_STORAGE).isEmpty());
    }
}
