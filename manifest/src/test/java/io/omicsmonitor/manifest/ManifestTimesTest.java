package io.omicsmonitor.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read common shapes against what java.time made of them (the reading before epochMicros). */
class ManifestTimesTest {

    @Test
    void commonShapesAreReadAsLocalDateTimeReadThem() {
        Random random = new Random(11);
        List<String> times = new ArrayList<>(List.of("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123456",
                "2024-02-29T23:59:59.999999999Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
                "2024-04-31T00:00:00Z", "2024-04-30T24:00:00Z", "2024-04-30T23:60:00Z", "2024-04-30T23:59:60Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.9Z", "1969-12-31T23:59:59.5Z", "1900-02-29T00:00:00Z",
                "2000-02-29T00:00:00Z", "2024-05-01T10:00:00.\u0661\u0662Z", "2024-05-01T10:00:00.", "2024-05-01T10:00:00+00:00",
                "2024-05-01 10:00:00", "2024-05-01T10:00:00.1234567891"));
        for (int n = 0; n < 20_000; n++) {
            times.add(String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61),
                    random.nextBoolean() ? "" : "." + Long.toString(Math.abs(random.nextLong())).substring(0, 1 + random.nextInt(9)),
                    random.nextBoolean() ? "Z" : ""));
        }
        for (String time : times) {
            Object expected;
            Object actual;
            Object micros;
            try {
                Instant before = before(time);
                expected = before == null ? ManifestTimes.parse(time) : before;
            } catch (InvalidManifestException e) {
                expected = e.getMessage();
            }
            try {
                actual = ManifestTimes.parse(time);
            } catch (InvalidManifestException e) {
                actual = e.getMessage();
            }
            try {
                micros = ManifestTimes.epochMicros(time);
            } catch (InvalidManifestException e) {
                micros = e.getMessage();
            }
            assertEquals(expected, actual, time);
            assertEquals(expected instanceof Instant t ? (Object) (t.getEpochSecond() * 1_000_000L + t.getNano() / 1000)
                    : expected, micros, time);
        }
    }

    /** ManifestTimes.parseCommon as it was: LocalDateTime.of for the fields read by hand. */
    private static Instant before(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int[] f = {digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)};
        for (int v : f) {
            if (v < 0) {
                return null;
            }
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
            return LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], nanos).toInstant(ZoneOffset.UTC);
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
