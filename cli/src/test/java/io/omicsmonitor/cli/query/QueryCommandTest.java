package io.omicsmonitor.cli.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `query` over a lake folder laid out as the local S3 server keeps it: bucket folder, then the object keys. */
class QueryCommandTest {

    @TempDir
    static Path lake;

    @BeforeAll
    static void writeLake() throws IOException {
        Path runs = lake.resolve("my-bucket/lake/run_status_events");
        write(runs.resolve("year=2026/month=11/day=20/e1.json"),
                "{\"event_id\":\"e1\",\"run_id\":\"7382915\",\"status\":\"RUNNING\",\"event_time\":\"2026-11-20T08:09:31Z\"}\n");
        write(runs.resolve("year=2026/month=11/day=20/e2.json"),
                "{\"event_id\":\"e2\",\"run_id\":\"7382915\",\"status\":\"COMPLETED\",\"event_time\":\"2026-11-20T11:42:18Z\"}\n");
        // a later object with a column the others lack: merged by name, null elsewhere
        write(runs.resolve("year=2026/month=12/day=01/e3.json"),
                "{\"event_id\":\"e3\",\"run_id\":\"9103774\",\"status\":\"FAILED\",\"event_time\":\"2026-12-01T14:27:55Z\","
                        + "\"replay\":true}\n");
        Path tasks = lake.resolve("my-bucket/lake/tasks/year=2026/month=11/day=20/7382915.json");
        // metrics as the manifest-processor writes them when a task has some: every declared key, null where unknown
        write(tasks, "{\"task_id\":\"1\",\"name\":\"BwaMem, shard 0\",\"metrics\":" + metrics("4", "3.5") + "}\n"
                + "{\"task_id\":\"2\",\"name\":\"Sort\",\"metrics\":" + metrics("2", "1.25") + "}\n");
        // not a table's object: the analyzer's CSV beside the tables is never read as rows
        write(lake.resolve("my-bucket/lake/run_analysis_csv/year=2026/month=11/day=20/7382915.csv"), "uuid,arn\n");
    }

    @Test
    void printsAnAlignedTableWithPartitionColumnsAsStrings() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(),
                "SELECT run_id, status, event_time, year, month, day, replay FROM run_status_events ORDER BY event_time");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                run_id   status     event_time            year  month  day  replay
                -------  ---------  --------------------  ----  -----  ---  ------
                7382915  RUNNING    2026-11-20T08:09:31Z  2026  11     20
                7382915  COMPLETED  2026-11-20T11:42:18Z  2026  11     20
                9103774  FAILED     2026-12-01T14:27:55Z  2026  12     01   true
                (3 rows)
                """, run.out());
    }

    /** A lake of its own: run_analysis run rows with their workflow and tags (issue 13). */
    @TempDir
    static Path budgetLake;

    @BeforeAll
    static void writeBudgetLake() throws IOException {
        // two runs in November, one in October
        Path analysis = budgetLake.resolve("my-bucket/lake/run_analysis");
        write(analysis.resolve("year=2026/month=11/day=03/7100001.json"),
                "{\"run_id\":\"7100001\",\"type\":\"run\",\"total_estimated_usd\":1200.5,\"workflow_id\":\"1234567\","
                        + "\"tags\":{\"project\":\"oncology\"}}\n"
                        + "{\"run_id\":\"7100001\",\"type\":\"task\",\"estimated_usd\":1100.0}\n");
        write(analysis.resolve("year=2026/month=11/day=19/7100002.json"),
                "{\"run_id\":\"7100002\",\"type\":\"run\",\"total_estimated_usd\":3000.0,\"workflow_id\":\"7654321\","
                        + "\"tags\":{\"project\":\"oncology\",\"cost-center\":\"cc-1\"}}\n");
        write(analysis.resolve("year=2026/month=10/day=30/7000001.json"),
                "{\"run_id\":\"7000001\",\"type\":\"run\",\"total_estimated_usd\":900.0,\"workflow_id\":\"1234567\","
                        + "\"tags\":{\"project\":\"oncology\"}}\n");
    }

    @Test
    void budgetsShowTheMonthToDateSpendBudgetMonitorPublishes() {
        CommandRun run = CommandRun.of("query", "--lake", budgetLake.toString(), "--current-date", "2026-11-20",
                "--budgets", "project:oncology=5000,workflow:1234567=1000,cost-center:cc-2=10");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                budget            monthly_usd  runs  spend_usd  used_percent
                ----------------  -----------  ----  ---------  ------------
                project:oncology         5000     2     4200.5          84.0
                workflow:1234567         1000     1     1200.5         120.1
                cost-center:cc-2           10     0        0.0           0.0
                (3 rows)
                """, run.out(), "October's run and the task row do not count");
    }

    @Test
    void badBudgetsNameTheEntry() {
        CommandRun run = CommandRun.of("query", "--lake", budgetLake.toString(), "--budgets", "oncology=5");
        assertEquals(2, run.exitCode(), "a user's error");
        assertTrue(run.err().contains("MonthlyBudgets is not valid: entry 1 'oncology=5': the part before '=' must be"),
                run.err());
    }

    @Test
    void aggregatesAndRightAlignsNumbers() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(),
                "SELECT month, count(*) AS events FROM run_status_events GROUP BY month ORDER BY month");

        assertEquals("""
                month  events
                -----  ------
                11          2
                12          1
                (2 rows)
                """, run.out());
    }

    @Test
    void writesCsvWithQuotingAndNestedValuesAsJson() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT task_id, name, metrics FROM tasks ORDER BY task_id");

        assertEquals("""
                task_id,name,metrics
                1,"BwaMem, shard 0","%s"
                2,Sort,"%s"
                """.formatted(metrics("4.0", "3.5").replace("\"", "\"\""), metrics("2.0", "1.25").replace("\"", "\"\"")),
                run.out());
    }

    @Test
    void writesTypedJsonLines() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(), "--format", "json",
                "SELECT task_id, metrics.cpus_maximum AS cpus, metrics FROM tasks ORDER BY task_id");

        assertEquals("""
                {"task_id":"1","cpus":3.5,"metrics":%s}
                {"task_id":"2","cpus":1.25,"metrics":%s}
                """.formatted(metrics("4.0", "3.5"), metrics("2.0", "1.25")), run.out());
    }

    @Test
    void anUnknownTableNamesTheTablesThere() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(), "SELECT * FROM runs");

        assertEquals(2, run.exitCode());
        assertEquals("the lake's tables here: run_status_events, tasks",
                run.err().strip().lines().reduce((a, b) -> b).orElse(""));
    }

    @Test
    void aMissingLakeFolderSaysHowToMakeOne() {
        CommandRun run = CommandRun.of("query", "--lake", lake.resolve("nothing-here").toString(), "SELECT 1");

        assertEquals(2, run.exitCode());
        assertEquals("query: no lake folder at " + lake.resolve("nothing-here") + ": run ./omics-monitor demo first "
                + "(it fills .omics-monitor/lake), or pass --lake DIR\n", run.err());
    }

    private static String metrics(String reserved, String maximum) {
        return "{\"cpus_reserved\":" + reserved + ",\"cpus_average\":null,\"cpus_maximum\":" + maximum
                + ",\"gpus_reserved\":null,\"memory_reserved_gib\":null,\"memory_average_gib\":null,"
                + "\"memory_maximum_gib\":null,\"running_seconds\":null}";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
