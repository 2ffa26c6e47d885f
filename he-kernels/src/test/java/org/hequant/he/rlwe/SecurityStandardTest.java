package org.hequant.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityStandardTest {
    @Test
    void cheetahAndN8192ParametersAreAccepted() {
        RlweContext c = RlweContext.cheetah4096();
        assertEquals(109, c.basis().totalBits());
        assertEquals(1152921504606830593L, c.basis().modulus(0).value(), "SEAL's 60-bit prime for N = 4096");
        RlweContext big = RlweContext.withPrimeBits(8192, 60, 60, 49, 49);
        assertEquals(218, big.basis().totalBits());
        assertEquals(180, RlweContext.n8192().basis().totalBits());
    }

    @Test
    void modulusBeyondTheTableIsRefusedNamingTheLimit() {
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> RlweContext.withPrimeBits(4096, 60, 50));
        assertTrue(e.getMessage().contains("110 bits") && e.getMessage().contains("at most 109"), e.getMessage());
        assertThrows(InsecureParametersException.class, () -> RlweContext.withPrimeBits(8192, 60, 60, 50, 49));
        assertThrows(InsecureParametersException.class, () -> RlweContext.withPrimeBits(2048, 55));
        assertThrows(InsecureParametersException.class, () -> RlweContext.withPrimeBits(1024, 28));
    }

    @Test
    void explicitPrimesAreCheckedToo() {
        List<Long> primes = RlweContext.withPrimeBits(4096, 60, 49).basis().primes();
        assertThrows(InsecureParametersException.class,
                () -> RlweContext.withPrimes(4096, List.of(primes.get(0), primes.get(1), 65537L)));
        assertThrows(IllegalArgumentException.class, () -> RlweContext.withPrimes(4096, List.of(1152921504606830591L)));
    }

    @Test
    void degreesOutsideTheTableAreRefused() {
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> RlweContext.withPrimeBits(512, 20));
        assertTrue(e.getMessage().contains("N = 512"), e.getMessage());
        assertThrows(InsecureParametersException.class, () -> RlweContext.withPrimeBits(65536, 60));
    }

    /** The server-side types must offer no way to take a secret key. */
    @Test
    void serverSideTypesNeverAcceptASecretKey() {
        for (Class<?> c : new Class<?>[] {Evaluator.class, PublicKeyEncryptor.class, PublicKey.class,
                Ciphertext.class, SeededCiphertext.class, ResponseCiphertext.class, PreparedPlaintext.class}) {
            for (Constructor<?> k : c.getConstructors()) {
                assertTrue(List.of(k.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), k.toString());
            }
            for (Method m : c.getMethods()) {
                assertTrue(List.of(m.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), m.toString());
                assertTrue(m.getReturnType() != SecretKey.class, m.toString());
            }
        }
        assertEquals(0, SecretKey.class.getConstructors().length, "SecretKey has no public constructor");
    }
}
