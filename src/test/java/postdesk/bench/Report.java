package postdesk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A benchmark's figures: labelled lines, percentile rows, machine and memory facts; printed and written to a file. */
final class Report {
    private final StringBuilder out = new StringBuilder();

    Report(String title) {
        out.append("==== Postdesk ").append(title).append(", ").append(Instant.now()).append(" ====\n");
    }

    void machine() {
        line("machine", "%d CPUs, %s", Runtime.getRuntime().availableProcessors(), cpuModel());
        line("java", "%s %s (%s), max heap %d MB, GC %s", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().maxMemory() / 1048576,
                String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList()));
        line("os", "%s %s %s", System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        line("jvm args", "%s", args.isEmpty() ? "(none)" : String.join(" ", args));
    }

    /** The text of the first line with this label (for quoting one figure elsewhere). */
    String get(String label) {
        String prefix = String.format(Locale.ROOT, "  %-16s ", label);
        return out.toString().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElse("?");
    }

    void section(String title) {
        out.append('\n').append(title).append('\n');
    }

    void line(String label, String format, Object... args) {
        out.append(String.format(Locale.ROOT, "  %-16s %s%n", label, String.format(Locale.ROOT, format, args)));
    }

    void percentiles(String label, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        out.append(String.format(Locale.ROOT, "  %-16s %-28s %8s %8s %8s %8s %8s %8s%n", "", label,
                msf(s[0]), msf(rank(s, 50)), msf(rank(s, 90)), msf(rank(s, 99)), msf(s[s.length - 1]), msf((long) mean)));
    }

    /** Nearest-rank percentile. */
    private static long rank(long[] sorted, double p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, k - 1))];
    }

    private static String msf(long nanos) {
        return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }

    void memory(String when) {
        MemoryUsage before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.gc();
        System.gc();
        MemoryUsage after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        line("heap " + when, "%.1f MB used after GC (%.1f MB before GC), %.1f MB committed, %.0f MB max",
                after.getUsed() / 1048576.0, before.getUsed() / 1048576.0, after.getCommitted() / 1048576.0,
                after.getMax() / 1048576.0);
    }

    void rss() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            String hwm = field(status, "VmHWM:"), rss = field(status, "VmRSS:"), threads = field(status, "Threads:");
            line("process RSS", "peak (VmHWM) %s, now (VmRSS) %s, %s threads", hwm, rss, threads);
        } catch (IOException e) {
            line("process RSS", "n/a (%s)", e.toString());
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).strip()).findFirst().orElse("?");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    void print(Path file) throws IOException {
        String text = out.toString();
        System.out.println();
        System.out.print(text);
        System.out.println();
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
