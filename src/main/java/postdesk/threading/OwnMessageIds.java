package postdesk.threading;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.Sha256;
import postdesk.ticket.TicketId;
import postdesk.trust.Signer;

/**
 * Postdesk's own Message-IDs, {@code pd.tkt-xxxxx-xxxx.ENTRY.SIGNATURE@domain}: made for every
 * outbound mail, and recognised in a reply's In-Reply-To/References, where they name the ticket.
 * Signed, so only this instance can make an ID that names a ticket; a forged one names nothing.
 */
public final class OwnMessageIds {
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final String PURPOSE = "message-id";
    private static final Pattern OWN_ID = Pattern.compile("pd\\.([a-z0-9-]+)\\.([a-z0-9]{10})\\.([a-z2-7]{16})@(.+)");

    private final String domain;
    private final RandomGenerator random;
    private final Signer signer;

    public OwnMessageIds(String domain, RandomGenerator random, Signer signer) {
        this.domain = domain;
        this.random = random;
        this.signer = signer;
    }

    /** A new, unique ID for a mail about {@code ticket} ({@code pd.postdesk.…} for mail about none). */
    public String newId(TicketId ticket) {
        String about = ticket == null ? "postdesk" : ticket.value().toLowerCase(Locale.ROOT);
        StringBuilder entry = new StringBuilder();
        for (int i = 0; i < 10; i++) entry.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        return "pd." + about + "." + entry + "." + signer.sign(PURPOSE, about, entry.toString()) + "@" + domain;
    }

    /** Whether a Message-ID is one this instance made (its signature checks out). */
    public boolean isOwnMessageId(String messageId) {
        return ownId(messageId) != null;
    }

    /** The ticket a Message-ID of this instance names; empty for anyone else's ID or a forged one. */
    public Optional<TicketId> ticketOf(String messageId) {
        Matcher m = ownId(messageId);
        return m == null ? Optional.empty() : TicketId.parse(m.group(1).toUpperCase(Locale.ROOT));
    }

    private Matcher ownId(String messageId) {
        if (messageId == null) return null;
        Matcher m = OWN_ID.matcher(messageId.toLowerCase(Locale.ROOT));
        if (!m.matches() || !m.group(4).equals(domain.toLowerCase(Locale.ROOT))) return null;
        return signer.verify(m.group(3), PURPOSE, m.group(1), m.group(2)) ? m : null;
    }

    /**
     * Outlook's conversation key (Thread-Index): 22 bytes, base64, derived from the ticket ID, so
     * every mail of a ticket carries the same index and lands in one conversation.
     */
    public static String threadIndex(TicketId ticket) {
        byte[] digest = Sha256.digest(ticket.value().getBytes(StandardCharsets.US_ASCII));
        byte[] index = new byte[22];
        // first byte 0x01 keeps the FILETIME part in a plausible range for clients that decode it
        index[0] = 0x01;
        System.arraycopy(digest, 0, index, 1, 21);
        return Base64.getEncoder().encodeToString(index);
    }
}
