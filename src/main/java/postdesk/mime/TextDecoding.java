package postdesk.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Bytes to text when the declared charset may be wrong, missing or unknown: the declared charset
 * if the bytes are valid in it, else UTF-8 if they are valid UTF-8, else a guess between the
 * 8-bit charsets mail most often comes in unlabelled (windows-1252, KOI8-R, windows-1251), so no
 * mail is ever unreadable. UTF-7, which the JDK lacks, is decoded here.
 */
final class TextDecoding {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    private static final Charset KOI8_R = Charset.forName("KOI8-R");

    private TextDecoding() {
    }

    static String decode(byte[] bytes, String declared, List<String> warnings) {
        if (declared != null && declared.strip().replace("\"", "").toLowerCase(Locale.ROOT).matches("(unicode-1-1-)?utf-7")) {
            return Utf7.decode(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        Charset charset = lookup(declared);
        if (declared != null && charset == null) {
            warnings.add("unknown charset '" + declared + "', guessed");
        }
        // US-ASCII is the default for unlabelled text, but 8-bit mail often is UTF-8 in practice
        if (charset != null && charset != StandardCharsets.US_ASCII) {
            String strict = strict(bytes, charset);
            if (strict != null) return strict;
        }
        String utf8 = strict(bytes, StandardCharsets.UTF_8);
        if (utf8 != null) return utf8;
        if (charset != null && charset != StandardCharsets.US_ASCII && !charset.equals(StandardCharsets.UTF_8)) {
            warnings.add("text is not valid " + charset.name() + ", decoded leniently");
            return new String(bytes, charset);
        }
        return new String(bytes, guess8bit(bytes));
    }

    /**
     * Unlabelled 8-bit text: a Western word has a few accented letters among ASCII ones ("café");
     * a Cyrillic word is all high bytes. Only words holding high bytes are weighed, so a short
     * Cyrillic file name in a long ASCII header ("filename=отчет.doc") is still seen as
     * Cyrillic. Of the two Cyrillic code pages, lower-case letters (most of any text) sit at
     * 0xC0-0xDF in KOI8-R and at 0xE0-0xFF in windows-1251.
     */
    static Charset guess8bit(byte[] bytes) {
        int high = 0;
        int asciiLetters = 0;
        int c0df = 0;
        int e0ff = 0;
        int wordHigh = 0;
        int wordLetters = 0;
        for (int i = 0; i <= bytes.length; i++) {
            int u = i < bytes.length ? bytes[i] & 0xff : ' ';
            if (u >= 0x80) {
                wordHigh++;
                if (u >= 0xC0 && u <= 0xDF) c0df++;
                if (u >= 0xE0) e0ff++;
            } else if (Character.isLetter(u)) {
                wordLetters++;
            } else {
                if (wordHigh > 0) {
                    high += wordHigh;
                    asciiLetters += wordLetters;
                }
                wordHigh = 0;
                wordLetters = 0;
            }
        }
        if (high < 2 || high <= asciiLetters) return WINDOWS_1252;
        return c0df > e0ff ? KOI8_R : WINDOWS_1251;
    }

    private static Charset lookup(String name) {
        if (name == null || name.isBlank()) return null;
        String n = name.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        // common mislabels: Windows code pages under ISO names, and GB2312 content that is really GBK
        if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("ascii") || n.equals("us-ascii")) {
            n = n.startsWith("iso") || n.equals("latin1") ? "windows-1252" : "us-ascii";
        } else if (n.equals("gb2312")) {
            n = "gbk";
        }
        try {
            return Charset.forName(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String strict(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
