package io.omicsmonitor.templatechecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a handler module's code reads, found in its sources: {@code env.required("X")},
 * {@code env.optional("X"...)} and {@code System.getenv("X")}, with the name written out or as a
 * {@code static final String} constant. The module's own sources are read, and every project class they import,
 * transitively (so {@code LakeLocation.fromEnvironment(env)} counts as reading LAKE_BUCKET and LAKE_PREFIX).
 *
 * <p>Variables starting with {@code AWS_} are Lambda's own or the SDK's local endpoint overrides, and are left out.
 * Limits: a name built at run time, or a class reached only without an import (same package, another module), is
 * not seen.
 */
final class EnvironmentReads {

    private static final Pattern READ = Pattern.compile(
            "(?:\\.required|\\.optional|System\\.getenv)\\(\\s*(?:\"([^\"]*)\"|([A-Za-z_][A-Za-z0-9_.]*))");
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.omicsmonitor\\.[\\w.]+?)(\\.\\*)?;",
            Pattern.MULTILINE);
    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final Map<String, Path> projectClasses = new HashMap<>();

    EnvironmentReads(Path projectRoot) {
        try (Stream<Path> modules = Files.list(projectRoot)) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(sources -> {
                for (Path file : javaFiles(sources)) {
                    String name = sources.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                    projectClasses.put(name, file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables the module at {@code moduleDir} reads, sorted. */
    Set<String> of(Path moduleDir) {
        Set<Path> files = closure(javaFiles(moduleDir.resolve("src/main/java")));
        Map<String, String> constants = new HashMap<>();
        Map<Path, String> texts = new HashMap<>();
        for (Path file : files) {
            String text = read(file);
            texts.put(file, text);
            Matcher c = CONSTANT.matcher(text);
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
        }
        Set<String> variables = new TreeSet<>();
        for (String text : texts.values()) {
            Matcher m = READ.matcher(text);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1)
                        : constants.get(m.group(2).substring(m.group(2).lastIndexOf('.') + 1));
                if (name != null && VARIABLE.matcher(name).matches() && !name.startsWith("AWS_")) {
                    variables.add(name);
                }
            }
        }
        return variables;
    }

    /** The files and every project class they import, transitively. */
    private Set<Path> closure(List<Path> start) {
        Set<Path> seen = new HashSet<>(start);
        Deque<Path> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            Matcher m = IMPORT.matcher(read(todo.pop()));
            while (m.find()) {
                for (Path imported : imported(m.group(1), m.group(2) != null)) {
                    if (seen.add(imported)) {
                        todo.push(imported);
                    }
                }
            }
        }
        return seen;
    }

    /** {@code a.b.C}, {@code a.b.C.member} (a static import) or {@code a.b.*}. */
    private List<Path> imported(String name, boolean wildcard) {
        if (wildcard) {
            return projectClasses.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(name + ".") && e.getKey().indexOf('.', name.length() + 1) < 0)
                    .map(Map.Entry::getValue).toList();
        }
        for (String candidate = name; candidate.contains("."); candidate = candidate.substring(0, candidate.lastIndexOf('.'))) {
            Path file = projectClasses.get(candidate);
            if (file != null) {
                return List.of(file);
            }
        }
        return List.of();
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
