package io.omicsmonitor.manifest;

/**
 * The manifest is not (all) there yet: HealthOmics writes it some time after the run's terminal event. Retryable:
 * the invocation fails with this, and Lambda's retries (then the dead-letter queue) take over.
 */
public class IncompleteManifestException extends RuntimeException {

    public IncompleteManifestException(String message) {
        super(message);
    }
}
