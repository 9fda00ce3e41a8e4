package uk.co.dcc.chfirmware.estate.configsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets.Device;

/**
 * A HAN set's signature names one kind of HAN and reads back as it (migration 77: the set is where a hub's devices are
 * stored, so two kinds of HAN under one signature would give hubs devices they do not have). Ordinary values are written
 * as they always were, so the configuration sets' keys (DPL-…) that suppliers' rules name did not change.
 */
class HanSignatureTest {

    @Test
    void shouldWriteOrdinaryDevicesAsBeforeAndReadThemBack() {
        List<Device> devices = List.of(new Device("ESME", "Lumen E2", "2.4"), new Device("IHD", "Beacon", "3.1"));

        String signature = ConfigurationSets.signature(devices);

        assertThat(signature).isEqualTo("[ESME Lumen E2 2.4][IHD Beacon 3.1]");
        assertThat(ConfigurationSets.devices(signature)).isEqualTo(devices);
        assertThat(ConfigurationSets.devices("")).isEmpty();
    }

    @Test
    void shouldTellApartTheModelAndTheFirmwareWhereASpaceCouldEndEither() {
        List<Device> modelWithSpace = List.of(new Device("ESME", "A B", "C"));
        List<Device> firmwareWithSpace = List.of(new Device("ESME", "A", "B C"));

        assertThat(ConfigurationSets.signature(modelWithSpace)).isEqualTo("[ESME A B C]");
        assertThat(ConfigurationSets.signature(firmwareWithSpace)).isEqualTo("[ESME A B\\ C]");
        assertThat(ConfigurationSets.devices(ConfigurationSets.signature(firmwareWithSpace))).isEqualTo(firmwareWithSpace);
        assertThat(ConfigurationSets.devices(ConfigurationSets.signature(modelWithSpace))).isEqualTo(modelWithSpace);
    }

    @Test
    void shouldKeepBracketsAndBackslashesInsideTheirDevice() {
        List<Device> devices = List.of(new Device("GSME", "Q] [IHD X", "1.0"), new Device("PPMID", "P\\ ", "\\] 2"));

        assertThat(ConfigurationSets.devices(ConfigurationSets.signature(devices))).isEqualTo(devices);
    }

    /** Random kinds of HAN over the characters that matter: each reads back as itself, and no two share a signature. */
    @Test
    void shouldGiveEveryKindOfHanASignatureOfItsOwn() {
        Random random = new Random(77);
        Map<String, List<Device>> seen = new HashMap<>();
        for (int n = 0; n < 50_000; n++) {
            List<Device> devices = new ArrayList<>();
            for (String type : ConfigurationSets.DEVICE_TYPES) {
                if (random.nextInt(3) > 0) {
                    devices.add(new Device(type, text(random), text(random)));
                }
            }
            String signature = ConfigurationSets.signature(devices);
            assertThat(ConfigurationSets.devices(signature)).as(signature).isEqualTo(devices);
            List<Device> before = seen.putIfAbsent(signature, devices);
            assertThat(before == null || before.equals(devices)).as("%s and %s share %s", before, devices, signature).isTrue();
        }
        assertThat(seen.size()).isGreaterThan(40_000);
    }

    @Test
    void shouldRefuseWhatIsNoSignature() {
        for (String notOne : List.of("[FOO a b]", "[ESME ab]", "[ESME a b", "ESME a b]", "[ESME  b]", "[ESME a ]", "[ESME a [b c]")) {
            assertThatThrownBy(() -> ConfigurationSets.devices(notOne)).as(notOne)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notOne);
        }
    }

    private static String text(Random random) {
        String alphabet = "ab \\[]";
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
