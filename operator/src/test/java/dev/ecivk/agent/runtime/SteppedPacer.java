package dev.ecivk.agent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A pacer on a virtual clock that tests move: {@link #advance} steps from one due time of the supervisor to the next,
 * so a test sees every state a real run would pass through without waiting for any of it.
 */
public final class SteppedPacer implements Pacer {
    private static final int MAX_STEPS_AT_ONE_INSTANT = 1000;

    private final VirtualClock clock;
    private Supplier<Instant> sync;

    public SteppedPacer(Instant start) {
        this.clock = new VirtualClock(start);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    @Override
    public void start(Supplier<Instant> syncStep) {
        this.sync = syncStep;
        syncStep.get();
    }

    @Override
    public void wake() {
        // Steps happen when the test advances the clock.
    }

    /** Moves the clock by {@code d}, stopping at every time the supervisor asked to be woken. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        runUntil(() -> false, target);
    }

    @Override
    public boolean runUntil(BooleanSupplier done, Duration max) {
        return runUntil(done, clock.instant().plus(max));
    }

    private boolean runUntil(BooleanSupplier done, Instant target) {
        int sameInstant = 0;
        while (true) {
            Instant next = sync.get();
            if (done.getAsBoolean()) {
                return true;
            }
            if (next == null || next.isAfter(target)) {
                clock.set(target);
                sync.get();
                return done.getAsBoolean();
            }
            if (next.isAfter(clock.instant())) {
                clock.set(next);
                sameInstant = 0;
            } else if (++sameInstant > MAX_STEPS_AT_ONE_INSTANT) {
                throw new IllegalStateException("the supervisor keeps asking to run again at " + next);
            }
        }
    }

    @Override
    public void close() {}

    private static final class VirtualClock extends Clock {
        private volatile Instant now;

        VirtualClock(Instant start) {
            this.now = start;
        }

        void set(Instant t) {
            if (t.isAfter(now)) {
                now = t;
            }
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
