package io.omicsmonitor.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omicsmonitor.common.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeLocationTest {

    @Test
    void normalisesThePrefix() {
        assertEquals("", new LakeLocation("omics-lake", "").prefix());
        assertEquals("lake/", new LakeLocation("omics-lake", "lake").prefix());
        assertEquals("a/b/", new LakeLocation("omics-lake", "/a//b/").prefix());
    }

    @Test
    void failsAtStartUpNamingTheMissingVariable() {
        Env.ConfigurationException e = assertThrows(Env.ConfigurationException.class,
                () -> LakeLocation.fromEnvironment(new Env(Map.of("LAKE_PREFIX", "lake"))));
        assertEquals("environment variable LAKE_BUCKET is not set; the function cannot start without it", e.getMessage());
    }

    @Test
    void refusesBadBucketsAndPrefixes() {
        assertThrows(Env.ConfigurationException.class, () -> new LakeLocation("Bad_Bucket", ""));
        assertEquals("lake prefix segment '..' must be letters, digits, '.', '_', '=' or '-'",
                assertThrows(Env.ConfigurationException.class, () -> new LakeLocation("omics-lake", "a/../b")).getMessage());
    }
}
