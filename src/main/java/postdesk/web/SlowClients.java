package postdesk.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps clients that open connections and then dawdle (slowloris) from crowding out the others.
 * Jetty reads requests without holding a thread, so a slow client costs a connection rather than a
 * worker; this bounds the connections. A remote address may hold {@code perClient} at once (one
 * more is closed as it opens), and a request whose head is still arriving at two sweeps in a row
 * is cut, so no head is given longer than {@code readTimeout} to arrive. A body needs no deadline:
 * no route reads one, and Jetty closes a connection whose body is unfinished once it has answered.
 * Kept-alive connections between requests are left to the connector's idle timeout, and a request
 * being answered, however slowly, is not touched. The sweep reads the parser state of
 * Jetty's HTTP/1 connection, a class of its internal package: check it on a Jetty upgrade.
 */
final class SlowClients extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(SlowClients.class);
    private static final long NOT_READING = -1;

    private final int perClient;
    private final long sweepMillis;
    private final Scheduler scheduler;
    private final Map<InetAddress, Integer> openPerClient = new ConcurrentHashMap<>();
    private final Map<Connection, Open> open = new ConcurrentHashMap<>();
    private volatile Scheduler.Task next;

    SlowClients(int perClient, Duration readTimeout, Scheduler scheduler) {
        this.perClient = perClient;
        this.sweepMillis = readTimeout.toMillis() / 2;
        this.scheduler = scheduler;
    }

    /** An open connection: its client (kept, as a closed socket no longer tells) and what the last sweep saw. */
    private static final class Open {
        final InetAddress client;
        /** Its count of heads read when the last sweep saw it inside a head, or NOT_READING; only the sweep touches it. */
        long lastSeen = NOT_READING;

        Open(InetAddress client) {
            this.client = client;
        }
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = ((InetSocketAddress) connection.getEndPoint().getRemoteSocketAddress()).getAddress(); // TCP only
        open.put(connection, new Open(client));
        if (openPerClient.merge(client, 1, Integer::sum) > perClient) {
            log.debug("HTTP client {} has {} connections open already; closing one more", client.getHostAddress(), perClient);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        Open o = open.remove(connection);
        if (o != null) openPerClient.computeIfPresent(o.client, (client, n) -> n == 1 ? null : n - 1);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) task.cancel();
    }

    private void schedule() {
        next = scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * A connection whose parser is inside a request's head, and was inside the same one at the sweep
     * before (its count of heads read has not moved), is cut.
     */
    private void sweep() {
        List<Map.Entry<Connection, Open>> cut = new ArrayList<>();
        for (Map.Entry<Connection, Open> e : open.entrySet()) {
            if (!(e.getKey() instanceof HttpConnection c)) continue;
            long now = c.getParser().inHeaderState() && !c.getParser().isStart() ? c.getMessagesIn() : NOT_READING;
            if (now != NOT_READING && now == e.getValue().lastSeen) cut.add(e);
            else e.getValue().lastSeen = now;
        }
        for (Map.Entry<Connection, Open> e : cut) {
            log.debug("HTTP client {} took too long to send its request; closing", e.getValue().client.getHostAddress());
            e.getKey().getEndPoint().close();
        }
        if (isRunning()) schedule();
    }
}
