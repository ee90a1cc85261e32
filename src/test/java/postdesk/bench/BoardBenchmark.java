package postdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import postdesk.mail.Address;
import postdesk.sla.SlaClock;
import postdesk.sla.SlaTargets;
import postdesk.sla.WorkingTime;
import postdesk.store.Database;
import postdesk.store.SlaStore;
import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/**
 * The board and {@code /api/tickets} with 100,000 tickets in H2: a second process ({@code curl} in
 * a shell loop, a steady rate per endpoint) requests each page while the daemon runs, and p50/p99
 * of the request time are reported. Run: {@code mvn -B -Pbench verify -DskipITs -Dtest=BoardBenchmark};
 * results in {@code target/bench/board.txt}.
 */
@Tag("benchmark")
class BoardBenchmark {
    private final int tickets = Integer.getInteger("bench.tickets", 100_000);
    private final int requests = Integer.getInteger("bench.requests", 200);

    @TempDir
    Path dir;

    @Test
    void boardAndApiStayFastWithAHundredThousandTickets() throws Exception {
        ((Logger) LoggerFactory.getLogger("postdesk")).setLevel(Level.WARN);
        try (MailWorld world = new MailWorld(dir)) {
            long f0 = System.nanoTime();
            String someId = fill(world.env().get("POSTDESK_DB_URL"));
            long fillMillis = (System.nanoTime() - f0) / 1_000_000;
            world.start();
            String base = "http://127.0.0.1:" + world.daemon().httpPort();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("board, first page", "/");
            endpoints.put("board, Open tab", "/?status=OPEN");
            endpoints.put("board, page 1000", "/?page=1000");
            endpoints.put("board, search by ID", "/?q=" + someId);
            endpoints.put("board, search text", "/?q=printer");
            endpoints.put("ticket page", "/tickets/" + someId);
            endpoints.put("api, first 50", "/api/tickets");
            endpoints.put("api, offset 50000", "/api/tickets?offset=50000");
            endpoints.put("api, one ticket", "/api/tickets/" + someId);

            Report report = new Report("board benchmark");
            report.machine();
            report.section("(a) " + tickets + " tickets written to H2 in " + fillMillis + " ms (with their SLA clocks)");
            report.section("(b) " + requests + " requests per endpoint from a second process (curl, 20 requests/s, one at a time)");
            report.line("", "%-28s %8s %8s %8s %8s %8s %8s", "endpoint", "min", "p50", "p90", "p99", "max", "mean");
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                long[] nanos = load(base + e.getValue());
                report.percentiles(e.getKey(), nanos);
            }
            report.print(Path.of("target", "bench", "board.txt"));
        }
    }

    /** Tickets in every status, with SLA clocks, written through the store in batches; returns one ticket's ID. */
    private String fill(String url) {
        Random random = new Random(7);
        String[] words = "printer vpn invoice password mailbox calendar drive laptop network export".split(" ");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SlaTargets targets = SlaTargets.parse(SlaTargets.DEFAULT, postdesk.sla.BusinessHours.parse("UTC", "Mon-Fri", "09:00-17:00", ""));
        String[] someId = new String[1];
        try (Database db = Database.open(url, "", "")) {
            db.migrate();
            for (int batch = 0; batch < tickets; batch += 1000) {
                int from = batch;
                db.transaction(tx -> {
                    TicketStore store = new TicketStore(tx);
                    SlaStore sla = new SlaStore(tx);
                    for (int i = from; i < Math.min(tickets, from + 1000); i++) {
                        TicketId id = TicketId.random(random);
                        Instant created = start.plusSeconds(i * 60L);
                        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
                        Status status = Status.values()[random.nextInt(Status.values().length)];
                        String subject = "Question about the " + words[random.nextInt(words.length)] + " " + i;
                        Ticket t = new Ticket(id, subject, new Address("Customer " + i, "customer" + i + "@customers.test"), status,
                                priority, null, null, null, "free", false, null, created, created.plusSeconds(random.nextInt(86_400)), null, null);
                        store.insert(t);
                        for (SlaClock.Kind kind : SlaClock.Kind.values()) {
                            sla.save(id, SlaClock.start(kind, targets.forTicket("free", priority), created, WorkingTime.ALWAYS));
                        }
                        if (i == tickets / 2) someId[0] = id.value();
                    }
                    return null;
                });
            }
            assertThat(new TicketStore(db.dsl()).count(null, null)).isEqualTo(tickets);
        }
        return someId[0];
    }

    /** Requests {@code url} from a second process at a steady 20/s and returns each request's time. */
    private long[] load(String url) throws Exception {
        String script = "for i in $(seq " + requests + "); do curl -s -o /dev/null -w '%{http_code} %{time_total}\\n' '" + url
                + "'; sleep 0.05; done";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        List<Long> times = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.strip().split(" ");
                assertThat(parts[0]).as(url).isEqualTo("200");
                times.add((long) (Double.parseDouble(parts[1]) * 1e9));
            }
        }
        assertThat(p.waitFor()).isZero();
        assertThat(times).hasSize(requests);
        return times.stream().mapToLong(Long::longValue).toArray();
    }
}
