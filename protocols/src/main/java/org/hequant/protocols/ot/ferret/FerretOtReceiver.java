package org.hequant.protocols.ot.ferret;

import java.util.List;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.OtChunks;

/**
 * The receiver of {@link FerretOtExtension}: holds the pseudorandom choice bits r_i and t_i of the COTs produced
 * ahead. The bits come from {@link FerretChoiceBits}, ahead of the extension messages, so a call's choices all go
 * out before the sender runs the extension chunks that bring their t_i.
 */
public final class FerretOtReceiver extends CorrelatedOtReceiver {
    private final List<LpnParameters> schedule;
    private final FerretChoiceBits choiceBits;
    /** Usable t_i; their bits come from {@link #choiceBits}, so only the reserve keeps the extension's bits. */
    private final CotPool pool = new CotPool(false);
    private final LpnSecret secret = new LpnSecret();
    private final long[] rows = new long[2 * OtChunks.STRIP];
    private CotPool reserve;
    private FerretExtensionReceiver current;
    private long extension;

    FerretOtReceiver(Channel channel, boolean[] baseBits, long[] baseMacs, List<LpnParameters> schedule) {
        super(channel);
        this.schedule = schedule;
        this.choiceBits = new FerretChoiceBits(schedule, baseBits);
        start(0, baseBits, baseMacs);
        while (FerretOtExtension.bootstrapping(schedule, extension)) {
            refill();
        }
    }

    private void start(long e, boolean[] bits, long[] macs) {
        extension = e;
        current = new FerretExtensionReceiver(FerretOtExtension.parameters(schedule, e), e, bits, macs, secret);
        reserve = new CotPool(true);
    }

    private void refill() {
        if (current.done()) {
            int next = FerretOtExtension.parameters(schedule, extension + 1).baseCots();
            start(extension + 1, reserve.takeBits(next), reserve.takeValues(next));
            return;
        }
        long first = current.produced();
        long usable = FerretOtExtension.usable(schedule, extension) - first;
        int count = current.next(channel, (int) Math.max(0, Math.min(Integer.MAX_VALUE, usable)));
        int split = (int) Math.max(0, Math.min(count, usable));
        pool.append(current.macs(), current.bits(), 0, split);
        reserve.append(current.macs(), current.bits(), split, count);
    }

    /** Sends b xor r for chosen bits b and the next m pseudorandom bits r; their t_i come in {@link #settle}. */
    @Override
    protected boolean choose(byte[] r, int m, OtChunks.StripSink sink) {
        channel.send(FerretOtExtension.LABEL_CHOICE, choiceBits.flips(r, m));
        return false;
    }

    /** Takes the next m pseudorandom bits as the choices: nothing to send, their t_i come in {@link #settle}. */
    @Override
    protected boolean chooseRandomly(boolean[] choices, int off, int m, OtChunks.StripSink sink) {
        choiceBits.take(choices, off, m);
        return false;
    }

    /** Runs the extension chunks the sender ran for these m OTs (in the same order) and hands over their t_i. */
    @Override
    protected void settle(int m, OtChunks.StripSink sink) {
        while (pool.available() < m) {
            refill();
        }
        for (int first = 0; first < m; first += OtChunks.STRIP) {
            int count = Math.min(OtChunks.STRIP, m - first);
            for (int i = 0; i < count; i++) {
                rows[2 * i] = pool.value(first + i, 0);
                rows[2 * i + 1] = pool.value(first + i, 1);
            }
            sink.accept(rows, first, count);
        }
        pool.drop(m);
    }
}
