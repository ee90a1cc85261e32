package postdesk.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import postdesk.retention.RetentionPolicy.Cutoff;
import postdesk.retention.RetentionPolicy.Mode;

class RetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2028-06-01T12:00:00Z");

    @Test
    void eachPlanHasItsPeriodAndStarCoversTheOthers() {
        RetentionPolicy p = RetentionPolicy.parse("free=1y, * = 2y, Gold=30d", Mode.ERASE);
        assertThat(p.periodOf("free")).contains(Duration.ofDays(365));
        assertThat(p.periodOf("gold")).contains(Duration.ofDays(30));
        assertThat(p.periodOf("GOLD")).contains(Duration.ofDays(30));
        assertThat(p.periodOf("silver")).contains(Duration.ofDays(730));
        assertThat(p.cutoffs(NOW)).containsExactly(
                new Cutoff("free", NOW.minus(Duration.ofDays(365))),
                new Cutoff("gold", NOW.minus(Duration.ofDays(30))),
                new Cutoff("*", NOW.minus(Duration.ofDays(730))));
    }

    @Test
    void whatBelongsToNoTicketFollowsTheShortestPeriod() {
        assertThat(RetentionPolicy.parse("free=1y, *=2y, trial=2w", Mode.ERASE).unattachedCutoff(NOW)).contains(NOW.minus(Duration.ofDays(14)));
        assertThat(RetentionPolicy.parse("*=90d", Mode.ERASE).unattachedCutoff(NOW)).contains(NOW.minus(Duration.ofDays(90)));
        assertThat(RetentionPolicy.parse("off", Mode.ERASE).unattachedCutoff(NOW)).isEmpty();
    }

    @Test
    void aTicketExpiresOnlyAfterItsWholePeriod() {
        RetentionPolicy p = RetentionPolicy.parse("free=1y", Mode.ERASE);
        Instant closed = NOW.minus(Duration.ofDays(365));
        assertThat(p.expired("free", closed, NOW)).isFalse(); // exactly the period: kept
        assertThat(p.expired("free", closed.minusSeconds(1), NOW)).isTrue();
        assertThat(p.expired("free", NOW.minus(Duration.ofDays(10)), NOW)).isFalse();
    }

    @Test
    void withoutStarUnnamedPlansAreKeptForGood() {
        RetentionPolicy p = RetentionPolicy.parse("free=7d", Mode.ANONYMISE);
        assertThat(p.expired("gold", Instant.EPOCH, NOW)).isFalse();
        assertThat(p.periodOf("gold")).isEmpty();
        assertThat(p.cutoffs(NOW)).extracting(Cutoff::plan).containsExactly("free");
        assertThat(p.mode()).isEqualTo(Mode.ANONYMISE);
    }

    @Test
    void offKeepsEverything() {
        RetentionPolicy p = RetentionPolicy.parse("off", Mode.ERASE);
        assertThat(p.isOff()).isTrue();
        assertThat(p.cutoffs(NOW)).isEmpty();
        assertThat(p.expired("free", Instant.EPOCH, NOW)).isFalse();
        assertThat(p).hasToString("off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"free", "free=", "=1y", "free=1y,free=2y", "*=1y,*=2y", "free=0d", "free=soon", ",", "free=1y=2y"})
    void malformedValuesAreRefused(String text) {
        assertThatThrownBy(() -> RetentionPolicy.parse(text, Mode.ERASE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modesAreNamedBothWays() {
        assertThat(Mode.parse("Erase")).isEqualTo(Mode.ERASE);
        assertThat(Mode.parse("anonymise")).isEqualTo(Mode.ANONYMISE);
        assertThat(Mode.parse("anonymize")).isEqualTo(Mode.ANONYMISE);
        assertThatThrownBy(() -> Mode.parse("shred")).hasMessageContaining("erase or anonymise");
    }
}
