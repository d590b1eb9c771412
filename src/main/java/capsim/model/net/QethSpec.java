package capsim.model.net;

import capsim.config.Doc;
import capsim.config.Range;

/**
 * The s390 qeth driver's cost of registering addresses on the OSA adapter. The cost of one adapter
 * command is not given directly: it is derived from one observed add time (the calibration point)
 * under the driver that rewrites every address, so the rest of the curve is a prediction.
 */
@Doc("qeth (OSA) address registration: calibration point and address counts")
public record QethSpec(
        @Doc("interfaces already registered at the calibration point") @Range(min = 1) int calibrationRegistered,
        @Doc("observed time to add one more interface at the calibration point with the rewrite-all driver, s") @Range(min = 0.000001) double calibrationAddS,
        @Doc("addresses each interface registers on the card (its unicast MAC, plus multicast addresses synced down)") @Range(min = 1, max = 1000) int addressesPerInterface,
        @Doc("rx_mode passes per interface add (each pass rewrites the whole list in the old driver)") @Range(min = 1, max = 1000) int rxModePassesPerAdd,
        @Doc("CPU cost per registered address of one rx_mode pass of the fixed driver (hash lookup, no adapter command), ns") @Range(min = 0) double hashLookupNs) {
}
