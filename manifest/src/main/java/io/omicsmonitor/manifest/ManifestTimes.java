package io.omicsmonitor.manifest;

import java.time.DateTimeException;
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
        // the common shapes are read by hand: manifests of 50,000 tasks hold 100,000 times, and the formatters
        // (plus an exception per time without Z) would dominate the analysis
        Instant fast = parseCommon(text);
        if (fast != null) {
            return fast;
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

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z]}, or null for any other shape (left to the formatters). */
    static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i < n && s.charAt(i) == 'Z') {
            i++;
        }
        if (i != n) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidManifestException("'" + s + "' is not an ISO-8601 time");
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
