package postdesk.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import postdesk.retention.RetentionPolicy;
import postdesk.sla.BusinessHours;
import postdesk.sla.SlaPolicy;
import postdesk.sla.SlaTargets;
import postdesk.ticket.Categories;
import postdesk.ticket.Priorities;
import postdesk.ticket.SeverityWords;
import postdesk.ticket.StructuredFields;

/**
 * The whole validated configuration, in sections: each part of Postdesk is given only the section
 * it needs. Every key is listed in {@link #KEYS}; the README documents each one. Loading fails
 * with a {@link ConfigException} naming the first bad or missing key.
 */
public record PostdeskConfig(
        boolean sandbox,
        Desk desk,
        DatabaseSettings database,
        HttpSettings http,
        Lifecycle lifecycle,
        ReadingLimits reading,
        SlaPolicy sla,
        Guards guards,
        RatingSettings rating,
        RetentionPolicy retention,
        String logFormat) {

    /** The value of {@code imap.host} / {@code smtp.host} that starts the embedded sandbox mail server. */
    public static final String SANDBOX = "sandbox";

    public static final String DEFAULT_DB_URL =
            "jdbc:h2:file:./data/postdesk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    static final Set<String> KEYS = Set.of(
            "imap.host", "imap.port", "imap.user", "imap.password", "imap.tls", "imap.auth", "smtp.auth",
            "oauth2.token.url", "oauth2.grant", "oauth2.client.id", "oauth2.client.secret", "oauth2.scope",
            "oauth2.jwt.key", "oauth2.jwt.subject", "oauth2.client.certificate", "oauth2.client.key", "oauth2.auth.url", "oauth2.mechanism",
            "imap.folder", "imap.processed.folder", "imap.quarantine.folder",
            "smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.tls",
            "sandbox.imap.port", "sandbox.smtp.port", "tls.truststore", "tls.truststore.password",
            "address", "support.name", "agents",
            "db.url", "db.user", "db.password",
            "http.bind", "http.port", "http.token", "http.public.url",
            "poll.interval", "autoclose.after", "autoclose.reminder.before", "resolved.close.after", "priority.matrix",
            "categories", "types", "category.aliases", "category.keywords", "timers.interval",
            "templates.dir", "attachments.dir", "attachments.max.count", "attachments.max.size", "attachments.max.total",
            "sla.timezone", "sla.workdays", "sla.workhours", "sla.holidays", "sla.targets", "sla.warn.before",
            "secret", "reply.token.ttl", "auth.trusted.servers", "autoreply.cap", "autoreply.total", "autoreply.recipients.max",
            "participants.max", "ratelimit.sender", "ratelimit.domain",
            "bounce.suppress.for", "watchdog.timeout", "log.format", "login.alert.after", "mailboxes", "category", "lease.time",
            "collision.guard", "severity.words", "fields", "plan.default", "plan.policies", "forum.url", "share.organisations",
            "work.started.notice", "rating", "rating.expiry", "retention", "retention.mode", "language.default", "languages");

    /** The keys a mailbox may set for itself as {@code mailbox.N.KEY}; the others are the desk's. */
    static final Set<String> MAILBOX_KEYS = Set.of(
            "imap.host", "imap.port", "imap.user", "imap.password", "imap.tls", "imap.auth", "smtp.auth",
            "oauth2.token.url", "oauth2.grant", "oauth2.client.id", "oauth2.client.secret", "oauth2.scope",
            "oauth2.jwt.key", "oauth2.jwt.subject", "oauth2.client.certificate", "oauth2.client.key", "oauth2.auth.url", "oauth2.mechanism",
            "imap.folder", "imap.processed.folder", "imap.quarantine.folder", "poll.interval",
            "smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.tls",
            "address", "support.name", "agents", "category", "templates.dir");

    private static final Pattern MAILBOX_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\",]+@[^@\\s<>\",]+\\.[^@\\s<>\",]+|[^@\\s<>\",]+@localhost");

    /** Loads {@code file} (which may be absent when {@code required} is false) with {@code env} laid over it. */
    public static PostdeskConfig load(Path file, boolean required, Map<String, String> env) {
        Map<String, String> fileValues = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> fileValues.put(k, p.getProperty(k)));
        } else if (required) {
            throw new ConfigException("--config", "file not found: " + file);
        }
        Path configDir = file.toAbsolutePath().getParent();
        return from(Settings.merge(fileValues, env, KEYS, MAILBOX_KEYS), configDir);
    }

    private static PostdeskConfig from(Settings s, Path configDir) {
        Categories categories = categories(s);
        List<String> names = mailboxNames(s);
        List<Mailbox> mailboxes = new ArrayList<>();
        Boolean sandbox = null;
        for (String name : names) {
            Settings view = name.equals(Mailbox.DEFAULT) && optional(s, "mailboxes", "").isEmpty() ? s : s.forMailbox(name, MAILBOX_KEYS);
            boolean inSandbox = required(view, "imap.host").equalsIgnoreCase(SANDBOX);
            if (sandbox != null && sandbox != inSandbox) {
                throw new ConfigException(view.name("imap.host"), "the sandbox serves every mailbox or none: set imap.host of each mailbox alike");
            }
            sandbox = inSandbox;
            Mailbox m = mailbox(view, name, configDir, categories);
            for (Mailbox other : mailboxes) {
                if (other.address().equals(m.address())) {
                    throw new ConfigException(view.name("address"), "'" + m.address() + "' is the address of mailbox " + other.name() + " too");
                }
            }
            mailboxes.add(m);
        }

        String httpBind = optional(s, "http.bind", "127.0.0.1");
        String httpToken = optional(s, "http.token", "");
        if (httpToken.isEmpty() && !isLoopback(httpBind)) {
            throw new ConfigException("http.bind", "'" + httpBind + "' is not a loopback address; set http.token (POSTDESK_HTTP_TOKEN) to serve it");
        }

        Duration autocloseAfter = positive(s, "autoclose.after", "48h");
        Duration reminderBefore = notNegative(s, "autoclose.reminder.before", "24h");
        if (reminderBefore.compareTo(autocloseAfter) >= 0) {
            throw new ConfigException("autoclose.reminder.before", "must be shorter than autoclose.after (" + Durations.format(autocloseAfter) + ")");
        }

        Path sharedTemplates = templatesDir(configDir, optional(s, "templates.dir", "templates"));
        Lifecycle lifecycle = new Lifecycle(autocloseAfter, reminderBefore, positive(s, "resolved.close.after", "7d"),
                positive(s, "timers.interval", "10s"), positive(s, "login.alert.after", "30m"),
                typed(s, "collision.guard", "on", PostdeskConfig::onOff));
        return new PostdeskConfig(
                sandbox,
                new Desk(mailboxes, categories, typed(s, "priority.matrix", Priorities.DEFAULT_MATRIX, Priorities::parse)
                        .withWords(typed(s, "severity.words", SeverityWords.DEFAULT, SeverityWords::parse)),
                        sharedTemplates, languages(s, sharedTemplates, mailboxes), ticketPolicy(s)),
                new DatabaseSettings(jdbcUrl(s), optional(s, "db.user", ""), optional(s, "db.password", ""), leaseTime(s)),
                new HttpSettings(httpBind, port(s, "http.port", 8025), httpToken, optional(s, "http.public.url", "")),
                lifecycle,
                new ReadingLimits(Path.of(optional(s, "attachments.dir", "data/attachments")),
                        new AttachmentLimits(
                                (int) Math.min(Integer.MAX_VALUE, typed(s, "attachments.max.count", "20", PostdeskConfig::count)),
                                typed(s, "attachments.max.size", "10MB", Sizes::parse),
                                typed(s, "attachments.max.total", "25MB", Sizes::parse)),
                        positive(s, "watchdog.timeout", "60s")),
                sla(s),
                guards(s),
                new RatingSettings(typed(s, "rating", "on", PostdeskConfig::onOff), positive(s, "rating.expiry", "30d")),
                retention(s),
                typed(s, "log.format", "plain", v -> {
                    String f = v.strip().toLowerCase(Locale.ROOT);
                    if (!f.equals("plain") && !f.equals("json")) throw new IllegalArgumentException("'" + v + "' is not plain or json");
                    return f;
                }));
    }

    private static TicketPolicy ticketPolicy(Settings s) {
        String defaultPlan = typed(s, "plan.default", TicketPolicy.DEFAULT_PLAN, v -> {
            if (!v.strip().matches("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,49}")) throw new IllegalArgumentException("'" + v + "' is not a plan name");
            return v.strip();
        });
        java.util.Set<String> forumPlans = typed(s, "plan.policies", "", TicketPolicy::forumPlans);
        String forumUrl = optional(s, "forum.url", "");
        if (!forumPlans.isEmpty() && !forumUrl.matches("https?://\\S+")) {
            throw new ConfigException("forum.url", forumUrl.isEmpty() ? "missing (plan.policies sends " + String.join(", ", forumPlans)
                    + " to the forum)" : "'" + forumUrl + "' is not an http(s) address");
        }
        return new TicketPolicy(defaultPlan, forumPlans, forumUrl, typed(s, "fields", "", StructuredFields::parse),
                typed(s, "share.organisations", "", TicketPolicy::organisations), typed(s, "work.started.notice", "on", PostdeskConfig::onOff));
    }

    /** The mode is read first, on its own, so an error names the key that is wrong. */
    private static RetentionPolicy retention(Settings s) {
        RetentionPolicy.Mode mode = typed(s, "retention.mode", "erase", RetentionPolicy.Mode::parse);
        return typed(s, "retention", "off", v -> RetentionPolicy.parse(v, mode));
    }

    /**
     * {@code language.default} (the top-level templates' language) and {@code languages}: the others a
     * ticket may take, each needing a templates folder; by default every language that has one in the
     * desk's or a mailbox's templates folder or among the built-in templates; {@code none} for none.
     */
    private static Languages languages(Settings s, Path sharedTemplates, List<Mailbox> mailboxes) {
        String fallback = typed(s, "language.default", "en", Languages::code);
        List<Path> dirs = new ArrayList<>();
        dirs.add(sharedTemplates);
        mailboxes.stream().map(Mailbox::templatesDir).filter(java.util.Objects::nonNull).forEach(dirs::add);
        Set<String> withTemplates = postdesk.outbound.Templates.languages(dirs);
        String listed = optional(s, "languages", "").strip();
        Set<String> offered;
        if (listed.isEmpty()) {
            offered = withTemplates;
        } else if (listed.equalsIgnoreCase("none")) {
            offered = Set.of();
        } else {
            offered = typed(s, "languages", listed, Languages::parseList);
            for (String l : offered) {
                if (!withTemplates.contains(l) && !l.equals(fallback)) {
                    throw new ConfigException("languages", "'" + l + "' has no templates folder (" + sharedTemplates.resolve(l) + ")");
                }
            }
        }
        return new Languages(fallback, offered.stream().filter(l -> !l.equals(fallback)).collect(java.util.stream.Collectors.toSet()));
    }

    private static Duration leaseTime(Settings s) {
        Duration lease = positive(s, "lease.time", "30s");
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) throw new ConfigException("lease.time", "must be at least 3s (it is renewed every third)");
        return lease;
    }

    /** The names in {@code mailboxes} (lower case, each once), or the one default mailbox; every {@code mailbox.N.*} key must name one. */
    private static List<String> mailboxNames(Settings s) {
        String listed = optional(s, "mailboxes", "");
        List<String> names = new ArrayList<>();
        for (String n : listed.split(",")) {
            String name = n.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (!MAILBOX_NAME.matcher(name).matches()) {
                throw new ConfigException("mailboxes", "'" + n.strip() + "' is not a mailbox name (letters, digits, - and _)");
            }
            if (names.contains(name)) throw new ConfigException("mailboxes", "'" + name + "' is listed twice");
            names.add(name);
        }
        for (String used : s.mailboxNamesInKeys()) {
            if (!names.contains(used)) {
                throw new ConfigException("mailbox." + used, "mailbox '" + used + "' is not listed in mailboxes"
                        + (names.isEmpty() ? " (set mailboxes = a comma-separated list of names)" : " (" + String.join(", ", names) + ")"));
            }
        }
        return names.isEmpty() ? List.of(Mailbox.DEFAULT) : names;
    }

    /** One mailbox from its view of the settings (its own keys, then the top level's). */
    private static Mailbox mailbox(Settings s, String name, Path configDir, Categories categories) {
        String imapHost = required(s, "imap.host");
        boolean sandbox = imapHost.equalsIgnoreCase(SANDBOX);
        String address = address(s, "address", required(s, "address"));
        String smtpHost = required(s, "smtp.host");
        if (!sandbox && smtpHost.equalsIgnoreCase(SANDBOX)) {
            throw new ConfigException(s.name("smtp.host"), "is 'sandbox' but imap.host is a real server; set smtp.host (POSTDESK_SMTP_HOST) too");
        }

        MailServer imap;
        MailServer smtp;
        if (sandbox) {
            // the sandbox's accounts log in with the full address and its local part as password
            String localPart = address.substring(0, address.indexOf('@'));
            imap = new MailServer("127.0.0.1", port(s, "sandbox.imap.port", 3143), address, localPart, Tls.NONE);
            smtp = new MailServer("127.0.0.1", port(s, "sandbox.smtp.port", 3025), address, localPart, Tls.NONE);
        } else {
            MailServer.TrustStore trust = truststore(s);
            Tls imapTls = tls(s, "imap.tls", Tls.TLS);
            OAuth2 imapOAuth = oauth2(s, "imap.auth", name);
            imap = new MailServer(imapHost, port(s, "imap.port", imapTls == Tls.TLS ? 993 : 143),
                    required(s, "imap.user"), imapOAuth == null ? required(s, "imap.password") : "", imapTls, trust, imapOAuth);
            Tls smtpTls = tls(s, "smtp.tls", Tls.STARTTLS);
            int smtpDefaultPort = switch (smtpTls) {
                case TLS -> 465;
                case STARTTLS -> 587;
                case NONE -> 25;
            };
            String smtpUser = optional(s, "smtp.user", "");
            String smtpPassword = optional(s, "smtp.password", "");
            OAuth2 smtpOAuth = oauth2(s, "smtp.auth", name);
            if (smtpOAuth != null && smtpUser.isEmpty()) {
                throw new ConfigException(s.name("smtp.user"), "missing (smtp.auth is oauth2: the mailbox logs in as this user)");
            }
            if (smtpOAuth == null && !smtpUser.isEmpty() && smtpPassword.isEmpty()) {
                throw new ConfigException(s.name("smtp.password"), "missing (smtp.user is set)");
            }
            smtp = new MailServer(smtpHost, port(s, "smtp.port", smtpDefaultPort), smtpUser, smtpPassword, smtpTls, trust, smtpOAuth);
        }

        List<String> agents = Arrays.stream(optional(s, "agents", "").split(","))
                .map(String::trim).filter(a -> !a.isEmpty())
                .map(a -> address(s, "agents", a))
                .distinct().toList();
        String category = typed(s, "category", "", v -> v.isEmpty() ? null : categories.category(v)
                .orElseThrow(() -> new IllegalArgumentException("'" + v + "' is not one of the categories " + categories.categories())));
        String templates = s.get("templates.dir");
        return new Mailbox(name,
                new ImapSettings(imap, optional(s, "imap.folder", "INBOX"), optional(s, "imap.processed.folder", "Processed"),
                        optional(s, "imap.quarantine.folder", "Quarantine"), positive(s, "poll.interval", "30s")),
                smtp, address, headerSafe(s, "support.name", optional(s, "support.name", "Support")), agents, category,
                templates == null ? null : templatesDir(configDir, templates));
    }

    private static boolean onOff(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("must be on or off");
        };
    }

    private static Path templatesDir(Path configDir, String templates) {
        return configDir == null ? Path.of(templates) : configDir.resolve(templates);
    }

    /** Everything but the secrets (database password, HTTP token, signing secret), which are never printed. */
    @Override
    public String toString() {
        return "PostdeskConfig[" + desk.mailboxes().stream().map(m -> m + ": imap=" + m.imap().server() + ", smtp=" + m.smtp()
                + ", agents=" + m.agents()).toList() + ", db=" + database + ", http=" + http + ", " + guards + ", retention=" + retention + "]";
    }

    private static String required(Settings s, String key) {
        String v = s.get(key);
        if (v == null) {
            throw new ConfigException(s.name(key), "missing (set it in the config file or " + Settings.envName(s.name(key)) + ")");
        }
        return v;
    }

    private static String optional(Settings s, String key, String fallback) {
        String v = s.get(key);
        return v == null ? fallback : v;
    }

    private static <T> T typed(Settings s, String key, String fallback, Function<String, T> parse) {
        String v = optional(s, key, fallback);
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            throw new ConfigException(s.name(key), e.getMessage() == null ? "malformed value '" + v + "'" : e.getMessage());
        }
    }

    private static long count(String v) {
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new IllegalArgumentException("must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + v + "'");
        }
    }

    private static int atLeastOne(Settings s, String key, int fallback) {
        long n = typed(s, key, Integer.toString(fallback), PostdeskConfig::count);
        if (n < 1) throw new ConfigException(s.name(key), "must be at least 1");
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static int port(Settings s, String key, int fallback) {
        return typed(s, key, Integer.toString(fallback), v -> {
            int port;
            try {
                port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port number: '" + v + "'");
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            return port;
        });
    }

    private static Tls tls(Settings s, String key, Tls fallback) {
        return typed(s, key, fallback.name(), v -> {
            try {
                return Tls.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not one of none, starttls, tls");
            }
        });
    }

    private static Duration duration(Settings s, String key, String fallback) {
        return typed(s, key, fallback, Durations::parse);
    }

    private static Duration notNegative(Settings s, String key, String fallback) {
        Duration d = duration(s, key, fallback);
        if (d.isNegative()) throw new ConfigException(s.name(key), "must not be negative");
        return d;
    }

    private static Duration positive(Settings s, String key, String fallback) {
        Duration d = duration(s, key, fallback);
        if (d.isNegative() || d.isZero()) throw new ConfigException(s.name(key), "must be longer than zero");
        return d;
    }

    private static String address(Settings s, String key, String value) {
        String a = value.trim().toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(a).matches()) {
            throw new ConfigException(s.name(key), "not an email address: '" + value + "'");
        }
        return a;
    }

    private static String headerSafe(Settings s, String key, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ConfigException(s.name(key), "contains control characters");
        }
        return value;
    }

    /** Each of the four keys is checked on its own, so an error names the one that is wrong. */
    private static Categories categories(Settings s) {
        String categories = optional(s, "categories", "");
        String types = optional(s, "types", "incident,request");
        typed(s, "types", types, v -> Categories.parse("", v, "", ""));
        typed(s, "categories", categories, v -> Categories.parse(v, types, "", ""));
        String aliases = typed(s, "category.aliases", "", v -> {
            Categories.parse(categories, types, v, "");
            return v;
        });
        String keywords = typed(s, "category.keywords", "", v -> {
            Categories.parse(categories, types, "", v);
            return v;
        });
        return Categories.parse(categories, types, aliases, keywords);
    }

    private static Guards guards(Settings s) {
        String secret = optional(s, "secret", "");
        if (!secret.isEmpty() && secret.length() < 32) throw new ConfigException("secret", "is shorter than 32 characters (or leave it unset: one is made and kept in the database)");
        Set<String> trusted = Arrays.stream(optional(s, "auth.trusted.servers", "").split(","))
                .map(String::strip).filter(v -> !v.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new Guards(secret, positive(s, "reply.token.ttl", "30d"), trusted,
                typed(s, "autoreply.cap", "10/3h", Rate::parse),
                typed(s, "autoreply.total", "600/1m", Rate::parse),
                atLeastOne(s, "autoreply.recipients.max", 10),
                (int) Math.min(Integer.MAX_VALUE, typed(s, "participants.max", "20", PostdeskConfig::count)),
                typed(s, "ratelimit.sender", "30/1h", Rate::parse),
                typed(s, "ratelimit.domain", "off", Rate::parse),
                positive(s, "bounce.suppress.for", "7d"));
    }

    /** Each calendar key is parsed with the others at their defaults, so an error names the key that is wrong. */
    private static SlaPolicy sla(Settings s) {
        String zone = optional(s, "sla.timezone", "UTC");
        String days = optional(s, "sla.workdays", "Mon-Fri");
        String hours = optional(s, "sla.workhours", "09:00-17:00");
        String holidays = optional(s, "sla.holidays", "");
        typed(s, "sla.timezone", zone, v -> BusinessHours.parse(v, "Mon", "09:00-17:00", ""));
        typed(s, "sla.workdays", days, v -> BusinessHours.parse("UTC", v, "09:00-17:00", ""));
        typed(s, "sla.workhours", hours, v -> BusinessHours.parse("UTC", "Mon", v, ""));
        typed(s, "sla.holidays", holidays, v -> BusinessHours.parse("UTC", "Mon", "09:00-17:00", v));
        BusinessHours calendar = BusinessHours.parse(zone, days, hours, holidays);
        return new SlaPolicy(calendar,
                typed(s, "sla.targets", SlaTargets.DEFAULT, v -> SlaTargets.parse(v, calendar)),
                notNegative(s, "sla.warn.before", "30m"));
    }

    /** The OAuth 2.0 settings of mailbox {@code mailbox} when {@code authKey} ({@code imap.auth} / {@code smtp.auth}) is {@code oauth2}, else null. */
    private static OAuth2 oauth2(Settings s, String authKey, String mailbox) {
        String auth = optional(s, authKey, "password").toLowerCase(Locale.ROOT);
        if (auth.equals("password")) return null;
        if (!auth.equals("oauth2")) throw new ConfigException(s.name(authKey), "must be password or oauth2, not '" + auth + "'");
        java.net.URI tokenUrl = endpoint(s, "oauth2.token.url", required(s, "oauth2.token.url"));
        String grant = optional(s, "oauth2.grant", "client_credentials").toLowerCase(Locale.ROOT);
        String clientId = required(s, "oauth2.client.id");
        String scope = optional(s, "oauth2.scope", "");
        OAuth2.Mechanism mechanism = typed(s, "oauth2.mechanism", "xoauth2", v -> {
            try {
                return OAuth2.Mechanism.valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not xoauth2 or oauthbearer");
            }
        });
        return switch (grant) {
            case "client_credentials" -> {
                String certificate = optional(s, "oauth2.client.certificate", "");
                if (certificate.isEmpty()) {
                    yield new OAuth2(tokenUrl, OAuth2.Grant.CLIENT_CREDENTIALS, clientId, required(s, "oauth2.client.secret"), scope,
                            null, null, null, null, mailbox, mechanism);
                }
                Path certificateFile = readable(s, "oauth2.client.certificate", certificate);
                Path key = readable(s, "oauth2.client.key", required(s, "oauth2.client.key"));
                yield new OAuth2(tokenUrl, OAuth2.Grant.CLIENT_CREDENTIALS, clientId, "", scope, key, null, certificateFile, null, mailbox, mechanism);
            }
            case "jwt_bearer" -> new OAuth2(tokenUrl, OAuth2.Grant.JWT_BEARER, clientId, null, scope,
                    readable(s, "oauth2.jwt.key", required(s, "oauth2.jwt.key")), required(s, "oauth2.jwt.subject"), null, null, mailbox, mechanism);
            case "refresh_token" -> new OAuth2(tokenUrl, OAuth2.Grant.REFRESH_TOKEN, clientId, optional(s, "oauth2.client.secret", ""), scope,
                    null, null, null, endpoint(s, "oauth2.auth.url", required(s, "oauth2.auth.url")), mailbox, mechanism);
            default -> throw new ConfigException(s.name("oauth2.grant"), "must be client_credentials, jwt_bearer or refresh_token, not '" + grant + "'");
        };
    }

    /** An OAuth 2.0 endpoint: https, or plain http on loopback only (its secrets travel in the clear). */
    private static java.net.URI endpoint(Settings s, String key, String value) {
        java.net.URI url;
        try {
            url = java.net.URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.name(key), "not a URL: " + e.getMessage());
        }
        if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && namesLoopback(url.getHost()))) {
            throw new ConfigException(s.name(key), "must be https (plain http only on loopback): '" + url + "'");
        }
        return url;
    }

    private static Path readable(Settings s, String key, String value) {
        Path file = Path.of(value);
        if (!Files.isReadable(file)) throw new ConfigException(s.name(key), "cannot read the file " + file);
        return file;
    }

    /** Whether a URL's host is written as this machine (no lookup: a token endpoint's secrets travel in the clear only there). */
    private static boolean namesLoopback(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost"));
    }

    private static MailServer.TrustStore truststore(Settings s) {
        String path = optional(s, "tls.truststore", "");
        if (path.isEmpty()) return null;
        MailServer.TrustStore trust = new MailServer.TrustStore(Path.of(path), optional(s, "tls.truststore.password", ""));
        try {
            postdesk.mail.MailSessions.socketFactory(trust);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException(s.name("tls.truststore"), "cannot load " + path + ": " + e.getMessage());
        }
        return trust;
    }

    private static String jdbcUrl(Settings s) {
        String url = optional(s, "db.url", DEFAULT_DB_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("db.url", "'" + url + "' is neither an H2 (jdbc:h2:) nor a PostgreSQL (jdbc:postgresql:) URL");
        }
        return url;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("http.bind", "unknown address '" + host + "'");
        }
    }
}
