package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StructuredFieldsTest {
    private static final StructuredFields DEFAULT = StructuredFields.DEFAULT;

    @Test
    void theBuiltInFieldsInTheWaysPeopleWriteThem() {
        assertThat(DEFAULT.extract("Licence: ABCD-1234")).containsExactly(entry("license", "ABCD-1234"));
        assertThat(DEFAULT.extract("license key:   x9-88-QQ")).containsExactly(entry("license", "x9-88-QQ"));
        assertThat(DEFAULT.extract("**License:** ABCD-1234")).containsExactly(entry("license", "ABCD-1234"));
        assertThat(DEFAULT.extract("- URL: <https://app.example.org/p/1>")).containsExactly(entry("url", "https://app.example.org/p/1"));
        assertThat(DEFAULT.extract("url: see https://app.example.org/settings, it fails there."))
                .containsExactly(entry("url", "https://app.example.org/settings"));
        assertThat(DEFAULT.extract("UUID: 3F2C8A10-6B1E-4C3D-9E8F-0A1B2C3D4E5F"))
                .containsExactly(entry("uuid", "3F2C8A10-6B1E-4C3D-9E8F-0A1B2C3D4E5F"));
        assertThat(DEFAULT.extract("Resource: vm web-1 (0a1b2c3d-1111-2222-3333-444455556666)"))
                .containsExactly(entry("uuid", "0a1b2c3d-1111-2222-3333-444455556666"));
    }

    @Test
    void whatIsNoFieldGivesNothing() {
        assertThat(DEFAULT.extract("The URL: is not loading")).isEmpty();
        assertThat(DEFAULT.extract("Resource: the database server")).as("no UUID in it").isEmpty();
        assertThat(DEFAULT.extract("My license expired yesterday: can you renew it?")).isEmpty();
        assertThat(DEFAULT.extract("> License: QUOTED-1\n> URL: https://quoted.example")).as("quoted history is not the customer's").isEmpty();
        assertThat(DEFAULT.extract("")).isEmpty();
        assertThat(DEFAULT.extract(null)).isEmpty();
    }

    @Test
    void theFirstLineOfAFieldCountsAndTheOrderIsTheDefinitions() {
        Map<String, String> f = DEFAULT.extract("URL: https://a.example/x\nLicense: K-111\nURL: https://b.example/y");
        assertThat(f).containsExactly(entry("license", "K-111"), entry("url", "https://a.example/x"));
    }

    @Test
    void operatorFieldsWithTheirPatternsAndPlaces() {
        StructuredFields own = StructuredFields.parse("order: Order, Order number: page board: [A-Z]{2}-[0-9]{6};"
                + " project: Project: none: [a-z][a-z0-9-]+");
        assertThat(own.extract("Order number: AB-123456\nProject: web-shop\nLicense: L-1"))
                .containsExactly(entry("license", "L-1"), entry("order", "AB-123456"), entry("project", "web-shop"));
        assertThat(own.extract("Order: 12345")).as("no match of the pattern").isEmpty();
        Map<String, String> values = Map.of("order", "AB-123456", "project", "web-shop", "license", "L-1");
        assertThat(own.shown(values, StructuredFields.Shown.PAGE)).containsExactly(entry("License", "L-1"), entry("Order", "AB-123456"));
        assertThat(own.shown(values, StructuredFields.Shown.NOTIFICATION)).containsExactly(entry("License", "L-1"));
    }

    @Test
    void anOperatorMayRedefineABuiltInField() {
        StructuredFields own = StructuredFields.parse("license: Licence, Serial: notification: [0-9]{4}-[0-9]{4}");
        assertThat(own.extract("Serial: 1234-5678")).containsExactly(entry("license", "1234-5678"));
        assertThat(own.extract("License: 1234-5678")).as("its labels are the operator's now").isEmpty();
    }
}
