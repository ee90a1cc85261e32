package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;
import static postdesk.testing.MailWorld.text;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.cli.Main;
import postdesk.mail.AttachmentInfo;
import postdesk.store.AttachmentFiles;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** Attachments end to end: stored by content hash, limits enforced with a note and a line to the sender, large mail in a small heap. */
class AttachmentsTest {
    @TempDir
    Path dir;

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void sendWithAttachments(MailWorld world, String subject, Map<String, byte[]> files) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(world.greenMail.getSmtp().getPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(ALICE, "Alice Example"));
        m.setRecipients(Message.RecipientType.TO, SUPPORT);
        m.setSubject(subject);
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText("Files attached.", "UTF-8");
        mixed.addBodyPart(body);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(f.getValue(), "application/octet-stream")));
            part.setFileName(f.getKey());
            mixed.addBodyPart(part);
        }
        m.setContent(mixed);
        Transport.send(m);
    }

    @Test
    void attachmentsAreStoredByContentAndOversizedOnesDroppedWithANoteAndALineToTheSender() throws Exception {
        Path store = dir.resolve("attachments");
        byte[] small = bytes(100_000, 1);
        byte[] big = bytes(3 * 1024 * 1024, 2);
        try (MailWorld world = new MailWorld(dir)
                .with("POSTDESK_ATTACHMENTS_DIR", store.toString())
                .with("POSTDESK_ATTACHMENTS_MAX_SIZE", "2MB")) {
            world.start();
            sendWithAttachments(world, "Logs", new java.util.LinkedHashMap<>(Map.of("report.pdf", small, "../../etc/huge.bin", big)));

            List<MimeMessage> inbox = world.awaitInbox(ALICE, 2);
            TicketId id = TicketId.findIn(inbox.get(0).getSubject()).orElseThrow();
            String notice = inbox.stream().map(MailWorld::text).filter(t -> t.contains("could not accept")).findFirst().orElseThrow();
            assertThat(notice).contains("huge.bin").contains("larger than 2 MB per file").doesNotContain("report.pdf");

            TicketStore tickets = new TicketStore(world.daemon().db().dsl());
            TicketMessage first = tickets.messages(id).get(0);
            AttachmentInfo kept = first.attachments().stream().filter(a -> a.filename().equals("report.pdf")).findFirst().orElseThrow();
            AttachmentInfo dropped = first.attachments().stream().filter(a -> a.filename().equals("huge.bin")).findFirst().orElseThrow();
            assertThat(kept.size()).isEqualTo(small.length);
            assertThat(kept.sha256()).isEqualTo(sha256(small));
            assertThat(Files.readAllBytes(new AttachmentFiles(store).pathOf(kept.sha256()))).isEqualTo(small);
            assertThat(dropped.sha256()).isNull();
            assertThat(dropped.dropped()).contains("larger than 2 MB");
            assertThat(tickets.events(id)).anyMatch(e -> e.kind().equals("attachments_dropped") && e.detail().contains("huge.bin"));
            // nothing but content-addressed files (and the empty tmp folder) in the store; the name never became a path
            try (var files = Files.walk(store)) {
                assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList())
                        .containsExactly(sha256(small));
            }
        }
    }

    @Test
    void aThirtyMegabyteMailGoesThroughTheDaemonInA128MegabyteHeap() throws Exception {
        byte[] payload = bytes(30 * 1024 * 1024, 3);
        Path store = dir.resolve("attachments");
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        try (MailWorld world = new MailWorld(dir)) {
            sendWithAttachments(world, "Big dump", Map.of("dump.bin", payload));
            Map<String, String> env = new java.util.HashMap<>(world.env());
            env.put("POSTDESK_HTTP_PORT", Integer.toString(httpPort));
            env.put("POSTDESK_ATTACHMENTS_DIR", store.toString());
            env.put("POSTDESK_ATTACHMENTS_MAX_SIZE", "40MB");
            env.put("POSTDESK_ATTACHMENTS_MAX_TOTAL", "40MB");
            env.put("POSTDESK_POLL_INTERVAL", "1s");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                    "--config", dir.resolve("absent.properties").toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.directory(dir.toFile());
            // the default config path must not exist here; the explicit one must: give it an empty file
            Files.writeString(dir.resolve("absent.properties"), "");
            Process daemon = pb.start();
            StringBuilder log = new StringBuilder();
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) log.append(line).append('\n');
                } catch (Exception ignored) {
                    // the process ended
                }
            });
            pump.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String json = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/tickets?q=Big")).build(),
                                HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("\"total\" : 1"));
                assertThat(json).contains("Big dump");
                assertThat(daemon.isAlive()).as("daemon alive; log:\n%s", log).isTrue();
                Path stored = new AttachmentFiles(store).pathOf(sha256(payload));
                assertThat(stored).exists();
                assertThat(Files.size(stored)).isEqualTo(payload.length);
                assertThat(world.awaitInbox(ALICE, 1).get(0).getSubject()).contains("Big dump");
            } finally {
                daemon.destroy();
                assertThat(daemon.waitFor(40, TimeUnit.SECONDS)).isTrue();
                pump.join(5000);
            }
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(daemon.exitValue()).as("exit code; log:\n%s", log).isZero();
        }
    }
}
