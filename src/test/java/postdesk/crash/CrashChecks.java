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
}
