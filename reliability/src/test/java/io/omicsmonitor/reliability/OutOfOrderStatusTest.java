package io.omicsmonitor.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.reliability.Harness.Fn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status events arrive late, twice and out of order (COMPLETED before RUNNING, a PENDING after the end). Every event
 * is recorded once under its own id, and the README's query, run for real by DuckDB over the NDJSON objects the
 * recorder wrote to a local folder, gives each run's latest status.
 */
class OutOfOrderStatusTest {

    /** The README's query, verbatim but for the table, which DuckDB reads from the files. */
    static final String README_QUERY = "SELECT run_id, max_by(status, event_time) AS status, max(event_time) AS at\n"
            + "FROM run_status_events GROUP BY run_id";

    record Change(String runId, String status, String time) {
    }

    static final List<Change> HISTORY = List.of(
            new Change("7382915", "PENDING", "2026-11-20T08:10:02Z"),
            new Change("7382915", "STARTING", "2026-11-20T08:12:40Z"),
            new Change("7382915", "RUNNING", "2026-11-20T08:19:31Z"),
            new Change("7382915", "STOPPING", "2026-11-20T11:41:55Z"),
            new Change("7382915", "COMPLETED", "2026-11-20T11:42:18Z"),
            new Change("8264019", "PENDING", "2026-11-22T07:00:00Z"),
            new Change("8264019", "RUNNING", "2026-11-22T07:09:10Z"),
            new Change("8264019", "CANCELLED", "2026-11-22T09:30:45Z"),
            new Change("9103774", "PENDING", "2026-11-21T12:58:40Z"),
            new Change("9103774", "RUNNING", "2026-11-21T13:07:12Z"),
            new Change("9103774", "FAILED", "2026-11-21T23:59:59Z"),
            new Change("5550001", "PENDING", "2026-11-23T23:59:59Z"),
            new Change("5550001", "RUNNING", "2026-11-24T00:00:00Z"));

    static byte[] event(int i, Change c) {
        return Harness.mutate("run-pending.json", e -> {
            e.put("id", String.format("00000000-0000-4000-8000-%012d", i));
            e.put("time", c.time());
            ObjectNode d = (ObjectNode) e.get("detail");
            d.put("runId", c.runId()).put("status", c.status()).put("arn", "arn:aws:omics:us-west-2:123456789012:run/" + c.runId());
            e.putArray("resources").add("arn:aws:omics:us-west-2:123456789012:run/" + c.runId());
        });
    }

    @Test
    void everyEventOnceAndTheReadmeQueryGivesEachRunsLatestStatus(@TempDir Path folder) throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            Path root = folder.resolve("seed-" + seed);
            Files.createDirectories(root);
            try (Harness lake = new Harness(LocalS3.onDisk(root))) {
                List<Integer> deliveries = new ArrayList<>();
                for (int i = 0; i < HISTORY.size(); i++) {
                    deliveries.add(i);
                    if (i % 3 == 0) {
                        deliveries.add(i); // a redelivery
                    }
                }
                Collections.shuffle(deliveries, new Random(seed));
                // the worst orders for certain: a terminal status first, a PENDING last
                deliveries.remove(Integer.valueOf(4));
                deliveries.add(0, 4);
                deliveries.add(0);
                for (int i : deliveries) {
                    lake.invoke(Fn.STATUS, event(i, HISTORY.get(i))).ok();
                }

                assertEquals(HISTORY.size(), lake.s3.keys(Harness.BUCKET).size(), "one object per event");
                assertEquals(Map.of("7382915", "COMPLETED", "8264019", "CANCELLED", "9103774", "FAILED", "5550001", "RUNNING"),
                        latest(root.resolve(Harness.BUCKET).resolve("lake/run_status_events")));
                Figures.record("out-of-order", "seed " + seed + ": " + deliveries.size() + " deliveries of "
                        + HISTORY.size() + " events, " + HISTORY.size() + " objects, latest status right for 4 runs");
            }
        }
    }

    /** The README's query over the NDJSON files, by DuckDB. */
    static Map<String, String> latest(Path table) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        Map<String, String> latest = new TreeMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             Statement sql = db.createStatement()) {
            sql.execute("CREATE VIEW run_status_events AS SELECT * FROM read_json('" + table.toString().replace("'", "''")
                    + "/**/*.json', format = 'newline_delimited', hive_partitioning = true)");
            try (ResultSet rows = sql.executeQuery(README_QUERY)) {
                while (rows.next()) {
                    latest.put(rows.getString("run_id"), rows.getString("status"));
                }
            }
        }
        return latest;
    }
}
