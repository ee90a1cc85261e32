package postdesk.sla;

import java.time.Duration;
import java.time.Instant;

/** The time an SLA clock counts: every hour (24/7) or only business hours. */
public interface WorkingTime {
    /** The instant at which {@code work} of counted time has passed after {@code start}. */
    Instant plus(Instant start, Duration work);

    /** Counted time in {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    Duration between(Instant from, Instant to);

    /** Round the clock: counted time is wall time. */
    WorkingTime ALWAYS = new WorkingTime() {
        @Override
        public Instant plus(Instant start, Duration work) {
            return start.plus(work);
        }

        @Override
        public Duration between(Instant from, Instant to) {
            return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
        }

        @Override
        public String toString() {
            return "24/7";
        }
    };
}
