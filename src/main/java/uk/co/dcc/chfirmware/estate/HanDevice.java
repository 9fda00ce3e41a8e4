package uk.co.dcc.chfirmware.estate;

/** A device on a comms hub's home area network: ESME, GSME, IHD or PPMID. */
public record HanDevice(String deviceType, String model, String firmwareVersion) {
}
