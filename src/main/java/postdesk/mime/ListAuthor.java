package postdesk.mime;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import postdesk.mail.Address;

/**
 * Undoes the From rewriting of mailing lists that protect DMARC ("Jane Roe via Users"
 * &lt;users@lists.example&gt;, Mailman's munge_from, Google Groups): the author is the person,
 * found in X-Original-From, else a Reply-To or Cc mailbox carrying the same name. Only a
 * rewritten display name on a mail that shows a list (List-Id, List-Post, X-Original-From) is
 * undone; any other From stays as it is.
 */
final class ListAuthor {
    private ListAuthor() {
    }

    /** "Jane Roe via Users", "'Jane Roe' via Group", "Jane Roe über Liste", "Jane Roe через Группа". */
    private static final Pattern VIA = Pattern.compile(
            "^['\"]?(.+?)['\"]?\\s+(?:via|über|через|par|por|tramite|przez|kautta)\\s+\\S.*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    static Address author(Address from, Function<String, String> header, Function<String, List<Address>> addresses) {
        Matcher m = VIA.matcher(from.name());
        if (!m.matches()) return from;
        String original = header.apply("x-original-from");
        if (original == null && header.apply("list-id") == null && header.apply("list-post") == null) return from;
        String name = m.group(1).strip();
        if (original != null) {
            for (Address a : addresses.apply(original)) {
                if (!a.address().isEmpty()) return new Address(a.name().isEmpty() ? name : a.name(), a.address());
            }
        }
        for (String field : List.of("reply-to", "cc")) {
            String value = header.apply(field);
            if (value == null) continue;
            for (Address a : addresses.apply(value)) {
                if (!a.address().equals(from.address()) && sameName(a.name(), name)) return a;
            }
        }
        return from;
    }

    private static boolean sameName(String a, String b) {
        return normal(a).equals(normal(b)) && !normal(a).isEmpty();
    }

    private static String normal(String s) {
        return s.replaceAll("['\"]", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
