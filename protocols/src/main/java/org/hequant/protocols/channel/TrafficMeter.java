package org.hequant.protocols.channel;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the bytes of every message by sender and label, and the flights: the longest causal chain of
 * one-way trips. A message belongs to flight f + 1 when the latest flight its sender had received is f (the
 * channels carry the flight with the message), so a request and its reply are two flights, and messages
 * the parties send at the same time, neither waiting for the other, share one. The count depends only on
 * the protocol, not on how the two parties' threads interleave. Thread-safe.
 *
 * <p>Messages whose label (after any "scope|") starts with {@link #PREPROCESSING_PREFIX} are input-independent
 * preprocessing (the silent OT extension) that a deployment runs ahead of, or beside, the inference: they are
 * counted by label and in {@link #preprocessingBytes}, but not in the per-party totals or the flights, so
 * what an image costs does not depend on how many OTs earlier images of its session left in the pool.
 */
public final class TrafficMeter {
    public static final String PREPROCESSING_PREFIX = "pre/";

    private final Map<String, long[]> bytesByLabel = new TreeMap<>();
    private final Map<String, Long> flightsByLabel = new TreeMap<>();
    private final long[] totals = new long[2];
    private final long[] preprocessing = new long[2];
    private final long[] messages = new long[2];
    private final int[] largest = new int[2];
    private long flights;

    /** Records a message of flight {@code flight} (ignored for preprocessing, which opens no flight). */
    synchronized void record(Party sender, String label, int bytes, long flight) {
        bytesByLabel.computeIfAbsent(label, k -> new long[2])[sender.ordinal()] += bytes;
        largest[sender.ordinal()] = Math.max(largest[sender.ordinal()], bytes);
        if (isPreprocessing(label)) {
            preprocessing[sender.ordinal()] += bytes;
            return;
        }
        totals[sender.ordinal()] += bytes;
        messages[sender.ordinal()]++;
        if (flight > flights) {
            flights = flight;
            flightsByLabel.merge(label, 1L, Long::sum);
        }
    }

    /** Whether a label, scoped or not, names preprocessing traffic. */
    public static boolean isPreprocessing(String label) {
        int bar = label.indexOf(ScopedChannel.SEPARATOR);
        return label.startsWith(PREPROCESSING_PREFIX, bar + 1);
    }

    /** Preprocessing bytes sent by {@code sender}; not part of {@link #bytesSentBy(Party)}. */
    public synchronized long preprocessingBytes(Party sender) {
        return preprocessing[sender.ordinal()];
    }

    /** Every byte sent so far, both parties, preprocessing included. */
    public synchronized long allBytes() {
        return totals[0] + totals[1] + preprocessing[0] + preprocessing[1];
    }

    /** Bytes of the inference messages sent by {@code sender}, preprocessing excluded. */
    public synchronized long bytesSentBy(Party sender) {
        return totals[sender.ordinal()];
    }

    public synchronized long bytesSentBy(Party sender, String label) {
        long[] b = bytesByLabel.get(label);
        return b == null ? 0 : b[sender.ordinal()];
    }

    public synchronized long messagesSentBy(Party sender) {
        return messages[sender.ordinal()];
    }

    /** The largest single message {@code sender} has sent, preprocessing included. */
    public synchronized int largestMessage(Party sender) {
        return largest[sender.ordinal()];
    }

    /** One-way flights of messages (a request-response exchange is two). */
    public synchronized long flights() {
        return flights;
    }

    /** Round trips, rounded up: two flights make one round trip. */
    public synchronized long roundTrips() {
        return (flights + 1) / 2;
    }

    /** Flights by the label of the message that opened them. */
    public synchronized Map<String, Long> flightsByLabel() {
        return new TreeMap<>(flightsByLabel);
    }

    /** Labels seen so far, each with {client bytes, server bytes}. */
    public synchronized Map<String, long[]> byLabel() {
        Map<String, long[]> copy = new TreeMap<>();
        bytesByLabel.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
