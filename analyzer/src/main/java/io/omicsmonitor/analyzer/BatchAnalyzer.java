package io.omicsmonitor.analyzer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Upstream's batch view: every task of one or more analyzed runs grouped by its base name (see {@link TaskBaseName}),
 * in name order, with count, running-time statistics, utilization peaks and means, and a recommended instance type.
 */
public final class BatchAnalyzer {

    private static final Map<String, Long> GIB_PER_CPU = Map.of("c", 2L, "m", 4L, "r", 8L, "g4dn", 16L, "g5", 16L,
            "g6", 16L, "g6e", 32L);

    private BatchAnalyzer() {
    }

    public static List<BatchRow> aggregate(List<RunAnalysis> runs, String engine) {
        Map<String, List<ResourceRow>> byName = new TreeMap<>();
        for (RunAnalysis run : runs) {
            for (ResourceRow task : run.tasks()) {
                String name = task.name() == null ? "" : task.name();
                byName.computeIfAbsent(TaskBaseName.of(name, engine), k -> new ArrayList<>()).add(task);
            }
        }
        List<BatchRow> rows = new ArrayList<>(byName.size());
        byName.forEach((name, tasks) -> rows.add(row(name, tasks)));
        return rows;
    }

    private static BatchRow row(String name, List<ResourceRow> tasks) {
        List<Number> running = values(tasks, ResourceRow::runningSeconds);
        List<Number> cpu = values(tasks, ResourceRow::cpuUtilizationRatio);
        List<Number> memory = values(tasks, ResourceRow::memoryUtilizationRatio);
        List<Number> gpus = values(tasks, ResourceRow::gpusReserved);
        List<Number> cpus = values(tasks, ResourceRow::recommendedCpus);
        List<Number> memoryGiB = values(tasks, ResourceRow::recommendedMemoryGiB);
        List<Number> usd = values(tasks, ResourceRow::estimatedUSD);
        return new BatchRow("task", name, tasks.size(), BatchStatistics.mean(running), BatchStatistics.max(running),
                BatchStatistics.sampleStdDev(running), BatchStatistics.max(cpu), BatchStatistics.mean(cpu),
                BatchStatistics.max(memory), BatchStatistics.mean(memory), BatchStatistics.max(gpus),
                BatchStatistics.mean(gpus), BatchStatistics.max(cpus), BatchStatistics.max(memoryGiB),
                recommendedType(tasks, BatchStatistics.max(cpus), BatchStatistics.max(memoryGiB)),
                BatchStatistics.max(usd), BatchStatistics.mean(usd));
    }

    /** Each task's value, 0.0 where it has none (upstream's {@code metrics.get(key, 0.0)}). */
    private static List<Number> values(List<ResourceRow> tasks, Function<ResourceRow, Number> field) {
        List<Number> values = new ArrayList<>(tasks.size());
        for (ResourceRow task : tasks) {
            Number v = field.apply(task);
            values.add(v == null ? (Number) 0.0 : v);
        }
        return values;
    }

    /**
     * The type that fits the batch's maxima. Upstream takes the per-task minimum with the most memory
     * ({@code omics_instance_weight}), which can have too few vCPUs for another task of the batch (r.xlarge over
     * c.2xlarge); here, when every minimum is a c/m/r type, the walk is rerun on the largest recommended vCPUs and
     * memory, so the type fits every task. A batch with a task beyond the largest instance gets
     * REQUIREMENTS_EXCEED_LARGEST_INSTANCE; a batch with GPU types falls back to upstream's heaviest type.
     * Empty when no task had an instance type.
     */
    private static String recommendedType(List<ResourceRow> tasks, Number maxCpus, Number maxMemory) {
        Map<String, Long> minima = new LinkedHashMap<>();
        boolean allCompute = true;
        for (ResourceRow task : tasks) {
            String type = task.omicsInstanceTypeMinimum();
            if (type == null) {
                continue;
            }
            if (type.equals(InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE)) {
                return type;
            }
            allCompute &= InstanceSelector.isComputeFamily(type);
            minima.putIfAbsent(type, weight(type));
        }
        if (minima.isEmpty()) {
            return null;
        }
        if (allCompute) {
            Optional<InstanceChoice> fit = InstanceSelector.smallestFitting(
                    (long) Math.ceil(maxCpus.doubleValue()), (long) Math.ceil(maxMemory.doubleValue()));
            return fit.map(InstanceChoice::type).orElse(InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE);
        }
        String heaviest = null;
        long best = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : minima.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                heaviest = e.getKey();
            }
        }
        return heaviest;
    }

    /** Upstream's weight: vCPUs x GiB per vCPU of the family; -1 for a type it does not know. */
    static long weight(String type) {
        String[] parts = type.replace("omics.", "").split("\\.");
        if (parts.length != 2 || !GIB_PER_CPU.containsKey(parts[0])) {
            return -1;
        }
        for (int s = 0; s < InstanceSelector.SIZES.length; s++) {
            if (InstanceSelector.SIZES[s].equals(parts[1])) {
                return InstanceSelector.SIZE_CPUS[s] * GIB_PER_CPU.get(parts[0]);
            }
        }
        return -1;
    }
}
