package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.Metrics;
import io.omicsmonitor.manifest.RunRecord;
import java.time.Instant;

/** The run's stats row: run storage costs and the task concurrency that shows whether quotas were the limit. */
final class RunRows {

    private static final double SECONDS_PER_HOUR = 3600.0;

    private RunRows() {
    }

    static ResourceRow of(RunRecord run, Concurrency c, Pricer pricer, double headroom) {
        String type = Arns.resourceType(run.arn());
        Metrics m = run.metrics();
        if (m == null) {
            return new ResourceRow(run.uuid(), run.arn(), type, run.name(), run.startTime(), run.stopTime(), null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null);
        }
        Instant start = ManifestTimes.parse(run.startTime());
        Instant stop = ManifestTimes.parse(run.stopTime());
        boolean timed = start != null && stop != null;
        double running = timed
                ? TaskTimes.seconds(TaskTimes.micros(run.startTime()), TaskTimes.micros(run.stopTime())) : 0.0;
        Number runningSeconds = timed ? (Number) running : m.runningSeconds();

        // the sweep's values take the place of the run's own (run records do not carry these metrics)
        Number cpusReserved = c.cpusReserved() != null ? c.cpusReserved() : m.cpusReserved();
        Number cpusMaximum = c.cpusMaximum() != null ? c.cpusMaximum() : m.cpusMaximum();
        Number cpusAverage = c.cpusAverage() != null ? c.cpusAverage() : m.cpusAverage();
        Number gpusReserved = c.gpusReserved() != null ? c.gpusReserved() : m.gpusReserved();
        Number memoryReserved = c.memoryReservedGiB() != null ? c.memoryReservedGiB() : m.memoryReservedGiB();
        Number memoryMaximum = c.memoryMaximumGiB() != null ? c.memoryMaximumGiB() : m.memoryMaximumGiB();
        Number memoryAverage = c.memoryAverageGiB() != null ? c.memoryAverageGiB() : m.memoryAverageGiB();

        Double estimated = null;
        Double minimum = null;
        double storageMaximum = m.storageMaximumGiB() == null ? 0.0 : m.storageMaximumGiB().doubleValue();
        double storageAverage = m.storageAverageGiB() == null ? 0.0 : m.storageAverageGiB().doubleValue();
        String storageType = run.effectiveStorageType();
        Double capacity = null;
        boolean known = true;
        if (storageType.equals("STATIC")) {
            long charged = StaticStorage.gib(asDouble(run.storageCapacity()));
            estimated = pricer.cost(PriceBook.RUN_STORAGE, charged * running / SECONDS_PER_HOUR);
            capacity = (double) charged;
        } else if (storageType.equals("DYNAMIC")) {
            estimated = pricer.cost(PriceBook.DYNAMIC_RUN_STORAGE, storageAverage * running / SECONDS_PER_HOUR);
            capacity = storageMaximum;
        } else {
            // upstream fails on a storage type it does not know; here both storage costs stay blank
            known = false;
        }
        if (known) {
            if (storageMaximum != 0.0) {
                capacity = (double) StaticStorage.gib(storageMaximum * (1.0 + headroom));
            }
            minimum = pricer.cost(PriceBook.RUN_STORAGE, capacity * running / SECONDS_PER_HOUR);
        }
        return new ResourceRow(run.uuid(), run.arn(), type, run.name(), run.startTime(), run.stopTime(),
                runningSeconds, null, null, null, null, null, null, null, estimated, minimum,
                TaskRows.ratio(cpusMaximum, cpusReserved), TaskRows.ratio(memoryMaximum, memoryReserved),
                TaskRows.ratio(m.storageMaximumGiB(), m.storageReservedGiB()), cpusReserved, cpusMaximum, cpusAverage,
                gpusReserved, memoryReserved, memoryMaximum, memoryAverage, m.storageReservedGiB(),
                m.storageMaximumGiB(), m.storageAverageGiB());
    }

    private static Double asDouble(Number n) {
        return n == null ? null : n.doubleValue();
    }
}
