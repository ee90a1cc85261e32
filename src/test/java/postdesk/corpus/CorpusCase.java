package postdesk.corpus;

import java.io.IOException;
import java.util.List;

/**
 * One case: the raw mail bytes to feed to {@code MailReader} (a corpus file as is, or a corpus
 * body wrapped in a minimal mail) and what the corpus expects of it.
 *
 * @param id    the corpus file path relative to the source folder, or the JSON case id, plus a
 *              variant suffix where one file yields several cases
 * @param notes what was deliberately not checked, and why
 */
record CorpusCase(String source, String id, Input input, Expect expect, List<String> notes) {

    @FunctionalInterface
    interface Input {
        byte[] bytes() throws IOException;
    }
}
