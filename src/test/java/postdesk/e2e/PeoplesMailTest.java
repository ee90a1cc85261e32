package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.testing.PeoplesMail;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketMessage;

/** Issue 12 through the daemon: mail a person wrote becomes a ticket message, never quarantined. */
class PeoplesMailTest {
    @TempDir
    Path dir;

    /** Waits for the ticket with {@code subject} and returns its first message; nothing may be quarantined. */
    private static TicketMessage ticketMessage(MailWorld world, String subject) {
        TicketStore tickets = new TicketStore(world.daemon().db().dsl());
        List<Ticket> found = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> tickets.list(null, subject, 10, 0), l -> !l.isEmpty());
        assertThat(new MailLog(world.daemon().db().dsl()).quarantinedCount()).isZero();
        return tickets.messages(found.get(0).id()).get(0);
    }

    @Test
    void aHeaderLineBrokenInTwoBySloppyClientStillMakesATicket() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.deliverRaw(PeoplesMail.sloppyReferences().getBytes(StandardCharsets.US_ASCII)); // LF only, as reported
            world.start();
            TicketMessage m = ticketMessage(world, PeoplesMail.SUBJECT);
            assertThat(m.from().address()).isEqualTo(ALICE);
            assertThat(m.replyText()).isEqualTo(PeoplesMail.TEXT);
            // and once more over SMTP (CRLF), the broken line before MIME-Version and Content-Type
            world.sendRaw(ALICE, PeoplesMail.sloppyReferences("\r\n", true, 5).replace(PeoplesMail.SUBJECT, "Second try"));
            assertThat(ticketMessage(world, "Second try").replyText()).isEqualTo(PeoplesMail.TEXT);
            assertThat(world.count(SUPPORT, "Quarantine")).isZero();
        }
    }

    @Test
    void utf7TextKeepsEveryPlusAPersonTyped() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            world.sendRaw(ALICE, "From: Alice <alice@customer.test>\r\nTo: support@helpdesk.test\r\nSubject: Sums\r\n"
                    + "Message-ID: <utf7@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-7\r\n\r\n"
                    + "1+1=2 and C++, +AOk-t+AOk- +\r\n");
            assertThat(ticketMessage(world, "Sums").replyText()).isEqualTo("1+1=2 and C++, été +");
        }
    }

    @Test
    void attachmentNamesLoseInvisibleOverridesAndKeepTheirExtensionWhenCut() throws Exception {
        String longName = "Scan of the signed contract " + "and appendix ".repeat(20) + "2026.pdf";
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_ATTACHMENTS_DIR", dir.resolve("attachments").toString())) {
            world.start();
            world.sendRaw(ALICE, "From: Alice <alice@customer.test>\r\nTo: support@helpdesk.test\r\nSubject: Files\r\n"
                    + "Message-ID: <names@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
                    + "--m\r\nContent-Type: text/plain\r\n\r\nTwo files.\r\n"
                    + "--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAA==\r\n"
                    + "--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + longName + "\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n");
            List<String> names = ticketMessage(world, "Files").attachments().stream().map(a -> a.filename()).toList();
            assertThat(names).hasSize(2);
            assertThat(names.get(0)).isEqualTo("invoicefdp.exe");
            assertThat(names.get(1)).hasSize(200).startsWith("Scan of the signed contract and").endsWith("appendix 2026.pdf");
        }
    }

    private static List<String> storedFiles(Path store) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(store)) {
            return files.filter(java.nio.file.Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMailTheWatchdogGivesUpOnLeavesNoFilesAndItsReaderStops() throws Exception {
        Path store = dir.resolve("attachments");
        byte[] shared = "a file Alice sent before".getBytes(StandardCharsets.UTF_8);
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_ATTACHMENTS_DIR", store.toString())
                .with("POSTDESK_ATTACHMENTS_MAX_COUNT", "500")) {
            world.start();
            world.sendRaw(ALICE, PeoplesMail.withFiles("Earlier file", shared, 1, 0));
            ticketMessage(world, "Earlier file");
            List<String> before = storedFiles(store);
            assertThat(before).hasSize(1);
            world.stop();

            // 100 files of 80 KB take the reader far longer than 30 ms; the first is the file stored before
            world.with("POSTDESK_WATCHDOG_TIMEOUT", "30ms");
            world.sendRaw(ALICE, PeoplesMail.withFiles("Too slow", shared, 100, 80_000));
            world.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> world.count(SUPPORT, "Quarantine") == 1);
            assertThat(new MailLog(world.daemon().db().dsl()).quarantined(true)).singleElement()
                    .satisfies(q -> assertThat(q.reason()).contains("watchdog.timeout"));
            assertThat(storedFiles(store)).isEqualTo(before);
            Thread.sleep(1000); // a reader left running would go on writing
            assertThat(storedFiles(store)).isEqualTo(before);
        }
    }
}
