package postdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostdeskConfigTest {
    @TempDir
    Path dir;

    /** A valid configuration for real (non-sandbox) servers. */
    private static Map<String, String> real() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("imap.host", "imap.example.com");
        p.put("imap.user", "support@example.com");
        p.put("imap.password", "secret");
        p.put("smtp.host", "smtp.example.com");
        p.put("address", "Support@Example.com");
        return p;
    }

    /** The shipped sandbox configuration, trimmed to what matters. */
    private static Map<String, String> sandbox() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("imap.host", "sandbox");
        p.put("smtp.host", "sandbox");
        p.put("address", "support@helpdesk.test");
        return p;
    }

    private Path write(Map<String, String> values) throws IOException {
        StringBuilder b = new StringBuilder("# test\n");
        values.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve("postdesk.properties");
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    private PostdeskConfig load(Map<String, String> file, Map<String, String> env) throws IOException {
        return PostdeskConfig.load(write(file), true, env);
    }

    private ConfigException failure(Map<String, String> file, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> load(file, env));
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) m.remove(kv[i]); else m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void realServersWithDefaults() throws IOException {
        PostdeskConfig c = load(real(), Map.of());
        assertThat(c.sandbox()).isFalse();
        assertThat(c.desk().primary().imap().server()).isEqualTo(new MailServer("imap.example.com", 993, "support@example.com", "secret", Tls.TLS));
        assertThat(c.desk().primary().smtp()).isEqualTo(new MailServer("smtp.example.com", 587, "", "", Tls.STARTTLS));
        assertThat(c.desk().primary().address()).isEqualTo("support@example.com");
        assertThat(c.desk().domain()).isEqualTo("example.com");
        assertThat(c.desk().primary().supportName()).isEqualTo("Support");
        assertThat(c.desk().agents()).isEmpty();
        assertThat(c.desk().primary().imap().inboxFolder()).isEqualTo("INBOX");
        assertThat(c.desk().primary().imap().processedFolder()).isEqualTo("Processed");
        assertThat(c.desk().primary().imap().quarantineFolder()).isEqualTo("Quarantine");
        assertThat(c.database().url()).isEqualTo(PostdeskConfig.DEFAULT_DB_URL);
        assertThat(c.http().bind()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8025);
        assertThat(c.http().token()).isEmpty();
        assertThat(c.desk().primary().imap().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.lifecycle().autocloseAfter()).isEqualTo(Duration.ofHours(48));
        assertThat(c.lifecycle().autocloseReminderBefore()).isEqualTo(Duration.ofHours(24));
        assertThat(c.lifecycle().timersInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.desk().templatesDir()).isEqualTo(dir.toAbsolutePath().resolve("templates"));
        assertThat(c.retention().isOff()).isTrue();
    }

    @Test
    void retentionPerPlanWithItsMode() throws IOException {
        PostdeskConfig c = load(with(real(), "retention", "free=1y, *=2y", "retention.mode", "anonymise"), Map.of());
        assertThat(c.retention().periodOf("free")).contains(Duration.ofDays(365));
        assertThat(c.retention().periodOf("gold")).contains(Duration.ofDays(730));
        assertThat(c.retention().mode()).isEqualTo(postdesk.retention.RetentionPolicy.Mode.ANONYMISE);
    }

    @ParameterizedTest
    @CsvSource({"tls, 993", "TLS, 993", "starttls, 143", "none, 143"})
    void imapDefaultPortFollowsTls(String tls, int port) throws IOException {
        PostdeskConfig c = load(with(real(), "imap.tls", tls), Map.of());
        assertThat(c.desk().primary().imap().server().port()).isEqualTo(port);
        assertThat(c.desk().primary().imap().server().tls().name()).isEqualToIgnoringCase(tls);
    }

    @ParameterizedTest
    @CsvSource({"tls, 465", "starttls, 587", "none, 25", "StartTLS, 587"})
    void smtpDefaultPortFollowsTls(String tls, int port) throws IOException {
        PostdeskConfig c = load(with(real(), "smtp.tls", tls), Map.of());
        assertThat(c.desk().primary().smtp().port()).isEqualTo(port);
    }

    @Test
    void explicitPortsWin() throws IOException {
        PostdeskConfig c = load(with(real(), "imap.port", "1993", "smtp.port", "2525", "smtp.tls", "tls"), Map.of());
        assertThat(c.desk().primary().imap().server().port()).isEqualTo(1993);
        assertThat(c.desk().primary().smtp().port()).isEqualTo(2525);
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_IMAP_HOST", "mail.other.test");
        env.put("POSTDESK_IMAP_PORT", "10993");
        env.put("POSTDESK_SMTP_TLS", "none");
        env.put("POSTDESK_ADDRESS", "help@other.test");
        env.put("POSTDESK_AGENTS", " A1@other.test , a2@other.test,,a1@other.test ");
        env.put("POSTDESK_POLL_INTERVAL", "PT2M");
        env.put("POSTDESK_AUTOCLOSE_AFTER", "7d");
        env.put("POSTDESK_HTTP_PORT", "9000");
        env.put("POSTDESK_DB_URL", "jdbc:postgresql://db/postdesk");
        env.put("POSTDESK_SUPPORT_NAME", "Other Support");
        env.put("UNRELATED", "x");
        PostdeskConfig c = load(with(real(), "poll.interval", "30s", "http.port", "8025"), env);
        assertThat(c.desk().primary().imap().server().host()).isEqualTo("mail.other.test");
        assertThat(c.desk().primary().imap().server().port()).isEqualTo(10993);
        assertThat(c.desk().primary().smtp().tls()).isEqualTo(Tls.NONE);
        assertThat(c.desk().primary().smtp().port()).isEqualTo(25);
        assertThat(c.desk().primary().address()).isEqualTo("help@other.test");
        assertThat(c.desk().agents()).containsExactly("a1@other.test", "a2@other.test");
        assertThat(c.desk().isAgent("A2@Other.Test")).isTrue();
        assertThat(c.desk().isAgent("a3@other.test")).isFalse();
        assertThat(c.desk().primary().imap().pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.lifecycle().autocloseAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/postdesk");
        assertThat(c.desk().primary().supportName()).isEqualTo("Other Support");
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_IMAP_HOST", "");
        env.put("POSTDESK_HTTP_PORT", "   ");
        PostdeskConfig c = load(with(real(), "http.port", "8099"), env);
        assertThat(c.desk().primary().imap().server().host()).isEqualTo("imap.example.com");
        assertThat(c.http().port()).isEqualTo(8099);
    }

    @Test
    void environmentAloneCanConfigureWithoutAFile() {
        Map<String, String> env = new HashMap<>();
        env.put("POSTDESK_IMAP_HOST", "sandbox");
        env.put("POSTDESK_SMTP_HOST", "sandbox");
        env.put("POSTDESK_ADDRESS", "support@helpdesk.test");
        PostdeskConfig c = PostdeskConfig.load(dir.resolve("absent.properties"), false, env);
        assertThat(c.sandbox()).isTrue();
    }

    @Test
    void missingRequiredFileIsAConfigError() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PostdeskConfig.load(dir.resolve("absent.properties"), true, Map.of()));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("--config");
        assertThat(e.getMessage()).contains("absent.properties");
    }

    @Test
    void unknownFileKeyIsNamed() {
        ConfigException e = failure(with(real(), "imap.hots", "x"), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("imap.hots");
        assertThat(e.getMessage()).startsWith("imap.hots: ").contains("unknown key").doesNotContain("\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "imap.port|99999",
            "imap.port|abc",
            "imap.port|-1",
            "smtp.port|25a",
            "http.port|65536",
            "imap.tls|ssl",
            "smtp.tls|yes",
            "poll.interval|soon",
            "autoclose.after|48",
            "autoclose.reminder.before|1 day",
            "timers.interval|10x",
            "address|not-an-address",
            "address|two@@example.com",
            "agents|agent1@example.com, bob",
            "db.url|jdbc:mysql://db/x",
            "poll.interval|0s",
            "autoclose.after|PT0S",
            "sla.timezone|Berlin",
            "sla.workdays|Mon-Someday",
            "sla.workhours|17:00-09:00",
            "sla.holidays|Christmas",
            "sla.targets|HIGH=1d/3d",
            "sla.targets|SEVERE=1h/4h",
            "sla.warn.before|-5m",
            "ratelimit.sender|of",
            "autoreply.total|10",
            "autoreply.recipients.max|0",
            "participants.max|many",
            "severity.words|Blocker=SEVERE",
            "severity.words|Blocker",
            "severity.words|Major=HIGH, major=LOW",
            "fields|order: Order",
            "fields|Order!: Order: page: [0-9]+",
            "fields|order: Order: sidebar: [0-9]+",
            "fields|order: Order: page: [0-9(",
            "plan.default|gold/silver",
            "plan.policies|free=maybe",
            "plan.policies|free",
            "work.started.notice|sometimes",
            "retention|free",
            "retention|free=forever",
            "retention.mode|shred"})
    void malformedValueIsANamedConfigError(String key, String value) {
        ConfigException e = failure(with(real(), key, value), Map.of());
        assertThat(e).as("%s=%s is refused", key, value).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").doesNotContain("\n");
    }

    @Test
    void aForumPolicyNeedsTheForumsAddress() {
        ConfigException e = failure(with(real(), "plan.policies", "free=forum"), Map.of());
        assertThat(e.key()).isEqualTo("forum.url");
        assertThat(failure(with(with(real(), "plan.policies", "free=forum"), "forum.url", "forum.example.com"), Map.of()).key())
                .isEqualTo("forum.url");
    }

    @Test
    void malformedEnvironmentValueNamesTheKey() {
        ConfigException e = failure(real(), Map.of("POSTDESK_SMTP_PORT", "lots"));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("smtp.port");
        assertThat(e.getMessage()).contains("lots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"imap.host", "smtp.host", "address", "imap.user", "imap.password"})
    void missingRequiredKeyIsNamed(String key) {
        ConfigException e = failure(with(real(), key, null), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).contains("missing").contains(Settings.envName(key));
    }

    @Test
    void blankValueInTheFileCountsAsMissing() {
        ConfigException e = failure(with(real(), "address", "   "), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("address");
    }

    @Test
    void smtpUserWithoutPasswordIsRefused() {
        ConfigException e = failure(with(real(), "smtp.user", "me"), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("smtp.password");
    }

    @Test
    void sandboxModeWhenImapHostIsSandbox() throws IOException {
        PostdeskConfig c = load(with(sandbox(), "imap.host", "SandBox"), Map.of());
        assertThat(c.sandbox()).isTrue();
        assertThat(c.desk().primary().imap().server()).isEqualTo(new MailServer("127.0.0.1", 3143, "support@helpdesk.test", "support", Tls.NONE));
        assertThat(c.desk().primary().smtp()).isEqualTo(new MailServer("127.0.0.1", 3025, "support@helpdesk.test", "support", Tls.NONE));
    }

    @Test
    void sandboxPortsAreConfigurable() throws IOException {
        PostdeskConfig c = load(with(sandbox(), "sandbox.imap.port", "4143", "sandbox.smtp.port", "4025"), Map.of());
        assertThat(c.desk().primary().imap().server().port()).isEqualTo(4143);
        assertThat(c.desk().primary().smtp().port()).isEqualTo(4025);
    }

    @Test
    void sandboxDoesNotNeedImapCredentials() throws IOException {
        assertThat(load(sandbox(), Map.of()).sandbox()).isTrue();
    }

    @Test
    void aRealImapHostInTheEnvironmentTurnsTheSandboxOff() throws IOException {
        Map<String, String> env = Map.of(
                "POSTDESK_IMAP_HOST", "mail.example.com",
                "POSTDESK_IMAP_USER", "u@example.com",
                "POSTDESK_IMAP_PASSWORD", "pw",
                "POSTDESK_SMTP_HOST", "mail.example.com");
        PostdeskConfig c = load(sandbox(), env);
        assertThat(c.sandbox()).isFalse();
        assertThat(c.desk().primary().imap().server().host()).isEqualTo("mail.example.com");
        assertThat(c.desk().primary().smtp().host()).isEqualTo("mail.example.com");
    }

    @Test
    void sandboxSmtpWithARealImapHostIsRefused() {
        ConfigException e = failure(sandbox(), Map.of(
                "POSTDESK_IMAP_HOST", "mail.example.com",
                "POSTDESK_IMAP_USER", "u@example.com",
                "POSTDESK_IMAP_PASSWORD", "pw"));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("smtp.host");
        assertThat(e.getMessage()).contains("POSTDESK_SMTP_HOST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.10", "::"})
    void nonLoopbackBindWithoutTokenIsRefused(String bind) {
        ConfigException e = failure(with(real(), "http.bind", bind), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("http.bind");
        assertThat(e.getMessage()).contains("http.token");
    }

    @Test
    void nonLoopbackBindWithTokenIsAccepted() throws IOException {
        PostdeskConfig c = load(with(real(), "http.bind", "0.0.0.0"), Map.of("POSTDESK_HTTP_TOKEN", "t0ken"));
        assertThat(c.http().bind()).isEqualTo("0.0.0.0");
        assertThat(c.http().token()).isEqualTo("t0ken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "localhost", "127.0.0.2"})
    void loopbackBindNeedsNoToken(String bind) throws IOException {
        assertThat(load(with(real(), "http.bind", bind), Map.of()).http().bind()).isEqualTo(bind);
    }

    @ParameterizedTest
    @CsvSource({"48h, 48h", "48h, 72h", "1h, 2h"})
    void reminderNotShorterThanAutocloseIsRefused(String after, String reminder) {
        ConfigException e = failure(with(real(), "autoclose.after", after, "autoclose.reminder.before", reminder), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("autoclose.reminder.before");
        assertThat(e.getMessage()).contains("autoclose.after");
    }

    @Test
    void reminderShorterThanAutocloseIsAccepted() throws IOException {
        PostdeskConfig c = load(with(real(), "autoclose.after", "7d", "autoclose.reminder.before", "PT36H"), Map.of());
        assertThat(c.lifecycle().autocloseAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(c.lifecycle().autocloseReminderBefore()).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void negativeReminderIsRefused() {
        // a reminder "-1h before" the close would be sent after the ticket closed
        ConfigException e = failure(with(real(), "autoclose.reminder.before", "-PT1H"), Map.of());
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("autoclose.reminder.before");
    }

    @Test
    void supportNameWithLineBreakIsRefused() {
        ConfigException e = failure(real(), Map.of("POSTDESK_SUPPORT_NAME", "Support\r\nBcc: evil@x.test"));
        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo("support.name");
    }

    @Test
    void shippedConfigFileLoads() {
        Path shipped = Path.of("config/postdesk.properties");
        PostdeskConfig c = PostdeskConfig.load(shipped, true, Map.of());
        // PRODUCT.md section 1: the shipped config runs the sandbox, on loopback, with the default timers
        assertThat(c.sandbox()).isTrue();
        assertThat(c.desk().agents()).isNotEmpty();
        assertThat(c.lifecycle().autocloseAfter()).isEqualTo(Duration.ofHours(48));
        assertThat(List.of(c.http().bind(), c.http().token())).containsExactly("127.0.0.1", "");
    }

    @Test
    void passwordIsNeverPrinted() throws IOException {
        PostdeskConfig c = load(real(), Map.of());
        assertThat(c.desk().primary().imap().server().toString()).doesNotContain("secret").contains("imap.example.com:993");
    }

    @org.junit.jupiter.api.Test
    void aBadPriorityMatrixIsNamed() {
        ConfigException e = failure(with(real(), "priority.matrix", "high/high=CRITICAL"), Map.of());
        assertThat(e.key()).isEqualTo("priority.matrix");
        assertThat(e.getMessage()).contains("is missing");
    }

    @org.junit.jupiter.api.Test
    void resolvedCloseAfterDefaultsToSevenDays() throws IOException {
        assertThat(load(real(), Map.of()).lifecycle().resolvedCloseAfter()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(load(real(), Map.of("POSTDESK_RESOLVED_CLOSE_AFTER", "3d")).lifecycle().resolvedCloseAfter()).isEqualTo(java.time.Duration.ofDays(3));
    }

    @org.junit.jupiter.api.Test
    void ratingsAreOnForThirtyDaysUnlessSetOtherwise() throws IOException {
        assertThat(load(real(), Map.of()).rating()).isEqualTo(new RatingSettings(true, java.time.Duration.ofDays(30)));
        assertThat(load(real(), Map.of("POSTDESK_RATING", "off", "POSTDESK_RATING_EXPIRY", "14d")).rating())
                .isEqualTo(new RatingSettings(false, java.time.Duration.ofDays(14)));
        ConfigException onOff = failure(with(real(), "rating", "sometimes"), Map.of());
        assertThat(onOff.key()).isEqualTo("rating");
        assertThat(onOff.getMessage()).contains("on or off");
        assertThat(failure(with(real(), "rating.expiry", "0s"), Map.of()).key()).isEqualTo("rating.expiry");
        assertThat(failure(with(real(), "rating.expiry", "a week"), Map.of()).key()).isEqualTo("rating.expiry");
    }

    @org.junit.jupiter.api.Test
    void categoryRulesAreCheckedKeyByKey() {
        assertThat(failure(with(real(), "categories", "Billing", "category.aliases", "sales@x.test=Sales"), Map.of()).key())
                .isEqualTo("category.aliases");
        assertThat(failure(with(real(), "category.keywords", "refund"), Map.of()).key()).isEqualTo("category.keywords");
        assertThat(failure(with(real(), "types", " , "), Map.of()).key()).isEqualTo("types");
    }

    @Test
    void slaSettingsHaveSeedDefaultsAndFollowTheCalendar() throws Exception {
        PostdeskConfig c = load(with(real(), "sla.timezone", "Europe/Berlin", "sla.workhours", "08:00-18:00",
                "sla.targets", "HIGH=1bd/2bd, gold:HIGH=2h/1bd"), Map.of());
        assertThat(c.sla().hours().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(c.sla().targets().forTicket("free", postdesk.ticket.Priority.HIGH).response()).isEqualTo(java.time.Duration.ofHours(10));
        assertThat(c.sla().targets().forTicket("gold", postdesk.ticket.Priority.HIGH).resolution()).isEqualTo(java.time.Duration.ofHours(10));
        PostdeskConfig defaults = load(real(), Map.of());
        assertThat(defaults.sla().warnBefore()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(defaults.sla().hours().toString()).isEqualTo("Mon,Tue,Wed,Thu,Fri 09:00-17:00 UTC");
        assertThat(defaults.sla().targets().forTicket("free", postdesk.ticket.Priority.CRITICAL).allDay()).isTrue();
    }

    @Test
    void limitsHaveTheContractsDefaultsAndAcceptOff() throws IOException {
        PostdeskConfig defaults = load(real(), Map.of());
        assertThat(defaults.guards().senderLimit()).hasToString("30/1h");
        assertThat(defaults.guards().domainLimit().isOff()).isTrue();
        assertThat(defaults.guards().autoReplyCap()).hasToString("10/3h");
        assertThat(defaults.guards().autoReplyTotal()).hasToString("600/1m");
        PostdeskConfig off = load(real(), Map.of("POSTDESK_RATELIMIT_SENDER", "off", "POSTDESK_RATELIMIT_DOMAIN", "Off",
                "POSTDESK_AUTOREPLY_CAP", " off ", "POSTDESK_AUTOREPLY_TOTAL", "off"));
        assertThat(List.of(off.guards().senderLimit(), off.guards().domainLimit(), off.guards().autoReplyCap(), off.guards().autoReplyTotal()))
                .allMatch(Rate::isOff).allMatch(r -> !r.isReachedBy(Integer.MAX_VALUE));
        assertThat(load(real(), Map.of("POSTDESK_RATELIMIT_DOMAIN", "200/1h")).guards().domainLimit().isReachedBy(200)).isTrue();
    }

    @Test
    void oauth2LoginsNeedNoPasswordAndNameTheirKeyWhenIncomplete() throws IOException {
        Map<String, String> oauth = with(real(), "imap.password", null, "imap.auth", "oauth2", "smtp.auth", "OAuth2", "smtp.user", "support@example.com",
                "oauth2.token.url", "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token",
                "oauth2.client.id", "app-id", "oauth2.client.secret", "app-secret", "oauth2.scope", "https://outlook.office365.com/.default");
        PostdeskConfig c = load(oauth, Map.of());
        assertThat(c.desk().primary().imap().server().oauth2().grant()).isEqualTo(postdesk.config.OAuth2.Grant.CLIENT_CREDENTIALS);
        assertThat(c.desk().primary().smtp().oauth2()).isEqualTo(c.desk().primary().imap().server().oauth2());
        assertThat(c.desk().primary().imap().server().toString()).contains("client_credentials").doesNotContain("app-secret");
        assertThat(failure(with(oauth, "oauth2.client.secret", null), Map.of()).getMessage()).startsWith("oauth2.client.secret:");
        assertThat(failure(with(oauth, "oauth2.token.url", "http://login.example.com/token"), Map.of()).getMessage())
                .startsWith("oauth2.token.url:").contains("https");
        assertThat(failure(with(oauth, "imap.auth", "kerberos"), Map.of()).getMessage()).startsWith("imap.auth:");
        assertThat(failure(with(oauth, "oauth2.grant", "refresh_token"), Map.of()).getMessage()).startsWith("oauth2.auth.url:");
        OAuth2 delegated = load(with(oauth, "oauth2.grant", "refresh_token", "oauth2.client.secret", null,
                "oauth2.auth.url", "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/authorize"), Map.of()).desk().primary().smtp().oauth2();
        assertThat(delegated.grant()).isEqualTo(OAuth2.Grant.REFRESH_TOKEN);
        assertThat(delegated.clientSecret()).isEmpty(); // a public client, PKCE only
        assertThat(delegated.mailbox()).isEqualTo(Mailbox.DEFAULT);
        assertThat(delegated.mechanism()).isEqualTo(OAuth2.Mechanism.XOAUTH2);
        assertThat(load(with(oauth, "oauth2.mechanism", "OAuthBearer"), Map.of()).desk().primary().smtp().oauth2().mechanism())
                .isEqualTo(OAuth2.Mechanism.OAUTHBEARER);
        assertThat(failure(with(oauth, "oauth2.mechanism", "plain"), Map.of()).getMessage()).startsWith("oauth2.mechanism:");
        assertThat(failure(with(oauth, "oauth2.client.certificate", "/no/such/cert.pem"), Map.of()).getMessage())
                .startsWith("oauth2.client.certificate:");
        assertThat(failure(with(oauth, "oauth2.grant", "jwt_bearer", "oauth2.jwt.subject", "support@example.com",
                "oauth2.jwt.key", "/no/such/key.pem"), Map.of()).getMessage()).startsWith("oauth2.jwt.key:");
        assertThat(failure(with(real(), "imap.password", null), Map.of()).getMessage()).startsWith("imap.password:");
    }

    @Test
    void severalMailboxesTakeTheirOwnKeysAndFallBackToTheTopLevel() throws IOException {
        Map<String, String> file = with(real(), "mailboxes", "support, Billing", "agents", "a1@example.com",
                "categories", "Billing,Technical",
                "mailbox.billing.address", "billing@example.com", "mailbox.billing.imap.user", "billing@example.com",
                "mailbox.billing.support.name", "Billing Team", "mailbox.billing.category", "billing",
                "mailbox.billing.templates.dir", "billing-templates");
        PostdeskConfig c = load(file, Map.of("POSTDESK_MAILBOX_BILLING_IMAP_PASSWORD", "from-env",
                "POSTDESK_MAILBOX_BILLING_AGENTS", "b1@example.com,b2@example.com"));
        assertThat(c.desk().mailboxes()).extracting(Mailbox::name).containsExactly("support", "billing");
        Mailbox support = c.desk().mailbox("support");
        Mailbox billing = c.desk().mailbox("billing");
        assertThat(support.address()).isEqualTo("support@example.com");
        assertThat(support.agents()).containsExactly("a1@example.com");
        assertThat(support.templatesDir()).isNull();
        assertThat(billing.address()).isEqualTo("billing@example.com");
        assertThat(billing.imap().server().user()).isEqualTo("billing@example.com");
        assertThat(billing.imap().server().password()).isEqualTo("from-env");
        assertThat(billing.imap().server().host()).isEqualTo("imap.example.com"); // the top-level key
        assertThat(billing.supportName()).isEqualTo("Billing Team");
        assertThat(billing.agents()).containsExactly("b1@example.com", "b2@example.com");
        assertThat(billing.category()).isEqualTo("Billing");
        assertThat(billing.templatesDir()).isEqualTo(dir.toAbsolutePath().resolve("billing-templates"));
        assertThat(billing.logFolder("INBOX")).isEqualTo("billing/INBOX");
        assertThat(c.desk().isAgent("b2@example.com")).isTrue();
        assertThat(c.desk().isOwnAddress("Billing@Example.com")).isTrue();
        assertThat(c.desk().mailbox("gone")).isSameAs(support); // a ticket of a mailbox since removed: the first serves it
        assertThat(c.toString()).doesNotContain("from-env"); // no password is printed
    }

    @Test
    void aSingleMailboxConfigurationIsTheDefaultMailboxAsBefore() throws IOException {
        PostdeskConfig c = load(real(), Map.of());
        assertThat(c.desk().mailboxes()).extracting(Mailbox::name).containsExactly(Mailbox.DEFAULT);
        assertThat(c.desk().primary().logFolder("INBOX")).isEqualTo("INBOX"); // the mail log of an upgraded desk still matches
    }

    @Test
    void mailboxMistakesNameTheKey() {
        Map<String, String> two = with(real(), "mailboxes", "support,billing", "mailbox.billing.address", "billing@example.com");
        assertThat(failure(with(two, "mailbox.sales.address", "sales@example.com"), Map.of()).key()).isEqualTo("mailbox.sales");
        assertThat(failure(with(two, "mailbox.billing.http.port", "1"), Map.of()).key()).isEqualTo("mailbox.billing.http.port");
        assertThat(failure(with(two, "mailbox.billing.imap.port", "99999"), Map.of()).key()).isEqualTo("mailbox.billing.imap.port");
        assertThat(failure(with(two, "mailbox.billing.address", "support@example.com"), Map.of()).key()).isEqualTo("mailbox.billing.address");
        assertThat(failure(with(two, "mailbox.billing.category", "nope", "categories", "Billing"), Map.of()).key())
                .isEqualTo("mailbox.billing.category");
        assertThat(failure(with(two, "mailboxes", "support,support"), Map.of()).key()).isEqualTo("mailboxes");
        assertThat(failure(with(two, "mailboxes", "support,bill ing"), Map.of()).key()).isEqualTo("mailboxes");
        // a required key missing everywhere is named where the mailbox's own value belongs
        assertThat(failure(with(two, "imap.password", null), Map.of()).key()).isEqualTo("mailbox.support.imap.password");
        assertThat(failure(with(two, "imap.password", null), Map.of()).getMessage()).contains("POSTDESK_MAILBOX_SUPPORT_IMAP_PASSWORD");
    }

    @Test
    void languagesAreTheDefaultPlusEveryOneWithTemplates() throws Exception {
        // built in: German; the desk's folder adds French (a folder named like no language is no language)
        Files.createDirectories(dir.resolve("templates/fr"));
        Files.createDirectories(dir.resolve("templates/images"));
        Languages languages = load(real(), Map.of()).desk().languages();
        assertThat(languages.fallback()).isEqualTo("en");
        assertThat(languages.offered()).containsExactlyInAnyOrder("de", "fr");
        assertThat(languages.pick("fr")).isEqualTo("fr");
        assertThat(languages.pick("it")).isEqualTo("en");
        assertThat(languages.pick(null)).isEqualTo("en");

        Map<String, String> restricted = real();
        restricted.put("languages", "DE");
        assertThat(load(restricted, Map.of()).desk().languages().offered()).containsExactly("de");
        assertThat(load(real(), Map.of("POSTDESK_LANGUAGES", "none")).desk().languages().offered()).isEmpty();
        // the default language is never "offered": its templates are the top-level ones
        Languages german = load(real(), Map.of("POSTDESK_LANGUAGE_DEFAULT", "de")).desk().languages();
        assertThat(german.fallback()).isEqualTo("de");
        assertThat(german.offered()).containsExactly("fr");
    }

    @Test
    void aBadLanguageIsNamedByItsKey() {
        ConfigException code = failure(real(), Map.of("POSTDESK_LANGUAGE_DEFAULT", "english"));
        assertThat(code.key()).isEqualTo("language.default");
        assertThat(code.getMessage()).contains("'english' is not an ISO 639-1 language code");
        assertThat(failure(real(), Map.of("POSTDESK_LANGUAGES", "de, xx")).key()).isEqualTo("languages");
        ConfigException noTemplates = failure(real(), Map.of("POSTDESK_LANGUAGES", "de, it"));
        assertThat(noTemplates.key()).isEqualTo("languages");
        assertThat(noTemplates.getMessage()).contains("'it' has no templates folder");
    }
}
