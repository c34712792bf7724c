package io.omicsmonitor.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --prices} and {@code --discount} of {@code invoke} and {@code demo} (issue 15): the book goes to the run
 * analyzer through the embedded S3 and {@code PRICE_BOOK_URI}, as in the stack, and changes the costs it writes and
 * the demo prints. Run 9103774 (run-failed.json) has eight omics.m.xlarge tasks in us-west-2.
 */
class PricesOptionsTest {

    static final Path EVENTS = ProjectFiles.locate().events();
    static final String BUCKET = "omics-monitor-lake-bucket";
    static final String ANALYSIS = "lake/run_analysis/year=2026/month=11/day=21/9103774.json";
    /** One negotiated price; its sha256 is what `sha256sum` prints for these bytes. */
    static final String BOOK = "{\"currency\":\"USD\",\"regions\":{\"us-west-2\":{\"omics.m.xlarge\":0.2}}}";
    static final String BOOK_SHA256 = "0888b0d31337b95241ad315b0378a46ae110ee3c058abbf2edef135226765f45";

    @TempDir
    Path work;

    Path book() throws IOException {
        Path book = work.resolve("acme-2026.json");
        Files.writeString(book, BOOK);
        return book;
    }

    CommandRun invokeAnalyzer(Path lake, String... options) {
        List<String> args = new ArrayList<>(List.of("invoke", "run-analyzer", "-e",
                EVENTS.resolve("run-failed.json").toString(), "--lake", lake.toString()));
        args.addAll(List.of(options));
        return CommandRun.of(args.toArray(String[]::new));
    }

    List<JsonNode> rows(Path lake) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(lake.resolve(BUCKET).resolve(ANALYSIS))) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }

    @Test
    void invokeGivesTheRunAnalyzerTheBookThroughS3AndTheDiscount() throws IOException {
        CommandRun atPublicPrices = invokeAnalyzer(work.resolve("public"));
        CommandRun priced = invokeAnalyzer(work.resolve("private"), "--prices", book().toString(), "--discount", "0.1");

        assertEquals(0, atPublicPrices.exitCode(), atPublicPrices.err());
        assertEquals(0, priced.exitCode(), priced.err());
        List<JsonNode> publicRows = rows(work.resolve("public"));
        List<JsonNode> privateRows = rows(work.resolve("private"));
        assertEquals("price-list-api", publicRows.get(0).get("price_source").asText());
        assertEquals("s3://local-price-books/acme-2026.json (sha256 " + BOOK_SHA256 + ") over price-list-api discount 0.1",
                privateRows.get(0).get("price_source").asText());
        // the public price the Price List stub serves (the analyzer's bundled book)
        double publicMXlarge = JsonPriceBook.defaults().price("us-west-2", "omics.m.xlarge").orElseThrow();
        int negotiated = 0;
        for (int i = 1; i < privateRows.size(); i++) {
            JsonNode task = privateRows.get(i);
            double publicCost = publicRows.get(i).get("estimated_usd").asDouble();
            boolean inTheBook = task.get("omics_instance_type_reserved").asText().equals("omics.m.xlarge");
            negotiated += inTheBook ? 1 : 0;
            assertEquals((inTheBook ? publicCost * 0.2 / publicMXlarge : publicCost) * 0.9,
                    task.get("estimated_usd").asDouble(), 1e-12, task.get("name").asText());
        }
        assertEquals(8, negotiated);
        assertTrue(privateRows.get(0).get("total_estimated_usd").asDouble()
                < publicRows.get(0).get("total_estimated_usd").asDouble() * 0.9);
    }

    @Test
    void aBookOrDiscountThatCannotBeUsedIsRefusedBeforeAnythingRuns() throws IOException {
        Path notABook = work.resolve("prices.json");
        Files.writeString(notABook, "{\"prices\":{}}");

        CommandRun badBook = invokeAnalyzer(work.resolve("lake"), "--prices", notABook.toString());
        CommandRun badDiscount = invokeAnalyzer(work.resolve("lake"), "--discount", "15");

        assertEquals(2, badBook.exitCode());
        assertEquals("invoke: cannot read the price book " + notABook + ": " + notABook
                + ": 'regions' is missing or not an object\n", badBook.err());
        assertEquals(2, badDiscount.exitCode());
        assertEquals("invoke: --discount: discount '15' is not a fraction from 0 to below 1 (0.15 for 15% off the "
                + "prices)\n", badDiscount.err());
        assertTrue(Files.notExists(work.resolve("lake")), "nothing started, nothing written");
    }

    @Test
    void theDemoPrintsTheCostsAtTheBooksPricesLessTheDiscount() throws IOException {
        Path book = book();
        CommandRun invoked = invokeAnalyzer(work.resolve("private"), "--prices", book.toString(), "--discount", "0.1");
        CommandRun publicPrices = invokeAnalyzer(work.resolve("public"));
        assertEquals(0, invoked.exitCode() + publicPrices.exitCode(), invoked.err() + publicPrices.err());

        CommandRun demo = CommandRun.of("demo", "--lake", work.resolve("demo").toString(), "--log",
                work.resolve("demo.log").toString(), "--prices", book.toString(), "--discount", "0.1");

        assertEquals(0, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().contains("  Run analyzer's prices: " + book + " (uploaded as "
                + "s3://local-price-books/acme-2026.json) over the Price List stub's public prices, less a discount of "
                + "0.1\n"), demo.out());
        String line = demo.out().lines().filter(l -> l.startsWith("  9103774  ")).findFirst().orElseThrow();
        String printed = List.of(line.trim().split("\\s{2,}")).get(4); // run_id, name, status, tasks, estimated_usd
        assertEquals(round2(rows(work.resolve("private")).get(0).get("total_estimated_usd").asDouble()), printed, line);
        assertNotEquals(round2(rows(work.resolve("public")).get(0).get("total_estimated_usd").asDouble()), printed);
    }

    /** analyze's tiny manifest (AnalyzeCommandTest: 0.24 + 0.2 + 0.1 x 60/3600 USD at its prices) less 20%. */
    @Test
    void analyzeTakesTheDiscountOffAndSaysWhichPricesInItsJson() throws Exception {
        String manifest = resource("analyze/tiny-manifest.ndjson");
        String prices = resource("analyze/prices.json");

        CommandRun run = CommandRun.of("analyze", "--manifest", manifest, "--prices", prices, "--discount", "0.20",
                "--format", "json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode analysis = Json.MAPPER.readTree(run.out());
        assertEquals((0.24 + 0.2 + 0.1 * 60 / 3600) * 0.8, analysis.get("totalEstimatedUSD").asDouble(), 1e-12);
        assertEquals(0.24 * 0.8, analysis.get("run").get("estimatedUSD").asDouble(), 1e-12);
        // what `sha256sum prices.json` prints
        assertEquals(prices + " (sha256 67bed90a967a06410927ea5ea29677e3edef4d176ff2c5ba3b342b762f452ba8) discount 0.2",
                analysis.get("priceSource").asText());
        CommandRun wrong = CommandRun.of("analyze", "--manifest", manifest, "--discount", "1");
        assertEquals(2, wrong.exitCode());
        assertEquals("analyze: --discount: discount '1' is not a fraction from 0 to below 1 (0.15 for 15% off the "
                + "prices)\n", wrong.err());
    }

    static String resource(String name) throws java.net.URISyntaxException {
        return Path.of(PricesOptionsTest.class.getResource("/" + name).toURI()).toString();
    }

    private static String round2(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        String text = rounded.toPlainString();
        return text.contains(".") ? text : text + ".0";
    }
}
