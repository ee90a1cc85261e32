package postdesk.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure helpers of the outbox worker: retry spacing and telling permanent from temporary refusals. */
class OutboxWorkerTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @ParameterizedTest
    @CsvSource({"1, 30000", "2, 60000", "3, 120000", "4, 240000", "5, 480000", "6, 960000", "7, 1920000",
            "8, 3600000", "9, 3600000", "30, 3600000", "1000, 3600000", "2147483647, 3600000"})
    void backoffDoublesFrom30sAndIsCappedAtOneHourWithin20PercentJitter(int attempt, long baseMillis) {
        Random random = new Random(1234);
        for (int i = 0; i < 500; i++) {
            Duration d = OutboxWorker.backoff(attempt, random);
            assertThat(d).isBetween(ms((long) (baseMillis * 0.8)), ms((long) (baseMillis * 1.2)));
        }
    }

    @Test
    void backoffJitterSpreadsOverTheWholeRange() {
        Random random = new Random(99);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long d = OutboxWorker.backoff(1, random).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(25_000);
        assertThat(max).isGreaterThan(35_000);
    }

    @Test
    void backoffNeverExceedsOneHourPlus20Percent() {
        Random random = new Random(5);
        for (int attempt = 1; attempt < 100; attempt++) {
            assertThat(OutboxWorker.backoff(attempt, random)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(72));
        }
    }

    @Test
    void backoffIsDeterministicForASeed() {
        Random a = new Random(42);
        Random b = new Random(42);
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(OutboxWorker.backoff(attempt, a)).isEqualTo(OutboxWorker.backoff(attempt, b));
        }
    }

    @Test
    void backoffGrowsMonotonicallyBeforeTheCapIgnoringJitter() {
        // with a fixed jitter factor (a Random that always says 0.5) the series is exact
        Random half = new Random() {
            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
        assertThat(OutboxWorker.backoff(1, half)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OutboxWorker.backoff(2, half)).isEqualTo(Duration.ofMinutes(1));
        assertThat(OutboxWorker.backoff(3, half)).isEqualTo(Duration.ofMinutes(2));
        assertThat(OutboxWorker.backoff(7, half)).isEqualTo(Duration.ofMinutes(32));
        assertThat(OutboxWorker.backoff(8, half)).isEqualTo(Duration.ofHours(1));
    }

    private static InternetAddress addr(String a) {
        try {
            return new InternetAddress(a);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static SMTPAddressFailedException rcpt(String address, int code) {
        return new SMTPAddressFailedException(addr(address), "RCPT TO:<" + address + ">", code, code + " 5.1.1 refused");
    }

    private static SMTPSendFailedException send(String cmd, int code, Exception next) {
        return new SMTPSendFailedException(cmd, code, code + " refused", next, new Address[0], new Address[0],
                new Address[] {addr("bob@example.com")});
    }

    @ParameterizedTest
    @ValueSource(ints = {550, 551, 552, 553, 554})
    void permanentRecipientRefusal(int code) {
        assertThat(OutboxWorker.isPermanent(rcpt("bob@example.com", code))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {421, 450, 451, 452})
    void temporaryRecipientRefusal(int code) {
        assertThat(OutboxWorker.isPermanent(rcpt("bob@example.com", code))).isFalse();
    }

    @Test
    void permanentSendFailure() {
        assertThat(OutboxWorker.isPermanent(send("DATA", 554, null))).isTrue();
        assertThat(OutboxWorker.isPermanent(send("MAIL FROM", 550, null))).isTrue();
    }

    @Test
    void temporarySendFailure() {
        assertThat(OutboxWorker.isPermanent(send("DATA", 451, null))).isFalse();
        assertThat(OutboxWorker.isPermanent(send("MAIL FROM", 421, null))).isFalse();
    }

    @Test
    void everyChainedRecipientRefusedPermanently() {
        SMTPAddressFailedException first = rcpt("bob@example.com", 550);
        first.setNextException(rcpt("carol@example.com", 553));
        SendFailedException top = new SendFailedException("Invalid Addresses", first);
        assertThat(OutboxWorker.isPermanent(top)).isTrue();
    }

    @Test
    void oneTemporaryRefusalInTheChainMeansRetry() {
        SMTPAddressFailedException first = rcpt("bob@example.com", 550);
        first.setNextException(rcpt("carol@example.com", 452));
        assertThat(OutboxWorker.isPermanent(new SendFailedException("Invalid Addresses", first))).isFalse();
        assertThat(OutboxWorker.isPermanent(send("DATA", 554, rcpt("carol@example.com", 450)))).isFalse();
    }

    @Test
    void exceptionsWithoutAnSmtpCodeAreTemporary() {
        assertThat(OutboxWorker.isPermanent(new MessagingException("connection reset"))).isFalse();
        assertThat(OutboxWorker.isPermanent(new SendFailedException("Invalid Addresses"))).isFalse();
        assertThat(OutboxWorker.isPermanent(new MessagingException("wrapped", new java.io.IOException("io")))).isFalse();
    }

    @Test
    void codeFoundDeepInTheChain() {
        MessagingException top = new MessagingException("outer");
        top.setNextException(new SendFailedException("Invalid Addresses", rcpt("bob@example.com", 550)));
        assertThat(OutboxWorker.isPermanent(top)).isTrue();
    }
}
