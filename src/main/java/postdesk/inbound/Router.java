package postdesk.inbound;

import java.util.Optional;

import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;

/**
 * Pipeline step: finds the ticket a mail belongs to, by In-Reply-To/References matching a
 * Message-ID Postdesk sent or stored, then by a {@code [TKT-…]} ID in the subject.
 */
public final class Router {
    public Route route(ParsedMail mail, TicketStore store) {
        Optional<TicketId> byThread = store.findByThreadIds(mail.threadIds());
        if (byThread.isPresent()) {
            return store.find(byThread.get()).map(t -> new Route(t, Route.Via.REFERENCES)).orElse(Route.NONE);
        }
        return TicketId.findIn(mail.subject())
                .flatMap(store::find)
                .map(t -> new Route(t, Route.Via.SUBJECT))
                .orElse(Route.NONE);
    }
}
