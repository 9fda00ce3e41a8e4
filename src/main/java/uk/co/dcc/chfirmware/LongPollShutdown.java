package uk.co.dcc.chfirmware;

import org.camunda.bpm.engine.rest.impl.FetchAndLockContextListener;
import org.camunda.bpm.engine.rest.spi.FetchAndLockHandler;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * First thing on shutdown, before the web server's graceful shutdown waits for open requests: the engine REST API's
 * long-polling handler stops, and the long polls it holds are answered with no tasks ({@link EngineRestLongPolls}), so
 * that graceful shutdown does not wait its whole time-out for them and the CSPs' workers poll another node at once.
 */
@Component
class LongPollShutdown implements SmartLifecycle {

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        FetchAndLockHandler handler = FetchAndLockContextListener.getFetchAndLockHandler();
        if (handler != null) {
            handler.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before every other phase, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
