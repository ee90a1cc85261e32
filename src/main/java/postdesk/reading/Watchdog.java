package postdesk.reading;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import postdesk.mime.AttachmentSink;

/**
 * Reads each mail (parse, classify, extract) on a worker thread with a time limit
 * ({@code watchdog.timeout}): a mail that makes the reader run away is given up and quarantined,
 * and the loop goes on. The given-up reader is interrupted, which stops the parser at its next
 * read, and its attachment batch is closed by the pipeline, so it writes no more files. A regular
 * expression or a decoder stuck in a loop notices neither, so the stuck worker is abandoned (a
 * daemon thread) and a fresh one takes over. At most {@code maxAbandoned} such readers may still
 * be running; while that many are, the next mail waits on the server (see {@link ReadersBusyException}):
 * quarantining it instead would put mail a person wrote aside for a fault of other mail.
 */
public final class Watchdog {
    static final int MAX_ABANDONED = 4;
    private final MailReader reader;
    private final Duration limit;
    private final int maxAbandoned;
    /** One permit per reader thread still running, the current one included: given-up readers never outnumber it. */
    private final Semaphore readers;
    private ExecutorService worker = newWorker();

    public Watchdog(MailReader reader, Duration limit) {
        this(reader, limit, MAX_ABANDONED);
    }

    public Watchdog(MailReader reader, Duration limit, int maxAbandoned) {
        if (maxAbandoned < 1) throw new IllegalArgumentException("maxAbandoned must be at least 1");
        this.reader = reader;
        this.limit = limit;
        this.maxAbandoned = maxAbandoned;
        this.readers = new Semaphore(maxAbandoned);
    }

    /** A batch for one mail's attachment files (see {@link AttachmentSink.Batch}). */
    public AttachmentSink.Batch batch() {
        return reader.batch();
    }

    public Reading read(byte[] raw, AttachmentSink into) throws Exception {
        if (!readers.tryAcquire(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ReadersBusyException(maxAbandoned + " readers given up on (watchdog.timeout) are still running");
        }
        // the permit goes back when the reader's thread ends, or here if it never began
        AtomicBoolean begun = new AtomicBoolean();
        Future<Reading> reading = worker.submit(() -> {
            if (!begun.compareAndSet(false, true)) return null;
            try {
                return reader.read(raw, into);
            } finally {
                readers.release();
            }
        });
        try {
            return reading.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            if (begun.compareAndSet(false, true)) readers.release();
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

    /**
     * Too many readers given up on are still running, so no mail is read now: it stays on the
     * server, unprocessed and not quarantined, and is read once one of them ends.
     */
    public static final class ReadersBusyException extends RuntimeException {
        ReadersBusyException(String message) {
            super(message);
        }
    }
}
