package postdesk.inbound;

import postdesk.config.Desk;
import postdesk.mime.ParsedMail;
import postdesk.store.CustomerStore;
import postdesk.store.TicketStore;
import postdesk.threading.OwnMessageIds;
import postdesk.threading.Route;
import postdesk.trust.AuthResults;

/**
 * Pipeline step: decides who the sender is with respect to the routed ticket. A From line is not
 * proof: on a ticket, an agent is an agent only when the mail came to their reply address (the
 * router checked the token against the sender) or a trusted server's Authentication-Results say
 * DKIM or DMARC passed for the agent's domain. In an imported archive the operator vouches for
 * the From lines (the archive's mail predates reply addresses), and a reply from the support
 * address itself (a shared mailbox's sent folder) is an agent's answer.
 */
public final class Authoriser {
    private final Desk desk;
    private final OwnMessageIds ownIds;
    private final AuthResults authResults;
    private final Intake intake;

    public Authoriser(Desk desk, OwnMessageIds ownIds, AuthResults authResults, Intake intake) {
        this.desk = desk;
        this.ownIds = ownIds;
        this.authResults = authResults;
        this.intake = intake;
    }

    public Role role(ParsedMail mail, Route route, TicketStore store, CustomerStore customers) {
        String from = mail.from().address();
        if (desk.isOwnAddress(trim(mail.header("x-loop"))) || ownIds.isOwnMessageId(mail.messageId())) {
            return Role.SELF;
        }
        if (desk.isOwnAddress(from)) {
            // in an archive of a shared support mailbox, its sent mail is people answering from it
            return intake == Intake.ARCHIVE && route.found() ? Role.AGENT : Role.SELF;
        }
        if (desk.isAgent(from)) {
            // an agent writing a new ticket needs no proof: it opens a ticket like anyone's mail
            if (!route.found() || route.via() == Route.Via.REPLY_TOKEN || intake == Intake.ARCHIVE) return Role.AGENT;
            return authResults.proves(mail.headers("authentication-results"), mail.from().domain()) ? Role.AGENT : Role.UNPROVEN_AGENT;
        }
        if (!route.found()) return Role.REQUESTER;
        if (route.ticket().requester().address().equals(from)) return Role.REQUESTER;
        if (store.isParticipant(route.ticket().id(), from)) return Role.PARTICIPANT;
        if (store.isSideParty(route.ticket().id(), from)) return Role.SIDE_PARTY;
        // a ticket shared with the requester's organisation takes its members' mail; a private one does not
        java.util.Optional<String> sharedWith = store.sharedWith(route.ticket().id());
        if (sharedWith.isPresent() && sharedWith.equals(customers.organisationOf(from))) return Role.PARTICIPANT;
        return Role.STRANGER;
    }

    /**
     * Whether a trusted receiving server found the sender forged (DMARC or SPF failed, no DKIM
     * pass for the From domain): such mail is kept, but its sender is not answered (the real owner
     * of the address would get the backscatter) and its commands are not run. An archive's mail
     * was vetted long ago.
     */
    public boolean senderForged(ParsedMail mail) {
        return intake == Intake.LIVE && authResults.disproves(mail.headers("authentication-results"), mail.from().domain());
    }

    private static String trim(String v) {
        return v == null ? "" : v.strip();
    }
}
