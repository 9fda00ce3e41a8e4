package uk.co.dcc.chfirmware.cli;

import java.io.PrintStream;
import java.util.Set;
import uk.co.dcc.chfirmware.csp.CspSimulatorCommand;
import uk.co.dcc.chfirmware.csp.CspSimulatorOptions;

/** {@code csp-simulator ...}: the reference CSP worker against a running application (docs/csp-integration.md). */
final class CspSimulatorCliCommand implements Command {

    @Override
    public String name() {
        return CspSimulatorCommand.NAME;
    }

    @Override
    public String summary() {
        return "a simulated CSP: fetches its region's upgrade batches, posts outcomes and completes them, until Ctrl-C";
    }

    @Override
    public String usage() {
        return CspSimulatorOptions.USAGE.substring(CspSimulatorCommand.NAME.length()).strip();
    }

    @Override
    public Set<String> options() {
        return Set.of("region", "user", "password", "url", "failure-rate", "latency-ms", "chunk-size", "format",
                "lock-duration-ms", "max-tasks", "retries", "retry-timeout-ms", "worker-id");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws Exception {
        return CspSimulatorCommand.run(options.asArguments());
    }
}
