package postdesk.sla;

import java.time.Duration;

/** The SLA settings: the business-hours calendar, the targets table, and how long before a breach agents are warned. */
public record SlaPolicy(BusinessHours hours, SlaTargets targets, Duration warnBefore) {

    /** The time a clock counts: wall time for a 24x7 target, business hours otherwise. */
    public WorkingTime time(boolean allDay) {
        return allDay ? WorkingTime.ALWAYS : hours;
    }

    public WorkingTime time(SlaClock clock) {
        return time(clock.allDay());
    }
}
