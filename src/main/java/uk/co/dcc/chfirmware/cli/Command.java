package uk.co.dcc.chfirmware.cli;

import java.io.PrintStream;
import java.util.Set;

/** One command of the command line: {@code java -jar ch-firmware-rollout.jar <name> [options]}. */
interface Command {

    String name();

    /** One line for the list of commands. */
    String summary();

    /** The options, for the help text. */
    String usage();

    /** The names of the options it takes (without the leading --). */
    Set<String> options();

    /** Runs the command; the result is the process exit code (0 = success). */
    int run(Options options, PrintStream out, PrintStream err) throws Exception;
}
