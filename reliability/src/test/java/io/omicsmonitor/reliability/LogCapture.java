package io.omicsmonitor.reliability;

import io.omicsmonitor.common.log.Log;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every line the functions log (through {@link Log}) during the suite, kept in memory instead of printed. The surefire
 * configuration sets {@code AWS_LAMBDA_LOG_LEVEL=INFO}, so every INFO, WARN and ERROR line is here.
 */
final class LogCapture {

    private static final List<String> LINES = new ArrayList<>();
    private static boolean installed;

    private LogCapture() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Log.redirect(new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                synchronized (LINES) {
                    if (b == '\n') {
                        LINES.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    static int size() {
        synchronized (LINES) {
            return LINES.size();
        }
    }
}
