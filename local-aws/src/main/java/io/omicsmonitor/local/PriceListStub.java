package io.omicsmonitor.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
 * The AWS Price List API on an {@link ApiStub}: {@code GetProducts} and {@code DescribeServices} in their wire shape
 * (AWS JSON 1.1, {@code X-Amz-Target: AWSPriceListService.<Operation>}), each PriceList entry a JSON document in a
 * string, as the service sends it. A resource type it was not given a price for answers an empty PriceList;
 * DescribeServices lists AmazonOmics unless told otherwise ({@link #withoutHealthOmics()}).
 */
public final class PriceListStub {

    public static final String TARGET = "AWSPriceListService.GetProducts";
    public static final String DESCRIBE_SERVICES = "AWSPriceListService.DescribeServices";

    private final ApiStub stub;

    public PriceListStub(ApiStub stub) {
        this.stub = stub;
        stub.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)).atPriority(9)
                .willReturn(json("{\"FormatVersion\":\"aws_v1\",\"PriceList\":[]}")));
        stub.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_SERVICES)).atPriority(9)
                .willReturn(json(services("AmazonOmics"))));
    }

    /** DescribeServices(ServiceCode=AmazonOmics) answers no service, as in a partition without HealthOmics prices. */
    public PriceListStub withoutHealthOmics() {
        stub.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_SERVICES)).atPriority(1)
                .willReturn(json("{\"Services\":[],\"FormatVersion\":\"aws_v1\"}")));
        return this;
    }

    /** The DescribeServices body listing one service with HealthOmics' attribute names. */
    static String services(String serviceCode) {
        return "{\"Services\":[{\"ServiceCode\":\"" + serviceCode + "\",\"AttributeNames\":[\"productFamily\","
                + "\"regionCode\",\"servicecode\",\"usagetype\",\"locationType\",\"location\",\"servicename\","
                + "\"resourceType\",\"operation\"]}],\"FormatVersion\":\"aws_v1\"}";
    }

    /**
     * Answers the product's price on a second page: the first page holds an entry without an on-demand term (as a
     * savings-plan-only product would) and a NextToken, the second (asked with that token) the priced product.
     */
    public PriceListStub priceOnSecondPage(String resourceType, String region, String usd) {
        String token = "eyJwYWdlIjoyfQ==." + resourceType.replace(' ', '_');
        String first = "{\"FormatVersion\":\"aws_v1\",\"NextToken\":\"" + token + "\",\"PriceList\":["
                + quote(product(resourceType, region, usd).replaceFirst("\"OnDemand\":\\{.*\\}\\}\\}\\},\"version\"",
                        "\"OnDemand\":{}},\"version\"")) + "]}";
        stub.server().stubFor(products(resourceType, region).withRequestBody(matchingJsonPath("$.NextToken", absent()))
                .atPriority(1).willReturn(json(first)));
        stub.server().stubFor(products(resourceType, region).withRequestBody(matchingJsonPath("$.NextToken",
                equalTo(token))).atPriority(1).willReturn(json(body(resourceType, region, usd))));
        return this;
    }

    public PriceListStub price(String resourceType, String region, String usd) {
        stub.server().stubFor(products(resourceType, region).atPriority(1)
                .willReturn(json(body(resourceType, region, usd))));
        return this;
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder products(String resourceType, String region) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.ServiceCode", equalTo("AmazonOmics")))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Type == 'TERM_MATCH' && @.Field == 'resourceType' && @.Value == '"
                        + resourceType + "')]"))
                .withRequestBody(matchingJsonPath("$.Filters[?(@.Type == 'TERM_MATCH' && @.Field == 'regionCode' && @.Value == '"
                        + region + "')]"));
    }

    private static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(String resourceType, String region, String usd) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("FormatVersion", "aws_v1",
                    "PriceList", List.of(product(resourceType, region, usd))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The GetProducts requests received, in order. */
    public List<LoggedRequest> requests() {
        return stub.server().findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));
    }

    /** The DescribeServices requests received, in order. */
    public List<LoggedRequest> describeServicesRequests() {
        return stub.server().findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(DESCRIBE_SERVICES)));
    }

    /** One PriceList entry as the API writes it (a product of the AmazonOmics offer, its on-demand term). */
    public static String product(String resourceType, String region, String usd) {
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
