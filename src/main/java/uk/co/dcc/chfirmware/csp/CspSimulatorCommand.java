package uk.co.dcc.chfirmware.csp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ch-firmware-rollout.jar csp-simulator --region NORTH --user csp-north --password demo
 * --failure-rate 0.02 --latency-ms 5 [--url http://localhost:8080]}: a simulated CSP against a running
 * application, until interrupted. It starts no application of its own.
 */
public final class CspSimulatorCommand {

    public static final String NAME = "csp-simulator";

    private CspSimulatorCommand() {
    }

    /** Runs until interrupted (exit code 0), or answers 2 at once for a mistake in the options. */
    public static int run(String... args) throws InterruptedException {
        quietLogging();
        CspSimulatorOptions options;
        try {
            options = CspSimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        Logger log = LoggerFactory.getLogger(CspSimulatorCommand.class);
        log.info("Simulated CSP {} for {} at {} (failure rate {}, latency {} ms); Ctrl-C to stop", options.user(),
                options.region(), options.url(), options.failureRate(), options.latencyMs());
        CspSimulator simulator = new CspSimulator(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Without Spring Boot's logging set-up, Logback would print the HTTP client's debug output. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("org.apache.hc").setLevel(Level.WARN);
        }
    }
}
