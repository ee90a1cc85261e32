package postdesk.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import postdesk.ticket.TicketId;

class ReplyTokensTest {
    final Signer signer = new Signer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    final ReplyTokens tokens = new ReplyTokens(signer, List.of("support@helpdesk.test", "billing@helpdesk.test"), Duration.ofDays(30));
    final TicketId ticket = new TicketId("TKT-ABCDE-2345");
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final String address = tokens.addressFor("support@helpdesk.test", "agent1@helpdesk.test", ticket, 41, now);

    @Test
    void theAgentItWasMadeForProvesTheTicket() {
        assertThat(address).startsWith("support+tkt-abcde-2345.").endsWith("@helpdesk.test");
        assertThat(address.substring(0, address.indexOf('@'))).hasSizeLessThanOrEqualTo(64); // RFC 5321 local-part limit
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of("support@helpdesk.test", address), now)).contains(ticket);
        assertThat(tokens.ticketFor("Agent1@Helpdesk.test", List.of(address.toUpperCase()), now)).contains(ticket);
    }

    @Test
    void eachMailboxHasItsOwnReplyAddressesAndNoOtherAddressCarriesOne() {
        String billing = tokens.addressFor("billing@helpdesk.test", "agent1@helpdesk.test", ticket, 41, now);
        assertThat(billing).startsWith("billing+tkt-abcde-2345.").endsWith("@helpdesk.test");
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(billing), now)).contains(ticket);
        // the same token on an address that is no mailbox of the desk proves nothing
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(billing.replace("@helpdesk.test", "@elsewhere.test")), now)).isEmpty();
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(billing.replace("billing+", "sales+")), now)).isEmpty();
    }

    @Test
    void anyoneElseOrAnotherTicketOrAnExpiredTokenProvesNothing() {
        assertThat(tokens.ticketFor("agent2@helpdesk.test", List.of(address), now)).isEmpty();
        assertThat(tokens.ticketFor("mallory@elsewhere.test", List.of(address), now)).isEmpty();
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(address.replace("tkt-abcde-2345", "tkt-zzzzz-2345")), now)).isEmpty();
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(address), now.plus(Duration.ofDays(31)))).isEmpty();
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(address), now.plus(Duration.ofDays(29)))).contains(ticket);
        // a later expiry written into the address breaks the signature
        String[] parts = address.substring(0, address.indexOf('@')).split("\\.");
        String extended = parts[0] + "." + Long.toString(Long.parseLong(parts[1], 36) + 365, 36) + "." + parts[2] + "." + parts[3] + "@helpdesk.test";
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(extended), now)).isEmpty();
        // so does a later position (an answer passed off as written after the newest message)
        String moved = parts[0] + "." + parts[1] + "." + Long.toString(999, 36) + "." + parts[3] + "@helpdesk.test";
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of(moved), now)).isEmpty();
        // another instance's secret
        ReplyTokens other = new ReplyTokens(new Signer("another secret of 32 characters!".getBytes(StandardCharsets.UTF_8)),
                List.of("support@helpdesk.test"), Duration.ofDays(30));
        assertThat(other.ticketFor("agent1@helpdesk.test", List.of(address), now)).isEmpty();
        assertThat(tokens.ticketFor("agent1@helpdesk.test", List.of("support+garbage@helpdesk.test", "x@y"), now)).isEmpty();
    }
    @Test
    void theTokenCarriesTheThreadsPositionAndOldTokensStillWork() {
        assertThat(tokens.tokenFor("agent1@helpdesk.test", List.of(address), now)).contains(new ReplyTokens.Token(ticket, 41));
        // an address of the previous format (no position), signed over agent, ticket and expiry
        String expiry = Long.toString(java.time.LocalDate.of(2026, 12, 22).toEpochDay(), 36);
        String old = "support+tkt-abcde-2345." + expiry + "." + signer.sign("reply-token", "agent1@helpdesk.test", "tkt-abcde-2345", expiry)
                + "@helpdesk.test";
        assertThat(tokens.tokenFor("agent1@helpdesk.test", List.of(old), now)).contains(new ReplyTokens.Token(ticket, ReplyTokens.UNKNOWN_POSITION));
    }
}
