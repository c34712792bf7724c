package io.omicsmonitor.common.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An NDJSON object's bytes are Json.MAPPER's, record after record, as before. */
class DataLakeJsonTest {

    @Test
    void writesOneMapperLineARecord() throws Exception {
        List<Object> records = Arrays.asList(new LakeLocation("omics-lake", "lake/"),
                JsonNodeFactory.instance.objectNode().put("a", 0.1 + 0.2).put("t", "é\u0000"), List.of(1, 2),
                Instant.parse("2022-10-20T22:07:35.000001Z"), null, "text");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Object record : records) {
            Json.MAPPER.writeValue(expected, record);
            expected.write('\n');
        }
        assertArrayEquals(expected.toByteArray(), DataLake.ndjson(records));
    }

    @Test
    void failsOnARecordItCannotWriteNamingItsClass() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataLake.ndjson(List.of(Optional.of(1))));
        assertEquals("could not serialise a lake record", e.getMessage());
        assertTrue(e.getCause().getMessage().contains("java.util.Optional"), e.getCause().getMessage());
        assertEquals("", new String(DataLake.ndjson(List.of()), StandardCharsets.UTF_8));
    }
}
