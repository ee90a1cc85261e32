package postdesk.reading;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * Reads mails (parse, classify, extract) on reader threads, a few at once (one per CPU by
 * default), each with a time limit ({@code watchdog.timeout}): a mail that makes its reader run
 * away is given up and quarantined, and the loop goes on. The given-up reader is interrupted,
 * which stops the parser at its next read, and its attachment batch is closed by the pipeline, so
 * it writes no more files. A regular expression or a decoder stuck in a loop notices neither, so
 * the stuck thread is abandoned (a daemon thread) and a fresh one takes its place. At most
 * {@code maxAbandoned} such readers may still be running; while that many are, the next mail
 * waits on the server (see {@link ReadersBusyException}): quarantining it instead would put mail a
 * person wrote aside for a fault of other mail.
 */
public final class Watchdog {
    static final int MAX_ABANDONED = 4;
    private final MailReader reader;
    private final Duration limit;
    private final int maxAbandoned;
    /** Readings at once: each holds a slot until it ends or is given up. */
    private final Semaphore slots;
    private final int parallel;
    /** One permit per reader thread still running, given up or not: given-up readers never outnumber {@code maxAbandoned}. */
    private final Semaphore readers;
    /** Threads are made as needed and reused when idle, so a stuck one never holds up the others. */
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "postdesk-reader");
        t.setDaemon(true);
        return t;
    });

    public Watchdog(MailReader reader, Duration limit) {
        this(reader, limit, MAX_ABANDONED, Runtime.getRuntime().availableProcessors());
    }

    public Watchdog(MailReader reader, Duration limit, int maxAbandoned, int parallel) {
        if (maxAbandoned < 1) throw new IllegalArgumentException("maxAbandoned must be at least 1");
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1");
        this.reader = reader;
        this.limit = limit;
        this.maxAbandoned = maxAbandoned;
        this.parallel = parallel;
        this.slots = new Semaphore(parallel);
        this.readers = new Semaphore(maxAbandoned + parallel - 1);
    }

    /** A batch for one mail's attachment files (see {@link AttachmentSink.Batch}). */
    public AttachmentSink.Batch batch() {
        return reader.batch();
    }

    /** Reads one mail; throws what the reading threw, or a {@link TimeoutException} when it was given up. */
    public Reading read(byte[] raw, AttachmentSink into) throws Exception {
        Result result = readAll(List.of(raw), List.of(into)).get(0);
        if (result.failure() instanceof Exception e) throw e;
        if (result.failure() instanceof Error e) throw e;
        return result.reading();
    }

    /**
     * Reads mails, up to {@code parallel} at once, and returns what became of each in the order
     * given. A {@link ReadersBusyException} ends the list early: that mail and the ones after it were
     * not read (the results before it are whole).
     */
    public List<Result> readAll(List<byte[]> raws, List<? extends AttachmentSink> intos) {
        List<Result> results = new ArrayList<>(raws.size());
        Deque<Pending> running = new ArrayDeque<>();
        try {
            for (int i = 0; i < raws.size(); i++) {
                // a slot frees when a reading ends or is given up, and only waiting on the oldest gives one up
                while (running.size() >= parallel) results.add(running.removeFirst().outcome());
                running.addLast(start(raws.get(i), intos.get(i)));
            }
        } catch (ReadersBusyException busy) {
            while (!running.isEmpty()) results.add(running.removeFirst().outcome());
            results.add(new Result(null, busy));
            return results;
        }
        while (!running.isEmpty()) results.add(running.removeFirst().outcome());
        return results;
    }

    private Pending start(byte[] raw, AttachmentSink into) {
        slots.acquireUninterruptibly();
        boolean admitted = false;
        try {
            admitted = readers.tryAcquire(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!admitted) {
            slots.release();
            throw new ReadersBusyException(maxAbandoned + " readers given up on (watchdog.timeout) are still running");
        }
        // the permits go back when the reading ends, or when it is given up (the slot) or never began (both)
        AtomicBoolean begun = new AtomicBoolean();
        AtomicBoolean slotFree = new AtomicBoolean();
        Runnable freeSlot = () -> {
            if (slotFree.compareAndSet(false, true)) slots.release();
        };
        Future<Reading> reading = threads.submit(() -> {
            if (!begun.compareAndSet(false, true)) return null;
            try {
                return reader.read(raw, into);
            } finally {
                readers.release();
                freeSlot.run();
            }
        });
        return new Pending(reading, System.nanoTime() + limit.toNanos(), begun, freeSlot);
    }

    /** A reading under way, with the moment it is given up. */
    private final class Pending {
        private final Future<Reading> reading;
        private final long deadline;
        private final AtomicBoolean begun;
        private final Runnable freeSlot;

        Pending(Future<Reading> reading, long deadline, AtomicBoolean begun, Runnable freeSlot) {
            this.reading = reading;
            this.deadline = deadline;
            this.begun = begun;
            this.freeSlot = freeSlot;
        }

        Result outcome() {
            try {
                return new Result(reading.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
            } catch (TimeoutException e) {
                reading.cancel(true);
                if (begun.compareAndSet(false, true)) readers.release();
                freeSlot.run();
                return new Result(null, new TimeoutException("reading the mail took longer than "
                        + postdesk.config.Durations.format(limit) + " (watchdog.timeout)"));
            } catch (ExecutionException e) {
                // a mail nested too deeply overflows the stack: a fault of that mail, like an exception
                if (e.getCause() instanceof Exception || e.getCause() instanceof StackOverflowError) return new Result(null, e.getCause());
                if (e.getCause() instanceof Error error) throw error;
                return new Result(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reading.cancel(true);
                freeSlot.run();
                return new Result(null, e);
            }
        }
    }

    /** What became of one mail: its reading, or why there is none. */
    public record Result(Reading reading, Throwable failure) {
        public boolean busy() {
            return failure instanceof ReadersBusyException;
        }
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
