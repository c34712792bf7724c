package io.omicsmonitor.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Price List API {@code GetProducts} answers for HealthOmics, made from a price book file (the analyzer's bundled
 * {@code default-prices.json} unless another is given): one product per region and resource type, in the API's
 * real shape, where {@code PriceList} is a list of JSON documents each encoded as a string and the price sits at
 * {@code terms.OnDemand.<term>.priceDimensions.<dimension>.pricePerUnit.USD}.
 */
public final class PriceListResponses {

    private static final String ON_DEMAND = "JRTCKXETXF";
    private static final String RATE = "6YS6EN2CT7";
    private static final Map<String, String> LOCATIONS = Map.of("us-east-1", "US East (N. Virginia)",
            "us-west-2", "US West (Oregon)", "eu-west-1", "EU (Ireland)", "eu-central-1", "EU (Frankfurt)",
            "eu-west-2", "EU (London)", "ap-southeast-1", "Asia Pacific (Singapore)",
            "ap-northeast-2", "Asia Pacific (Seoul)", "ap-south-1", "Asia Pacific (Mumbai)", "il-central-1", "Israel (Tel Aviv)");

    /** One priced product: a resource type in a region. */
    public record Product(String region, String resourceType, BigDecimal usdPerHour) {
    }

    private final List<Product> products;

    private PriceListResponses(List<Product> products) {
        this.products = List.copyOf(products);
    }

    /** The analyzer's bundled price book. */
    public static PriceListResponses bundled() {
        try (InputStream in = JsonPriceBook.class.getResourceAsStream("default-prices.json")) {
            if (in == null) {
                throw new IllegalStateException("the analyzer's bundled default-prices.json is not on the classpath");
            }
            return of(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled price book", e);
        }
    }

    /** A price book file in the analyzer's format ({@code {"regions":{"<region>":{"<type>":<USD>}}}}). */
    public static PriceListResponses file(Path file) {
        try {
            JsonPriceBook.read(file); // the analyzer's own checks and messages
            return of(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read the price book " + file + ": " + e.getMessage());
        }
    }

    private static PriceListResponses of(JsonNode book) {
        List<Product> products = new ArrayList<>();
        book.path("regions").properties().forEach(region -> {
            if (!region.getKey().startsWith("_")) {
                region.getValue().properties().forEach(price -> {
                    if (!price.getKey().startsWith("_") && price.getValue().isNumber()) {
                        products.add(new Product(region.getKey(), price.getKey(), price.getValue().decimalValue()));
                    }
                });
            }
        });
        return new PriceListResponses(products);
    }

    public List<Product> products() {
        return products;
    }

    /** The GetProducts response body for one product. */
    String response(Product product) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("FormatVersion", "aws_v1");
        body.putArray("PriceList").add(priceListItem(product).toString());
        return body.toString();
    }

    private static ObjectNode priceListItem(Product product) {
        boolean storage = product.resourceType().contains("Storage");
        String sku = sku(product);
        ObjectNode item = Json.MAPPER.createObjectNode();
        ObjectNode p = item.putObject("product");
        p.put("productFamily", storage ? "Storage" : "Compute");
        ObjectNode attributes = p.putObject("attributes");
        attributes.put("regionCode", product.region());
        attributes.put("servicecode", "AmazonOmics");
        attributes.put("resourceType", product.resourceType());
        attributes.put("location", LOCATIONS.getOrDefault(product.region(), product.region()));
        attributes.put("locationType", "AWS Region");
        attributes.put("usagetype", product.region().toUpperCase(Locale.ROOT) + "-Omics-"
                + product.resourceType().replace("omics.", "").replace(' ', '-'));
        attributes.put("operation", "");
        p.put("sku", sku);
        item.put("serviceCode", "AmazonOmics");
        ObjectNode term = item.putObject("terms").putObject("OnDemand").putObject(sku + "." + ON_DEMAND);
        ObjectNode dimension = term.putObject("priceDimensions").putObject(sku + "." + ON_DEMAND + "." + RATE);
        dimension.put("unit", storage ? "GB-Hours" : "Hrs");
        dimension.put("endRange", "Inf");
        dimension.put("description", "$" + product.usdPerHour().toPlainString() + " per " + (storage ? "GB-hour of "
                : "hour for ") + product.resourceType() + " in " + product.region());
        dimension.putArray("appliesTo");
        dimension.put("rateCode", sku + "." + ON_DEMAND + "." + RATE);
        dimension.put("beginRange", "0");
        dimension.putObject("pricePerUnit").put("USD", product.usdPerHour().setScale(10, java.math.RoundingMode.HALF_EVEN).toPlainString());
        term.put("sku", sku);
        term.put("effectiveDate", "2026-11-01T00:00:00Z");
        term.put("offerTermCode", ON_DEMAND);
        term.putObject("termAttributes");
        item.put("version", "20261101000000");
        item.put("publicationDate", "2026-11-01T00:00:00Z");
        return item;
    }

    /** A stable SKU-like id per product (16 characters, as the Price List's). */
    private static String sku(Product product) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        long hash = Integer.toUnsignedLong((product.region() + "|" + product.resourceType()).hashCode()) * 2654435761L;
        StringBuilder sku = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sku.append(alphabet.charAt((int) Long.remainderUnsigned(hash, alphabet.length())));
            hash = Long.rotateLeft(hash, 5) ^ (hash >>> 3) ^ i;
        }
        return sku.toString();
    }
}
