package io.omicsmonitor.pricelist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.PriceListStub;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The price book through the real PricingClient against a stub of the Price List API. */
class PriceListPriceBookTest {

    static ApiStub apis;
    PriceListStub prices;
    PriceListPriceBook book;

    @BeforeAll
    static void start() {
        apis = new ApiStub();
    }

    @AfterAll
    static void stop() {
        apis.close();
    }

    @BeforeEach
    void stub() {
        apis.reset();
        prices = new PriceListStub(apis);
        book = new PriceListPriceBook(PriceListPriceBook.client(LocalAws.clients(Map.of("pricing", apis.endpoint()))));
    }

    @AfterEach
    void restoreLog() {
        Log.redirect(System.out);
    }

    @Test
    void readsTheOnDemandUsdPriceOfAnInstanceType() throws IOException {
        prices.price("omics.m.xlarge", "us-west-2", "0.2592000000");

        assertEquals(OptionalDouble.of(0.2592), book.price("us-west-2", "omics.m.xlarge"));

        LoggedRequest request = prices.requests().get(0);
        assertEquals("{\"ServiceCode\":\"AmazonOmics\",\"Filters\":[{\"Type\":\"TERM_MATCH\",\"Field\":\"resourceType\","
                + "\"Value\":\"omics.m.xlarge\"},{\"Type\":\"TERM_MATCH\",\"Field\":\"regionCode\",\"Value\":\"us-west-2\"}],"
                + "\"FormatVersion\":\"aws_v1\"}", Json.MAPPER.readTree(request.getBodyAsString()).toString());
        // signed for us-east-1, where the Price List API is, although these clients are in us-west-2
        assertTrue(request.getHeader("Authorization").contains("/us-east-1/pricing/aws4_request"),
                request.getHeader("Authorization"));
    }

    @Test
    void readsAStoragePricePerGbHour() {
        prices.price("Run Storage", "us-east-1", "0.0001918000");

        assertEquals(OptionalDouble.of(0.0001918), book.price("us-east-1", "Run Storage"));
    }

    @Test
    void asksOncePerResourceTypeAndRegion() {
        prices.price("omics.m.xlarge", "us-west-2", "0.2592000000").price("omics.m.xlarge", "eu-west-1", "0.2880000000")
                .price("omics.c.large", "us-west-2", "0.1147500000");

        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalDouble.of(0.2592), book.price("us-west-2", "omics.m.xlarge"));
            assertEquals(OptionalDouble.of(0.288), book.price("eu-west-1", "omics.m.xlarge"));
            assertEquals(OptionalDouble.of(0.11475), book.price("us-west-2", "omics.c.large"));
        }

        assertEquals(3, prices.requests().size());
    }

    @Test
    void aResourceTypeWithoutAPriceIsMissingOnceAndSaysWhichInTheLog() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(OptionalDouble.empty(), book.price("us-west-2", "omics.g5.12xlarge"));
        assertEquals(OptionalDouble.empty(), book.price("us-west-2", "omics.g5.12xlarge"));

        assertEquals(1, prices.requests().size(), "a missing price is remembered too");
        JsonNode line = Json.MAPPER.readTree(log.toString(StandardCharsets.UTF_8).trim());
        assertEquals("WARN", line.get("level").asText());
        assertEquals("omics.g5.12xlarge", line.get("resourceType").asText());
        assertEquals("us-west-2", line.get("region").asText());
    }

    @Test
    void readsOnUntilAPageHasAnOnDemandPrice() throws IOException {
        prices.priceOnSecondPage("omics.r.4xlarge", "us-west-2", "1.3608000000");

        assertEquals(OptionalDouble.of(1.3608), book.price("us-west-2", "omics.r.4xlarge"));

        assertEquals(2, prices.requests().size());
        JsonNode second = Json.MAPPER.readTree(prices.requests().get(1).getBodyAsString());
        assertEquals("eyJwYWdlIjoyfQ==.omics.r.4xlarge", second.get("NextToken").asText(), "the first page's token");
    }

    @Test
    void checksThatThePriceListApiKnowsHealthOmics() throws IOException {
        book.requireService();

        JsonNode request = Json.MAPPER.readTree(prices.describeServicesRequests().get(0).getBodyAsString());
        assertEquals("AmazonOmics", request.get("ServiceCode").asText());
    }

    @Test
    void aPriceListApiWithoutHealthOmicsIsAnError() {
        prices.withoutHealthOmics();

        IllegalStateException e = assertThrows(IllegalStateException.class, book::requireService);

        assertEquals("the AWS Price List API does not list the service AmazonOmics (DescribeServices answered 0 "
                + "services): no HealthOmics prices", e.getMessage());
    }

    @Test
    void readsTheFirstDimensionOfTheFirstOnDemandTerm() {
        assertEquals(OptionalDouble.of(1.3608), PriceListPriceBook.onDemandUsd(PriceListStub.product("omics.r.4xlarge",
                "us-west-2", "1.3608000000")));
        assertEquals(OptionalDouble.empty(), PriceListPriceBook.onDemandUsd("{\"terms\":{\"OnDemand\":{}}}"));
    }
}
