package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.reading.MailReader;
import postdesk.reading.Reading;
import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;

/**
 * Malformed input made by mutating well-formed mail (our own fixtures, plus real mail from the
 * shared corpus where it is present): truncation, random bytes, huge headers, 10,000 parts, deep
 * nesting. The reader must never throw or hang, and the daemon must stay up, answer the good
 * mail and quarantine what it cannot use.
 */
class MalformedMailTest {
    private static final String BASE = "From: Alice <alice@customer.test>\r\nTo: support@helpdesk.test\r\n"
            + "Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= and a file\r\nMessage-ID: <base@customer.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
            + "--b2\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHello,=0A=\r\nsee the file.\r\n"
            + "--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello,</p><blockquote>old</blockquote>\r\n--b2--\r\n"
            + "--b1\r\nContent-Type: application/pdf; name*=utf-8''R%C3%A9sum%C3%A9.pdf\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename*=utf-8''R%C3%A9sum%C3%A9.pdf\r\n\r\nJVBERi0xLjQKJcfs\r\n--b1--\r\n";

    @TempDir
    Path dir;

    /** Every mutation of every base mail, named. */
    static List<Object[]> mutations() throws Exception {
        List<byte[]> bases = new ArrayList<>();
        bases.add(BASE.getBytes(StandardCharsets.UTF_8));
        Path corpus = Path.of(System.getProperty("postdesk.shared", "../shared"), "mail-corpus");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                files.filter(p -> p.toString().endsWith(".eml")).sorted().limit(40).forEach(p -> {
                    try {
                        bases.add(Files.readAllBytes(p));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        Random random = new Random(42);
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            byte[] b = bases.get(i);
            out.add(new Object[] {"truncated#" + i, java.util.Arrays.copyOf(b, random.nextInt(Math.max(1, b.length)))});
            out.add(new Object[] {"flipped#" + i, flip(b, random, 1 + b.length / 50)});
            out.add(new Object[] {"inserted#" + i, insert(b, random)});
            out.add(new Object[] {"no-boundaries#" + i, new String(b, StandardCharsets.ISO_8859_1)
                    .replaceAll("(?i)boundary=", "x-nothing=").getBytes(StandardCharsets.ISO_8859_1)});
        }
        out.add(new Object[] {"random", randomBytes(random, 64 * 1024)});
        out.add(new Object[] {"empty", new byte[0]});
        out.add(new Object[] {"huge-header", hugeHeader()});
        out.add(new Object[] {"10000-parts", manyParts(10_000)});
        out.add(new Object[] {"nested-1000", deepNesting(1000)});
        out.add(new Object[] {"nul-bytes", BASE.replace("Hello", "Hel\0lo").getBytes(StandardCharsets.UTF_8)});
        return out;
    }

    @Test
    void theReaderNeverThrowsNorHangsOnMutatedMail() throws Exception {
        MailReader reader = new MailReader();
        for (Object[] m : mutations()) {
            String name = (String) m[0];
            byte[] raw = (byte[]) m[1];
            // a safety net against a hang, far above any real parse time; not a speed assertion
            Reading read = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> reader.read(raw), name);
            assertThat(read.mail().text()).as(name).isNotNull();
            assertThat(read.kind()).as(name).isNotNull();
        }
    }

    @Test
    void limitsOnPartsAndDepthAreReportedAsWarnings() throws Exception {
        MailReader reader = new MailReader();
        assertThat(reader.read(manyParts(10_000)).mail().warnings()).anyMatch(w -> w.contains("more than 2000 parts"));
        assertThat(reader.read(deepNesting(1000)).mail().warnings()).anyMatch(w -> w.contains("nested deeper"));
        assertThat(reader.read(hugeHeader()).mail().subject()).hasSizeGreaterThan(1_000_000);
    }

    @Test
    void theDaemonStaysUpAnswersTheGoodMailAndQuarantinesWhatItCannotUse() throws Exception {
        List<Object[]> bad = mutations();
        try (MailWorld world = new MailWorld(dir)) {
            int delivered = 0;
            for (Object[] m : bad) {
                byte[] raw = (byte[]) m[1];
                if (raw.length == 0) continue; // an empty message cannot be stored in a mailbox
                world.deliverRaw(raw); // the bytes exactly as mutated
                delivered++;
            }
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "A good mail after the bad ones", "Hello?");

            int total = delivered + 1;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> world.count(SUPPORT, "INBOX") == 0);
            int processed = world.count(SUPPORT, "Processed");
            int quarantined = world.count(SUPPORT, "Quarantine");
            assertThat(processed + quarantined).isEqualTo(total);
            // a copy of a quarantined mail (same Message-ID and body, another mutated header) joins it in the folder, not the table
            assertThat(new MailLog(world.daemon().db().dsl()).quarantinedCount()).isPositive().isLessThanOrEqualTo(quarantined);
            assertThat(new TicketStore(world.daemon().db().dsl()).list(null, "good mail", 10, 0)).hasSize(1);
            // the outbox lets a backlog's ingest go first, then answers
            await().atMost(Duration.ofSeconds(30)).until(() -> world.inbox(ALICE).stream().anyMatch(m -> subject(m).contains("A good mail after the bad ones")));
            assertThat(world.daemon().health().imapProblem()).isNull();
            // mangled senders were never written to, so nothing held up the outbox or made SMTP look down
            await().atMost(Duration.ofSeconds(20)).until(() -> new postdesk.store.OutboxStore(world.daemon().db().dsl()).backlog() == 0);
            assertThat(world.daemon().health().smtpProblem()).isNull();
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    private static byte[] flip(byte[] b, Random r, int count) {
        byte[] c = b.clone();
        for (int i = 0; i < count && c.length > 0; i++) c[r.nextInt(c.length)] = (byte) r.nextInt(256);
        return c;
    }

    private static byte[] insert(byte[] b, Random r) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(randomBytes(r, 512));
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] hugeHeader() {
        return ("From: alice@customer.test\r\nSubject: " + "x".repeat(2_000_000) + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] manyParts(int n) {
        StringBuilder b = new StringBuilder("From: alice@customer.test\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < n; i++) b.append("--p\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        return b.append("--p--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] deepNesting(int depth) {
        StringBuilder b = new StringBuilder("From: alice@customer.test\r\nSubject: deep\r\n");
        for (int i = 0; i < depth; i++) {
            b.append("Content-Type: multipart/mixed; boundary=\"d").append(i).append("\"\r\n\r\n--d").append(i).append("\r\n");
        }
        b.append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        for (int i = depth - 1; i >= 0; i--) b.append("--d").append(i).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
