package io.omicsmonitor.analyzer;

import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prices quantities for one analysis and remembers which resource types the price book did not know, so the caller
 * can log them (a missing price leaves a cost blank rather than failing the analysis).
 */
final class Pricer {

    private final PriceBook prices;
    private final String region;
    private final Set<String> missing = new TreeSet<>();

    Pricer(PriceBook prices, String region) {
        this.prices = prices;
        this.region = region;
    }

    /**
     * price x quantity (hours, or GB-hours), or null when the price is unknown or the product is 0: upstream keeps
     * a cost only when it is truthy, so a zero price or zero hours leave the cell empty.
     */
    Double cost(String resourceType, double quantity) {
        OptionalDouble price = prices.price(region, resourceType);
        if (price.isEmpty()) {
            missing.add(resourceType);
            return null;
        }
        double cost = price.getAsDouble() * quantity;
        return cost == 0.0 ? null : cost;
    }

    /** Adds what another pricer (of a part of the same analysis) did not find. */
    void missing(Pricer part) {
        missing.addAll(part.missing);
    }

    Set<String> missing() {
        return Set.copyOf(new TreeSet<>(missing));
    }

    String region() {
        return region;
    }
}
