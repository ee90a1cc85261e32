package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import postdesk.daemon.Postdesk;
import postdesk.store.LeaseStore;
import postdesk.testing.MailWorld;
import postdesk.testing.SharedPostgres;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/**
 * Several daemons on one PostgreSQL (issue 16), in this JVM: each mailbox is read by one daemon at
 * a time, a stopped or silent daemon's mailboxes are taken over within the lease time, and a timer
 * fires once however many daemons look.
 */
class SeveralDaemonsTest {
    static final String BILLING = "billing@helpdesk.test";
    static final EmbeddedPostgres postgres = SharedPostgres.get();

    @TempDir
    Path dir;

    private MailWorld world(String database) throws Exception {
        try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        MailWorld world = new MailWorld(dir)
                .with("POSTDESK_DB_URL", postgres.getJdbcUrl("postgres", database)).with("POSTDESK_DB_USER", "postgres")
                .with("POSTDESK_LEASE_TIME", "3s")
                .with("POSTDESK_MAILBOXES", "support,billing")
                .with("POSTDESK_MAILBOX_BILLING_ADDRESS", BILLING)
                .with("POSTDESK_MAILBOX_BILLING_IMAP_USER", BILLING)
                .with("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "billing");
        world.greenMail.setUser(BILLING, BILLING, "billing");
        return world;
    }

    @Test
    void twoDaemonsShareTwoMailboxesAndTheOneLeftTakesBothWhenTheOtherStops() throws Exception {
        try (MailWorld world = world("share")) {
            Postdesk first = world.start();
            try (Postdesk second = Postdesk.start(world.config(), world.clock)) {
                // the first took both alone; once the second is seen, each reads one
                await().atMost(Duration.ofSeconds(20)).until(() -> held(first) == 1 && held(second) == 1);
                List<LeaseStore.Lease> leases = new LeaseStore(first.db().dsl()).leases();
                assertThat(leases).extracting(LeaseStore.Lease::owner).doesNotHaveDuplicates().hasSize(2);

                world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
                world.send(BOB, "Bob", BILLING, "Invoice twice", "Charged twice.");
                assertThat(world.awaitInbox(ALICE, 1)).hasSize(1);
                assertThat(world.awaitInbox(BOB, 1)).hasSize(1);
            }
            // the second stopped and gave its mailbox back: the first reads both again at once
            Instant stopped = Instant.now();
            await().atMost(Duration.ofSeconds(10)).until(() -> held(first) == 2);
            System.out.println("takeover after a clean stop: " + Duration.between(stopped, Instant.now()).toMillis() + " ms");
            world.send(ALICE, "Alice", BILLING, "Refund?", "For the printer.");
            world.send(BOB, "Bob", SUPPORT, "Login", "Cannot log in.");
            assertThat(world.awaitInbox(ALICE, 2)).hasSize(2);
            assertThat(world.awaitInbox(BOB, 2)).hasSize(2);
            assertThat(world.store().list(null, null, 100, 0)).hasSize(4);
        }
    }

    @Test
    void aSilentDaemonsMailboxesAreTakenOverAfterTheLeaseTime() throws Exception {
        try (MailWorld world = world("silent")) {
            Postdesk first = world.start();
            // a daemon that was killed: its rows stay, its heartbeat stops
            first.close();
            try (postdesk.store.Database db = postdesk.store.Database.open(world.config().database().url(), "postgres", "")) {
                LeaseStore rows = new LeaseStore(db.dsl());
                Instant now = Instant.now();
                rows.heartbeat("killed-host-1", "killed-host", now, now);
                assertThat(rows.take("support", "killed-host-1", now, now.minusSeconds(3))).isTrue();
                assertThat(rows.take("billing", "killed-host-1", now, now.minusSeconds(3))).isTrue();
            }

            world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
            Instant started = Instant.now();
            try (Postdesk next = Postdesk.start(world.config(), world.clock)) {
                assertThat(held(next)).as("the dead daemon's leases are fresh yet").isZero();
                await().atMost(Duration.ofSeconds(15)).until(() -> held(next) == 2);
                Duration takeover = Duration.between(started, Instant.now());
                System.out.println("takeover of a silent daemon's mailboxes: " + takeover.toMillis() + " ms (lease.time 3s)");
                assertThat(world.awaitInbox(ALICE, 1)).hasSize(1);
            }
        }
    }

    @Test
    void aTimerFiresOnceWhenTwoDaemonsLookAtOnce() throws Exception {
        try (MailWorld world = world("timers")) {
            Postdesk first = world.start();
            try (Postdesk second = Postdesk.start(world.config(), world.clock)) {
                world.send(ALICE, "Alice", SUPPORT, "Printer on fire", "It smokes.");
                TicketId id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
                world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Unplug it, please.");
                world.awaitInbox(ALICE, 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> world.store().find(id).orElseThrow().status() == Status.AWAITING_CUSTOMER);

                world.clock.advance(Duration.ofHours(49)); // past the reminder and the auto-close
                CompletableFuture<Void> a = CompletableFuture.runAsync(first::fireTimers);
                CompletableFuture<Void> b = CompletableFuture.runAsync(second::fireTimers);
                CompletableFuture.allOf(a, b).get();
                assertThat(world.store().find(id).orElseThrow().status()).isEqualTo(Status.CLOSED);
                await().atMost(Duration.ofSeconds(20)).until(() -> world.inbox(ALICE).size() >= 4);
                Thread.sleep(2_000);
                // the acknowledgement, the answer, one reminder and one notice: no timer fired twice
                assertThat(world.inbox(ALICE)).hasSize(4);
                assertThat(world.events(id, "reminder_sent")).hasSize(1);
            }
        }
    }

    @Test
    void aQuarantinedMailReplayedFromTwoPlacesAtOnceMakesOneTicket() throws Exception {
        try (MailWorld world = world("replays")) {
            Postdesk daemon = world.start();
            byte[] raw = ("From: Carol <carol@customer.test>\r\nTo: " + SUPPORT + "\r\nSubject: Lost in quarantine\r\n"
                    + "Message-ID: <replay-1@customer.test>\r\n\r\nPlease find me.\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long id = daemon.db().transaction(tx -> new postdesk.store.MailLog(tx).quarantine("replay-1@customer.test",
                    postdesk.inbound.FetchedMail.of(new postdesk.store.MailLog.MailboxPosition("x", 0, 0), raw).contentHash(),
                    "a test", raw, Instant.now()));
            // two operators run 'postdesk replay' against the same database at the same moment
            List<CompletableFuture<postdesk.inbound.Outcome>> replays = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                postdesk.daemon.Core core = postdesk.daemon.Core.build(world.config(), daemon.db(), world.clock,
                        new java.security.SecureRandom(), postdesk.inbound.Intake.LIVE);
                replays.add(CompletableFuture.supplyAsync(() -> core.pipeline().replay(id,
                        postdesk.inbound.FetchedMail.of(new postdesk.store.MailLog.MailboxPosition("replay", id, System.nanoTime()), raw))));
            }
            List<postdesk.inbound.Outcome.Action> actions = replays.stream().map(CompletableFuture::join).map(postdesk.inbound.Outcome::action).toList();
            assertThat(actions).containsExactlyInAnyOrder(postdesk.inbound.Outcome.Action.CREATED, postdesk.inbound.Outcome.Action.DUPLICATE);
            assertThat(world.store().list(null, "quarantine", 10, 0)).hasSize(1);
        }
    }

    @Test
    void aClaimIsTakenByOneSenderAndFreedWhenItLapses() throws Exception {
        try (MailWorld world = world("claims")) {
            postdesk.store.Database db = world.start().db();
            Instant now = Instant.now();
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) ids.add(queue(db, "claim-" + i, now));
            java.util.function.BiFunction<String, Instant, java.util.Set<Long>> claim = (by, at) ->
                    db.transaction(tx -> new postdesk.store.OutboxStore(tx).claim(ids, by, at, at.plusSeconds(30)));

            assertThat(claim.apply("a", now)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(claim.apply("b", now.plusSeconds(1))).isEmpty(); // a holds them
            assertThat(claim.apply("a", now.plusSeconds(2))).containsExactlyInAnyOrderElementsOf(ids); // its own, again
            db.transaction(tx -> {
                new postdesk.store.OutboxStore(tx).markSent(ids.get(0), null, now);
                return null;
            });
            // a's claim lapsed: b may take what still waits, and never what was sent
            assertThat(claim.apply("b", now.plusSeconds(40))).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        }
    }

    @Test
    void twoSendersOfOneOutboxSendEachMailOnce() throws Exception {
        try (MailWorld world = world("senders")) {
            Postdesk daemon = world.start();
            daemon.close(); // its own worker sends nothing here: the two below are the daemons racing
            postdesk.store.Database db = postdesk.store.Database.open(world.config().database().url(), "postgres", "");
            try {
                int mails = 120;
                for (int i = 0; i < mails; i++) queue(db, "race-" + i, Instant.now());
                postdesk.config.PostdeskConfig config = world.config();
                postdesk.config.Mailbox support = config.desk().mailboxes().get(0);
                List<postdesk.outbound.OutboxWorker> senders = List.of(sender(config, support, db), sender(config, support, db));
                // both read the same pending mail and send at once, as a stalled holder and its successor would
                List<CompletableFuture<Integer>> passes = senders.stream()
                        .map(w -> CompletableFuture.supplyAsync(w::deliverDue)).toList();
                int sent = passes.stream().mapToInt(CompletableFuture::join).sum();
                senders.forEach(postdesk.outbound.OutboxWorker::flush);

                List<String> ids = new java.util.ArrayList<>();
                for (var m : world.awaitInbox(ALICE, mails)) ids.add(m.getMessageID());
                Thread.sleep(1_000); // a second copy would arrive by now
                assertThat(world.inbox(ALICE)).hasSize(mails);
                assertThat(ids).doesNotHaveDuplicates();
                assertThat(sent).isEqualTo(mails);
                assertThat(new postdesk.store.OutboxStore(db.dsl()).backlog()).isZero();
            } finally {
                db.close();
            }
        }
    }

    private static postdesk.outbound.OutboxWorker sender(postdesk.config.PostdeskConfig config, postdesk.config.Mailbox mailbox,
                                                        postdesk.store.Database db) {
        java.time.Clock clock = java.time.Clock.systemUTC();
        return new postdesk.outbound.OutboxWorker(mailbox, List.of(mailbox.name()), config.guards(), db, clock,
                new postdesk.health.Health(clock).mailbox(mailbox.name()), new postdesk.health.Metrics(), new java.util.Random(1),
                () -> false, Duration.ofSeconds(30));
    }

    private static long queue(postdesk.store.Database db, String id, Instant now) {
        String raw = "From: " + SUPPORT + "\r\nTo: " + ALICE + "\r\nSubject: " + id + "\r\nMessage-ID: <" + id + "@helpdesk.test>\r\n\r\nHello.\r\n";
        return db.transaction(tx -> new postdesk.store.OutboxStore(tx).enqueue("support", null, "<" + id + "@helpdesk.test>",
                "ACKNOWLEDGEMENT", List.of(ALICE), id, raw, now));
    }

    private static int held(Postdesk daemon) {
        return (int) daemon.health().mailboxes().stream().filter(postdesk.health.Health.Mailbox::owned).count();
    }
}
