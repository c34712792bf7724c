package io.omicsmonitor.cli.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routing with EventBridge's own matcher: the project's rules (template.yaml) on its sample events, and the patterns
 * where the text comparison this replaced answered differently from EventBridge.
 */
class EventPatternTest {

    /**
     * Which functions each sample event reaches, through the rules of the project's template.yaml, resolved as the demo
     * resolves them: HealthOmics' events on the default bus, the run-analyzer's event on the stack's own bus.
     */
    @Test
    void theProjectsRulesRouteEachSampleEventAsTheStackWould() throws IOException {
        ProjectFiles project = ProjectFiles.locate();
        SamTemplate template = SamTemplate.read(project.template());
        Intrinsics values = Intrinsics.local(template.root(), "us-west-2");
        String stackBus = values.resolve(template.function("run-analyzer").environment().get("EVENT_BUS_NAME"))
                .orElseThrow();

        Map<String, List<String>> routed = new TreeMap<>();
        try (Stream<Path> files = Files.list(project.events())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = Json.MAPPER.readTree(file.toFile());
                String bus = event.path("source").asText().startsWith("omics-monitor") ? stackBus : "default";
                List<String> functions = new ArrayList<>();
                for (FunctionDefinition function : template.functions()) {
                    boolean matched = function.eventRules().stream().anyMatch(rule ->
                            Intrinsics.busName(values.resolve(rule.eventBus()).orElse(null)).equals(bus)
                                    && EventPattern.of(values.resolveTree(rule.pattern())).matches(event));
                    if (matched) {
                        functions.add(function.shortName());
                    }
                }
                routed.put(file.getFileName().toString(), functions);
            }
        }

        Map<String, List<String>> expected = new TreeMap<>();
        // EventBridge Scheduler invokes budget-monitor with this event directly: no rule routes it
        expected.put("budget-check.json", List.of());
        // and report-generator with this one (the daily report's schedule)
        expected.put("scheduled-report-daily.json", List.of());
        expected.put("read-set-export-job-failed.json", List.of("status-event-recorder"));
        expected.put("read-set-import-job-failed.json", List.of("status-event-recorder"));
        expected.put("reference-import-job-failed.json", List.of("status-event-recorder"));
        expected.put("run-analysis-completed.json", List.of("custom-metrics"));
        expected.put("run-cancelled.json",
                List.of("status-event-recorder", "manifest-processor", "run-analyzer", "custom-metrics"));
        expected.put("run-completed-legacy.json",
                List.of("status-event-recorder", "manifest-processor", "run-analyzer", "custom-metrics"));
        expected.put("run-completed.json",
                List.of("status-event-recorder", "manifest-processor", "run-analyzer", "custom-metrics"));
        expected.put("run-failed.json",
                List.of("status-event-recorder", "manifest-processor", "run-analyzer", "custom-metrics"));
        expected.put("run-pending.json", List.of("status-event-recorder"));
        expected.put("run-running.json", List.of("status-event-recorder", "custom-metrics"));
        expected.put("s3-access-policy-status-change.json", List.of("status-event-recorder"));
        expected.put("task-completed.json", List.of("status-event-recorder"));
        expected.put("task-failed.json", List.of("status-event-recorder", "custom-metrics"));
        expected.put("workflow-active.json", List.of("workflow-records"));
        expected.put("workflow-failed.json", List.of("status-event-recorder"));
        expected.put("workflow-share-status-change.json", List.of("status-event-recorder"));
        expected.put("workflow-version-active.json", List.of("workflow-records"));
        assertEquals(expected, routed);
    }

    /**
     * Each row: a pattern, an event's detail, and whether EventBridge delivers it. The comments say what the text
     * comparison answered instead.
     */
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"n":[5]}                                   | {"n":5}                | true
            {"n":[5]}                                   | {"n":5.0}              | true
            {"n":[5]}                                   | {"n":"5"}              | false
            {"n":["5"]}                                 | {"n":5}                | false
            {"b":[true]}                                | {"b":"true"}           | false
            {"c":[{"numeric":[">",0,"<=",5]}]}          | {"c":5}                | true
            {"c":[{"numeric":[">",0,"<=",5]}]}          | {"c":0}                | false
            {"c":[{"numeric":[">",0,"<=",5]}]}          | {"c":"3"}              | false
            {"id":[{"prefix":"12"}]}                    | {"id":"123"}           | true
            {"id":[{"prefix":"12"}]}                    | {"id":123}             | false
            {"s":[{"anything-but":[5]}]}                | {"s":"5"}              | true
            {"s":[{"anything-but":[5]}]}                | {"s":5}                | false
            {"s":[{"anything-but":"FAILED"}]}           | {}                     | false
            {"x":[{"exists":true}]}                     | {"x":null}             | true
            {"x":[{"exists":true}]}                     | {"x":[]}               | false
            {"x":[{"exists":false}]}                    | {"x":{"a":1}}          | true
            {"ip":[{"cidr":"10.0.0.0/24"}]}             | {"ip":"10.0.0.7"}      | true
            {"ip":[{"cidr":"10.0.0.0/24"}]}             | {"ip":"10.0.1.7"}      | false
            {"t":["b"]}                                 | {"t":["a","b"]}        | true
            {"i":{"a":["1"],"b":["2"]}}                 | {"i":[{"a":"1","b":"2"}]} | true
            {"i":{"a":["1"],"b":["2"]}}                 | {"i":[{"a":"1","b":"x"},{"a":"y","b":"2"}]} | false
            """)
    void matchesAsEventBridgeDoes(String detailPattern, String detail, boolean delivered) throws IOException {
        JsonNode pattern = Json.MAPPER.readTree("{\"detail\":" + detailPattern + "}");
        JsonNode event = Json.MAPPER.readTree("{\"source\":\"aws.omics\",\"detail\":" + detail + "}");
        assertEquals(delivered, EventPattern.of(pattern).matches(event));
    }

    // The text comparison answered: true for [5] on "5", ["5"] on 5, [true] on "true", prefix 12 on 123 and exists on
    // []; false for every numeric and cidr rule, for anything-but [5] on "5", exists on null, and for the matching
    // element of an array of objects.

    @Test
    void orAcrossFields() throws IOException {
        EventPattern pattern = EventPattern.of(Json.MAPPER.readTree(
                "{\"$or\":[{\"source\":[\"a\"]},{\"detail\":{\"s\":[\"X\"]}}]}"));
        assertTrue(pattern.matches(Json.MAPPER.readTree("{\"source\":\"b\",\"detail\":{\"s\":\"X\"}}")));
    }

    @Test
    void aPatternEventBridgeRejectsIsAUserError() throws IOException {
        JsonNode bad = Json.MAPPER.readTree("{\"detail\":{\"c\":[{\"numeric\":[\"~\",1]}]}}");
        UserError e = assertThrows(UserError.class, () -> EventPattern.of(bad));
        assertTrue(e.getMessage().startsWith("the event pattern {\"detail\":{\"c\":[{\"numeric\":[\"~\",1]}]}} is not one"
                + " EventBridge accepts: "), e.getMessage());
    }

    /** template.yaml's numbers stay numbers (CfnYaml), so a pattern's [5] is EventBridge's 5, not "5". */
    @Test
    void aTemplatesNumericPatternKeepsItsType() throws IOException {
        JsonNode template = CfnYaml.read(new java.io.ByteArrayInputStream("""
                Pattern:
                  detail:
                    exitCode: [5]
                    label: ['5']
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        EventPattern pattern = EventPattern.of(template.get("Pattern"));
        assertTrue(pattern.matches(Json.MAPPER.readTree("{\"detail\":{\"exitCode\":5,\"label\":\"5\"}}")));
        assertEquals(false, pattern.matches(Json.MAPPER.readTree("{\"detail\":{\"exitCode\":\"5\",\"label\":\"5\"}}")));
    }
}
