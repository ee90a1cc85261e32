package postdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import postdesk.config.ConfigException;
import postdesk.testing.MailWorld;
import postdesk.ticket.TicketId;

/** The HTTP endpoints through a real HTTP client on loopback. */
class HttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> get(MailWorld world, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthApiPagesAndMetrics() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            world.send(ALICE, "Alice <b>Example</b>", SUPPORT, "<script>alert(1)</script> broken", "<img src=x onerror=alert(2)>");
            TicketId id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();

            HttpResponse<String> health = get(world, "/healthz", null);
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode h = JSON.readTree(health.body());
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.get("db_ok").asBoolean()).isTrue();
            assertThat(h.get("last_poll").isNull()).isFalse();

            JsonNode list = JSON.readTree(get(world, "/api/tickets?status=OPEN", null).body());
            assertThat(list.get("total").asInt()).isEqualTo(1);
            JsonNode t = list.get("tickets").get(0);
            assertThat(t.get("id").asText()).isEqualTo(id.value());
            assertThat(t.get("status").asText()).isEqualTo("OPEN");
            assertThat(t.get("priority").asText()).isEqualTo("NORMAL");
            assertThat(t.get("requester").asText()).isEqualTo(ALICE);
            assertThat(t.get("premium").asBoolean()).isFalse();
            for (String field : new String[] {"category", "subject", "assignee", "created", "updated"}) {
                assertThat(t.has(field)).as(field).isTrue();
            }
            assertThat(JSON.readTree(get(world, "/api/tickets?status=closed", null).body()).get("total").asInt()).isZero();
            assertThat(JSON.readTree(get(world, "/api/tickets?q=BROKEN", null).body()).get("total").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(get(world, "/api/tickets?q=" + id.value(), null).body()).get("total").asInt()).isEqualTo(1);
            assertThat(get(world, "/api/tickets?status=bogus", null).statusCode()).isEqualTo(400);
            assertThat(get(world, "/api/tickets?limit=0", null).statusCode()).isEqualTo(400);

            JsonNode one = JSON.readTree(get(world, "/api/tickets/" + id.value(), null).body());
            assertThat(one.get("messages")).hasSize(1);
            assertThat(one.get("messages").get(0).get("direction").asText()).isEqualTo("in");
            assertThat(one.get("messages").get(0).get("internal").asBoolean()).isFalse();
            assertThat(one.get("messages").get(0).get("text").asText()).contains("onerror"); // stored as text, escaped when shown
            assertThat(one.get("events").get(0).get("kind").asText()).isEqualTo("created");
            assertThat(one.get("linked")).isEmpty();
            assertThat(get(world, "/api/tickets/TKT-AAAAA-AAAA", null).statusCode()).isEqualTo(404);

            HttpResponse<String> board = get(world, "/", null);
            assertThat(board.statusCode()).isEqualTo(200);
            assertThat(board.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(board.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(board.body()).contains(id.value()).contains("&lt;script&gt;").doesNotContain("<script>");
            assertThat(board.body()).contains("Open <span class=\"count\">1</span>");

            HttpResponse<String> page = get(world, "/tickets/" + id.value(), null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("&lt;img src").doesNotContain("<img");
            assertThat(get(world, "/tickets/TKT-AAAAA-AAAA", null).statusCode()).isEqualTo(404);

            String metrics = get(world, "/metrics", null).body();
            assertThat(metrics).contains("postdesk_mails_processed_total 1.0").contains("postdesk_outbox_backlog")
                    .contains("postdesk_mails_fetched_total 1.0").contains("postdesk_imap_fetch_seconds_count 1")
                    .contains("postdesk_outbox_oldest_seconds").contains("postdesk_mails_quarantine_waiting 0.0")
                    .contains("postdesk_mails_sent_total").contains("postdesk_mails_retried_total").contains("postdesk_mails_bounced_total");
        }
    }

    @Test
    void aTokenGuardsEverythingButHealth() throws Exception {
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_HTTP_TOKEN", "s3cret-token")) {
            world.start();
            assertThat(get(world, "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(world, "/api/tickets", null).statusCode()).isEqualTo(401);
            assertThat(get(world, "/", "wrong").statusCode()).isEqualTo(401);
            assertThat(get(world, "/api/tickets", "s3cret-token").statusCode()).isEqualTo(200);
            assertThat(get(world, "/healthz", null).body()).doesNotContain("s3cret");
        }
    }

    @Test
    void aNonLoopbackBindWithoutTokenIsRefused() throws Exception {
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_HTTP_BIND", "0.0.0.0")) {
            assertThatThrownBy(world::config).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.bind:");
        }
    }
}
