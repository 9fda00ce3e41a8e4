package uk.co.dcc.chfirmware;

import java.util.Collections;
import jakarta.ws.rs.container.AsyncResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.dto.externaltask.FetchExternalTasksExtendedDto;
import org.camunda.bpm.engine.rest.impl.FetchAndLockHandlerImpl;
import org.camunda.bpm.engine.rest.impl.FetchAndLockRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine REST API's long polling of {@code fetchAndLock} (Camunda's handler, found through its service-provider
 * interface {@code org.camunda.bpm.engine.rest.spi.FetchAndLockHandler}), with one change: when the node shuts down, the
 * long polls it still holds open are answered as a poll that found nothing, 200 with no tasks, exactly as when their
 * {@code asyncResponseTimeout} passes. A CSP's worker then simply polls again, on another node or on this one once it is
 * back. Camunda's own handler answers them with a 500 "Request rejected due to shutdown of application server", which
 * the engine REST API logs as a server error with its stack trace, and which a worker counts as a failure (issue 14).
 * Nothing is lost either way: a long poll holds no lock until it returns tasks.
 */
public class EngineRestLongPolls extends FetchAndLockHandlerImpl {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRestLongPolls.class);

    /**
     * A long poll that arrives once the handler has stopped (the node is shutting down) is answered at once with what is
     * there now, as a poll without {@code asyncResponseTimeout} is, rather than held until the node is gone.
     */
    @Override
    public void addPendingRequest(FetchExternalTasksExtendedDto dto, AsyncResponse asyncResponse, ProcessEngine processEngine) {
        if (!isRunning && !handlerThread.isAlive() && dto.getAsyncResponseTimeout() != null) {
            dto.setAsyncResponseTimeout(null);
        }
        super.addPendingRequest(dto, asyncResponse, processEngine);
    }

    @Override
    protected void rejectPendingRequests() {
        queue.drainTo(pendingRequests);
        int answered = 0;
        for (FetchAndLockRequest request : pendingRequests) {
            if (request.getAsyncResponse().resume(Collections.emptyList())) {
                answered++;
            }
        }
        pendingRequests.clear();
        if (answered > 0) {
            LOG.info("Shutting down: {} open long poll(s) for external tasks answered with no tasks; their workers poll again",
                    answered);
        }
    }
}
