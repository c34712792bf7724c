package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.manifest.Manifest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code analyze --timeline}: the seconds pending, starting and running, byte for byte on the recorded runs. */
class TimelineTest {

    private static String timeline(Manifest... manifests) {
        StringBuilder csv = new StringBuilder();
        Timeline.write(List.of(manifests), csv);
        return csv.toString();
    }

    @Test
    void theSomaticRunTaskByTaskInCreationOrder() throws IOException {
        // run created 12:58:40.112, started 13:07:12.480 (512.368 s), stopped 14:27:41.903 (4829.423 s);
        // SplitIntervals created 13:07:17.609 (517.497 s after the run), started 13:09:26.007 (128.398 s),
        // stopped 13:12:20.226 (174.219 s)
        assertEquals("""
                resource,pending,starting,running
                run/9103774 (name=HG002-somatic-tumor-normal),0.0,512.368,4829.423
                "task/4804037 (name=SplitIntervals,cpus=2,memory=4)",517.497,128.398,174.219
                "task/4804407 (name=Mutect2_scatter-6-1,cpus=4,memory=16)",822.927,161.357,3454.685
                "task/4804333 (name=Mutect2_scatter-4-1,cpus=4,memory=16)",823.837,155.487,2826.846
                "task/4804222 (name=Mutect2_scatter-1-1,cpus=4,memory=16)",824.374,123.186,2953.516
                "task/4804111 (name=GetPileupSummaries_normal,cpus=4,memory=8)",824.4,124.337,1956.916
                "task/4804259 (name=Mutect2_scatter-2-1,cpus=4,memory=16)",824.519,126.34,3160.574
                "task/4804185 (name=Mutect2_scatter-0-1,cpus=4,memory=16)",826.158,167.184,2905.206
                "task/4804370 (name=Mutect2_scatter-5-1,cpus=4,memory=16)",826.331,157.851,2955.768
                "task/4804444 (name=Mutect2_scatter-7-1,cpus=4,memory=16)",826.601,116.642,3006.912
                "task/4804074 (name=GetPileupSummaries_tumor,cpus=4,memory=8)",827.351,103.646,1852.452
                "task/4804296 (name=Mutect2_scatter-3-1,cpus=4,memory=16)",827.579,107.718,4363.244
                "task/4804148 (name=CollectSequencingArtifactMetrics,cpus=2,memory=4)",2911.793,104.825,2302.59
                """, timeline(SampleManifests.recorded("9103774")));
    }

    @Test
    void aCallCachedTaskHasNoTimesAndComesLast() throws IOException {
        // upstream stops with a TypeError on this run (CheckInputs has no creationTime)
        String csv = timeline(SampleManifests.recorded("7382915"));

        assertTrue(csv.startsWith("resource,pending,starting,running\n"
                + "run/7382915 (name=NA12878-germline-wgs),0.0,569.389,12762.267\n"
                + "\"task/4803149 (name=SplitFastq,cpus=4,memory=8)\",573.662,131.728,1236.142\n"), csv);
        assertTrue(csv.endsWith("\"task/4804000 (name=MergeVCFs,cpus=2,memory=4)\",12872.901,87.45,43.784\n"
                + "\"task/4803112 (name=CheckInputs,cpus=2,memory=4)\",,,\n"), csv);
        assertEquals(1 + 1 + 25, csv.lines().count());
    }

    @Test
    void aTaskCancelledBeforeItStartedIsOnlyPendingAndTimesWithoutZAreUtc() throws IOException {
        // rnaseq-batch-17's times have no Z (UTC all the same); RSEQC was created at 09:13:46.450Z, 5615.43 s after
        // the run (07:40:11.020), and cancelled before it started
        String csv = timeline(SampleManifests.recorded("8264019"));

        assertTrue(csv.contains("\nrun/8264019 (name=rnaseq-batch-17),0.0,754.48,4932.63\n"), csv);
        assertTrue(csv.endsWith("\"task/4805073 (name=NFCORE_RNASEQ:RNASEQ:BAM_RSEQC:RSEQC_INFEREXPERIMENT (WT_REP1),"
                + "cpus=2,memory=4)\",5615.43,,\n"), csv);
    }

    @Test
    void severalRunsFollowEachOtherUnderOneHeader() throws IOException {
        String one = timeline(SampleManifests.recorded("9103774"));
        String two = timeline(SampleManifests.recorded("8264019"));

        assertEquals(one + two.substring(two.indexOf('\n') + 1),
                timeline(SampleManifests.recorded("9103774"), SampleManifests.recorded("8264019")));
    }

    @Test
    void secondsArePrintedAsPythonPrintsTheFloat() {
        assertEquals("0.0", Timeline.seconds(5, 5));
        assertEquals("3208.0", Timeline.seconds(0, 3_208_000_000L));
        assertEquals("0.000001", Timeline.seconds(0, 1));
        assertEquals("-1.5", Timeline.seconds(1_500_000, 0));
        assertEquals("", Timeline.seconds(0, Long.MAX_VALUE));
    }

    @Test
    void fiftyThousandTasksOneRowEach() throws IOException {
        Manifest manifest = SampleManifests.generated(11, 50_000);
        String csv = timeline(manifest);

        assertEquals(1 + 1 + 50_000, csv.lines().count());
        long untimed = manifest.tasks().stream().filter(t -> t.creationTime() == null).count();
        assertTrue(untimed > 0, "the generator's call-cached tasks");
        // the tasks without a creation time are the last rows, all three cells empty
        List<String> last = csv.lines().skip(2 + 50_000 - untimed).toList();
        assertEquals(untimed, last.size());
        assertTrue(last.stream().allMatch(l -> l.endsWith(",,,")), last.get(0));
        // creation order: pending never decreases over the timed rows
        double previous = -1;
        for (String line : csv.lines().skip(2).limit(50_000 - untimed).toList()) {
            double pending = Double.parseDouble(line.substring(line.lastIndexOf("\",") + 2).split(",")[0]);
            assertTrue(pending >= previous, line);
            previous = pending;
        }
    }
}
