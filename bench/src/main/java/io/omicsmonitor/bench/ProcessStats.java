package io.omicsmonitor.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/** What a benchmark's process used, read at its end from the JVM's own counters. */
final class ProcessStats {

    private ProcessStats() {
    }

    /** JSON fields: process CPU, the calling thread's allocated bytes, peak heap (sum of the heap pools' peaks), GCs. */
    static String json() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return String.format(Locale.ROOT, "\"processCpuMs\":%.0f,\"mainThreadAllocatedMiB\":%.1f,\"peakHeapMiB\":%.1f,"
                        + "\"maxHeapMiB\":%.0f,\"gcCount\":%d,\"gcMs\":%d",
                os.getProcessCpuTime() / 1e6, allocated / 1048576.0, peakHeap / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, gcs, gcMillis);
    }
}
