package io.omicsmonitor.cli;

import io.omicsmonitor.cli.analyze.AnalyzeCommand;
import io.omicsmonitor.cli.demo.DemoCommand;
import io.omicsmonitor.cli.invoke.InvokeCommand;
import io.omicsmonitor.cli.query.QueryCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code omics-monitor} command: everything users do outside the stack's automatic triggers. */
@Command(name = "omics-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = OmicsMonitor.Version.class,
        description = {"Monitoring and cost analytics for AWS HealthOmics, on your machine.", ""},
        subcommands = {
            DemoCommand.class,
            InvokeCommand.class,
            QueryCommand.class,
            AnalyzeCommand.class,
            io.omicsmonitor.cli.backfill.BackfillCommand.class,
            io.omicsmonitor.cli.redrive.RedriveCommand.class,
            io.omicsmonitor.cli.ack.AckCommand.class,
            io.omicsmonitor.cli.report.ReportCommand.class,
            io.omicsmonitor.cli.dashboard.DashboardCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Start with: omics-monitor demo", "Every command takes --help."})
public final class OmicsMonitor implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: user errors print one message and exit 2, bugs print their stack and exit 1. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OmicsMonitor());
        cli.setUsageHelpWidth(100); // room for the examples' command lines, on every subcommand
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (error instanceof UserError) {
                err.println(command.getCommandName() + ": " + error.getMessage());
                err.flush();
                return UserError.EXIT_CODE;
            }
            err.println(command.getCommandName() + ": unexpected error (a bug; please report it with this output):");
            error.printStackTrace(err);
            err.flush();
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OmicsMonitor.class.getPackage().getImplementationVersion();
            return new String[] {"omics-monitor " + (version == null ? "(development build)" : version)};
        }
    }
}
