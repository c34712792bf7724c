package io.omicsmonitor.manifest;

import java.time.Duration;
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

    /** Seconds from one instant to another, to the nanosecond; null unless both are known. */
    public static Double secondsBetween(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /**
     * {@code parse(text)} in whole epoch microseconds ({@code epochSecond x 10^6 + nano / 1000}), the same errors;
     * text must not be null. The common shapes are read without {@link Instant} or {@link LocalDateTime}, whose
     * classes and cold code cost a short-lived analysis of 10,000 tasks (20,000 times) tens of milliseconds.
     */
    public static long epochMicros(String text) {
        int[] nanos = new int[1];
        long second = commonEpochSecond(text, nanos);
        if (second != NOT_COMMON) {
            return second * 1_000_000L + nanos[0] / 1000; // 4-digit years: no overflow
        }
        Instant t = parse(text);
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z]}, or null for any other shape (left to the formatters). */
    static Instant parseCommon(String s) {
        int[] nanos = new int[1];
        long second = commonEpochSecond(s, nanos);
        return second == NOT_COMMON ? null : Instant.ofEpochSecond(second, nanos[0]);
    }

    private static final long NOT_COMMON = Long.MIN_VALUE;

    /**
     * The epoch second of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z]} (UTC), its nanoseconds in {@code nanos[0]};
     * {@link #NOT_COMMON} for any other shape. A date or time out of range fails as {@code LocalDateTime.of} does.
     */
    private static long commonEpochSecond(String s, int[] nanosOut) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return NOT_COMMON;
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
                return NOT_COMMON;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i < n && s.charAt(i) == 'Z') {
            i++;
        }
        if (i != n) {
            return NOT_COMMON;
        }
        // LocalDateTime.of's checks (the year, 4 digits, is always valid), then LocalDate.toEpochDay's arithmetic
        if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour > 23 || minute > 59
                || second > 59 || nanos < 0 || nanos > 999_999_999) {
            throw new InvalidManifestException("'" + s + "' is not an ISO-8601 time");
        }
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400 + (367 * month - 362) / 12
                + day - 1;
        if (month > 2) {
            days -= isLeap(year) ? 1 : 2;
        }
        days -= DAYS_0000_TO_1970;
        nanosOut[0] = nanos;
        return days * 86_400 + hour * 3600 + minute * 60 + second;
    }

    /** Days from 0000-01-01 to 1970-01-01 (java.time.LocalDate's DAYS_0000_TO_1970). */
    private static final long DAYS_0000_TO_1970 = (146_097 * 5L) - (30L * 365L + 7L);

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int monthLength(int year, int month) {
        return month == 2 ? (isLeap(year) ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
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
