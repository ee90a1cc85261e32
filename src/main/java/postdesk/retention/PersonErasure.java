package postdesk.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import postdesk.config.Desk;
import postdesk.store.AttachmentFiles;
import postdesk.store.Database;
import postdesk.store.PersonalData;
import postdesk.store.Tally;
import postdesk.ticket.TicketId;

/**
 * The erasure of one person on request (GDPR Art. 17, {@code postdesk erase ADDRESS}): the tickets
 * they asked for are erased as retention erases a ticket; on the tickets of others their address
 * and names are taken out or replaced by a placeholder, their own messages blanked, and the rows
 * kept about them (directory entry, bounce suppression, automatic-mail records, quarantined mail)
 * deleted. Each step is a short transaction of its own, so it may run beside the daemon; running it
 * again finds nothing left.
 */
public final class PersonErasure {
    public static final String EVENT = "personal_data_erased";
    private static final String WHY = "personal data erased on request";
    /** A shorter name would match too much unrelated text. */
    private static final int MIN_NAME_LENGTH = 4;
    private static final int QUARANTINE_PAGE = 50;

    private final Database db;
    private final Set<String> staff;
    private final AttachmentFiles files;
    private final Clock clock;

    public PersonErasure(Database db, Desk desk, AttachmentFiles files, Clock clock) {
        this.db = db;
        this.staff = Retention.staffOf(desk);
        this.files = files;
        this.clock = clock;
    }

    /** Erases everything about {@code address}; returns what went, by kind (empty: nothing was left). */
    public Tally erase(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        Set<String> keep = new HashSet<>(staff);
        keep.remove(a);
        Instant now = clock.instant();
        Tally tally = new Tally();
        Set<String> hashes = new HashSet<>();
        List<String> terms = new ArrayList<>(List.of(a));
        new PersonalData(db.dsl()).namesOf(a).stream().filter(n -> n.strip().length() >= MIN_NAME_LENGTH).forEach(terms::add);

        for (TicketId id : new PersonalData(db.dsl()).ticketsRequestedBy(a)) {
            db.transaction(tx -> new PersonalData(tx).eraseTicket(id, false, keep, EVENT, WHY, now)).ifPresent(e -> {
                tally.add("tickets", 1);
                tally.addAll(e.tally());
                hashes.addAll(e.files());
            });
        }
        PersonalData.Erased person = db.transaction(tx -> new PersonalData(tx).erasePerson(a, EVENT, WHY + " (of someone on this ticket)", now));
        tally.addAll(person.tally());
        hashes.addAll(person.files());
        tally.add("mentions replaced", db.transaction(tx -> new PersonalData(tx).replaceMentions(terms, EVENT, WHY + " (mentions)", now)));
        tally.add("quarantined mails", eraseQuarantined(a));
        tally.add("attachment files", new PersonalData(db.dsl()).deleteUnusedFiles(files, hashes));
        return tally;
    }

    private int eraseQuarantined(String address) {
        int deleted = 0;
        long after = 0;
        PersonalData.QuarantinePage page;
        do {
            long from = after;
            page = new PersonalData(db.dsl()).quarantineMentions(address, from, QUARANTINE_PAGE);
            List<Long> ids = page.mentioning();
            deleted += db.transaction(tx -> new PersonalData(tx).deleteQuarantined(ids));
            after = page.lastId();
        } while (page.size() == QUARANTINE_PAGE);
        return deleted;
    }
}
