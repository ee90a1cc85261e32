package postdesk.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;

    private Mbox index(String content) throws Exception {
        Path file = dir.resolve("archive.mbox");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return Mbox.index(file, NOW);
    }

    private static List<String> texts(Mbox mbox) throws Exception {
        List<String> texts = new java.util.ArrayList<>();
        for (Mbox.Entry e : mbox.entries()) texts.add(new String(mbox.read(e), StandardCharsets.ISO_8859_1));
        return texts;
    }

    @Test
    void splitsOnlyAtSeparatorLinesAfterAnEmptyLineAndUndoesFromEscaping() throws Exception {
        Mbox mbox = index("""
                From alice@customer.test Mon Mar  2 09:00:00 2026
                Subject: one
                Date: Mon, 2 Mar 2026 09:00:00 +0000

                First line
                From the start this was odd (no empty line before: not a separator)

                >From here on, escaped
                >>From twice escaped

                From bob@customer.test Tue Mar  3 10:00:00 2026
                Subject: two
                Date: Tue, 3 Mar 2026 10:00:00 +0000

                Second body
                """);
        assertThat(mbox.size()).isEqualTo(2);
        List<String> texts = texts(mbox);
        assertThat(texts.get(0)).startsWith("Subject: one\n")
                .contains("From the start this was odd")
                .contains("\nFrom here on, escaped\n>From twice escaped\n")
                .endsWith("twice escaped\n"); // the empty line before the next separator is the mbox's
        assertThat(texts.get(1)).isEqualTo("Subject: two\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n\nSecond body\n");
    }

    @Test
    void readsCrlfArchives() throws Exception {
        Mbox mbox = index("From a@x.test Mon Mar  2 09:00:00 2026\r\nSubject: a\r\n\r\nbody a\r\n\r\n"
                + "From b@x.test Mon Mar  2 09:05:00 2026\r\nSubject: b\r\n\r\nbody b\r\n");
        assertThat(texts(mbox)).containsExactly("Subject: a\r\n\r\nbody a\r\n", "Subject: b\r\n\r\nbody b\r\n");
    }

    @Test
    void datesComeFromTheHeaderThenTheSeparatorThenTheMailBeforeAndNeverLieInTheFuture() throws Exception {
        Mbox mbox = index("""
                From x@x.test Thu Jan  1 00:00:00 1970
                Subject: header wins
                Date: Wed, 4 Mar 2026 10:15:00 +0100

                a

                From x@x.test Thu Mar  5 08:00:00 2026
                Subject: no Date header: the separator's

                b

                From x@x.test at 12:00 on no particular day
                Subject: no date at all: the one before

                c

                From x@x.test Fri Jan  1 00:00:00 2100
                Subject: future
                Date: Fri, 1 Jan 2100 00:00:00 +0000

                d

                From 1500000000@xxx Mon Mar 02 07:00:00 +0000 2026
                Subject: written first, stored last (Gmail's separator, with a zone)

                e
                """);
        assertThat(mbox.entries()).extracting(Mbox.Entry::date).containsExactly(
                Instant.parse("2026-03-04T09:15:00Z"),
                Instant.parse("2026-03-05T08:00:00Z"),
                Instant.parse("2026-03-05T08:00:00Z"),
                NOW,
                Instant.parse("2026-03-02T07:00:00Z"));
    }

    @Test
    void aContentLengthThatFitsKeepsAnUnescapedFromLineInTheBodyAndOneThatDoesNotIsIgnored() throws Exception {
        String body = "Hours:\n\nFrom Mon Mar  2 09:00 to 17:00 only.\n";
        Mbox mbox = index("From a@x.test  Mon Mar  2 09:00:00 2026\nSubject: a\nContent-Length: " + body.length() + "\n\n" + body
                + "\nFrom b@x.test  Mon Mar  2 10:00:00 2026\nSubject: b\nContent-Length: 40\n\nshort\n"
                + "\nFrom c@x.test  Mon Mar  2 11:00:00 2026\nSubject: c\n\nthe stale length of b ends in here\n");
        assertThat(texts(mbox)).containsExactly(
                "Subject: a\nContent-Length: " + body.length() + "\n\n" + body,
                "Subject: b\nContent-Length: 40\n\nshort\n",
                "Subject: c\n\nthe stale length of b ends in here\n");
    }

    @Test
    void theMailStoresFolderDataEntryIsNotMail() throws Exception {
        Mbox mbox = index("""
                From MAILER_DAEMON  Sun Nov 22 03:44:37 2026
                Date: Sun, 22 Nov 2026 03:44:37 +0000
                From: Mail System Internal Data <MAILER-DAEMON@vm>
                Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA
                X-IMAP: 1795300585 0000000293
                Status: RO

                This text is part of the internal format of your mail folder.

                From alice@customer.test  Sat Nov 21 22:47:24 2026
                Subject: real

                body
                """);
        assertThat(texts(mbox)).containsExactly("Subject: real\n\nbody\n");
    }

    @Test
    void aFileThatIsNotAnMboxIsRefusedWithItsName() {
        assertThatThrownBy(() -> index("Subject: a single .eml\n\nbody\n"))
                .isInstanceOf(Mbox.NotMboxException.class)
                .hasMessageContaining("archive.mbox is not an mbox file");
    }

    @Test
    void anEmptyFileHoldsNoMail() throws Exception {
        assertThat(index("\n\n").size()).isZero();
    }
}
