package uk.co.dcc.chfirmware.csp;

import java.util.Locale;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * How a simulated CSP works: whose batches it takes (region, user, password), where the application is,
 * how its upgrades go (failure rate, latency) and how it talks (chunk size, format, lock duration, retries).
 *
 * @param failureRate   the share of hubs whose first attempt fails (decided by the GUID alone)
 * @param permanentFailureShare of those, the share that fail on every attempt (a real fault at the premises); the others
 *                      fail only on their first attempt and are upgraded by a retry
 * @param latencyMs     how long one simulated upgrade takes; the hubs of a chunk are upgraded in parallel,
 *                      so each chunk takes this long once
 * @param chunkSize     how many outcomes go into one post
 * @param lockDurationMs how long a fetched batch stays locked to this worker; extended after every chunk
 * @param retries       the retries a batch gets after its first technical failure; none left raises an incident
 */
public record CspSimulatorOptions(String url, CspRegion region, String user, String password, double failureRate,
                                  double permanentFailureShare, long latencyMs, int chunkSize, String format, long lockDurationMs, int maxTasks,
                                  int retries, long retryTimeoutMs, String workerId) {

    /** Of the hubs whose first attempt fails, the share that fail on every attempt unless told otherwise. */
    public static final double DEFAULT_PERMANENT_FAILURE_SHARE = 0.1;

    public static final String USAGE = """
            csp-simulator --region NORTH|CENTRAL_SOUTH --user <csp user> [--password demo] [--url http://localhost:8080]
                          [--failure-rate 0.02] [--permanent-failure-share 0.1] [--latency-ms 5] [--chunk-size 1000] [--format csv|ndjson]
                          [--lock-duration-ms 300000] [--max-tasks 4] [--retries 3] [--retry-timeout-ms 10000]
                          [--worker-id <id>]""";

    public CspSimulatorOptions {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("--failure-rate must be between 0 and 1");
        }
        if (permanentFailureShare < 0 || permanentFailureShare > 1) {
            throw new IllegalArgumentException("--permanent-failure-share must be between 0 and 1");
        }
        if (chunkSize < 1 || maxTasks < 1 || lockDurationMs < 1 || latencyMs < 0 || retries < 0 || retryTimeoutMs < 0) {
            throw new IllegalArgumentException("--chunk-size, --max-tasks and --lock-duration-ms must be positive, the others not negative");
        }
        if (!format.equals("csv") && !format.equals("ndjson")) {
            throw new IllegalArgumentException("--format must be csv or ndjson");
        }
    }

    /** The defaults for a region's demo CSP user (password demo); a tenth of the failing hubs fail on every attempt. */
    public static CspSimulatorOptions demo(String url, CspRegion region, double failureRate, long latencyMs) {
        return demo(url, region, failureRate, DEFAULT_PERMANENT_FAILURE_SHARE, latencyMs);
    }

    /** The same, with the share of failing hubs that fail on every attempt. */
    public static CspSimulatorOptions demo(String url, CspRegion region, double failureRate, double permanentFailureShare,
                                           long latencyMs) {
        return new CspSimulatorOptions(url, region, region.cspGroup(), "demo", failureRate, permanentFailureShare, latencyMs, 1000, "csv", 300_000,
                4, 3, 10_000, region.cspGroup() + "-simulator");
    }

    public CspSimulatorOptions withLockDuration(long millis) {
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, chunkSize, format, millis, maxTasks,
                retries, retryTimeoutMs, workerId);
    }

    public CspSimulatorOptions withWorkerId(String id) {
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, chunkSize, format, lockDurationMs,
                maxTasks, retries, retryTimeoutMs, id);
    }

    public CspSimulatorOptions withChunkSize(int size) {
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, size, format, lockDurationMs,
                maxTasks, retries, retryTimeoutMs, workerId);
    }

    public CspSimulatorOptions withRetries(int count) {
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, chunkSize, format, lockDurationMs,
                maxTasks, count, retryTimeoutMs, workerId);
    }

    public CspSimulatorOptions withFormat(String outcomeFormat) {
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, chunkSize, outcomeFormat,
                lockDurationMs, maxTasks, retries, retryTimeoutMs, workerId);
    }

    /** Parses {@code --name value} pairs; unknown names are refused with the usage. */
    public static CspSimulatorOptions parse(String... args) {
        String url = "http://localhost:8080";
        CspRegion region = null;
        String user = null;
        String password = "demo";
        double failureRate = 0.0;
        double permanentFailureShare = DEFAULT_PERMANENT_FAILURE_SHARE;
        long latencyMs = 0;
        int chunkSize = 1000;
        String format = "csv";
        long lockDurationMs = 300_000;
        int maxTasks = 4;
        int retries = 3;
        long retryTimeoutMs = 10_000;
        String workerId = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = value;
                case "--region" -> region = CspRegion.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--failure-rate" -> failureRate = Double.parseDouble(value);
                case "--permanent-failure-share" -> permanentFailureShare = Double.parseDouble(value);
                case "--latency-ms" -> latencyMs = Long.parseLong(value);
                case "--chunk-size" -> chunkSize = Integer.parseInt(value);
                case "--format" -> format = value.toLowerCase(Locale.ROOT);
                case "--lock-duration-ms" -> lockDurationMs = Long.parseLong(value);
                case "--max-tasks" -> maxTasks = Integer.parseInt(value);
                case "--retries" -> retries = Integer.parseInt(value);
                case "--retry-timeout-ms" -> retryTimeoutMs = Long.parseLong(value);
                case "--worker-id" -> workerId = value;
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (region == null) {
            throw new IllegalArgumentException("--region is required\n" + USAGE);
        }
        if (user == null) {
            user = region.cspGroup();
        }
        return new CspSimulatorOptions(url, region, user, password, failureRate, permanentFailureShare, latencyMs, chunkSize, format, lockDurationMs,
                maxTasks, retries, retryTimeoutMs, workerId != null ? workerId : user + "-simulator-" + ProcessHandle.current().pid());
    }
}
