package io.omicsmonitor.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recorded HealthOmics data under {@code events/recorded/}: Omics API responses ({@code omics/get-run-<id>.json},
 * {@code omics/get-workflow-<id>.json}, {@code omics/get-workflow-version-<id>-<version>.json}) and run manifests as
 * CloudWatch Logs messages ({@code logs/manifest-run-<id>.ndjson}). Each response is routed by what it contains
 * (its id, workflow id and version name), not by its file name.
 */
public record RecordedData(List<JsonNode> runs, List<JsonNode> workflows, List<JsonNode> workflowVersions,
                           List<Manifest> manifests, List<RunTask> runTasks) {

    /** A recorded GetRunTask answer ({@code get-run-task-<runId>-<taskId>.json}) and the run it belongs to. */
    public record RunTask(String runId, JsonNode task) {
    }

    /** One run's manifest: its id, its uuid (from the run record) and its log messages in order. */
    public record Manifest(String runId, String runUuid, List<String> messages) {
    }

    private static final Pattern MANIFEST_FILE = Pattern.compile("manifest-run-(\\d+)\\.ndjson");
    private static final Pattern RUN_TASK_FILE = Pattern.compile("get-run-task-(\\d+)-(\\d+)\\.json");

    public static RecordedData read(Path recorded) {
        List<JsonNode> runs = new ArrayList<>();
        List<JsonNode> workflows = new ArrayList<>();
        List<JsonNode> versions = new ArrayList<>();
        List<RunTask> tasks = new ArrayList<>();
        for (Path file : files(recorded.resolve("omics"), ".json")) {
            JsonNode response = json(file);
            String name = file.getFileName().toString();
            Matcher task = RUN_TASK_FILE.matcher(name);
            if (task.matches()) {
                tasks.add(new RunTask(task.group(1), response));
            } else if (name.startsWith("get-run-")) {
                runs.add(response);
            } else if (name.startsWith("get-workflow-version-") || response.has("versionName")) {
                versions.add(response);
            } else if (name.startsWith("get-workflow-")) {
                workflows.add(response);
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files(recorded.resolve("logs"), ".ndjson")) {
            Matcher m = MANIFEST_FILE.matcher(file.getFileName().toString());
            if (m.matches()) {
                manifests.add(manifest(m.group(1), file));
            }
        }
        return new RecordedData(runs, workflows, versions, manifests, tasks);
    }

    private static Manifest manifest(String runId, Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            String uuid = null;
            for (String line : lines) {
                JsonNode record = Json.MAPPER.readTree(line);
                if (record.path("arn").asText().contains(":run/")) {
                    uuid = record.path("uuid").asText(null);
                }
            }
            if (uuid == null) {
                throw new UserError(file + " has no run record (a line whose arn is a run ARN)");
            }
            return new Manifest(runId, uuid, lines);
        } catch (IOException e) {
            throw new UserError("cannot read the recorded manifest " + file + ": " + e.getMessage());
        }
    }

    private static List<Path> files(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read the recorded response " + file + ": " + e.getMessage());
        }
    }
}
