package io.omicsmonitor.manifests;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.RunRecord;
import io.omicsmonitor.manifest.TaskRecord;
import java.time.Instant;

/**
 * A row of the {@code tasks} table: one task record of a run's manifest, with the run's id and ARN to join
 * {@code runs}. Call-cached tasks have no times and may have empty metrics.
 *
 * @param memoryGib      the task's {@code memory}, in GiB
 * @param runningSeconds stopTime - startTime, when both are known
 * @param cached         served from the run cache ({@link TaskRecord#callCached()}): HealthOmics ran nothing
 * @param queuedSeconds  startTime - creationTime, when both are known
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskRow(
        String runId,
        String runArn,
        String taskId,
        String taskArn,
        String taskUuid,
        String name,
        String image,
        String imageDigest,
        String instanceType,
        Number cpus,
        Number memoryGib,
        Number gpus,
        String status,
        String statusMessage,
        String failureReason,
        Instant creationTime,
        Instant startTime,
        Instant stopTime,
        Double runningSeconds,
        TaskMetricsRow metrics,
        boolean cached,
        Double queuedSeconds) {

    static TaskRow of(TaskRecord task, RunRecord run) {
        Instant start = ManifestTimes.parse(task.startTime());
        Instant stop = ManifestTimes.parse(task.stopTime());
        // the run's ARN as the run record writes it: a task's own 'run' field is the same ARN when present
        return new TaskRow(run.runId(), run.arn(), task.taskId(), task.arn(), task.uuid(), task.name(), task.image(),
                task.imageDigest(), task.instanceType(), task.cpus(), task.memory(), task.gpus(), task.status(),
                task.statusMessage(), task.failureReason(), ManifestTimes.parse(task.creationTime()), start, stop,
                RunRow.seconds(start, stop), TaskMetricsRow.of(task.metrics()), task.callCached(),
                task.queuedSeconds());
    }
}
