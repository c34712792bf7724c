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
            builder.run(run(node, m.group(2)), where);
        } else {
            builder.task(task(node, m.group(2)));
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

    static RunRecord run(JsonNode n, String runId) {
        return new RunRecord(text(n, "arn"), runId, text(n, "uuid"), text(n, "name"), text(n, "workflow"),
                text(n, "workflowType"), text(n, "engine"), text(n, "main"), text(n, "digest"), text(n, "status"),
                text(n, "statusMessage"), text(n, "failureReason"), text(n, "roleArn"), text(n, "startedBy"),
                text(n, "outputUri"), tree(n, "parameters"), tree(n, "parameterTemplate"), tree(n, "resourceDigests"),
                text(n, "storageType"), number(n, "storageCapacity"), text(n, "creationTime"), text(n, "startTime"),
                text(n, "stopTime"), metrics(n));
    }

    static TaskRecord task(JsonNode n, String taskId) {
        return new TaskRecord(text(n, "arn"), taskId, text(n, "run"), text(n, "uuid"), text(n, "name"),
                text(n, "image"), text(n, "imageDigest"), text(n, "instanceType"), number(n, "cpus"),
                number(n, "memory"), number(n, "gpus"), text(n, "status"), text(n, "statusMessage"),
                text(n, "failureReason"), text(n, "creationTime"), text(n, "startTime"), text(n, "stopTime"), metrics(n));
    }

    private static Metrics metrics(JsonNode n) {
        JsonNode m = n.get("metrics");
        if (m == null || m.isNull()) {
            return null;
        }
        if (!m.isObject()) {
            throw new InvalidManifestException("record " + text(n, "arn") + ": 'metrics' is not an object");
        }
        return new Metrics(number(m, "cpusReserved"), number(m, "cpusAverage"), number(m, "cpusMaximum"),
                number(m, "gpusReserved"), number(m, "memoryReservedGiB"), number(m, "memoryAverageGiB"),
                number(m, "memoryMaximumGiB"), number(m, "storageReservedGiB"), number(m, "storageMaximumGiB"),
                number(m, "storageAverageGiB"), number(m, "runningSeconds"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static JsonNode tree(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** A number as written: Long for integers, Double otherwise; numbers written as strings are read too. */
    static Number number(JsonNode n, String field) {
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
                return t.matches("-?\\d{1,18}") ? (Number) Long.parseLong(t) : (Number) Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new InvalidManifestException("record " + text(n, "arn") + ": '" + field + "' is '" + t + "', not a number");
            }
        }
        throw new InvalidManifestException("record " + text(n, "arn") + ": '" + field + "' is not a number");
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
