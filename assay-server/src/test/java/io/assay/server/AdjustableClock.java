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

    /** This clock seen in another zone: the same instants, moved forward with it. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(getZone())) {
            return this;
        }
        var self = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return self.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }
        };
    }
}
