package postdesk.config;

import java.time.Duration;

/** The ticket timers: auto-close of tickets waiting for the customer, closing resolved ones, and how often they are checked. */
public record Lifecycle(Duration autocloseAfter, Duration autocloseReminderBefore, Duration resolvedCloseAfter,
                        Duration timersInterval) {
}
