package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.common.lake.LakeSchema;
import io.omicsmonitor.common.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compaction's wiring (docs/lake.md, Compaction): a schedule per statement, each starting one Athena query in the
 * compaction workgroup as a role that may do only that; the compacted Iceberg tables; the raw objects' expiry; the
 * alert when a compaction fails. What the SQL does is tested on Trino by athena-sql.
 */
class CompactionWiringTest {

    static final Template T = Template.PROJECT;
    static final Set<String> COMPACTED = Set.of(Tables.RUN_STATUS_EVENTS, Tables.TASK_STATUS_EVENTS, Tables.RUN_ANALYSIS);
    static final String UNIVERSAL_TARGET = "arn:${AWS::Partition}:scheduler:::aws-sdk:athena:startQueryExecution";

    /** Each schedule's statement, by its first words, e.g. "MERGE INTO run_analysis_compacted". */
    static Map<String, String> statements() throws Exception {
        Map<String, String> found = new TreeMap<>();
        for (Map.Entry<String, JsonNode> s : T.resources("AWS::Scheduler::Schedule").entrySet()) {
            JsonNode target = s.getValue().path("Properties").path("Target");
            // budget-monitor's schedule (BudgetScheduleGroup) invokes a function: not a compaction
            if (!Template.text(target.path("Arn")).startsWith("arn:${AWS::Partition}:scheduler:::aws-sdk:athena:")
                    && !"CompactionScheduleGroup".equals(Template.referenced(s.getValue().path("Properties").path("GroupName")))) {
                continue;
            }
            assertEquals(UNIVERSAL_TARGET, Template.text(target.path("Arn")), s.getKey() + ": Athena's StartQueryExecution");
            assertEquals("CompactionSchedulerRole", Template.referenced(target.path("RoleArn")), s.getKey() + ": its role");
            assertEquals("CompactionScheduleGroup", Template.referenced(s.getValue().path("Properties").path("GroupName")),
                    s.getKey() + ": the group the dropped-invocations alarm watches");
            // The Input is JSON once !Sub has put the names in: the SQL is quoted in it, so no double quotes.
            String input = Template.text(target.path("Input")).replaceAll("\\$\\{[A-Za-z0-9:.]+}", "x");
            JsonNode request = new ObjectMapper().readTree(input);
            assertEquals(Set.of("WorkGroup", "QueryExecutionContext", "QueryString"), fieldNames(request), s.getKey());
            assertEquals("${CompactionWorkGroup}", Template.text(target.path("Input")).replaceAll("(?s).*\"WorkGroup\": \"([^\"]+)\".*", "$1"),
                    s.getKey() + ": the compaction workgroup (its failures alert)");
            assertEquals("${GlueDatabaseName}", Template.text(target.path("Input"))
                    .replaceAll("(?s).*\"Database\": \"([^\"]+)\".*", "$1"), s.getKey() + ": the lake's database");
            String[] words = request.path("QueryString").asText().trim().split("\\s+");
            found.put(s.getKey(), words[0].equals("MERGE") ? words[0] + " " + words[1] + " " + words[2]
                    : words[0] + " " + words[1]);
        }
        return found;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void eachCompactedTableIsMergedAndOptimizedAndVacuumedOnASchedule() throws Exception {
        Map<String, String> statements = statements();
        List<String> expected = new ArrayList<>();
        for (String table : COMPACTED) {
            expected.add("MERGE INTO " + table + "_compacted");
            expected.add("OPTIMIZE " + table + "_compacted");
            expected.add("VACUUM " + table + "_compacted");
        }
        assertEquals(new TreeSet<>(expected), new TreeSet<>(statements.values()), "the schedules' statements");
        assertEquals(expected.size(), statements.size(), "one schedule per statement");
        for (Map.Entry<String, String> s : statements.entrySet()) {
            String expression = T.resource(s.getKey()).path("Properties").path("ScheduleExpression").asText();
            // Hourly for the tables the named queries read (their raw tail is 2 days); daily for the rest.
            boolean hourly = s.getValue().equals("MERGE INTO run_status_events_compacted")
                    || s.getValue().equals("MERGE INTO run_analysis_compacted");
            assertTrue(hourly ? expression.matches("cron\\(\\d+ \\* \\* \\* \\? \\*\\)")
                    : expression.matches("cron\\(\\d+ \\d+ \\* \\* \\? \\*\\)"), s.getKey() + ": " + expression);
        }
    }

    @Test
    void theSchedulerRoleMayStartCompactionQueriesAndWriteOnlyTheCompactedTables() {
        JsonNode role = T.resource("CompactionSchedulerRole").path("Properties");
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals("scheduler.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("AWS::AccountId", Template.referenced(trust.path("Condition").path("StringEquals").path("aws:SourceAccount")));
        List<Template.Statement> statements = new ArrayList<>();
        T.forEachStatement(s -> {
            if (s.owner().equals("CompactionSchedulerRole") && !s.json().has("Principal")) {
                statements.add(s);
            }
        });
        assertFalse(statements.isEmpty());
        for (Template.Statement s : statements) {
            for (String action : s.actions()) {
                if (action.startsWith("athena:")) {
                    assertEquals("athena:StartQueryExecution", action, s.toString());
                    assertEquals(List.of("arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${CompactionWorkGroup}"),
                            s.resources(), s + ": the compaction workgroup only");
                }
                if (Set.of("s3:PutObject", "s3:DeleteObject").contains(action)) {
                    for (String resource : s.resources()) {
                        assertTrue(resource.equals("${LakeBucket.Arn}/${LakePrefix}/compacted/*")
                                || resource.equals("${AthenaResultsBucket.Arn}/compaction/*"),
                                s + ": writes " + resource + ", neither the compacted tables nor its query results");
                    }
                }
                if (action.equals("glue:UpdateTable")) {
                    for (String resource : s.resources()) {
                        assertFalse(resource.contains(":table/") && !resource.endsWith("_compacted")
                                && COMPACTED.stream().noneMatch(resource::endsWith), s + ": " + resource);
                    }
                }
            }
        }
    }

    @Test
    void theCompactedTablesAreIcebergWithTheRawColumnsUnderCompacted() {
        for (Map.Entry<String, JsonNode> t : T.resources("AWS::Glue::Table").entrySet()) {
            JsonNode properties = t.getValue().path("Properties");
            String name = properties.path("TableInput").path("Name").asText();
            assertTrue(name.endsWith("_compacted"), t.getKey() + ": " + name);
            String table = name.substring(0, name.length() - "_compacted".length());
            assertTrue(COMPACTED.contains(table), name);
            JsonNode iceberg = properties.path("OpenTableFormatInput").path("IcebergInput");
            assertEquals("CREATE", iceberg.path("MetadataOperation").asText());
            assertEquals("s3://${LakeBucket}/${LakePrefix}/compacted/" + table + "/",
                    Template.text(iceberg.path("IcebergTableInput").path("Location")), name);
            List<String> columns = new ArrayList<>();
            iceberg.path("IcebergTableInput").path("Schema").path("Fields").forEach(f -> columns.add(f.path("Name").asText()));
            List<String> expected = new ArrayList<>(LakeSchema.table(table).columns().stream().map(LakeSchema.Column::name).toList());
            expected.addAll(LakeSchema.PARTITIONS);
            assertEquals(expected, columns, name + ": the raw table's columns, then year, month, day");
        }
        assertEquals(COMPACTED.size(), T.resources("AWS::Glue::Table").size(), "one compacted table per compacted raw table");
    }

    @Test
    void theRawObjectsOfTheCompactedTablesExpireAfterTheRetention() {
        Map<String, String> expiring = new TreeMap<>();
        for (JsonNode rule : Template.oneOrMany(T.resource("LakeBucket").path("Properties").path("LifecycleConfiguration").path("Rules"))) {
            if (rule.path("Status").asText().equals("Enabled") && rule.has("ExpirationInDays")) {
                expiring.put(Template.text(rule.path("Prefix")), Template.text(rule.path("ExpirationInDays")));
            }
        }
        for (String table : COMPACTED) {
            assertEquals("${CompactedRawRetentionDays}", expiring.get("${LakePrefix}/" + table + "/"), table);
        }
        for (String table : List.of(Tables.WORKFLOWS, Tables.WORKFLOW_VERSIONS, Tables.RUNS, Tables.TASKS)) {
            assertFalse(expiring.containsKey("${LakePrefix}/" + table + "/"), table + " is not compacted: never expire it");
        }
        assertFalse(expiring.keySet().stream().anyMatch(p -> p.contains("compacted")), "the compacted tables never expire");
        JsonNode parameters = T.template.path("Parameters");
        long retention = parameters.path("CompactedRawRetentionDays").path("Default").asLong();
        long minimum = parameters.path("CompactedRawRetentionDays").path("MinValue").asLong();
        for (String lookback : List.of("EventCompactionLookbackDays", "AnalysisCompactionLookbackDays")) {
            long days = parameters.path(lookback).path("Default").asLong();
            assertTrue(minimum >= days + 7 && retention >= days + 7, lookback + ": retention must cover it plus a week");
        }
    }

    @Test
    void aFailedCompactionQueryAlertsTheAlertTopic() {
        List<String> rules = new ArrayList<>();
        T.resources("AWS::Events::Rule").forEach((id, rule) -> {
            JsonNode pattern = rule.path("Properties").path("EventPattern");
            if (pattern.path("source").toString().contains("aws.athena")) {
                assertEquals("[\"Athena Query State Change\"]", pattern.path("detail-type").toString(), id);
                assertEquals("[\"FAILED\"]", pattern.path("detail").path("currentState").toString(), id);
                assertEquals("CompactionWorkGroup", Template.referenced(pattern.path("detail").path("workgroupName").get(0)),
                        id + ": only the compaction's queries, not everyone's");
                assertEquals("AlertTopic", Template.referenced(rule.path("Properties").path("Targets").get(0).path("Arn")), id);
                rules.add(id);
            }
        });
        assertEquals(1, rules.size(), "one rule for failed compaction queries: " + rules);
        JsonNode alarm = T.resource("CompactionDroppedAlarm").path("Properties");
        assertEquals("AWS/Scheduler", alarm.path("Namespace").asText());
        assertEquals("InvocationDroppedCount", alarm.path("MetricName").asText());
        assertEquals("CompactionScheduleGroup", Template.referenced(alarm.path("Dimensions").get(0).path("Value")));
        assertEquals("AlertTopic", Template.referenced(alarm.path("AlarmActions").get(0)));
    }

    @Test
    void theNamedQueriesReadTheCompactedTablesOfEveryCompactedTableTheyRead() {
        for (Map.Entry<String, JsonNode> q : T.resources("AWS::Athena::NamedQuery").entrySet()) {
            String sql = Template.text(q.getValue().path("Properties").path("QueryString"));
            for (String table : COMPACTED) {
                if (sql.matches("(?s).*\\bFROM " + table + "\\b.*")) {
                    assertTrue(sql.contains("FROM " + table + "_compacted"), q.getKey() + " reads raw " + table
                            + " without its compacted table: it would lose what the lifecycle rule expires");
                }
            }
        }
    }
}
