package io.omicsmonitor.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omicsmonitor.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size of one real run: a 200-task run makes about 1,000 task status objects, one per event, as the recorder
 * writes them. DuckDB ran out of memory ("failed to allocate data of size 32.0 MiB (18.8 GiB/18.8 GiB used)") creating
 * a view that inferred and merged the schema of 1,000 objects; the views now declare the documented columns.
 * (How far past this it goes, in time and memory, is measured by {@code bench/run.sh lake}, not here.)
 */
class ThousandObjectTableTest {

    static final int RUNS = 5;
    static final int TASKS_PER_RUN = 40;
    static final String[] TASK_STATUSES = {"PENDING", "STARTING", "RUNNING", "STOPPING", "COMPLETED"};

    @TempDir
    static Path lake;

    @BeforeAll
    static void writeOneObjectPerEvent() throws IOException {
        Path prefix = lake.resolve("omics-monitor-lake-bucket/lake");
        int event = 0;
        for (int run = 0; run < RUNS; run++) {
            String runId = String.valueOf(7_000_000 + run);
            for (int task = 0; task < TASKS_PER_RUN; task++) {
                String taskId = String.valueOf(1_000_000 + run * TASKS_PER_RUN + task);
                for (String status : TASK_STATUSES) {
                    String id = "e-" + event++;
                    write(prefix.resolve("task_status_events/year=2026/month=11/day=2" + run + "/" + id + ".json"),
                            "{\"event_id\":\"" + id + "\",\"event_time\":\"2026-11-2" + run + "T10:00:00Z\","
                                    + "\"account\":\"123456789012\",\"region\":\"us-west-2\",\"task_id\":\"" + taskId
                                    + "\",\"task_arn\":\"arn:aws:omics:us-west-2:123456789012:task/" + taskId
                                    + "\",\"status\":\"" + status + "\",\"run_id\":\"" + runId
                                    + "\",\"run_arn\":null,\"run_uuid\":null,\"run_name\":\"run " + run
                                    + "\",\"workflow_id\":\"4716932\",\"workflow_name\":\"germline\","
                                    + "\"omics_version\":\"1.0.0\",\"replay\":false}\n");
                }
            }
            String id = "r-" + run;
            write(prefix.resolve("run_status_events/year=2026/month=11/day=2" + run + "/" + id + ".json"),
                    "{\"event_id\":\"" + id + "\",\"event_time\":\"2026-11-2" + run + "T12:00:00Z\",\"run_id\":\""
                            + runId + "\",\"status\":\"" + (run == 0 ? "FAILED" : "COMPLETED")
                            + "\",\"workflow_name\":\"germline\"}\n");
        }
    }

    @Test
    void countsEveryObject() {
        CommandRun run = query("SELECT count(*) AS events, count(DISTINCT task_id) AS tasks FROM task_status_events");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                events  tasks
                ------  -----
                  1000    200
                (1 row)
                """, run.out());
    }

    @Test
    void groupsByStatusAndPartition() {
        CommandRun run = query("SELECT day, count(*) AS completed FROM task_status_events WHERE status = 'COMPLETED'"
                + " GROUP BY day ORDER BY day");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                day  completed
                ---  ---------
                20          40
                21          40
                22          40
                23          40
                24          40
                (5 rows)
                """, run.out());
    }

    @Test
    void joinsTaskEventsToTheirRunsLatestStatus() {
        CommandRun run = query("SELECT r.status AS run_status, count(DISTINCT t.task_id) AS tasks"
                + " FROM task_status_events t JOIN run_status_events r ON t.run_id = r.run_id"
                + " GROUP BY r.status ORDER BY r.status");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                run_status  tasks
                ----------  -----
                COMPLETED     160
                FAILED         40
                (2 rows)
                """, run.out());
    }

    private static CommandRun query(String sql) {
        return CommandRun.of("query", "--lake", lake.toString(), sql);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
