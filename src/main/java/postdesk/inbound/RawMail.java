package postdesk.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.MessageIds;
import postdesk.store.MailLog.MailboxPosition;

/**
 * A mail as fetched: its exact bytes, where it sits in the mailbox, and its content hash. The hash
 * covers the Message-ID and the body but not the other headers, so one mail delivered twice (to
 * two aliases, with different Received/Delivered-To lines) is recognised as the same mail.
 */
public record RawMail(MailboxPosition position, byte[] bytes, String contentHash, String messageId) {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^message-id:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)");

    /** Reads only the header block: cheap, and it works on mail the parser cannot read (quarantine needs the ID too). */
    public static RawMail of(MailboxPosition position, byte[] bytes) {
        int bodyStart = bodyStart(bytes);
        Matcher m = MESSAGE_ID.matcher(new String(bytes, 0, bodyStart, StandardCharsets.ISO_8859_1));
        String rawId = m.find() ? m.group(1).replaceAll("\\s+", "") : null;
        MessageDigest sha = sha256();
        if (rawId != null) {
            sha.update(rawId.getBytes(StandardCharsets.ISO_8859_1));
            sha.update((byte) 0);
            sha.update(bytes, bodyStart, bytes.length - bodyStart);
        } else {
            sha.update(bytes); // without a Message-ID only the exact same bytes are the same mail
        }
        return new RawMail(position, bytes, HexFormat.of().formatHex(sha.digest()), MessageIds.parseOne(rawId));
    }

    /** Index of the first body byte: after the first empty line (CRLF or bare LF), or the end. */
    private static int bodyStart(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\n' && b[i + 1] == '\n') return i + 2;
            if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n') return i + 3;
        }
        return b.length;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
