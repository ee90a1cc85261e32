package postdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void operatorsWriteSizesWithUnits() {
        assertThat(Sizes.parse("500KB")).isEqualTo(512_000);
        assertThat(Sizes.parse("10 mb")).isEqualTo(10L * 1024 * 1024);
        assertThat(Sizes.parse("1G")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Sizes.parse("42")).isEqualTo(42);
        assertThatThrownBy(() -> Sizes.parse("ten MB")).hasMessageContaining("not a size: 'ten MB'");
    }

    @Test
    void peopleReadSizesRounded() {
        assertThat(Sizes.format(812)).isEqualTo("812 bytes");
        assertThat(Sizes.format(14_500)).isEqualTo("14 KB");
        assertThat(Sizes.format(10L * 1024 * 1024)).isEqualTo("10 MB"); // a limit reads as written
        assertThat(Sizes.format(2_621_440)).isEqualTo("2.5 MB");
    }
}
