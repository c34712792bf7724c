package io.omicsmonitor.cli.query;

import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.template.Intrinsics;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.local.LocalAws;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
            "  omics-monitor query --named <name of a named query in template.yaml>"})
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

    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template (default: the project's template.yaml).")
    Path templateFile;

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
