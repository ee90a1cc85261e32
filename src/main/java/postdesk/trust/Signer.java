package postdesk.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short HMAC-SHA256 signatures for values Postdesk hands out and must recognise again (Message-IDs,
 * reply addresses): 16 characters of lower-case base32 (80 bits), safe in a local part and a
 * Message-ID, unchanged by servers that lower-case addresses.
 */
public final class Signer {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 16;
    private final SecretKeySpec key;

    public Signer(byte[] secret) {
        if (secret.length < 16) throw new IllegalArgumentException("the secret is shorter than 16 bytes");
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The signature of {@code parts}, joined unambiguously (a purpose first keeps one kind of value from passing as another). */
    public String sign(String purpose, String... parts) {
        byte[] mac;
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(purpose.getBytes(StandardCharsets.UTF_8));
            for (String p : parts) {
                m.update((byte) 0);
                m.update(p.getBytes(StandardCharsets.UTF_8));
            }
            mac = m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder(LENGTH);
        long bits = 0;
        int count = 0;
        for (int i = 0; b.length() < LENGTH; i++) {
            bits = (bits << 8) | (mac[i] & 0xff);
            count += 8;
            while (count >= 5 && b.length() < LENGTH) {
                b.append(BASE32[(int) (bits >>> (count - 5)) & 31]);
                count -= 5;
            }
        }
        return b.toString();
    }

    /** Constant-time check, so a signature cannot be found one character at a time. */
    public boolean verify(String signature, String purpose, String... parts) {
        if (signature == null) return false;
        return MessageDigest.isEqual(sign(purpose, parts).getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
