package postdesk.store;

import static postdesk.store.schema.Tables.CUSTOMER;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jooq.DSLContext;

/** The customer directory: an address or a whole domain ({@code @example.com}) → organisation and plan. */
public final class CustomerStore {
    private final DSLContext db;

    public CustomerStore(DSLContext db) {
        this.db = db;
    }

    public record Customer(String pattern, String organisation, String plan) {
    }

    /** Adds or replaces an entry; returns true when it was new. */
    public boolean put(Customer c, Instant now) {
        String pattern = c.pattern().strip().toLowerCase(Locale.ROOT);
        boolean exists = db.fetchExists(CUSTOMER, CUSTOMER.PATTERN.eq(pattern));
        if (exists) {
            db.update(CUSTOMER).set(CUSTOMER.ORGANISATION, c.organisation()).set(CUSTOMER.PLAN, c.plan())
                    .where(CUSTOMER.PATTERN.eq(pattern)).execute();
        } else {
            db.insertInto(CUSTOMER).set(CUSTOMER.PATTERN, pattern).set(CUSTOMER.ORGANISATION, c.organisation())
                    .set(CUSTOMER.PLAN, c.plan()).set(CUSTOMER.CREATED_AT, now).execute();
        }
        return !exists;
    }

    public boolean remove(String pattern) {
        return db.deleteFrom(CUSTOMER).where(CUSTOMER.PATTERN.eq(pattern.strip().toLowerCase(Locale.ROOT))).execute() == 1;
    }

    public List<Customer> list() {
        return db.selectFrom(CUSTOMER).orderBy(CUSTOMER.ORGANISATION, CUSTOMER.PATTERN)
                .fetch(r -> new Customer(r.getPattern(), r.getOrganisation(), r.getPlan()));
    }

    /** The entry for an address: its own, else its domain's. */
    public Optional<Customer> find(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.indexOf('@');
        List<String> patterns = at < 0 ? List.of(a) : List.of(a, a.substring(at));
        return db.selectFrom(CUSTOMER).where(CUSTOMER.PATTERN.in(patterns)).fetch(r -> new Customer(r.getPattern(), r.getOrganisation(), r.getPlan()))
                .stream().min((x, y) -> Boolean.compare(x.pattern().startsWith("@"), y.pattern().startsWith("@")));
    }
}
