package io.omicsmonitor.manifest.logs;

import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.omics.model.RunStatus;

/**
 * A finished run's GetRun, asked once per invocation by the functions that read manifests: what the manifest does not
 * say (the run's tags, run group, priority, cache, workflow version: {@link RunAttribution}), and, when the manifest is
 * missing, whether it is late or will never come.
 *
 * <p>HealthOmics writes a run's manifest after the run ran; a run cancelled (or failed) while PENDING or STARTING never
 * ran: GetRun shows no {@code startTime}, and no manifest ever appears (healthomics.md, section 2). Retrying such a
 * run only walks it into the dead-letter queue.
 */
public final class OmicsRuns {

    private static final Log LOG = Log.of(OmicsRuns.class);
    /** The ends a run can reach without having started. */
    private static final Set<RunStatus> ENDED = Set.of(RunStatus.CANCELLED, RunStatus.FAILED);

    private final OmicsClient omics;

    public OmicsRuns(OmicsClient omics) {
        this.omics = Objects.requireNonNull(omics);
    }

    public static OmicsRuns fromEnvironment(AwsClients aws) {
        return new OmicsRuns(aws.configure(OmicsClient.builder(), "omics"));
    }

    /**
     * The run's GetRun answer; empty when the run no longer exists (deleted since its event, or removed by the run
     * retention mode): its attribution is then unknown for good, and retrying would not change that. Any other
     * failure (throttling, access denied) fails the invocation, which is retried.
     */
    public Optional<GetRunResponse> get(String runId) {
        try {
            return Optional.of(omics.getRun(b -> b.id(runId)));
        } catch (ResourceNotFoundException e) {
            LOG.warn("GetRun found no such run: its attribution (tags, run group, ...) is left null",
                    "error", e.getMessage());
            return Optional.empty();
        }
    }

    /** SnapStart priming: a GetRun marshalled and signed, not sent. */
    public void prime(String runId) {
        SnapStartPriming.dryRun("omics:GetRun", () -> omics.getRun(b -> b.id(runId)
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
    }

    /**
     * The run's GetRun answer when it ended without ever starting; otherwise {@code missing} is thrown again (the
     * manifest is late, or the run is gone: the invocation fails and is retried, as before).
     *
     * @param run     {@link #get}'s answer
     * @param missing what reading the manifest threw
     */
    public static GetRunResponse neverStartedOrThrow(Optional<GetRunResponse> run,
                                                     IncompleteManifestException missing) {
        if (run.isPresent() && run.get().startTime() == null && ENDED.contains(run.get().status())) {
            LOG.info("the run never started: HealthOmics writes no manifest for it", "runId", run.get().id(),
                    "runStatus", run.get().statusAsString());
            return run.get();
        }
        throw missing;
    }
}
