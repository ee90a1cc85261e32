package postdesk.health;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The daemon's counters, exposed at {@code /metrics} in Prometheus text format (names prefixed {@code postdesk_}). */
public final class Metrics {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Metrics.class);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final java.util.List<Supplier<String>> appended = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final Counter fetched = counter("postdesk.mails.fetched", "mails read from the mailbox");
    public final Counter processed = counter("postdesk.mails.processed", "mails committed to a ticket (or ignored as Postdesk's own)");
    public final Counter duplicates = counter("postdesk.mails.duplicate", "mails recognised as already processed");
    public final Counter quarantined = counter("postdesk.mails.quarantined", "mails that could not be processed and were quarantined");
    public final Counter sent = counter("postdesk.mails.sent", "outbound mails accepted by the SMTP server");
    public final Counter retried = counter("postdesk.mails.retried", "outbound delivery attempts that failed and will be retried");
    public final Counter bounced = counter("postdesk.mails.bounced", "outbound mails refused permanently");
    public final Timer imapFetch = Timer.builder("postdesk.imap.fetch").description("time to fetch one mail's bytes from the IMAP server")
            .register(registry);

    /**
     * Time spent in one step of ingesting a batch: {@code fetch} (IMAP), {@code read} (parse,
     * classify, extract), {@code apply} (the transaction), {@code barrier} (making it durable),
     * {@code move} (flag and move on the server).
     */
    public void ingestStep(String step, long nanos) {
        Timer.builder("postdesk.ingest.step").description("time spent in one step of ingesting mail, per batch")
                .tag("step", step).register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String help) {
        return Counter.builder(name).description(help).register(registry);
    }

    public void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).register(registry);
    }

    /** A gauge of one mailbox, labelled {@code mailbox="NAME"}. */
    public void gauge(String name, String help, String mailbox, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).tag("mailbox", mailbox).register(registry);
    }

    /**
     * Adds exposition text written elsewhere (metrics read from the database at scrape time, with
     * label values not known in advance). A source that fails is left out of that scrape.
     */
    public void append(Supplier<String> exposition) {
        appended.add(exposition);
    }

    public String scrape() {
        StringBuilder out = new StringBuilder(registry.scrape());
        for (Supplier<String> source : appended) {
            try {
                String text = source.get();
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
                out.append(text);
            } catch (RuntimeException e) {
                log.warn("a metrics source failed, left out of this scrape: {}", e.toString());
            }
        }
        return out.toString();
    }
}
