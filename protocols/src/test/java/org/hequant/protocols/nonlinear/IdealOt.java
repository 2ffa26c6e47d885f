package org.hequant.protocols.nonlinear;

import java.nio.ByteBuffer;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.OtReceiver;
import org.hequant.protocols.ot.OtSender;

/**
 * TEST ONLY, INSECURE: an "OT" in which the sender ships every message in the clear and the receiver
 * picks. It implements the OT functionality's input/output behaviour so that protocol logic can be tested
 * independently of the OT extension.
 */
final class IdealOt {
    private IdealOt() {
    }

    private static byte[] longs(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static long[] longs(byte[] in) {
        ByteBuffer b = ByteBuffer.wrap(in);
        long[] v = new long[in.length / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getLong();
        }
        return v;
    }

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    static OtSender sender(Channel c) {
        Prg prg = Prg.fromSystemEntropy();
        return new OtSender() {
            @Override
            public void send(long[] m0, long[] m1, int bits) {
                long[] all = new long[2 * m0.length];
                System.arraycopy(m0, 0, all, 0, m0.length);
                System.arraycopy(m1, 0, all, m0.length, m1.length);
                c.send("ideal-ot", longs(all));
            }

            @Override
            public long[] sendCorrelated(long[] delta, int bits) {
                long[] x = new long[delta.length];
                long[] x1 = new long[delta.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = prg.nextLong() & mask(bits);
                    x1[i] = (x[i] + delta[i]) & mask(bits);
                }
                send(x, x1, bits);
                return x;
            }

            @Override
            public long[][] sendRandom(int count, int bits) {
                long[] r0 = new long[count];
                long[] r1 = new long[count];
                for (int i = 0; i < count; i++) {
                    r0[i] = prg.nextLong() & mask(bits);
                    r1[i] = prg.nextLong() & mask(bits);
                }
                send(r0, r1, bits);
                return new long[][] {r0, r1};
            }

            @Override
            public void sendOneOfN(long[] messages, int k, int bits) {
                c.send("ideal-ot", longs(messages));
            }
        };
    }

    static OtReceiver receiver(Channel c) {
        return new OtReceiver() {
            @Override
            public long[] receive(boolean[] choices, int bits) {
                long[] all = longs(c.receive());
                long[] out = new long[choices.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = all[(choices[i] ? choices.length : 0) + i];
                }
                return out;
            }

            @Override
            public long[] receiveCorrelated(boolean[] choices, int bits) {
                return receive(choices, bits);
            }

            @Override
            public long[] receiveRandom(boolean[] choices, int bits) {
                return receive(choices, bits);
            }

            @Override
            public long[] receiveOneOfN(int[] choices, int k, int bits) {
                long[] all = longs(c.receive());
                long[] out = new long[choices.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = all[(i << k) + choices[i]];
                }
                return out;
            }
        };
    }
}
