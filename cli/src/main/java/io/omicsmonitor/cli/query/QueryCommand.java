package io.omicsmonitor.cli.query;

import io.omicsmonitor.budgets.Budget;
import io.omicsmonitor.budgets.BudgetMetrics;
import io.omicsmonitor.budgets.BudgetQuery;
import io.omicsmonitor.budgets.MonthlyBudgets;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.local.LocalAws;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code query}: SQL over a local lake folder with DuckDB, the same tables and columns Athena sees. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Runs SQL over a local lake folder (the one `demo` fills) with DuckDB.",
            "One view per table (run_status_events, task_status_events, workflows, workflow_versions, runs, tasks,"
                + " run_analysis) over its NDJSON objects, with the partition folders as year, month and day"
                + " string columns, as Athena sees them.", ""},
        footer = {"", "Examples:",
            "  omics-monitor query \"SELECT run_id, status, event_time FROM run_status_events ORDER BY event_time\"",
            "  omics-monitor query --format csv \"SELECT * FROM tasks WHERE run_id = '7382915'\"",
            "  omics-monitor query \"DESCRIBE runs\"",
            "  omics-monitor query --list-named",
            "  omics-monitor query --named <name of a named query in template.yaml>",
            "  omics-monitor query --named \"Month-to-date spend\" --current-date 2026-11-24",
            "  omics-monitor query --budgets 'project:oncology=5000,workflow:1234567=2000' --current-date 2026-11-24"})
public final class QueryCommand implements Callable<Integer> {

    public enum Format { table, csv, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "The SQL to run (DuckDB's dialect).")
    String sql;

    @Option(names = "--lake", paramLabel = "DIR", description = "The lake folder (default: ${DEFAULT-VALUE}).",
            defaultValue = ProjectFiles.DEFAULT_LAKE)
    Path lake;

    @Option(names = "--format", description = "table (aligned), csv, or json (one object a line). Default: ${DEFAULT-VALUE}.",
            defaultValue = "table")
    Format format;

    @Option(names = "--named", paramLabel = "NAME",
            description = "Run one of the template's Athena named queries (by its Name or logical id).")
    String named;

    @Option(names = "--list-named", description = "List the template's Athena named queries.")
    boolean listNamed;

    @Option(names = "--budgets", paramLabel = "BUDGETS",
            description = "Month-to-date estimated spend per budget, as budget-monitor publishes it: MonthlyBudgets'"
                    + " syntax, <tag key>:<tag value>=<USD> or workflow:<workflow id>=<USD>, comma-separated.")
    String budgets;

    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template (default: the project's template.yaml).")
    Path templateFile;

    @Option(names = "--current-date", paramLabel = "YYYY-MM-DD",
            description = "Answer as on that day: current_date in the SQL is that date (Athena's is today, UTC). "
                    + "For the named queries' month-to-date and their raw tail.")
    LocalDate currentDate;

    private static final Pattern CURRENT_DATE = Pattern.compile("(?i)\\bcurrent_date\\b");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (listNamed) {
            for (NamedQueries.Query q : namedQueries().all()) {
                out.println(q.name() + "  (" + q.logicalId() + ")");
            }
            out.flush();
            return 0;
        }
        if (budgets != null) {
            return printBudgets(out);
        }
        String statement;
        Optional<String> schema = Optional.empty();
        if (named != null) {
            NamedQueries queries = namedQueries();
            NamedQueries.Query query = queries.get(named);
            statement = query.sql();
            schema = queries.database();
        } else if (sql != null && !sql.isBlank()) {
            statement = sql;
            if (templateFile != null || Files.isRegularFile(ProjectFiles.locate().template())) {
                schema = namedQueriesIfReadable().flatMap(NamedQueries::database);
            }
        } else {
            throw new UserError("give the SQL to run, for example: omics-monitor query \"SELECT * FROM runs\" "
                    + "(or --named NAME, --list-named)");
        }
        if (currentDate != null) {
            statement = CURRENT_DATE.matcher(statement).replaceAll("DATE '" + currentDate + "'");
        }
        try (LakeDatabase db = LakeDatabase.open(lake, schema)) {
            ResultTable result = db.query(statement);
            out.print(switch (format) {
                case table -> result.aligned();
                case csv -> result.csv();
                case json -> result.jsonLines();
            });
        }
        out.flush();
        return 0;
    }

    /** budget-monitor's query (BudgetQuery) on the local lake, with each budget's amount and share, as published. */
    private int printBudgets(PrintWriter out) {
        List<Budget> list;
        try {
            list = MonthlyBudgets.parse(budgets);
        } catch (MonthlyBudgets.InvalidBudgetsException e) {
            throw new UserError(e.getMessage());
        }
        if (list.isEmpty()) {
            throw new UserError("--budgets names no budget; for example --budgets 'project:oncology=5000'");
        }
        LocalDate today = currentDate != null ? currentDate : LocalDate.now(ZoneOffset.UTC);
        List<List<Object>> rows = new ArrayList<>();
        try (LakeDatabase db = LakeDatabase.open(lake, Optional.empty())) {
            List<List<Object>> answer = db.query(BudgetQuery.sql(list, today)).rows();
            for (int i = 0; i < list.size(); i++) {
                BudgetMetrics.Spend spend = new BudgetMetrics.Spend(list.get(i), ((Number) answer.get(i).get(1)).longValue(),
                        ((Number) answer.get(i).get(2)).doubleValue());
                rows.add(List.of(spend.budget().name(), spend.budget().monthlyUsd(), spend.runs(),
                        Math.round(spend.spendUsd() * 100) / 100.0, Math.round(spend.usedPercent() * 10) / 10.0));
            }
        }
        ResultTable table = new ResultTable(List.of("budget", "monthly_usd", "runs", "spend_usd", "used_percent"),
                List.of(false, true, true, true, true), rows);
        out.print(switch (format) {
            case table -> table.aligned();
            case csv -> table.csv();
            case json -> table.jsonLines();
        });
        out.flush();
        return 0;
    }

    private NamedQueries namedQueries() {
        Path file = templateFile != null ? templateFile : ProjectFiles.locate().template();
        SamTemplate template = SamTemplate.read(file);
        return new NamedQueries(template, Intrinsics.local(template.root(), LocalAws.REGION.id()));
    }

    private Optional<NamedQueries> namedQueriesIfReadable() {
        try {
            return Optional.of(namedQueries());
        } catch (UserError e) {
            return Optional.empty();
        }
    }
}
