package postdesk.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which names mail content (dedupe), attachment files and Outlook's thread keys. */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh digest to feed in pieces (streamed attachment content). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static byte[] digest(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /** The lower-case hex form, as attachment files are named. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
