package postdesk.inbound;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads each mail (parse, classify, extract) on a worker thread with a time limit
 * ({@code watchdog.timeout}): a mail that makes the reader run away is given up and quarantined,
 * and the loop goes on. A regular expression or a decoder stuck in a loop does not notice an
 * interrupt, so the stuck worker is abandoned (a daemon thread) and a fresh one takes over.
 */
public final class Watchdog {
    private final MailReader reader;
    private final Duration limit;
    private ExecutorService worker = newWorker();

    public Watchdog(MailReader reader, Duration limit) {
        this.reader = reader;
        this.limit = limit;
    }

    public ReadMail read(byte[] raw) throws Exception {
        Future<ReadMail> reading = worker.submit(() -> reader.read(raw));
        try {
            return reading.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new TimeoutException("reading the mail took longer than " + postdesk.config.Durations.format(limit) + " (watchdog.timeout)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postdesk-reader");
            t.setDaemon(true);
            return t;
        });
    }
}
