package io.omicsmonitor.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's files are: template.yaml, the sample events in {@code events/} and the recorded API data in
 * {@code events/recorded/}. The launcher script says where ({@code -Domics.monitor.home}); otherwise the working
 * folder and its parents are searched, so the jar also works when run by hand from inside the project.
 */
public record ProjectFiles(Path root) {

    public static final String HOME_PROPERTY = "omics.monitor.home";

    /**
     * Where {@code demo} puts its lake and {@code invoke}/{@code query}/{@code report} look for it, relative to the
     * working folder. Here rather than on the top command, so the subcommands need not import the command that lists them.
     */
    public static final String DEFAULT_LAKE = ".omics-monitor/lake";

    public static ProjectFiles locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return new ProjectFiles(Path.of(home).toAbsolutePath().normalize());
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return new ProjectFiles(dir);
            }
        }
        return new ProjectFiles(cwd);
    }

    public Path template() {
        return root.resolve("template.yaml");
    }

    public Path events() {
        return root.resolve("events");
    }

    public Path recorded() {
        return events().resolve("recorded");
    }

    /** The folder of the sample events, or an error that says where it was looked for. */
    public Path requireEvents() {
        if (!Files.isDirectory(events())) {
            throw new UserError("no events/ folder in " + root + ": run omics-monitor from the project folder (the one "
                    + "with template.yaml and events/)");
        }
        return events();
    }
}
