package io.omicsmonitor.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.reliability.Harness.Fn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table of docs/reliability.md, each row a test, run through every function it applies to: the
 * invocation fails with the exact error naming the event id and the field, and nothing is written: no S3 object, no
 * request to any other API (no alert, no metric, no event).
 */
class BadInputTest {

    static final String RUN_EVENT = "2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12";
    static final String TASK_EVENT = "60718293-a4b5-c6d7-e8f9-0a1b2c3d4e56";
    static final String WORKFLOW_EVENT = "8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078";
    static final String ANALYSIS_EVENT = "8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071";

    /** The functions that take a Run Status Change. */
    static final Set<Fn> RUN_FNS = EnumSet.of(Fn.STATUS, Fn.MANIFESTS, Fn.ANALYZER, Fn.METRICS);

    static final Map<Fn, String> HANDLED = Map.of(
            Fn.STATUS, "[Read Set Export Job Status Change, Read Set Import Job Status Change, Reference Import Job "
                    + "Status Change, Run Status Change, S3 Access Policy Status Change, Task Status Change, Workflow "
                    + "Share Status Change, Workflow Status Change]",
            Fn.WORKFLOWS, "[Workflow Status Change]",
            Fn.MANIFESTS, "[Run Status Change]",
            Fn.ANALYZER, "[Run Status Change]",
            Fn.METRICS, "[Run Analysis Completed, Run Status Change, Task Status Change]");

    static final String RUN_STATUSES = "[PENDING, STARTING, RUNNING, STOPPING, COMPLETED, DELETED, CANCELLED, FAILED]";
    static final String VERSION_RULE = "expected a version name of letters, digits, '.', '_' or '-' (at most 64)";

    static Harness lake;

    @BeforeAll
    static void start() {
        lake = new Harness();
    }

    @AfterAll
    static void stop() {
        lake.close();
    }

    @BeforeEach
    void reset() {
        lake.reset();
    }

    /** One row of the table. */
    record Case(String name, Set<Fn> fns, Supplier<byte[]> event, Function<Fn, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case run(String name, Consumer<ObjectNode> change, String problem) {
        return new Case(name, RUN_FNS, () -> Harness.mutate("run-completed.json", change),
                fn -> "event " + RUN_EVENT + ": " + problem);
    }

    static Case detail(String name, String field, Object value, String problem) {
        return run(name, e -> ((ObjectNode) e.get("detail")).putPOJO(field, value), problem);
    }

    static Case version(String name, String versionName, String problem) {
        return new Case(name, EnumSet.of(Fn.WORKFLOWS),
                () -> Harness.mutate("workflow-version-active.json",
                        e -> ((ObjectNode) e.get("detail")).put("workflowVersionName", versionName)),
                fn -> "event " + WORKFLOW_EVENT + ": " + problem);
    }

    static Case raw(String name, Supplier<byte[]> body, String message) {
        return new Case(name, EnumSet.allOf(Fn.class), body, fn -> message);
    }

    static final String LONG_ID = "1".repeat(2000);

    static List<Case> table() {
        return List.of(
                new Case("detail missing", EnumSet.allOf(Fn.class), () -> Harness.mutate("run-completed.json", e -> e.remove("detail")),
                        fn -> "event " + RUN_EVENT + ": field 'detail' is missing or empty"),
                new Case("detail null", EnumSet.allOf(Fn.class), () -> Harness.mutate("run-completed.json", e -> e.putNull("detail")),
                        fn -> "event " + RUN_EVENT + ": field 'detail' is missing or empty"),
                new Case("detail not an object", EnumSet.allOf(Fn.class), () -> Harness.mutate("run-completed.json", e -> e.put("detail", "COMPLETED")),
                        fn -> "event " + RUN_EVENT + ": field 'detail' is string, expected an object"),
                new Case("wrong source", EnumSet.allOf(Fn.class), () -> Harness.mutate("run-completed.json", e -> e.put("source", "aws.s3")),
                        fn -> "event " + RUN_EVENT + ": field 'source' is 'aws.s3', expected one of [aws.omics, omics-monitor, omics-monitor.replay]"),
                new Case("wrong detail-type", EnumSet.allOf(Fn.class), () -> Harness.mutate("run-completed.json", e -> e.put("detail-type", "Object Created")),
                        fn -> "event " + RUN_EVENT + ": detail-type 'Object Created' is not one this function handles " + HANDLED.get(fn)),
                detail("unknown status", "status", "EXPLODED", "field 'detail.status' is 'EXPLODED', not one of " + RUN_STATUSES),
                detail("run id not numeric", "runId", "abc", "field 'detail.runId' is 'abc', expected a numeric run id"),
                detail("run id empty", "runId", "", "field 'detail.runId' is empty, expected a numeric run id"),
                detail("run id with /", "runId", "123/456", "field 'detail.runId' is '123/456', expected a numeric run id"),
                detail("run id with ..", "runId", "../7382915", "field 'detail.runId' is '../7382915', expected a numeric run id"),
                detail("run id with %2F", "runId", "%2F7382915", "field 'detail.runId' is '%2F7382915', expected a numeric run id"),
                detail("run id with a control character", "runId", "73829\u000015", "field 'detail.runId' contains a control character"),
                detail("run id of 2,000 characters", "runId", LONG_ID,
                        "field 'detail.runId' is '" + "1".repeat(77) + "...', expected a numeric run id"),
                detail("ARN of another service", "arn", "arn:aws:s3:::genomics-results/run/7382915",
                        "field 'detail.arn' is 'arn:aws:s3:::genomics-results/run/7382915', expected a HealthOmics run ARN like arn:aws:omics:us-west-2:123456789012:run/1234567"),
                detail("ARN of another resource type", "arn", "arn:aws:omics:us-west-2:123456789012:task/7382915",
                        "field 'detail.arn' is a HealthOmics task ARN, expected a run ARN"),
                detail("run name with a line break", "runName", "NA12878\nFAILED", "field 'detail.runName' contains a control character"),
                run("time in the future", e -> e.put("time", "2027-01-01T00:00:00Z"),
                        "field 'time' is 2027-01-01T00:00:00Z, in the future (this function's clock reads 2026-11-24T12:00:00Z)"),
                run("time unparseable", e -> e.put("time", "20 Nov 2026 11:42"),
                        "field 'time' is '20 Nov 2026 11:42', expected an ISO-8601 time with a zone, like 2022-10-20T22:07:35Z"),
                run("time without zone", e -> e.put("time", "2026-11-20T11:42:18"),
                        "field 'time' is '2026-11-20T11:42:18', expected an ISO-8601 time with a zone, like 2022-10-20T22:07:35Z"),
                run("resources not an array", e -> e.put("resources", "arn:aws:omics:us-west-2:123456789012:run/7382915"),
                        "field 'resources' is string, expected an array of ARNs"),
                raw("event id with ../", () -> Harness.mutate("run-completed.json", e -> e.put("id", "../../run_status_events/x")),
                        "event (no id): field 'id' is '../../run_status_events/x', expected letters, digits, '_' or '-', with '.' only between two of them (at most 128)"),
                raw("event id missing", () -> Harness.mutate("run-completed.json", e -> e.remove("id")),
                        "event (no id): field 'id' is missing or empty"),
                raw("6 MB event", BadInputTest::sixMegabytes,
                        "event (no id): the body is larger than 256 KiB, the most EventBridge delivers; it is not an EventBridge event"),
                raw("empty body", () -> new byte[0], "event (no id): the body is empty, expected an EventBridge event"),
                raw("body a JSON array", () -> "[]".getBytes(StandardCharsets.UTF_8),
                        "event (no id): the body is not a JSON object, expected an EventBridge event"),
                raw("body not JSON", () -> "{\"id\": ".getBytes(StandardCharsets.UTF_8),
                        "event (no id): the body is not JSON: Unexpected end-of-input within/between Object entries"),
                new Case("task event DELETED", EnumSet.of(Fn.STATUS),
                        () -> Harness.mutate("task-completed.json", e -> ((ObjectNode) e.get("detail")).put("status", "DELETED")),
                        fn -> "event " + TASK_EVENT + ": field 'detail.status' is DELETED, which HealthOmics never reports for a task"),
                new Case("task ARN without a numeric id", EnumSet.of(Fn.STATUS),
                        () -> Harness.mutate("task-completed.json", e -> ((ObjectNode) e.get("detail")).put("arn", "arn:aws:omics:us-west-2:123456789012:task/abc")),
                        fn -> "event " + TASK_EVENT + ": field 'detail.arn' is 'arn:aws:omics:us-west-2:123456789012:task/abc', whose task id is not a number"),
                version("version name with /", "v2/../../runs", "field 'detail.workflowVersionName' is 'v2/../../runs', " + VERSION_RULE),
                version("version name with ..", "v2..1",
                        "workflow version name 'v2..1' contains '..', which cannot be part of a lake object name"),
                version("version name ending in '.'", "v2.",
                        "workflow version name 'v2.' ends with '.', which cannot be part of a lake object name"),
                version("version name with %2F", "v2%2F1", "field 'detail.workflowVersionName' is 'v2%2F1', " + VERSION_RULE),
                version("version name with a control character", "v2\u00071", "field 'detail.workflowVersionName' contains a control character"),
                version("version name of 2,000 characters", "v".repeat(2000),
                        "field 'detail.workflowVersionName' is '" + "v".repeat(77) + "...', " + VERSION_RULE),
                new Case("workflow ARN of another service", EnumSet.of(Fn.WORKFLOWS),
                        () -> Harness.mutate("workflow-version-active.json", e -> ((ObjectNode) e.get("detail")).put("arn", "arn:aws:iam::123456789012:role/x")),
                        fn -> "event " + WORKFLOW_EVENT + ": field 'detail.arn' is 'arn:aws:iam::123456789012:role/x', expected a HealthOmics workflow ARN like arn:aws:omics:us-west-2:123456789012:workflow/1234567"),
                new Case("analysis with a negative cost", EnumSet.of(Fn.METRICS),
                        () -> Harness.mutate("run-analysis-completed.json", e -> ((ObjectNode) e.get("detail")).put("estimatedUsd", -18.73)),
                        fn -> "event " + ANALYSIS_EVENT + ": field 'detail.estimatedUsd' is -18.73, expected a finite number of at least 0"),
                new Case("analysis from another source", EnumSet.of(Fn.METRICS),
                        () -> Harness.mutate("run-analysis-completed.json", e -> e.put("source", "aws.omics")),
                        fn -> "event " + ANALYSIS_EVENT + ": field 'source' is 'aws.omics', but 'Run Analysis Completed' is accepted only from [omics-monitor]"));
    }

    static byte[] sixMegabytes() {
        return Harness.mutate("run-completed.json", e -> ((ObjectNode) e.get("detail")).put("runName", "x".repeat(6 * 1024 * 1024)));
    }

    static Stream<Arguments> cases() {
        List<Arguments> arguments = new ArrayList<>();
        for (Case c : table()) {
            for (Fn fn : c.fns()) {
                arguments.add(Arguments.of(c, fn));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void failsNamingTheEventAndFieldAndWritesNothing(Case c, Fn fn) {
        InvalidEventException e = lake.invoke(fn, c.event().get()).failed(InvalidEventException.class);

        assertEquals(c.expected().apply(fn), e.getMessage());
        assertEquals(Map.of(), lake.objects(), "no object");
        assertEquals(List.of(), lake.apiRequests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList(),
                "no request to any API: no alert, no metric, no event, not even a read");
        Figures.record("bad-input", c.name() + "\t" + fn);
    }

    // ---- the manifest: bad records ---------------------------------------------------------------------------

    /** The recorded manifest of run 7382915 with one line changed. */
    static void serveManifest(Function<List<String>, List<String>> change) {
        lake.reset(Set.of("7382915"));
        lake.logs.stream(ManifestLogsStub.LOG_GROUP, "manifest/run/7382915/" + Harness.RUN_UUIDS.get("7382915"),
                change.apply(new ArrayList<>(ManifestLogsStub.recorded("7382915"))), 10);
    }

    @Test
    void aManifestLineThatIsNotJsonFailsTheInvocationAndWritesNothing() {
        for (Fn fn : List.of(Fn.MANIFESTS, Fn.ANALYZER)) {
            serveManifest(lines -> {
                lines.set(3, "Task Mutect2 finished (not JSON)");
                return lines;
            });

            InvalidManifestException e = lake.invoke(fn, Harness.sample("run-completed.json")).failed(InvalidManifestException.class);

            assertTrue(e.getMessage().startsWith("run 7382915: log stream /aws/omics/WorkflowLog:manifest/run/7382915/"
                    + Harness.RUN_UUIDS.get("7382915") + ", event 4: not a JSON record: Unrecognized token 'Task'"), e.getMessage());
            assertEquals(Map.of(), lake.objects());
            assertEquals(0, lake.putEvents().size() + lake.putMetricData().size() + lake.publishes().size());
            assertTrue(lastErrorLine().contains("\"eventId\":\"" + RUN_EVENT + "\""), "the error line carries the event id");
            Figures.record("bad-input", "manifest line not JSON\t" + fn);
        }
    }

    static Stream<Arguments> badTaskMetrics() {
        return Stream.of(
                Arguments.of("cpusMaximum", "-4"),
                Arguments.of("memoryMaximumGiB", "-0.5"),
                Arguments.of("runningSeconds", "-60"),
                Arguments.of("memoryMaximumGiB", "1.0E12"),
                Arguments.of("cpusMaximum", "100000"),
                Arguments.of("runningSeconds", "1.0E15"));
    }

    /**
     * A task with negative or absurd metrics is rejected, naming the run, the task and the field (the standard here:
     * reject, not clamp): the invocation fails into the dead-letter queue, nothing is written, no event is put.
     */
    @ParameterizedTest(name = "a task with {0} = {1} is rejected")
    @MethodSource("badTaskMetrics")
    void aTaskWithNegativeOrAbsurdMetricsIsRejected(String field, String value) {
        for (Fn fn : List.of(Fn.MANIFESTS, Fn.ANALYZER)) {
            String task = serveBadTask(field, value);

            InvalidManifestException e = lake.invoke(fn, Harness.sample("run-completed.json")).failed(InvalidManifestException.class);

            assertTrue(e.getMessage().startsWith("run 7382915: log stream /aws/omics/WorkflowLog:manifest/run/7382915/"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(": run 7382915, task " + task + ": 'metrics." + field + "' is " + value
                    + ", expected a number from 0 to "), e.getMessage());
            assertEquals(Map.of(), lake.objects());
            assertEquals(0, lake.putEvents().size());
            Figures.record("bad-input-rejected", "task metrics." + field + " = " + value + "\t" + fn);
        }
    }

    /** Serves the manifest with the first task that has the field given {@code value}; returns the task's ARN. */
    private static String serveBadTask(String field, String value) {
        String[] arn = new String[1];
        serveManifest(lines -> {
            for (int i = 0; i < lines.size(); i++) {
                try {
                    ObjectNode record = (ObjectNode) io.omicsmonitor.mapper.Json.MAPPER.readTree(lines.get(i));
                    if (record.path("arn").asText().contains(":task/") && record.path("metrics").has(field)) {
                        ((ObjectNode) record.get("metrics")).set(field, io.omicsmonitor.mapper.Json.MAPPER.readTree(value));
                        lines.set(i, io.omicsmonitor.mapper.Json.MAPPER.writeValueAsString(record));
                        arn[0] = record.get("arn").asText();
                        return lines;
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            throw new AssertionError("no task with metrics." + field);
        });
        return arn[0];
    }

    private static String lastErrorLine() {
        List<String> lines = LogCapture.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("\"level\":\"ERROR\"")) {
                return lines.get(i);
            }
        }
        return "";
    }
}
