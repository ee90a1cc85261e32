package postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import postdesk.mime.AttachmentSink;

class AttachmentFilesTest {
    @TempDir
    Path dir;

    static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code content} through {@code sink} and returns its hash. */
    static String put(AttachmentSink sink, String content) throws Exception {
        AttachmentSink.Upload u = sink.begin();
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        u.write(b, 0, b.length);
        String sha = sha256(content);
        u.commit(sha);
        return sha;
    }

    private int files(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return (int) s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aMailNotStoredTakesOnlyTheFilesItCreated() throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        String before = put(store, "stored with an earlier mail");
        String created;
        try (AttachmentSink.Batch mail = store.batch()) {
            assertThat(put(mail, "stored with an earlier mail")).isEqualTo(before);
            created = put(mail, "new with this mail");
            assertThat(store.pathOf(created)).exists();
        } // not kept
        assertThat(store.pathOf(before)).exists();
        assertThat(store.pathOf(created)).doesNotExist();
        assertThat(files(dir)).isEqualTo(1);
    }

    @Test
    void aStoredMailKeepsItsFiles() throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        String sha;
        try (AttachmentSink.Batch mail = store.batch()) {
            sha = put(mail, "kept");
            mail.keep();
        }
        assertThat(store.pathOf(sha)).exists();
    }

    /**
     * Two mails being read carry the same new file; the first is given up while the second is
     * still being read. The file is gone only if the second is given up too.
     */
    private boolean sharedFileSurvives(boolean secondStored) throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        AttachmentSink.Batch given = store.batch();
        AttachmentSink.Batch second = store.batch();
        String content = "the same file in two mails, the second stored: " + secondStored;
        String sha = put(given, content);
        put(second, content);
        given.close();
        assertThat(store.pathOf(sha)).exists();
        if (secondStored) second.keep();
        second.close();
        return Files.exists(store.pathOf(sha));
    }

    @Test
    void aFileCreatedForOneMailStaysWhileAnotherMailUsesIt() throws Exception {
        assertThat(sharedFileSurvives(true)).isTrue();
        assertThat(sharedFileSurvives(false)).isFalse();
    }

    @Test
    void aClosedBatchWritesNothingMore() throws Exception {
        AttachmentFiles store = new AttachmentFiles(dir);
        AttachmentSink.Batch mail = store.batch();
        AttachmentSink.Upload open = mail.begin();
        mail.close();
        assertThatThrownBy(() -> open.write(new byte[] {1}, 0, 1)).isInstanceOf(IOException.class).hasMessageContaining("given up");
        open.abort();
        assertThatThrownBy(mail::begin).isInstanceOf(IOException.class).hasMessageContaining("given up");
        assertThat(files(dir)).isZero(); // not even a temporary file
    }
}
