package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Metrics;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.Optional;

/** A task's stats row: billed time, costs, utilization and the right-sizing recommendation (healthomics.md §3). */
final class TaskRows {

    static final double MINIMUM_BILLED_SECONDS = 60.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private TaskRows() {
    }

    static ResourceRow of(TaskRecord task, long startMicros, long stopMicros, Pricer pricer, double headroom) {
        String type = Arns.resourceType(task.arn());
        Metrics m = task.metrics();
        if (m == null) {
            // no metrics key: upstream skips every derived value and prints the record's own fields only
            return new ResourceRow(task.uuid(), task.arn(), type, task.name(), task.startTime(), task.stopTime(),
                    null, task.cpus(), task.gpus(), task.memory(), null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null);
        }
        boolean timed = startMicros != TaskTimes.NONE && stopMicros != TaskTimes.NONE;
        double running = timed ? TaskTimes.seconds(startMicros, stopMicros) : 0.0;
        Number runningSeconds = timed ? (Number) running : m.runningSeconds();

        String reserved = null;
        String minimum = null;
        Number recommendedCpus = null;
        Number recommendedMemory = null;
        Double estimated = null;
        Double minimumCost = null;
        if (task.instanceType() != null) {
            reserved = task.instanceType();
            double billedHours = Math.max(MINIMUM_BILLED_SECONDS, running) / SECONDS_PER_HOUR;
            estimated = pricer.cost(reserved, billedHours);
            String pricedType = reserved;
            if (truthy(m.cpusMaximum()) && truthy(m.memoryMaximumGiB()) && !truthy(m.gpusReserved())) {
                long cpus = InstanceSelector.withHeadroom(m.cpusMaximum().doubleValue(), headroom);
                long memory = InstanceSelector.withHeadroom(m.memoryMaximumGiB().doubleValue(), headroom);
                Optional<InstanceChoice> fit = InstanceSelector.smallestFitting(cpus, memory);
                if (fit.isPresent()) {
                    pricedType = fit.get().type();
                    minimum = pricedType;
                    recommendedCpus = fit.get().cpus();
                    recommendedMemory = fit.get().memoryGiB();
                } else {
                    minimum = InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE;
                    recommendedCpus = m.cpusReserved();
                    recommendedMemory = m.memoryReservedGiB();
                }
            } else {
                // GPU tasks and tasks without maxima keep what they reserved
                minimum = reserved;
                recommendedCpus = m.cpusReserved();
                recommendedMemory = m.memoryReservedGiB();
            }
            minimumCost = pricer.cost(pricedType, billedHours);
        }
        return new ResourceRow(task.uuid(), task.arn(), type, task.name(), task.startTime(), task.stopTime(),
                runningSeconds, task.cpus(), task.gpus(), task.memory(), reserved, minimum, recommendedCpus,
                recommendedMemory, estimated, minimumCost, ratio(m.cpusMaximum(), m.cpusReserved()),
                ratio(m.memoryMaximumGiB(), m.memoryReservedGiB()),
                ratio(m.storageMaximumGiB(), m.storageReservedGiB()), m.cpusReserved(), m.cpusMaximum(),
                m.cpusAverage(), m.gpusReserved(), m.memoryReservedGiB(), m.memoryMaximumGiB(), m.memoryAverageGiB(),
                m.storageReservedGiB(), m.storageMaximumGiB(), m.storageAverageGiB());
    }

    /** Python truthiness of a number: present and non-zero. */
    static boolean truthy(Number n) {
        return n != null && n.doubleValue() != 0.0;
    }

    /** used / reserved, only when both are non-zero (as upstream). */
    static Double ratio(Number used, Number reserved) {
        return truthy(used) && truthy(reserved) ? used.doubleValue() / reserved.doubleValue() : null;
    }
}
