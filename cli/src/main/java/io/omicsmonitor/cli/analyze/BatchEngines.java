package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.UserError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --batch} aggregates tasks by base name, and each engine names tasks its own way: as upstream, runs of
 * different engines are refused, naming each run's engine. A run record without an engine does not count
 * ({@code --engine} then decides).
 */
final class BatchEngines {

    /** A run (a manifest file, or {@code run <id>}) and its run record's engine, null when it names none. */
    record Source(String name, String engine) {
    }

    private BatchEngines() {
    }

    static void requireOne(List<Source> sources) {
        Set<String> engines = sources.stream().map(Source::engine).filter(Objects::nonNull)
                .map(e -> e.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (engines.size() > 1) {
            throw new UserError("--batch aggregates runs of one engine, and these are of " + engines.size() + " ("
                    + sources.stream().filter(s -> s.engine() != null).map(s -> s.name() + " " + s.engine())
                            .collect(Collectors.joining(", "))
                    + "): analyze each engine's runs in a batch of their own");
        }
    }
}
