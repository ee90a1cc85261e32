package postdesk.store;

import static postdesk.store.schema.Tables.CUSTOMER;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jooq.DSLContext;

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
        return db.deleteFrom(CUSTOMER).where(CUSTOMER.PATTERN.eq(pattern.strip().toLowerCase(Locale.ROOT))).execute() == 1;
    }

    public List<Customer> list() {
        return db.selectFrom(CUSTOMER).orderBy(CUSTOMER.ORGANISATION, CUSTOMER.PATTERN)
                .fetch(CustomerStore::toCustomer);
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
