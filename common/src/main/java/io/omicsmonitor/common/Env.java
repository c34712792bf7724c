package io.omicsmonitor.common;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The function's environment variables, read once at start-up.
 *
 * <p>A missing required variable fails the start-up with the variable's name, so a wiring mistake in the template
 * shows up as an init error on the first invocation instead of a wrong write later.
 */
public final class Env {

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables));
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(
                "environment variable " + name + " is not set; the function cannot start without it"));
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String optional(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    /** Thrown at start-up when the environment is not what the function needs. */
    public static final class ConfigurationException extends RuntimeException {
        public ConfigurationException(String message) {
            super(message);
        }
    }
}
