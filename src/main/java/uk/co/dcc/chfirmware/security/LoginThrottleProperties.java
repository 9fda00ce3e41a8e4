package uk.co.dcc.chfirmware.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many failed logins a client may make within a window before it must wait (429 with Retry-After): in all, and
 * for any one user. A client is a remote address (an IPv6 address's /64 network); see docs/accounts-and-access.md.
 */
@ConfigurationProperties("chfw.security.login-throttle")
record LoginThrottleProperties(int maxFailuresPerClient, int maxFailuresPerClientAndUser, Duration window) {

    LoginThrottleProperties {
        maxFailuresPerClient = maxFailuresPerClient > 0 ? maxFailuresPerClient : 30;
        maxFailuresPerClientAndUser = maxFailuresPerClientAndUser > 0 ? maxFailuresPerClientAndUser : 10;
        window = window == null || window.isNegative() || window.isZero() ? Duration.ofMinutes(5) : window;
    }
}
