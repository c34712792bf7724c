package io.omicsmonitor.cli;

/**
 * A problem the user can fix (a missing file, a bad option, missing credentials): printed as one message that says
 * what to do, without a stack trace, and the command exits with {@link #EXIT_CODE}.
 */
public class UserError extends RuntimeException {

    public static final int EXIT_CODE = 2;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
