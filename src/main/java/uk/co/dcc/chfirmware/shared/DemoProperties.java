package uk.co.dcc.chfirmware.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo mode: a synthetic estate of {@code hubs} comms hubs generated from {@code seed}, and one
 * user per actor group with the password "demo".
 */
@ConfigurationProperties("chfw.demo")
public record DemoProperties(boolean enabled, int hubs, long seed) {
}
