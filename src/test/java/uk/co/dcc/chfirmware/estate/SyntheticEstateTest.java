package uk.co.dcc.chfirmware.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import uk.co.dcc.chfirmware.shared.CspRegion;

/** The synthetic estate is deterministic and shaped like the GB estate the issue asks for. */
class SyntheticEstateTest {

    private static final int HUBS = 100_000;

    @Test
    void shouldGenerateTheSameEstateFromTheSameSeed() {
        SyntheticEstate one = new SyntheticEstate(42);
        SyntheticEstate other = new SyntheticEstate(42);
        for (long id = 1; id <= 1_000; id++) {
            assertThat(one.hub(id)).isEqualTo(other.hub(id));
        }
        assertThat(new SyntheticEstate(43).hub(1)).isNotEqualTo(one.hub(1));
    }

    @Test
    void shouldShapeTheEstateLikeGreatBritains() {
        AtomicLong split = new AtomicLong();
        AtomicLong vulnerable = new AtomicLong();
        AtomicLong north = new AtomicLong();
        AtomicLong consenting = new AtomicLong();
        AtomicLong highRisk = new AtomicLong();
        Set<String> guids = new HashSet<>();
        Set<String> suppliers = new HashSet<>();
        Set<Long> variants = new HashSet<>();
        new SyntheticEstate(20190131).generate(HUBS, hub -> {
            guids.add(hub.guid());
            if (hub.splitSupplier()) {
                split.incrementAndGet();
            }
            if (hub.vulnerable()) {
                vulnerable.incrementAndGet();
            }
            if (hub.consenting()) {
                consenting.incrementAndGet();
            }
            if (hub.highRisk()) {
                highRisk.incrementAndGet();
            }
            if (hub.cspRegion() == CspRegion.NORTH) {
                north.incrementAndGet();
            }
            if (hub.electricitySupplier() != null) {
                suppliers.add(hub.electricitySupplier());
                assertThat(hub.devices()).extracting(HanDevice::deviceType).contains("ESME");
            }
            if (hub.gasSupplier() != null) {
                suppliers.add(hub.gasSupplier());
                assertThat(hub.devices()).extracting(HanDevice::deviceType).contains("GSME");
            }
            assertThat(hub.electricitySupplier() != null || hub.gasSupplier() != null).isTrue();
            assertThat(hub.guid()).matches("00-1B-C5(-[0-9A-F]{2}){5}");
            variants.add(hub.variantId());
        });
        assertThat(guids).hasSize(HUBS);
        assertThat(split.get() / (double) HUBS).isCloseTo(0.15, within(0.02));
        assertThat(vulnerable.get() / (double) HUBS).isCloseTo(0.05, within(0.01));
        assertThat(consenting.get() / (double) HUBS).as("R37: premises consenting to early upgrades").isCloseTo(0.12, within(0.01));
        assertThat(highRisk.get() / (double) HUBS).as("R37: high-risk premises").isCloseTo(0.03, within(0.01));
        assertThat(north.get()).isBetween(HUBS / 5L, HUBS / 2L);
        assertThat(suppliers).hasSizeGreaterThanOrEqualTo(6);
        assertThat(variants).hasSizeGreaterThanOrEqualTo(3);
    }
}
