package uk.co.dcc.chfirmware.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The command line (docs/estate-import.md): when the first argument names a command, it runs without
 * starting the application; otherwise the application starts. Add a command by listing it here.
 */
public final class Commands {

    private static final List<Command> ALL = List.of(new GenerateEstateCommand(), new ImportEstateCommand(),
            new CspSimulatorCliCommand());

    private Commands() {
    }

    /** Whether the arguments ask for a command rather than for the application (whose options start with -). */
    public static boolean requested(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    /** Runs the command the first argument names; the result is the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args[0].equals("help") || args[0].equals("--help")) {
            help(out);
            return 0;
        }
        Optional<Command> command = ALL.stream().filter(c -> c.name().equals(args[0])).findFirst();
        if (command.isEmpty()) {
            err.println("Unknown command '" + args[0] + "'.");
            help(err);
            return 2;
        }
        try {
            return command.get().run(new Options(args, 1, command.get().options()), out, err);
        } catch (Options.UsageException e) {
            err.println(command.get().name() + ": " + e.getMessage());
            err.println("usage: " + command.get().name() + " " + command.get().usage());
            return 2;
        } catch (Exception e) {
            err.println(command.get().name() + " failed: " + e);
            return 1;
        }
    }

    private static void help(PrintStream out) {
        out.println("usage: java -jar ch-firmware-rollout.jar [command [options]]");
        out.println("Without a command the application starts. Commands:");
        for (Command command : ALL) {
            out.println("  " + command.name() + " " + command.usage());
            out.println("      " + command.summary());
        }
    }
}
