package uk.co.dcc.chfirmware.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Failed logins counted by client, in a sliding window: a client that failed {@code maxFailuresPerClient} times, or
 * {@code maxFailuresPerClientAndUser} times for one user, waits until its oldest counted failure leaves the window.
 * Nothing is counted per user alone, so a stranger's failures never keep the user's own clients out, and a success
 * resets nothing (a client that also holds valid credentials of its own cannot wipe its count).
 */
final class LoginThrottle {

    /** Keys looked after at most; beyond it, clients whose failures have all left the window are forgotten first. */
    static final int MAX_TRACKED = 100_000;

    private final LoginThrottleProperties limits;
    private final LongSupplier nanoTime;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final AtomicInteger recordedSincePurge = new AtomicInteger();

    LoginThrottle(LoginThrottleProperties limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** How long the client must wait before it may try again as this user; empty when it may try now. */
    Optional<Duration> waitBeforeNextTry(String client, String user) {
        long now = nanoTime.getAsLong();
        long wait = Math.max(waitFor(clientKey(client), limits.maxFailuresPerClient(), now),
                waitFor(userKey(client, user), limits.maxFailuresPerClientAndUser(), now));
        return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    void recordFailure(String client, String user) {
        long now = nanoTime.getAsLong();
        record(clientKey(client), limits.maxFailuresPerClient(), now);
        record(userKey(client, user), limits.maxFailuresPerClientAndUser(), now);
        if (failures.size() > MAX_TRACKED || recordedSincePurge.incrementAndGet() >= 10_000) {
            recordedSincePurge.set(0);
            failures.entrySet().removeIf(entry -> entry.getValue().expired(now, window()));
        }
    }

    private long waitFor(String key, int limit, long now) {
        Failures counted = failures.get(key);
        return counted == null ? 0 : counted.waitFor(limit, now, window());
    }

    private void record(String key, int limit, long now) {
        failures.computeIfAbsent(key, k -> new Failures()).add(now, limit, window());
    }

    private long window() {
        return limits.window().toNanos();
    }

    private static String clientKey(String client) {
        return client;
    }

    private static String userKey(String client, String user) {
        return client + " " + user;
    }

    /** The times of one key's latest failures, at most as many as its limit. */
    private static final class Failures {

        private final ArrayDeque<Long> times = new ArrayDeque<>();

        synchronized void add(long now, int limit, long window) {
            dropOlderThan(now - window);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst();
            }
        }

        synchronized long waitFor(int limit, long now, long window) {
            dropOlderThan(now - window);
            return times.size() < limit ? 0 : times.peekFirst() + window - now;
        }

        synchronized boolean expired(long now, long window) {
            dropOlderThan(now - window);
            return times.isEmpty();
        }

        private void dropOlderThan(long oldest) {
            while (!times.isEmpty() && times.peekFirst() - oldest <= 0) {
                times.removeFirst();
            }
        }
    }
}
