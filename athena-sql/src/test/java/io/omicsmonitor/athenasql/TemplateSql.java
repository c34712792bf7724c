package io.omicsmonitor.athenasql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.cli.template.CfnYaml;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Athena SQL of template.yaml, as the stack would run it: the compaction statements from the schedules' Input
 * (a JSON document after {@code !Sub}), the named queries' QueryString, the compacted tables' Glue definitions.
 * {@code ${Parameter}} resolves to the parameter's default unless overridden, {@code ${Resource}} to the names below.
 * Nothing of the SQL is copied into the tests: what they run is what the template says.
 */
final class TemplateSql {

    /** template.yaml of the project, or the file named by {@code -Dtemplate.file} (to try a changed template). */
    static final TemplateSql PROJECT = new TemplateSql(System.getProperty("template.file") != null
            ? Path.of(System.getProperty("template.file")) : projectRoot().resolve("template.yaml"));

    /** The schedules that compact each table (one MERGE each). */
    static final Map<String, String> COMPACTIONS = Map.of(
            "run_status_events", "CompactRunStatusEventsSchedule",
            "task_status_events", "CompactTaskStatusEventsSchedule",
            "run_analysis", "CompactRunAnalysisSchedule");

    /** The Glue table of each compacted table. */
    static final Map<String, String> COMPACTED_TABLES = Map.of(
            "run_status_events", "RunStatusEventsCompactedTable",
            "task_status_events", "TaskStatusEventsCompactedTable",
            "run_analysis", "RunAnalysisCompactedTable");

    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    private static final Pattern CURRENT_DATE = Pattern.compile("(?i)\\bcurrent_date\\b");

    final JsonNode template;

    private TemplateSql(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            this.template = CfnYaml.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml beside a pom.xml above " + Path.of("").toAbsolutePath());
    }

    JsonNode resource(String logicalId) {
        JsonNode r = template.path("Resources").path(logicalId);
        if (r.isMissingNode()) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return r;
    }

    /** A parameter's default, as text. */
    String parameterDefault(String name) {
        JsonNode p = template.path("Parameters").path(name);
        if (p.isMissingNode() || !p.has("Default")) {
            throw new AssertionError("template.yaml has no parameter " + name + " with a default");
        }
        return p.get("Default").asText();
    }

    /**
     * A schedule's StartQueryExecution request: its Input with {@code ${...}} resolved (parameters from
     * {@code overrides}, else their defaults; the workgroup's name for {@code ${CompactionWorkGroup}}) and parsed.
     */
    JsonNode scheduleRequest(String schedule, Map<String, String> overrides) {
        JsonNode target = resource(schedule).path("Properties").path("Target");
        JsonNode input = target.path("Input");
        String text = input.has("Fn::Sub") ? input.get("Fn::Sub").asText() : input.asText();
        String json = substitute(text, overrides);
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(schedule + "'s Input is not JSON after !Sub: " + e.getMessage() + "\n" + json, e);
        }
    }

    /** The compaction MERGE of a raw table, as its schedule sends it to Athena. */
    String compaction(String table, Map<String, String> overrides) {
        return scheduleRequest(COMPACTIONS.get(table), overrides).path("QueryString").asText();
    }

    /** Every named query: logical id to SQL. */
    Map<String, String> namedQueries() {
        return namedQueries(Map.of());
    }

    /**
     * The named queries' SQL with some {@code ${X}} given: a parameter, or a variable of a {@code !Sub [text, {X: ...}]}
     * (which otherwise resolves as the stack would, only {@code !Join [sep, !Ref ListParameter]} here).
     */
    Map<String, String> namedQueries(Map<String, String> overrides) {
        Map<String, String> queries = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Athena::NamedQuery")) {
                JsonNode sql = e.getValue().path("Properties").path("QueryString");
                queries.put(e.getKey(), sql.has("Fn::Sub") ? sub(sql.get("Fn::Sub"), overrides) : sql.asText());
            }
        });
        return queries;
    }

    private String sub(JsonNode sub, Map<String, String> overrides) {
        if (!sub.isArray()) {
            return substitute(sub.asText(), overrides);
        }
        Map<String, String> values = new HashMap<>();
        sub.get(1).properties().forEach(v -> values.put(v.getKey(), joinedList(v.getValue())));
        values.putAll(overrides);
        return substitute(sub.get(0).asText(), values);
    }

    /** {@code !Join [sep, !Ref P]} of a CommaDelimitedList parameter: its default joined with sep. */
    private String joinedList(JsonNode value) {
        JsonNode join = value.path("Fn::Join");
        String parameter = join.path(1).path("Ref").asText(null);
        if (parameter == null) {
            throw new AssertionError("cannot resolve " + value + " locally");
        }
        return String.join(join.path(0).asText(), parameterDefault(parameter).split(",", -1));
    }

    /** A compacted table's Glue definition: its name, location (after !Sub), columns and partition fields. */
    record IcebergTable(String name, String location, List<Map.Entry<String, String>> columns, List<String> partitions) {
    }

    IcebergTable compactedTable(String table) {
        JsonNode properties = resource(COMPACTED_TABLES.get(table)).path("Properties");
        JsonNode iceberg = properties.path("OpenTableFormatInput").path("IcebergInput").path("IcebergTableInput");
        JsonNode location = iceberg.path("Location");
        String where = substitute(location.has("Fn::Sub") ? location.get("Fn::Sub").asText() : location.asText(),
                Map.of());
        List<Map.Entry<String, String>> columns = new ArrayList<>();
        Map<Long, String> byId = new HashMap<>();
        for (JsonNode field : iceberg.path("Schema").path("Fields")) {
            columns.add(Map.entry(field.path("Name").asText(), field.path("Type").asText()));
            byId.put(field.path("Id").asLong(), field.path("Name").asText());
        }
        List<String> partitions = new ArrayList<>();
        for (JsonNode field : iceberg.path("PartitionSpec").path("Fields")) {
            if (!field.path("Transform").asText().equals("identity")) {
                throw new AssertionError(table + ": only identity partitions are translated here");
            }
            partitions.add(byId.get(field.path("SourceId").asLong()));
        }
        return new IcebergTable(properties.path("TableInput").path("Name").asText(), where, columns, partitions);
    }

    /**
     * The SQL as Athena would run it on {@code today}: Athena's {@code current_date} is the UTC date the query runs;
     * the tests move the clock by writing the date in (the only change they make to the template's SQL).
     */
    static String on(LocalDate today, String sql) {
        return CURRENT_DATE.matcher(sql).replaceAll(Matcher.quoteReplacement("DATE '" + today + "'"));
    }

    private String substitute(String text, Map<String, String> overrides) {
        Matcher m = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (overrides.containsKey(name)) {
                value = overrides.get(name);
            } else if (template.path("Parameters").has(name)) {
                value = parameterDefault(name);
            } else {
                value = switch (name) {
                    case "CompactionWorkGroup" -> "compaction";
                    case "LakeBucket" -> "lake-bucket";
                    case "AWS::Partition" -> "aws";
                    case "AWS::Region" -> "us-east-1";
                    case "AWS::AccountId" -> "123456789012";
                    case "AWS::StackName" -> "omics-monitor";
                    default -> throw new AssertionError("cannot resolve ${" + name + "} locally");
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
