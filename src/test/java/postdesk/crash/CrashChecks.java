package postdesk.crash;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;

/** What the crash tests share: the customers' questions they load, the first recipient of a mail sent, a count from the database. */
final class CrashChecks {
    private CrashChecks() {
    }

    /** Customer {@code i}'s question to {@code to}: a plain-text mail with a Message-ID of its own. */
    static String question(String to, int i) {
        String n = String.format("%04d", i);
        return "From: Customer " + n + " <customer" + n + "@customers.test>\r\nTo: " + to + "\r\n"
                + "Subject: Crash test question " + n + "\r\nMessage-ID: <crash-" + n + "." + to + ">\r\n"
                + "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Question number " + n + ": the printer is on fire.\r\n";
    }

    static String recipient(Message m) {
        try {
            return ((InternetAddress) m.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * Rows each index of an H2 schema finds that its table does not, or the other way round, as
     * "table.index: table N, index M" (empty when every index agrees). A kill can leave an index
     * out of step with its table while the file still opens: H2 2.5.252 did, in a kill loop.
     */
    static java.util.List<String> indexesOutOfStep(Connection c) throws Exception {
        java.util.List<String> wrong = new java.util.ArrayList<>();
        java.util.List<String[]> indexes = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT i.table_name, i.index_name, c.column_name"
                + " FROM information_schema.indexes i JOIN information_schema.index_columns c ON c.index_schema = i.index_schema"
                + " AND c.index_name = i.index_name AND c.ordinal_position = 1 WHERE i.table_schema = CURRENT_SCHEMA")) {
            while (r.next()) indexes.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
        }
        for (String[] i : indexes) {
            String table = '"' + i[0] + '"';
            String column = '"' + i[2] + '"';
            long rows = one(c, "SELECT COUNT(*) FROM " + table);
            // a condition on the index's first column makes H2 walk that index, not the table's row count
            long index = one(c, "SELECT COUNT(*) FROM " + table + " USE INDEX (\"" + i[1] + "\") WHERE " + column + " IS NOT NULL OR "
                    + column + " IS NULL");
            if (rows != index) wrong.add(i[0] + "." + i[1] + ": table " + rows + ", index " + index);
        }
        if (indexes.isEmpty()) wrong.add("no index found: the check itself is broken");
        return wrong;
    }
}
