package org.hequant.protocols.linear;

import java.util.HashMap;
import java.util.Map;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.GaloisKeys;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.StridedPacking;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server side of a Cheetah linear layer (HomConv, HomFC, HomBN): adds its input share to the
 * client's encrypted share, multiplies by its weight polynomials, sums over the response's inputs, and
 * re-shares each result (see {@link ResponseMasking}). It is built from a {@link PublicKey} only: no
 * path leads from here to a secret key.
 *
 * <p>Each response is a pure function of the uploads, the server's share and the weights
 * ({@link #computeResponse(Ciphertext[], int)}), so responses can be computed on different machines.
 */
public final class HomLinearServer {
    private static final int ENCODED_WEIGHT_CACHE = 64;

    private final LinearLayout layout;
    private final LinearWeights weights;
    private final RlweContext context;
    private final Evaluator evaluator;
    private final ResponseMasking masking;
    private final GaloisKeys galoisKeys;
    private final Map<Integer, PreparedPlaintext> encodedWeights = new HashMap<>();
    private long[] outputShare;

    public HomLinearServer(LinearLayout layout, LinearWeights weights, PublicKey publicKey, ResharingMode mode) {
        this(layout, weights, publicKey, null, mode);
    }

    /**
     * A server that can also run {@link CompactedLayout}s, which need the client's Galois keys and the
     * approximate re-sharing (flooding would have to happen above the level the merge runs at).
     */
    public HomLinearServer(LinearLayout layout, LinearWeights weights, PublicKey publicKey, GaloisKeys galoisKeys,
            ResharingMode mode) {
        if (layout instanceof CompactedLayout && (galoisKeys == null || mode != ResharingMode.APPROXIMATE)) {
            throw new IllegalArgumentException(layout.name() + ": compacted responses need Galois keys and approximate "
                    + "re-sharing");
        }
        this.galoisKeys = galoisKeys;
        this.layout = layout;
        this.weights = weights;
        this.context = publicKey.context();
        this.evaluator = new Evaluator(context);
        this.masking = new ResponseMasking(context, publicKey, layout.ring(), mode, layout.levelIn(context));
    }

    /**
     * The server's step of the layer's one round: uploads in, responses out. Its own output share is
     * kept for {@link #outputShare()}.
     */
    public byte[] respond(long[] inputShare, byte[] uploadMessage) {
        ShareRing ring = layout.ring();
        if (inputShare.length != layout.inputSize()) {
            throw new IllegalArgumentException(layout.name() + ": server input share has " + inputShare.length
                    + " values, layer expects " + layout.inputSize());
        }
        ring.requireElements(layout.name() + " server input share", inputShare);
        Ciphertext[] uploads = LinearMessages.readUploads(context, layout, uploadMessage);
        long[] poly = new long[context.degree()];
        for (int u = 0; u < uploads.length; u++) {
            layout.encodeUpload(u, inputShare, poly);
            evaluator.addPlainInPlace(uploads[u], new Plaintext(ring.modulus(), poly), false);
        }
        long[] share = new long[layout.outputSize()];
        ResponseCiphertext[] responses = new ResponseCiphertext[layout.responseCount()];
        for (int r = 0; r < responses.length; r++) {
            ResponseMasking.Masked masked = computeResponse(uploads, r);
            responses[r] = masked.response();
            int[] positions = layout.outputPositions(r);
            long[] s = masked.serverShares();
            for (int k = 0; k < positions.length; k++) {
                share[positions[k]] = ring.add(s[k], weights.bias(positions[k]));
            }
        }
        outputShare = share;
        return LinearMessages.writeResponses(context, responses);
    }

    /**
     * One response: sum over its inputs of (upload + server share) x weight (for a compacted layout, each
     * member's such sum, switched to the first prime and merged), then H2A and shrinking.
     */
    ResponseMasking.Masked computeResponse(Ciphertext[] uploads, int response) {
        Ciphertext result;
        if (layout instanceof CompactedLayout c) {
            int[] group = c.members(response);
            Ciphertext[] members = new Ciphertext[c.membersPerResponse()];
            for (int i = 0; i < group.length; i++) {
                Ciphertext member = product(c.inner(), uploads, group[i]);
                member.fromNtt();
                while (member.level() > 1) {
                    member = evaluator.modSwitchToNext(member);
                }
                members[i] = member;
            }
            result = StridedPacking.pack(members, galoisKeys, evaluator);
        } else {
            result = product(layout, uploads, response);
        }
        return masking.mask(result, layout.keptIndices(response));
    }

    /** Sum over the inputs of one response of {@code source}: (upload + server share) x weight, NTT form. */
    private Ciphertext product(LinearLayout source, Ciphertext[] uploads, int response) {
        Ciphertext acc = null;
        for (int u : source.responseInputs(response)) {
            PreparedPlaintext w = encodedWeight(response, u);
            if (acc == null) {
                acc = evaluator.multiplyPlain(uploads[u], w);
            } else {
                evaluator.multiplyPlainAccumulate(uploads[u], w, acc);
            }
        }
        return acc;
    }

    private PreparedPlaintext encodedWeight(int response, int upload) {
        int id = weights.weightId(response, upload);
        PreparedPlaintext p = encodedWeights.get(id);
        if (p == null) {
            if (encodedWeights.size() >= ENCODED_WEIGHT_CACHE) {
                encodedWeights.clear();
            }
            long[] poly = new long[context.degree()];
            weights.weightPolynomial(response, upload, poly);
            p = evaluator.prepare(new Plaintext(layout.ring().modulus(), poly), layout.levelIn(context));
            encodedWeights.put(id, p);
        }
        return p;
    }

    /** The server's share of the layer output (after {@link #respond}). */
    public long[] outputShare() {
        if (outputShare == null) {
            throw new IllegalStateException(layout.name() + ": the server has not responded yet");
        }
        return outputShare.clone();
    }
}
