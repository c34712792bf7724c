package io.omicsmonitor.runanalyzer;

import io.omicsmonitor.analyzer.BookOverPrices;
import io.omicsmonitor.analyzer.DiscountedPriceBook;
import io.omicsmonitor.analyzer.PriceBook;
import io.omicsmonitor.common.Env;
import java.util.Objects;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The run analyzer's prices: the public ones (the Price List API's, or an offline {@code PRICES_FILE}'s), under the
 * customer's price book in S3 when {@code PRICE_BOOK_URI} names one (its entries win), less {@code PRICE_DISCOUNT}
 * when set (on every price, the book's included: docs/run-analysis.md, "Which prices"). Its {@link #source()} is
 * the {@code price_source} of every analysis, e.g. {@code s3://b/k (sha256 …) over price-list-api discount 0.15}.
 */
final class FunctionPrices implements PriceBook {

    static final String BOOK_VARIABLE = "PRICE_BOOK_URI";
    static final String DISCOUNT_VARIABLE = "PRICE_DISCOUNT";
    private final PriceBook publicPrices;
    private final PriceBook prices;

    /**
     * @param book     the customer's book, or null
     * @param discount the fraction off, as written ("0" for none)
     */
    FunctionPrices(PriceBook publicPrices, PriceBook book, String discount) {
        this.publicPrices = Objects.requireNonNull(publicPrices);
        this.prices = DiscountedPriceBook.of(book == null ? publicPrices : new BookOverPrices(book, publicPrices),
                discount);
    }

    /** From the function's environment; a malformed variable fails start-up, naming it. */
    static FunctionPrices fromEnvironment(Env env, PriceBook publicPrices, S3Client s3) {
        String discount = env.optional(DISCOUNT_VARIABLE, "0");
        PriceBook book = env.optional(BOOK_VARIABLE).filter(uri -> !uri.isBlank()).map(uri -> {
            try {
                return new S3PriceBook(s3, uri.strip());
            } catch (IllegalArgumentException e) {
                throw new Env.ConfigurationException(BOOK_VARIABLE + ": " + e.getMessage());
            }
        }).orElse(null);
        try {
            return new FunctionPrices(publicPrices, book, discount);
        } catch (IllegalArgumentException e) {
            throw new Env.ConfigurationException(DISCOUNT_VARIABLE + ": " + e.getMessage());
        }
    }

    /** The public prices under the book and the discount (the Price List book, which SnapStart priming exercises). */
    PriceBook publicPrices() {
        return publicPrices;
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        return prices.price(region, resourceType);
    }

    @Override
    public String source() {
        return prices.source();
    }
}
