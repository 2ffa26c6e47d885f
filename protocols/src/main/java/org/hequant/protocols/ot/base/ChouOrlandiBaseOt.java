package org.hequant.protocols.ot.base;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;

/**
 * Chou and Orlandi's "simplest OT" (Latincrypt 2015) on P-256 (128-bit security), semi-honest, batched:
 * the sender's point A in one message, all the receiver's points B_i in one message back. The sender
 * holds a, the receiver b_i with B_i = b_i G + c_i A; the sender's keys are H(i, A, B_i, a B_i) and
 * H(i, A, B_i, a (B_i - A)), of which the receiver can compute exactly the one with index c_i, as
 * H(i, A, B_i, b_i A). Only the 128 base OTs of IKNP ({@code ot.iknp}) use it, so speed is secondary.
 */
public final class ChouOrlandiBaseOt {
    public static final int KEY_BYTES = 16;
    public static final String LABEL = "ot/base";
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    /** Compressed point encoding: a sign byte and the x coordinate. */
    public static final int POINT_BYTES = 33;

    private ChouOrlandiBaseOt() {
    }

    /** Runs {@code count} base OTs as sender; returns keys[i][0] and keys[i][1], 16 bytes each. */
    public static byte[][][] send(Channel channel, int count, Prg prg) {
        BigInteger a = randomScalar(prg);
        ECPoint bigA = new FixedPointCombMultiplier().multiply(CURVE.getG(), a).normalize();
        byte[] encodedA = bigA.getEncoded(true);
        channel.send(LABEL, encodedA);
        byte[] reply = channel.receive();
        if (reply.length != count * POINT_BYTES) {
            throw new IllegalArgumentException("base OT reply of " + reply.length + " bytes, expected " + count * POINT_BYTES);
        }
        ECCurve curve = CURVE.getCurve();
        ECPoint aA = bigA.multiply(a);
        ECPoint[] points = new ECPoint[2 * count];
        byte[][] encodedB = new byte[count][];
        for (int i = 0; i < count; i++) {
            encodedB[i] = java.util.Arrays.copyOfRange(reply, i * POINT_BYTES, (i + 1) * POINT_BYTES);
            ECPoint aB = curve.decodePoint(encodedB[i]).multiply(a);
            points[2 * i] = aB;
            points[2 * i + 1] = aB.subtract(aA);
        }
        curve.normalizeAll(points);
        byte[][][] keys = new byte[count][2][];
        for (int i = 0; i < count; i++) {
            keys[i][0] = key(i, encodedA, encodedB[i], points[2 * i]);
            keys[i][1] = key(i, encodedA, encodedB[i], points[2 * i + 1]);
        }
        return keys;
    }

    /** Runs one base OT per choice as receiver; returns the chosen 16-byte keys. */
    public static byte[][] receive(Channel channel, boolean[] choices, Prg prg) {
        ECCurve curve = CURVE.getCurve();
        byte[] encodedA = channel.receive();
        ECPoint bigA = curve.decodePoint(encodedA);
        int count = choices.length;
        FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
        ECPoint[] bigB = new ECPoint[count];
        ECPoint[] shared = new ECPoint[count];
        for (int i = 0; i < count; i++) {
            BigInteger b = randomScalar(prg);
            ECPoint bG = comb.multiply(CURVE.getG(), b);
            bigB[i] = choices[i] ? bG.add(bigA) : bG;
            shared[i] = bigA.multiply(b);
        }
        curve.normalizeAll(bigB);
        curve.normalizeAll(shared);
        ByteBuffer reply = ByteBuffer.allocate(count * POINT_BYTES);
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] encodedB = bigB[i].getEncoded(true);
            reply.put(encodedB);
            keys[i] = key(i, encodedA, encodedB, shared[i]);
        }
        channel.send(LABEL, reply.array());
        return keys;
    }

    /** A uniform nonzero scalar: 64 extra bits make the reduction bias negligible. */
    private static BigInteger randomScalar(Prg prg) {
        BigInteger n = CURVE.getN();
        int words = (n.bitLength() + 64 + 63) / 64;
        while (true) {
            ByteBuffer bytes = ByteBuffer.allocate(8 * words);
            for (int i = 0; i < words; i++) {
                bytes.putLong(prg.nextLong());
            }
            BigInteger k = new BigInteger(1, bytes.array()).mod(n);
            if (k.signum() != 0) {
                return k;
            }
        }
    }

    /** Binds the key to the OT index and the transcript so that keys of different OTs are independent. */
    private static byte[] key(int index, byte[] encodedA, byte[] encodedB, ECPoint shared) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(4).putInt(index).array());
            sha.update(encodedA);
            sha.update(encodedB);
            sha.update(shared.getEncoded(true));
            return java.util.Arrays.copyOf(sha.digest(), KEY_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
