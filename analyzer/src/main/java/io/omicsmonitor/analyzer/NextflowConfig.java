package io.omicsmonitor.analyzer;

import java.util.Map;

/**
 * A Nextflow configuration with the recommended resources: one {@code withName} selector per task base name inside
 * {@code process { }}, each setting {@code cpus} and {@code memory}. Pass it to a run as a config file (or paste it
 * into {@code nextflow.config}); on HealthOmics the task then gets the smallest instance that holds it.
 *
 * <p>The selector is a quoted string: Nextflow reports fully qualified names ({@code NFCORE_RNASEQ:RNASEQ:FASTQC}),
 * and written bare (as upstream writes them) {@code withName: A:B:C {} } is Groovy labels {@code A:} and {@code B:}
 * before a block named C, which selects the wrong process or none. Nextflow reads the selector as a regular
 * expression matched against the whole name, so a character that means something there is escaped; memory is in
 * Nextflow's {@code GB}, which are GiB (1024^3 bytes), as HealthOmics' are.
 */
public final class NextflowConfig {

    private static final String REGEX_SPECIALS = "\\.[]{}()<>*+-=!?^$|";

    private NextflowConfig() {
    }

    public static String render(Map<String, RecommendedResources.Size> sizes) {
        StringBuilder out = new StringBuilder("process {\n");
        for (Map.Entry<String, RecommendedResources.Size> e : sizes.entrySet()) {
            out.append("    withName: '").append(groovyString(regex(e.getKey()))).append("' {\n")
                    .append("        cpus = ").append(e.getValue().cpus()).append('\n')
                    .append("        memory = '").append(e.getValue().memoryGiB()).append(" GB'\n")
                    .append("    }\n");
        }
        return out.append("}\n").toString();
    }

    /** The name as a regular expression that matches only itself. */
    static String regex(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (REGEX_SPECIALS.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The text inside a Groovy single-quoted string. */
    static String groovyString(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
