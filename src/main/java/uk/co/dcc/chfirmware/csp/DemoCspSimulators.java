package uk.co.dcc.chfirmware.csp;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.co.dcc.chfirmware.shared.CspRegion;
import uk.co.dcc.chfirmware.shared.DemoProperties;

/**
 * Demo mode: both CSPs simulated inside the application as the demo users, so that a newcomer sees a
 * rollout move (chfw.demo.csp-simulator.enabled). They talk to the application over HTTP like any CSP.
 */
@Component
@ConditionalOnProperty(name = "chfw.demo.csp-simulator.enabled", havingValue = "true")
class DemoCspSimulators implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCspSimulators.class);

    private final Settings settings;
    private final DemoProperties demo;
    private final List<CspSimulator> running = new ArrayList<>();

    DemoCspSimulators(Settings settings, DemoProperties demo) {
        this.settings = settings;
        this.demo = demo;
    }

    /**
     * The demo CSPs' failure rate (of first attempts), the share of failing hubs that fail on every attempt (the others are
     * upgraded by a retry) and the latency per chunk.
     */
    @ConfigurationProperties("chfw.demo.csp-simulator")
    record Settings(boolean enabled, double failureRate,
                    @DefaultValue("" + CspSimulatorOptions.DEFAULT_PERMANENT_FAILURE_SHARE) double permanentFailureShare,
                    long latencyMs) {
    }

    @EventListener
    synchronized void onWebServer(WebServerInitializedEvent event) {
        if (!running.isEmpty() || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        if (!demo.enabled()) {
            LOG.warn("chfw.demo.csp-simulator.enabled needs chfw.demo.enabled (the demo CSP users); no CSP simulated");
            return;
        }
        String url = "http://localhost:" + event.getWebServer().getPort();
        for (CspRegion region : CspRegion.values()) {
            running.add(new CspSimulator(CspSimulatorOptions.demo(url, region, settings.failureRate(),
                    settings.permanentFailureShare(), settings.latencyMs())));
        }
        LOG.info("Demo CSPs simulated for {} (failure rate {}, of those failing on every attempt {}); set chfw.demo.csp-simulator.enabled=false to play them yourself",
                url, settings.failureRate(), settings.permanentFailureShare());
    }

    @Override
    public void start() {
        // the simulators start once the web server listens
    }

    @Override
    public synchronized void stop() {
        running.forEach(CspSimulator::close);
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }
}
