package postdesk.store;

import org.jooq.DataType;
import org.jooq.Field;

/**
 * Text from mail made to fit the column it is bound to, so a long name, subject or header never
 * makes a mail unprocessable. The limit is the one jOOQ generated from {@code sql/}, so it cannot
 * drift from the DDL; an unbounded column (TEXT) takes any value. Lookups of a column that holds
 * cut values cut their argument the same way, so they still match.
 * <p>
 * Addresses are cut too, safely: 320 holds every address {@code Address.isDeliverable} accepts
 * (64 + 1 + 253), and the first 320 characters of a longer one still have a local part over 64 or
 * a domain over 253, so a cut address is never mailed and never becomes somebody else's.
 * A recipient list is not cut but unbounded (V9): cut, it would lose a recipient.
 */
final class Columns {
    private Columns() {
    }

    /**
     * {@code value} cut to {@code column}'s length, never between the two halves of a surrogate
     * pair; null stays null. The length is counted in UTF-16 units as H2 counts it; PostgreSQL counts
     * code points, which are never more.
     */
    static String fit(Field<String> column, String value) {
        DataType<String> type = column.getDataType();
        if (value == null || !type.lengthDefined() || value.length() <= type.length()) return value;
        int end = type.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) end--;
        return value.substring(0, end);
    }

    /** A LIKE pattern (escaped with a backslash) for text containing {@code value} literally, in lower case. */
    static String containing(String value) {
        return "%" + value.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
