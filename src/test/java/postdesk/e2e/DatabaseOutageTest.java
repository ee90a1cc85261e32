package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;

/**
 * The database goes away (PostgreSQL stopped) and comes back: the daemon stays up, /healthz says
 * failing with HTTP 503, mail waits in the mailbox untouched, and once the database is back
 * everything is processed and health is ok again.
 */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    void theDaemonSurvivesTheDatabaseGoingAwayAndCatchesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pg");
        EmbeddedPostgres pg = postgres(data, port);
        try (MailWorld world = new MailWorld(dir.resolve("world"))
                .with("POSTDESK_DB_URL", pg.getJdbcUrl("postgres", "postgres"))
                .with("POSTDESK_DB_USER", "postgres")) {
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "Before the outage", "Hello");
            world.awaitInbox(ALICE, 1);

            pg.close(); // the database server stops
            world.send(ALICE, "Alice Example", SUPPORT, "During the outage", "Are you there?");
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + world.daemon().httpPort() + "/healthz");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
            assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("failing").contains("\"db_ok\" : false");
            Thread.sleep(1000);
            assertThat(world.count(SUPPORT, "INBOX")).as("the mail waits on the server").isEqualTo(1);

            pg = postgres(data, port); // back, with its data
            await().atMost(Duration.ofSeconds(60)).until(() -> world.inbox(ALICE).size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            assertThat(new TicketStore(world.daemon().db().dsl()).count(null, null)).isEqualTo(2);
            assertThat(world.count(SUPPORT, "INBOX")).isZero();
        } finally {
            pg.close();
        }
    }
}
