package postdesk.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;

import postdesk.sla.SlaClock;
import postdesk.store.Database;
import postdesk.store.SlaStore;
import postdesk.store.TicketStore;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Ticket counts per status, SLA compliance, and first-response and resolution medians per priority.")
final class StatsCommand extends ConfigCommand {
    private static final int PAGE = 1000;


    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Database db = openDatabase(config())) {
            TicketStore store = new TicketStore(db.dsl());
            Map<Status, Integer> counts = store.countsByStatus();
            out.println("Tickets");
            int total = 0;
            for (Status s : Status.values()) {
                out.printf("  %-18s %7d%n", s, counts.getOrDefault(s, 0));
                total += counts.getOrDefault(s, 0);
            }
            out.printf("  %-18s %7d%n", "total", total);

            Map<Priority, List<Duration>> response = new EnumMap<>(Priority.class);
            Map<Priority, List<Duration>> resolution = new EnumMap<>(Priority.class);
            int[] withTarget = new int[2];
            int[] inTime = new int[2];
            SlaStore sla = new SlaStore(db.dsl());
            List<Ticket> page;
            for (int offset = 0; !(page = store.list(null, null, PAGE, offset)).isEmpty(); offset += PAGE) {
                Map<TicketId, Map<SlaClock.Kind, SlaClock>> clocks = sla.clocks(page.stream().map(Ticket::id).toList());
                for (Ticket t : page) {
                    for (SlaClock c : clocks.getOrDefault(t.id(), Map.of()).values()) {
                        int k = c.kind().ordinal();
                        if (c.metAt() != null) {
                            (c.kind() == SlaClock.Kind.RESPONSE ? response : resolution)
                                    .computeIfAbsent(t.priority(), p -> new ArrayList<>()).add(Duration.between(t.created(), c.metAt()));
                        }
                        // compliance counts clocks that are decided: met, or breached
                        if (c.target() != null && (c.metAt() != null || c.breachedAt() != null)) {
                            withTarget[k]++;
                            if (c.metInTime()) inTime[k]++;
                        }
                    }
                }
            }
            out.println();
            out.println("SLA compliance (clocks met or breached)");
            for (SlaClock.Kind kind : SlaClock.Kind.values()) {
                int k = kind.ordinal();
                out.printf("  %-18s %s%n", kind == SlaClock.Kind.RESPONSE ? "first response" : "resolution",
                        withTarget[k] == 0 ? "no decided clocks yet"
                                : String.format(java.util.Locale.ROOT, "%.1f %% in time (%d of %d)", 100.0 * inTime[k] / withTarget[k], inTime[k], withTarget[k]));
            }
            out.println();
            out.println("Medians from opening (wall time)");
            out.printf("  %-10s %16s %16s%n", "priority", "first response", "resolution");
            for (Priority p : Priority.values()) {
                out.printf("  %-10s %16s %16s%n", p, median(response.get(p)), median(resolution.get(p)));
            }
        }
        return 0;
    }

    private static String median(List<Duration> values) {
        if (values == null || values.isEmpty()) return "-";
        List<Duration> sorted = values.stream().sorted().toList();
        Duration m = sorted.get((sorted.size() - 1) / 2);
        String text = m.toHours() > 0 ? m.toHours() + "h " + m.toMinutesPart() + "m" : m.toMinutes() + "m " + m.toSecondsPart() + "s";
        return text + " (" + sorted.size() + ")";
    }
}
