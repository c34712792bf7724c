package io.omicsmonitor.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What this function has already published: one small marker object per published event under the lake's
 * {@code <prefix>_state/custom-metrics/}, checked before publishing and written after {@code PutMetricData}
 * succeeded. CloudWatch sums data points and cannot tell a redelivered one from a new one; the markers make a
 * redelivery in sequence (EventBridge's redelivery, Lambda's retry of an invocation that timed out after publishing,
 * a redrive from the dead-letter queue) count once.
 *
 * <p>Not a lock: two deliveries at the same moment both find no marker and both publish (at least once, documented).
 * A failure between {@code PutMetricData} and the marker's PUT leaves no marker, so the retry publishes again. The
 * bucket's lifecycle rule expires the markers after 30 days, well past the two weeks after which an event publishes
 * nothing anyway ({@link CustomMetricsPublisher#MAX_AGE}).
 */
final class PublishedEvents {

    /** The folder under {@code _state/}: this function's own, and the only one its role may touch. */
    static final String OWNER = "custom-metrics";

    /** What a marker holds: enough for an operator to see what was published, and when. */
    record Marker(@JsonProperty("event_id") String eventId,
                  @JsonProperty("detail_type") String detailType,
                  @JsonProperty("run_id") String runId,
                  @JsonProperty("namespace") String namespace,
                  @JsonProperty("data_points") int dataPoints,
                  @JsonProperty("published_at") Instant publishedAt) {
    }

    private final DataLake lake;

    PublishedEvents(DataLake lake) {
        this.lake = Objects.requireNonNull(lake);
    }

    String key(String name) {
        return lake.stateKey(OWNER, name);
    }

    String uri(String name) {
        return lake.uri(key(name));
    }

    /** HEAD of the marker: a missing one is 404 (the role may list the prefix); any other failure is thrown. */
    boolean published(String name) {
        return lake.exists(key(name));
    }

    /** SnapStart priming: the marker's HEAD and PUT through {@code s3} (the lake's client), marshalled but not sent. */
    void prime(S3Client s3, String name, Marker marker) {
        SnapStartPriming.lakeWrite(s3, lake.location().bucket(), key(name), marker);
    }

    /** Writes the marker; returns its key. */
    String markPublished(String name, Marker marker) {
        return lake.putState(OWNER, name, marker);
    }
}
