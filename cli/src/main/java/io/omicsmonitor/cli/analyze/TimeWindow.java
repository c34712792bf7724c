package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.UserError;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --time}: how far back to look for finished runs, in upstream's spellings (5d, 5days, 12h, 30min, 2w). */
final class TimeWindow {

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)");
    private static final Map<Character, Duration> UNITS = Map.of('m', Duration.ofMinutes(1), 'h', Duration.ofHours(1),
            'd', Duration.ofDays(1), 'w', Duration.ofDays(7));

    private TimeWindow() {
    }

    static Duration parse(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.matches()) {
            throw new UserError("--time '" + text + "' is not an interval: give a number and a unit, m (minutes), "
                    + "h (hours), d (days) or w (weeks), e.g. --time 1d, --time 12h, --time 2w");
        }
        long count;
        try {
            count = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            count = -1;
        }
        Duration unit = UNITS.get(m.group(2).charAt(0));
        if (count < 1 || count > Duration.ofDays(36_500).dividedBy(unit)) {
            throw new UserError("--time '" + text + "': give from 1 to 100 years' worth of " + m.group(2));
        }
        return unit.multipliedBy(count);
    }
}
