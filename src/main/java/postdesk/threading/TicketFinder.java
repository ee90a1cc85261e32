package postdesk.threading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import postdesk.mime.ParsedMail;
import postdesk.reading.Reading;
import postdesk.store.TicketStore;
import postdesk.ticket.TicketId;
import postdesk.trust.ReplyTokens;

/**
 * Pipeline step: finds the ticket a mail belongs to. First an agent's reply address (a valid token
 * for the sender), then In-Reply-To/References matching a Message-ID Postdesk sent or stored (for a
 * bounce, first the Message-ID of the mail it returns) or a signed Postdesk Message-ID naming a
 * ticket, then a {@code [TKT-…]} ID in the subject. A ticket merged into another routes to the survivor.
 */
public final class TicketFinder {
    private final OwnMessageIds ownIds;
    private final ReplyTokens replyTokens;

    public TicketFinder(OwnMessageIds ownIds, ReplyTokens replyTokens) {
        this.ownIds = ownIds;
        this.replyTokens = replyTokens;
    }

    public Route route(Reading read, TicketStore store, Instant now) {
        ParsedMail mail = read.mail();
        Optional<Route> byToken = replyTokens.tokenFor(mail.from().address(), mail.recipients(), now)
                .flatMap(token -> store.findFollowingMerges(token.ticket())
                        // a position on a merged ticket's thread says nothing about the survivor's
                        .map(t -> new Route(t, Route.Via.REPLY_TOKEN, t.id().equals(token.ticket()) ? token.position() : -1)));
        if (byToken.isPresent()) return byToken.get();
        List<String> ids = new ArrayList<>();
        if (read.bounce() != null && read.bounce().originalMessageId() != null) ids.add(read.bounce().originalMessageId());
        ids.addAll(mail.threadIds());
        Optional<TicketId> byThread = store.findByThreadIds(ids)
                .or(() -> ids.stream().map(ownIds::ticketOf).flatMap(Optional::stream).findFirst());
        if (byThread.isPresent()) {
            return store.findFollowingMerges(byThread.get()).map(t -> new Route(t, Route.Via.REFERENCES)).orElse(Route.NONE);
        }
        return TicketId.findIn(mail.subject())
                .flatMap(store::findFollowingMerges)
                .map(t -> new Route(t, Route.Via.SUBJECT))
                .orElse(Route.NONE);
    }
}
