package postdesk.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import postdesk.store.Database;
import postdesk.store.TicketStore;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;

@Command(name = "tickets", mixinStandardHelpOptions = true, description = "List tickets, most recently updated first.")
final class TicketsCommand extends ConfigCommand {

    @Option(names = "--status", paramLabel = "S", description = "only this status: OPEN, IN_PROGRESS, AWAITING_CUSTOMER, ON_HOLD, RESOLVED, CLOSED")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N tickets (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "one JSON object per ticket and line (the fields of /api/tickets), for scripts")
    boolean json;

    @Override
    public Integer call() {
        Status filter = parseStatus();
        PrintWriter out = out();
        try (Database db = openDatabase(config())) {
            TicketStore store = new TicketStore(db.dsl());
            List<Ticket> tickets = store.list(filter, null, limit, 0);
            if (json) {
                com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                for (Ticket t : tickets) {
                    try {
                        out.println(mapper.writeValueAsString(postdesk.web.Api.summary(t)));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return 0;
            }
            out.printf("%-14s  %-17s  %-8s  %-20s  %-28s  %s%n", "ID", "STATUS", "PRIORITY", "UPDATED", "REQUESTER", "SUBJECT");
            for (Ticket t : tickets) {
                out.printf("%-14s  %-17s  %-8s  %-20s  %-28s  %s%n", t.id(), t.status(), t.priority(),
                        t.updated().toString().substring(0, 19).replace('T', ' '), cut(t.requester().address(), 28), cut(t.subject(), 60));
            }
            out.printf("%d of %d ticket(s)%n", tickets.size(), store.count(filter, null));
        }
        return 0;
    }

    private Status parseStatus() {
        if (status == null) return null;
        try {
            return Status.valueOf(status.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown status '" + status + "'");
        }
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
