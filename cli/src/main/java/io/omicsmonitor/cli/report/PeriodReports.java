package io.omicsmonitor.cli.report;

import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.WholeFile;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.cli.query.ResultTable;
import io.omicsmonitor.reports.Operations;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.Report;
import io.omicsmonitor.reports.ReportQuery;
import io.omicsmonitor.reports.ReportSql;
import io.omicsmonitor.reports.ReportTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduled reports made locally: the same statements report-generator sends Athena, run on the CLI's DuckDB views
 * of a local lake, rendered by the same renderer into the same files, under {@code <out>/<period>/<first day>/}.
 */
public final class PeriodReports {

    private PeriodReports() {
    }

    /** Runs the period's statements on the local lake and returns the report. */
    public static Report make(Path lake, Period period, LocalDate today, List<String> tagKeys, Instant now) {
        List<ReportTable> tables = new ArrayList<>();
        try (LakeDatabase db = LakeDatabase.open(lake, Optional.empty())) {
            for (ReportQuery q : ReportSql.queries(period, today, tagKeys)) {
                ResultTable answer;
                try {
                    answer = db.query(q.sql());
                } catch (UserError e) {
                    throw new UserError("the " + period.id() + " report's " + q.name() + " query failed on " + lake
                            + ": " + e.getMessage(), e);
                }
                tables.add(new ReportTable(q, answer.columns(), answer.text()));
            }
        }
        return new Report(period, today, tables, Operations.NOT_AVAILABLE_LOCALLY, now);
    }

    /** Writes the report's files under {@code out}; returns its page. Each file whole or not at all. */
    public static Path write(Report report, Path out) {
        Path folder = out.resolve(report.folder());
        Path page = folder.resolve(Report.PAGE);
        for (Map.Entry<String, String> file : report.files().entrySet()) {
            Path target = folder.resolve(file.getKey());
            try {
                Files.createDirectories(folder);
                WholeFile.write(target, file.getValue());
            } catch (IOException e) {
                throw new UserError("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
        return page;
    }
}
