package uk.co.dcc.chfirmware.rollout.waves;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.cmd.LockExternalTaskCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * No CSP fetches a batch of a paused rollout, not even once the lock it held when the pause came has expired (R18).
 * A pause suspends the open batches no CSP holds and leaves a held one to its CSP, because Camunda refuses complete,
 * failure, BPMN error and extendLock on a suspended external task. When that lock runs out during the pause, the
 * batch would be fetchable again; so, before the engine hands out any external task (fetch-and-lock, over the REST
 * API or the Java API, and the lock of one task by id), this engine plugin suspends the open batches of paused
 * rollouts and paused regions that no CSP holds now ({@link RolloutControl#suspendUnheldBatchesOfPausedRollouts}).
 *
 * <p>It is a command interceptor placed before the engine's transaction interceptor (the engine's documented
 * {@code customPreCommandInterceptorsTxRequired}), so the suspension is committed before the fetch reads the tasks;
 * with nothing paused it costs one query of two small tables. A sweep on a timer would leave a batch fetchable from
 * the moment its lock expires to the next sweep; this leaves only the milliseconds between the sweep and the fetch's
 * own query. A failed sweep (another node suspending the same batch at the same moment) does not stop the fetch.
 */
@Component
class PausedBatchGuard extends AbstractProcessEnginePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(PausedBatchGuard.class);

    private final ObjectProvider<RolloutControl> control;

    PausedBatchGuard(ObjectProvider<RolloutControl> control) {
        this.control = control;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        interceptors.add(new CommandInterceptor() {
            @Override
            public <T> T execute(Command<T> command) {
                if (command instanceof FetchExternalTasksCmd || command instanceof LockExternalTaskCmd) {
                    suspendUnheldBatchesOfPausedRollouts();
                }
                return next.execute(command);
            }
        });
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    private void suspendUnheldBatchesOfPausedRollouts() {
        try {
            int suspended = control.getObject().suspendUnheldBatchesOfPausedRollouts();
            if (suspended > 0) {
                LOG.info("Suspended {} batch(es) of paused rollouts that no CSP holds any more", suspended);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not suspend the unheld batches of paused rollouts before handing out external tasks", e);
        }
    }
}
