package org.hequant.protocols.nonlinear;

import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.ot.CorrelatedOtSetup;
import org.hequant.protocols.ot.OtReceiver;
import org.hequant.protocols.ot.OtSender;
import org.hequant.protocols.ot.ferret.FerretOtExtension;
import org.hequant.protocols.ot.iknp.IknpOtExtension;
import org.hequant.protocols.sharing.ShareRing;

/**
 * One party's end of the nonlinear protocols: its role, the channel, an OT instance in each direction
 * (this party as sender, and as receiver; Ferret from {@link #open}), and a PRG seeded from SecureRandom. Both parties call the
 * same protocol methods in the same order; the role decides who plays which part of each protocol.
 */
public final class Session {
    private final Party role;
    private final Channel channel;
    private final OtSender sender;
    private final OtReceiver receiver;
    private final Prg prg = Prg.fromSystemEntropy();

    public Session(Party role, Channel channel, OtSender sender, OtReceiver receiver) {
        this.role = role;
        this.channel = channel;
        this.sender = sender;
        this.receiver = receiver;
    }

    /**
     * Sets up Ferret OT in both directions over {@code channel}: the server is OT sender in the first
     * instance and receiver in the second, the client the other way round, so their setups pair up in order.
     */
    public static Session open(Party role, Channel channel) {
        CorrelatedOtSetup bootstrap = IknpOtExtension.setup();
        if (role == Party.SERVER) {
            OtSender sender = FerretOtExtension.sender(channel, bootstrap);
            return new Session(role, channel, sender, FerretOtExtension.receiver(channel, bootstrap));
        }
        OtReceiver receiver = FerretOtExtension.receiver(channel, bootstrap);
        return new Session(role, channel, FerretOtExtension.sender(channel, bootstrap), receiver);
    }

    public Party role() {
        return role;
    }

    /** The server plays the "first" part in asymmetric protocols (OT sender in the millionaire). */
    public boolean isServer() {
        return role == Party.SERVER;
    }

    public Channel channel() {
        return channel;
    }

    public OtSender otSender() {
        return sender;
    }

    public OtReceiver otReceiver() {
        return receiver;
    }

    public Prg prg() {
        return prg;
    }

    /** Both parties send their message, then receive the other's (one flight each way). */
    public byte[] exchange(String label, byte[] mine) {
        channel.send(label, mine);
        return channel.receive();
    }

    /** Uniform bits from the PRG. */
    public boolean[] randomBits(int n) {
        boolean[] b = new boolean[n];
        long word = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 63) == 0) {
                word = prg.nextLong();
            }
            b[i] = ((word >>> (i & 63)) & 1) != 0;
        }
        return b;
    }

    /** Uniform values of {@code bits} bits. */
    public long[] randomValues(int n, int bits) {
        long[] v = new long[n];
        prg.nextLongs(v, 0, n);
        long mask = ShareRing.mask(bits);
        for (int i = 0; i < n; i++) {
            v[i] &= mask;
        }
        return v;
    }
}
