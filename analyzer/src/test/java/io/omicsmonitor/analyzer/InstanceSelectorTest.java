package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InstanceSelectorTest {

    @ParameterizedTest(name = "({0} vCPU, {1} GiB) -> {2}")
    @CsvSource({
        "1, 1, omics.c.large, 2, 4",
        "2, 8, omics.m.large, 2, 8",
        "2, 12, omics.r.large, 2, 16",
        "8, 16, omics.c.2xlarge, 8, 16",
        "100, 400, omics.m.32xlarge, 128, 512",
        "192, 1536, omics.r.48xlarge, 192, 1536",
        "3, 20, omics.r.xlarge, 4, 32",
        "5, 64, omics.r.2xlarge, 8, 64",
        "5, 65, omics.r.4xlarge, 16, 128"})
    void upstreamCases(long cpus, long memory, String type, long typeCpus, long typeMemory) {
        assertEquals(new InstanceChoice(type, typeCpus, typeMemory),
                InstanceSelector.smallestFitting(cpus, memory).orElseThrow());
    }

    @Test
    void nothingFitsBeyondTheLargestInstance() {
        assertTrue(InstanceSelector.smallestFitting(1000, 5000).isEmpty());
        assertTrue(InstanceSelector.smallestFitting(193, 1).isEmpty());
        assertTrue(InstanceSelector.smallestFitting(1, 1537).isEmpty());
    }

    @Test
    void headroomIsCeiledInDoubleArithmetic() {
        // healthomics.md's example "10 x 1.1 = 11.000000000000002" does not hold: 10 * 1.1 is exactly 11.0 in
        // IEEE doubles (Python and Java alike). The quirk it means shows at 50: 50 * 1.1 = 55.00000000000001 -> 56
        assertEquals(11, InstanceSelector.withHeadroom(10, 0.1));
        assertEquals(56, InstanceSelector.withHeadroom(50, 0.1));
        assertEquals(111, InstanceSelector.withHeadroom(100, 0.1)); // 110.00000000000001
        assertEquals(10, InstanceSelector.withHeadroom(10, 0.0));
        assertEquals(3, InstanceSelector.withHeadroom(2.5, 0.0));
        assertEquals(20, InstanceSelector.withHeadroom(10, 1.0));
    }

    @Test
    void staticStorageSizes() {
        assertEquals(1200, StaticStorage.gib(null));
        assertEquals(1200, StaticStorage.gib(0.0));
        assertEquals(1200, StaticStorage.gib(1200.0));
        assertEquals(2400, StaticStorage.gib(1200.5));
        assertEquals(2400, StaticStorage.gib(2400.0));
        assertEquals(4800, StaticStorage.gib(2401.0));
        assertEquals(4800, StaticStorage.gib(4800.0));
        assertEquals(7200, StaticStorage.gib(4800.1));
    }
}
