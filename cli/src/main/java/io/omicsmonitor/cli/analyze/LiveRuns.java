package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.AwsFailures;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.omics.model.RunListItem;
import software.amazon.awssdk.services.omics.model.RunStatus;

/**
 * The runs {@code analyze} reads from the account: GetRun for a run named on the command line, paged ListRuns for the
 * runs that finished within {@code --time}, and each run's manifest from CloudWatch Logs through the functions' own
 * {@link ManifestLogReader}. Every failure is a {@link UserError} that names the run.
 */
final class LiveRuns {

    /** The ends of a run: HealthOmics writes a manifest for a run that reached one of them after it started. */
    static final List<RunStatus> FINISHED = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);
    private static final Set<RunStatus> ENDED = Set.copyOf(FINISHED);
    private static final int PAGE_SIZE = 100;

    /** A run as GetRun or ListRuns describes it: what selecting it and finding its manifest need. */
    record Run(String id, String uuid, String arn, RunStatus status, Instant startTime, Instant stopTime) {
    }

    private final OmicsClient omics;
    private final ManifestLogReader manifests;
    private final String region;

    LiveRuns(OmicsClient omics, ManifestLogReader manifests, String region) {
        this.omics = omics;
        this.manifests = manifests;
        this.region = region;
    }

    /** GetRun of a run named on the command line; a run that does not exist is an error naming it. */
    Run get(RunRef ref) {
        GetRunResponse run;
        try {
            run = call("omics:GetRun of run " + ref.id(), () -> omics.getRun(b -> b.id(ref.id())));
        } catch (UserError e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                throw new UserError("run " + ref.id() + " does not exist in " + region + " ("
                        + AwsFailures.reason("omics:GetRun", e.getCause()) + "); check the id, and --region");
            }
            throw e;
        }
        if (ref.uuid() != null && !ref.uuid().equals(run.uuid())) {
            throw new UserError("run " + ref.id() + " has the uuid " + run.uuid() + ", not " + ref.uuid()
                    + ": the id was reused? give the id alone to analyze the run that has it now");
        }
        return new Run(run.id(), run.uuid(), run.arn(), run.status(), run.startTime(), run.stopTime());
    }

    /**
     * The runs that finished (COMPLETED, FAILED or CANCELLED, stopTime) within {@code window} before {@code now},
     * oldest end first, leaving out runs that never started (cancelled or failed while pending: no manifest). ListRuns
     * filters on one status a call and not on time: each status is paged to its end. Then one GetRun a selected run.
     */
    List<Run> finishedWithin(Duration window, Instant now) {
        Instant since = now.minus(window);
        List<Run> runs = new ArrayList<>();
        for (RunStatus status : FINISHED) {
            call("omics:ListRuns (status " + status + ")", () -> addFinished(status, since, now, runs));
        }
        runs.sort(Comparator.comparing(Run::stopTime).thenComparing(Run::id));
        // ListRuns does not give a run's uuid, which names its manifest stream (and upstream's list prints): GetRun does
        return runs.stream().map(run -> get(new RunRef(run.id(), null, null))).toList();
    }

    /** Adds the runs of {@code status} that ended within [since, now], picked as ListRuns' pages arrive (never all held). */
    private boolean addFinished(RunStatus status, Instant since, Instant now, List<Run> runs) {
        for (RunListItem item : omics.listRunsPaginator(b -> b.status(status).maxResults(PAGE_SIZE)).items()) {
            // a run that never started has no manifest, ever: upstream, which lists manifest streams, never sees it
            Instant stop = item.stopTime();
            if (item.startTime() != null && stop != null && !stop.isBefore(since) && !stop.isAfter(now)) {
                runs.add(new Run(item.id(), null, item.arn(), item.status(), item.startTime(), stop));
            }
        }
        return true;
    }

    /**
     * The run's manifest, each record's text handed to {@code messages} as read; an error naming the run when it has
     * not ended, never started, or its manifest is not (or no longer) in CloudWatch Logs.
     */
    Manifest manifest(Run run, Consumer<String> messages) {
        if (!ENDED.contains(run.status())) {
            throw new UserError("run " + run.id() + " is " + run.status() + ": HealthOmics writes a run's manifest "
                    + "after the run ends; analyze it then");
        }
        if (run.startTime() == null) {
            throw new UserError("run " + run.id() + " was " + run.status() + " before it started: HealthOmics writes "
                    + "no manifest for a run that never ran");
        }
        try {
            return call("logs:GetLogEvents for run " + run.id(), () -> manifests.read(run.id(), run.uuid(), messages));
        } catch (IncompleteManifestException e) {
            String where = run.uuid() != null ? "log stream " + manifests.logGroup() + ":manifest/run/" + run.id()
                    + "/" + run.uuid() : "a log stream manifest/run/" + run.id() + "/<uuid> in " + manifests.logGroup();
            throw new UserError("run " + run.id() + " (" + run.status() + " at " + run.stopTime() + ") has no complete "
                    + "manifest in " + where + ": HealthOmics writes it a few minutes after the run ends, and it is gone "
                    + "once the log group's retention has passed");
        } catch (InvalidManifestException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** An AWS call; a failure becomes a {@link UserError} that says which call and what to check. */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            String hint = AwsFailures.noCredentials(e)
                    ? "; no AWS credentials found: pass --profile, set AWS_PROFILE, or run aws configure"
                    : AwsFailures.refused(e) ? "; the credentials need omics:GetRun, omics:ListRuns, logs:GetLogEvents, "
                            + "logs:DescribeLogStreams, pricing:GetProducts and pricing:DescribeServices" : "";
            throw new UserError(AwsFailures.reason(what, e) + hint, e);
        }
    }
}
