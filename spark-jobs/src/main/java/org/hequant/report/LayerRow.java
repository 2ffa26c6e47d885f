package org.hequant.report;

/**
 * One layer's row of a report: bytes per image by kind and direction ({@link TrafficSummary#COLUMNS}), the round
 * trips its messages opened, and each party's CPU milliseconds per image.
 */
public record LayerRow(String layer, long heClientToServer, long otClientToServer, long heServerToClient,
        long otServerToClient, long rounds, double clientMs, double serverMs) {
}
