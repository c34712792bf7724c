package io.omicsmonitor.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the dashboard body asks CloudWatch to draw: the charts per workflow, and each PromQL query in them. */
class UtilizationDashboardTest {

    static final String REGION = "eu-west-1";
    static final List<String> WORKFLOWS = List.of("4716932", "9012345");

    static final JsonNode BODY = UtilizationDashboard.body(REGION, WORKFLOWS);

    static List<JsonNode> widgets(String type) {
        List<JsonNode> found = new ArrayList<>();
        BODY.path("widgets").forEach(w -> {
            if (w.path("type").asText().equals(type)) {
                found.add(w);
            }
        });
        return found;
    }

    /** The charts of one workflow's row: those below its title and above the next. */
    static List<JsonNode> row(String workflow) {
        List<JsonNode> texts = widgets("text");
        int top = -1;
        int bottom = Integer.MAX_VALUE;
        for (JsonNode t : texts) {
            if (t.path("properties").path("markdown").asText().equals("### Workflow " + workflow)) {
                top = t.path("y").asInt();
            }
        }
        for (JsonNode t : texts) {
            if (t.path("y").asInt() > top && t.path("y").asInt() < bottom) {
                bottom = t.path("y").asInt();
            }
        }
        int from = top;
        int to = bottom;
        return widgets("chart").stream().filter(c -> c.path("y").asInt() > from && c.path("y").asInt() < to).toList();
    }

    static JsonNode chart(String workflow, String titleStart) {
        return row(workflow).stream().filter(c -> c.path("properties").path("title").asText().startsWith(titleStart))
                .findFirst().orElseThrow(() -> new AssertionError("no chart '" + titleStart + "' for " + workflow));
    }

    static List<String> labels(JsonNode chart) {
        List<String> labels = new ArrayList<>();
        chart.path("properties").path("data").path("queries").forEach(q -> labels.add(q.path("label").asText()));
        return labels;
    }

    static String query(JsonNode chart, String label) {
        for (JsonNode q : chart.path("properties").path("data").path("queries")) {
            if (q.path("label").asText().equals(label)) {
                return q.path("query").asText();
            }
        }
        throw new AssertionError("no query '" + label + "' in " + chart);
    }

    @Test
    void oneRowOfSixChartsPerWorkflowInTheOrderGiven() {
        assertEquals(1 + WORKFLOWS.size() * 7, BODY.path("widgets").size(), "a header, then a title and six charts each");
        assertEquals(List.of("CPU used of the task's limit (%)", "Memory used of the task's limit (%)",
                        "Run filesystem I/O per task (bytes/s)", "Network I/O per task (bytes/s)",
                        "Run filesystem used per run (bytes)", "Scratch storage used per task (bytes)"),
                row("4716932").stream().map(c -> c.path("properties").path("title").asText()).toList());
        assertEquals(6, row("9012345").size());
        assertTrue(row("4716932").get(0).path("y").asInt() < row("9012345").get(0).path("y").asInt(), "rows in order");
        for (JsonNode chart : widgets("chart")) {
            assertEquals(REGION, chart.path("properties").path("region").asText());
            assertEquals("line", chart.path("properties").path("view").asText());
        }
    }

    @Test
    void cpuAndMemoryAreEachTasksUsageOverItsOwnLimitThenAveragedAndP99() {
        JsonNode cpu = chart("4716932", "CPU");
        assertEquals(List.of("avg", "p99"), labels(cpu));
        String perTask = "avg by (\"@resource.aws.omics.task.id\") "
                + "({\"aws.omics.task.cpu.usage\", \"@resource.aws.omics.workflow.id\"=\"4716932\"})"
                + " / avg by (\"@resource.aws.omics.task.id\") "
                + "({\"aws.omics.task.cpu.limit\", \"@resource.aws.omics.workflow.id\"=\"4716932\"})";
        assertEquals("avg(" + perTask + ") * 100", query(cpu, "avg"));
        assertEquals("quantile(0.99, " + perTask + ") * 100", query(cpu, "p99"));

        JsonNode memory = chart("9012345", "Memory");
        assertEquals(List.of("avg", "p99"), labels(memory));
        assertEquals("avg(avg by (\"@resource.aws.omics.task.id\") "
                + "({\"aws.omics.task.memory.usage\", \"@resource.aws.omics.workflow.id\"=\"9012345\"})"
                + " / avg by (\"@resource.aws.omics.task.id\") "
                + "({\"aws.omics.task.memory.limit\", \"@resource.aws.omics.workflow.id\"=\"9012345\"})) * 100",
                query(memory, "avg"));
    }

    @Test
    void ioIsTheRateOfEachTasksCountersByDirection() {
        JsonNode filesystem = chart("4716932", "Run filesystem I/O");
        assertEquals(List.of("read avg", "read p99", "write avg", "write p99"), labels(filesystem));
        assertEquals("avg(rate({\"aws.omics.task.filesystem.io\", \"@resource.aws.omics.workflow.id\"=\"4716932\", "
                + "\"filesystem.io.direction\"=\"read\"}[5m]))", query(filesystem, "read avg"));
        assertEquals("quantile(0.99, rate({\"aws.omics.task.filesystem.io\", \"@resource.aws.omics.workflow.id\"="
                + "\"4716932\", \"filesystem.io.direction\"=\"write\"}[5m]))", query(filesystem, "write p99"));

        JsonNode network = chart("4716932", "Network");
        assertEquals(List.of("receive avg", "receive p99", "transmit avg", "transmit p99"), labels(network));
        assertEquals("quantile(0.99, rate({\"aws.omics.task.network.io\", \"@resource.aws.omics.workflow.id\"="
                + "\"4716932\", \"network.io.direction\"=\"transmit\"}[5m]))", query(network, "transmit p99"));
    }

    @Test
    void storageIsTheRunFilesystemPerRunAndScratchPerTask() {
        assertEquals("avg({\"aws.omics.run.filesystem.usage\", \"@resource.aws.omics.workflow.id\"=\"9012345\"})",
                query(chart("9012345", "Run filesystem used"), "avg"));
        assertEquals("quantile(0.99, {\"aws.omics.task.filesystem.scratch.storage.usage\", "
                        + "\"@resource.aws.omics.workflow.id\"=\"9012345\"})",
                query(chart("9012345", "Scratch"), "p99"));
    }

    @Test
    void everyQueryIsPromQlOfItsRowsWorkflowOnly() {
        for (String workflow : WORKFLOWS) {
            String other = WORKFLOWS.get(1 - WORKFLOWS.indexOf(workflow));
            for (JsonNode chart : row(workflow)) {
                Set<String> ids = new TreeSet<>();
                for (JsonNode q : chart.path("properties").path("data").path("queries")) {
                    String text = q.path("query").asText();
                    assertEquals("cloudwatch-metrics", q.path("type").asText());
                    assertEquals("PromQL", q.path("language").asText());
                    assertTrue(ids.add(q.path("id").asText()), "query ids unique in a chart: " + chart);
                    assertTrue(q.path("id").asText().matches("[a-z][a-z0-9_]*"), q.path("id").asText());
                    assertTrue(text.contains("\"@resource.aws.omics.workflow.id\"=\"" + workflow + "\""), text);
                    assertFalse(text.contains(other), text);
                    assertBalanced(text);
                }
            }
        }
    }

    /** Brackets nest and close, quotes pair: what a PromQL parser rejects first. */
    static void assertBalanced(String promql) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (char c : promql.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "({[".indexOf(c) >= 0) {
                open.append(c);
            } else if (!quoted && ")}]".indexOf(c) >= 0) {
                assertTrue(open.length() > 0 && "({[".indexOf(open.charAt(open.length() - 1)) == ")}]".indexOf(c), promql);
                open.setLength(open.length() - 1);
            }
        }
        assertFalse(quoted, promql);
        assertEquals("", open.toString(), promql);
    }

    @Test
    void widgetsSitOnTheGridWithoutOverlapping() {
        boolean[][] taken = new boolean[24][1000];
        for (JsonNode w : BODY.path("widgets")) {
            int x = w.path("x").asInt();
            int y = w.path("y").asInt();
            assertTrue(x + w.path("width").asInt() <= 24, w.toString());
            for (int i = x; i < x + w.path("width").asInt(); i++) {
                for (int j = y; j < y + w.path("height").asInt(); j++) {
                    assertFalse(taken[i][j], "overlap at " + i + "," + j);
                    taken[i][j] = true;
                }
            }
        }
    }

    @Test
    void theMostWorkflowsFitCloudWatchsWidgetLimit() {
        List<String> most = new ArrayList<>(Collections.nCopies(UtilizationDashboard.MAX_WORKFLOWS, "1"));
        assertTrue(UtilizationDashboard.body(REGION, most).path("widgets").size() <= UtilizationDashboard.MAX_WIDGETS);
        most.add("1");
        assertTrue(1 + most.size() * 7 > UtilizationDashboard.MAX_WIDGETS, "one more would not fit");
        assertThrows(IllegalArgumentException.class, () -> UtilizationDashboard.body(REGION, most));
    }
}
