package io.omicsmonitor.common.lake;

import io.omicsmonitor.common.Json;
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
                Json.MAPPER.writeValue(out, record);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise a lake record", e);
        }
        return out.toByteArray();
    }
}
