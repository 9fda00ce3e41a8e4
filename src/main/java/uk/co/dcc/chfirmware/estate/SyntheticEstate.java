package uk.co.dcc.chfirmware.estate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * A deterministic synthetic GB estate over the reference data of {@code V4__reference_data.sql}.
 * Hub {@code i} depends only on the seed and {@code i}, so any range can be generated alone and the
 * same seed always gives the same estate: both CSP regions, eight suppliers, five CH variants, about
 * 15% split-supplier hubs, about 5% vulnerable premises, about 12% premises that consent to early upgrades and about 3%
 * high-risk ones (R37; drawn after everything else, so the rest of a hub is what it was before the marks).
 */
public final class SyntheticEstate {

    static final String[] SUPPLIERS = {"aurora", "brightwatt", "celtic", "dynamo", "evergreen", "fenland", "gleam", "harbour"};
    private static final int[] SUPPLIER_SHARE = {22, 18, 14, 12, 10, 9, 8, 7};
    private static final LocalDate FIRST_INSTALL = LocalDate.of(2018, 1, 1);
    private static final int INSTALL_DAYS = 8 * 365;
    private static final long GUID_MASK = (1L << 40) - 1;

    private final long seed;

    public SyntheticEstate(long seed) {
        this.seed = seed;
    }

    /** Hands hubs {@code 1..count} to the consumer in id order, one at a time; nothing is kept. */
    public void generate(long count, Consumer<CommsHubRecord> sink) {
        for (long id = 1; id <= count; id++) {
            sink.accept(hub(id));
        }
    }

    public CommsHubRecord hub(long id) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        CspRegion region = random.nextInt(100) < 35 ? CspRegion.NORTH : CspRegion.CENTRAL_SOUTH;
        long variantId = region == CspRegion.NORTH
                ? (random.nextInt(100) < 70 ? 1 : 2)
                : new long[] {3, 3, 4, 5, 5}[random.nextInt(5)];
        String firmware = random.nextInt(100) < 85 ? currentFirmware(variantId) : previousFirmware(variantId);

        String electricity = null;
        String gas = null;
        int fuel = random.nextInt(100);
        if (fuel < 60) {
            electricity = supplier(random);
            gas = random.nextInt(100) < 25 ? otherSupplier(random, electricity) : electricity;
        } else if (fuel < 98) {
            electricity = supplier(random);
        } else {
            gas = supplier(random);
        }
        long configurationSet = configurationSet(random, electricity != null, gas != null);
        LocalDate installed = FIRST_INSTALL.plusDays(random.nextInt(INSTALL_DAYS));
        boolean vulnerable = random.nextInt(100) < 5;
        List<HanDevice> devices = devices(random, configurationSet);
        boolean consenting = random.nextInt(100) < 12;
        boolean highRisk = random.nextInt(100) < 3;
        return new CommsHubRecord(id, guid(id), variantId, firmware, region, electricity, gas, installed, vulnerable,
                configurationSet, devices, consenting, highRisk);
    }

    /** An EUI-64 in the canonical {@code 00-1B-C5-XX-XX-XX-XX-XX} form, unique per id. */
    String guid(long id) {
        long low = (id * 0x9E3779B1L + seed) & GUID_MASK;
        StringBuilder guid = new StringBuilder("00-1B-C5");
        for (int shift = 32; shift >= 0; shift -= 8) {
            guid.append('-').append(String.format(Locale.ROOT, "%02X", (low >>> shift) & 0xFF));
        }
        return guid.toString();
    }

    public static String currentFirmware(long variantId) {
        return switch ((int) variantId) {
            case 1 -> "1.4.2";
            case 2 -> "2.0.1";
            case 3 -> "5.2.0";
            case 4 -> "1.0.4";
            default -> "3.3.0";
        };
    }

    private static String previousFirmware(long variantId) {
        return switch ((int) variantId) {
            case 1 -> "1.3.7";
            case 2 -> "2.0.0";
            case 3 -> "5.1.3";
            case 4 -> "1.0.2";
            default -> "3.2.8";
        };
    }

    private static String supplier(SplittableRandom random) {
        int pick = random.nextInt(100);
        for (int i = 0; i < SUPPLIERS.length; i++) {
            pick -= SUPPLIER_SHARE[i];
            if (pick < 0) {
                return SUPPLIERS[i];
            }
        }
        return SUPPLIERS[SUPPLIERS.length - 1];
    }

    private static String otherSupplier(SplittableRandom random, String not) {
        String other = supplier(random);
        while (other.equals(not)) {
            other = supplier(random);
        }
        return other;
    }

    private static long configurationSet(SplittableRandom random, boolean electricity, boolean gas) {
        if (electricity && gas) {
            int pick = random.nextInt(100);
            return pick < 10 ? 5 : pick < 55 ? 1 : 2;
        }
        if (electricity) {
            return random.nextBoolean() ? 3 : 4;
        }
        return 6;
    }

    private static List<HanDevice> devices(SplittableRandom random, long configurationSet) {
        List<HanDevice> devices = new ArrayList<>(4);
        String esmeFirmware = random.nextInt(100) < 80 ? "current" : "previous";
        switch ((int) configurationSet) {
            case 1 -> {
                devices.add(new HanDevice("ESME", "Lumen E2", esmeFirmware.equals("current") ? "2.4" : "2.3"));
                devices.add(new HanDevice("GSME", "Quill G1", "1.9"));
                devices.add(new HanDevice("IHD", "Beacon", "3.1"));
            }
            case 2 -> {
                devices.add(new HanDevice("ESME", "Lumen E3", esmeFirmware.equals("current") ? "3.1" : "3.0"));
                devices.add(new HanDevice("GSME", "Quill G2", "2.2"));
                devices.add(new HanDevice("IHD", "Beacon", "3.1"));
            }
            case 3 -> {
                devices.add(new HanDevice("ESME", "Lumen E2", esmeFirmware.equals("current") ? "2.4" : "2.3"));
                devices.add(new HanDevice("IHD", "Beacon", "3.1"));
            }
            case 4 -> {
                devices.add(new HanDevice("ESME", "Voltix V7", esmeFirmware.equals("current") ? "7.1" : "7.0"));
                devices.add(new HanDevice("IHD", "Orbit", "1.5"));
            }
            case 5 -> {
                devices.add(new HanDevice("ESME", "Voltix V7", esmeFirmware.equals("current") ? "7.1" : "7.0"));
                devices.add(new HanDevice("GSME", "Quill G2", "2.2"));
                devices.add(new HanDevice("IHD", "Orbit", "1.5"));
                devices.add(new HanDevice("PPMID", "Keypad", "1.0"));
            }
            default -> {
                devices.add(new HanDevice("GSME", "Quill G2", "2.2"));
                devices.add(new HanDevice("IHD", "Orbit", "1.5"));
            }
        }
        return devices;
    }
}
