package postdesk.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import postdesk.mail.Address;
import postdesk.reading.MailKind;
import postdesk.threading.Route;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/** The decision over role × mail kind × route × guards' verdicts, with no database. */
class DecideTest {
    private static final TicketId ID = new TicketId("TKT-ABCDE-2345");

    private static Ticket ticket(Status status) {
        return new Ticket(ID, "Printer", Address.of("alice@customer.test"), status, Priority.NORMAL, null, null, null, "free",
                false, null, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    private static Route route(String via, Status status) {
        return via.equals("NONE") ? Route.NONE : new Route(ticket(status), Route.Via.valueOf(via));
    }

    /** A decision as one word plus its arguments, so the table reads like the product. */
    private static String describe(Decision d) {
        if (d instanceof Decision.Open o) return "open" + (o.linkedTo() == null ? "" : " linked") + (o.answer() ? " answered" : " silent");
        if (d instanceof Decision.StatusList l) return l.answer() ? "status-list" : "status-list silent";
        if (d instanceof Decision.AppendUnanswered a) return "append-unanswered";
        if (d instanceof Decision.AgentReply) return "agent-reply";
        if (d instanceof Decision.UnprovenAgent) return "unproven-agent";
        if (d instanceof Decision.CustomerReply) return "customer-reply";
        if (d instanceof Decision.Unfiled) return "unfiled";
        if (d instanceof Decision.Rate r) return "rate " + r.given().score();
        if (d instanceof Decision.SideReply) return "side-reply";
        return "ignore";
    }

    @ParameterizedTest(name = "{0} {1} via {2} on {3} (forged {4}, limited {5}, status request {6}, sender {7}) -> {8}")
    @CsvSource(delimiter = '|', textBlock = """
            SELF           | HUMAN      | NONE        | OPEN   | false | false | false | true  | ignore
            SELF           | BOUNCE     | REFERENCES  | OPEN   | false | false | false | true  | ignore
            REQUESTER      | HUMAN      | NONE        | OPEN   | false | false | false | true  | open answered
            REQUESTER      | HUMAN      | NONE        | OPEN   | false | true  | false | true  | open silent
            REQUESTER      | HUMAN      | NONE        | OPEN   | true  | false | false | true  | open silent
            REQUESTER      | AUTO_REPLY | NONE        | OPEN   | false | false | false | true  | open silent
            REQUESTER      | HUMAN      | NONE        | OPEN   | false | false | true  | true  | status-list
            REQUESTER      | HUMAN      | NONE        | OPEN   | false | true  | true  | true  | status-list silent
            REQUESTER      | HUMAN      | NONE        | OPEN   | true  | false | true  | true  | status-list silent
            STRANGER       | BOUNCE     | NONE        | OPEN   | false | false | false | false | unfiled
            STRANGER       | BOUNCE     | REFERENCES  | OPEN   | false | false | false | false | append-unanswered
            STRANGER       | BOUNCE     | SUBJECT     | OPEN   | false | false | false | false | unfiled
            STRANGER       | AUTO_REPLY | SUBJECT     | OPEN   | false | false | false | true  | open silent
            STRANGER       | AUTO_REPLY | REFERENCES  | OPEN   | false | false | false | true  | append-unanswered
            REQUESTER      | AUTO_REPLY | SUBJECT     | OPEN   | false | false | false | true  | append-unanswered
            STRANGER       | HUMAN      | SUBJECT     | OPEN   | false | false | false | true  | open linked answered
            STRANGER       | HUMAN      | REFERENCES  | OPEN   | false | true  | false | true  | open linked silent
            REQUESTER      | HUMAN      | REFERENCES  | OPEN   | false | true  | false | true  | append-unanswered
            REQUESTER      | HUMAN      | REFERENCES  | OPEN   | false | false | false | true  | customer-reply
            PARTICIPANT    | HUMAN      | SUBJECT     | RESOLVED | false | false | false | true | customer-reply
            REQUESTER      | HUMAN      | REFERENCES  | OPEN   | true  | false | false | true  | customer-reply
            REQUESTER      | HUMAN      | REFERENCES  | CLOSED | false | false | false | true  | open linked answered
            REQUESTER      | HUMAN      | REFERENCES  | CLOSED | true  | false | false | true  | open linked silent
            AGENT          | HUMAN      | REPLY_TOKEN | OPEN   | false | false | false | true  | agent-reply
            AGENT          | HUMAN      | REPLY_TOKEN | CLOSED | false | false | false | true  | agent-reply
            AGENT          | HUMAN      | NONE        | OPEN   | false | false | false | true  | open answered
            UNPROVEN_AGENT | HUMAN      | SUBJECT     | OPEN   | false | false | false | true  | unproven-agent
            UNPROVEN_AGENT | AUTO_REPLY | SUBJECT     | OPEN   | false | false | false | true  | append-unanswered
            REQUESTER      | HUMAN      | SUBJECT     | OPEN   | false | false | true  | true  | customer-reply
            """)
    void theTable(Role role, MailKind kind, String via, Status status, boolean forged, boolean limited, boolean statusRequest,
                  boolean hasSender, String expected) {
        Decision d = Decide.decide(new Decide.Facts(kind, hasSender, statusRequest, route(via, status), role, forged, limited));
        assertThat(describe(d)).isEqualTo(expected);
    }

    /** A reply that is a rating (the pipeline found the ticket still takes one): who may rate, and when it is an ordinary mail after all. */
    @ParameterizedTest(name = "{0} {1} on {2} (forged {3}, limited {4}) -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            REQUESTER      | HUMAN      | CLOSED   | false | false | rate 4
            PARTICIPANT    | HUMAN      | CLOSED   | false | false | rate 4
            REQUESTER      | HUMAN      | CLOSED   | true  | false | open linked silent
            REQUESTER      | HUMAN      | CLOSED   | false | true  | append-unanswered
            STRANGER       | HUMAN      | CLOSED   | false | false | open linked answered
            AGENT          | HUMAN      | CLOSED   | false | false | agent-reply
            UNPROVEN_AGENT | HUMAN      | CLOSED   | false | false | unproven-agent
            SIDE_PARTY     | HUMAN      | CLOSED   | false | false | side-reply
            REQUESTER      | AUTO_REPLY | CLOSED   | false | false | append-unanswered
            REQUESTER      | HUMAN      | OPEN     | false | false | customer-reply
            REQUESTER      | HUMAN      | RESOLVED | false | false | customer-reply
            """)
    void aRatingByReply(Role role, MailKind kind, Status status, boolean forged, boolean limited, String expected) {
        Decision d = Decide.decide(new Decide.Facts(kind, true, false, route("REFERENCES", status), role, forged, limited, null,
                new postdesk.rating.RatingReply.Given(4, "quick")));
        assertThat(describe(d)).isEqualTo(expected);
    }

    /** Rules that hold over every combination, not only the rows above. */
    @Test
    void invariantsOverEveryCombination() {
        List<String> broken = new ArrayList<>();
        for (Role role : Role.values()) {
            for (MailKind kind : MailKind.values()) {
                for (String via : List.of("NONE", "REPLY_TOKEN", "REFERENCES", "SUBJECT")) {
                    for (Status status : Status.values()) {
                        for (int bits = 0; bits < 16; bits++) {
                            boolean forged = (bits & 1) != 0, limited = (bits & 2) != 0, statusRequest = (bits & 4) != 0, sender = (bits & 8) != 0;
                            // a person's mail with no sender address is quarantined before it is decided on
                            if (kind == MailKind.HUMAN && !sender) continue;
                            Decide.Facts f = new Decide.Facts(kind, sender, statusRequest, route(via, status), role, forged, limited);
                            Decision d = Decide.decide(f);
                            String row = f + " -> " + describe(d);
                            boolean answered = d instanceof Decision.Open o && o.answer() || d instanceof Decision.StatusList l && l.answer();
                            if (role == Role.SELF && !(d instanceof Decision.Ignore)) broken.add("own mail processed: " + row);
                            if (answered && (kind != MailKind.HUMAN || forged || limited)) broken.add("answered: " + row);
                            if (role == Role.STRANGER && kind == MailKind.HUMAN && (d instanceof Decision.CustomerReply
                                    || d instanceof Decision.AppendUnanswered)) broken.add("stranger let in: " + row);
                            if (kind != MailKind.HUMAN && (d instanceof Decision.CustomerReply || d instanceof Decision.AgentReply))
                                broken.add("machine mail acted on: " + row);
                            if (!sender && d instanceof Decision.Open) broken.add("ticket without requester: " + row);
                            if (d instanceof Decision.CustomerReply c && c.ticket().status() == Status.CLOSED) broken.add("closed reopened: " + row);
                        }
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }
}
