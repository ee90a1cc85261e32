package postdesk.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import postdesk.config.Durations;
import postdesk.config.PostdeskConfig;
import postdesk.sla.SlaClock;
import postdesk.store.Database;
import postdesk.store.SlaStore;
import postdesk.store.TicketStore;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

@Command(name = "ticket", mixinStandardHelpOptions = true, description = "Show one ticket: its facts, conversation and audit trail.")
final class TicketCommand extends ConfigCommand {

    @Parameters(paramLabel = "ID", description = "the ticket ID, e.g. TKT-ABCDE-2345")
    String id;

    @Override
    public Integer call() {
        TicketId ticketId = TicketId.parse(id).orElse(null);
        PrintWriter out = out();
        PrintWriter err = err();
        if (ticketId == null) {
            err.println("postdesk: '" + id + "' is not a ticket ID (TKT-XXXXX-XXXX)");
            return 2;
        }
        PostdeskConfig config = config();
        try (Database db = openDatabase(config)) {
            TicketStore store = new TicketStore(db.dsl());
            Ticket t = store.find(ticketId).orElse(null);
            if (t == null) {
                err.println("postdesk: no ticket " + ticketId);
                return 1;
            }
            out.println(t.id() + "  " + t.subject());
            out.println("  status " + t.status() + " · priority " + t.priority() + " · requester " + t.requester()
                    + (t.assignee() == null ? "" : " · assignee " + t.assignee()));
            out.println("  created " + t.created() + " · updated " + t.updated());
            store.linked(ticketId).forEach(l -> out.println("  linked " + l));
            new SlaStore(db.dsl()).clocks(ticketId).values().forEach(c -> out.println("  SLA " + slaLine(c)));
            for (TicketMessage m : store.messages(ticketId)) {
                out.println();
                String side = m.internal() ? "NOTE" : m.inbound() ? "IN " : "OUT";
                out.println("--- " + side + " " + m.created() + "  " + m.from());
                out.println(m.replyText());
                if (!m.quotedText().isBlank()) out.println("  [" + m.quotedText().lines().count() + " quoted line(s) folded]");
                m.attachments().forEach(a -> out.println("  [attachment " + a.filename() + ", " + a.contentType() + ", " + a.size() + " bytes]"));
            }
            out.println();
            out.println("Audit trail:");
            for (TicketEvent e : store.events(ticketId)) {
                out.println("  " + e.created() + "  " + e.kind() + "  " + e.actor() + (e.detail() == null ? "" : "  " + e.detail()));
            }
        }
        return 0;
    }

    private static String slaLine(SlaClock c) {
        String what = c.kind() == SlaClock.Kind.RESPONSE ? "first response" : "resolution";
        if (c.target() == null) return what + ": best effort, no target";
        String target = Durations.format(c.target()) + (c.allDay() ? " 24x7" : " business time");
        String state = c.metAt() != null ? "met " + c.metAt() : c.running() ? "due " + c.due() : "paused, " + Durations.format(c.target().minus(c.elapsed())) + " left";
        return what + " (" + target + "): " + state + (c.breachedAt() != null ? ", BREACHED " + c.breachedAt() : "")
                + (c.warnedAt() != null && c.breachedAt() == null ? ", agents warned " + c.warnedAt() : "");
    }
}
