package postdesk.config;

import java.time.Duration;

/**
 * The timers: auto-close of tickets waiting for the customer, closing resolved ones, how often they
 * are checked, and how long a mailbox login may fail before the agents are told; and whether the
 * collision guard holds an answer written against an older state of the thread.
 */
public record Lifecycle(Duration autocloseAfter, Duration autocloseReminderBefore, Duration resolvedCloseAfter,
                        Duration timersInterval, Duration loginAlertAfter, boolean collisionGuard) {
}
