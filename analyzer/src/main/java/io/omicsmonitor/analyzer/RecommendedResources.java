package io.omicsmonitor.analyzer;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The resources to request for each task, by task base name ({@link TaskBaseName}): the largest right-sized vCPUs and
 * memory over every measured instance of the task (a scatter's shards, the runs given), from the observed maxima plus
 * the headroom, walked exactly as the per-task recommendation ({@link InstanceSelector}). What a workflow
 * configuration ({@code analyze --write-config}) is written from.
 *
 * <p>Only measured tasks count: a call-cached task or one without metrics has no maxima, and a GPU task keeps its
 * accelerator's size; upstream counts their reserved sizes as recommendations, which can hold a scatter at the size
 * it already had. Such a name without any measured instance is {@link #skipped() skipped}, with the reason, so the
 * engine keeps what the workflow declares for it. So is a name with a shard that no instance holds (more than 192
 * vCPUs or 1536 GiB with the headroom): any size written would be too small for it.
 */
public final class RecommendedResources {

    /** The vCPUs and GiB of the smallest c/m/r instance that fits every measured instance of a task: {@code type}. */
    public record Size(long cpus, long memoryGiB, String type) {
    }

    private final String engine;
    private final double headroom;
    /** Per base name, the most vCPUs and the most GiB of the shards' own fits (may come from different shards). */
    private final SortedMap<String, long[]> largestFit = new TreeMap<>();
    private final SortedMap<String, String> skipped = new TreeMap<>();
    private final Set<String> exceeded = new HashSet<>();
    private int tasks;

    /**
     * @param engine   WDL (or WDL_LENIENT), NEXTFLOW or CWL: how base names are found
     * @param headroom the fraction added to the maxima, 0..1
     */
    public RecommendedResources(String engine, double headroom) {
        if (!(headroom >= 0.0 && headroom <= 1.0)) {
            throw new IllegalArgumentException("headroom " + headroom + " must be between 0.0 and 1.0");
        }
        TaskBaseName.of("", engine); // fails now, naming the engine, rather than at the first task
        this.engine = engine.toUpperCase(Locale.ROOT);
        this.headroom = headroom;
    }

    /** Every task of the analyses (their maxima; the headroom is this object's). */
    public RecommendedResources addAll(Iterable<RunAnalysis> runs) {
        for (RunAnalysis run : runs) {
            for (ResourceRow task : run.tasks()) {
                add(task.name(), task.cpusMaximum(), task.memoryMaximumGiB(), task.gpusReserved());
            }
        }
        return this;
    }

    /** One task: its name as HealthOmics reports it, and its metrics (null where the manifest has none). */
    public void add(String name, Number cpusMaximum, Number memoryMaximumGiB, Number gpusReserved) {
        tasks++;
        String base = TaskBaseName.of(name == null ? "" : name, engine);
        if (TaskRows.truthy(gpusReserved)) {
            skip(base, "a GPU task: it keeps its accelerator's instance");
            return;
        }
        if (!TaskRows.truthy(cpusMaximum) || !TaskRows.truthy(memoryMaximumGiB)) {
            skip(base, "no measured maxima (call-cached, or no metrics)");
            return;
        }
        long cpus = InstanceSelector.withHeadroom(cpusMaximum.doubleValue(), headroom);
        long memory = InstanceSelector.withHeadroom(memoryMaximumGiB.doubleValue(), headroom);
        InstanceChoice fit = InstanceSelector.smallestFitting(cpus, memory).orElse(null);
        if (fit == null) {
            // a shard beyond the largest instance: no size holds the task, so the workflow keeps its own
            largestFit.remove(base);
            exceeded.add(base);
            skipped.put(base, "a shard needs " + cpus + " vCPUs and " + memory + " GiB, more than the largest "
                    + "instance");
            return;
        }
        if (exceeded.contains(base)) {
            return;
        }
        skipped.remove(base);
        long[] largest = largestFit.computeIfAbsent(base, k -> new long[2]);
        largest[0] = Math.max(largest[0], fit.cpus());
        largest[1] = Math.max(largest[1], fit.memoryGiB());
    }

    private void skip(String base, String why) {
        if (!largestFit.containsKey(base) && !exceeded.contains(base)) {
            skipped.putIfAbsent(base, why);
        }
    }

    /** The engine, upper case (WDL_LENIENT as given). */
    public String engine() {
        return engine;
    }

    /**
     * Base name to size, in name order: the smallest instance with the most vCPUs and the most memory any shard's
     * own fit has. It always exists (a fit has at most 8 GiB per vCPU, so the r family at the larger vCPU count holds
     * both), and may hold more memory than any one shard's fit.
     */
    public SortedMap<String, Size> sizes() {
        SortedMap<String, Size> sizes = new TreeMap<>();
        largestFit.forEach((base, largest) -> {
            InstanceChoice both = InstanceSelector.smallestFitting(largest[0], largest[1]).orElseThrow();
            sizes.put(base, new Size(both.cpus(), both.memoryGiB(), both.type()));
        });
        return Collections.unmodifiableSortedMap(sizes);
    }

    /** Base names with no measured instance, and why, in name order. */
    public Map<String, String> skipped() {
        return Collections.unmodifiableSortedMap(skipped);
    }

    /** How many tasks were added. */
    public int tasks() {
        return tasks;
    }
}
