package org.hequant.protocols.linear;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.GaloisKeys;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.StridedPacking;
import org.hequant.he.sampling.Prg;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server side of a Cheetah linear layer (HomConv, HomFC, HomBN): adds its input share to the
 * client's encrypted share, multiplies by its weight polynomials, sums over the response's inputs, and
 * re-shares each result (see {@link ResponseMasking}). It is built from a {@link PublicKey} only: no
 * path leads from here to a secret key.
 *
 * <p>Each response is a pure function of the uploads, the server's share, the weights and a per-layer seed
 * ({@link #computeTile}), so responses can be computed on different machines ({@link ResponseTiles}).
 */
public final class HomLinearServer {
    private static final int ENCODED_WEIGHT_CACHE = 64;

    private final LinearLayout layout;
    private final LinearWeights weights;
    private final RlweContext context;
    private final Evaluator evaluator;
    private final ResponseMasking masking;
    private final GaloisKeys galoisKeys;
    private final PublicKey publicKey;
    private final int weightMagnitudeBits;
    private final ResharingMode mode;
    private final Map<Integer, PreparedPlaintext> encodedWeights = new HashMap<>();
    private long[] outputShare;

    /** A server whose weights may be any ring elements: exact re-sharing floods for |w| up to t / 2. */
    public HomLinearServer(LinearLayout layout, LinearWeights weights, PublicKey publicKey, ResharingMode mode) {
        this(layout, weights, publicKey, null, mode, layout.ring().bits() - 1);
    }

    /**
     * A server that can also run {@link CompactedLayout}s, which need the client's Galois keys and the
     * approximate re-sharing (flooding would have to happen above the level the merge runs at).
     * {@code weightMagnitudeBits} is a public bound: every weight coefficient, centered mod t, is at most
     * 2^w in magnitude (checked as the weights are encoded); exact re-sharing floods for it.
     */
    public HomLinearServer(LinearLayout layout, LinearWeights weights, PublicKey publicKey, GaloisKeys galoisKeys,
            ResharingMode mode, int weightMagnitudeBits) {
        if (layout instanceof CompactedLayout && (galoisKeys == null || mode != ResharingMode.APPROXIMATE)) {
            throw new IllegalArgumentException(layout.name() + ": compacted responses need Galois keys and approximate "
                    + "re-sharing");
        }
        this.galoisKeys = galoisKeys;
        this.publicKey = publicKey;
        this.layout = layout;
        this.weights = weights;
        this.context = publicKey.context();
        this.evaluator = new Evaluator(context);
        if (weightMagnitudeBits < 0 || weightMagnitudeBits >= layout.ring().bits()) {
            throw new IllegalArgumentException(layout.name() + ": weight magnitude bound 2^" + weightMagnitudeBits
                    + " outside [1, t / 2] for a " + layout.ring().bits() + "-bit ring");
        }
        this.weightMagnitudeBits = weightMagnitudeBits;
        this.mode = mode;
        this.masking = new ResponseMasking(context, publicKey, layout, mode, weightMagnitudeBits);
    }

    /**
     * The server's step of the layer's one round: uploads in, responses out, all computed here. Its own
     * output share is kept for {@link #outputShare()}.
     */
    public byte[] respond(long[] inputShare, byte[] uploadMessage) {
        return respond(inputShare, uploadMessage, ResponseTiles.LOCAL);
    }

    /**
     * The server's step with its responses computed by {@code tiles}. The layer's randomness is one fresh
     * seed drawn here, from which each response derives its own, so the message is the same however the
     * responses are cut into tiles and wherever they are computed.
     */
    public byte[] respond(long[] inputShare, byte[] uploadMessage, ResponseTiles tiles) {
        requireShare(inputShare);
        LinearMessages.requireUploads(context, layout, uploadMessage);
        ResponseRequest request = new ResponseRequest(inputShare.clone(), uploadMessage, Prg.freshSeed());
        long[] share = new long[layout.keptSize()];
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int next = 0;
        for (ResponseTile tile : tiles.compute(this, request)) {
            if (tile.from() != next || tile.to() <= tile.from()) {
                throw new IllegalStateException(layout.name() + ": tile [" + tile.from() + ", " + tile.to()
                        + ") does not continue the responses at " + next);
            }
            int k = 0;
            for (int r = tile.from(); r < tile.to(); r++) {
                for (int position : layout.outputPositions(r)) {
                    share[position] = tile.serverShares()[k++];
                }
            }
            message.writeBytes(tile.responses());
            next = tile.to();
        }
        if (next != layout.responseCount()) {
            throw new IllegalStateException(layout.name() + ": tiles end at response " + next + " of "
                    + layout.responseCount());
        }
        ShareRing ring = layout.outputRing();
        long[] outputs = layout.unpack(share, true);
        for (int position = 0; position < outputs.length; position++) {
            outputs[position] = ring.add(outputs[position], ring.reduce(weights.bias(position)));
        }
        outputShare = outputs;
        return message.toByteArray();
    }

    /**
     * Responses {@code from} to {@code to - 1} of {@code request}: the uploads they read, plus the server's
     * share, times the weights, masked with randomness derived from the request's seed and the response
     * index. Depends on nothing else, so any machine with the weights and keys gives the same tile.
     */
    public ResponseTile computeTile(ResponseRequest request, int from, int to) {
        if (from < 0 || to > layout.responseCount() || from >= to) {
            throw new IllegalArgumentException(layout.name() + ": no responses [" + from + ", " + to + ") among "
                    + layout.responseCount());
        }
        requireShare(request.inputShare());
        LinearMessages.requireUploads(context, layout, request.uploads());
        Ciphertext[] uploads = new Ciphertext[layout.uploadCount()];
        long[] poly = new long[context.degree()];
        for (int r = from; r < to; r++) {
            for (int u : layout.responseInputs(r)) {
                if (uploads[u] == null) {
                    uploads[u] = LinearMessages.readUpload(context, layout, request.uploads(), u);
                    layout.encodeUpload(u, request.inputShare(), poly);
                    evaluator.addPlainInPlace(uploads[u], new Plaintext(layout.ring().modulus(), poly), false);
                }
            }
        }
        ByteArrayOutputStream responses = new ByteArrayOutputStream();
        long[][] shares = new long[to - from][];
        int count = 0;
        for (int r = from; r < to; r++) {
            ResponseMasking.Masked masked = computeResponse(uploads, r, responsePrg(request.seed(), r));
            responses.writeBytes(CiphertextCodec.writeResponse(context, masked.response()));
            shares[r - from] = masked.serverShares();
            count += shares[r - from].length;
        }
        long[] flat = new long[count];
        int k = 0;
        for (long[] s : shares) {
            System.arraycopy(s, 0, flat, k, s.length);
            k += s.length;
        }
        return new ResponseTile(from, to, responses.toByteArray(), flat);
    }

    private void requireShare(long[] inputShare) {
        if (inputShare.length != layout.inputSize()) {
            throw new IllegalArgumentException(layout.name() + ": server input share has " + inputShare.length
                    + " values, layer expects " + layout.inputSize());
        }
        layout.ring().requireElements(layout.name() + " server input share", inputShare);
    }

    /** Response r's own randomness: a PRG keyed by SHA-256(layer seed, r). */
    private static Prg responsePrg(byte[] seed, int response) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(response).array());
            return new Prg(Arrays.copyOf(sha.digest(), Prg.SEED_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /**
     * One response: sum over its inputs of (upload + server share) x weight (for a compacted layout, each
     * member's such sum, switched to the first prime and merged), then H2A and shrinking.
     */
    ResponseMasking.Masked computeResponse(Ciphertext[] uploads, int response, Prg prg) {
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
        return masking.mask(result, layout.keptIndices(response), prg);
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
            if (mode == ResharingMode.EXACT) {
                requireBounded(poly);
            }
            p = evaluator.prepare(new Plaintext(layout.ring().modulus(), poly), layout.levelIn(context));
            encodedWeights.put(id, p);
        }
        return p;
    }

    /** The exact flood hides noise for the declared weight bound only, so a larger weight is refused, not used. */
    private void requireBounded(long[] poly) {
        ShareRing ring = layout.ring();
        long bound = 1L << weightMagnitudeBits;
        for (long w : poly) {
            long centered = ring.modulus().toCentered(w);
            if (Math.abs(centered) > bound) {
                throw new IllegalArgumentException(layout.name() + ": a weight of magnitude " + Math.abs(centered)
                        + " exceeds the declared bound 2^" + weightMagnitudeBits);
            }
        }
    }

    public LinearLayout layout() {
        return layout;
    }

    /** The client's public key this server encrypts zeros under (public, as the name says). */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The client's Galois keys for compacted layouts, or null. */
    public GaloisKeys galoisKeys() {
        return galoisKeys;
    }

    /** The server's share of the layer output (after {@link #respond}). */
    public long[] outputShare() {
        if (outputShare == null) {
            throw new IllegalStateException(layout.name() + ": the server has not responded yet");
        }
        return outputShare.clone();
    }
}
