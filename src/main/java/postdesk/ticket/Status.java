package postdesk.ticket;

/** The fixed core set of ticket statuses (PRODUCT.md section 2). */
public enum Status {
    OPEN, IN_PROGRESS, AWAITING_CUSTOMER, ON_HOLD, RESOLVED, CLOSED
}
