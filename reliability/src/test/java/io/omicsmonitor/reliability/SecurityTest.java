package io.omicsmonitor.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.local.ManifestLogsStub;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.reliability.Harness.Fn;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What must not leak: run parameters (they may name patients' samples) and credentials never appear in a log line at
 * INFO or above nor in an alert; the alert says what an operator needs and no more. (That every key is under its
 * function's own prefix is checked on every invocation of the suite, by {@link Harness#checkPuts}.)
 */
class SecurityTest {

    static Harness lake;

    @BeforeAll
    static void start() throws Exception {
        lake = new Harness();
        // every function on every recorded run, so every log line they can write at INFO is written
        for (String sample : List.of("run-completed.json", "run-failed.json", "run-cancelled.json")) {
            for (Fn fn : List.of(Fn.STATUS, Fn.MANIFESTS, Fn.ANALYZER, Fn.METRICS)) {
                lake.invoke(fn, Harness.sample(sample)).ok();
            }
        }
        lake.invoke(Fn.STATUS, Harness.sample("task-completed.json")).ok();
        lake.invoke(Fn.WORKFLOWS, Harness.sample("workflow-version-active.json")).ok();
        lake.invoke(Fn.METRICS, Harness.sample("run-analysis-completed.json")).ok();
        // and failures, whose messages are logged at ERROR
        lake.invoke(Fn.MANIFESTS, Harness.mutate("run-completed.json", e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("detail")).put("runId", "abc")));
        lake.proxy.always(io.omicsmonitor.local.FaultyS3.Kind.INTERNAL_ERROR);
        lake.invoke(Fn.STATUS, Harness.sample("run-failed.json"));
        lake.proxy.faults(List.of());
    }

    @AfterAll
    static void stop() {
        lake.close();
    }

    /** Every parameter value of the recorded runs: GetRun's and the manifests' run records'. */
    static Set<String> parameterValues() throws Exception {
        Set<String> values = new TreeSet<>();
        for (String runId : Harness.RUN_UUIDS.keySet()) {
            collect(Json.MAPPER.readTree(Harness.recorded("omics/get-run-" + runId + ".json")).path("parameters"), values);
            for (String line : ManifestLogsStub.recorded(runId)) {
                JsonNode record = Json.MAPPER.readTree(line);
                if (record.path("arn").asText().contains(":run/")) {
                    collect(record.path("parameters"), values);
                }
            }
        }
        return values;
    }

    static void collect(JsonNode node, Set<String> values) {
        if (node.isValueNode()) {
            String text = node.asText();
            if (text.length() >= 4 && !text.equals("true") && !text.equals("false")) {
                values.add(text);
            }
        }
        node.elements().forEachRemaining(child -> collect(child, values));
    }

    @Test
    void noParameterValueOrCredentialIsLoggedAtInfoOrAbove() throws Exception {
        Set<String> secrets = new TreeSet<>(parameterValues());
        assertFalse(secrets.isEmpty(), "the recorded runs have parameters to look for");
        secrets.add(Harness.ACCESS_KEY);
        secrets.add(Harness.SECRET_KEY);
        List<String> lines = LogCapture.lines();
        assertTrue(lines.size() > 20, "the functions logged: " + lines.size());
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = Json.MAPPER.readTree(line);
            assertTrue(Set.of("INFO", "WARN", "ERROR").contains(json.path("level").asText()), line);
            for (String secret : secrets) {
                if (line.contains(secret) || line.contains(secret.replace("/", "\\/"))) {
                    leaks.add(secret + " in " + line);
                }
            }
        }
        assertEquals(List.of(), leaks);
        Figures.record("security", lines.size() + " log lines scanned for " + secrets.size() + " parameter values and credentials: 0 found");
    }

    @Test
    void theAlertCarriesWhatTheOperatorNeedsAndNoParameters() throws Exception {
        List<String> alerts = lake.publishes().stream().map(r -> form(r.getBodyAsString(), "Message")).toList();
        assertFalse(alerts.isEmpty());
        for (String alert : alerts) {
            for (String value : parameterValues()) {
                assertFalse(alert.contains(value), "the alert carries a parameter value: " + value);
            }
            assertFalse(alert.toLowerCase().contains("parameter"), alert);
            for (String needed : List.of("HealthOmics run 9103774", "FAILED", "Failure reason:", "Console:", "Run ARN:", "Event:")) {
                assertTrue(alert.contains(needed), needed + " in " + alert);
            }
        }
    }

    static String form(String body, String name) {
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
