package io.omicsmonitor.common.lake;

import io.omicsmonitor.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes records into the lake: {@code <prefix><table>/year=YYYY/month=MM/day=DD/<recordId>.json}, partitioned by a
 * UTC date that belongs to the record, named by an id that belongs to the record. Writing the same record again
 * overwrites the same object, so replays and duplicate deliveries never make a second row.
 *
 * <p>Every object is newline-delimited JSON, one record a line (the form Glue's JSON classifier and Athena's JSON SerDe
 * read), and is written in one PUT: a reader sees the whole object or none of it.
 */
public final class DataLake {

    public static final String CONTENT_TYPE = "application/x-ndjson";

    /**
     * The prefix, under the lake prefix, of the functions' own bookkeeping (markers of what they have done): not a
     * table, not Hive-partitioned, never crawled (the crawler targets only the tables' prefixes), expired by the
     * bucket's lifecycle rule.
     */
    public static final String STATE_PREFIX = "_state/";

    private final S3Client s3;
    private final LakeLocation location;

    public DataLake(S3Client s3, LakeLocation location) {
        this.s3 = Objects.requireNonNull(s3);
        this.location = Objects.requireNonNull(location);
    }

    public LakeLocation location() {
        return location;
    }

    /** The key of a record: deterministic in its table, partition time and id. */
    public String key(String table, Instant partitionTime, String recordId) {
        ZonedDateTime utc = partitionTime.atZone(ZoneOffset.UTC);
        return String.format("%s%s/year=%04d/month=%02d/day=%02d/%s.json", location.prefix(), KeyParts.table(table),
                utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), KeyParts.recordId(recordId));
    }

    /** Writes one record as one JSON line. Returns the object's key. */
    public String put(String table, Instant partitionTime, String recordId, Object record) {
        return putLines(table, partitionTime, recordId, java.util.List.of(record));
    }

    /** Writes several records, one JSON line each, as one object. Returns the object's key. */
    public String putLines(String table, Instant partitionTime, String recordId, Iterable<?> records) {
        String key = key(table, partitionTime, recordId);
        byte[] body = ndjson(records);
        s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType(CONTENT_TYPE), RequestBody.fromBytes(body));
        return key;
    }

    /** Writes a file other than a table's JSON (the analyzer's CSV) at a key the caller built from {@link #key}. */
    public void putFile(String key, byte[] body, String contentType) {
        s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(body));
    }

    /**
     * The key of a state object: {@code <prefix>_state/<owner>/<name>.json}, outside every table. Both parts are
     * checked as {@link KeyParts#recordId} checks a record id.
     */
    public String stateKey(String owner, String name) {
        return location.prefix() + STATE_PREFIX + KeyParts.recordId(owner) + "/" + KeyParts.recordId(name) + ".json";
    }

    /** Writes a state object (one JSON line) at {@link #stateKey}. Returns its key. */
    public String putState(String owner, String name, Object record) {
        String key = stateKey(owner, name);
        byte[] body = ndjson(java.util.List.of(record));
        s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType(CONTENT_TYPE), RequestBody.fromBytes(body));
        return key;
    }

    /**
     * Whether an object exists (HEAD). A missing key answers 404 only to a caller that may list its prefix
     * ({@code s3:ListBucket} with an {@code s3:prefix} condition); without that S3 answers 403, which is thrown.
     */
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public String uri(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    static byte[] ndjson(Iterable<?> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            for (Object record : records) {
                JsonWriter.write(out, record);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise a lake record", e);
        }
        return out.toByteArray();
    }
}
