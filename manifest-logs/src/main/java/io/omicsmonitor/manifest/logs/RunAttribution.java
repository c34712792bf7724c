package io.omicsmonitor.manifest.logs;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/**
 * Who a run is charged to and how it was run, from its GetRun answer: what the lake's {@code runs} and
 * {@code run_analysis} rows carry beyond the manifest, so cost can be split by tag, user or workflow without a join.
 *
 * @param tags the run's tags sorted by key (a replay writes the same bytes); empty when the run has none; null only
 *             when GetRun could not say (the run no longer exists)
 */
public record RunAttribution(String workflowId, String workflowVersionName, String runGroupId, Integer priority,
                             String startedBy, String cacheId, String cacheBehavior, Map<String, String> tags) {

    /** A run GetRun no longer knows: every field null. */
    public static final RunAttribution UNKNOWN = new RunAttribution(null, null, null, null, null, null, null, null);

    public static RunAttribution of(GetRunResponse run) {
        return new RunAttribution(run.workflowId(), run.workflowVersionName(), run.runGroupId(), run.priority(),
                run.startedBy(), run.cacheId(), run.cacheBehaviorAsString(), new TreeMap<>(run.tags()));
    }

    public static RunAttribution of(Optional<GetRunResponse> run) {
        return run.map(RunAttribution::of).orElse(UNKNOWN);
    }
}
