package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.cli.query.IcebergFiles;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.common.lake.LakeSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compaction of template.yaml on Trino, over days of a simulated lab: the named queries (compacted days plus the
 * raw tail) answer as the raw tables alone do, before, during and after compaction, after a late event, a replayed
 * analysis and a backfill; a second run changes nothing; the compacted rows are the raw rows.
 *
 * <p>The steps share one lake and run in order. "Today" is written into the SQL in place of {@code current_date}
 * ({@link TemplateSql#on}), so the days move without waiting for them.
 *
 * <p>Trino and Athena differ here only in: the catalogs (one Glue catalog in Athena; two Trino catalogs over one file
 * metastore, redirecting to each other, so the unqualified names resolve alike); partitions (the Glue crawler adds
 * them daily in AWS; {@link Lake#crawl()} here); and Athena-only statements (OPTIMIZE, VACUUM), which Trino spells
 * {@code ALTER TABLE ... EXECUTE optimize / expire_snapshots} and which are not run here.
 */
@ExtendWith(TrinoServer.LogOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompactionTest {

    static final TemplateSql T = TemplateSql.PROJECT;
    static final LocalDate D0 = LocalDate.of(2026, 11, 10);

    Connection c;
    Lake lake;

    final Lake.Run r1 = run("7100001", D0, 8, 3.5, "COMPLETED", "germline-wgs-gatk4");
    final Lake.Run r2 = run("7100002", D0, 22, 5, "FAILED", "germline-wgs-gatk4");
    final Lake.Run r3 = run("7100003", D0.plusDays(1), 9, 2, "COMPLETED", "nf-core-rnaseq");
    final Lake.Run r4 = run("7100004", D0.plusDays(2), 10, 1, "CANCELLED", "nf-core-rnaseq");
    final Lake.Run r5 = run("7100005", D0.plusDays(3), 1, 2, "COMPLETED", "germline-wgs-gatk4");
    /** Created on day 1, runs 40 hours: its analysis is filed under day 1 but written on day 3. */
    final Lake.Run r6 = run("7100006", D0.plusDays(1), 20, 40, "COMPLETED", "somatic-tumor-normal");
    /** A historic run, backfilled on day 3 into a day beyond every lookback. */
    final Lake.Run r7 = run("7100007", D0.minusDays(20), 6, 3, "FAILED", "somatic-tumor-normal");

    static Lake.Run run(String id, LocalDate day, int hour, double hours, String status, String workflow) {
        return new Lake.Run(id, day.atTime(hour, 0).toInstant(ZoneOffset.UTC), hours, status, workflow, 3);
    }

    @BeforeAll
    void lake() throws Exception {
        String schema = T.parameterDefault("GlueDatabaseName");
        for (String table : Lake.TABLES) {
            assertEquals(schema, T.scheduleRequest(TemplateSql.COMPACTIONS.get(table), Map.of())
                    .path("QueryExecutionContext").path("Database").asText(), "the compaction's database");
        }
        c = TrinoServer.get().connect(schema);
        lake = new Lake(c, schema);
        lake.create();
    }

    @AfterAll
    void close() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void nothingCompactedYetTheTailIsEverything() throws Exception {
        LocalDate today = D0.plusDays(1);
        for (Lake.Run r : List.of(r1, r2, r3)) {
            lake.runEvents(r);
            lake.analysis(r, 1);
        }
        lake.crawl();
        assertEquals(0, Sql.count(c, "SELECT count(*) FROM run_status_events_compacted"));
        assertNamedQueriesAnswerAsRaw(today, "nothing compacted");
    }

    @Test
    @Order(2)
    void afterCompactionEverythingIsCompactedAndTheAnswersAreTheSame() throws Exception {
        LocalDate today = D0.plusDays(1);
        compactAll(today, Map.of());
        for (String table : Lake.TABLES) {
            assertEquals(Sql.count(c, "SELECT count(*) FROM " + table),
                    Sql.count(c, "SELECT count(*) FROM " + table + "_compacted"), table + ": every raw row compacted");
        }
        assertNamedQueriesAnswerAsRaw(today, "fully compacted");
    }

    @Test
    @Order(3)
    void aRunningRunAndANewDayCompacted() throws Exception {
        LocalDate today = D0.plusDays(2);
        lake.runStatus(r6, "PENDING", r6.created());
        lake.runStatus(r6, "RUNNING", r6.created().plusSeconds(300));
        lake.runEvents(r4);
        lake.analysis(r4, 1);
        lake.crawl();
        compactAll(today, Map.of());
        assertNamedQueriesAnswerAsRaw(today, "day 2, compacted");
    }

    @Test
    @Order(4)
    void partlyCompactedNewObjectsOfTheTailNeedNoCompaction() throws Exception {
        LocalDate today = D0.plusDays(3);
        lake.runEvents(r5);
        lake.analysis(r5, 1);
        lake.crawl();
        // Compacted: days 0-2; the tail (days 2-3) raw. No compaction has run since r5's objects landed.
        assertNamedQueriesAnswerAsRaw(today, "partly compacted");
    }

    @Test
    @Order(5)
    void lateObjectsInOlderDaysAppearAfterTheNextCompaction() throws Exception {
        LocalDate today = D0.plusDays(3);
        // r6 ends on day 3: its analysis goes under its creation day (1), outside the tail.
        lake.runStatus(r6, "COMPLETED", r6.ended());
        lake.analysis(r6, 1);
        // and a task event of r1 (day 0) delivered three days late, filed under its event's day.
        lake.taskStatus(r1, 9, "FAILED", r1.created().plusSeconds(3600));
        lake.crawl();
        String cost = namedQueries().get("CostPerWorkflowPerMonthQuery");
        assertNotEquals(Sql.rows(c, TemplateSql.on(today, Sql.rawOnly(cost))), Sql.rows(c, TemplateSql.on(today, cost)),
                "until the next compaction, an analysis filed under an old day is only in the raw table");

        compactAll(today, Map.of());
        assertNamedQueriesAnswerAsRaw(today, "after late objects and a compaction");
        assertEquals(1, Sql.count(c, "SELECT count(*) FROM task_status_events_compacted WHERE task_id = '"
                + r1.taskId(9) + "'"), "the late task event is compacted");
    }

    @Test
    @Order(6)
    void aSecondRunChangesNothing() throws Exception {
        LocalDate today = D0.plusDays(3);
        Map<String, List<String>> before = compactedContents();
        Map<String, Long> merged = compactAll(today, Map.of());
        assertEquals(Map.of("run_status_events", 0L, "task_status_events", 0L, "run_analysis", 0L), merged,
                "rows merged by a second run");
        assertEquals(before, compactedContents());
        assertNoDuplicateKeys();
    }

    @Test
    @Order(7)
    void aReplayedAnalysisIsUpdatedInPlace() throws Exception {
        LocalDate today = D0.plusDays(3);
        // run-analyzer ran again for r3 (day 1) with new prices: the same object, rewritten.
        lake.analysis(r3, 2);
        lake.crawl();
        long rows = Sql.count(c, "SELECT count(*) FROM run_analysis_compacted");
        assertEquals(1 + r3.tasks(), compactAll(today, Map.of()).get("run_analysis"), "r3's rows updated");
        assertEquals(rows, Sql.count(c, "SELECT count(*) FROM run_analysis_compacted"), "updated, not added");
        assertNamedQueriesAnswerAsRaw(today, "after a replayed analysis");
        assertNoDuplicateKeys();
    }

    @Test
    @Order(8)
    void aBackfillBeyondTheLookbackNeedsOneManualRunWithALongerLookback() throws Exception {
        LocalDate today = D0.plusDays(3);
        lake.runEvents(r7);
        lake.analysis(r7, 1);
        lake.crawl();
        compactAll(today, Map.of());
        String failures = namedQueries().get("FailureRateByWorkflowQuery");
        assertNotEquals(Sql.rows(c, TemplateSql.on(today, Sql.rawOnly(failures))),
                Sql.rows(c, TemplateSql.on(today, failures)), "day -20 is beyond the hourly lookback");

        // docs/lake.md: the same statements with the lookback parameters raised to cover the backfilled days.
        compactAll(today, Map.of("EventCompactionLookbackDays", "30", "AnalysisCompactionLookbackDays", "30"));
        assertNamedQueriesAnswerAsRaw(today, "after the manual run");
    }

    @Test
    @Order(9)
    void theDocumentedBackfillStatementIsTheScheduledOneWithALongerLookback() throws Exception {
        String docs = TemplateSql.read(TemplateSql.projectRoot().resolve("docs/lake.md"));
        int start = docs.indexOf("```sql\nMERGE INTO run_status_events_compacted");
        assertTrue(start >= 0, "docs/lake.md shows the manual run_status_events compaction");
        String documented = docs.substring(start + 7, docs.indexOf("```", start + 7)).strip();
        String scheduled = T.compaction("run_status_events", Map.of("EventCompactionLookbackDays", "400"));
        assertEquals(scheduled.replaceAll("\\s+", " ").strip(), documented.replaceAll("\\s+", " "));
        assertEquals(0, Sql.update(c, TemplateSql.on(D0.plusDays(3), documented)), "after the manual run, nothing left");
    }

    @Test
    @Order(10)
    void compactedRowsAreTheRawRowsPerKey() throws Exception {
        for (String table : Lake.TABLES) {
            LakeSchema.Table schema = LakeSchema.table(table);
            List<String> columns = new ArrayList<>();
            List<String> raw = new ArrayList<>();
            for (LakeSchema.Column col : schema.columns()) {
                columns.add(col.name());
                // The columns stored differently: an array or a map as its JSON text (see RunAnalysisCompactedTable).
                boolean jsonText = col.athenaType().startsWith("array") || col.athenaType().startsWith("map");
                raw.add(jsonText ? "json_format(CAST(" + col.name() + " AS JSON))" : col.name());
            }
            columns.addAll(LakeSchema.PARTITIONS);
            raw.addAll(LakeSchema.PARTITIONS);
            List<String> rawRows = Sql.rows(c, "SELECT " + String.join(", ", raw) + " FROM " + table);
            List<String> compactedRows = Sql.rows(c, "SELECT " + String.join(", ", columns) + " FROM " + table
                    + "_compacted");
            assertEquals(rawRows, compactedRows, table + ": raw and compacted rows");
            assertFalse(rawRows.isEmpty());
        }
        assertTrue(Sql.rows(c, "SELECT missing_prices FROM run_analysis_compacted WHERE type = 'run'")
                .contains("[\"omics.m.8xlarge\",\"Run Storage\"]"), "a non-empty array survives compaction");
    }

    /**
     * The lake as a user syncs it to a laptop (raw objects and the compacted tables' folders), read by the local
     * {@code query}: each table as Trino's raw table holds it, though run_analysis' compacted copy has rows that
     * r3's replayed analysis updated (position deletes), and the named queries as on the raw objects alone.
     */
    @Test
    @Order(11)
    void theLocalQueryReadsTheCompactedTablesTrinoWrote() throws Exception {
        Path synced = TrinoServer.DATA.resolve(T.parameterDefault("GlueDatabaseName"));
        assertFalse(IcebergFiles.read(synced.resolve("compacted/run_analysis")).deletes().isEmpty(),
                "the replayed analysis left position deletes in run_analysis_compacted: this step tests them");
        try (LakeDatabase local = LakeDatabase.open(synced, Optional.empty());
             LakeDatabase rawOnly = LakeDatabase.open(synced.resolve("lake"), Optional.empty())) {
            for (String table : Lake.TABLES) {
                String all = "SELECT to_json(t)::VARCHAR FROM " + table + " t ORDER BY 1";
                assertEquals(rawOnly.query(all).rows(), local.query(all).rows(), table + ": compacted + objects");
                assertEquals(rawOnly.query(all).rows(), local.query("SELECT to_json(t)::VARCHAR FROM " + table
                        + "_compacted t ORDER BY 1").rows(), table + "_compacted names the whole table locally");
            }
            LOCAL_ANSWERS.clear();
            for (Map.Entry<String, String> q : namedQueries().entrySet()) {
                String sql = TemplateSql.on(D0.plusDays(3), q.getValue());
                List<String> answer = sorted(local.query(sql).rows());
                assertFalse(answer.isEmpty(), q.getKey());
                assertEquals(sorted(rawOnly.query(sql).rows()), answer,
                        q.getKey() + " locally: compacted + objects vs objects");
                LOCAL_ANSWERS.put(q.getKey(), answer);
            }
        }
    }

    /**
     * The template's named queries, with a budget on a workflow of this lake so that "Month-to-date spend against
     * budget" has rows to compare (the stack's MonthlyBudgets is empty by default).
     */
    static Map<String, String> namedQueries() {
        String germline = run("0", D0, 0, 1, "COMPLETED", "germline-wgs-gatk4").workflowId();
        return T.namedQueries(Map.of("Budgets", "workflow:" + germline + "=100,project:none=5"));
    }

    /** The local named queries' answers before the raw objects expire (step 11), for step 13. */
    static final Map<String, List<String>> LOCAL_ANSWERS = new LinkedHashMap<>();

    /** Rows as text, sorted: a named query's ORDER BY leaves ties (equal savings) in no particular order. */
    static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(String::valueOf).sorted().toList();
    }

    @Test
    @Order(12)
    void theNamedQueriesReadOnlyTheTailOfTheRawTablesAndSurviveTheirExpiry() throws Exception {
        LocalDate today = D0.plusDays(3);
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, String> q : namedQueries().entrySet()) {
            answers.put(q.getKey(), Sql.rows(c, TemplateSql.on(today, q.getValue())));
        }
        // A broken object in a day outside the tail: read, it would fail the query (OpenX JSON, malformed).
        Path broken = lake.partition("run_status_events", D0).resolve("broken.json");
        Files.writeString(broken, "{not json\n");
        try {
            String cost = namedQueries().get("CostPerWorkflowPerMonthQuery");
            assertThrows(SQLException.class, () -> Sql.rows(c, TemplateSql.on(today, Sql.rawOnly(cost))),
                    "the broken object fails a query that reads it");
            for (Map.Entry<String, String> q : namedQueries().entrySet()) {
                assertEquals(answers.get(q.getKey()), Sql.rows(c, TemplateSql.on(today, q.getValue())),
                        q.getKey() + " read a raw day outside its tail");
            }
        } finally {
            Lake.delete(broken);
        }
        // The lifecycle rule expires raw objects (CompactedRawRetentionDays): the compacted days keep the answers.
        for (String table : Lake.TABLES) {
            for (LocalDate day = D0.minusDays(20); day.isBefore(today.minusDays(1)); day = day.plusDays(1)) {
                Path partition = lake.partition(table, day);
                if (Files.isDirectory(partition)) {
                    try (var objects = Files.list(partition)) {
                        objects.forEach(Lake::delete);
                    }
                }
            }
        }
        for (Map.Entry<String, String> q : namedQueries().entrySet()) {
            assertEquals(answers.get(q.getKey()), Sql.rows(c, TemplateSql.on(today, q.getValue())),
                    q.getKey() + " after the raw days before the tail expired");
        }
    }

    @Test
    @Order(13)
    void locallyTooTheCompactedTablesKeepTheAnswersAfterTheRawObjectsExpire() {
        Path synced = TrinoServer.DATA.resolve(T.parameterDefault("GlueDatabaseName"));
        assertEquals(namedQueries().keySet(), LOCAL_ANSWERS.keySet(), "step 11 ran");
        try (LakeDatabase local = LakeDatabase.open(synced, Optional.empty())) {
            for (Map.Entry<String, String> q : namedQueries().entrySet()) {
                assertEquals(LOCAL_ANSWERS.get(q.getKey()),
                        sorted(local.query(TemplateSql.on(D0.plusDays(3), q.getValue())).rows()), q.getKey());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Runs the three compaction MERGEs as their schedules would on {@code today}; rows merged per table. */
    Map<String, Long> compactAll(LocalDate today, Map<String, String> parameters) throws Exception {
        Map<String, Long> merged = new LinkedHashMap<>();
        for (String table : Lake.TABLES) {
            merged.put(table, Sql.update(c, TemplateSql.on(today, T.compaction(table, parameters))));
        }
        return merged;
    }

    void assertNamedQueriesAnswerAsRaw(LocalDate today, String when) throws Exception {
        Map<String, String> queries = namedQueries();
        assertEquals(8, queries.size(), "the template's named queries: " + queries.keySet());
        for (Map.Entry<String, String> q : queries.entrySet()) {
            assertTrue(q.getValue().contains("_compacted"), q.getKey() + " reads no compacted table");
            List<String> raw = Sql.rows(c, TemplateSql.on(today, Sql.rawOnly(q.getValue())));
            List<String> compacted = Sql.rows(c, TemplateSql.on(today, q.getValue()));
            assertFalse(raw.isEmpty(), q.getKey() + " answers nothing on " + today + ": a test with no data tests nothing");
            assertEquals(raw, compacted, q.getKey() + " on " + today + " (" + when + "): raw only vs compacted + tail");
        }
    }

    Map<String, List<String>> compactedContents() throws Exception {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (String table : Lake.TABLES) {
            contents.put(table, Sql.rows(c, "SELECT * FROM " + table + "_compacted"));
        }
        return contents;
    }

    void assertNoDuplicateKeys() throws Exception {
        for (String table : Lake.TABLES) {
            String key = String.join(", ", LakeSchema.table(table).key());
            assertEquals(0, Sql.count(c, "SELECT count(*) FROM (SELECT " + key + " FROM " + table
                    + "_compacted GROUP BY " + key + " HAVING count(*) > 1)"), table + ": a key compacted twice");
        }
    }

    static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
