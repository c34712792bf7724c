package io.omicsmonitor.reports;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A report's period. A report made on {@code today} (UTC) covers the last whole period before it: the day before, the
 * seven days before, the calendar month before. Its first and last days are inclusive.
 */
public enum Period {
    DAILY, WEEKLY, MONTHLY;

    /** {@code daily}, {@code weekly} or {@code monthly}; anything else is an error naming the choices. */
    public static Period parse(String text) {
        for (Period p : values()) {
            if (p.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a report period: daily, weekly or monthly");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The first day the report made on {@code today} covers. */
    public LocalDate first(LocalDate today) {
        return switch (this) {
            case DAILY -> today.minusDays(1);
            case WEEKLY -> today.minusDays(7);
            case MONTHLY -> today.minusMonths(1).withDayOfMonth(1);
        };
    }

    /** The last day the report made on {@code today} covers. */
    public LocalDate last(LocalDate today) {
        return switch (this) {
            case DAILY, WEEKLY -> today.minusDays(1);
            case MONTHLY -> today.withDayOfMonth(1).minusDays(1);
        };
    }

    /** The days of the period (7 for a week, 28 to 31 for a month). */
    public long days(LocalDate today) {
        return ChronoUnit.DAYS.between(first(today), last(today)) + 1;
    }
}
