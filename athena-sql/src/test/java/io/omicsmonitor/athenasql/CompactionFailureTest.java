package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compaction that fails halfway, or is cancelled, leaves the compacted table as it was: Iceberg commits a MERGE
 * in one metadata swap at its end, so a failure before it leaves only unreferenced files. Then the next run, with the
 * bad object gone, merges everything. A lake of its own (schema {@code failing}) on the module's one Trino server.
 */
@ExtendWith(TrinoServer.LogOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompactionFailureTest {

    static final TemplateSql T = TemplateSql.PROJECT;
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    Connection c;
    Lake lake;
    final List<Lake.Run> runs = new ArrayList<>();

    @BeforeAll
    void lake() throws Exception {
        c = TrinoServer.get().connect("failing");
        lake = new Lake(c, "failing");
        lake.create();
        for (int i = 0; i < 12; i++) {
            Lake.Run run = new Lake.Run(String.valueOf(7200000 + i),
                    TODAY.minusDays(i % 4).atTime(i, 0).toInstant(ZoneOffset.UTC), 1 + i, "COMPLETED", "wf-" + i % 3, 4);
            runs.add(run);
            lake.runEvents(run);
            lake.analysis(run, 1);
        }
        lake.crawl();
        compactAll();
    }

    @AfterAll
    void close() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Order(1)
    void aMergeThatFailsOnAPoisonedRowCommitsNothing() throws Exception {
        Map<String, List<String>> before = contents();
        Map<String, Long> snapshots = snapshotCounts();
        // New rows to merge (every run's analysis rescaled, a new run), and in the new run's object a line that is
        // no JSON object: the source scan fails on it (the OpenX SerDe rejects malformed rows unless told to ignore
        // them), after reading, and possibly writing, the others.
        for (Lake.Run run : runs) {
            lake.analysis(run, 3);
        }
        Lake.Run poisoned = new Lake.Run("7299999", TODAY.atTime(3, 0).toInstant(ZoneOffset.UTC), 2, "FAILED", "wf-x", 4);
        Path object = lake.put("run_analysis", TODAY, poisoned.id(), lake.analysis(poisoned, 1));
        Files.writeString(object, "{\"run_id\": \"7299999\", \"type\": \"task\", poisoned\n", StandardOpenOption.APPEND);
        lake.crawl();

        String merge = TemplateSql.on(TODAY, T.compaction("run_analysis", Map.of()));
        SQLException failure = assertThrows(SQLException.class, () -> Sql.update(c, merge));
        assertTrue(String.valueOf(failure.getMessage()).contains(poisoned.id() + ".json"), failure.getMessage());
        assertEquals(before, contents(), "the compacted tables after a failed MERGE");
        assertEquals(snapshots, snapshotCounts(), "a failed MERGE commits no snapshot");

        // The fix (the bad object rewritten correctly), then the next hourly run merges everything once.
        lake.analysis(poisoned, 1);
        assertTrue(Sql.update(c, merge) >= 5, "the new run inserted, the rescaled rows updated");
        assertEquals(0, Sql.update(c, merge), "then nothing");
        assertEquals(Sql.rows(c, "SELECT run_id, type, arn, estimated_usd FROM run_analysis"),
                Sql.rows(c, "SELECT run_id, type, arn, estimated_usd FROM run_analysis_compacted"));
    }

    @Test
    @Order(2)
    void aCancelledMergeLeavesTheTableBeforeOrAfterNeverBetween() throws Exception {
        for (Lake.Run run : runs) {
            lake.runStatus(run, "STOPPING", run.ended().minusSeconds(30));
            for (int t = 1; t <= run.tasks(); t++) {
                lake.taskStatus(run, t, "STOPPING", run.ended().minusSeconds(40L + t));
            }
        }
        lake.crawl();
        Map<String, List<String>> before = contents();
        String merge = TemplateSql.on(TODAY, T.compaction("task_status_events", Map.of()));
        try (Statement s = c.createStatement()) {
            CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.execute(merge);
                } catch (SQLException e) {
                    return false;
                }
            });
            Thread.sleep(300);
            s.cancel();
            running.get(60, TimeUnit.SECONDS);
        }
        Map<String, List<String>> after = contents();
        compactAll();
        Map<String, List<String>> merged = contents();
        assertNotEquals(before, merged, "the MERGE had rows to add");
        assertTrue(after.equals(before) || after.equals(merged),
                "after a cancelled MERGE the compacted tables are as before it or as after a whole one");
        assertEquals(0, compactAll().values().stream().mapToLong(Long::longValue).sum(), "a second run merges nothing");
    }

    Map<String, Long> compactAll() throws SQLException {
        Map<String, Long> merged = new LinkedHashMap<>();
        for (String table : Lake.TABLES) {
            merged.put(table, Sql.update(c, TemplateSql.on(TODAY, T.compaction(table, Map.of()))));
        }
        return merged;
    }

    Map<String, List<String>> contents() throws SQLException {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (String table : Lake.TABLES) {
            contents.put(table, Sql.rows(c, "SELECT * FROM " + table + "_compacted"));
        }
        return contents;
    }

    Map<String, Long> snapshotCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : Lake.TABLES) {
            counts.put(table, Sql.count(c, "SELECT count(*) FROM iceberg.failing.\"" + table
                    + "_compacted$snapshots\""));
        }
        return counts;
    }
}
