package io.omicsmonitor.runanalyzer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.GetRunStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.local.PriceListStub;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Private pricing end to end (issue 15): the Price List API's public prices from the real Pricing client on its stub,
 * a customer's price book read from a real S3 server, the costs read back from the {@code run_analysis} object.
 * Run 9103774 (run-failed.json): two omics.c.large, two omics.c.xlarge and eight omics.m.xlarge tasks in us-west-2.
 */
class PrivatePricingTest {

    static final String LAKE = "omics-lake";
    static final String BOOKS = "acme-prices";
    static final String ANALYSIS = "lake/run_analysis/year=2026/month=11/day=21/9103774.json";
    /** At the public prices below: RunAnalyzerHandlerTest's figure, computed by hand. */
    static final double PUBLIC_TOTAL = 2.166921568875;
    static final double PUBLIC_M_XLARGE = 0.2592;
    /** A book with one negotiated price; its sha256 is what `sha256sum` prints for these bytes. */
    static final String BOOK = "{\"currency\":\"USD\",\"regions\":{\"us-west-2\":{\"omics.m.xlarge\":0.2}}}";
    static final String BOOK_SHA256 = "0888b0d31337b95241ad315b0378a46ae110ee3c058abbf2edef135226765f45";

    static LocalS3 s3;
    static ApiStub apis;
    static ManifestLogsStub logs;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        apis = new ApiStub();
        logs = new ManifestLogsStub(apis);
    }

    @AfterAll
    static void stop() {
        apis.close();
        s3.close();
    }

    @BeforeEach
    void publicPricesAndAnEmptyLake() {
        s3.resetTo(LAKE).createBucket(BOOKS);
        apis.server().resetAll();
        logs.reset();
        logs.recordedStream("9103774", "9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f", 10);
        GetRunStub.answer(apis, "9103774", GetRunStub.recorded("9103774"));
        apis.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}")));
        new PriceListStub(apis).price("omics.c.large", "us-west-2", "0.1147500000")
                .price("omics.c.xlarge", "us-west-2", "0.2295000000").price("omics.m.large", "us-west-2", "0.1296000000")
                .price("omics.m.xlarge", "us-west-2", "0.2592000000")
                .price("Dynamic Run Storage", "us-west-2", "0.0004110000")
                .price("Run Storage", "us-west-2", "0.0001918000");
    }

    static RunAnalyzerHandler handler(String... variables) {
        Map<String, String> env = new HashMap<>(Map.of("LAKE_BUCKET", LAKE, "LAKE_PREFIX", "lake",
                "EVENT_BUS_NAME", "omics-monitor"));
        for (int i = 0; i + 1 < variables.length; i += 2) {
            env.put(variables[i], variables[i + 1]);
        }
        return new RunAnalyzerHandler(new Env(env), LocalAws.clients(Map.of("s3", s3.endpoint(),
                "cloudwatch_logs", apis.endpoint(), "pricing", apis.endpoint(), "eventbridge", apis.endpoint(),
                "omics", apis.endpoint())), RunAnalyzerHandlerTest.NOW);
    }

    static void analyze(RunAnalyzerHandler handler) {
        LocalLambda.invoke(handler, SampleEvents.bytes("run-failed.json"));
    }

    static List<JsonNode> rows() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : s3.read(LAKE, ANALYSIS).split("\n")) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }

    static void upload(String key, String body) {
        s3.client().putObject(b -> b.bucket(BOOKS).key(key), RequestBody.fromString(body));
    }

    @Test
    void atPublicPricesTheRunRowSaysThePriceListApi() throws IOException {
        analyze(handler());

        JsonNode run = rows().get(0);
        assertEquals(PUBLIC_TOTAL, run.get("total_estimated_usd").asDouble(), 1e-9);
        assertEquals("price-list-api", run.get("price_source").asText());
        rows().subList(1, 13).forEach(task -> assertTrue(task.get("price_source").isNull(), "the run row alone says"));
    }

    @Test
    void aDiscountTakesItsFractionOffEveryCostWritten() throws IOException {
        analyze(handler());
        List<JsonNode> atPublicPrices = rows();

        analyze(handler("PRICE_DISCOUNT", "0.15"));
        List<JsonNode> discounted = rows();

        assertEquals(PUBLIC_TOTAL * 0.85, discounted.get(0).get("total_estimated_usd").asDouble(), 1e-9);
        assertEquals(atPublicPrices.size(), discounted.size());
        for (int i = 0; i < discounted.size(); i++) {
            assertEquals(atPublicPrices.get(i).get("estimated_usd").asDouble() * 0.85,
                    discounted.get(i).get("estimated_usd").asDouble(), 1e-12, discounted.get(i).get("name").asText());
            assertEquals(atPublicPrices.get(i).get("minimum_usd").asDouble() * 0.85,
                    discounted.get(i).get("minimum_usd").asDouble(), 1e-12, discounted.get(i).get("name").asText());
        }
        assertEquals("price-list-api discount 0.15", discounted.get(0).get("price_source").asText());
    }

    @Test
    void aBookInS3PricesWhatItListsAndIsReadOncePerEnvironment() throws IOException {
        analyze(handler());
        List<JsonNode> atPublicPrices = rows();
        upload("omics/2026.json", BOOK);
        RunAnalyzerHandler handler = handler("PRICE_BOOK_URI", "s3://" + BOOKS + "/omics/2026.json");

        analyze(handler);
        List<JsonNode> booked = rows();

        double mXlargePublic = 0;
        for (int i = 1; i < booked.size(); i++) {
            JsonNode task = booked.get(i);
            double publicCost = atPublicPrices.get(i).get("estimated_usd").asDouble();
            boolean negotiated = task.get("omics_instance_type_reserved").asText().equals("omics.m.xlarge");
            mXlargePublic += negotiated ? publicCost : 0;
            assertEquals(negotiated ? publicCost * 0.2 / PUBLIC_M_XLARGE : publicCost,
                    task.get("estimated_usd").asDouble(), 1e-12, task.get("name").asText());
        }
        assertTrue(mXlargePublic > 0.5, "the run has omics.m.xlarge tasks to reprice");
        assertEquals(PUBLIC_TOTAL - mXlargePublic * (1 - 0.2 / PUBLIC_M_XLARGE),
                booked.get(0).get("total_estimated_usd").asDouble(), 1e-9);
        assertEquals("s3://" + BOOKS + "/omics/2026.json (sha256 " + BOOK_SHA256 + ") over price-list-api",
                booked.get(0).get("price_source").asText());

        // a new edition of the book reaches new execution environments only: this one keeps what it read
        upload("omics/2026.json", "{\"regions\":{\"us-west-2\":{\"omics.m.xlarge\":9.99}}}");
        analyze(handler);
        assertEquals(booked.get(0).get("total_estimated_usd").asDouble(),
                rows().get(0).get("total_estimated_usd").asDouble(), 1e-12);
    }

    @Test
    void aDiscountAppliesOnTopOfTheBook() throws IOException {
        upload("omics/2026.json", BOOK);
        analyze(handler("PRICE_BOOK_URI", "s3://" + BOOKS + "/omics/2026.json"));
        List<JsonNode> booked = rows();

        analyze(handler("PRICE_BOOK_URI", "s3://" + BOOKS + "/omics/2026.json", "PRICE_DISCOUNT", "0.1"));

        JsonNode run = rows().get(0);
        assertEquals(booked.get(0).get("total_estimated_usd").asDouble() * 0.9, run.get("total_estimated_usd").asDouble(),
                1e-9);
        assertEquals("s3://" + BOOKS + "/omics/2026.json (sha256 " + BOOK_SHA256 + ") over price-list-api discount 0.1",
                run.get("price_source").asText());
    }

    @Test
    void aBookThatCannotBeUsedFailsTheInvocationNamingItAndWritesNothing() {
        upload("not-json.json", "{\"regions\": {\"us-west-2\": {\"omics.m.xlarge\": 0.2,}}}");
        upload("no-regions.json", "{\"currency\":\"USD\",\"prices\":{}}");
        upload("words.json", "{\"regions\":{\"us-west-2\":{\"omics.m.xlarge\":\"twenty cents\"}}}");
        Map<String, String> expected = Map.of(
                "missing.json", "there is no such object; upload the book there, or clear the PriceBookUri parameter "
                        + "to price with the Price List API alone",
                "not-json.json", "it is not JSON: Unexpected character ('}' (code 125)): was expecting double-quote to "
                        + "start field name (line 1, column 50)",
                "no-regions.json", "it is not a price book: 'regions' is missing or not an object",
                "words.json", "it is not a price book: price of 'omics.m.xlarge' in us-west-2 is not a number");
        expected.forEach((key, why) -> {
            String uri = "s3://" + BOOKS + "/" + key;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> analyze(handler("PRICE_BOOK_URI", uri)));
            assertEquals("cannot price with the price book " + uri + " (PRICE_BOOK_URI): " + why + ". Nothing was "
                    + "analyzed: no public prices stand in for a private book", e.getMessage());
        });
        assertEquals(List.of(), s3.keys(LAKE), "no analysis, no CSV");
        assertEquals(0, apis.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))).size(), "no event");
    }

    @Test
    void aMalformedUriOrDiscountFailsStartUpNamingTheVariable() {
        Env.ConfigurationException uri = assertThrows(Env.ConfigurationException.class,
                () -> handler("PRICE_BOOK_URI", "acme-prices/omics/2026.json"));
        assertEquals("PRICE_BOOK_URI: 'acme-prices/omics/2026.json' is not an S3 object URI like "
                + "s3://my-bucket/prices.json", uri.getMessage());
        Env.ConfigurationException discount = assertThrows(Env.ConfigurationException.class,
                () -> handler("PRICE_DISCOUNT", "15"));
        assertEquals("PRICE_DISCOUNT: discount '15' is not a fraction from 0 to below 1 (0.15 for 15% off the prices)",
                discount.getMessage());
    }
}
