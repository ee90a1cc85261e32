package postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf7Test {
    @Test
    void shiftedRunsDecode() {
        assertThat(Utf7.decode("Hi +AOk-t+AOk-")).isEqualTo("Hi été");
        assertThat(Utf7.decode("A+ImIDkQ.")).isEqualTo("A\u2262\u0391."); // RFC 2152's example, ended by a non-base64 char
        assertThat(Utf7.decode("+ZeVnLIqe-")).isEqualTo("日本語");
        assertThat(Utf7.decode("+2D3eAA-")).isEqualTo("\uD83D\uDE00"); // a surrogate pair
    }

    @Test
    void aPlusThatStartsNoWellFormedRunIsLiteral() {
        assertThat(Utf7.decode("1+1=2 and C++")).isEqualTo("1+1=2 and C++");
        assertThat(Utf7.decode("a stray + at the end +")).isEqualTo("a stray + at the end +");
        assertThat(Utf7.decode("+-")).isEqualTo("+");
        assertThat(Utf7.decode("1 +- 1")).isEqualTo("1 + 1");
        assertThat(Utf7.decode("call +49 30 1234")).isEqualTo("call +49 30 1234");
        assertThat(Utf7.decode("x+ABC y")).isEqualTo("x+ABC y"); // bits left over that are not zero
    }

    @Test
    void decodedThroughTheDeclaredCharset() {
        assertThat(TextDecoding.decode("1+1=2 and C++, +AOk-t+AOk-".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "utf-7",
                new java.util.ArrayList<>())).isEqualTo("1+1=2 and C++, été");
    }
}
