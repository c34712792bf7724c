package io.omicsmonitor.manifest.logs;

import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.RunStatus;

/**
 * Tells a manifest that is late from one that will never come. HealthOmics writes a run's manifest after the run ran;
 * a run cancelled (or failed) while PENDING or STARTING never ran: GetRun shows no {@code startTime}, and no manifest
 * ever appears (healthomics.md, section 2). Retrying such a run only walks it into the dead-letter queue.
 *
 * <p>Asked only when the manifest is missing, so a run that ran costs no GetRun.
 */
public final class NeverStartedRuns {

    private static final Log LOG = Log.of(NeverStartedRuns.class);
    /** The ends a run can reach without having started. */
    private static final Set<RunStatus> ENDED = Set.of(RunStatus.CANCELLED, RunStatus.FAILED);

    private final OmicsClient omics;

    public NeverStartedRuns(OmicsClient omics) {
        this.omics = Objects.requireNonNull(omics);
    }

    public static NeverStartedRuns fromEnvironment(AwsClients aws) {
        return new NeverStartedRuns(aws.configure(OmicsClient.builder(), "omics"));
    }

    /**
     * The run's GetRun answer when it ended without ever starting; otherwise {@code missing} is thrown again (the
     * manifest is late: the invocation fails and is retried, as before). A GetRun that fails fails the invocation too,
     * which is retried just the same.
     *
     * @param missing what reading the manifest threw
     */
    public GetRunResponse neverStartedOrThrow(String runId, IncompleteManifestException missing) {
        GetRunResponse run = omics.getRun(b -> b.id(runId));
        if (run.startTime() == null && ENDED.contains(run.status())) {
            LOG.info("the run never started: HealthOmics writes no manifest for it", "runId", runId,
                    "runStatus", run.statusAsString());
            return run;
        }
        throw missing;
    }

}
