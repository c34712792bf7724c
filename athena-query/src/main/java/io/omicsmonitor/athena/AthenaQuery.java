package io.omicsmonitor.athena;

import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * Runs one SQL statement in an Athena workgroup and returns its rows: StartQueryExecution, GetQueryExecution until the
 * query is SUCCEEDED, FAILED or CANCELLED (waits growing from {@link #FIRST_WAIT} to {@link #LONGEST_WAIT}), then
 * GetQueryResults page by page ({@value #PAGE_SIZE} rows a page, Athena's most), the header row of a SELECT left out.
 *
 * <p>The workgroup decides where results go and how they are encrypted (the stack's workgroups enforce their own
 * configuration), so no output location is passed. A query that fails, is cancelled or outlives {@code timeout}
 * (which stops it) throws {@link QueryFailedException} with Athena's reason: the invocation fails.
 */
public final class AthenaQuery {

    /** GetQueryResults' largest page. */
    static final int PAGE_SIZE = 1000;
    static final Duration FIRST_WAIT = Duration.ofMillis(250);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private static final Log LOG = Log.of(AthenaQuery.class);

    /** How the poll waits: {@link Thread#sleep} in Lambda, nothing (or a moved clock) in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Where a query runs: its workgroup and the Glue database its unqualified table names resolve in. */
    public record Location(String workGroup, String database) {
        public Location {
            Objects.requireNonNull(workGroup, "workGroup");
            Objects.requireNonNull(database, "database");
        }
    }

    /**
     * A query's answer: the columns in order and each row's values as Athena returns them (text; null for SQL NULL).
     */
    public record Result(String queryExecutionId, List<String> columns, List<List<String>> rows, long bytesScanned) {

        public Result {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        /** The value of {@code column} in row {@code row}. */
        public String value(int row, String column) {
            int index = columns.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("query " + queryExecutionId + " has no column " + column
                        + "; its columns: " + columns);
            }
            return rows.get(row).get(index);
        }
    }

    /** A query that did not succeed; the message names the query and Athena's reason. */
    public static final class QueryFailedException extends RuntimeException {
        public QueryFailedException(String message) {
            super(message);
        }
    }

    private final AthenaClient athena;
    private final Location location;
    private final Duration timeout;
    private final Clock clock;
    private final Sleeper sleeper;

    public AthenaQuery(AthenaClient athena, Location location, Duration timeout, Clock clock, Sleeper sleeper) {
        this.athena = Objects.requireNonNull(athena);
        this.location = Objects.requireNonNull(location);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
    }

    /** In Lambda: the system clock, and waits that really wait. */
    public static AthenaQuery waiting(AthenaClient athena, Location location, Duration timeout) {
        return new AthenaQuery(athena, location, timeout, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    public Location location() {
        return location;
    }

    /** Runs {@code sql} and returns every row; throws {@link QueryFailedException} unless the query SUCCEEDED. */
    public Result run(String sql) {
        String id = athena.startQueryExecution(b -> b.queryString(sql).workGroup(location.workGroup())
                .queryExecutionContext(c -> c.database(location.database()))).queryExecutionId();
        LOG.info("athena query started", "queryExecutionId", id, "workGroup", location.workGroup());
        QueryExecution execution = awaitEnd(id);
        long scanned = execution.statistics() == null || execution.statistics().dataScannedInBytes() == null ? 0
                : execution.statistics().dataScannedInBytes();
        Result result = results(id, scanned);
        LOG.info("athena query read", "queryExecutionId", id, "rows", result.rows().size(), "bytesScanned", scanned);
        return result;
    }

    /** SnapStart priming: the three calls of {@link #run}, marshalled and signed, none sent. */
    public void prime(String sql) {
        SnapStartPriming.dryRun("athena:StartQueryExecution", () -> athena.startQueryExecution(b -> b.queryString(sql)
                .workGroup(location.workGroup()).queryExecutionContext(c -> c.database(location.database()))
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
        SnapStartPriming.dryRun("athena:GetQueryExecution", () -> athena.getQueryExecution(b -> b
                .queryExecutionId("00000000-0000-0000-0000-000000000000").overrideConfiguration(SnapStartPriming.DRY_RUN)));
        SnapStartPriming.dryRun("athena:GetQueryResults", () -> athena.getQueryResults(b -> b
                .queryExecutionId("00000000-0000-0000-0000-000000000000").maxResults(PAGE_SIZE)
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
    }

    private QueryExecution awaitEnd(String id) {
        Instant deadline = clock.instant().plus(timeout);
        Duration wait = FIRST_WAIT;
        while (true) {
            QueryExecution execution = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
            QueryExecutionStatus status = execution.status();
            QueryExecutionState state = status == null ? null : status.state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return execution;
            }
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                throw new QueryFailedException("Athena query " + id + " in workgroup " + location.workGroup() + " "
                        + state + ": " + reason(status));
            }
            if (!clock.instant().isBefore(deadline)) {
                // A query left running would go on scanning (and costing) after this invocation gave up on it.
                athena.stopQueryExecution(b -> b.queryExecutionId(id));
                throw new QueryFailedException("Athena query " + id + " in workgroup " + location.workGroup()
                        + " was still " + state + " after " + timeout.toSeconds() + " s; it was stopped");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryFailedException("interrupted while waiting for Athena query " + id);
            }
            wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        }
    }

    private static String reason(QueryExecutionStatus status) {
        String reason = status.stateChangeReason();
        AthenaError error = status.athenaError();
        if (error != null && error.errorCategory() != null) {
            // 1 system, 2 user, 3 other (Athena's error catalog); retryable says whether running it again may help
            reason = (reason == null ? String.valueOf(error.errorMessage()) : reason) + " (error category "
                    + error.errorCategory() + ", type " + error.errorType() + ", "
                    + (Boolean.TRUE.equals(error.retryable()) ? "retryable" : "not retryable") + ")";
        }
        return reason == null ? "Athena gave no reason" : reason;
    }

    private Result results(String id, long scanned) {
        List<String> columns = null;
        List<List<String>> rows = new ArrayList<>();
        String token = null;
        boolean first = true;
        do {
            String page = token;
            GetQueryResultsResponse response = athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(PAGE_SIZE)
                    .nextToken(page));
            if (columns == null) {
                columns = new ArrayList<>();
                for (ColumnInfo column : response.resultSet().resultSetMetadata().columnInfo()) {
                    columns.add(column.name());
                }
            }
            List<Row> pageRows = response.resultSet().rows();
            for (int i = 0; i < pageRows.size(); i++) {
                List<String> values = new ArrayList<>();
                for (Datum datum : pageRows.get(i).data()) {
                    values.add(datum.varCharValue());
                }
                // A SELECT's first row, on the first page only, holds the column names.
                if (first && i == 0 && values.equals(columns)) {
                    continue;
                }
                rows.add(values);
            }
            first = false;
            token = response.nextToken();
        } while (token != null);
        return new Result(id, columns, rows, scanned);
    }
}
