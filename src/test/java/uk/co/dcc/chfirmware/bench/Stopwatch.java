package uk.co.dcc.chfirmware.bench;

import java.util.function.Supplier;

/** Wall-clock time of one step, in milliseconds. */
final class Stopwatch {

    private Stopwatch() {
    }

    record Timed<T>(T result, double millis) {
    }

    static <T> Timed<T> time(Supplier<T> step) {
        long started = System.nanoTime();
        T result = step.get();
        return new Timed<>(result, since(started));
    }

    static double time(Runnable step) {
        long started = System.nanoTime();
        step.run();
        return since(started);
    }

    /** Milliseconds since {@code started}, a {@link System#nanoTime()}: for steps that throw checked exceptions. */
    static double since(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
