package io.omicsmonitor.cli.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A CloudWatch dashboard of the resource use of HealthOmics workflows, from the metrics HealthOmics vends per task
 * and per run (HealthOmics user guide, "Run metrics for Private Workflows"): one row per workflow, six charts, each
 * the average and the 99th percentile over the workflow's tasks (or runs, for the run filesystem).
 *
 * <p>The metrics are OpenTelemetry metrics, queried with PromQL: dotted names and labels are quoted
 * ({@code {"aws.omics.task.cpu.usage", "@resource.aws.omics.workflow.id"="1234567"}}). A PromQL query is drawn by a
 * widget of type {@code chart} whose {@code data.queries} are {@code {"type": "cloudwatch-metrics", "language":
 * "PromQL", "query": ...}}: the shape AWS's own HealthOmics tools put (aws-healthomics-tools, run_dashboard); the
 * public dashboard body reference does not describe it in full (docs/cli.md, "dashboard").
 *
 * <p>CPU and memory are per task first, usage over limit, then aggregated: {@code avg(usage) / avg(limit)} would be
 * wrong when the tasks differ in size. The I/O metrics are cumulative byte counters, charted as per-task rates.
 */
public final class UtilizationDashboard {

    public static final String CPU_USAGE = "aws.omics.task.cpu.usage";
    public static final String CPU_LIMIT = "aws.omics.task.cpu.limit";
    public static final String MEMORY_USAGE = "aws.omics.task.memory.usage";
    public static final String MEMORY_LIMIT = "aws.omics.task.memory.limit";
    public static final String FILESYSTEM_IO = "aws.omics.task.filesystem.io";
    public static final String NETWORK_IO = "aws.omics.task.network.io";
    public static final String RUN_FILESYSTEM_USAGE = "aws.omics.run.filesystem.usage";
    public static final String SCRATCH_USAGE = "aws.omics.task.filesystem.scratch.storage.usage";

    public static final String WORKFLOW_LABEL = "@resource.aws.omics.workflow.id";
    public static final String TASK_LABEL = "@resource.aws.omics.task.id";
    public static final String FILESYSTEM_DIRECTION = "filesystem.io.direction";
    public static final String NETWORK_DIRECTION = "network.io.direction";

    /** CloudWatch's limit of widgets on one dashboard (PutDashboard, "Dashboard Body Structure"). */
    public static final int MAX_WIDGETS = 500;
    static final int CHARTS_PER_WORKFLOW = 6;
    /** A header, then per workflow a title and its charts. */
    public static final int MAX_WORKFLOWS = (MAX_WIDGETS - 1) / (CHARTS_PER_WORKFLOW + 1);

    /** The rate window of the I/O counters: several of HealthOmics' ~30-second samples. */
    static final String RATE_WINDOW = "5m";

    private static final int CHART_WIDTH = 24 / CHARTS_PER_WORKFLOW;
    private static final int CHART_HEIGHT = 6;
    private static final int TITLE_HEIGHT = 1;
    private static final int HEADER_HEIGHT = 3;

    private UtilizationDashboard() {
    }

    /**
     * @param region      the region the metrics are in (each chart names it)
     * @param workflowIds HealthOmics workflow ids, numeric, in the order of the rows
     */
    public static ObjectNode body(String region, List<String> workflowIds) {
        if (workflowIds.isEmpty() || workflowIds.size() > MAX_WORKFLOWS) {
            throw new IllegalArgumentException("from 1 to " + MAX_WORKFLOWS + " workflows, not " + workflowIds.size());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("start", "-P7D");
        body.put("periodOverride", "auto");
        ArrayNode widgets = body.putArray("widgets");
        widgets.add(text(0, HEADER_HEIGHT, String.join("\n",
                "# HealthOmics workflow utilization (" + workflowIds.size() + " workflow"
                        + (workflowIds.size() == 1 ? "" : "s") + ")",
                "Average and 99th percentile over each workflow's tasks: CPU and memory as each task's usage over its "
                        + "limit, filesystem and network I/O as each task's rate, scratch storage per task; the run "
                        + "filesystem over its runs (STATIC and DYNAMIC run storage only; DYNAMIC lags over 30 minutes).",
                "HealthOmics publishes these metrics for runs started since it vends them (not in il-central-1). "
                        + "Made by `omics-monitor dashboard`.")));
        int y = HEADER_HEIGHT;
        for (String workflow : workflowIds) {
            widgets.add(text(y, TITLE_HEIGHT, "### Workflow " + workflow));
            y += TITLE_HEIGHT;
            List<ObjectNode> charts = charts(region, workflow);
            for (int i = 0; i < charts.size(); i++) {
                ObjectNode placed = widgets.addObject();
                placed.put("type", "chart");
                placed.put("x", i * CHART_WIDTH);
                placed.put("y", y);
                placed.setAll(charts.get(i));
            }
            y += CHART_HEIGHT;
        }
        return body;
    }

    private static List<ObjectNode> charts(String region, String workflow) {
        String cpu = perTaskRatio(CPU_USAGE, CPU_LIMIT, workflow);
        String memory = perTaskRatio(MEMORY_USAGE, MEMORY_LIMIT, workflow);
        List<ObjectNode> charts = new ArrayList<>();
        charts.add(chart(region, "CPU used of the task's limit (%)", "%",
                query("cpu_avg", "avg(" + cpu + ") * 100", "avg"),
                query("cpu_p99", "quantile(0.99, " + cpu + ") * 100", "p99")));
        charts.add(chart(region, "Memory used of the task's limit (%)", "%",
                query("mem_avg", "avg(" + memory + ") * 100", "avg"),
                query("mem_p99", "quantile(0.99, " + memory + ") * 100", "p99")));
        String read = rate(FILESYSTEM_IO, workflow, FILESYSTEM_DIRECTION, "read");
        String write = rate(FILESYSTEM_IO, workflow, FILESYSTEM_DIRECTION, "write");
        charts.add(chart(region, "Run filesystem I/O per task (bytes/s)", "bytes/s",
                query("fs_read_avg", "avg(" + read + ")", "read avg"),
                query("fs_read_p99", "quantile(0.99, " + read + ")", "read p99"),
                query("fs_write_avg", "avg(" + write + ")", "write avg"),
                query("fs_write_p99", "quantile(0.99, " + write + ")", "write p99")));
        String receive = rate(NETWORK_IO, workflow, NETWORK_DIRECTION, "receive");
        String transmit = rate(NETWORK_IO, workflow, NETWORK_DIRECTION, "transmit");
        charts.add(chart(region, "Network I/O per task (bytes/s)", "bytes/s",
                query("net_rx_avg", "avg(" + receive + ")", "receive avg"),
                query("net_rx_p99", "quantile(0.99, " + receive + ")", "receive p99"),
                query("net_tx_avg", "avg(" + transmit + ")", "transmit avg"),
                query("net_tx_p99", "quantile(0.99, " + transmit + ")", "transmit p99")));
        String runFilesystem = selector(RUN_FILESYSTEM_USAGE, workflow);
        charts.add(chart(region, "Run filesystem used per run (bytes)", "bytes",
                query("runfs_avg", "avg(" + runFilesystem + ")", "avg"),
                query("runfs_p99", "quantile(0.99, " + runFilesystem + ")", "p99")));
        String scratch = selector(SCRATCH_USAGE, workflow);
        charts.add(chart(region, "Scratch storage used per task (bytes)", "bytes",
                query("scratch_avg", "avg(" + scratch + ")", "avg"),
                query("scratch_p99", "quantile(0.99, " + scratch + ")", "p99")));
        return charts;
    }

    /**
     * Each task's usage over its own limit: both sides grouped by task id, so the division matches a task's usage
     * with that task's limit (one-to-one on the task id label), and only then are the ratios aggregated.
     */
    static String perTaskRatio(String usage, String limit, String workflow) {
        return "avg by (" + quoted(TASK_LABEL) + ") (" + selector(usage, workflow) + ") / avg by (" + quoted(TASK_LABEL)
                + ") (" + selector(limit, workflow) + ")";
    }

    /** A cumulative counter's per-second rate, per series (one per task and direction). */
    static String rate(String metric, String workflow, String directionLabel, String direction) {
        return "rate(" + selector(metric, workflow, quoted(directionLabel) + "=" + quoted(direction)) + "[" + RATE_WINDOW
                + "])";
    }

    static String selector(String metric, String workflow, String... matchers) {
        StringBuilder s = new StringBuilder("{").append(quoted(metric)).append(", ").append(quoted(WORKFLOW_LABEL))
                .append("=").append(quoted(workflow));
        for (String matcher : matchers) {
            s.append(", ").append(matcher);
        }
        return s.append("}").toString();
    }

    /** A PromQL string: the names and ids here are digits, letters, dots and '@', nothing to escape. */
    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static ObjectNode query(String id, String promql, String label) {
        ObjectNode query = Json.MAPPER.createObjectNode();
        query.put("id", id);
        query.put("type", "cloudwatch-metrics");
        query.put("language", "PromQL");
        query.put("query", promql);
        query.put("label", label);
        return query;
    }

    private static ObjectNode chart(String region, String title, String unit, ObjectNode... queries) {
        ObjectNode chart = Json.MAPPER.createObjectNode();
        chart.put("type", "chart");
        chart.put("width", CHART_WIDTH);
        chart.put("height", CHART_HEIGHT);
        ObjectNode properties = chart.putObject("properties");
        properties.put("title", title);
        properties.put("region", region);
        properties.put("view", "line");
        ArrayNode list = properties.putObject("data").putArray("queries");
        for (ObjectNode query : queries) {
            list.add(query);
        }
        ObjectNode plot = properties.putObject("plotOptions");
        plot.putObject("legend").put("position", "bottom").put("show", true);
        plot.putObject("xAxis").put("type", "datetime");
        plot.putArray("yAxis").addObject().put("type", "linear").put("title", unit);
        return chart;
    }

    private static ObjectNode text(int y, int height, String markdown) {
        ObjectNode text = Json.MAPPER.createObjectNode();
        text.put("type", "text");
        text.put("x", 0);
        text.put("y", y);
        text.put("width", 24);
        text.put("height", height);
        text.putObject("properties").put("markdown", markdown);
        return text;
    }
}
