package postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
    @TempDir
    Path dir;

    private Path write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.writeString(Path.of(p.toString().replaceFirst("\\.txt$", ".html")), "<p>" + text + "</p>");
        return p;
    }

    private String text(String name, String language) {
        return new Templates(dir.resolve("mailbox"), dir.resolve("shared")).render(name, language, Map.of()).text().strip();
    }

    @Test
    void aLanguagesFolderComesFirstMailboxBeforeSharedAtEachStep() throws IOException {
        Path mailboxDe = write("mailbox/de/probe.txt", "mailbox de");
        Path sharedDe = write("shared/de/probe.txt", "shared de");
        Path mailbox = write("mailbox/probe.txt", "mailbox default");
        write("shared/probe.txt", "shared default");

        assertThat(text("probe", "de")).isEqualTo("mailbox de");
        assertThat(text("probe", null)).isEqualTo("mailbox default");
        assertThat(text("probe", "fr")).isEqualTo("mailbox default");
        Files.delete(mailboxDe);
        assertThat(text("probe", "de")).isEqualTo("shared de");
        Files.delete(sharedDe);
        assertThat(text("probe", "de")).isEqualTo("mailbox default");
        Files.delete(mailbox);
        assertThat(text("probe", "de")).isEqualTo("shared default");
    }

    @Test
    void aPartialTranslationFallsBackTemplateByTemplate() throws IOException {
        write("shared/fr/acknowledgement.txt", "Bonjour, nous avons bien reçu votre demande.");
        assertThat(text("acknowledgement", "fr")).isEqualTo("Bonjour, nous avons bien reçu votre demande.");
        assertThat(text("autoclose-notice", "fr")).startsWith("Hello").contains("we have not heard from you");
    }

    @Test
    void aBuiltInTranslationWinsOverACustomisedDefault() throws IOException {
        write("shared/acknowledgement.txt", "Our own English acknowledgement.");
        assertThat(text("acknowledgement", "de")).contains("wir haben Ihre Anfrage erhalten");
        assertThat(text("acknowledgement", null)).isEqualTo("Our own English acknowledgement.");
    }

    @Test
    void theAgentsTextIsRelayedAsWrittenInsideTheTranslatedFrame() {
        String text = new Templates().render("agent-reply", "de", Map.of("text", "Please restart the router.\n\nThanks", "agent_name", "Sam",
                "support_name", "Helpdesk", "ticket_id", "TKT-ABCDE-2345")).text();
        assertThat(text).contains("Please restart the router.\n\nThanks").contains("Sam, Helpdesk");
    }

    @Test
    void halfATranslationStopsTheCheck() throws IOException {
        Path html = write("shared/fr/merge-notice.txt", "Bonjour").resolveSibling("merge-notice.html");
        Templates templates = new Templates(dir.resolve("shared"));
        templates.check(Set.of("fr"), "merge-notice");
        Files.delete(html);
        assertThatThrownBy(() -> new Templates(dir.resolve("shared")).check(Set.of("fr"), "merge-notice"))
                .hasMessageContaining("fr/merge-notice").hasMessageContaining("translate both");
        assertThatThrownBy(() -> new Templates(dir.resolve("shared")).check(Set.of(), "no-such-template"))
                .hasMessageContaining("no-such-template");
    }

    @Test
    void theShippedGermanTemplatesCoverEveryTemplateACustomerGets() {
        Templates builtIn = new Templates();
        builtIn.check(Set.of("de"), TicketMail.TEMPLATES);
        for (String name : new String[] {"acknowledgement", "agent-reply", "status-notice", "autoclose-reminder", "autoclose-notice",
                "attachments-dropped", "rate-limited", "status-list", "merge-notice"}) {
            Templates.Rendered german = builtIn.render(name, "de", Map.of());
            Templates.Rendered english = builtIn.render(name, null, Map.of());
            assertThat(german.text()).as(name).isNotEqualTo(english.text());
            assertThat(german.html()).as(name).isNotEqualTo(english.html());
        }
        // mail to agents stays in the default language
        assertThat(builtIn.render("agent-notification", "de", Map.of()).text()).isEqualTo(builtIn.render("agent-notification", null, Map.of()).text());
    }
}
