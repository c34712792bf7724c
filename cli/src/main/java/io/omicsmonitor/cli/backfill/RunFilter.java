package io.omicsmonitor.cli.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.omics.model.RunStatus;

/**
 * Which runs a backfill replays.
 *
 * @param since      creationTime at or after this, or null
 * @param until      creationTime before this, or null
 * @param statuses   the run statuses to replay (never empty)
 * @param runIds     only these runs, or empty for every run ListRuns returns
 * @param workflowId only runs of this workflow, or null
 * @param limit      at most this many runs (the first ones ListRuns returns that match), or 0 for no limit
 */
record RunFilter(Instant since, Instant until, Set<RunStatus> statuses, List<String> runIds, String workflowId,
                 int limit) {

    /** The statuses a finished run can have: the ones the manifest and the analysis exist for. */
    static final Set<RunStatus> TERMINAL = Set.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);

    RunFilter {
        statuses = Set.copyOf(statuses);
        runIds = List.copyOf(runIds);
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("at least one status is needed");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since " + since + " is not before --until " + until);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (no limit) or more, not " + limit);
        }
    }

    boolean matches(RunStatus status, Instant creationTime, String runWorkflowId) {
        if (!statuses.contains(status)) {
            return false;
        }
        if (since != null && (creationTime == null || creationTime.isBefore(since))) {
            return false;
        }
        if (until != null && (creationTime == null || !creationTime.isBefore(until))) {
            return false;
        }
        return workflowId == null || workflowId.equals(runWorkflowId);
    }
}
