package postdesk.web;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.cluster.Leases;
import postdesk.config.Desk;
import postdesk.config.HttpSettings;
import postdesk.health.Health;
import postdesk.health.Metrics;
import postdesk.sla.SlaPolicy;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;

/**
 * The HTTP side on an embedded Jetty: {@code /healthz}, {@code /metrics}, the JSON API, the
 * status pages and the customers' rating links. Binds loopback by default; when a token is
 * configured every path but {@code /healthz} and {@code /rate/TOKEN} (signed itself) needs
 * {@code Authorization: Bearer TOKEN}. Every response, Jetty's own error
 * answers included, carries a CSP without inline script and the usual hardening headers.
 * Jetty reads requests without tying up a thread, and {@link SlowClients} bounds what slow or idle
 * clients may hold, so a few dawdling sockets cannot freeze the page.
 */
public final class StatusServer {
    /** A request's head must have arrived within this (only the rating form has a body, a small one). */
    static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
    /** A kept-alive connection with no request in it is closed after this. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Open at once from one client address (a reverse proxy in front counts as one). */
    static final int MAX_CONNECTIONS_PER_CLIENT = 32;
    /** For all clients together: file descriptors are shared with the mail connections. */
    private static final int MAX_CONNECTIONS = 256;
    /** One acceptor and one selector take two; the rest answer requests. */
    private static final int THREADS = 8;
    /** The rating form's body at most: a comment of 2000 characters, percent-encoded, fits. */
    private static final int RATING_FORM_MAX = 32 * 1024;
    /** The largest refused form body still read to its end before the answer. */
    private static final long DRAIN_MAX = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Map<String, String> HARDENING = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    private final HttpSettings http;
    private final Path attachmentsDir;
    private final SlaPolicy sla;
    private final Routes routes;
    private final RatingPage ratingPage;
    private Server server;

    public StatusServer(HttpSettings http, Path attachmentsDir, Desk desk, SlaPolicy sla, Database db, Health health, Leases leases,
                        Metrics metrics, Clock clock, RatingPage ratingPage) {
        this.http = http;
        this.ratingPage = ratingPage;
        this.attachmentsDir = attachmentsDir;
        this.sla = sla;
        this.routes = new Routes(new Api(db, health, leases, desk, sla, clock), new Pages(db, health, leases, clock, desk.policy().fields()),
                new Attachments(db, new AttachmentFiles(attachmentsDir)), metrics);
    }

    public void start() {
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("postdesk-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration protocol = new HttpConfiguration();
        protocol.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(protocol));
        connector.setHost(http.bind());
        connector.setPort(http.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.addEventListener(new SlowClients(MAX_CONNECTIONS_PER_CLIENT, REQUEST_READ_TIMEOUT, connector.getScheduler()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (request.getMethod().equals("POST") && RatingPage.matches(path)) {
                    // the form is read as it arrives, holding no thread: slow senders cannot starve the pages
                    FormFields.onFields(request, StandardCharsets.UTF_8, 4, RATING_FORM_MAX, Promise.Invocable.from(InvocationType.BLOCKING,
                            form -> send(response, guarded(path, () -> ratingPage.serve(path, comment(form), true)), callback),
                            failure -> refuseForm(request, response, callback, failure)));
                    return true;
                }
                send(response, guarded(path, () -> respond(request, path)), callback);
                return true;
            }
        });
        server.setErrorHandler(StatusServer::jettyError);
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot serve HTTP on " + http.bind() + ":" + http.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public void stop() {
        if (server == null) return;
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    private Response respond(Request request, String path) {
        String method = request.getMethod();
        // the signed token in a rating link is its authorisation: customers have no bearer token
        if (RatingPage.matches(path)) return rate(method, path);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.json(405, Map.of("error", "only GET is served")).withHeader("Allow", "GET, HEAD");
        }
        if (!path.equals("/healthz") && !authorised(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            return Response.json(401, Map.of("error", "a bearer token is required")).withHeader("WWW-Authenticate", "Bearer");
        }
        return routes.serve(path, query(request.getHttpURI().getQuery()));
    }

    /** The answer {@code route} gives, or the JSON error for a bad request or a failure. */
    private static Response guarded(String path, java.util.function.Supplier<Response> route) {
        try {
            return route.get();
        } catch (Routes.BadRequest e) {
            return Response.json(400, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("HTTP {} failed: {}", path, e.toString(), e);
            return Response.json(500, Map.of("error", "internal error"));
        }
    }

    /** A rating link: GET records it, HEAD (a link checker) only checks it; POST (the comment form) is read in {@code start}. */
    private Response rate(String method, String path) {
        if (method.equals("GET")) return ratingPage.serve(path, null, true);
        if (method.equals("HEAD")) return ratingPage.serve(path, null, false);
        return Response.json(405, Map.of("error", "a rating link takes GET and POST")).withHeader("Allow", "GET, HEAD, POST");
    }

    /**
     * A form that is too large or broken gets a 400. A body of up to {@link #DRAIN_MAX} is read to
     * its end first: closing a connection with unread bytes resets it, and the client may lose the
     * answer before reading it.
     */
    private static void refuseForm(Request request, org.eclipse.jetty.server.Response response, Callback callback, Throwable failure) {
        Response refusal = Response.json(400, Map.of("error", "not a rating comment form: " + failure.getMessage()));
        long length = request.getLength();
        if (length < 0 || length > DRAIN_MAX) {
            send(response, refusal, callback);
            return;
        }
        Content.Source.consumeAll(request, Callback.from(() -> send(response, refusal, callback), x -> send(response, refusal, callback)));
    }

    private static String comment(Fields form) {
        String comment = form.getValue("comment");
        return comment == null ? "" : comment;
    }

    /**
     * What Jetty answers itself (a request it cannot parse, headers too large, a broken escape in
     * the path): the same JSON error shape and headers as ours.
     */
    private static boolean jettyError(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        send(response, Response.json(status, Map.of("error", message != null ? message : HttpStatus.getMessage(status))), callback);
        return true;
    }

    /**
     * RFC 7235: the scheme is case-insensitive and one or more spaces part it from the token.
     * Constant-time comparison, so the token cannot be guessed from response times.
     */
    private boolean authorised(String header) {
        if (http.token().isEmpty()) return true;
        if (header == null) return false;
        String[] parts = header.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) return false;
        byte[] given = parts[1].getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, http.token().getBytes(StandardCharsets.UTF_8));
    }

    /** Jetty leaves out the body of a HEAD answer by itself. */
    private static void send(org.eclipse.jetty.server.Response out, Response r, Callback callback) {
        out.setStatus(r.status());
        HttpFields.Mutable h = out.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, r.contentType());
        HARDENING.forEach(h::put);
        r.headers().forEach(h::put);
        h.put(HttpHeader.CONTENT_LENGTH, r.body().length);
        out.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        try {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.putIfAbsent(k, v);
            }
        } catch (IllegalArgumentException e) {
            throw new Routes.BadRequest("the query has a broken %-escape");
        }
        return q;
    }
}
