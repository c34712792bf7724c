package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.OmicsMonitor;
import io.omicsmonitor.cli.UserError;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code omics-monitor analyze} for the launcher, without picocli where picocli adds nothing: the plain command lines
 * ({@code analyze --manifest FILE}, optionally with {@code --prices FILE}, {@code --headroom H}, {@code --price-region R}
 * and {@code --format csv}, each once, each option and value a word of its own) run {@link AnalyzeCommand} directly,
 * with the writers, messages and exit codes the command gets through picocli and {@link OmicsMonitor}. Every other
 * command line (help, --batch, JSON, an option given twice, {@code --opt=value}, a value that starts with - or @, a
 * value picocli would reject) goes to {@link OmicsMonitor#main} unchanged.
 *
 * <p>Why: building picocli's model of all the commands costs each run about 0.2 s (its classes, which class-data
 * archives cannot hold, and reflection), several times what analyzing a 10,000-task manifest costs.
 */
public final class AnalyzeMain {

    /** The command names picocli knows, which it may not take as an option's value. */
    private static final List<String> COMMANDS = List.of("demo", "invoke", "query", "analyze", "backfill", "report",
            "help");

    private AnalyzeMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = newPrintWriter(System.out, charset("sun.stdout.encoding"));
        PrintWriter err = newPrintWriter(System.err, charset("sun.stderr.encoding"));
        Integer code = runPlain(args, out, err);
        if (code == null) {
            OmicsMonitor.main(args);
            return;
        }
        System.exit(code);
    }

    /** Runs a plain command line and returns its exit code; null when it is not plain (picocli's to run). */
    static Integer runPlain(String[] args, PrintWriter out, PrintWriter err) {
        AnalyzeCommand command = plain(args);
        if (command == null) {
            return null;
        }
        command.out = out;
        command.err = err;
        try {
            return command.call();
        } catch (UserError e) { // as OmicsMonitor's execution exception handler prints them
            err.println("analyze: " + e.getMessage());
            err.flush();
            return UserError.EXIT_CODE;
        } catch (Exception e) {
            err.println("analyze: unexpected error (a bug; please report it with this output):");
            e.printStackTrace(err);
            err.flush();
            return 1;
        }
    }

    /** The command a plain command line sets up, as picocli would set it (defaults included); else null. */
    static AnalyzeCommand plain(String[] args) {
        if (args.length < 3 || args.length % 2 == 0 || !"analyze".equals(args[0])) {
            return null;
        }
        AnalyzeCommand command = new AnalyzeCommand();
        command.headroom = 0.0; // the options' default values
        command.format = AnalyzeCommand.Format.csv;
        boolean headroom = false;
        boolean format = false;
        for (int i = 1; i < args.length; i += 2) {
            String option = args[i];
            String value = args[i + 1];
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || option.startsWith("@")
                    || COMMANDS.contains(value)) {
                return null; // picocli's to judge: an option or a command where a value should be, an @argument file
            }
            try {
                switch (option) {
                    case "--manifest" -> {
                        if (command.manifests != null) {
                            return null;
                        }
                        command.manifests = List.of(Path.of(value));
                    }
                    case "--prices" -> {
                        if (command.prices != null) {
                            return null;
                        }
                        command.prices = Path.of(value);
                    }
                    case "--headroom" -> {
                        if (headroom) {
                            return null;
                        }
                        headroom = true;
                        command.headroom = Double.valueOf(value); // picocli's conversion of a double
                    }
                    case "--price-region" -> {
                        if (command.region != null) {
                            return null;
                        }
                        command.region = value;
                    }
                    case "--format" -> {
                        if (format || !"csv".equals(value)) {
                            return null;
                        }
                        format = true;
                    }
                    default -> {
                        return null;
                    }
                }
            } catch (NumberFormatException | InvalidPathException e) {
                return null; // picocli reports a value it cannot convert, in its own words
            }
        }
        return command.manifests == null ? null : command;
    }

    /** The charset of picocli's default writers: sun.stdout/stderr.encoding (cp65001 is UTF-8), else the default. */
    private static Charset charset(String property) {
        String encoding = System.getProperty(property);
        if (encoding == null) {
            return Charset.defaultCharset();
        }
        try {
            return Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** picocli's default writer: auto-flushing, buffered, encoding to the stream. */
    private static PrintWriter newPrintWriter(OutputStream stream, Charset charset) {
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
