package postdesk.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.health.Metrics;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/** Which path serves what. */
final class Routes {
    private static final Pattern FILE = Pattern.compile("/tickets/([^/]+)/files/([^/]+)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern MESSAGE_HTML = Pattern.compile("/tickets/([^/]+)/messages/(\\d{1,18})/html");
    private final Api api;
    private final Pages pages;
    private final Attachments attachments;
    private final Metrics metrics;
    private final String css;
    private final String healthScript;

    Routes(Api api, Pages pages, Attachments attachments, Metrics metrics) {
        this.api = api;
        this.pages = pages;
        this.attachments = attachments;
        this.metrics = metrics;
        this.css = resource("/web/style.css");
        this.healthScript = resource("/web/health.js");
    }

    /** A request the client got wrong (400). */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    Response serve(String path, Map<String, String> q) {
        if (path.equals("/healthz")) {
            Map<String, Object> h = api.health();
            return Response.json("failing".equals(h.get("status")) ? 503 : 200, h);
        }
        if (path.equals("/metrics")) return Response.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        if (path.equals("/api/tickets")) {
            return Response.json(200, api.tickets(status(q.get("status")), q.get("q"),
                    number(q, "limit", 50, 1, Api.MAX_LIMIT), number(q, "offset", 0, 0, Integer.MAX_VALUE)));
        }
        if (path.startsWith("/api/tickets/")) {
            return id(path.substring("/api/tickets/".length())).flatMap(api::ticket)
                    .map(t -> Response.json(200, t))
                    .orElse(Response.json(404, Map.of("error", "no such ticket")));
        }
        if (path.equals("/")) {
            return Response.html(200, pages.board(status(q.get("status")), q.get("q"), number(q, "page", 1, 1, 1_000_000)));
        }
        Matcher file = FILE.matcher(path);
        if (file.matches()) {
            return id(file.group(1)).flatMap(id -> attachments.serve(id, file.group(2)))
                    .orElse(Response.json(404, Map.of("error", "no such file on this ticket")));
        }
        Matcher mailHtml = MESSAGE_HTML.matcher(path);
        if (mailHtml.matches()) {
            return id(mailHtml.group(1)).flatMap(id -> pages.messageHtml(id, Long.parseLong(mailHtml.group(2))))
                    .map(page -> Response.html(200, page))
                    .orElse(Response.html(404, pages.notFound()));
        }
        if (path.startsWith("/tickets/")) {
            return id(path.substring("/tickets/".length())).flatMap(pages::ticket)
                    .map(html -> Response.html(200, html))
                    .orElse(Response.html(404, pages.notFound()));
        }
        if (path.equals("/static/style.css")) return Response.text(200, "text/css; charset=utf-8", css);
        if (path.equals("/static/health.js")) return Response.text(200, "text/javascript; charset=utf-8", healthScript);
        return Response.json(404, Map.of("error", "not found"));
    }

    private static Optional<TicketId> id(String text) {
        return TicketId.parse(text);
    }

    private static Status status(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Status.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("unknown status '" + s + "'");
        }
    }

    private static int number(Map<String, String> q, String key, int fallback, int min, int max) {
        String v = q.get(key);
        if (v == null || v.isBlank()) return fallback;
        if (!INTEGER.matcher(v.strip()).matches()) throw new BadRequest(key + " is not a number");
        // BigInteger: digits past int's range are still a number, only out of range
        BigInteger n = new BigInteger(v.strip());
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new BadRequest(key + " must be between " + min + " and " + max);
        }
        return n.intValue();
    }

    static String resource(String name) {
        try (InputStream in = Routes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
