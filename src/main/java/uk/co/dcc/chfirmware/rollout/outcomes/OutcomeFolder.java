package uk.co.dcc.chfirmware.rollout.outcomes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.rollout.batches.BatchClosingEvent;

/**
 * Folds what is logged and not folded yet ({@link OutcomeFold}): at start-up, before the web server takes requests
 * (posts acknowledged by a node that died before their fold), every {@code chfw.outcomes.fold-interval} (2 seconds by default), and, in the closing batch's
 * transaction, before a batch closes, so that its unreported hubs are told from every acknowledged outcome. Safe on
 * several nodes at once: a round skips a batch another node (or a post, or the closing) holds and folds the rest, so
 * nodes fold different batches side by side; each post is folded once.
 */
@Component
class OutcomeFolder implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeFolder.class);

    private final OutcomeFold fold;
    private volatile boolean running;

    OutcomeFolder(OutcomeFold fold) {
        this.fold = fold;
    }

    @Override
    public void start() {
        int batches = fold.foldPending();
        if (batches > 0) {
            LOG.info("Folded the outcomes logged and not folded yet of {} batches at start-up", batches);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts (its phase is just below the default), so that a node folds before it takes posts. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Scheduled(fixedDelayString = "${chfw.outcomes.fold-interval:PT2S}", initialDelayString = "${chfw.outcomes.fold-interval:PT2S}")
    void foldPending() {
        try {
            fold.foldPending();
        } catch (RuntimeException e) {
            LOG.warn("Folding logged outcomes failed; the next round tries again", e);
        }
    }

    @EventListener
    void beforeClosing(BatchClosingEvent closing) {
        fold.foldBatch(closing.batchId());
    }
}
