/**
 * The DPL's configuration sets (R32): what one is ({@link uk.co.dcc.chfirmware.estate.configsets.ConfigurationSets},
 * the definition, with its stable key) and how each comms hub's is kept on its row as the estate is written. Open to
 * the modules that count, show or decide by configuration set (insight's DPL and trends; supplier rules that approve
 * or hold by set).
 */
@NamedInterface("configsets")
package uk.co.dcc.chfirmware.estate.configsets;

import org.springframework.modulith.NamedInterface;
