package io.omicsmonitor.manifest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads manifest times. Real manifests write ISO-8601 with or without {@code Z}, with milliseconds or microseconds,
 * sometimes with {@code +00:00}: every time is UTC.
 */
public final class ManifestTimes {

    private ManifestTimes() {
    }

    /** The instant a manifest time names, or null for null. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidManifestException("'" + text + "' is not an ISO-8601 time");
            }
        }
    }
}
