package io.omicsmonitor.common.events;

import java.util.Set;

/** Who may send the events the functions accept. */
public final class EventSources {

    /** HealthOmics itself. */
    public static final String OMICS = "aws.omics";

    /**
     * {@code omics-monitor backfill}'s replays of historic runs. EventBridge reserves {@code aws.*} sources for AWS, so
     * replays carry this source with HealthOmics' own detail-types and detail shapes; the rules match both.
     */
    public static final String REPLAY = "omics-monitor.replay";

    /** omics-monitor's own events, such as the run-analyzer's {@code Run Analysis Completed}. */
    public static final String MONITOR = "omics-monitor";

    public static final Set<String> ACCEPTED = Set.of(OMICS, REPLAY, MONITOR);

    private EventSources() {
    }
}
