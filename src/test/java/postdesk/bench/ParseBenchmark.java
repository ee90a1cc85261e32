package postdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import postdesk.reading.MailReader;
import postdesk.reading.Reading;

/**
 * Parse throughput of the code behind {@code parse} and the daemon's reading half (parse,
 * classify, extract, bounce): the whole shared corpus, and a 30 MB mail, in MB/s and mails/s,
 * with the peak heap. Run with {@code mvn -B -Pbench verify -Dtest=ParseBenchmark}.
 */
@Tag("benchmark")
class ParseBenchmark {
    private static final int ROUNDS = 5;

    @Test
    void corpusAndLargeMail() throws Exception {
        Path corpus = Path.of(System.getProperty("postdesk.shared", "../shared"), "mail-corpus");
        assumeTrue(Files.isDirectory(corpus), "the shared mail corpus is not at " + corpus);
        List<byte[]> mails = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path p : files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(eml|box|msg|txt)$") && !p.getFileName().toString().startsWith("README"))
                    .sorted().toList()) {
                mails.add(Files.readAllBytes(p));
            }
        }
        long bytes = mails.stream().mapToLong(m -> m.length).sum();
        MailReader reader = new MailReader();
        for (byte[] m : mails) reader.read(m); // warm-up round
        resetPeaks();
        long start = System.nanoTime();
        int read = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (byte[] m : mails) {
                Reading result = reader.read(m);
                if (result.kind() != null) read++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(read).isEqualTo(mails.size() * ROUNDS);
        String corpusLine = String.format(Locale.ROOT,
                "corpus     %d files, %.2f MB, %d rounds: %.1f mails/s, %.1f MB/s, peak heap %.0f MB",
                mails.size(), bytes / 1e6, ROUNDS, read / seconds, bytes * ROUNDS / 1e6 / seconds, peakHeapMb());

        byte[] big = thirtyMegabyteMail();
        reader.read(big);
        System.gc();
        resetPeaks();
        long heapBefore = usedHeap();
        start = System.nanoTime();
        Reading bigRead = reader.read(big);
        seconds = (System.nanoTime() - start) / 1e9;
        assertThat(bigRead.mail().attachments()).hasSize(1);
        String bigLine = String.format(Locale.ROOT,
                "30 MB mail %.1f MB raw (base64 attachment of 22 MB): %.2f s, %.1f MB/s, heap before %.0f MB, peak %.0f MB",
                big.length / 1e6, seconds, big.length / 1e6 / seconds, heapBefore / 1e6, peakHeapMb());

        String report = "Parse benchmark (MailReader: parse + classify + extract + bounce; attachments hashed, not stored)\n"
                + "  " + corpusLine + "\n  " + bigLine + "\n  JVM " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, max heap " + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB\n";
        System.out.print(report);
        Path out = Path.of("target", "bench", "parse.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static byte[] thirtyMegabyteMail() {
        byte[] payload = new byte[22 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("From: Alice <alice@customer.test>\r\nTo: support@helpdesk.test\r\nSubject: big\r\n"
                + "Message-ID: <big@customer.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nThe dump.\r\n--b\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=dump.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Base64.getMimeEncoder().encode(payload));
        out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak / 1e6;
    }

    private static long usedHeap() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }
}
