package io.omicsmonitor.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns manifest records, one JSON object each, into typed records. The kind of record is read from its ARN
 * ({@code :run/} or {@code :task/}), never from its position. Input is streamed: a record at a time, never the
 * whole manifest's text at once.
 *
 * <p>Accepts the three forms a manifest comes in: CloudWatch Logs messages one by one ({@link #accept}), a JSON array
 * (what {@code omics-run-analyzer --show} prints) and NDJSON (one record a line, as exported from CloudWatch Logs).
 */
public final class ManifestParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern RESOURCE = Pattern.compile("^arn:[^:]+:omics:[^:]*:[^:]*:(run|task)/(\\d+)$");

    private final ManifestBuilder builder = new ManifestBuilder();
    private long records;

    /** Reads a whole manifest file: a JSON array of records, or NDJSON. */
    public static Manifest read(InputStream in, String source) throws IOException {
        ManifestParser parser = new ManifestParser();
        PushbackInputStream input = new PushbackInputStream(in, 1);
        int first = skipWhitespace(input);
        if (first == '[') {
            try (JsonParser json = MAPPER.createParser(input)) {
                if (json.nextToken() != JsonToken.START_ARRAY) {
                    throw new InvalidManifestException(source + ": expected a JSON array of manifest records");
                }
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    parser.accept((JsonNode) MAPPER.readTree(json), source + ", record " + (parser.records + 1));
                }
                if (json.currentToken() != JsonToken.END_ARRAY) {
                    throw new InvalidManifestException(source + ", record " + (parser.records + 1) + ": not a JSON object");
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidManifestException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
        } else {
            BufferedReader lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    parser.accept(line, source + ", line " + lineNumber);
                }
            }
        }
        return parser.manifest(source);
    }

    /** Adds one record given as JSON text (a CloudWatch Logs message, an NDJSON line). */
    public void accept(String json, String where) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidManifestException(where + ": not a JSON record: " + e.getOriginalMessage(), e);
        }
        accept(node, where);
    }

    public void accept(JsonNode node, String where) {
        records++;
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException(where + ": not a JSON object");
        }
        String arn = text(node, "arn");
        Matcher m = arn == null ? null : RESOURCE.matcher(arn);
        if (m == null || !m.matches()) {
            throw new InvalidManifestException(where + ": 'arn' is " + (arn == null ? "missing" : "'" + arn + "'")
                    + ", expected a HealthOmics run or task ARN");
        }
        if (m.group(1).equals("run")) {
            builder.run(run(node, m.group(2), where), where);
        } else {
            builder.task(task(node, m.group(2), where, builder.runId()));
        }
    }

    /** The manifest read so far; fails when no run record was seen (the manifest is incomplete). */
    public Manifest manifest(String source) {
        return builder.build(source);
    }

    public boolean hasRunRecord() {
        return builder.hasRun();
    }

    public int taskCount() {
        return builder.taskCount();
    }

    static RunRecord run(JsonNode n, String runId, String where) {
        return new RunRecord(text(n, "arn"), runId, text(n, "uuid"), text(n, "name"), text(n, "workflow"),
                text(n, "workflowType"), text(n, "engine"), text(n, "main"), text(n, "digest"), text(n, "status"),
                text(n, "statusMessage"), text(n, "failureReason"), text(n, "roleArn"), text(n, "startedBy"),
                text(n, "outputUri"), tree(n, "parameters"), tree(n, "parameterTemplate"), tree(n, "resourceDigests"),
                text(n, "storageType"), number(n, "storageCapacity", where, n), text(n, "creationTime"), text(n, "startTime"),
                text(n, "stopTime"), metrics(n, where, runId));
    }

    /** @param runIdSeen the id of the run record read so far, else null: names the run of a task without a 'run' field */
    static TaskRecord task(JsonNode n, String taskId, String where, String runIdSeen) {
        return new TaskRecord(text(n, "arn"), taskId, text(n, "run"), text(n, "uuid"), text(n, "name"),
                text(n, "image"), text(n, "imageDigest"), text(n, "instanceType"), number(n, "cpus", where, n),
                number(n, "memory", where, n), number(n, "gpus", where, n), text(n, "status"), text(n, "statusMessage"),
                text(n, "failureReason"), text(n, "creationTime"), text(n, "startTime"), text(n, "stopTime"),
                metrics(n, where, runIdSeen));
    }

    /*
     * Upper bounds of the metrics, far above any HealthOmics instance or run (192 vCPUs, 1,536 GiB of memory, 64 TiB
     * of storage, runs of days): a value above one is a corrupt record, not a big run. The lower bound is 0.
     */
    static final double MAX_CPUS = 1_000;
    static final double MAX_GPUS = 64;
    static final double MAX_MEMORY_GIB = 10_000;
    static final double MAX_STORAGE_GIB = 1_000_000;
    static final double MAX_RUNNING_SECONDS = 366.0 * 24 * 3600;

    /**
     * A record's metrics, each checked to be a finite number from 0 to its bound: a negative, non-finite or absurd
     * value fails the manifest, naming the run, the record and the field, rather than becoming negative hours and
     * costs downstream. The check is two comparisons a value; the message is built only when it fails.
     *
     * @param runIdOfRecord the run's id for a run record; for a task, the id of the run record read so far (or null)
     */
    private static Metrics metrics(JsonNode n, String where, String runIdOfRecord) {
        JsonNode m = n.get("metrics");
        if (m == null || m.isNull()) {
            return null;
        }
        if (!m.isObject()) {
            throw new InvalidManifestException(where + ": record " + text(n, "arn") + ": 'metrics' is not an object");
        }
        return new Metrics(
                metric(m, "cpusReserved", MAX_CPUS, n, where, runIdOfRecord),
                metric(m, "cpusAverage", MAX_CPUS, n, where, runIdOfRecord),
                metric(m, "cpusMaximum", MAX_CPUS, n, where, runIdOfRecord),
                metric(m, "gpusReserved", MAX_GPUS, n, where, runIdOfRecord),
                metric(m, "memoryReservedGiB", MAX_MEMORY_GIB, n, where, runIdOfRecord),
                metric(m, "memoryAverageGiB", MAX_MEMORY_GIB, n, where, runIdOfRecord),
                metric(m, "memoryMaximumGiB", MAX_MEMORY_GIB, n, where, runIdOfRecord),
                metric(m, "storageReservedGiB", MAX_STORAGE_GIB, n, where, runIdOfRecord),
                metric(m, "storageMaximumGiB", MAX_STORAGE_GIB, n, where, runIdOfRecord),
                metric(m, "storageAverageGiB", MAX_STORAGE_GIB, n, where, runIdOfRecord),
                metric(m, "runningSeconds", MAX_RUNNING_SECONDS, n, where, runIdOfRecord));
    }

    private static Number metric(JsonNode m, String field, double max, JsonNode record, String where, String runId) {
        Number value = number(m, field, where, record);
        if (value != null) {
            double v = value.doubleValue();
            if (!(v >= 0 && v <= max)) { // also false for NaN; infinity is above max
                throw new InvalidManifestException(where + ": " + describe(record, runId) + ": 'metrics." + field
                        + "' is " + m.get(field) + ", expected a number from 0 to " + (long) max);
            }
        }
        return value;
    }

    /** "run 7382915, task arn:...:task/4804037" or "run 7382915 (arn:...:run/7382915)": for error messages only. */
    private static String describe(JsonNode record, String runIdOfRecord) {
        String arn = text(record, "arn");
        if (arn.contains(":run/")) {
            return "run " + runIdOfRecord + " (" + arn + ")";
        }
        String run = text(record, "run");
        int at = run == null ? -1 : run.lastIndexOf(":run/");
        String runId = at >= 0 ? run.substring(at + ":run/".length()) : runIdOfRecord;
        return "run " + (runId != null ? runId : "(not named in the task record)") + ", task " + arn;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static JsonNode tree(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * A number as written: Long for integers, Double otherwise; numbers written as strings are read too.
     *
     * @param n      the record, or its metrics object
     * @param record the record, for the message
     */
    static Number number(JsonNode n, String field, String where, JsonNode record) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            String t = v.asText().trim();
            try {
                return isSmallInteger(t) ? (Number) Long.parseLong(t) : (Number) Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new InvalidManifestException(where + ": record " + text(record, "arn") + ": '"
                        + (n == record ? "" : "metrics.") + field + "' is '" + t + "', not a number");
            }
        }
        throw new InvalidManifestException(where + ": record " + text(record, "arn") + ": '"
                + (n == record ? "" : "metrics.") + field + "' is not a number");
    }

    /** {@code -?\d{1,18}}, without a regex: a long that cannot overflow. */
    private static boolean isSmallInteger(String t) {
        int from = t.startsWith("-") ? 1 : 0;
        int digits = t.length() - from;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int skipWhitespace(PushbackInputStream in) throws IOException {
        int c = in.read();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF) {
            c = in.read();
        }
        if (c != -1) {
            in.unread(c);
        }
        return c;
    }
}
