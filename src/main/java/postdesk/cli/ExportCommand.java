package postdesk.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import postdesk.config.PostdeskConfig;
import postdesk.store.Database;
import postdesk.store.TicketStore;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;
import postdesk.web.Api;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Print tickets as JSON, the same document as /api/tickets/{id} (facts, SLA, conversation, audit trail).",
                "One ID gives one object; --all gives one object per line (JSON Lines), most recently updated first."})
final class ExportCommand extends ConfigCommand {
    private static final int PAGE = 500;


    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "ID", description = "a ticket ID, e.g. TKT-ABCDE-2345")
        String id;

        @Option(names = "--all", required = true, description = "every ticket, one JSON object per line")
        boolean all;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PostdeskConfig config = config();
        try (Database db = openDatabase(config)) {
            Api api = new Api(db, null, null, config.desk(), config.sla(), Clock.systemUTC());
            if (!which.all) {
                Optional<TicketId> id = TicketId.parse(which.id.strip().toUpperCase(java.util.Locale.ROOT));
                Optional<Map<String, Object>> ticket = id.flatMap(api::ticket);
                if (ticket.isEmpty()) {
                    err().println("postdesk: no ticket " + which.id);
                    return 1;
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ticket.get()));
                return 0;
            }
            ObjectMapper json = new ObjectMapper();
            TicketStore store = new TicketStore(db.dsl());
            List<Ticket> page;
            for (int offset = 0; !(page = store.list(null, null, PAGE, offset)).isEmpty(); offset += PAGE) {
                for (Ticket t : page) out.println(json.writeValueAsString(api.ticket(t.id()).orElseThrow()));
            }
        }
        return 0;
    }
}
