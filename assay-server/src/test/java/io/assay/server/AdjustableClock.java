package io.assay.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock, moved forward by a test: added to a server with
 * {@code --spring.main.sources=io.assay.server.AdjustableClock}, it replaces the system clock (the one that stamps
 * creation and expiry times and decides what has expired), so that a test of a 24-hour time to live takes no 24 hours
 * and no sleep. Deliberately not a {@code @Configuration}: component scanning never adds it to another test's server.
 */
@Primary
public class AdjustableClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    /** Moves the clock forward by {@code by} (for everything that asks it from now on). */
    void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }
}
