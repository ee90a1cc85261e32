package postdesk.inbound;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import postdesk.store.MailLog.MailboxPosition;

/** A mail as fetched: its exact bytes, where it sits in the mailbox, and the SHA-256 of the bytes. */
public record RawMail(MailboxPosition position, byte[] bytes, String contentHash) {

    public static RawMail of(MailboxPosition position, byte[] bytes) {
        return new RawMail(position, bytes, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
