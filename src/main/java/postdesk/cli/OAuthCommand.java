package postdesk.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import postdesk.config.ConfigException;
import postdesk.config.Mailbox;
import postdesk.config.OAuth2;
import postdesk.config.PostdeskConfig;
import postdesk.daemon.Core;
import postdesk.login.Logins;
import postdesk.store.Database;
import postdesk.store.OAuthTokenStore;

/** {@code postdesk oauth login [MAILBOX]}: signs a delegated mailbox in once, without a public URL. */
@Command(name = "oauth", mixinStandardHelpOptions = true, description = "OAuth 2.0 sign-in of delegated mailboxes.",
        subcommands = OAuthCommand.Login.class)
final class OAuthCommand implements Runnable {

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a subcommand: login");
    }

    /**
     * The authorization-code flow with PKCE (RFC 7636) for a mailbox with {@code oauth2.grant =
     * refresh_token}: a one-off web server on loopback receives the browser's redirect, or the
     * operator pastes the address the browser was sent to (when the browser runs elsewhere). The
     * refresh token is stored sealed in the database; the daemon uses and rotates it from then on.
     */
    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Sign in to a delegated mailbox (oauth2.grant = refresh_token) once; the refresh token is kept sealed in the database.")
    static final class Login extends ConfigCommand {
        @Parameters(arity = "0..1", paramLabel = "MAILBOX", description = "the mailbox (default: the first that uses refresh_token)")
        String mailbox;

        @Option(names = "--port", description = "loopback port of the redirect (default: any free one; fix it to forward it with ssh -L)")
        int port;

        @Option(names = "--timeout", description = "how long to wait for the sign-in (default: ${DEFAULT-VALUE})", defaultValue = "10m")
        String timeout;

        @Override
        public Integer call() throws Exception {
            PostdeskConfig config = config();
            Mailbox m = mailbox(config);
            OAuth2 oauth = delegated(m).orElseThrow(() -> new ConfigException("mailbox." + m.name() + ".oauth2.grant",
                    "mailbox " + m.name() + " does not sign in with refresh_token: nothing to do"));
            Duration wait = postdesk.config.Durations.parse(timeout);
            PrintWriter out = out();
            try (Database db = openDatabase(config)) {
                OAuthTokenStore tokens = Core.refreshTokens(config, db, Clock.systemUTC());
                Logins.useRefreshTokens(tokens);
                String verifier = Logins.newVerifier();
                String state = Logins.newVerifier();
                CompletableFuture<String> code = new CompletableFuture<>();
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                String redirect = "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
                server.createContext("/callback", exchange -> answerRedirect(exchange, state, code));
                server.start();
                try {
                    out.println("Open this address in a browser and sign in as " + m.imap().server().user() + ":");
                    out.println();
                    out.println("  " + authorizationUrl(oauth, redirect, state, Logins.challenge(verifier), m.imap().server().user()));
                    out.println();
                    out.println("The browser is sent back to " + redirect + " on this machine. From another machine, forward the port"
                            + " (ssh -L " + server.getAddress().getPort() + ":127.0.0.1:" + server.getAddress().getPort()
                            + " this-host, with --port to fix it) or paste here the address the browser ends on:");
                    out.flush();
                    readPasted(state, code);
                    String received = code.get(wait.toMillis(), TimeUnit.MILLISECONDS);
                    Logins.Token token = Logins.signedIn(oauth, received, redirect, verifier);
                    if (tokens.current(oauth.mailbox()).isEmpty()) {
                        out.println("FAILED  the server gave an access token but no refresh token: ask for offline access"
                                + " (Microsoft: add offline_access to oauth2.scope)");
                        return 1;
                    }
                    out.println("ok      mailbox " + m.name() + " signed in; its refresh token is stored sealed in the database"
                            + " (the access token lasts until " + token.expires() + ")");
                    return 0;
                } catch (TimeoutException e) {
                    out.println("FAILED  no sign-in within " + timeout);
                    return 1;
                } catch (java.util.concurrent.ExecutionException e) {
                    out.println("FAILED  " + e.getCause().getMessage());
                    return 1;
                } finally {
                    server.stop(0);
                }
            }
        }

        private Mailbox mailbox(PostdeskConfig config) {
            if (mailbox != null) {
                return config.desk().mailboxes().stream().filter(m -> m.name().equalsIgnoreCase(mailbox)).findFirst()
                        .orElseThrow(() -> new ConfigException("mailboxes", "no mailbox named '" + mailbox + "'"));
            }
            return config.desk().mailboxes().stream().filter(m -> delegated(m).isPresent()).findFirst()
                    .orElseThrow(() -> new ConfigException("oauth2.grant", "no mailbox signs in with refresh_token"));
        }

        private static Optional<OAuth2> delegated(Mailbox m) {
            for (OAuth2 o : new OAuth2[] {m.imap().server().oauth2(), m.smtp().oauth2()}) {
                if (o != null && o.grant() == OAuth2.Grant.REFRESH_TOKEN) return Optional.of(o);
            }
            return Optional.empty();
        }

        /** A pasted line (the whole redirected address, or just the code) completes the sign-in, if the browser cannot reach this machine. */
        private static void readPasted(String state, CompletableFuture<String> code) {
            Thread reader = new Thread(() -> {
                try {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    for (String line; !code.isDone() && (line = in.readLine()) != null; ) {
                        Optional<String> pasted = codeFrom(line, state);
                        if (pasted.isPresent()) code.complete(pasted.get());
                    }
                } catch (IOException e) {
                    // no console: the loopback redirect is the only way in
                }
            }, "postdesk-oauth-paste");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** The authorization request: the code flow with PKCE, offline access asked for (a refresh token). */
    static String authorizationUrl(OAuth2 oauth, String redirect, String state, String challenge, String loginHint) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", oauth.clientId());
        q.put("redirect_uri", redirect);
        if (!oauth.scope().isEmpty()) q.put("scope", oauth.scope());
        q.put("state", state);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        q.put("access_type", "offline"); // Google: a refresh token; others ignore it
        q.put("prompt", "consent");
        if (loginHint != null && !loginHint.isEmpty()) q.put("login_hint", loginHint);
        String base = oauth.authUrl().toString();
        return base + (base.contains("?") ? "&" : "?") + q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The code in a pasted redirect address (its state must match) or a bare pasted code. */
    static Optional<String> codeFrom(String pasted, String state) {
        String p = pasted.strip();
        if (p.isEmpty()) return Optional.empty();
        if (!p.contains("?") && !p.contains("=")) return Optional.of(p);
        Map<String, String> q = query(p.contains("?") ? p.substring(p.indexOf('?') + 1) : p);
        if (!state.equals(q.get("state")) || q.get("code") == null) return Optional.empty();
        return Optional.of(q.get("code"));
    }

    private static void answerRedirect(HttpExchange exchange, String state, CompletableFuture<String> code) throws IOException {
        Map<String, String> q = query(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
        String page;
        int status = 200;
        if (!state.equals(q.get("state"))) {
            status = 400;
            page = "This sign-in does not belong to the running 'postdesk oauth login' (state mismatch).";
        } else if (q.get("error") != null) {
            page = "The sign-in was refused: " + q.get("error") + " " + q.getOrDefault("error_description", "");
            code.completeExceptionally(new IllegalStateException("the authorization server refused the sign-in: " + q.get("error")
                    + (q.containsKey("error_description") ? ": " + q.get("error_description") : "")));
        } else if (q.get("code") == null) {
            status = 400;
            page = "No code in this address.";
        } else {
            page = "Postdesk is signed in. You can close this tab.";
            code.complete(q.get("code"));
        }
        byte[] body = ("<!doctype html><meta charset=utf-8><title>Postdesk</title><p>" + page.replace("&", "&amp;").replace("<", "&lt;")
                + "</p>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }
}
