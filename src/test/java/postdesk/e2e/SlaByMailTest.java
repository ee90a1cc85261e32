package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.AGENT2;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/**
 * SLA clocks end to end: warnings and breaches mailed to agents once each (across a restart), the
 * clock pausing while the ticket waits for the customer, and business-hours due times in the API.
 * The world's clock starts on Monday 2026-03-02 09:00 UTC.
 */
class SlaByMailTest {
    @TempDir
    Path dir;
    MailWorld world;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        world = new MailWorld(dir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private TicketId open(String subject, String body) throws Exception {
        int before = world.inbox(ALICE).size();
        world.send(ALICE, "Alice Example", SUPPORT, subject, body);
        MimeMessage ack = world.awaitInbox(ALICE, before + 1).get(before);
        return TicketId.findIn(ack.getSubject()).orElseThrow();
    }

    private JsonNode sla(TicketId id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + world.daemon().httpPort() + "/api/tickets/" + id.value())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body()).get("sla");
    }

    private List<String> slaMails(String agent) throws Exception {
        return world.inbox(agent).stream().map(MailWorld::text).filter(t -> t.contains("SLA ")).toList();
    }

    private void advance(Duration d) {
        world.clock.advance(d);
        world.daemon().fireTimers();
    }

    @Test
    void aCriticalTicketWarnsThenBreachesOnceEachAcrossARestart() throws Exception {
        world.start();
        TicketId id = open("[critical] Checkout is down", "Nobody can pay.");
        JsonNode sla = sla(id);
        assertThat(sla.at("/response/target").asText()).isEqualTo("1h");
        assertThat(sla.at("/response/business_hours").asBoolean()).isFalse();
        assertThat(sla.at("/response/due").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(sla.at("/resolution/due").asText()).isEqualTo("2026-03-02T13:00:00Z");
        assertThat(sla.at("/response/state").asText()).isEqualTo("running");

        advance(Duration.ofMinutes(29));
        Thread.sleep(300);
        assertThat(slaMails(AGENT1)).isEmpty();
        advance(Duration.ofMinutes(2)); // 31 minutes: inside the 30-minute warning lead of the response target
        await().atMost(Duration.ofSeconds(10)).until(() -> slaMails(AGENT1).size() == 1 && slaMails(AGENT2).size() == 1);
        assertThat(slaMails(AGENT1).get(0)).contains("SLA warning on " + id.value()).contains("first response is due in 29 minutes")
                .contains("Mon 2026-03-02 10:00 UTC");
        assertThat(world.inbox(ALICE)).hasSize(1); // the customer hears nothing of it

        world.stop();
        world.start();
        advance(Duration.ofMinutes(10));
        Thread.sleep(300);
        assertThat(slaMails(AGENT1)).hasSize(1); // the warning is not repeated after the restart

        advance(Duration.ofMinutes(20)); // 61 minutes: the response is overdue
        await().atMost(Duration.ofSeconds(10)).until(() -> slaMails(AGENT1).size() == 2);
        assertThat(slaMails(AGENT1).get(1)).contains("SLA BREACHED on " + id.value()).contains("first response was due at Mon 2026-03-02 10:00 UTC");
        assertThat(sla(id).at("/response/state").asText()).isEqualTo("breached");
        assertThat(sla(id).at("/response/breached_at").asText()).isEqualTo("2026-03-02T10:00:00Z");

        world.stop();
        world.start();
        advance(Duration.ofMinutes(30));
        Thread.sleep(300);
        assertThat(slaMails(AGENT1)).hasSize(2); // nothing twice; the resolution is not due before 13:00

        advance(Duration.ofHours(3)); // 04:31 after opening: the resolution is past due (its warning comes too late to send)
        await().atMost(Duration.ofSeconds(10)).until(() -> slaMails(AGENT1).size() == 3);
        assertThat(slaMails(AGENT1).get(2)).contains("resolution was due at Mon 2026-03-02 13:00 UTC");
        advance(Duration.ofDays(1));
        Thread.sleep(300);
        assertThat(slaMails(AGENT1)).hasSize(3);
        List<String> events = new TicketStore(world.daemon().db().dsl()).events(id).stream().map(e -> e.kind()).toList();
        assertThat(events).containsSubsequence("sla_warning", "sla_breach", "sla_breach");
    }

    @Test
    void theClockPausesWhileTheTicketWaitsForTheCustomerAndOnlyTheAssigneeIsWarned() throws Exception {
        world.start();
        TicketId id = open("[critical] Checkout is down", "Nobody can pay.");
        MimeMessage notification = world.awaitInbox(AGENT1, 1).get(0);
        advance(Duration.ofMinutes(20));
        world.reply(AGENT1, "Agent One", notification, "#assign me\nLooking at it. Which browser do you use?");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id) == Status.AWAITING_CUSTOMER);
        JsonNode sla = sla(id);
        assertThat(sla.at("/response/state").asText()).isEqualTo("met");
        assertThat(sla.at("/response/met_at").asText()).isEqualTo("2026-03-02T09:20:00Z");
        assertThat(sla.at("/resolution/state").asText()).isEqualTo("paused");
        assertThat(sla.at("/resolution/remaining_seconds").asLong()).isEqualTo(Duration.ofMinutes(220).toSeconds());
        assertThat(sla.at("/resolution/due").isNull()).isTrue();

        advance(Duration.ofHours(10)); // waiting for the customer does not count
        Thread.sleep(300);
        assertThat(slaMails(AGENT1)).isEmpty();

        world.reply(ALICE, "Alice Example", world.awaitInbox(ALICE, 2).get(1), "Firefox.");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id) == Status.OPEN);
        Instant resumed = world.clock.instant();
        assertThat(sla(id).at("/resolution/due").asText()).isEqualTo(resumed.plus(Duration.ofMinutes(220)).toString());

        advance(Duration.ofMinutes(191)); // 29 minutes left
        await().atMost(Duration.ofSeconds(10)).until(() -> slaMails(AGENT1).size() == 1);
        assertThat(slaMails(AGENT1).get(0)).contains("resolution is due in 29 minutes");
        assertThat(slaMails(AGENT2)).isEmpty(); // assigned: the assignee alone is warned
    }

    @Test
    void normalTicketsCountBusinessHoursAndTheTableFollowsThePlan() throws Exception {
        world.with("POSTDESK_SLA_TIMEZONE", "Europe/Berlin")
                .with("POSTDESK_SLA_HOLIDAYS", "2026-03-09")
                .with("POSTDESK_SLA_TARGETS", "CRITICAL=1h/4h 24x7, NORMAL=2bd/5bd, gold:NORMAL=4h/1bd, LOW=none");
        world.clock.set(Instant.parse("2026-03-06T14:00:00Z")); // Friday 15:00 in Berlin, two working hours left
        world.start();
        new postdesk.store.CustomerStore(world.daemon().db().dsl())
                .put(new postdesk.store.CustomerStore.Customer("@customer.test", "Customer Ltd", "gold"), world.clock.instant());
        TicketId gold = open("Invoices missing", "Where are they?");
        // 4 business hours: Fri 15:00-17:00, then Monday the 9th is a holiday, Tuesday 09:00-11:00 (10:00 UTC)
        assertThat(sla(gold).at("/response/due").asText()).isEqualTo("2026-03-10T10:00:00Z");
        assertThat(sla(gold).at("/response/business_hours").asBoolean()).isTrue();

        new postdesk.store.CustomerStore(world.daemon().db().dsl()).remove("@customer.test");
        TicketId free = open("Another question", "Hello?");
        // 2 business days = 16 working hours: Fri 2 h, Tue 8 h, Wed 09:00-15:00 (14:00 UTC)
        assertThat(sla(free).at("/response/due").asText()).isEqualTo("2026-03-11T14:00:00Z");

        TicketId low = open("[low] A wish", "Dark mode, some day.");
        assertThat(sla(low).at("/response/target").isNull()).isTrue();
        assertThat(sla(low).at("/response/due").isNull()).isTrue();
        advance(Duration.ofDays(30));
        Thread.sleep(300);
        assertThat(world.inbox(AGENT1).stream().map(MailWorld::text).filter(t -> t.contains("SLA ") && t.contains(low.value()))).isEmpty();
    }

    @Test
    void raisingThePriorityRetargetsTheRunningClock() throws Exception {
        world.start();
        TicketId id = open("Slow reports", "They take minutes.");
        MimeMessage notification = world.awaitInbox(AGENT2, 1).get(0);
        assertThat(sla(id).at("/response/due").asText()).isEqualTo("2026-03-03T17:00:00Z"); // 2 business days of 09:00-17:00 UTC
        advance(Duration.ofMinutes(90));
        world.reply(AGENT2, "Agent Two", notification, "#priority critical");
        await().atMost(Duration.ofSeconds(10)).until(() -> "CRITICAL".equals(ticketPriority(id)));
        // 90 minutes already counted against a 1 h target: overdue at once, and the breach is mailed
        assertThat(sla(id).at("/response/target").asText()).isEqualTo("1h");
        world.daemon().fireTimers();
        await().atMost(Duration.ofSeconds(10)).until(() -> slaMails(AGENT1).stream().anyMatch(t -> t.contains("SLA BREACHED")));
        assertThat(sla(id).at("/resolution/due").asText()).isEqualTo("2026-03-02T13:00:00Z");
    }

    private Status status(TicketId id) {
        return new TicketStore(world.daemon().db().dsl()).find(id).orElseThrow().status();
    }

    private String ticketPriority(TicketId id) {
        return new TicketStore(world.daemon().db().dsl()).find(id).orElseThrow().priority().name();
    }
}
