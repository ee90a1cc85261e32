package postdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.testing.MailWorld;

/** The status server against clients that misbehave, through real sockets on loopback. */
class HttpHardeningTest {
    /** Generous: a loaded CI machine answers in milliseconds, a frozen server never. */
    private static final Duration ANSWER = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER).build();

    @TempDir
    Path dir;

    private HttpResponse<String> get(MailWorld world, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path)).timeout(ANSWER);
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(MailWorld world) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", world.daemon().httpPort()), (int) ANSWER.toMillis());
        s.setSoTimeout((int) ANSWER.toMillis());
        return s;
    }

    /** Sends exact bytes and returns everything the server answers until it closes or goes quiet. */
    private static String raw(MailWorld world, String request) throws IOException {
        try (Socket s = connect(world)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            StringBuilder out = new StringBuilder();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = s.getInputStream().read(buf)) > 0; ) out.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                // a kept-alive connection: what came so far is the answer
            }
            return out.toString();
        }
    }

    /** True once the server has closed the connection (reads end or fail) within {@code within}. */
    private static boolean closedByServer(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain whatever the server says before it closes (a 408, say)
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void twentySlowClientsLeaveThePageAnsweringAndAreCutOff() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            List<Socket> slow = new ArrayList<>();
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            try {
                for (int i = 0; i < 20; i++) slow.add(connect(world));
                byte[] request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".concat("a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
                int[] sent = {0};
                // one byte per second on every socket, for at most 40 s (the test ends it sooner)
                trickle.scheduleAtFixedRate(() -> {
                    if (sent[0] >= Math.min(request.length, 40)) return;
                    for (Socket s : slow) {
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(request[sent[0]]);
                            out.flush();
                        } catch (IOException closed) {
                            // the server cut it: that is the point
                        }
                    }
                    sent[0]++;
                }, 0, 1, TimeUnit.SECONDS);
                Thread.sleep(1500); // every slow socket has begun its request

                for (int round = 0; round < 3; round++) {
                    HttpResponse<String> health = get(world, "/healthz", null);
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.body()).contains("\"status\"");
                    HttpResponse<String> board = get(world, "/", null);
                    assertThat(board.statusCode()).isEqualTo(200);
                    assertThat(board.body()).contains("<html");
                    Thread.sleep(1000);
                }
                // a request that is still arriving after the read timeout is dropped
                long deadline = StatusServer.REQUEST_READ_TIMEOUT.plusSeconds(10).toMillis();
                long start = System.nanoTime();
                for (Socket s : slow) {
                    long left = deadline - (System.nanoTime() - start) / 1_000_000;
                    assertThat(closedByServer(s, Duration.ofMillis(Math.max(left, 1)))).as("slow socket cut within %d ms", deadline).isTrue();
                }
            } finally {
                trickle.shutdownNow();
                for (Socket s : slow) s.close();
            }
        }
    }

    @Test
    void aBodyThatNeverEndsIsNotWaitedFor() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            Socket s = connect(world);
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nabc"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            assertThat(closedByServer(s, ANSWER)).as("the connection is not kept for the rest of the body").isTrue();
            s.close();
        }
    }

    @Test
    void oneClientHoldsAtMostItsShareOfConnections() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            List<Socket> held = new ArrayList<>();
            try {
                // each completes a request and keeps its connection alive, so the server has counted it
                for (int i = 0; i < StatusServer.MAX_CONNECTIONS_PER_CLIENT; i++) {
                    Socket s = connect(world);
                    held.add(s);
                    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
                }
                try (Socket over = connect(world)) {
                    over.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(closedByServer(over, ANSWER)).as("one connection over the bound is closed").isTrue();
                }
                held.remove(0).close(); // a freed place is a place again, once the server has seen the close
                await().atMost(ANSWER).ignoreExceptions().until(() -> get(world, "/healthz", null).statusCode() == 200);
            } finally {
                for (Socket s : held) s.close();
            }
        }
    }

    @Test
    void everyResponseIsHardenedTheServersOwnErrorsToo() throws Exception {
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_HTTP_TOKEN", "s3cret-token")) {
            world.start();
            List<String> answers = List.of(
                    raw(world, "HELLO\r\n\r\n"), // not HTTP at all
                    raw(world, "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), // a broken escape
                    raw(world, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(64 * 1024) + "\r\n\r\n"), // headers too large
                    raw(world, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                    raw(world, "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret-token\r\nConnection: close\r\n\r\n"),
                    raw(world, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                    raw(world, "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
            assertThat(answers).extracting(a -> a.isEmpty() ? "" : a.substring(0, 12))
                    .containsExactly("HTTP/1.1 400", "HTTP/1.1 400", "HTTP/1.1 431", "HTTP/1.1 200", "HTTP/1.1 404", "HTTP/1.1 401", "HTTP/1.1 405");
            for (String a : answers) {
                String head = a.substring(0, a.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
                assertThat(head).as(a.lines().findFirst().orElse(""))
                        .contains("content-security-policy: default-src 'none';").contains("frame-ancestors 'none'")
                        .contains("x-content-type-options: nosniff").contains("x-frame-options: deny")
                        .contains("referrer-policy: no-referrer").contains("cache-control: no-store")
                        .doesNotContain("server: jetty");
            }
            assertThat(answers.get(6)).containsIgnoringCase("\r\nAllow: GET, HEAD\r\n");
            assertThat(answers.get(5)).containsIgnoringCase("\r\nWWW-Authenticate: Bearer\r\n");
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        try (MailWorld world = new MailWorld(dir).with("POSTDESK_HTTP_TOKEN", "s3cret-token")) {
            world.start();
            assertThat(get(world, "/api/tickets", "bearer s3cret-token").statusCode()).isEqualTo(200);
            assertThat(get(world, "/api/tickets", "BEARER  s3cret-token").statusCode()).isEqualTo(200);
            assertThat(get(world, "/", "Bearer s3cret-token").statusCode()).isEqualTo(200);
            assertThat(get(world, "/", "bearer wrong").statusCode()).isEqualTo(401);
            assertThat(get(world, "/", "Basic s3cret-token").statusCode()).isEqualTo(401);
            assertThat(get(world, "/", "Bearers3cret-token").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aLimitOutOfRangeSaysSoEvenWhenItIsHuge() throws Exception {
        try (MailWorld world = new MailWorld(dir)) {
            world.start();
            for (String limit : List.of("501", "99999999999", "99999999999999999999999", "-3")) {
                HttpResponse<String> r = get(world, "/api/tickets?limit=" + limit, null);
                assertThat(r.statusCode()).as(limit).isEqualTo(400);
                assertThat(r.body()).as(limit).contains("limit must be between 1 and " + Api.MAX_LIMIT);
            }
            assertThat(get(world, "/api/tickets?limit=ten", null).body()).contains("limit is not a number");
            assertThat(get(world, "/api/tickets?offset=99999999999", null).body()).contains("offset must be between 0 and");
            assertThat(get(world, "/api/tickets?limit=500", null).statusCode()).isEqualTo(200);
            // java.net.URI refuses to send a broken escape, so the bytes go by hand
            assertThat(raw(world, "GET /api/tickets?q=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 400").contains("broken %-escape");
        }
    }
}
