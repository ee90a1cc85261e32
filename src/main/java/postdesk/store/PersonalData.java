package postdesk.store;

import static postdesk.store.schema.Tables.ATTACHMENT;
import static postdesk.store.schema.Tables.AUTO_MAIL;
import static postdesk.store.schema.Tables.CUSTOMER;
import static postdesk.store.schema.Tables.CUSTOMER_LICENCE;
import static postdesk.store.schema.Tables.RATING;
import static postdesk.store.schema.Tables.TICKET_FIELD;
import static postdesk.store.schema.Tables.HELD_ANSWER;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.OUTBOX;
import static postdesk.store.schema.Tables.PARTICIPANT;
import static postdesk.store.schema.Tables.PROCESSED_MAIL;
import static postdesk.store.schema.Tables.QUARANTINE;
import static postdesk.store.schema.Tables.SIDE_PARTY;
import static postdesk.store.schema.Tables.SUPPRESSED_ADDRESS;
import static postdesk.store.schema.Tables.THREAD_REF;
import static postdesk.store.schema.Tables.TICKET;
import static postdesk.store.schema.Tables.TICKET_EVENT;
import static postdesk.store.schema.Tables.TICKET_TIMER;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import postdesk.retention.RetentionPolicy;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketId;

/**
 * Erasing personal data, for retention and on request (GDPR): a ticket's content and people as a
 * whole, and one person's address wherever else it appears. Each method works in the caller's
 * transaction. Attachment files are the caller's to delete once the transaction committed
 * ({@link #deleteUnusedFiles}).
 */
public final class PersonalData {
    /** What an erased address, name or subject becomes. */
    public static final String PLACEHOLDER = "erased";
    /** The actor of the audit events erasure leaves. */
    public static final String ACTOR = "postdesk";

    private final DSLContext db;

    public PersonalData(DSLContext db) {
        this.db = db;
    }

    /** What erasing removed, and the attachment files it may have left unused. */
    public record Erased(Tally tally, Set<String> files) {
    }

    /**
     * Closed tickets not erased yet of a cutoff's plan ({@code *}: of none of {@code namedPlans};
     * no plan is the free plan), last changed before its time, oldest first.
     */
    public List<TicketId> expiredTickets(RetentionPolicy.Cutoff cutoff, Set<String> namedPlans, int limit) {
        Field<String> plan = DSL.lower(DSL.coalesce(TICKET.PLAN, DSL.inline(postdesk.config.TicketPolicy.DEFAULT_PLAN)));
        Condition ofPlan = !cutoff.plan().equals(RetentionPolicy.OTHER_PLANS) ? plan.eq(cutoff.plan())
                : namedPlans.isEmpty() ? DSL.noCondition() : plan.notIn(namedPlans);
        return db.select(TICKET.ID).from(TICKET)
                .where(TICKET.STATUS.eq(Status.CLOSED.name()).and(TICKET.ERASED_AT.isNull()).and(TICKET.UPDATED_AT.lt(cutoff.closedBefore())).and(ofPlan))
                .orderBy(TICKET.UPDATED_AT, TICKET.ID).limit(limit)
                .fetch(r -> new TicketId(r.value1()));
    }

    /** The tickets {@code address} asked for, erased or not. */
    public List<TicketId> ticketsRequestedBy(String address) {
        return db.select(TICKET.ID).from(TICKET).where(DSL.lower(TICKET.REQUESTER_ADDRESS).eq(lower(address))).orderBy(TICKET.ID)
                .fetch(r -> new TicketId(r.value1()));
    }

    /**
     * Erases a ticket's content and people: the messages' text, HTML, quoted part and subject (with
     * {@code keepMessages} each message stays as a dated entry, its author kept only when one of
     * {@code staff}; else the messages go), attachments, participants, side parties, threading
     * Message-IDs, its outbox mail, mail-log rows and held answers, and the addresses and details
     * of its audit trail. The ticket closes and keeps its ID, status, priority, category, plan,
     * times and SLA clocks, and an event {@code eventKind} saying {@code why} with the counts.
     * Empty when the ticket was erased already (by this or another process: the claim is a
     * conditional update, so it happens once).
     */
    public Optional<Erased> eraseTicket(TicketId id, boolean keepMessages, Set<String> staff, String eventKind, String why, Instant now) {
        if (db.update(TICKET).set(TICKET.ERASED_AT, now).where(TICKET.ID.eq(id.value()).and(TICKET.ERASED_AT.isNull())).execute() == 0) {
            return Optional.empty();
        }
        Tally tally = new Tally();
        Condition ofTicket = MESSAGE.TICKET_ID.eq(id.value());
        Set<String> files = dropAttachments(ofTicket, tally);
        if (keepMessages) tally.add("messages anonymised", blankMessages(ofTicket, staff));
        else tally.add("messages", db.deleteFrom(MESSAGE).where(ofTicket).execute());
        tally.add("participants", db.deleteFrom(PARTICIPANT).where(PARTICIPANT.TICKET_ID.eq(id.value())).execute());
        tally.add("side parties", db.deleteFrom(SIDE_PARTY).where(SIDE_PARTY.TICKET_ID.eq(id.value())).execute());
        tally.add("thread references", db.deleteFrom(THREAD_REF).where(THREAD_REF.TICKET_ID.eq(id.value())).execute());
        tally.add("outbox mails", db.deleteFrom(OUTBOX).where(OUTBOX.TICKET_ID.eq(id.value())).execute());
        tally.add("mail log entries", db.deleteFrom(PROCESSED_MAIL).where(PROCESSED_MAIL.TICKET_ID.eq(id.value())).execute());
        tally.add("held answers", db.deleteFrom(HELD_ANSWER).where(HELD_ANSWER.TICKET_ID.eq(id.value())).execute());
        // the customer's own words and keys: fields, the rating's comment (its score stays in the figures)
        tally.add("fields", db.deleteFrom(TICKET_FIELD).where(TICKET_FIELD.TICKET_ID.eq(id.value())).execute());
        tally.add("rating comments", db.update(RATING).set(RATING.COMMENT_TEXT, (String) null)
                .where(RATING.TICKET_ID.eq(id.value()).and(RATING.COMMENT_TEXT.isNotNull())).execute());
        tally.add("events cleared", db.update(TICKET_EVENT)
                .set(TICKET_EVENT.ACTOR, DSL.when(TICKET_EVENT.ACTOR.in(staff), TICKET_EVENT.ACTOR).otherwise(PLACEHOLDER))
                .set(TICKET_EVENT.DETAIL, (String) null)
                .where(TICKET_EVENT.TICKET_ID.eq(id.value())).execute());
        // nobody is left to remind or answer
        db.update(TICKET_TIMER).set(TICKET_TIMER.STATE, "CANCELLED")
                .where(TICKET_TIMER.TICKET_ID.eq(id.value()).and(TICKET_TIMER.STATE.eq("PENDING"))).execute();
        db.update(TICKET).set(TICKET.SUBJECT, "(" + PLACEHOLDER + ")").set(TICKET.REQUESTER_ADDRESS, PLACEHOLDER)
                .set(TICKET.REQUESTER_NAME, (String) null).set(TICKET.STATUS, Status.CLOSED.name())
                .set(TICKET.LICENSED_TO, (String) null).set(TICKET.ORGANISATION, (String) null)
                .where(TICKET.ID.eq(id.value())).execute();
        new TicketStore(db).addEvent(id, eventKind, ACTOR, why + ": " + tally, now);
        return Optional.of(new Erased(tally, files));
    }

    /**
     * Deletes what belongs to no ticket once older than {@code before}: automatic-mail records
     * (the caps look back hours), bounce suppressions that lapsed, and quarantined mail.
     */
    public Tally pruneUnattached(Instant before) {
        Tally tally = new Tally();
        tally.add("automatic mail records", db.deleteFrom(AUTO_MAIL).where(AUTO_MAIL.QUEUED_AT.lt(before)).execute());
        tally.add("bounce suppressions", db.deleteFrom(SUPPRESSED_ADDRESS).where(SUPPRESSED_ADDRESS.UNTIL_AT.lt(before)).execute());
        tally.add("quarantined mails", db.deleteFrom(QUARANTINE).where(QUARANTINE.CREATED_AT.lt(before)).execute());
        return tally;
    }

    /** The names {@code address} went by: as requester, participant and author. */
    public Set<String> namesOf(String address) {
        String a = lower(address);
        Set<String> names = new LinkedHashSet<>();
        names.addAll(db.selectDistinct(TICKET.REQUESTER_NAME).from(TICKET).where(DSL.lower(TICKET.REQUESTER_ADDRESS).eq(a)).fetch(TICKET.REQUESTER_NAME));
        names.addAll(db.selectDistinct(PARTICIPANT.NAME).from(PARTICIPANT).where(DSL.lower(PARTICIPANT.ADDRESS).eq(a)).fetch(PARTICIPANT.NAME));
        names.addAll(db.selectDistinct(MESSAGE.FROM_NAME).from(MESSAGE).where(DSL.lower(MESSAGE.FROM_ADDRESS).eq(a)).fetch(MESSAGE.FROM_NAME));
        names.removeIf(n -> n == null || n.isBlank());
        return names;
    }

    /**
     * Takes {@code address} off the tickets of others, where it was a participant, a side party or
     * wrote (those messages are blanked, their author becomes {@link #PLACEHOLDER}), and out of the
     * outbox's recipients (a mail to it alone goes); deletes its threading Message-IDs, mail-log
     * rows, customer-directory entry, bounce suppression and automatic-mail records. Each ticket
     * touched gets an event {@code eventKind} saying {@code why}.
     */
    public Erased erasePerson(String address, String eventKind, String why, Instant now) {
        String a = lower(address);
        String like = Columns.containing(a);
        Tally tally = new Tally();
        Set<String> touched = new HashSet<>();
        touched.addAll(db.select(PARTICIPANT.TICKET_ID).from(PARTICIPANT).where(DSL.lower(PARTICIPANT.ADDRESS).eq(a)).fetch(PARTICIPANT.TICKET_ID));
        touched.addAll(db.select(SIDE_PARTY.TICKET_ID).from(SIDE_PARTY).where(DSL.lower(SIDE_PARTY.ADDRESS).eq(a)).fetch(SIDE_PARTY.TICKET_ID));
        Condition theirs = DSL.lower(MESSAGE.FROM_ADDRESS).eq(a);
        touched.addAll(db.select(MESSAGE.TICKET_ID).from(MESSAGE).where(theirs).fetch(MESSAGE.TICKET_ID));

        tally.add("participants", db.deleteFrom(PARTICIPANT).where(DSL.lower(PARTICIPANT.ADDRESS).eq(a)).execute());
        tally.add("side parties", db.deleteFrom(SIDE_PARTY).where(DSL.lower(SIDE_PARTY.ADDRESS).eq(a)).execute());
        db.update(SIDE_PARTY).set(SIDE_PARTY.ADDED_BY, PLACEHOLDER).where(DSL.lower(SIDE_PARTY.ADDED_BY).eq(a)).execute();
        db.update(TICKET).set(TICKET.ASSIGNEE, (String) null).where(DSL.lower(TICKET.ASSIGNEE).eq(a)).execute();
        Set<String> files = dropAttachments(theirs, tally);
        tally.add("messages blanked", blankMessages(theirs, Set.of()));
        tally.add("thread references", db.deleteFrom(THREAD_REF).where(DSL.lower(THREAD_REF.MESSAGE_ID).like(like, '\\')).execute());
        tally.add("mail log entries", db.deleteFrom(PROCESSED_MAIL).where(DSL.lower(PROCESSED_MAIL.MESSAGE_ID).like(like, '\\')).execute());
        tally.add("outbox mails", dropRecipient(a, like, touched));
        tally.add("licence keys", db.deleteFrom(CUSTOMER_LICENCE).where(DSL.lower(CUSTOMER_LICENCE.PATTERN).eq(a)).execute());
        tally.add("customer directory entries", db.deleteFrom(CUSTOMER).where(DSL.lower(CUSTOMER.PATTERN).eq(a)).execute());
        tally.add("licence links", db.update(TICKET).set(TICKET.LICENSED_TO, PLACEHOLDER).where(DSL.lower(TICKET.LICENSED_TO).eq(a)).execute());
        tally.add("bounce suppressions", db.deleteFrom(SUPPRESSED_ADDRESS)
                .where(DSL.lower(SUPPRESSED_ADDRESS.ADDRESS).eq(a).or(DSL.lower(SUPPRESSED_ADDRESS.REASON).like(like, '\\'))).execute());
        tally.add("automatic mail records", db.deleteFrom(AUTO_MAIL).where(DSL.lower(AUTO_MAIL.RECIPIENT).eq(a)).execute());
        audit(touched, eventKind, why, now);
        return new Erased(tally, files);
    }

    /**
     * Replaces every mention of {@code terms} (an address, the names it went by; any case) in the
     * free text of tickets, messages, attachments' names, audit events, the outbox (not its
     * recipients: see {@link #erasePerson}) and held answers with {@link #PLACEHOLDER}; each ticket
     * touched gets an event {@code eventKind} saying {@code why}. Returns how many values changed.
     */
    public int replaceMentions(Collection<String> terms, String eventKind, String why, Instant now) {
        List<String> lowered = terms.stream().map(PersonalData::lower).filter(t -> !t.isBlank()).distinct().toList();
        if (lowered.isEmpty()) return 0;
        Pattern mention = Pattern.compile(lowered.stream().sorted((x, y) -> y.length() - x.length()).map(Pattern::quote)
                .collect(Collectors.joining("|")), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        Set<String> touched = new HashSet<>();
        int changed = replace(TICKET, TICKET.ID, TICKET.ID, List.of(TICKET.SUBJECT, TICKET.REQUESTER_NAME), lowered, mention, touched)
                + replace(MESSAGE, MESSAGE.ID, MESSAGE.TICKET_ID, List.of(MESSAGE.FULL_TEXT, MESSAGE.REPLY_TEXT, MESSAGE.QUOTED_TEXT,
                        MESSAGE.HTML, MESSAGE.SUBJECT, MESSAGE.FROM_NAME, MESSAGE.MESSAGE_ID), lowered, mention, touched)
                + replace(ATTACHMENT, ATTACHMENT.ID, null, List.of(ATTACHMENT.FILENAME, ATTACHMENT.CONTENT_ID), lowered, mention, touched)
                + replace(TICKET_EVENT, TICKET_EVENT.ID, TICKET_EVENT.TICKET_ID, List.of(TICKET_EVENT.ACTOR, TICKET_EVENT.DETAIL), lowered, mention, touched)
                + replace(OUTBOX, OUTBOX.ID, OUTBOX.TICKET_ID, List.of(OUTBOX.SUBJECT, OUTBOX.RAW, OUTBOX.LAST_ERROR), lowered, mention, touched)
                + replace(HELD_ANSWER, HELD_ANSWER.ID, HELD_ANSWER.TICKET_ID, List.of(HELD_ANSWER.AGENT), lowered, mention, touched)
                + replace(TICKET_FIELD, TICKET_FIELD.FIELD_VALUE, TICKET_FIELD.TICKET_ID, List.of(TICKET_FIELD.FIELD_VALUE), lowered, mention, touched)
                + replace(RATING, RATING.TICKET_ID, RATING.TICKET_ID, List.of(RATING.COMMENT_TEXT), lowered, mention, touched);
        audit(touched, eventKind, why, now);
        return changed;
    }

    /** One page of quarantined mail: the rows that mention the address, the last row read, and how many were read. */
    public record QuarantinePage(List<Long> mentioning, long lastId, int size) {
    }

    /** Reads up to {@code limit} quarantined mails after row {@code afterId}: those whose raw bytes, Message-ID or reason hold {@code address}. */
    public QuarantinePage quarantineMentions(String address, long afterId, int limit) {
        String a = lower(address);
        byte[] needle = a.getBytes(StandardCharsets.UTF_8);
        List<Long> mentioning = new ArrayList<>();
        long last = afterId;
        var rows = db.select(QUARANTINE.ID, QUARANTINE.RAW, QUARANTINE.MESSAGE_ID, QUARANTINE.REASON).from(QUARANTINE)
                .where(QUARANTINE.ID.gt(afterId)).orderBy(QUARANTINE.ID).limit(limit).fetch();
        for (var r : rows) {
            last = r.value1();
            if (containsIgnoringAsciiCase(r.value2(), needle) || lower(r.value3()).contains(a) || lower(r.value4()).contains(a)) {
                mentioning.add(r.value1());
            }
        }
        return new QuarantinePage(mentioning, last, rows.size());
    }

    public int deleteQuarantined(Collection<Long> ids) {
        return ids.isEmpty() ? 0 : db.deleteFrom(QUARANTINE).where(QUARANTINE.ID.in(ids)).execute();
    }

    /** Whether an attachment row still names this content (then its file stays). */
    private boolean attachmentInUse(String sha256) {
        return db.fetchExists(ATTACHMENT, ATTACHMENT.SHA256.eq(sha256));
    }

    /** Leaves the event on each ticket of {@code tickets} (a row of no ticket names null). */
    private void audit(Set<String> tickets, String eventKind, String why, Instant now) {
        tickets.stream().filter(java.util.Objects::nonNull).sorted()
                .forEach(ticket -> new TicketStore(db).addEvent(new TicketId(ticket), eventKind, ACTOR, why, now));
    }

    /** Deletes the files of these hashes that no attachment row names any more; returns how many went. */
    public int deleteUnusedFiles(AttachmentFiles files, Collection<String> hashes) {
        int deleted = 0;
        for (String sha256 : hashes) {
            if (!attachmentInUse(sha256) && files.delete(sha256)) deleted++;
        }
        return deleted;
    }

    /** Deletes the attachment rows of the messages matching {@code ofMessages}; returns the content hashes they named. */
    private Set<String> dropAttachments(Condition ofMessages, Tally tally) {
        Map<Long, String> rows = new HashMap<>();
        db.select(ATTACHMENT.ID, ATTACHMENT.SHA256).from(ATTACHMENT).join(MESSAGE).on(MESSAGE.ID.eq(ATTACHMENT.MESSAGE_ID)).where(ofMessages)
                .forEach(r -> rows.put(r.value1(), r.value2()));
        if (rows.isEmpty()) return Set.of();
        tally.add("attachments", db.deleteFrom(ATTACHMENT).where(ATTACHMENT.ID.in(rows.keySet())).execute());
        Set<String> files = new HashSet<>(rows.values());
        files.remove(null); // dropped over a limit: no content was kept
        return files;
    }

    /** Empties the messages' content; an author not among {@code staff} becomes {@link #PLACEHOLDER}. Returns how many. */
    private int blankMessages(Condition which, Set<String> staff) {
        Condition byStaff = MESSAGE.FROM_ADDRESS.in(staff);
        return db.update(MESSAGE)
                .set(MESSAGE.FULL_TEXT, "").set(MESSAGE.REPLY_TEXT, "").set(MESSAGE.QUOTED_TEXT, "")
                .set(MESSAGE.HTML, (String) null).set(MESSAGE.SUBJECT, (String) null).set(MESSAGE.MESSAGE_ID, (String) null)
                .set(MESSAGE.FROM_NAME, DSL.when(byStaff, MESSAGE.FROM_NAME).otherwise((String) null))
                .set(MESSAGE.FROM_DOMAIN, DSL.when(byStaff, MESSAGE.FROM_DOMAIN).otherwise((String) null))
                .set(MESSAGE.FROM_ADDRESS, DSL.when(byStaff, MESSAGE.FROM_ADDRESS).otherwise(PLACEHOLDER))
                .where(which).execute();
    }

    /** Takes {@code address} out of queued mail's recipients; a mail to it alone goes. Returns how many mails went. */
    private int dropRecipient(String address, String like, Set<String> touched) {
        int dropped = 0;
        for (var r : db.select(OUTBOX.ID, OUTBOX.TICKET_ID, OUTBOX.RECIPIENTS).from(OUTBOX).where(DSL.lower(OUTBOX.RECIPIENTS).like(like, '\\')).fetch()) {
            List<String> others = Arrays.stream(r.value3().split(",")).filter(x -> !x.strip().equalsIgnoreCase(address)).toList();
            if (others.isEmpty()) {
                dropped += db.deleteFrom(OUTBOX).where(OUTBOX.ID.eq(r.value1())).execute();
            } else {
                db.update(OUTBOX).set(OUTBOX.RECIPIENTS, String.join(",", others)).where(OUTBOX.ID.eq(r.value1())).execute();
            }
            touched.add(r.value2());
        }
        return dropped;
    }

    /** Replaces {@code mention} in the columns of the rows of {@code table} that contain a term; notes their tickets in {@code touched}. */
    private <K> int replace(Table<?> table, Field<K> key, Field<String> ticket, List<Field<String>> columns, List<String> terms,
                            Pattern mention, Set<String> touched) {
        Condition any = DSL.or(columns.stream().flatMap(c -> terms.stream().map(t -> DSL.lower(c).like(Columns.containing(t), '\\'))).toList());
        List<Field<?>> selected = new ArrayList<>(columns);
        selected.add(key);
        if (ticket != null && ticket != key) selected.add(ticket);
        int changed = 0;
        for (Record r : db.select(selected).from(table).where(any).fetch()) {
            Map<Field<?>, Object> values = new HashMap<>();
            for (Field<String> c : columns) {
                String v = r.get(c);
                if (v != null && mention.matcher(v).find()) values.put(c, mention.matcher(v).replaceAll(PLACEHOLDER));
            }
            if (values.isEmpty()) continue;
            changed += db.update(table).set(values).where(key.eq(r.get(key))).execute();
            if (ticket != null) touched.add(r.get(ticket));
        }
        return changed;
    }

    private static boolean containsIgnoringAsciiCase(byte[] haystack, byte[] lowerNeedle) {
        outer:
        for (int i = 0; i + lowerNeedle.length <= haystack.length; i++) {
            for (int j = 0; j < lowerNeedle.length; j++) {
                byte b = haystack[i + j];
                if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
                if (b != lowerNeedle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
