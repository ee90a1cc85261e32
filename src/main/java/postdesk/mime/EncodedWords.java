package postdesk.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) in headers, decoded leniently: words
 * separated only by whitespace are joined (a character may be split across two words), raw
 * 8-bit bytes inside a word (against the RFC, but common) are kept in the word's charset, a
 * missing padding or a wrong charset name does not lose the word, and RFC 2231 language tags
 * ({@code utf-8*en}) are ignored.
 */
final class EncodedWords {
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern GAP = Pattern.compile("[ \\t\\r\\n]*");

    private EncodedWords() {
    }

    static String decode(String value) {
        if (value == null || !value.contains("=?")) return value;
        Matcher m = WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        // runs of adjacent words with the same charset are decoded as one byte sequence
        List<byte[]> run = new ArrayList<>();
        String runCharset = null;
        while (m.find()) {
            String between = value.substring(last, m.start());
            boolean adjacent = runCharset != null && GAP.matcher(between).matches();
            String charset = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\*.*$", "");
            if (!adjacent || !charset.equals(runCharset)) {
                flush(out, run, runCharset);
                if (!adjacent || runCharset == null) out.append(between);
                runCharset = charset;
            }
            run.add(bytes(m.group(2), m.group(3), charset));
            last = m.end();
        }
        flush(out, run, runCharset);
        out.append(value.substring(last));
        return out.toString();
    }

    private static void flush(StringBuilder out, List<byte[]> run, String charset) {
        if (run.isEmpty()) return;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        run.forEach(all::writeBytes);
        run.clear();
        out.append(TextDecoding.decode(all.toByteArray(), charset, new ArrayList<>()));
    }

    private static byte[] bytes(String encoding, String text, String charset) {
        if (encoding.equalsIgnoreCase("B")) {
            String b64 = text.replaceAll("[^A-Za-z0-9+/]", "");
            if (b64.length() % 4 == 1) b64 = b64.substring(0, b64.length() - 1); // a stray character cannot be decoded
            try {
                return Base64.getDecoder().decode(b64 + "==".substring(0, (4 - b64.length() % 4) % 4));
            } catch (IllegalArgumentException e) {
                return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // a raw 8-bit byte the header reader turned into a character: put back the byte it was
                out.writeBytes(String.valueOf(c).getBytes(rawCharset(charset)));
            }
        }
        return out.toByteArray();
    }

    private static Charset rawCharset(String declared) {
        try {
            return Charset.forName(declared);
        } catch (RuntimeException e) {
            return Charset.forName("windows-1252");
        }
    }
}
