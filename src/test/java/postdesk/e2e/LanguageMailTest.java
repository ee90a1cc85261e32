package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.store.CustomerStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.TicketId;

/** Mail in the customer's language: from the directory or their first mail, else the default; agents' words as written. */
class LanguageMailTest {
    static final String GERMAN_ACK = "wir haben Ihre Anfrage erhalten";
    static final String ENGLISH_ACK = "we have received your request";

    @TempDir
    Path dir;
    MailWorld world;

    @AfterEach
    void stop() {
        if (world != null) world.close();
    }

    private void start() throws Exception {
        world = new MailWorld(dir);
        world.start();
    }

    /** Alice's first mail; returns the acknowledgement. */
    private MimeMessage write(String subject, String body) throws Exception {
        world.send(ALICE, "Alice Example", SUPPORT, subject, body);
        return world.awaitInbox(ALICE, 1).get(0);
    }

    private String language(MimeMessage ack) {
        return world.store().find(TicketId.findIn(subjectOf(ack)).orElseThrow()).orElseThrow().language();
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** agent1 answers the notification; returns what reaches Alice. */
    private MimeMessage agentAnswers(String text) throws Exception {
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), text);
        List<MimeMessage> inbox = world.awaitInbox(ALICE, 2);
        return inbox.get(1);
    }

    @Test
    void aGermanFirstMailGetsGermanMailAndTheAgentsEnglishAsWritten() throws Exception {
        start();
        MimeMessage ack = write("Drucker druckt nicht",
                "Guten Tag, mein Drucker druckt seit gestern nur noch leere Seiten. Können Sie mir bitte helfen?");
        TicketId id = TicketId.findIn(ack.getSubject()).orElseThrow();
        assertThat(ack.getSubject()).isEqualTo("Re: Drucker druckt nicht [" + id + "]");
        assertThat(text(ack)).contains("Hallo Alice,").contains(GERMAN_ACK).doesNotContain(ENGLISH_ACK);
        assertThat(language(ack)).isEqualTo("de");
        assertThat(new ObjectMapper().readTree(get("/api/tickets/" + id.value())).path("language").asText()).isEqualTo("de");
        assertThat(get("/tickets/" + id.value())).contains("<dt>Language</dt><dd>de</dd>");
        // agents are told in the default language
        assertThat(text(world.awaitInbox(AGENT1, 1).get(0))).doesNotContain(GERMAN_ACK);

        MimeMessage reply = agentAnswers("Please switch it off and on again.\nThat usually helps.");
        assertThat(reply.getSubject()).isEqualTo("Re: Drucker druckt nicht [" + id + "]");
        assertThat(text(reply)).contains("Please switch it off and on again.\nThat usually helps.")
                .contains("für Rückfragen antworten Sie einfach auf diese Mail");
    }

    @Test
    void theDirectorysLanguageWinsOverTheMailsLanguage() throws Exception {
        start();
        new CustomerStore(world.daemon().db().dsl()).put(new CustomerStore.Customer(ALICE, "Customer Ltd", "free", "de"), world.clock.instant());
        MimeMessage ack = write("Printer", "Hello, my printer only prints empty pages since yesterday. Could you please help me?");
        assertThat(text(ack)).contains(GERMAN_ACK);
        assertThat(language(ack)).isEqualTo("de");
    }

    @Test
    void aLanguageWithoutTemplatesGetsTheDefault() throws Exception {
        start();
        MimeMessage ack = write("Imprimante", "Bonjour, mon imprimante n'imprime que des pages blanches depuis hier. Pouvez-vous m'aider ?");
        assertThat(text(ack)).contains(ENGLISH_ACK).doesNotContain(GERMAN_ACK);
        assertThat(language(ack)).isEqualTo("en");
    }

    @Test
    void aPartialTranslationFallsBackTemplateByTemplate() throws Exception {
        Path fr = Files.createDirectories(dir.resolve("templates/fr"));
        Files.writeString(fr.resolve("acknowledgement.txt"), "Bonjour {{customer_first_name}}, nous avons bien reçu votre demande {{ticket_id}}.");
        Files.writeString(fr.resolve("acknowledgement.html"), "<p>Bonjour {{customer_first_name}}, nous avons bien reçu votre demande {{ticket_id}}.</p>");
        start();
        MimeMessage ack = write("Imprimante", "Bonjour, mon imprimante n'imprime que des pages blanches depuis hier. Pouvez-vous m'aider ?");
        assertThat(text(ack)).contains("Bonjour Alice, nous avons bien reçu votre demande");
        assertThat(language(ack)).isEqualTo("fr");
        // no fr/agent-reply: the default language's frame
        assertThat(text(agentAnswers("Please try the other tray."))).contains("Please try the other tray.")
                .doesNotContain("für Rückfragen").doesNotContain("Bonjour");
    }

    @Test
    void aShortMailStaysInTheDefaultLanguage() throws Exception {
        start();
        MimeMessage ack = write("Drucker", "Hi");
        assertThat(text(ack)).contains(ENGLISH_ACK);
        assertThat(language(ack)).isEqualTo("en");
    }
}
