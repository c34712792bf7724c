package io.omicsmonitor.runanalyzer;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.PriceBook;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A customer's price book in S3 ({@code PRICE_BOOK_URI}, in the format of the CLI's {@code --prices FILE}), read on
 * the first analysis and kept for the life of the execution environment, as the Price List answers are. Read on first
 * use, not at start-up: a SnapStart snapshot then holds no edition of the book, and a book that cannot be read fails
 * the invocations (into the dead-letter queue, with the alarm) rather than the deployment. A book that cannot be read
 * or is not a price book is never replaced by public prices: every analysis fails, naming the URI and what is wrong,
 * until it is fixed; the next invocation tries again.
 */
final class S3PriceBook implements PriceBook {

    /** {@code s3://bucket/key}: S3's bucket name rules, a key of at least one character. */
    private static final Pattern URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    private final S3Client s3;
    private final String uri;
    private final String bucket;
    private final String key;
    private JsonPriceBook book; // guarded by this

    /** @throws IllegalArgumentException when {@code uri} is not {@code s3://bucket/key} */
    S3PriceBook(S3Client s3, String uri) {
        this.s3 = Objects.requireNonNull(s3);
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + uri + "' is not an S3 object URI like s3://my-bucket/prices.json");
        }
        this.uri = uri;
        this.bucket = m.group(1);
        this.key = m.group(2);
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        return book().price(region, resourceType);
    }

    /** {@code s3://bucket/key (sha256 <hex>)}: the edition of the book that priced the analysis. */
    @Override
    public String source() {
        return book().source();
    }

    private synchronized JsonPriceBook book() {
        if (book == null) {
            book = read();
        }
        return book;
    }

    private JsonPriceBook read() {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw unusable("there is no such object; upload the book there, or clear the PriceBookUri parameter to "
                    + "price with the Price List API alone");
        } catch (S3Exception e) {
            throw unusable(e.statusCode() == 403
                    ? "access denied (" + e.awsErrorDetails().errorCode() + "); the function's role may read exactly "
                    + "this object: check the bucket policy, and that a KMS key encrypting it lets the role decrypt"
                    : "S3 answered " + e.statusCode() + " " + e.awsErrorDetails().errorCode() + ": " + e.getMessage());
        } catch (SdkException e) {
            throw unusable("S3 could not be reached: " + e.getMessage());
        }
        try {
            return JsonPriceBook.read(bytes, uri);
        } catch (JsonProcessingException e) {
            throw unusable("it is not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw unusable(e.getMessage());
        } catch (IllegalArgumentException e) {
            // JsonPriceBook names the source first: "s3://b/k: 'regions' is missing or not an object"
            String problem = e.getMessage().startsWith(uri + ": ") ? e.getMessage().substring(uri.length() + 2)
                    : e.getMessage();
            throw unusable("it is not a price book: " + problem);
        }
    }

    private IllegalStateException unusable(String why) {
        return new IllegalStateException("cannot price with the price book " + uri + " (" + FunctionPrices.BOOK_VARIABLE
                + "): " + why + ". Nothing was analyzed: no public prices stand in for a private book");
    }
}
