package uk.co.dcc.chfirmware.csp;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import uk.co.dcc.chfirmware.rollout.batches.BatchProcesses;

/**
 * A simulated CSP on the real Camunda external task client: it long-polls the engine REST API as the
 * region's CSP user for {@code ch-firmware-upgrade} tasks of its region's batch process and works each batch
 * with an {@link UpgradeBatchHandler}. The engine hands it only its own region's batches; the process
 * definition key in the subscription merely says so explicitly.
 */
public class CspSimulator implements AutoCloseable {

    private final CspSimulatorOptions options;
    private final ExternalTaskClient client;

    public CspSimulator(CspSimulatorOptions options) {
        this(options, new UpgradeBatchHandler(options, new CspApi(options.url(), options.user(), options.password())));
    }

    /** A CSP worker with a handler of its own, for integrations that reuse the wiring. */
    public CspSimulator(CspSimulatorOptions options, ExternalTaskHandler handler) {
        this.options = options;
        this.client = ExternalTaskClient.create()
                .baseUrl(options.url() + "/engine-rest")
                .workerId(options.workerId())
                .maxTasks(options.maxTasks())
                .lockDuration(options.lockDurationMs())
                .asyncResponseTimeout(10_000)
                .addInterceptor(new BasicAuthProvider(options.user(), options.password()))
                .build();
        client.subscribe(BatchProcesses.TOPIC)
                .processDefinitionKey(options.region().batchProcessKey())
                .lockDuration(options.lockDurationMs())
                .variables("releaseId", "batchId", "cspRegion", "phase", "guidCount", "firmwareVersion")
                .handler(handler)
                .open();
    }

    public CspSimulatorOptions options() {
        return options;
    }

    /** Stops fetching; a batch being worked is finished first only if its handler returns before the client stops. */
    @Override
    public void close() {
        client.stop();
    }
}
