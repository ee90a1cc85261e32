package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.MailLog;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;

/**
 * The watchdog and the way back from quarantine: with a limit far too tight every mail is given
 * up and quarantined while the loop goes on; with the limit raised, {@code postdesk replay}
 * turns them into tickets, and the daemon sends what the replay queued.
 */
class QuarantineReplayTest {
    @TempDir
    Path dir;
    MailWorld world;

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void mailTheWatchdogGaveUpOnIsListedAndReplayed() throws Exception {
        world = new MailWorld(dir).with("POSTDESK_WATCHDOG_TIMEOUT", "1ms");
        world.clock.set(java.time.Instant.now()); // the CLI below runs on the system clock
        world.start();
        String body = "A long log, pasted in full.\n" + "> 2026-11-22 10:00:00 ERROR something failed again\n".repeat(40_000);
        world.send(ALICE, "Alice Example", SUPPORT, "Crash log", body);
        world.send(ALICE, "Alice Example", SUPPORT, "Another crash log", body);
        await().atMost(Duration.ofSeconds(20)).until(() -> world.count(SUPPORT, "Quarantine") == 2 && world.count(SUPPORT, "INBOX") == 0);
        assertThat(new MailLog(world.daemon().db().dsl()).quarantined(true))
                .hasSize(2).allMatch(m -> m.reason().contains("watchdog.timeout"));
        assertThat(world.inbox(ALICE)).isEmpty();
        world.stop();

        world.with("POSTDESK_WATCHDOG_TIMEOUT", "60s");
        CliTest.Result list = CliTest.run(world.env(), "quarantine", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("watchdog.timeout").hasLineCount(3); // header and two mails

        assertThat(CliTest.run(world.env(), "replay", "999").code()).isEqualTo(1);
        CliTest.Result replay = CliTest.run(world.env(), "replay", "--all");
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("2 replayed, 0 still quarantined").contains("CREATED TKT-");
        assertThat(CliTest.run(world.env(), "quarantine", "list").out()).contains("no quarantined mail waiting");
        assertThat(CliTest.run(world.env(), "quarantine", "list", "--all").out()).contains("[replayed");

        // the daemon sends what the replay queued; the mails are not processed a second time
        world.clock.set(java.time.Instant.now());
        world.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> world.inbox(ALICE).size() == 2);
        assertThat(new TicketStore(world.daemon().db().dsl()).count(null, null)).isEqualTo(2);
        assertThat(CliTest.run(world.env(), "replay", "--all").out()).contains("0 replayed, 0 still quarantined"); // nothing waits
    }

    @Test
    void theListShowsOneLinePerMailWhateverTheReason() throws Exception {
        world = new MailWorld(dir);
        world.start();
        world.daemon().db().transaction(tx -> new MailLog(tx).quarantine("<two-lines@x.test>", "f".repeat(64),
                "IllegalStateException: first line\nsecond line\r\n\tthird", new byte[10], world.clock.instant()));
        world.stop();
        CliTest.Result list = CliTest.run(world.env(), "quarantine", "list");
        assertThat(list.out()).hasLineCount(2).contains("first line / second line / third");
    }
}
