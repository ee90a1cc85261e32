package postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the poller learns of a mail seen before, on a real H2 file: a quarantined mail whose move
 * was lost, or a copy of it, goes back to quarantine until a replay succeeded.
 */
class MailLogTest {
    @TempDir
    Path dir;

    @Test
    void aMailQuarantinedBeforeIsSeenAsQuarantinedUntilItsReplaySucceeded() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Database db = Database.open(url, "", "")) {
            db.migrate();
            MailLog log = new MailLog(db.dsl());
            Instant now = Instant.parse("2026-12-01T10:00:00Z");
            MailLog.MailboxPosition at = new MailLog.MailboxPosition("INBOX", 7, 42);
            String poison = "a".repeat(64);
            String fine = "b".repeat(64);
            assertThat(log.seenAt(at)).isEqualTo(MailLog.Seen.NEW);
            assertThat(log.seenContent(poison)).isEqualTo(MailLog.Seen.NEW);

            long id = log.quarantine("<p@x.test>", poison, "broken", new byte[] {1}, now);
            log.recordProcessed(at, "<p@x.test>", poison, null, "QUARANTINED", now);
            log.recordProcessed(new MailLog.MailboxPosition("INBOX", 7, 43), "<f@x.test>", fine, "TKT-AAAAA-AAAA", "CREATED", now);
            assertThat(log.seenAt(at)).isEqualTo(MailLog.Seen.QUARANTINED);
            assertThat(log.seenContent(poison)).isEqualTo(MailLog.Seen.QUARANTINED);
            assertThat(log.seenContent(fine)).isEqualTo(MailLog.Seen.PROCESSED);

            log.replayed(id, "CREATED TKT-BBBBB-BBBB", now);
            assertThat(log.seenAt(at)).isEqualTo(MailLog.Seen.PROCESSED);
            assertThat(log.seenContent(poison)).isEqualTo(MailLog.Seen.PROCESSED);
        }
    }
}
