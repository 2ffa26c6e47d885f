package org.hequant.protocols.ot.ferret;

import java.util.List;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.OtChunks;

/** The sender of {@link FerretOtExtension}: holds Delta and the keys q_i of the COTs produced ahead. */
public final class FerretOtSender extends CorrelatedOtSender {
    private final List<LpnParameters> schedule;
    private final Prg prg = Prg.fromSystemEntropy();
    private final CotPool pool = new CotPool(false);
    private final LpnSecret secret = new LpnSecret();
    private final long[] rows = new long[2 * OtChunks.STRIP];
    private CotPool reserve;
    private FerretExtensionSender current;
    private long extension;

    FerretOtSender(Channel channel, long deltaLo, long deltaHi, long[] base, List<LpnParameters> schedule) {
        super(channel, deltaLo, deltaHi);
        this.schedule = schedule;
        start(0, base);
        while (FerretOtExtension.bootstrapping(schedule, extension)) {
            refill();
        }
    }

    private void start(long e, long[] base) {
        extension = e;
        current = new FerretExtensionSender(FerretOtExtension.parameters(schedule, e), e, base, deltaLo, deltaHi, prg,
                secret);
        reserve = new CotPool(false);
    }

    /** Runs the next chunk of the current extension, or starts the next extension on the reserve. */
    private void refill() {
        if (current.done()) {
            start(extension + 1, reserve.takeValues(FerretOtExtension.parameters(schedule, extension + 1).baseCots()));
            return;
        }
        long first = current.produced();
        int count = current.next(channel);
        long[] keys = current.keys();
        int split = (int) Math.max(0, Math.min(count, FerretOtExtension.usable(schedule, extension) - first));
        pool.append(keys, null, 0, split);
        reserve.append(keys, null, split, count);
    }

    @Override
    protected void extend(int m, OtChunks.StripSink sink) {
        while (pool.available() < m) {
            refill();
        }
        byte[] flips = channel.receive();
        if (flips.length != (m + 7) / 8) {
            throw new ChannelException("Ferret choice message of " + flips.length + " bytes for " + m + " OTs, expected "
                    + (m + 7) / 8);
        }
        deliver(m, flips, sink);
    }

    /** The receiver keeps the COTs' own choice bits, so there is nothing to flip and nothing to read. */
    @Override
    protected void extendWithRandomChoices(int m, OtChunks.StripSink sink) {
        while (pool.available() < m) {
            refill();
        }
        deliver(m, null, sink);
    }

    /** Hands the next m keys to {@code sink}, each xored with Delta where the receiver flipped its bit. */
    private void deliver(int m, byte[] flips, OtChunks.StripSink sink) {
        for (int first = 0; first < m; first += OtChunks.STRIP) {
            int count = Math.min(OtChunks.STRIP, m - first);
            for (int i = 0; i < count; i++) {
                int at = first + i;
                // All ones where the receiver flipped, as a mask: its bits are random, a branch would be mispredicted.
                long flip = flips == null ? 0 : -((flips[at >>> 3] >>> (at & 7)) & 1L);
                rows[2 * i] = pool.value(at, 0) ^ (flip & deltaLo);
                rows[2 * i + 1] = pool.value(at, 1) ^ (flip & deltaHi);
            }
            sink.accept(rows, first, count);
        }
        pool.drop(m);
    }
}
