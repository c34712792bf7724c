package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.query.LakeDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chargeback named queries of template.yaml (issue 13) on Trino, over a lake of tagged runs, part compacted and
 * part in the raw tail, as on 13 November 2026: the figures a finance user would check, by hand. The same statements
 * then give the same answers on DuckDB (the local {@code query}) over the same folder.
 *
 * <p>Every run costs the sample run's total (2.166921568875 USD, saving 0.051405543) times its scale:
 * <pre>
 * run  created     workflow            project  cost-center  started_by  scale
 * a    2026-10-30  germline-wgs-gatk4  alpha    CC-1         alice       1     (October)
 * b    2026-11-02  germline-wgs-gatk4  alpha    CC-1         alice       2
 * c    2026-11-05  nf-core-rnaseq      beta     -            carol       3
 * f    2026-11-06  germline-wgs-gatk4  an object written before the attribution columns existed   0.5
 * d    2026-11-12  somatic-mutect2     alpha    CC-2         bob         4     (raw tail: yesterday)
 * e    2026-11-13  nf-core-rnaseq      - (tags {})           alice       5     (raw tail: today)
 * </pre>
 */
@ExtendWith(TrinoServer.LogOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChargebackTest {

    static final TemplateSql T = TemplateSql.PROJECT;
    static final LocalDate TODAY = LocalDate.of(2026, 11, 13);
    static final String SCHEMA = "chargeback";
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    static final String BOB = "arn:aws:iam::123456789012:user/bob";
    static final String CAROL = "arn:aws:sts::123456789012:assumed-role/Analysts/carol";

    Connection c;

    @BeforeAll
    void lake() throws Exception {
        c = TrinoServer.get().connect(SCHEMA);
        Lake lake = new Lake(c, SCHEMA);
        lake.create();
        lake.analysis(run("7300001", LocalDate.of(2026, 10, 30), "germline-wgs-gatk4", ALICE,
                Map.of("project", "alpha", "cost-center", "CC-1")), 1);
        lake.analysis(run("7300002", LocalDate.of(2026, 11, 2), "germline-wgs-gatk4", ALICE,
                Map.of("project", "alpha", "cost-center", "CC-1")), 2);
        lake.analysis(run("7300003", LocalDate.of(2026, 11, 5), "nf-core-rnaseq", CAROL, Map.of("project", "beta")), 3);
        // written before issue 13: no workflow_id, workflow_name, started_by or tags keys at all
        Lake.Run old = run("7300006", LocalDate.of(2026, 11, 6), "germline-wgs-gatk4", null, null);
        List<ObjectNode> rows = lake.analysis(old, 0.5);
        rows.forEach(r -> r.remove(List.of("workflow_id", "workflow_name", "started_by", "tags")));
        lake.put("run_analysis", LocalDate.of(2026, 11, 6), old.id(), rows);
        lake.crawl();
        // the hourly compaction, before the raw tail's runs landed
        Sql.update(c, TemplateSql.on(TODAY, T.compaction("run_analysis", Map.of())));
        lake.analysis(run("7300004", TODAY.minusDays(1), "somatic-mutect2", BOB,
                Map.of("project", "alpha", "cost-center", "CC-2")), 4);
        lake.analysis(run("7300005", TODAY, "nf-core-rnaseq", ALICE, Map.of()), 5);
        lake.crawl();
        assertEquals(4, Sql.count(c, "SELECT count(*) FROM run_analysis_compacted WHERE type = 'run'"),
                "a, b, c and f compacted; d and e only in the raw tail");
    }

    static Lake.Run run(String id, LocalDate created, String workflow, String startedBy, Map<String, String> tags) {
        return new Lake.Run(id, created.atTime(9, 0).toInstant(ZoneOffset.UTC), 2, "COMPLETED", workflow, 2,
                startedBy, tags);
    }

    @AfterAll
    void close() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    /** The chargeback question, "cost per project tag per month", is this one statement. */
    @Test
    void costPerTagValuePerMonth() throws Exception {
        assertEquals(List.of(
                // tag_key | tag_value | year | month | runs | estimated_usd | potential_saving_usd
                "cost-center | (untagged) | 2026 | 11 | 3 | 18.42 | 0.44",   // c + e + f: 8.5 x 2.1669
                "cost-center | CC-1 | 2026 | 10 | 1 | 2.17 | 0.05",
                "cost-center | CC-1 | 2026 | 11 | 1 | 4.33 | 0.1",
                "cost-center | CC-2 | 2026 | 11 | 1 | 8.67 | 0.21",
                "project | (untagged) | 2026 | 11 | 2 | 11.92 | 0.28",        // e (tags {}) + f (no tags column)
                "project | alpha | 2026 | 10 | 1 | 2.17 | 0.05",
                "project | alpha | 2026 | 11 | 2 | 13.0 | 0.31",              // b (compacted) + d (raw tail)
                "project | beta | 2026 | 11 | 1 | 6.5 | 0.15"),
                answer("CostPerTagPerMonthQuery"));
    }

    @Test
    void costPerUserPerMonth() throws Exception {
        assertEquals(List.of(
                "(unknown) | 2026 | 11 | 1 | 1.08 | 0.03",                   // f, written before started_by
                ALICE + " | 2026 | 10 | 1 | 2.17 | 0.05",
                ALICE + " | 2026 | 11 | 2 | 15.17 | 0.36",                // b + e: 7 x 2.1669
                BOB + " | 2026 | 11 | 1 | 8.67 | 0.21",
                CAROL + " | 2026 | 11 | 1 | 6.5 | 0.15"),
                answer("CostPerUserPerMonthQuery"));
    }

    @Test
    void monthToDateSpendPerWorkflowAndTagValue() throws Exception {
        assertEquals(List.of(
                "tag:cost-center | (untagged) | 3 | 18.42",
                "tag:cost-center | CC-1 | 1 | 4.33",
                "tag:cost-center | CC-2 | 1 | 8.67",
                "tag:project | (untagged) | 2 | 11.92",
                "tag:project | alpha | 2 | 13.0",
                "tag:project | beta | 1 | 6.5",
                "workflow | (unknown) | 1 | 1.08",            // f: written before workflow_name was a column
                "workflow | germline-wgs-gatk4 | 1 | 4.33",   // b; October's a is not this month
                "workflow | nf-core-rnaseq | 2 | 17.34",
                "workflow | somatic-mutect2 | 1 | 8.67"),
                answer("MonthToDateSpendQuery"));
        assertEquals(List.of(), Sql.rows(c, TemplateSql.on(LocalDate.of(2026, 12, 1),
                T.namedQueries().get("MonthToDateSpendQuery"))), "a new month starts with nothing spent");
    }

    /** The tag keys are the stack's parameter: another key is answered as well, every run '(untagged)' for it. */
    @Test
    void theTagKeysComeFromTheStacksParameter() throws Exception {
        assertEquals("project,cost-center", T.parameterDefault("CostAllocationTagKeys"));
        String sql = T.namedQueries().get("CostPerTagPerMonthQuery").replace("'project,cost-center'",
                "'team, project'");
        List<String> rows = Sql.rows(c, TemplateSql.on(TODAY, sql));
        assertTrue(rows.contains("team | (untagged) | 2026 | 11 | 5 | 31.42 | 0.75"), String.join("\n", rows));
        assertTrue(rows.contains("project | alpha | 2026 | 11 | 2 | 13.0 | 0.31"), "' project' trimmed: " + rows);
    }

    /** Why the queries say try(tags[key]): on Trino (Athena) a missing key fails the whole query. */
    @Test
    void aPlainSubscriptOfAMissingTagKeyFailsOnTrino() throws Exception {
        SQLException e = assertThrows(SQLException.class, () -> Sql.rows(c,
                "SELECT tags['cost-center'] FROM run_analysis WHERE type = 'run'"));
        assertTrue(e.getMessage().contains("Key not present in map"), e.getMessage());
        assertEquals(List.of("CC-1", "CC-1", "CC-2", "null", "null", "null"),
                Sql.rows(c, "SELECT try(tags['cost-center']) FROM run_analysis WHERE type = 'run'"));
    }

    /** The raw tables alone (before compaction existed) answer the same, and so does DuckDB over the same folder. */
    @Test
    void theSameStatementsAnswerAlikeRawOnlyAndOnDuckDb() throws Exception {
        try (LakeDatabase local = LakeDatabase.open(TrinoServer.DATA.resolve(SCHEMA), Optional.empty())) {
            for (String id : List.of("CostPerTagPerMonthQuery", "CostPerUserPerMonthQuery", "MonthToDateSpendQuery")) {
                String sql = TemplateSql.on(TODAY, T.namedQueries().get(id));
                List<String> trino = Sql.rows(c, sql);
                assertEquals(trino, Sql.rows(c, Sql.rawOnly(sql)), id + ": compacted + tail vs raw only");
                List<String> duckdb = new ArrayList<>();
                for (List<Object> row : local.query(sql).rows()) {
                    duckdb.add(String.join(" | ", row.stream().map(String::valueOf).toList()));
                }
                duckdb.sort(null);
                assertEquals(trino, duckdb, id + ": Trino vs DuckDB");
            }
        }
    }

    private List<String> answer(String namedQuery) throws SQLException {
        return Sql.rows(c, TemplateSql.on(TODAY, T.namedQueries().get(namedQuery)));
    }
}
