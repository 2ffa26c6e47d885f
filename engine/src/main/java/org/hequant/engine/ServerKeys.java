package org.hequant.engine;

import org.hequant.he.rlwe.GaloisKeys;
import org.hequant.he.rlwe.PublicKey;

/** What the server holds of the client's keys: the public key and, when the plan compacts responses, Galois keys (else null). */
public record ServerKeys(PublicKey publicKey, GaloisKeys galoisKeys) {
}
