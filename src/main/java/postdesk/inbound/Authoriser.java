package postdesk.inbound;

import postdesk.config.PostdeskConfig;
import postdesk.outbound.MailComposer;
import postdesk.store.TicketStore;

/**
 * Pipeline step: decides who the sender is with respect to the routed ticket. Agents are
 * recognised by address here; proof of identity (reply tokens, DKIM) is a later step.
 */
public final class Authoriser {
    private final PostdeskConfig config;
    private final MailComposer composer;

    public Authoriser(PostdeskConfig config, MailComposer composer) {
        this.config = config;
        this.composer = composer;
    }

    public Role role(ParsedMail mail, Route route, TicketStore store) {
        String from = mail.from().address();
        if (from.equals(config.address()) || config.address().equalsIgnoreCase(trim(mail.header("x-loop")))
                || composer.isOwnMessageId(mail.messageId())) {
            return Role.SELF;
        }
        if (config.isAgent(from)) return Role.AGENT;
        if (!route.found()) return Role.REQUESTER;
        if (route.ticket().requester().address().equals(from)) return Role.REQUESTER;
        if (store.isParticipant(route.ticket().id(), from)) return Role.PARTICIPANT;
        return Role.STRANGER;
    }

    private static String trim(String v) {
        return v == null ? "" : v.strip();
    }
}
