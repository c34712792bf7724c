package io.omicsmonitor.pricelist;

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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.DescribeServicesResponse;

/**
 * HealthOmics on-demand prices from the AWS Price List API: {@code GetProducts(ServiceCode=AmazonOmics,
 * resourceType, regionCode)}, the price at {@code terms.OnDemand.<first>.priceDimensions.<first>.pricePerUnit.USD}
 * of the first entry that has one, over as many pages as it takes (as upstream's {@code omics-run-analyzer} reads them).
 *
 * <p>Prices change rarely: each {@code <resourceType>:<region>} is asked once and kept for the life of this object,
 * which the run-analyzer function keeps for the life of its execution environment and the command line for one
 * command (there is no file cache). A product the API does not list is kept as missing too (the analyzer leaves its
 * costs blank); an API error is not kept, it fails the invocation or the command.
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

    /** How {@code price_source} names the Price List API's public on-demand prices. */
    public static final String SOURCE = "price-list-api";

    @Override
    public String source() {
        return SOURCE;
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
     * Checks that the Price List API knows HealthOmics ({@code DescribeServices(ServiceCode=AmazonOmics)}), as
     * upstream does before it reads anything: a wrong endpoint or a partition without HealthOmics prices fails here,
     * once, rather than as blank costs.
     *
     * @throws IllegalStateException when the API does not list {@value #SERVICE_CODE}
     */
    public void requireService() {
        DescribeServicesResponse response = pricing.describeServices(b -> b.serviceCode(SERVICE_CODE).formatVersion("aws_v1"));
        boolean listed = response.services().stream().anyMatch(s -> SERVICE_CODE.equals(s.serviceCode()));
        if (!listed) {
            throw new IllegalStateException("the AWS Price List API does not list the service " + SERVICE_CODE
                    + " (DescribeServices answered " + response.services().size() + " services): no HealthOmics prices");
        }
    }

    /**
     * SnapStart priming: the GetProducts request {@link #price} would send, marshalled and signed but not sent, and a
     * fixed PriceList entry read as an answer's are. The cache is not touched: no price lands in the snapshot.
     */
    public void prime(String region, String resourceType) {
        SnapStartPriming.dryRun("pricing:GetProducts", () -> pricing.getProducts(request(region, resourceType).toBuilder()
                .overrideConfiguration(SnapStartPriming.DRY_RUN).build()));
        onDemandUsd(PRIMING_PRODUCT);
    }

    private OptionalDouble fetch(String region, String resourceType) {
        // the paginator asks for the next page only when this loop reaches it: it stops at the first price
        for (String product : pricing.getProductsPaginator(request(region, resourceType)).priceList()) {
            OptionalDouble price = onDemandUsd(product);
            if (price.isPresent()) {
                return price;
            }
        }
        LOG.warn("the Price List API has no HealthOmics price for this resource type: its costs stay blank",
                "resourceType", resourceType, "region", region);
        return OptionalDouble.empty();
    }

    private static GetProductsRequest request(String region, String resourceType) {
        return GetProductsRequest.builder()
                .serviceCode(SERVICE_CODE)
                .formatVersion("aws_v1")
                .filters(termMatch("resourceType", resourceType), termMatch("regionCode", region))
                .build();
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
