package postdesk.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-IDs as Postdesk stores them: the part between the angle brackets, without them. */
public final class MessageIds {
    private static final Pattern BRACKETED = Pattern.compile("<([^<>\\s]+)>");
    private static final int MAX_LENGTH = 998;

    private MessageIds() {
    }

    /** Every {@code <id>} in a header value such as References or In-Reply-To, in order. */
    public static List<String> parseAll(String headerValue) {
        List<String> ids = new ArrayList<>();
        if (headerValue == null) return ids;
        Matcher m = BRACKETED.matcher(headerValue);
        while (m.find()) {
            String id = m.group(1);
            if (id.length() <= MAX_LENGTH && !ids.contains(id)) ids.add(id);
        }
        return ids;
    }

    /** The single ID of a Message-ID header, tolerating a missing pair of brackets. */
    public static String parseOne(String headerValue) {
        if (headerValue == null) return null;
        List<String> all = parseAll(headerValue);
        if (!all.isEmpty()) return all.get(0);
        String bare = headerValue.strip();
        return bare.isEmpty() || bare.length() > MAX_LENGTH || bare.matches(".*[\\s<>].*") ? null : bare;
    }

    public static String bracket(String id) {
        return "<" + id + ">";
    }
}
