package io.omicsmonitor.runanalyzer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.mapper.Json;
import java.util.List;
import java.util.Map;

/**
 * The AWS Price List API on an {@link ApiStub}: {@code GetProducts} in its wire shape (AWS JSON 1.1,
 * {@code X-Amz-Target: AWSPriceListService.GetProducts}), each PriceList entry a JSON document in a string, as
 * the service sends it. A resource type it was not given a price for answers an empty PriceList.
 */
final class PriceListStub {

    static final String TARGET = "AWSPriceListService.GetProducts";

    private final ApiStub stub;

    PriceListStub(ApiStub stub) {
        this.stub = stub;
        stub.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)).atPriority(9)
                .willReturn(json("{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}")));
    }

    PriceListStub price(String resourceType, String region, String usd) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(Map.of("FormatVersion", "aws_v1",
                    "PriceList", List.of(product(resourceType, region, usd))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        stub.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.ServiceCode", equalTo("AmazonOmics")))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Type == 'TERM_MATCH' && @.Field == 'resourceType' && @.Value == '"
                        + resourceType + "')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Type == 'TERM_MATCH' && @.Field == 'regionCode' && @.Value == '"
                        + region + "')]"))
                .atPriority(1)
                .willReturn(json(body)));
        return this;
    }

    List<LoggedRequest> requests() {
        return stub.server().findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));
    }

    /** One PriceList entry as the API writes it (a product of the AmazonOmics offer, its on-demand term). */
    static String product(String resourceType, String region, String usd) {
        String sku = "8XZQ6G9WQK4B9C7H";
        String unit = resourceType.startsWith("omics.") ? "Hrs" : "GB-Hours";
        return "{\"product\":{\"productFamily\":\"" + (unit.equals("Hrs") ? "Compute" : "Storage") + "\","
                + "\"attributes\":{\"regionCode\":\"" + region + "\",\"servicecode\":\"AmazonOmics\","
                + "\"locationType\":\"AWS Region\",\"servicename\":\"AWS HealthOmics\",\"resourceType\":\""
                + resourceType + "\",\"operation\":\"StartRun\"},\"sku\":\"" + sku + "\"},"
                + "\"serviceCode\":\"AmazonOmics\",\"terms\":{\"OnDemand\":{\"" + sku + ".JRTCKXETXF\":{"
                + "\"priceDimensions\":{\"" + sku + ".JRTCKXETXF.6YS6EN2CT7\":{\"unit\":\"" + unit + "\","
                + "\"endRange\":\"Inf\",\"description\":\"$" + usd + " per " + resourceType + " " + unit + "\","
                + "\"appliesTo\":[],\"rateCode\":\"" + sku + ".JRTCKXETXF.6YS6EN2CT7\",\"beginRange\":\"0\","
                + "\"pricePerUnit\":{\"USD\":\"" + usd + "\"}}},\"sku\":\"" + sku + "\","
                + "\"effectiveDate\":\"2025-11-01T00:00:00Z\",\"offerTermCode\":\"JRTCKXETXF\",\"termAttributes\":{}}}},"
                + "\"version\":\"20251101000000\",\"publicationDate\":\"2025-11-01T00:00:00Z\"}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }
}
