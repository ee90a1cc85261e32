package postdesk.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named moments between two effects (a commit and its barrier, the barrier and the IMAP move, an
 * SMTP send and its mark) where the crash tests stop the process dead. Off unless the JVM is
 * started with {@code -Dpostdesk.crash.at=POINT:N}: the N-th time POINT is reached, the JVM halts
 * at once (no shutdown hooks, nothing flushed: as a SIGKILL there).
 */
public final class CrashPoints {
    public static final String AFTER_COMMIT = "after-commit";
    public static final String AFTER_BARRIER = "after-barrier";
    public static final String AFTER_SEND = "after-send";
    private static final String AT = System.getProperty("postdesk.crash.at", "");
    private static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

    private CrashPoints() {
    }

    public static void reach(String point) {
        if (AT.isEmpty() || !AT.startsWith(point + ":")) return;
        int nth = Integer.parseInt(AT.substring(point.length() + 1));
        if (REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet() == nth) {
            System.err.println("postdesk: halting at crash point " + AT);
            Runtime.getRuntime().halt(137);
        }
    }
}
