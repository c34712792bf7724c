package io.omicsmonitor.cli.backfill;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.WorkflowType;

/**
 * One thing a backfill replays: a run (in its current status), a workflow, or a workflow version.
 *
 * @param id           the run id, the workflow id, or {@code <workflow id>/<version name>}
 * @param arn          the run's or the workflow's ARN (a version's event names its workflow's ARN)
 * @param time         the event's time: a run's stopTime (its creationTime if it never stopped), a workflow's creationTime
 * @param workflowType PRIVATE or READY2RUN for workflows and versions; null for runs
 * @param versionName  the version's name; null otherwise
 * @param run          GetRun's answer when the listing already fetched it ({@code --run-ids}); null otherwise
 */
record ReplayItem(Kind kind, String id, String arn, String name, String status, Instant time, String workflowId,
                  WorkflowType workflowType, String versionName, GetRunResponse run) {

    enum Kind {
        RUN("run"), WORKFLOW("workflow"), WORKFLOW_VERSION("workflow version");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * What the replay stands for: the resource and its status. Replaying the same key again means the same event;
     * a run that changed status since is a new key.
     */
    String key() {
        return (kind == Kind.WORKFLOW_VERSION ? arn + "/version/" + versionName : arn) + ":" + status;
    }

    /** The replay's deterministic event id: a name-based UUID of {@code "replay:" + key()}. */
    String replayId() {
        return UUID.nameUUIDFromBytes(("replay:" + key()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    String label() {
        return kind.label + " " + id;
    }
}
