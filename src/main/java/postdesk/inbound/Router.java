package postdesk.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;

/**
 * Pipeline step: finds the ticket a mail belongs to, by In-Reply-To/References matching a
 * Message-ID Postdesk sent or stored (for a bounce, first the Message-ID of the mail it
 * returns), then by a {@code [TKT-…]} ID in the subject.
 */
public final class Router {
    public Route route(ReadMail read, TicketStore store) {
        ParsedMail mail = read.mail();
        List<String> ids = new ArrayList<>();
        if (read.bounce() != null && read.bounce().originalMessageId() != null) ids.add(read.bounce().originalMessageId());
        ids.addAll(mail.threadIds());
        Optional<TicketId> byThread = store.findByThreadIds(ids);
        if (byThread.isPresent()) {
            return store.find(byThread.get()).map(t -> new Route(t, Route.Via.REFERENCES)).orElse(Route.NONE);
        }
        return TicketId.findIn(mail.subject())
                .flatMap(store::find)
                .map(t -> new Route(t, Route.Via.SUBJECT))
                .orElse(Route.NONE);
    }
}
