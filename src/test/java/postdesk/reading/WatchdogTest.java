package postdesk.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.config.AttachmentLimits;
import postdesk.mime.AttachmentSink;
import postdesk.mime.MailParser;
import postdesk.store.AttachmentFiles;
import postdesk.testing.PeoplesMail;

class WatchdogTest {
    private static final Duration LIMIT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    static byte[] mailWithFiles(String first, int files) {
        return PeoplesMail.withFiles("files", first.getBytes(StandardCharsets.UTF_8), files, 4000).getBytes(StandardCharsets.US_ASCII);
    }

    /** Passes uploads on, each write first held up by {@code pause} (deaf to interrupts, as a stuck decoder is). */
    static AttachmentSink held(AttachmentSink sink, Runnable pause, AtomicInteger writes) {
        return () -> {
            AttachmentSink.Upload u = sink.begin();
            return new AttachmentSink.Upload() {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    pause.run();
                    u.write(b, off, len);
                    writes.incrementAndGet();
                }

                @Override
                public void commit(String sha256) throws IOException {
                    u.commit(sha256);
                }

                @Override
                public void abort() {
                    u.abort();
                }
            };
        };
    }

    static void spin(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    private int files() throws IOException {
        try (var s = Files.walk(dir)) {
            return (int) s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aReaderGivenUpOnStopsAndItsNewFilesGo() throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        String before = "a file an earlier mail stored";
        try (AttachmentSink.Batch earlier = store.batch()) {
            new MailReader(earlier, AttachmentLimits.NONE, java.util.Set.of()).read(mailWithFiles(before, 1));
            earlier.keep();
        }
        assertThat(files()).isEqualTo(1);
        Watchdog watchdog = new Watchdog(new MailReader(store, AttachmentLimits.NONE, java.util.Set.of()), LIMIT, 1, 1);
        AtomicInteger writes = new AtomicInteger();
        try (AttachmentSink.Batch files = watchdog.batch()) {
            assertThatThrownBy(() -> watchdog.read(mailWithFiles(before, 40), held(files, () -> spin(40), writes))) // far longer than the limit
                    .isInstanceOf(TimeoutException.class);
        } // the mail is given up
        // with room for one given-up reader only, the next mail is read only once the first has ended
        try (AttachmentSink.Batch next = watchdog.batch()) {
            assertThat(watchdog.read("From: bob@customer.test\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII), next).mail().text())
                    .isEqualTo("hi\n");
        }
        int written = writes.get();
        assertThat(written).isBetween(1, 20);
        Thread.sleep(200);
        assertThat(writes.get()).isEqualTo(written);
        assertThat(files()).isEqualTo(1); // the earlier mail's file, not one of those the given-up reading created
    }

    @Test
    void anInterruptedParserStopsAtItsNextRead() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new MailParser().parse(mailWithFiles("x", 1)))
                    .isInstanceOf(java.io.InterruptedIOException.class).hasMessageContaining("cancelled");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void whileTooManyGivenUpReadersRunTheNextMailWaitsAndIsReadWhenOneEnds() throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        Watchdog watchdog = new Watchdog(new MailReader(store, AttachmentLimits.NONE, java.util.Set.of()), LIMIT, 1, 1);
        CountDownLatch stuck = new CountDownLatch(1);
        try (AttachmentSink.Batch files = watchdog.batch()) {
            assertThatThrownBy(() -> watchdog.read(mailWithFiles("x", 2), held(files, () -> {
                while (stuck.getCount() > 0) Thread.onSpinWait();
            }, new AtomicInteger())))
                    .isInstanceOf(TimeoutException.class);
        }
        byte[] next = "From: bob@customer.test\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> watchdog.read(next, AttachmentSink.DISCARD))
                .isInstanceOf(Watchdog.ReadersBusyException.class).hasMessageContaining("still running");
        stuck.countDown(); // the stuck reader goes on, finds its mail given up and ends
        assertThat(watchdog.read(next, AttachmentSink.DISCARD).mail().from().address()).isEqualTo("bob@customer.test");
        assertThat(files()).isZero();
    }
}
