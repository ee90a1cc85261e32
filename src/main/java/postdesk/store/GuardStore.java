package postdesk.store;

import static postdesk.store.Columns.fit;
import static postdesk.store.schema.Tables.AUTO_MAIL;
import static postdesk.store.schema.Tables.INSTANCE_SECRET;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.SUPPRESSED_ADDRESS;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import org.jooq.DSLContext;

/** The rows behind Postdesk's guards: the signing secret, bounced addresses, automatic mail per recipient, inbound counts. */
public final class GuardStore {
    private final DSLContext db;

    public GuardStore(DSLContext db) {
        this.db = db;
    }

    /** The stored signing secret, made on first use (32 random bytes). */
    public byte[] secret(Instant now) {
        String stored = db.select(INSTANCE_SECRET.SECRET).from(INSTANCE_SECRET).where(INSTANCE_SECRET.NAME.eq("signing"))
                .fetchOne(INSTANCE_SECRET.SECRET);
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            db.insertInto(INSTANCE_SECRET).set(INSTANCE_SECRET.NAME, "signing")
                    .set(INSTANCE_SECRET.SECRET, Base64.getEncoder().encodeToString(fresh))
                    .set(INSTANCE_SECRET.CREATED_AT, now).onConflictDoNothing().execute();
            return secret(now);
        }
        return Base64.getDecoder().decode(stored);
    }

    public void suppress(String address, Instant until, String reason, Instant now) {
        String a = suppressed(address);
        String why = fit(SUPPRESSED_ADDRESS.REASON, reason);
        if (db.update(SUPPRESSED_ADDRESS).set(SUPPRESSED_ADDRESS.UNTIL_AT, until).set(SUPPRESSED_ADDRESS.REASON, why)
                .where(SUPPRESSED_ADDRESS.ADDRESS.eq(a)).execute() == 0) {
            db.insertInto(SUPPRESSED_ADDRESS).set(SUPPRESSED_ADDRESS.ADDRESS, a).set(SUPPRESSED_ADDRESS.UNTIL_AT, until)
                    .set(SUPPRESSED_ADDRESS.REASON, why).set(SUPPRESSED_ADDRESS.CREATED_AT, now).execute();
        }
    }

    /** The address wrote to us: it receives mail again. */
    public void unsuppress(String address) {
        db.deleteFrom(SUPPRESSED_ADDRESS).where(SUPPRESSED_ADDRESS.ADDRESS.eq(suppressed(address))).execute();
    }

    public boolean isSuppressed(String address, Instant now) {
        return db.fetchExists(SUPPRESSED_ADDRESS, SUPPRESSED_ADDRESS.ADDRESS.eq(suppressed(address))
                .and(SUPPRESSED_ADDRESS.UNTIL_AT.gt(now)));
    }

    public void recordAutoMail(String recipient, String kind, Instant now) {
        db.insertInto(AUTO_MAIL).set(AUTO_MAIL.RECIPIENT, autoMailRecipient(recipient)).set(AUTO_MAIL.KIND, kind)
                .set(AUTO_MAIL.QUEUED_AT, now).execute();
    }

    /** Automatic mail queued to {@code recipient} since {@code since}; {@code kind} null counts every kind. */
    public int autoMailSince(String recipient, String kind, Instant since) {
        var condition = AUTO_MAIL.RECIPIENT.eq(autoMailRecipient(recipient)).and(AUTO_MAIL.QUEUED_AT.gt(since));
        if (kind != null) condition = condition.and(AUTO_MAIL.KIND.eq(kind));
        return db.fetchCount(AUTO_MAIL, condition);
    }

    /** Inbound mail stored from this sender since {@code since}. */
    public int inboundFromSender(String address, Instant since) {
        return db.fetchCount(MESSAGE, MESSAGE.FROM_ADDRESS.eq(fit(MESSAGE.FROM_ADDRESS, address))
                .and(MESSAGE.DIRECTION.eq("in")).and(MESSAGE.CREATED_AT.gt(since)));
    }

    /** Inbound mail stored from this domain since {@code since}. */
    public int inboundFromDomain(String domain, Instant since) {
        return db.fetchCount(MESSAGE, MESSAGE.FROM_DOMAIN.eq(fit(MESSAGE.FROM_DOMAIN, domain))
                .and(MESSAGE.DIRECTION.eq("in")).and(MESSAGE.CREATED_AT.gt(since)));
    }

    private static String suppressed(String address) {
        return fit(SUPPRESSED_ADDRESS.ADDRESS, address.toLowerCase(Locale.ROOT));
    }

    private static String autoMailRecipient(String recipient) {
        return fit(AUTO_MAIL.RECIPIENT, recipient.toLowerCase(Locale.ROOT));
    }
}
