package io.omicsmonitor.analyzer;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A customer's price book over other prices (the Price List API's): the book's price where it has one, the other
 * prices' elsewhere, so a book needs only the resource types and regions whose price was negotiated. Its
 * {@link #source()} is {@code <book's source> over <the other's>}.
 */
public final class BookOverPrices implements PriceBook {

    private final PriceBook book;
    private final PriceBook under;

    public BookOverPrices(PriceBook book, PriceBook under) {
        this.book = Objects.requireNonNull(book, "book");
        this.under = Objects.requireNonNull(under, "under");
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        OptionalDouble price = book.price(region, resourceType);
        return price.isPresent() ? price : under.price(region, resourceType);
    }

    @Override
    public String source() {
        return book.source() + " over " + under.source();
    }
}
