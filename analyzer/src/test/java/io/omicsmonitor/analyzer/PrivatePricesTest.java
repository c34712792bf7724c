package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omicsmonitor.manifest.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A discount and a customer's price book: the costs they give, and how the analysis names them. */
class PrivatePricesTest {

    private static final double EPS = 1e-9;

    /** Public prices, named as the Price List API is; its sha256 is what `sha256sum` prints for these bytes. */
    private static final String PUBLIC = "{\"currency\":\"USD\",\"regions\":{\"us-east-1\":{\"omics.g5.xlarge\":1.2,"
            + "\"omics.c.large\":0.1,\"Run Storage\":0.0002}}}";
    private static final String PUBLIC_SHA256 = "a8d2e74bd655f34ed31e019bb9cb08e5c412eb6570c888964bd8444bbf61896b";
    private static final String BOOK = "{\"regions\":{\"us-east-1\":{\"omics.g5.xlarge\":0.9}}}";
    private static final String BOOK_SHA256 = "f11bc87caa312b7dbc0441a9f67f0c5b229199809ddc34cdf71523f067cc6bfd";

    /** A STATIC 1200 GiB run of 2 hours, a GPU task of 2 hours and a CPU task of 1 hour. */
    private static final Manifest MANIFEST = ndjson(runWithMetrics(),
            timed("DeepVariant-0-0", "omics.g5.xlarge", 0, 7200,
                    "\"cpusReserved\":4,\"cpusMaximum\":4,\"gpusReserved\":1,\"memoryReservedGiB\":16,\"memoryMaximumGiB\":16"),
            timed("FastQC-0-0", "omics.c.large", 0, 3600,
                    "\"cpusReserved\":2,\"cpusMaximum\":2,\"memoryReservedGiB\":4,\"memoryMaximumGiB\":4"));

    private static JsonPriceBook read(String json, String name) throws IOException {
        return JsonPriceBook.read(json.getBytes(StandardCharsets.UTF_8), name);
    }

    /** The public prices under the name the run analyzer gives the Price List API. */
    private static PriceBook priceListApi() throws IOException {
        JsonPriceBook prices = read(PUBLIC, "public.json");
        return new PriceBook() {
            @Override
            public OptionalDouble price(String region, String resourceType) {
                return prices.price(region, resourceType);
            }

            @Override
            public String source() {
                return "price-list-api";
            }
        };
    }

    @Test
    void atPublicPricesTheCostsAreTheBooksAndTheSourceIsTheFileWithItsSha256() throws IOException {
        RunAnalysis analysis = new RunAnalyzer(read(PUBLIC, "public.json")).analyze(MANIFEST, 0.0);

        assertEquals(2.4, analysis.tasks().get(0).estimatedUSD(), EPS); // 1.2 $/h x 2 h
        assertEquals(0.1, analysis.tasks().get(1).estimatedUSD(), EPS); // 0.1 $/h x 1 h
        assertEquals(0.48, analysis.run().estimatedUSD(), EPS); // 0.0002 $/GB-h x 1200 GiB x 2 h
        assertEquals(2.98, analysis.totalEstimatedUSD(), EPS);
        assertEquals("public.json (sha256 " + PUBLIC_SHA256 + ")", analysis.priceSource());
        // the release's own file: named, not hashed (no SHA-256 provider in a short process' start-up)
        assertEquals("bundled default-prices.json", JsonPriceBook.defaults().source());
    }

    @Test
    void aDiscountTakesItsFractionOffEveryCost() throws IOException {
        RunAnalysis analysis = new RunAnalyzer(DiscountedPriceBook.of(priceListApi(), "0.15")).analyze(MANIFEST, 0.0);

        assertEquals(2.4 * 0.85, analysis.tasks().get(0).estimatedUSD(), EPS);
        assertEquals(0.1 * 0.85, analysis.tasks().get(1).estimatedUSD(), EPS);
        assertEquals(0.48 * 0.85, analysis.run().estimatedUSD(), EPS);
        assertEquals(2.98 * 0.85, analysis.totalEstimatedUSD(), EPS);
        assertEquals(0.48 * 0.85, analysis.run().minimumUSD(), EPS); // minimum costs too: the same prices
        assertEquals("price-list-api discount 0.15", analysis.priceSource());
    }

    @Test
    void aBookPricesWhatItListsAndThePriceListTheRest() throws IOException {
        RunAnalysis analysis = new RunAnalyzer(new BookOverPrices(read(BOOK, "s3://prices/book.json"), priceListApi()))
                .analyze(MANIFEST, 0.0);

        assertEquals(1.8, analysis.tasks().get(0).estimatedUSD(), EPS); // the book's 0.9 $/h x 2 h
        assertEquals(0.1, analysis.tasks().get(1).estimatedUSD(), EPS); // not in the book: the Price List's
        assertEquals(0.48, analysis.run().estimatedUSD(), EPS);
        assertEquals("s3://prices/book.json (sha256 " + BOOK_SHA256 + ") over price-list-api", analysis.priceSource());
    }

    @Test
    void aDiscountAppliesOnTopOfTheBook() throws IOException {
        PriceBook prices = DiscountedPriceBook.of(new BookOverPrices(read(BOOK, "book.json"), priceListApi()), "0.2");
        RunAnalysis analysis = new RunAnalyzer(prices).analyze(MANIFEST, 0.0);

        assertEquals(1.8 * 0.8, analysis.tasks().get(0).estimatedUSD(), EPS);
        assertEquals(0.1 * 0.8, analysis.tasks().get(1).estimatedUSD(), EPS);
        assertEquals("book.json (sha256 " + BOOK_SHA256 + ") over price-list-api discount 0.2", analysis.priceSource());
    }

    @Test
    void noDiscountIsThePricesThemselves() throws IOException {
        PriceBook api = priceListApi();
        assertSame(api, DiscountedPriceBook.of(api, "0"));
        assertSame(api, DiscountedPriceBook.of(api, "0.000"));
        assertEquals("price-list-api discount 0.05", DiscountedPriceBook.of(api, " 0.050 ").source());
    }

    @Test
    void aDiscountOutsideZeroToBelowOneIsRefusedWithWhatIsExpected() throws IOException {
        PriceBook api = priceListApi();
        for (String wrong : new String[] {"1", "15", "-0.1", "fifteen", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DiscountedPriceBook.of(api, wrong));
            assertEquals("discount '" + wrong + "' is not a fraction from 0 to below 1 (0.15 for 15% off the prices)",
                    e.getMessage());
        }
    }
}
