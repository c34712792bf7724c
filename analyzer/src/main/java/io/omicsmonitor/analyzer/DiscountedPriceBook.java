package io.omicsmonitor.analyzer;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Another book's prices less a negotiated discount: {@code price x (1 - discount)}, for every price the other book
 * gives (a private price book's as well as the public Price List's: see docs/run-analysis.md, "Which prices", for why).
 * Its {@link #source()} is the other book's, then {@code discount 0.15}.
 */
public final class DiscountedPriceBook implements PriceBook {

    private final PriceBook prices;
    private final BigDecimal discount;
    private final double factor;

    private DiscountedPriceBook(PriceBook prices, BigDecimal discount) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.discount = discount;
        this.factor = 1.0 - discount.doubleValue();
    }

    /**
     * {@code prices} less {@code discount}; {@code prices} itself for a discount of 0, so that an analysis at public
     * prices names only them.
     *
     * @param discount the fraction off, from 0 to below 1, as the user wrote it ({@code 0.15} for 15% off)
     * @throws IllegalArgumentException when {@code discount} is not a number from 0 to below 1
     */
    public static PriceBook of(PriceBook prices, String discount) {
        BigDecimal fraction = fraction(discount);
        return fraction.signum() == 0 ? prices : new DiscountedPriceBook(prices, fraction);
    }

    /**
     * A discount as written: a decimal from 0 to below 1. 1 (100% off) is refused: every cost would be 0, which the
     * analysis writes as blank, so it can only be a mistake (15 meant as 15%, 1 meant as 1%).
     */
    public static BigDecimal fraction(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("discount '" + text + "' is not a fraction from 0 to below 1 "
                    + "(0.15 for 15% off the prices)");
        }
        return value;
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        OptionalDouble price = prices.price(region, resourceType);
        return price.isPresent() ? OptionalDouble.of(price.getAsDouble() * factor) : price;
    }

    @Override
    public String source() {
        return prices.source() + " discount " + discount.stripTrailingZeros().toPlainString();
    }
}
