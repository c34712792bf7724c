package io.omicsmonitor.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTest {

    static final LocalDate MARCH_1 = LocalDate.of(2028, 3, 1);

    @Test
    void eachReportCoversTheLastWholePeriodBeforeTheDayItIsMade() {
        assertEquals(LocalDate.of(2028, 2, 29), Period.DAILY.first(MARCH_1));
        assertEquals(LocalDate.of(2028, 2, 29), Period.DAILY.last(MARCH_1));
        assertEquals(LocalDate.of(2028, 2, 23), Period.WEEKLY.first(MARCH_1));
        assertEquals(7, Period.WEEKLY.days(MARCH_1));
        assertEquals(LocalDate.of(2028, 2, 1), Period.MONTHLY.first(MARCH_1));
        assertEquals(LocalDate.of(2028, 2, 29), Period.MONTHLY.last(MARCH_1));
        assertEquals(29, Period.MONTHLY.days(MARCH_1));
        assertEquals(LocalDate.of(2028, 1, 1), Period.MONTHLY.first(LocalDate.of(2028, 2, 15)));
    }

    @Test
    void aPeriodIsNamedOrRefused() {
        assertEquals(Period.WEEKLY, Period.parse(" Weekly"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Period.parse("hourly"));
        assertEquals("'hourly' is not a report period: daily, weekly or monthly", e.getMessage());
    }
}
