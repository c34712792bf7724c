package io.omicsmonitor.manifest;

/** A manifest that cannot be read as HealthOmics writes manifests: a line that is not JSON, a record of no known kind. */
public class InvalidManifestException extends RuntimeException {

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
