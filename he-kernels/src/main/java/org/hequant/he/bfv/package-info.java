/**
 * BFV over the RLWE kernel's RNS/NTT arithmetic, for non-interactive inference.
 *
 * <p>Client side (holds the secret): {@link org.hequant.he.bfv.BfvKeyGenerator},
 * {@link org.hequant.he.bfv.BfvDecryptor} (with the noise budget), and {@link org.hequant.he.bfv.BfvEncryptor}
 * (public key only). Server side (public material only): {@link org.hequant.he.bfv.BfvEvaluator} with a
 * relinearisation {@link org.hequant.he.bfv.KeySwitchingKey} and {@link org.hequant.he.bfv.BfvGaloisKeys}.
 * Shared: {@link org.hequant.he.bfv.BfvParameters} (N, Q, special prime P, batching prime t, checked against the
 * 128-bit bound and a noise model), {@link org.hequant.he.bfv.BatchEncoder} (2 x N/2 SIMD slots) and
 * {@link org.hequant.he.bfv.CrtPlaintexts} (values wider than one t split over several primes).
 */
package org.hequant.he.bfv;
