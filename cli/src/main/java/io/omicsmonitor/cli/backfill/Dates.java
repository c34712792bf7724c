package io.omicsmonitor.cli.backfill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The dates users type on the command line: {@code 2026-11-20} (a whole UTC day), {@code 2026-11-20T12:00:00Z},
 * {@code 2026-11-20T12:00:00+01:00}, or {@code 2026-11-20T12:00:00} (taken as UTC, like every HealthOmics time).
 */
public final class Dates {

    private Dates() {
    }

    /** The first instant the text names: midnight UTC for a date. */
    public static Instant start(String text) {
        return parse(text, false);
    }

    /** The instant after the last one the text names: the next midnight UTC for a date, the instant itself otherwise. */
    public static Instant endExclusive(String text) {
        return parse(text, true);
    }

    private static Instant parse(String text, boolean end) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date: use 2026-11-20 (a whole day, UTC), "
                    + "2026-11-20T12:00:00Z or 2026-11-20T12:00:00+01:00");
        }
    }
}
