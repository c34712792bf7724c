package io.omicsmonitor.analyzer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a scattered or repeated task shares across its instances, by the engine's naming convention
 * (upstream's patterns; Unicode classes because Python 3's {@code \d}, {@code \D} and {@code \s} are Unicode).
 */
public final class TaskBaseName {

    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern WDL = Pattern.compile("^([^-]+)(-\\d+-\\d+.*)?$", FLAGS);
    private static final Pattern NEXTFLOW = Pattern.compile("^(.+)(\\s\\(.+\\))$", FLAGS);
    private static final Pattern CWL = Pattern.compile("^(^\\D+)(_\\d+)?$", FLAGS);

    private TaskBaseName() {
    }

    /**
     * @param engine WDL, NEXTFLOW or CWL (case-insensitive; WDL_LENIENT counts as WDL)
     * @return the base name, or the name itself when it does not follow the convention
     */
    public static String of(String name, String engine) {
        Matcher m = pattern(engine).matcher(name);
        return m.lookingAt() ? m.group(1) : name;
    }

    private static Pattern pattern(String engine) {
        String e = engine == null ? "" : engine.toUpperCase(Locale.ROOT);
        switch (e) {
            case "WDL":
            case "WDL_LENIENT":
                return WDL;
            case "NEXTFLOW":
                return NEXTFLOW;
            case "CWL":
                return CWL;
            default:
                throw new IllegalArgumentException("engine '" + engine + "' is not one of WDL, NEXTFLOW, CWL");
        }
    }
}
