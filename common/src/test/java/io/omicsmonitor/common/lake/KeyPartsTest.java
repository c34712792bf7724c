package io.omicsmonitor.common.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPartsTest {

    @ParameterizedTest
    @ValueSource(strings = {"7382915", "c0e540f4-df38-b986-86c1-3e3730f971fe", "1234567_v2.1.0", "a=b", "run_1-x"})
    void acceptsRecordIdsWhoseObjectNameIsPlain(String id) {
        assertEquals(id, KeyParts.recordId(id));
    }

    /** "5." would become "5..json": every '.' must sit between two other characters. */
    @ParameterizedTest
    @ValueSource(strings = {"5.", "a..b", "..", ".a", "a/b", "%2F", "", " a"})
    void refusesRecordIdsThatWouldMakeAnOddObjectName(String id) {
        assertEquals("refusing to write an object named '" + id + "': a record id is 1 to 128 letters, digits, '_', "
                        + "'=' or '-', with '.' only between two of them",
                assertThrows(IllegalArgumentException.class, () -> KeyParts.recordId(id)).getMessage());
    }

    @Test
    void refusesRecordIdsLongerThan128() {
        assertEquals("a".repeat(128), KeyParts.recordId("a".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> KeyParts.recordId("a".repeat(129)));
    }
}
