package uk.co.dcc.chfirmware.flags;

/** What a flag is raised on. */
public enum FlagTarget {
    /** A DPL configuration set, by its key ({@code DPL-…}): CH variant and firmware with the HAN devices' models and firmware. */
    CONFIGURATION_SET,
    /** A HAN device model (of one device type, or of any). */
    HAN_DEVICE_MODEL,
    /** A HAN device model's firmware version. */
    HAN_DEVICE_FIRMWARE,
    /** A CH variant's firmware version. */
    CH_FIRMWARE
}
