package postdesk.trust;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.ticket.TicketId;

/**
 * Reply addresses that prove an agent: {@code support+tkt-abcde-2345.EXPIRY.POSITION.MAC@domain},
 * where the MAC binds the agent's address, the ticket, the expiry day and the thread's position
 * when the mail was written (addresses of older versions, without a position, still work). Each notification to an agent
 * carries one as Reply-To; a mail from that agent to that address is the agent's own answer. Anyone
 * else who gets hold of the address cannot use it (the agent is in the MAC, not in the address),
 * and it stops working after the expiry.
 */
public final class ReplyTokens {
    private static final String PURPOSE = "reply-token";
    /** local+ticket.expiry.mac@domain; the address without the token must be one of the support addresses. */
    private static final Pattern ADDRESS =
            Pattern.compile("([^@+\\s]+)\\+(tkt-[a-z0-9]{5}-[a-z0-9]{4})\\.([0-9a-z]{1,8})(?:\\.([0-9a-z]{1,13}))?\\.([a-z2-7]{16})@([^@\\s]+)");
    /** The position a token without one gives: unknown (tokens made before positions were added). */
    public static final long UNKNOWN_POSITION = -1;
    private final Signer signer;
    private final Duration lifetime;
    private final java.util.Set<String> supportAddresses;

    /** Tokens on any of {@code supportAddresses} (each mailbox's) are recognised. */
    public ReplyTokens(Signer signer, Collection<String> supportAddresses, Duration lifetime) {
        this.signer = signer;
        this.lifetime = lifetime;
        this.supportAddresses = supportAddresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    /** What a valid token says: the ticket, and how far its thread was when the agent was written to ({@link #UNKNOWN_POSITION}: not said). */
    public record Token(TicketId ticket, long position) {
    }

    /**
     * The reply address on {@code supportAddress} for {@code agent} on {@code ticket}, valid for
     * the configured lifetime from {@code now}; {@code position} is the ticket's latest visible
     * message when the mail was written (the collision guard compares it with the answer's time).
     */
    public String addressFor(String supportAddress, String agent, TicketId ticket, long position, Instant now) {
        int at = supportAddress.indexOf('@');
        long expiryDay = LocalDate.ofInstant(now.plus(lifetime), ZoneOffset.UTC).toEpochDay();
        String t = ticket.value().toLowerCase(Locale.ROOT);
        String expiry = Long.toString(expiryDay, 36);
        String pos = Long.toString(Math.max(0, position), 36);
        return supportAddress.substring(0, at).toLowerCase(Locale.ROOT) + "+" + t + "." + expiry + "." + pos + "."
                + signer.sign(PURPOSE, agent.toLowerCase(Locale.ROOT), t, expiry, pos) + "@" + supportAddress.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** The ticket a valid, unexpired token among {@code recipients} gives {@code agent}, if any. */
    public Optional<TicketId> ticketFor(String agent, Collection<String> recipients, Instant now) {
        return tokenFor(agent, recipients, now).map(Token::ticket);
    }

    /** The valid, unexpired token among {@code recipients} that is {@code agent}'s, if any. */
    public Optional<Token> tokenFor(String agent, Collection<String> recipients, Instant now) {
        for (String r : recipients) {
            Matcher m = ADDRESS.matcher(r.strip().toLowerCase(Locale.ROOT));
            if (!m.matches() || !supportAddresses.contains(m.group(1) + "@" + m.group(6))) continue;
            long expiryDay;
            long position;
            try {
                expiryDay = Long.parseLong(m.group(3), 36);
                position = m.group(4) == null ? UNKNOWN_POSITION : Long.parseLong(m.group(4), 36);
            } catch (NumberFormatException e) {
                continue;
            }
            if (LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay() > expiryDay) continue;
            String who = agent.toLowerCase(Locale.ROOT);
            boolean valid = m.group(4) == null ? signer.verify(m.group(5), PURPOSE, who, m.group(2), m.group(3))
                    : signer.verify(m.group(5), PURPOSE, who, m.group(2), m.group(3), m.group(4));
            if (!valid) continue;
            Optional<TicketId> id = TicketId.parse(m.group(2).toUpperCase(Locale.ROOT));
            if (id.isPresent()) return Optional.of(new Token(id.get(), position));
        }
        return Optional.empty();
    }
}
