package postdesk.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets Postdesk must keep in its database (a delegated mailbox's refresh token) with
 * AES-256-GCM under a key derived from the instance secret: a copy of the database alone (a
 * backup, a dump) does not give the token away when {@code secret} is kept outside it. Each sealed
 * value is bound to what it belongs to ({@code context}), so one row's value does not open as another's.
 */
public final class Sealer {
    private static final String FORMAT = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public Sealer(byte[] instanceSecret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(instanceSecret, "HmacSHA256"));
            // a key of its own: the signing key never encrypts
            this.key = new SecretKeySpec(hmac.doFinal("postdesk sealing key v1".getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String context, String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher aes = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return FORMAT + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain value; fails when it was sealed under another secret or for another context, or was altered. */
    public String open(String context, String sealed) throws GeneralSecurityException {
        if (!sealed.startsWith(FORMAT)) throw new GeneralSecurityException("not a sealed value");
        byte[] all = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
        if (all.length < NONCE_BYTES + TAG_BITS / 8) throw new GeneralSecurityException("sealed value too short");
        byte[] nonce = java.util.Arrays.copyOf(all, NONCE_BYTES);
        Cipher aes = cipher(Cipher.DECRYPT_MODE, nonce, context);
        return new String(aes.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        aes.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return aes;
    }
}
