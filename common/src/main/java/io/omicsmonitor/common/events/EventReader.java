package io.omicsmonitor.common.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an EventBridge event from a Lambda invocation and checks its envelope. The detail stays a JSON tree here;
 * each detail type reads it with {@link Fields} (see {@link RunStatusChange#from}).
 */
public final class EventReader {

    /** EventBridge's own limit for one event; anything larger did not come from EventBridge. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    /**
     * Event ids become S3 object names ({@code <id>.json}): letters, digits, '_' and '-', and '.' only between two of
     * them, so no name holds "..". EventBridge's own ids are UUIDs.
     */
    public static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]|\\.(?=[A-Za-z0-9_-])){0,127}");
    static final String EVENT_ID_RULE = "letters, digits, '_' or '-', with '.' only between two of them (at most 128)";

    /**
     * The name space of replays' ids: a replay ({@link EventSources#REPLAY}) is known by {@code replay-<replayId>}
     * (or {@code replay-<its EventBridge id>} without a replayId), and no other event's id may start with it. Live
     * EventBridge ids are UUIDs (hex digits and '-', never an 'r'), so the records and markers a replay writes can
     * never have the name of one written from a live HealthOmics event: a replay cannot overwrite, or pre-empt, them.
     */
    public static final String REPLAY_ID_PREFIX = "replay-";

    /** A replayId: an {@link #EVENT_ID} short enough that {@link #REPLAY_ID_PREFIX} and it stay within 128. */
    static final Pattern REPLAY_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]|\\.(?=[A-Za-z0-9_-])){0,120}");
    static final String REPLAY_ID_RULE = "letters, digits, '_' or '-', with '.' only between two of them (at most 121)";

    /** How far ahead of this machine's clock an event's time may be before it is taken as wrong, not as skew. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Clock clock;

    public EventReader(Clock clock) {
        this.clock = clock;
    }

    public EventEnvelope<JsonNode> read(InputStream in) {
        try {
            byte[] body = in.readNBytes(MAX_EVENT_BYTES + 1);
            return read(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the invocation's input", e);
        }
    }

    public EventEnvelope<JsonNode> read(byte[] body) {
        if (body.length == 0) {
            throw new InvalidEventException(null, "the body is empty, expected an EventBridge event");
        }
        if (body.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException(null, "the body is larger than " + MAX_EVENT_BYTES / 1024
                    + " KiB, the most EventBridge delivers; it is not an EventBridge event");
        }
        JsonNode root;
        try {
            // the tree, and the errors, of ObjectMapper.readTree(body), without initialising an ObjectMapper
            root = JsonTrees.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            throw new InvalidEventException(null, "the body is not JSON: " + Fields.shorten(String.valueOf(reason)));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(null, "the body is not a JSON object, expected an EventBridge event");
        }
        Fields envelope = new Fields(null, "", root);
        String id = envelope.requiredMatching("id", EVENT_ID, EVENT_ID_RULE);
        Fields fields = new Fields(id, "", root);

        String source = fields.requiredText("source");
        if (!EventSources.ACCEPTED.contains(source)) {
            throw fields.bad("source", "is '" + Fields.shorten(source) + "', expected one of "
                    + new java.util.TreeSet<>(EventSources.ACCEPTED));
        }
        String detailType = fields.requiredText("detail-type");
        Instant time = parseTime(fields, "time", fields.requiredText("time"));
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            throw fields.missing("detail");
        }
        if (!detail.isObject()) {
            throw fields.bad("detail", "is " + detail.getNodeType().name().toLowerCase() + ", expected an object");
        }
        if (EventSources.REPLAY.equals(source)) {
            // EventBridge gives every PutEvents entry a new id. A replay carries its own deterministic id (backfill's
            // replayId, from the run's ARN and status), which keys its records instead: replaying a run again
            // overwrites what the last replay wrote. Either way the id is put in the replays' own name space, so a
            // replay can never take the name of a record written from a live event (nor of its metrics marker).
            id = REPLAY_ID_PREFIX + new Fields(id, "detail", detail)
                    .optionalMatching("replayId", REPLAY_ID, REPLAY_ID_RULE).orElse(id);
        } else if (id.startsWith(REPLAY_ID_PREFIX)) {
            throw fields.bad("id", "starts with '" + REPLAY_ID_PREFIX + "', which only " + EventSources.REPLAY
                    + " events may use (EventBridge's own ids are UUIDs)");
        }
        return new EventEnvelope<>(id, detailType, source,
                fields.optionalText("account").orElse(null), time,
                fields.optionalText("region").orElse(null), resources(fields, root), detail);
    }

    /**
     * Fails unless the event is of one of the detail-types the function handles. The handled types are listed sorted:
     * {@code Set.of} iterates in an order that changes from one JVM to the next, and an error text that changes
     * between runs defeats grouping failures by message (Logs Insights, the dead-letter queue's alarms, tests).
     */
    public static void requireDetailType(EventEnvelope<?> event, Set<String> handled) {
        if (!handled.contains(event.detailType())) {
            throw new InvalidEventException(event.id(), "detail-type '" + Fields.shorten(event.detailType())
                    + "' is not one this function handles " + new java.util.TreeSet<>(handled));
        }
    }

    /**
     * An ISO-8601 time with a zone ({@code Z} or an offset). A time without a zone, or more than
     * {@link #MAX_CLOCK_SKEW} in the future, is an error: it would file the record under the wrong day.
     */
    Instant parseTime(Fields fields, String name, String text) {
        Instant time;
        try {
            time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw fields.bad(name, "is '" + Fields.shorten(text) + "', expected an ISO-8601 time with a zone, like 2022-10-20T22:07:35Z");
        }
        if (time.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            throw fields.bad(name, "is " + time + ", in the future (this function's clock reads " + clock.instant() + ")");
        }
        return time;
    }

    private static List<String> resources(Fields fields, JsonNode root) {
        JsonNode node = root.get("resources");
        List<String> resources = new ArrayList<>();
        if (node == null || node.isNull()) {
            return resources;
        }
        if (!node.isArray()) {
            throw fields.bad("resources", "is " + node.getNodeType().name().toLowerCase() + ", expected an array of ARNs");
        }
        node.forEach(r -> resources.add(r.asText()));
        return resources;
    }
}
