package postdesk.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import postdesk.config.PostdeskConfig;
import postdesk.health.Health;
import postdesk.health.Metrics;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;

/**
 * The HTTP side on the JDK's server: {@code /healthz}, {@code /metrics}, the JSON API and the
 * status pages. Binds loopback by default; when a token is configured every path but
 * {@code /healthz} needs {@code Authorization: Bearer TOKEN}. Every response carries a CSP without
 * inline script and the usual hardening headers.
 */
public final class StatusServer {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final PostdeskConfig config;
    private final Routes routes;
    private HttpServer server;
    private ExecutorService executor;

    public StatusServer(PostdeskConfig config, Database db, Health health, Metrics metrics, Clock clock) {
        this.config = config;
        this.routes = new Routes(new Api(db, health, config.sla(), clock), new Pages(db, health, clock),
                new Attachments(db, new AttachmentFiles(config.attachmentsDir())), metrics);
    }

    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(config.httpBind(), config.httpPort()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve HTTP on " + config.httpBind() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "postdesk-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) server.stop(1);
        if (executor != null) executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Response response;
            try {
                if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    response = Response.json(405, Map.of("error", "only GET is served"));
                } else if (!path.equals("/healthz") && !authorised(ex)) {
                    response = Response.json(401, Map.of("error", "a bearer token is required"));
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                } else {
                    response = routes.serve(path, query(ex.getRequestURI().getRawQuery()));
                }
            } catch (Routes.BadRequest e) {
                response = Response.json(400, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("HTTP {} failed: {}", path, e.toString(), e);
                response = Response.json(500, Map.of("error", "internal error"));
            }
            send(ex, response);
        }
    }

    /** Constant-time comparison, so the token cannot be guessed from response times. */
    private boolean authorised(HttpExchange ex) {
        if (config.httpToken().isEmpty()) return true;
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) return false;
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, config.httpToken().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", r.contentType());
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        r.headers().forEach(h::set);
        byte[] body = r.body();
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }
}
