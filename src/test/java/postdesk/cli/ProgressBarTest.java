package postdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import postdesk.daemon.ManualClock;

class ProgressBarTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final StringWriter written = new StringWriter();

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAtMostFiveTimesASecondAndEndsWithANewline() {
        ProgressBar bar = new ProgressBar(new PrintWriter(written), true, clock);
        clock.advance(Duration.ofSeconds(1));
        bar.advanced(10, 40);
        bar.advanced(11, 40); // 0 ms later: not redrawn
        clock.advance(Duration.ofSeconds(1));
        bar.advanced(20, 40);
        clock.advance(Duration.ofMillis(10));
        bar.advanced(40, 40); // the last one always
        assertThat(written.toString()).isEqualTo(
                "\r[#######-----------------------] 10/40 25% 10 mails/s, 3 s left"
                        + "\r[###############---------------] 20/40 50% 10 mails/s, 2 s left"
                        + "\r[##############################] 40/40 100% 20 mails/s\n");
    }

    @Test
    void intoAFileItWritesALinePerTenth() {
        ProgressBar bar = new ProgressBar(new PrintWriter(written), false, clock);
        for (int i = 1; i <= 100; i++) {
            clock.advance(Duration.ofMillis(10));
            bar.advanced(i, 100);
        }
        assertThat(written.toString().lines()).hasSize(10)
                .first().isEqualTo("[###---------------------------] 10/100 10% 100 mails/s, 1 s left");
        assertThat(written.toString().lines()).last().isEqualTo("[##############################] 100/100 100% 100 mails/s");
    }
}
