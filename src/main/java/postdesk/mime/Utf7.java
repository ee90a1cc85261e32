package postdesk.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 2152 UTF-7 (still sent by a few old clients); the JDK has no decoder for it. Lenient: a
 * {@code +} that does not start a well-formed shifted run ("1+1=2", "C++", a {@code +} at the
 * end) is the character itself, as people type it, never a character lost.
 */
final class Utf7 {
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private Utf7() {
    }

    static String decode(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '+') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            if (j < s.length() && s.charAt(j) == '-') { // "+-" is a plain '+'
                out.append('+');
                i = j + 1;
                continue;
            }
            ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
            int bits = 0;
            int buffer = 0;
            while (j < s.length() && B64.indexOf(s.charAt(j)) >= 0) {
                buffer = (buffer << 6) | B64.indexOf(s.charAt(j));
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    utf16.write((buffer >> bits) & 0xff);
                }
                j++;
            }
            // well formed: whole UTF-16 units, and only the zero bits that pad the last one (RFC 2152)
            boolean shifted = utf16.size() >= 2 && utf16.size() % 2 == 0 && bits < 6 && (buffer & ((1 << bits) - 1)) == 0;
            if (!shifted) {
                out.append('+'); // literal: what follows is read as text again
                i++;
                continue;
            }
            out.append(new String(utf16.toByteArray(), StandardCharsets.UTF_16BE));
            if (j < s.length() && s.charAt(j) == '-') j++; // the '-' only ends the run
            i = j;
        }
        return out.toString();
    }
}
