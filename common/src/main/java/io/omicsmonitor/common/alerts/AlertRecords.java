package io.omicsmonitor.common.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The escalation's state, in the lake bucket under {@code <prefix>_state/alerts/} (not a table, never crawled,
 * expired after 30 days by the bucket's lifecycle rule): per alert id, the alert waiting for an acknowledgement
 * ({@code <id>.json}, written by the escalation function when the alert is published) and its acknowledgement
 * ({@code <id>.ack.json}, written by the ack function). The escalation reads both before it re-sends anything.
 *
 * <p>An id is re-used when an alarm goes to ALARM again: each time is an <em>episode</em> (the SNS message id of its
 * notification), and an acknowledgement counts for the episode it names only.
 */
public final class AlertRecords {

    /** The folder under {@code _state/}: the escalation and ack functions' own. */
    public static final String OWNER = "alerts";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_=-]|\\.(?=[A-Za-z0-9_=-])){0,99}");

    /** An alert waiting for its acknowledgement. */
    public record Waiting(@JsonProperty("alert_id") String alertId,
                          @JsonProperty("episode") String episode,
                          @JsonProperty("severity") String severity,
                          @JsonProperty("subject") String subject,
                          @JsonProperty("text") String text,
                          @JsonProperty("topic_arn") String topicArn,
                          @JsonProperty("published_at") Instant publishedAt,
                          @JsonProperty("escalate_at") Instant escalateAt,
                          @JsonProperty("schedule") String schedule,
                          @JsonProperty("escalated_at") Instant escalatedAt,
                          @JsonProperty("escalation_message_id") String escalationMessageId) {

        public Waiting escalated(Instant at, String messageId) {
            return new Waiting(alertId, episode, severity, subject, text, topicArn, publishedAt, escalateAt, schedule,
                    at, messageId);
        }

        static Waiting of(JsonNode json) {
            return new Waiting(field(json, "alert_id"), field(json, "episode"), field(json, "severity"),
                    field(json, "subject"), field(json, "text"), field(json, "topic_arn"), time(json, "published_at"),
                    time(json, "escalate_at"), field(json, "schedule"), time(json, "escalated_at"),
                    field(json, "escalation_message_id"));
        }
    }

    /** Someone acknowledged an episode of an alert. {@code by} is what the caller said it is: informative only. */
    public record Ack(@JsonProperty("alert_id") String alertId,
                      @JsonProperty("episode") String episode,
                      @JsonProperty("acknowledged_at") Instant acknowledgedAt,
                      @JsonProperty("by") String by) {

        static Ack of(JsonNode json) {
            return new Ack(field(json, "alert_id"), field(json, "episode"), time(json, "acknowledged_at"),
                    field(json, "by"));
        }
    }

    private final S3Client s3;
    private final DataLake lake;

    public AlertRecords(S3Client s3, DataLake lake) {
        this.s3 = Objects.requireNonNull(s3);
        this.lake = Objects.requireNonNull(lake);
    }

    /**
     * The object name of an alert id: the id itself when it is a plain name (event ids, SNS message ids, the names
     * CloudFormation gives alarms), else {@code h-} and its SHA-256, so no id can place an object elsewhere.
     */
    public static String name(String alertId) {
        return PLAIN.matcher(alertId).matches() ? alertId : "h-" + sha256(alertId).substring(0, 64);
    }

    public String waitingKey(String alertId) {
        return lake.stateKey(OWNER, name(alertId));
    }

    public String ackKey(String alertId) {
        return lake.stateKey(OWNER, name(alertId) + ".ack");
    }

    public String uri(String key) {
        return lake.uri(key);
    }

    public Optional<Waiting> waiting(String alertId) {
        return read(waitingKey(alertId)).map(Waiting::of);
    }

    public Optional<Ack> ack(String alertId) {
        return read(ackKey(alertId)).map(Ack::of);
    }

    public String put(Waiting waiting) {
        return lake.putState(OWNER, name(waiting.alertId()), waiting);
    }

    public String put(Ack ack) {
        return lake.putState(OWNER, name(ack.alertId()) + ".ack", ack);
    }

    /** A name for the alert's one-time schedule (EventBridge Scheduler: 1-64 of [0-9a-zA-Z-_.]), per episode. */
    public static String scheduleName(String alertId, String episode) {
        return "alert-" + sha256(alertId + "\n" + episode).substring(0, 40);
    }

    /** GET of a state object; a missing one (404: the role may list the prefix) is empty, any other failure thrown. */
    private Optional<JsonNode> read(String key) {
        try {
            byte[] body = s3.getObjectAsBytes(b -> b.bucket(lake.location().bucket()).key(key)).asByteArray();
            return Optional.of(JsonTrees.readTree(body));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("s3://" + lake.location().bucket() + "/" + key + " is not JSON", e);
        }
    }

    private static String field(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant time(JsonNode json, String field) {
        String value = field(json, field);
        return value == null ? null : Instant.parse(value);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
