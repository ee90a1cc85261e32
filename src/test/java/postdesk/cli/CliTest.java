package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.SUPPORT;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import postdesk.testing.MailWorld;
import postdesk.ticket.TicketId;

/** The command line: exit codes, one-line configuration errors, and the read commands on real data. */
public class CliTest {
    @TempDir
    Path dir;

    public record Result(int code, String out, String err) {
    }

    /** Runs one command line through the CLI's entry point (other packages' tests use it too). */
    public static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("postdesk.properties");
        List<String> all = new ArrayList<>(List.of(
                "imap.host=mail.example.test", "imap.user=support@example.test", "imap.password=secret-imap",
                "smtp.host=mail.example.test", "address=support@example.test",
                "db.url=jdbc:h2:file:" + dir.resolve("db/p").toAbsolutePath()));
        all.addAll(List.of(lines));
        Files.write(file, all, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aMalformedKeyStopsStartUpWithExitTwoAndOneLineNamingIt() throws Exception {
        Result r = run(Map.of(), "run", "--config", config("imap.port=abc").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("postdesk: configuration error: imap.port: not a port number: 'abc'");
    }

    @Test
    void anUnknownKeyIsNamed() throws Exception {
        Result r = run(Map.of(), "run", "--config", config("imap.hots=x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("imap.hots").contains("unknown key");
    }

    @Test
    void aMissingKeyIsNamedWithItsVariable() throws Exception {
        Path file = dir.resolve("partial.properties");
        Files.writeString(file, "imap.host=sandbox\nsmtp.host=sandbox\n");
        Result r = run(Map.of(), "run", "--config", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("postdesk: configuration error: address: missing (set it in the config file or POSTDESK_ADDRESS)");
    }

    @Test
    void aBadEnvironmentOverrideIsNamedByItsKey() throws Exception {
        Result r = run(Map.of("POSTDESK_POLL_INTERVAL", "soon"), "run", "--config", config().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("poll.interval").contains("not a duration");
    }

    @Test
    void aMissingConfigFileGivenExplicitlyIsAnError() {
        Result r = run(Map.of(), "run", "--config", dir.resolve("nope.properties").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("file not found");
    }

    @Test
    void theJarsMainExitsTwoWithoutAStackTrace() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--config", config("smtp.tls=maybe").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output.strip()).isEqualTo("postdesk: configuration error: smtp.tls: 'maybe' is not one of none, starttls, tls");
    }

    /** {@code log.format=json}: the daemon's log lines are JSON objects a collector can parse. */
    @Test
    void theDaemonLogsJsonLinesWhenAsked() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("POSTDESK_IMAP_HOST", "127.0.0.1", "POSTDESK_IMAP_PORT", "9", "POSTDESK_IMAP_TLS", "none",
                "POSTDESK_IMAP_USER", "support@example.test", "POSTDESK_IMAP_PASSWORD", "x", "POSTDESK_SMTP_HOST", "127.0.0.1",
                "POSTDESK_SMTP_PORT", "9", "POSTDESK_SMTP_TLS", "none", "POSTDESK_ADDRESS", "support@example.test",
                "POSTDESK_LOG_FORMAT", "json"));
        pb.environment().put("POSTDESK_HTTP_PORT", "0");
        Process p = pb.start();
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String line;
            while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains("Postdesk started")) break;
            }
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        java.util.List<String> json = lines.stream().filter(l -> l.contains("Postdesk started")).toList();
        assertThat(json).as(String.join("\n", lines)).hasSize(1);
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.get(0));
        assertThat(node.path("level").asText()).isEqualTo("INFO");
        assertThat(node.path("message").asText()).startsWith("Postdesk started");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "migrate", "tickets", "ticket", "check-config"})
    void everyCommandHasHelp(String command) {
        Result r = run(Map.of(), command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: postdesk " + command);
    }

    @Test
    void checkConfigOfflineSummarisesWithoutSecrets() throws Exception {
        Result r = run(Map.of("POSTDESK_AGENTS", "a@example.test"), "check-config", "--offline", "--config", config().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("configuration is valid").contains("support@example.test").contains("a@example.test")
                .contains("languages        en (default), de");
        assertThat(r.out()).doesNotContain("secret-imap");
    }

    @Test
    void checkConfigSaysInPlainWordsWhatFailed() throws Exception {
        // nothing listens on port 9 of loopback
        Result r = run(Map.of("POSTDESK_IMAP_HOST", "127.0.0.1", "POSTDESK_IMAP_PORT", "9", "POSTDESK_IMAP_TLS", "none",
                "POSTDESK_SMTP_HOST", "127.0.0.1", "POSTDESK_SMTP_PORT", "9", "POSTDESK_SMTP_TLS", "none"),
                "check-config", "--config", config().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("ok      database").contains("FAILED  IMAP login: nothing listens there");
    }

    @Test
    void checkConfigLogsInToEveryMailboxAndNamesTheOneThatFailed() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.greenMail.setUser("billing@helpdesk.test", "billing@helpdesk.test", "billing");
            Map<String, String> env = new HashMap<>(world.env());
            env.put("POSTDESK_MAILBOXES", "support,billing");
            env.put("POSTDESK_MAILBOX_BILLING_ADDRESS", "billing@helpdesk.test");
            env.put("POSTDESK_MAILBOX_BILLING_IMAP_USER", "billing@helpdesk.test");
            env.put("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "wrong");
            Result r = run(env, "check-config");
            assertThat(r.code()).as(r.out()).isEqualTo(1);
            assertThat(r.out()).contains("  mailbox support", "  mailbox billing", "billing@helpdesk.test")
                    .contains("ok      IMAP login of mailbox support", "ok      SMTP connection of mailbox support")
                    .contains("FAILED  IMAP login of mailbox billing: login refused", "ok      SMTP connection of mailbox billing");
            env.put("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "billing");
            assertThat(run(env, "check-config").code()).isZero();
        }
    }

    @Test
    void aSecondDaemonOnTheSameH2FileRefusesToStartInOneLine() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            // another process (in this one, H2 would share the open file)
            ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run");
            pb.environment().putAll(world.env());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process second = pb.start();
            boolean ended = second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!ended) second.destroyForcibly();
            String err = new String(second.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(ended).as("the second daemon ended: " + err).isTrue();
            assertThat(second.exitValue()).as(err).isEqualTo(2);
            assertThat(err.lines().filter(l -> l.startsWith("postdesk:")).toList()).singleElement().asString()
                    .startsWith("postdesk: configuration error: db.url: the H2 database").contains("in use by another Postdesk");
        }
    }

    @Test
    void migrateTicketsAndTicketWorkOnTheDaemonsDatabase() throws Exception {
        TicketId id;
        Map<String, String> env;
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            world.send(ALICE, "Alice Example", SUPPORT, "Keyboard broken", "The Q key is stuck.");
            id = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
            env = new HashMap<>(world.env());
        }
        // the world is gone: the read commands only need the database
        Result migrate = run(env, "migrate");
        assertThat(migrate.code()).isZero();
        assertThat(migrate.out()).contains("schema is up to date");

        Result list = run(env, "tickets", "--status", "open");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id.value()).contains("OPEN").contains("Keyboard broken").contains("1 of 1 ticket(s)");
        assertThat(run(env, "tickets", "--status", "CLOSED").out()).contains("0 of 0 ticket(s)");
        assertThat(run(env, "tickets", "--status", "bogus").code()).isEqualTo(2);

        Result one = run(env, "ticket", id.value().toLowerCase());
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains(id.value()).contains("The Q key is stuck.").contains("created");
        assertThat(run(env, "ticket", "TKT-AAAAA-AAAA").code()).isEqualTo(1);
        assertThat(run(env, "ticket", "nonsense").code()).isEqualTo(2);
    }

    @Test
    void theCustomerDirectoryByCommandLine() throws Exception {
        Map<String, String> env = Map.of("POSTDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("dir/p").toAbsolutePath());
        String cfg = config().toString();
        assertThat(run(env, "customers", "add", "@acme.test", "--org", "Acme", "--plan", "pro", "--config", cfg).out()).contains("added @acme.test");
        assertThat(run(env, "customers", "add", "boss@acme.test", "--org", "Acme", "--plan", "enterprise", "--config", cfg).code()).isZero();
        assertThat(run(env, "customers", "add", "not an address", "--org", "X", "--config", cfg).code()).isEqualTo(2);

        Path csv = dir.resolve("customers.csv");
        Files.writeString(csv, "address,organisation,plan\n# comment\n@globex.test,\"Globex, Inc.\",gold\nann@initech.test,Initech\n"
                + "broken-line\n@acme.test,Acme,business\n");
        Result first = run(env, "customers", "import", csv.toString(), "--config", cfg);
        assertThat(first.code()).isEqualTo(1); // one line refused, the rest imported
        assertThat(first.out()).contains("2 added, 1 updated, 1 refused");
        assertThat(first.err()).contains("line 5");
        Result second = run(env, "customers", "import", csv.toString(), "--config", cfg);
        assertThat(second.out()).contains("0 added, 3 updated, 1 refused"); // idempotent

        Result list = run(env, "customers", "list", "--config", cfg);
        assertThat(list.out()).contains("Globex, Inc.").contains("gold").contains("ann@initech.test").contains("free")
                .contains("business").contains("4 entries");
        assertThat(run(env, "customers", "remove", "ann@initech.test", "--config", cfg).code()).isZero();
        assertThat(run(env, "customers", "remove", "ann@initech.test", "--config", cfg).code()).isEqualTo(1);
    }

    @Test
    void theDirectoryKeepsEachCustomersLanguage() throws Exception {
        Map<String, String> env = Map.of("POSTDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("lang/p").toAbsolutePath());
        String cfg = config().toString();
        assertThat(run(env, "customers", "add", "@acme.test", "--org", "Acme", "--language", "DE", "--config", cfg).out())
                .contains("added @acme.test -> Acme (free, de)");
        Result wrong = run(env, "customers", "add", "@acme.test", "--org", "Acme", "--language", "german", "--config", cfg);
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("'german' is not an ISO 639-1 language code");

        Path csv = dir.resolve("languages.csv");
        Files.writeString(csv, "address,organisation,plan,language,licences\n@globex.test,Globex,gold,fr,GX-1 GX-2\nann@initech.test,Initech,,\n"
                + "bob@initech.test,Initech,free,xx\n");
        Result imported = run(env, "customers", "import", csv.toString(), "--config", cfg);
        assertThat(imported.out()).contains("2 added, 0 updated, 1 refused");
        assertThat(imported.err()).contains("line 4").contains("'xx' is not an ISO 639-1 language code");

        List<String> lines = run(env, "customers", "list", "--config", cfg).out().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("@acme.test").endsWith("de"))
                .anySatisfy(l -> assertThat(l).startsWith("@globex.test").contains(" fr ").endsWith("GX-1 GX-2"))
                .anySatisfy(l -> assertThat(l).startsWith("ann@initech.test").endsWith("(detected)"));
    }
}
