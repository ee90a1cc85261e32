package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/** {@code postdesk export} and {@code postdesk stats} over a database the daemon filled by mail. */
class OperatorCliTest {
    @TempDir
    Path dir;

    @Test
    void exportAndStatsTellTheTruthAboutTheDatabase() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.clock.set(Instant.now()); // the CLI reads SLA clocks against the system clock
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "[critical] Checkout down", "Nobody can pay.");
            TicketId answered = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
            world.send(BOB, "Bob", SUPPORT, "A question", "How do I export?");
            world.awaitInbox(BOB, 1);
            world.clock.advance(Duration.ofMinutes(20));
            world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Fixed, please try again.");
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    new TicketStore(world.daemon().db().dsl()).find(answered).orElseThrow().status() == Status.AWAITING_CUSTOMER);
            world.stop();

            CliTest.Result one = CliTest.run(world.env(), "export", answered.value());
            assertThat(one.code()).as(one.err()).isZero();
            JsonNode ticket = new ObjectMapper().readTree(one.out());
            assertThat(ticket.path("id").asText()).isEqualTo(answered.value());
            assertThat(ticket.path("messages")).hasSize(2);
            assertThat(ticket.at("/sla/response/state").asText()).isEqualTo("met");
            assertThat(ticket.path("events").toString()).contains("agent_reply");

            CliTest.Result all = CliTest.run(world.env(), "export", "--all");
            assertThat(all.out().lines()).hasSize(2).allSatisfy(l -> assertThat(new ObjectMapper().readTree(l).has("messages")).isTrue());
            assertThat(CliTest.run(world.env(), "export", "TKT-ZZZZZ-2222").code()).isEqualTo(1);

            CliTest.Result json = CliTest.run(world.env(), "tickets", "--json", "--status", "awaiting-customer");
            assertThat(json.out().lines()).hasSize(1).first().satisfies(l ->
                    assertThat(new ObjectMapper().readTree(l).path("id").asText()).isEqualTo(answered.value()));

            CliTest.Result stats = CliTest.run(world.env(), "stats");
            assertThat(stats.code()).as(stats.err()).isZero();
            assertThat(stats.out()).containsPattern("OPEN +1").containsPattern("AWAITING_CUSTOMER +1").containsPattern("total +2")
                    .contains("100.0 % in time (1 of 1)") // the critical ticket's response, 20 minutes into a 1 h target
                    .containsPattern("CRITICAL +20m 0s \\(1\\)");
        }
    }
}
