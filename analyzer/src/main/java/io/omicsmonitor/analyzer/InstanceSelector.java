package io.omicsmonitor.analyzer;

import java.util.Optional;

/**
 * The Run Analyzer's right-sizing walk: sizes in ascending vCPUs, and for each size with enough vCPUs the families
 * c (2 GiB per vCPU), m (4), r (8) in that order; the first with enough memory wins.
 */
public final class InstanceSelector {

    public static final String REQUIREMENTS_EXCEED_LARGEST_INSTANCE = "REQUIREMENTS_EXCEED_LARGEST_INSTANCE";

    static final String[] SIZES = {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        "24xlarge", "32xlarge", "48xlarge"};
    static final long[] SIZE_CPUS = {2, 4, 8, 16, 32, 48, 64, 96, 128, 192};
    static final String[] FAMILIES = {"c", "m", "r"};
    static final long[] GIB_PER_CPU = {2, 4, 8};

    /** Every answer of the walk, made once: it is asked once per task. */
    private static final Optional<InstanceChoice>[][] CHOICES = choices();

    private InstanceSelector() {
    }

    @SuppressWarnings("unchecked")
    private static Optional<InstanceChoice>[][] choices() {
        Optional<InstanceChoice>[][] choices = new Optional[SIZES.length][FAMILIES.length];
        for (int s = 0; s < SIZES.length; s++) {
            for (int f = 0; f < FAMILIES.length; f++) {
                // String.join, not +: the first string concatenation of a process costs about 15 ms of set-up
                String type = String.join(".", "omics", FAMILIES[f], SIZES[s]);
                choices[s][f] = Optional.of(new InstanceChoice(type, SIZE_CPUS[s], SIZE_CPUS[s] * GIB_PER_CPU[f]));
            }
        }
        return choices;
    }

    /** The smallest c/m/r instance with at least {@code cpus} vCPUs and {@code memoryGiB} GiB; empty when none fits. */
    public static Optional<InstanceChoice> smallestFitting(long cpus, long memoryGiB) {
        for (int s = 0; s < SIZES.length; s++) {
            if (SIZE_CPUS[s] < cpus) {
                continue;
            }
            for (int f = 0; f < FAMILIES.length; f++) {
                long memory = SIZE_CPUS[s] * GIB_PER_CPU[f];
                if (memory >= memoryGiB) {
                    return CHOICES[s][f];
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ceil(x * (1.0 + headroom))} in double arithmetic, as upstream does (10 x 1.1 = 11.000000000000002 -> 12). */
    public static long withHeadroom(double x, double headroom) {
        return (long) Math.ceil(x * (1.0 + headroom));
    }

    /** True for the compute families the walk chooses from (omics.c.*, omics.m.*, omics.r.*). */
    static boolean isComputeFamily(String type) {
        return type != null && (type.startsWith("omics.c.") || type.startsWith("omics.m.") || type.startsWith("omics.r."));
    }
}
