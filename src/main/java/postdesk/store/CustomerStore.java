package postdesk.store;

import static postdesk.store.schema.Tables.CUSTOMER;
import static postdesk.store.schema.Tables.CUSTOMER_LICENCE;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import postdesk.store.schema.tables.records.CustomerRecord;

/** The customer directory: an address or a whole domain ({@code @example.com}) → organisation, plan and language. */
public final class CustomerStore {
    private final DSLContext db;

    public CustomerStore(DSLContext db) {
        this.db = db;
    }

    /** {@code language}: the ISO 639-1 code they are written to in, null when their mail decides. */
    public record Customer(String pattern, String organisation, String plan, String language) {

        public Customer(String pattern, String organisation, String plan) {
            this(pattern, organisation, plan, null);
        }
    }

    /** Adds or replaces an entry; returns true when it was new. */
    public boolean put(Customer c, Instant now) {
        String pattern = c.pattern().strip().toLowerCase(Locale.ROOT);
        boolean exists = db.fetchExists(CUSTOMER, CUSTOMER.PATTERN.eq(pattern));
        if (exists) {
            db.update(CUSTOMER).set(CUSTOMER.ORGANISATION, c.organisation()).set(CUSTOMER.PLAN, c.plan()).set(CUSTOMER.LANGUAGE, c.language())
                    .where(CUSTOMER.PATTERN.eq(pattern)).execute();
        } else {
            db.insertInto(CUSTOMER).set(CUSTOMER.PATTERN, pattern).set(CUSTOMER.ORGANISATION, c.organisation())
                    .set(CUSTOMER.PLAN, c.plan()).set(CUSTOMER.LANGUAGE, c.language()).set(CUSTOMER.CREATED_AT, now).execute();
        }
        return !exists;
    }

    public boolean remove(String pattern) {
        db.deleteFrom(CUSTOMER_LICENCE).where(CUSTOMER_LICENCE.PATTERN.eq(pattern.strip().toLowerCase(Locale.ROOT))).execute();
        return db.deleteFrom(CUSTOMER).where(CUSTOMER.PATTERN.eq(pattern.strip().toLowerCase(Locale.ROOT))).execute() == 1;
    }

    public List<Customer> list() {
        return db.selectFrom(CUSTOMER).orderBy(CUSTOMER.ORGANISATION, CUSTOMER.PATTERN)
                .fetch(CustomerStore::toCustomer);
    }

    /** Gives a licence key to an entry (taking it from any other); returns false when the entry is not in the directory. */
    public boolean addLicence(String pattern, String licenceKey) {
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        if (!db.fetchExists(CUSTOMER, CUSTOMER.PATTERN.eq(p))) return false;
        String key = licenceKey.strip();
        db.deleteFrom(CUSTOMER_LICENCE).where(CUSTOMER_LICENCE.LICENCE_KEY.eq(key)).execute();
        db.insertInto(CUSTOMER_LICENCE).set(CUSTOMER_LICENCE.LICENCE_KEY, key).set(CUSTOMER_LICENCE.PATTERN, p).execute();
        return true;
    }

    /** The licence keys of an entry. */
    public List<String> licences(String pattern) {
        return db.select(CUSTOMER_LICENCE.LICENCE_KEY).from(CUSTOMER_LICENCE)
                .where(CUSTOMER_LICENCE.PATTERN.eq(pattern.strip().toLowerCase(Locale.ROOT))).orderBy(CUSTOMER_LICENCE.LICENCE_KEY)
                .fetch(CUSTOMER_LICENCE.LICENCE_KEY);
    }

    /** The entry a licence key belongs to (keys compare exactly, as issued). */
    public Optional<Customer> licensee(String licenceKey) {
        return db.select(CUSTOMER.fields()).from(CUSTOMER).join(CUSTOMER_LICENCE).on(CUSTOMER_LICENCE.PATTERN.eq(CUSTOMER.PATTERN))
                .where(CUSTOMER_LICENCE.LICENCE_KEY.eq(licenceKey.strip())).fetchOptional()
                .map(r -> new Customer(r.get(CUSTOMER.PATTERN), r.get(CUSTOMER.ORGANISATION), r.get(CUSTOMER.PLAN)));
    }

    /**
     * The organisation an address belongs to, as a key: {@code org:NAME} from the directory, else
     * {@code domain:DOMAIN} of its mail domain unless that is a public one (gmail.com …): none.
     */
    public Optional<String> organisationOf(String address) {
        return organisationOf(address, find(address));
    }

    /** As {@link #organisationOf(String)}, with the address's directory entry already looked up. */
    public static Optional<String> organisationOf(String address, Optional<Customer> entry) {
        Optional<String> known = entry.map(c -> "org:" + c.organisation().toLowerCase(Locale.ROOT));
        if (known.isPresent()) return known;
        String domain = address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        return postdesk.mail.FreeMailDomains.contains(domain) ? Optional.empty() : Optional.of("domain:" + domain);
    }

    /** The addresses the directory lists one by one for an organisation (domain entries name nobody). */
    public List<String> membersOf(String organisation) {
        return db.select(CUSTOMER.PATTERN).from(CUSTOMER).where(DSL.lower(CUSTOMER.ORGANISATION).eq(organisation.toLowerCase(Locale.ROOT))
                .and(CUSTOMER.PATTERN.notLike("@%"))).orderBy(CUSTOMER.PATTERN).fetch(CUSTOMER.PATTERN);
    }

    /** The entry for an address: its own, else its domain's. */
    public Optional<Customer> find(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.indexOf('@');
        List<String> patterns = at < 0 ? List.of(a) : List.of(a, a.substring(at));
        return db.selectFrom(CUSTOMER).where(CUSTOMER.PATTERN.in(patterns)).fetch(CustomerStore::toCustomer)
                .stream().min((x, y) -> Boolean.compare(x.pattern().startsWith("@"), y.pattern().startsWith("@")));
    }

    private static Customer toCustomer(CustomerRecord r) {
        return new Customer(r.getPattern(), r.getOrganisation(), r.getPlan(), r.getLanguage());
    }
}
