package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.budgets.Budget;
import io.omicsmonitor.budgets.BudgetQuery;
import io.omicsmonitor.budgets.MonthlyBudgets;
import io.omicsmonitor.cli.query.LakeDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * budget-monitor's one SQL statement ({@link BudgetQuery}) on Trino, the engine under Athena engine v3, and on the CLI's
 * local DuckDB views over the same files: each budget's month-to-date spend is the sum of the matching runs' run rows,
 * computed here from the objects written, before compaction, after it, after the raw objects before the tail expire,
 * and in the next month (which starts from nothing). A lake of its own (schema {@code budgets}).
 */
@ExtendWith(TrinoServer.LogOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BudgetQueryTest {

    static final TemplateSql T = TemplateSql.PROJECT;
    static final String SCHEMA = "budgets";
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    static final String GERMLINE = "germline-wgs-gatk4";

    Connection c;
    Lake lake;
    /** Each run's run row as written, by run. */
    final Map<Lake.Run, JsonNode> runRows = new LinkedHashMap<>();
    List<Budget> budgets;
    /** The MonthlyBudgets entries of the test, as the stack parameter would hold them. */
    String entries;

    @BeforeAll
    void lake() throws Exception {
        c = TrinoServer.get().connect(SCHEMA);
        lake = new Lake(c, SCHEMA);
        lake.create();
        String germlineId = String.valueOf(GERMLINE.hashCode() & 0xfffff);
        entries = "project:oncology=100,workflow:" + germlineId + "=50,cost-center:cc:7/a=10,project:nobody=5";
        budgets = MonthlyBudgets.parse(entries);
        // the month so far (days 1 to 20, today's too), the month before (must not count) and a run of the next
        int id = 7300001;
        for (LocalDate day : List.of(LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2),
                LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 17), LocalDate.of(2026, 11, 18),
                LocalDate.of(2026, 11, 19), TODAY)) {
            for (String workflow : List.of(GERMLINE, "nf-core-rnaseq", "somatic-tumor-normal")) {
                Lake.Run run = run(String.valueOf(id++), day.atTime(3 + id % 12, 0).toInstant(ZoneOffset.UTC), 2,
                        workflow);
                runRows.put(run, lake.analysis(run, 1 + id % 4).get(0));
            }
        }
        lake.crawl();
    }

    /** A completed run tagged like a lab's: a project on most runs, a cost center on some, no tags on every fifth. */
    private static Lake.Run run(String id, Instant created, double hours, String workflow) {
        int n = Integer.parseInt(id) % 5;
        Map<String, String> tags = new LinkedHashMap<>();
        if (n == 3) {
            tags.put("cost-center", "cc:7/a");
        }
        if (n != 0) {
            tags.put("project", n % 2 == 0 ? "oncology" : "rare-disease");
        }
        return new Lake.Run(id, created, hours, "COMPLETED", workflow, 2, null, n == 0 ? null : tags);
    }

    @AfterAll
    void close() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    /** As the named queries: the days before yesterday come from the compacted table, which the hourly MERGE fills. */
    @Test
    @Order(1)
    void beforeAnyCompactionOnlyTheRawTailCounts() throws Exception {
        assertEquals(expected(TODAY, TODAY.minusDays(1)), trino(TODAY));
    }

    @Test
    @Order(2)
    void afterCompactionEveryRunOfTheMonthCounts() throws Exception {
        Sql.update(c, TemplateSql.on(TODAY, T.compaction("run_analysis", Map.of("AnalysisCompactionLookbackDays", "30"))));
        List<String> expected = expected(TODAY);
        for (int i = 0; i < 3; i++) {
            assertTrue(!expected.get(i).contains("| 0 |"), "a budget with runs, or the test tests nothing: " + expected);
        }
        assertTrue(expected.get(3).endsWith("| 0 | 0.0"), "a tag no run has: no runs, no spend");
        assertEquals(expected, trino(TODAY));
    }

    @Test
    @Order(3)
    void afterTheExpiryOfTheRawDaysTheCompactedTagsCount() throws Exception {
        for (LocalDate day = LocalDate.of(2026, 10, 1); day.isBefore(TODAY.minusDays(1)); day = day.plusDays(1)) {
            Path partition = lake.partition("run_analysis", day);
            if (Files.isDirectory(partition)) {
                try (var objects = Files.list(partition)) {
                    objects.forEach(Lake::delete);
                }
            }
        }
        assertEquals(expected(TODAY), trino(TODAY), "the raw objects before yesterday expired: the compacted tags count");
    }

    @Test
    @Order(4)
    void theLocalDuckDbViewsAnswerTheSame() throws Exception {
        try (LakeDatabase local = LakeDatabase.open(TrinoServer.DATA.resolve(SCHEMA), Optional.empty())) {
            List<String> rows = new ArrayList<>();
            for (List<Object> row : local.query(BudgetQuery.sql(budgets, TODAY)).rows()) {
                rows.add(row.get(0) + " | " + row.get(1) + " | " + round(((Number) row.get(2)).doubleValue()));
            }
            assertEquals(expected(TODAY), rows);
        }
    }

    /** The named query "Month-to-date spend against budget", given the same MonthlyBudgets, agrees on both engines. */
    @Test
    @Order(4)
    void theNamedQueryGivesBudgetMonitorsFigures() throws Exception {
        assertEquals("", T.parameterDefault("MonthlyBudgets"), "no budgets by default: the named query has no rows");
        assertEquals(List.of(), Sql.rows(c, TemplateSql.on(TODAY, T.namedQueries().get("BudgetSpendQuery"))));
        String sql = TemplateSql.on(TODAY, T.namedQueries(Map.of("Budgets", entries)).get("BudgetSpendQuery"));
        // budget | monthly_usd | runs | month_to_date_usd | used_percent, as budget-monitor would publish them
        List<String> expected = new ArrayList<>();
        for (String row : expected(TODAY)) {
            String[] f = row.split(" \\| ");
            double monthly = budgets.stream().filter(b -> b.name().equals(f[0])).findFirst().orElseThrow().monthlyUsd().doubleValue();
            double spend = Double.parseDouble(f[2]);
            expected.add(f[0] + " | " + monthly + " | " + f[1] + " | " + Math.round(spend * 100) / 100.0 + " | "
                    + Math.round(spend * 1000 / monthly) / 10.0);
        }
        expected.sort(null);
        List<String> trino = new ArrayList<>(Sql.rows(c, sql));
        trino.sort(null);
        assertEquals(expected, trino);
        try (LakeDatabase local = LakeDatabase.open(TrinoServer.DATA.resolve(SCHEMA), Optional.empty())) {
            List<String> duckdb = new ArrayList<>();
            for (List<Object> row : local.query(sql).rows()) {
                duckdb.add(String.join(" | ", row.stream().map(String::valueOf).toList()));
            }
            duckdb.sort(null);
            assertEquals(expected, duckdb, "DuckDB");
        }
    }

    @Test
    @Order(5)
    void theNextMonthStartsFromItsOwnRuns() throws Exception {
        LocalDate first = LocalDate.of(2026, 12, 1);
        Lake.Run december = run("7300100", first.atTime(0, 10).toInstant(ZoneOffset.UTC), 1, GERMLINE);
        runRows.put(december, lake.analysis(december, 1).get(0));
        lake.crawl();
        List<String> answer = trino(first);
        assertEquals(expected(first), answer);
        assertTrue(answer.get(0).endsWith("| 0 | 0.0"), "no oncology run in December yet: " + answer);
    }

    /** The statement's rows on Trino: budget | runs | spend (rounded to micro-dollars: sums differ in the last bits). */
    List<String> trino(LocalDate today) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(BudgetQuery.sql(budgets, today))) {
            while (r.next()) {
                rows.add(r.getString(BudgetQuery.BUDGET) + " | " + r.getLong(BudgetQuery.RUNS) + " | "
                        + round(r.getDouble(BudgetQuery.SPEND_USD)));
            }
        }
        return rows;
    }

    /** Each budget's runs and spend, from the run rows written: the runs created in today's month, up to today. */
    List<String> expected(LocalDate today) {
        return expected(today, today.withDayOfMonth(1));
    }

    /** As {@link #expected(LocalDate)}, counting only the runs created from {@code from} on. */
    List<String> expected(LocalDate today, LocalDate from) {
        List<String> rows = new ArrayList<>();
        for (Budget b : budgets) {
            long runs = 0;
            double spend = 0;
            for (Map.Entry<Lake.Run, JsonNode> e : runRows.entrySet()) {
                LocalDate created = Lake.day(e.getKey().created());
                JsonNode row = e.getValue();
                boolean matches = b.byWorkflow() ? b.workflowId().equals(row.path("workflow_id").asText())
                        : b.tagValue().equals(row.path("tags").path(b.tagKey()).asText(null));
                if (matches && created.getYear() == today.getYear() && created.getMonth() == today.getMonth()
                        && !created.isAfter(today) && !created.isBefore(from)) {
                    runs++;
                    spend += row.path("total_estimated_usd").asDouble();
                }
            }
            rows.add(b.name() + " | " + runs + " | " + round(spend));
        }
        return rows;
    }

    static double round(double usd) {
        return Math.round(usd * 1e6) / 1e6;
    }

}
