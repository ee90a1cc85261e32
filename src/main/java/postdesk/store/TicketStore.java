package postdesk.store;

import static postdesk.store.Columns.fit;
import static postdesk.store.schema.Tables.ATTACHMENT;
import static postdesk.store.schema.Tables.HELD_ANSWER;
import static postdesk.store.schema.Tables.MESSAGE;
import static postdesk.store.schema.Tables.PARTICIPANT;
import static postdesk.store.schema.Tables.SIDE_PARTY;
import static postdesk.store.schema.Tables.THREAD_REF;
import static postdesk.store.schema.Tables.TICKET;
import static postdesk.store.schema.Tables.TICKET_EVENT;
import static postdesk.store.schema.Tables.TICKET_FIELD;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;
import postdesk.mail.Audience;
import postdesk.store.schema.tables.records.MessageRecord;
import postdesk.store.schema.tables.records.TicketRecord;
import postdesk.ticket.Priority;
import postdesk.ticket.Status;
import postdesk.ticket.Ticket;
import postdesk.ticket.TicketEvent;
import postdesk.ticket.TicketId;
import postdesk.ticket.TicketMessage;

/** Tickets, their conversation, participants, threading index and audit trail, through jOOQ. */
public final class TicketStore {
    private final DSLContext db;

    /** {@code db} is either the pool's context or a transaction's. */
    public TicketStore(DSLContext db) {
        this.db = db;
    }

    public Optional<Ticket> find(TicketId id) {
        return db.selectFrom(TICKET).where(TICKET.ID.eq(id.value())).fetchOptional().map(TicketStore::toTicket);
    }

    /** The ticket, or the one it was merged into (followed through later merges). */
    public Optional<Ticket> findFollowingMerges(TicketId id) {
        TicketId current = id;
        for (int hops = 0; hops < 20; hops++) {
            String into = db.select(TICKET.MERGED_INTO).from(TICKET).where(TICKET.ID.eq(current.value())).fetchOne(TICKET.MERGED_INTO);
            if (into == null) return find(current);
            current = new TicketId(into);
        }
        return find(current);
    }

    /** The ticket this one was merged into, if it was. */
    public Optional<TicketId> mergedInto(TicketId id) {
        return Optional.ofNullable(db.select(TICKET.MERGED_INTO).from(TICKET).where(TICKET.ID.eq(id.value())).fetchOne(TICKET.MERGED_INTO))
                .map(TicketId::new);
    }

    /**
     * Moves everything of {@code from} into {@code into}: messages (with their attachments),
     * participants (the old requester among them when it is someone else), Message-IDs and the
     * audit trail. {@code from} stays, closed, naming {@code into}, so its ID keeps routing there.
     */
    public void merge(TicketId from, TicketId into, Instant now) {
        Ticket old = find(from).orElseThrow();
        Ticket survivor = find(into).orElseThrow();
        db.update(MESSAGE).set(MESSAGE.TICKET_ID, into.value()).where(MESSAGE.TICKET_ID.eq(from.value())).execute();
        for (Address p : participants(from)) {
            if (!p.address().equals(survivor.requester().address())) addParticipant(into, p);
        }
        db.deleteFrom(PARTICIPANT).where(PARTICIPANT.TICKET_ID.eq(from.value())).execute();
        if (!old.requester().address().equals(survivor.requester().address())) addParticipant(into, old.requester());
        db.update(THREAD_REF).set(THREAD_REF.TICKET_ID, into.value()).where(THREAD_REF.TICKET_ID.eq(from.value())).execute();
        db.select(SIDE_PARTY.ADDRESS, SIDE_PARTY.ADDED_BY).from(SIDE_PARTY).where(SIDE_PARTY.TICKET_ID.eq(from.value()))
                .forEach(r -> addSideParty(into, r.value1(), r.value2(), now));
        db.deleteFrom(SIDE_PARTY).where(SIDE_PARTY.TICKET_ID.eq(from.value())).execute();
        // the survivor keeps its own fields and takes those it lacks
        Map<String, String> fields = new java.util.LinkedHashMap<>(fields(from));
        fields.keySet().removeAll(fields(into).keySet());
        setFields(into, fields);
        db.update(TICKET_EVENT).set(TICKET_EVENT.TICKET_ID, into.value()).where(TICKET_EVENT.TICKET_ID.eq(from.value())).execute();
        db.update(TICKET).set(TICKET.MERGED_INTO, into.value()).set(TICKET.STATUS, Status.CLOSED.name()).set(TICKET.UPDATED_AT, now)
                .where(TICKET.ID.eq(from.value())).execute();
        touch(into, now);
    }

    /** How far the ticket's visible thread is: its latest message that is not internal (0: none). */
    public long position(TicketId ticket) {
        Long max = db.select(org.jooq.impl.DSL.max(MESSAGE.ID)).from(MESSAGE)
                .where(MESSAGE.TICKET_ID.eq(ticket.value()).and(MESSAGE.INTERNAL.isFalse()).and(MESSAGE.MACHINE.isFalse()))
                .fetchOne(0, Long.class);
        return max == null ? 0 : max;
    }

    /** The visible human messages after {@code position}, oldest first. */
    public List<TicketMessage> visibleAfter(TicketId ticket, long position) {
        java.util.Set<Long> rows = new java.util.HashSet<>(db.select(MESSAGE.ID).from(MESSAGE)
                .where(MESSAGE.TICKET_ID.eq(ticket.value()).and(MESSAGE.ID.gt(position)).and(MESSAGE.INTERNAL.isFalse())
                        .and(MESSAGE.MACHINE.isFalse())).fetch(MESSAGE.ID));
        return rows.isEmpty() ? List.of() : messages(ticket).stream().filter(m -> rows.contains(m.id())).toList();
    }

    /** Machine mail (a bounce, an auto-reply): kept on the ticket, but it moves no thread forward. */
    public void markMachine(long messageRow) {
        db.update(MESSAGE).set(MESSAGE.MACHINE, true).where(MESSAGE.ID.eq(messageRow)).execute();
    }

    // ---- answers held by the collision guard

    public void holdAnswer(TicketId ticket, long messageRow, String agent, Instant now) {
        db.insertInto(HELD_ANSWER).set(HELD_ANSWER.TICKET_ID, ticket.value()).set(HELD_ANSWER.MESSAGE_ROW, messageRow)
                .set(HELD_ANSWER.AGENT, fit(HELD_ANSWER.AGENT, agent)).set(HELD_ANSWER.STATE, "HELD").set(HELD_ANSWER.CREATED_AT, now).execute();
    }

    /** The message row of the agent's latest answer still held on this ticket. */
    public Optional<Long> heldAnswer(TicketId ticket, String agent) {
        return db.select(HELD_ANSWER.MESSAGE_ROW).from(HELD_ANSWER)
                .where(HELD_ANSWER.TICKET_ID.eq(ticket.value()).and(HELD_ANSWER.AGENT.eq(agent)).and(HELD_ANSWER.STATE.eq("HELD")))
                .orderBy(HELD_ANSWER.ID.desc()).limit(1).fetchOptional(HELD_ANSWER.MESSAGE_ROW);
    }

    /** Every answer of the agent still held on this ticket ends as {@code state} (SENT, DISCARDED, REPLACED); returns how many. */
    public int settleHeld(TicketId ticket, String agent, String state) {
        return db.update(HELD_ANSWER).set(HELD_ANSWER.STATE, state)
                .where(HELD_ANSWER.TICKET_ID.eq(ticket.value()).and(HELD_ANSWER.AGENT.eq(agent)).and(HELD_ANSWER.STATE.eq("HELD"))).execute();
    }

    /** Answers held by the collision guard, waiting for their agent, desk-wide. */
    public int heldAnswers() {
        return db.fetchCount(HELD_ANSWER, HELD_ANSWER.STATE.eq("HELD"));
    }

    /** A message of this ticket by its row id. */
    public Optional<TicketMessage> message(TicketId ticket, long id) {
        return messages(ticket).stream().filter(m -> m.id() == id).findFirst();
    }

    /** A held message (a {@code #sendat} answer) goes out: no longer internal. */
    public void release(long messageId) {
        db.update(MESSAGE).set(MESSAGE.INTERNAL, false).where(MESSAGE.ID.eq(messageId)).execute();
    }

    public boolean exists(TicketId id) {
        return db.fetchExists(TICKET, TICKET.ID.eq(id.value()));
    }

    public void insert(Ticket t) {
        db.insertInto(TICKET)
                .set(TICKET.ID, t.id().value())
                .set(TICKET.SUBJECT, fit(TICKET.SUBJECT, t.subject()))
                .set(TICKET.REQUESTER_ADDRESS, fit(TICKET.REQUESTER_ADDRESS, t.requester().address()))
                .set(TICKET.REQUESTER_NAME, fit(TICKET.REQUESTER_NAME, t.requester().name()))
                .set(TICKET.STATUS, t.status().name())
                .set(TICKET.PRIORITY, t.priority().name())
                .set(TICKET.CATEGORY, t.category())
                .set(TICKET.TICKET_TYPE, t.type())
                .set(TICKET.ASSIGNEE, t.assignee())
                .set(TICKET.PLAN, t.plan())
                .set(TICKET.PREMIUM, t.premium())
                .set(TICKET.LINKED_TICKET_ID, t.linkedTo() == null ? null : t.linkedTo().value())
                .set(TICKET.CREATED_AT, t.created())
                .set(TICKET.UPDATED_AT, t.updated())
                .set(TICKET.MAILBOX, t.mailbox())
                .set(TICKET.LANGUAGE, t.language())
                .execute();
    }

    public void setStatus(TicketId id, Status status, Instant now) {
        db.update(TICKET).set(TICKET.STATUS, status.name()).set(TICKET.UPDATED_AT, now)
                .where(TICKET.ID.eq(id.value())).execute();
    }

    public void setPriority(TicketId id, postdesk.ticket.Priority priority, Instant now) {
        db.update(TICKET).set(TICKET.PRIORITY, priority.name()).set(TICKET.UPDATED_AT, now).where(TICKET.ID.eq(id.value())).execute();
    }

    public void setAssignee(TicketId id, String assignee, Instant now) {
        db.update(TICKET).set(TICKET.ASSIGNEE, assignee).set(TICKET.UPDATED_AT, now).where(TICKET.ID.eq(id.value())).execute();
    }

    public void setCategory(TicketId id, String category, Instant now) {
        db.update(TICKET).set(TICKET.CATEGORY, category).set(TICKET.UPDATED_AT, now).where(TICKET.ID.eq(id.value())).execute();
    }

    public void setType(TicketId id, String type, Instant now) {
        db.update(TICKET).set(TICKET.TICKET_TYPE, type).set(TICKET.UPDATED_AT, now).where(TICKET.ID.eq(id.value())).execute();
    }

    public void touch(TicketId id, Instant now) {
        db.update(TICKET).set(TICKET.UPDATED_AT, now).where(TICKET.ID.eq(id.value())).execute();
    }

    // ---- conversation

    public long addMessage(TicketId ticket, TicketMessage m) {
        long id = db.insertInto(MESSAGE)
                .set(MESSAGE.TICKET_ID, ticket.value())
                .set(MESSAGE.DIRECTION, m.inbound() ? "in" : "out")
                .set(MESSAGE.INTERNAL, m.internal())
                .set(MESSAGE.FROM_ADDRESS, fit(MESSAGE.FROM_ADDRESS, m.from().address()))
                .set(MESSAGE.FROM_NAME, fit(MESSAGE.FROM_NAME, m.from().name()))
                .set(MESSAGE.FROM_DOMAIN, fit(MESSAGE.FROM_DOMAIN, m.from().domain()))
                .set(MESSAGE.SUBJECT, fit(MESSAGE.SUBJECT, m.subject()))
                .set(MESSAGE.MESSAGE_ID, fit(MESSAGE.MESSAGE_ID, m.messageId()))
                .set(MESSAGE.FULL_TEXT, m.fullText())
                .set(MESSAGE.REPLY_TEXT, m.replyText())
                .set(MESSAGE.QUOTED_TEXT, m.quotedText())
                .set(MESSAGE.HTML, m.html())
                .set(MESSAGE.CREATED_AT, m.created())
                .returning(MESSAGE.ID)
                .fetchOne(MESSAGE.ID);
        for (AttachmentInfo a : m.attachments()) {
            db.insertInto(ATTACHMENT)
                    .set(ATTACHMENT.MESSAGE_ID, id)
                    .set(ATTACHMENT.FILENAME, fit(ATTACHMENT.FILENAME, a.filename()))
                    .set(ATTACHMENT.CONTENT_TYPE, fit(ATTACHMENT.CONTENT_TYPE, a.contentType()))
                    .set(ATTACHMENT.SIZE_BYTES, a.size())
                    .set(ATTACHMENT.INLINE_PART, a.inline())
                    .set(ATTACHMENT.SHA256, a.sha256())
                    .set(ATTACHMENT.DROPPED, fit(ATTACHMENT.DROPPED, a.dropped()))
                    .set(ATTACHMENT.CONTENT_ID, fit(ATTACHMENT.CONTENT_ID, a.contentId()))
                    .execute();
        }
        return id;
    }

    /** The conversation, oldest first, with each message's attachments. */
    public List<TicketMessage> messages(TicketId ticket) {
        Map<Long, List<AttachmentInfo>> attachments = new java.util.HashMap<>();
        db.select(ATTACHMENT.fields())
                .from(ATTACHMENT).join(MESSAGE).on(MESSAGE.ID.eq(ATTACHMENT.MESSAGE_ID))
                .where(MESSAGE.TICKET_ID.eq(ticket.value()))
                .orderBy(ATTACHMENT.ID)
                .forEach(r -> attachments.computeIfAbsent(r.get(ATTACHMENT.MESSAGE_ID), k -> new ArrayList<>()).add(toAttachment(r)));
        return db.selectFrom(MESSAGE).where(MESSAGE.TICKET_ID.eq(ticket.value())).orderBy(MESSAGE.ID)
                .fetch(r -> toMessage(r, attachments.getOrDefault(r.getId(), List.of())));
    }

    /** A kept attachment of one of the ticket's messages, by its content hash. */
    public Optional<AttachmentInfo> attachment(TicketId ticket, String sha256) {
        return db.select(ATTACHMENT.fields())
                .from(ATTACHMENT).join(MESSAGE).on(MESSAGE.ID.eq(ATTACHMENT.MESSAGE_ID))
                .where(MESSAGE.TICKET_ID.eq(ticket.value()).and(ATTACHMENT.SHA256.eq(sha256)))
                .limit(1)
                .fetchOptional(TicketStore::toAttachment);
    }

    private static AttachmentInfo toAttachment(org.jooq.Record r) {
        return new AttachmentInfo(r.get(ATTACHMENT.FILENAME), r.get(ATTACHMENT.CONTENT_TYPE), r.get(ATTACHMENT.SIZE_BYTES),
                r.get(ATTACHMENT.INLINE_PART), r.get(ATTACHMENT.SHA256), r.get(ATTACHMENT.DROPPED), r.get(ATTACHMENT.CONTENT_ID));
    }

    // ---- participants

    public void addParticipant(TicketId ticket, Address who) {
        if (!isParticipant(ticket, who.address())) {
            db.insertInto(PARTICIPANT)
                    .set(PARTICIPANT.TICKET_ID, ticket.value())
                    .set(PARTICIPANT.ADDRESS, fit(PARTICIPANT.ADDRESS, who.address()))
                    .set(PARTICIPANT.NAME, fit(PARTICIPANT.NAME, who.name()))
                    .execute();
        }
    }

    public boolean isParticipant(TicketId ticket, String address) {
        return db.fetchExists(PARTICIPANT, PARTICIPANT.TICKET_ID.eq(ticket.value())
                .and(PARTICIPANT.ADDRESS.eq(fit(PARTICIPANT.ADDRESS, address))));
    }

    public List<Address> participants(TicketId ticket) {
        return db.selectFrom(PARTICIPANT).where(PARTICIPANT.TICKET_ID.eq(ticket.value())).orderBy(PARTICIPANT.ADDRESS)
                .fetch(r -> new Address(r.getName(), r.getAddress()));
    }

    // ---- structured fields, licence, sharing

    /** Stores a new ticket's structured fields (name → value, cut to fit). */
    public void setFields(TicketId ticket, Map<String, String> fields) {
        fields.forEach((name, value) -> db.insertInto(TICKET_FIELD).set(TICKET_FIELD.TICKET_ID, ticket.value())
                .set(TICKET_FIELD.NAME, name).set(TICKET_FIELD.FIELD_VALUE, fit(TICKET_FIELD.FIELD_VALUE, value))
                .onConflictDoNothing().execute());
    }

    public Map<String, String> fields(TicketId ticket) {
        return fieldsOf(List.of(ticket)).getOrDefault(ticket.value(), Map.of());
    }

    /** The fields of several tickets, by ticket ID. */
    public Map<String, Map<String, String>> fieldsOf(List<TicketId> tickets) {
        Map<String, Map<String, String>> out = new java.util.HashMap<>();
        if (tickets.isEmpty()) return out;
        db.selectFrom(TICKET_FIELD).where(TICKET_FIELD.TICKET_ID.in(tickets.stream().map(TicketId::value).toList()))
                .orderBy(TICKET_FIELD.TICKET_ID, TICKET_FIELD.NAME)
                .forEach(r -> out.computeIfAbsent(r.getTicketId(), k -> new java.util.LinkedHashMap<>()).put(r.getName(), r.getFieldValue()));
        return out;
    }

    /** The ticket's licence belongs to this directory entry: it is premium. */
    public void linkLicence(TicketId ticket, String customerPattern) {
        db.update(TICKET).set(TICKET.LICENSED_TO, customerPattern).set(TICKET.PREMIUM, true).where(TICKET.ID.eq(ticket.value())).execute();
    }

    public Optional<String> licensedTo(TicketId ticket) {
        return db.select(TICKET.LICENSED_TO).from(TICKET).where(TICKET.ID.eq(ticket.value())).fetchOptional(TICKET.LICENSED_TO);
    }

    /** Records the requester's organisation (see {@link CustomerStore#organisationOf}) and whether it shares the ticket. */
    public void setOrganisation(TicketId ticket, String organisation, boolean shared) {
        db.update(TICKET).set(TICKET.ORGANISATION, organisation).set(TICKET.SHARED, shared).where(TICKET.ID.eq(ticket.value())).execute();
    }

    /** The organisation a ticket is shared with, if it is shared. */
    public Optional<String> sharedWith(TicketId ticket) {
        return db.select(TICKET.ORGANISATION).from(TICKET).where(TICKET.ID.eq(ticket.value()).and(TICKET.SHARED.isTrue()))
                .fetchOptional(TICKET.ORGANISATION);
    }

    /** The display name an address last wrote under (an agent's, for mails that name them). */
    public Optional<String> lastNameOf(String address) {
        return db.select(MESSAGE.FROM_NAME).from(MESSAGE).where(MESSAGE.FROM_ADDRESS.eq(fit(MESSAGE.FROM_ADDRESS, address))
                .and(MESSAGE.FROM_NAME.isNotNull()).and(MESSAGE.FROM_NAME.ne(""))).orderBy(MESSAGE.ID.desc()).limit(1)
                .fetchOptional(MESSAGE.FROM_NAME);
    }

    // ---- side threads (#forward)

    public void addSideParty(TicketId ticket, String address, String addedBy, Instant now) {
        if (isSideParty(ticket, address)) return;
        db.insertInto(SIDE_PARTY).set(SIDE_PARTY.TICKET_ID, ticket.value()).set(SIDE_PARTY.ADDRESS, fit(SIDE_PARTY.ADDRESS, address))
                .set(SIDE_PARTY.ADDED_BY, fit(SIDE_PARTY.ADDED_BY, addedBy)).set(SIDE_PARTY.CREATED_AT, now).execute();
    }

    public boolean isSideParty(TicketId ticket, String address) {
        return db.fetchExists(SIDE_PARTY, SIDE_PARTY.TICKET_ID.eq(ticket.value()).and(SIDE_PARTY.ADDRESS.eq(fit(SIDE_PARTY.ADDRESS, address))));
    }

    // ---- threading

    public void addThreadRef(String messageId, TicketId ticket, Audience audience) {
        String id = fit(THREAD_REF.MESSAGE_ID, messageId);
        if (id != null && !db.fetchExists(THREAD_REF, THREAD_REF.MESSAGE_ID.eq(id))) addNewThreadRef(id, ticket, audience);
    }

    /** A Message-ID Postdesk has just made (random and signed): no other ticket can have it yet. */
    public void addNewThreadRef(String messageId, TicketId ticket, Audience audience) {
        db.insertInto(THREAD_REF)
                .set(THREAD_REF.MESSAGE_ID, fit(THREAD_REF.MESSAGE_ID, messageId))
                .set(THREAD_REF.TICKET_ID, ticket.value())
                .set(THREAD_REF.AUDIENCE, audience.name())
                .execute();
    }

    /**
     * The ticket that the first known of these Message-IDs belongs to (ids in order of preference).
     * Message-IDs are not cut in practice: MessageIds drops one longer than a header line (998),
     * and the column holds 1000. Should one be cut, the lookup cuts it the same way and still matches.
     */
    public Optional<TicketId> findByThreadIds(List<String> messageIds) {
        if (messageIds.isEmpty()) return Optional.empty();
        List<String> ids = messageIds.stream().map(id -> fit(THREAD_REF.MESSAGE_ID, id)).toList();
        Map<String, String> found = new java.util.HashMap<>();
        db.select(THREAD_REF.MESSAGE_ID, THREAD_REF.TICKET_ID).from(THREAD_REF)
                .where(THREAD_REF.MESSAGE_ID.in(ids))
                .forEach(r -> found.put(r.value1(), r.value2()));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).findFirst().map(TicketId::new);
    }

    /** The Message-IDs one side of a ticket has seen, oldest first: the material for References. */
    public List<String> threadIds(TicketId ticket, Audience audience) {
        return db.select(THREAD_REF.MESSAGE_ID).from(THREAD_REF)
                .where(THREAD_REF.TICKET_ID.eq(ticket.value()).and(THREAD_REF.AUDIENCE.eq(audience.name())))
                .orderBy(THREAD_REF.ID)
                .fetch(THREAD_REF.MESSAGE_ID);
    }

    // ---- audit trail

    public void addEvent(TicketId ticket, String kind, String actor, String detail, Instant now) {
        db.insertInto(TICKET_EVENT)
                .set(TICKET_EVENT.TICKET_ID, ticket.value())
                .set(TICKET_EVENT.KIND, kind)
                .set(TICKET_EVENT.ACTOR, fit(TICKET_EVENT.ACTOR, actor))
                .set(TICKET_EVENT.DETAIL, fit(TICKET_EVENT.DETAIL, detail))
                .set(TICKET_EVENT.CREATED_AT, now)
                .execute();
    }

    public List<TicketEvent> events(TicketId ticket) {
        return db.selectFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_ID.eq(ticket.value())).orderBy(TICKET_EVENT.ID)
                .fetch(r -> new TicketEvent(r.getKind(), r.getActor(), r.getDetail(), r.getCreatedAt()));
    }

    // ---- lists for the CLI and the status page

    /** Tickets linked either way: the ones this one follows up and the ones following it up. */
    public List<TicketId> linked(TicketId ticket) {
        List<TicketId> out = new ArrayList<>();
        db.select(TICKET.LINKED_TICKET_ID).from(TICKET).where(TICKET.ID.eq(ticket.value()).and(TICKET.LINKED_TICKET_ID.isNotNull()))
                .forEach(r -> out.add(new TicketId(r.value1())));
        db.select(TICKET.ID).from(TICKET).where(TICKET.LINKED_TICKET_ID.eq(ticket.value())).orderBy(TICKET.CREATED_AT)
                .forEach(r -> out.add(new TicketId(r.value1())));
        return out;
    }

    /** A page of tickets, most recently updated first, optionally by status and matching text. */
    public List<Ticket> list(Status status, String query, int limit, int offset) {
        return db.selectFrom(TICKET).where(filter(status, query))
                .orderBy(TICKET.UPDATED_AT.desc(), TICKET.ID)
                .limit(limit).offset(offset)
                .fetch(TicketStore::toTicket);
    }

    /** An agent's queue: tickets assigned to them or to nobody that are neither resolved nor closed, newest first. */
    public List<Ticket> queueOf(String agent, int limit) {
        return db.selectFrom(TICKET)
                .where(TICKET.STATUS.notIn(Status.CLOSED.name(), Status.RESOLVED.name()))
                .and(TICKET.ASSIGNEE.isNull().or(TICKET.ASSIGNEE.eq(fit(TICKET.ASSIGNEE, agent))))
                .orderBy(TICKET.CREATED_AT.desc(), TICKET.ID).limit(limit).fetch(TicketStore::toTicket);
    }

    /** A requester's tickets that are not closed, most recently updated first. */
    public List<Ticket> openTicketsOf(String requester) {
        return openTicketsOf(requester, Optional.empty());
    }

    /** The same, with the tickets shared with the requester's organisation, if they have one. */
    public List<Ticket> openTicketsOf(String requester, Optional<String> organisation) {
        Condition theirs = TICKET.REQUESTER_ADDRESS.eq(fit(TICKET.REQUESTER_ADDRESS, requester));
        if (organisation.isPresent()) theirs = theirs.or(TICKET.SHARED.isTrue().and(TICKET.ORGANISATION.eq(organisation.get())));
        return db.selectFrom(TICKET).where(theirs.and(TICKET.STATUS.ne(Status.CLOSED.name())))
                .orderBy(TICKET.UPDATED_AT.desc()).limit(100).fetch(TicketStore::toTicket);
    }

    public int count(Status status, String query) {
        return db.fetchCount(TICKET, filter(status, query));
    }

    public Map<Status, Integer> countsByStatus() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        db.select(TICKET.STATUS, DSL.count()).from(TICKET).groupBy(TICKET.STATUS)
                .forEach(r -> counts.put(Status.valueOf(r.value1()), r.value2()));
        return counts;
    }

    private static Condition filter(Status status, String query) {
        Condition c = DSL.trueCondition();
        if (status != null) c = c.and(TICKET.STATUS.eq(status.name()));
        if (query != null && !query.isBlank()) {
            String q = query.strip();
            // a ticket ID is looked up by key, not by scanning every subject for it
            java.util.Optional<TicketId> id = TicketId.parse(q.toUpperCase(Locale.ROOT));
            if (id.isPresent()) return c.and(TICKET.ID.eq(id.get().value()));
            String like = Columns.containing(q);
            c = c.and(TICKET.ID.eq(q.toUpperCase(Locale.ROOT))
                    .or(DSL.lower(TICKET.SUBJECT).like(like, '\\'))
                    .or(DSL.lower(TICKET.REQUESTER_ADDRESS).like(like, '\\'))
                    .or(DSL.lower(TICKET.REQUESTER_NAME).like(like, '\\'))
                    .or(TICKET.ID.in(DSL.select(TICKET_FIELD.TICKET_ID).from(TICKET_FIELD)
                            .where(DSL.lower(TICKET_FIELD.FIELD_VALUE).like(like, '\\')))));
        }
        return c;
    }

    private static Ticket toTicket(TicketRecord r) {
        return new Ticket(
                new TicketId(r.getId()), r.getSubject(),
                new Address(r.getRequesterName(), r.getRequesterAddress()),
                Status.valueOf(r.getStatus()), Priority.valueOf(r.getPriority()),
                r.getCategory(), r.getTicketType(), r.getAssignee(), r.getPlan() == null ? postdesk.config.TicketPolicy.DEFAULT_PLAN : r.getPlan(), r.getPremium(),
                r.getLinkedTicketId() == null ? null : new TicketId(r.getLinkedTicketId()),
                r.getCreatedAt(), r.getUpdatedAt(), r.getMailbox(), r.getLanguage());
    }

    private static TicketMessage toMessage(MessageRecord r, List<AttachmentInfo> attachments) {
        return new TicketMessage(r.getId(), new Address(r.getFromName(), r.getFromAddress()),
                "in".equals(r.getDirection()), r.getInternal(), r.getSubject(), r.getMessageId(),
                r.getFullText(), r.getReplyText(), r.getQuotedText(), r.getHtml(), attachments, r.getCreatedAt());
    }
}
