package postdesk.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.HeaderBlock;
import postdesk.mail.MessageIds;
import postdesk.mail.Sha256;
import postdesk.store.MailLog.MailboxPosition;

/**
 * A mail as fetched: its exact bytes, where it sits in the mailbox, and its content hash. The hash
 * covers the Message-ID and the body but not the other headers, so one mail delivered twice (to
 * two aliases, with different Received/Delivered-To lines) is recognised as the same mail.
 */
public record FetchedMail(MailboxPosition position, byte[] bytes, String contentHash, String messageId) {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^message-id:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)");

    /** Reads only the header block: cheap, and it works on mail the parser cannot read (quarantine needs the ID too). */
    public static FetchedMail of(MailboxPosition position, byte[] bytes) {
        int found = HeaderBlock.bodyStart(bytes, 0);
        int bodyStart = found < 0 ? bytes.length : found;
        Matcher m = MESSAGE_ID.matcher(new String(bytes, 0, bodyStart, StandardCharsets.ISO_8859_1));
        String rawId = m.find() ? m.group(1).replaceAll("\\s+", "") : null;
        MessageDigest sha = Sha256.newDigest();
        if (rawId != null) {
            sha.update(rawId.getBytes(StandardCharsets.ISO_8859_1));
            sha.update((byte) 0);
            sha.update(bytes, bodyStart, bytes.length - bodyStart);
        } else {
            sha.update(bytes); // without a Message-ID only the exact same bytes are the same mail
        }
        return new FetchedMail(position, bytes, Sha256.hex(sha), MessageIds.parseOne(rawId));
    }
}
