package io.omicsmonitor.runanalyzer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.omicsmonitor.analyzer.PriceBook;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * HealthOmics on-demand prices from the AWS Price List API: {@code GetProducts(ServiceCode=AmazonOmics,
 * resourceType, regionCode)}, the price at {@code terms.OnDemand.<first>.priceDimensions.<first>.pricePerUnit.USD}.
 *
 * <p>Prices change rarely: each {@code <resourceType>:<region>} is asked once and kept for the life of this object,
 * which the handler keeps for the life of the execution environment. A product the API does not list is kept as
 * missing too (the analyzer leaves its costs blank); an API error is not kept, it fails the invocation.
 */
public final class PriceListPriceBook implements PriceBook {

    public static final String SERVICE_CODE = "AmazonOmics";

    /** The Price List API answers in us-east-1 (and two other regions), whatever region the function runs in. */
    public static final Region PRICE_LIST_REGION = Region.US_EAST_1;

    private static final Log LOG = Log.of(PriceListPriceBook.class);

    /** A PriceList entry in the API's shape, for priming: fixed, and never cached. */
    private static final String PRIMING_PRODUCT = """
            {"product":{"attributes":{"resourceType":"omics.c.large","regionCode":"us-east-1"}},
             "terms":{"OnDemand":{"PRIMING.JRTCKXETXF":{"priceDimensions":{"PRIMING.JRTCKXETXF.6YS6EN2CT7":{
               "unit":"hrs","pricePerUnit":{"USD":"0.1147500000"}}}}}}}
            """;

    private final PricingClient pricing;
    private final Map<String, OptionalDouble> cache = new ConcurrentHashMap<>();

    public PriceListPriceBook(PricingClient pricing) {
        this.pricing = Objects.requireNonNull(pricing);
    }

    /** A Price List client with the function's credentials, HTTP client and endpoint override, in us-east-1. */
    public static PricingClient client(AwsClients aws) {
        return aws.configure(PricingClient.builder(), "pricing", PRICE_LIST_REGION);
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        String key = resourceType + ":" + region;
        OptionalDouble price = cache.get(key);
        if (price == null) {
            price = fetch(region, resourceType);
            cache.put(key, price);
        }
        return price;
    }

    /**
     * SnapStart priming: the GetProducts request {@link #price} would send, marshalled and signed but not sent, and a
     * fixed PriceList entry read as an answer's are. The cache is not touched: no price lands in the snapshot.
     */
    void prime(String region, String resourceType) {
        SnapStartPriming.dryRun("pricing:GetProducts", () -> pricing.getProducts(request(region, resourceType)
                .andThen(b -> b.overrideConfiguration(SnapStartPriming.DRY_RUN))));
        onDemandUsd(PRIMING_PRODUCT);
    }

    private OptionalDouble fetch(String region, String resourceType) {
        GetProductsResponse response = pricing.getProducts(request(region, resourceType));
        for (String product : response.priceList()) {
            OptionalDouble price = onDemandUsd(product);
            if (price.isPresent()) {
                return price;
            }
        }
        LOG.warn("the Price List API has no HealthOmics price for this resource type: its costs stay blank",
                "resourceType", resourceType, "region", region);
        return OptionalDouble.empty();
    }

    private static Consumer<GetProductsRequest.Builder> request(String region, String resourceType) {
        return b -> b
                .serviceCode(SERVICE_CODE)
                .formatVersion("aws_v1")
                .filters(termMatch("resourceType", resourceType), termMatch("regionCode", region));
    }

    /** The first on-demand USD price in one PriceList entry (a JSON document in a string), if it has one. */
    static OptionalDouble onDemandUsd(String product) {
        JsonNode root;
        try {
            root = JsonTrees.readTree(product);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Price List API returned a PriceList entry that is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string is not read from anywhere
        }
        JsonNode dimension = first(first(root.path("terms").path("OnDemand")).path("priceDimensions"));
        JsonNode usd = dimension.path("pricePerUnit").path("USD");
        if (!usd.isTextual() && !usd.isNumber()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(usd.asText()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the Price List API returned a USD price '" + usd.asText()
                    + "' that is not a number", e);
        }
    }

    private static JsonNode first(JsonNode object) {
        Iterator<JsonNode> values = object.elements();
        return values.hasNext() ? values.next() : MissingNode.getInstance();
    }

    private static Filter termMatch(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }
}
