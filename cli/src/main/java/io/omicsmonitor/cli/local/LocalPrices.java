package io.omicsmonitor.cli.local;

import io.omicsmonitor.analyzer.DiscountedPriceBook;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --prices FILE} and {@code --discount F} for the commands that run the functions locally ({@code demo},
 * {@code invoke}): given to the run analyzer the way the stack gives them, the book uploaded to the embedded S3 and
 * named by {@code PRICE_BOOK_URI}, the discount as {@code PRICE_DISCOUNT}. So a local run reads the book through the
 * same S3 path, with the same errors, as the deployed function; the public prices stay the Price List stub's.
 *
 * @param book     the price book file, or null
 * @param discount the discount as written, or null
 */
public record LocalPrices(Path book, String discount) {

    /** Where the book is uploaded in the embedded S3 (beside the lake's bucket, under the same folder). */
    public static final String BUCKET = "local-price-books";

    /** The options, checked now: a user error names the file or the option and what is wrong. */
    public static LocalPrices of(Path book, String discount) {
        if (book != null) {
            try {
                JsonPriceBook.read(book); // the analyzer's own checks and messages
            } catch (NoSuchFileException e) {
                throw new UserError("no price book at " + book + ": give an existing file (the format of "
                        + "analyzer/src/main/resources/io/omicsmonitor/analyzer/default-prices.json)");
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError("cannot read the price book " + book + ": " + e.getMessage());
            }
        }
        if (discount != null) {
            try {
                DiscountedPriceBook.fraction(discount);
            } catch (IllegalArgumentException e) {
                throw new UserError("--discount: " + e.getMessage());
            }
        }
        return new LocalPrices(book, discount);
    }

    /** {@code s3://local-price-books/<file name>}, or null without a book. */
    public String uri() {
        return book == null ? null : "s3://" + BUCKET + "/" + book.getFileName();
    }

    /**
     * Uploads the book (replacing an earlier upload) and returns the variables that name it and the discount, for
     * the functions' environment: empty when neither option was given.
     */
    public Map<String, String> environment(EmbeddedAws aws) {
        Map<String, String> env = new LinkedHashMap<>();
        if (book != null) {
            aws.bucket(BUCKET, false);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(book);
            } catch (IOException e) {
                throw new UserError("cannot read the price book " + book + ": " + e.getMessage());
            }
            aws.s3().client().putObject(b -> b.bucket(BUCKET).key(book.getFileName().toString())
                    .contentType("application/json"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
            env.put("PRICE_BOOK_URI", uri());
        }
        if (discount != null) {
            env.put("PRICE_DISCOUNT", discount);
        }
        return env;
    }

    /** One line for the user: which prices the run analyzer prices with. */
    public String describe() {
        String prices = "the Price List stub's public prices";
        if (book != null) {
            prices = book + " (uploaded as " + uri() + ") over " + prices;
        }
        return discount == null ? prices : prices + ", less a discount of " + discount;
    }
}
