package org.hequant.protocols.ot.ferret;

import java.lang.ref.Cleaner;
import java.lang.reflect.Field;
import java.util.Objects;
import sun.misc.Unsafe;

/**
 * The 128-bit values of an LPN secret where the code reads them, off the heap at a cache-line boundary. Every
 * read of the secret misses the cache, and a value that straddled two lines would cost two misses: a long[]
 * starts on an 8-byte boundary only, which the collector may change when it moves the array, and in a
 * misaligned one a quarter of the values straddle (30-50% slower encoding, measured). The reads go through
 * Unsafe: in JDK 17 a direct buffer's getLong is slower than a long[], and its VarHandle view sometimes
 * compiled with an un-inlined call per read (3-4 times slower). Reads stay in bounds because the code's
 * columns are below k by construction. One instance serves a party's extensions in turn, so the memory is
 * allocated, and its pages first touched, once.
 */
final class LpnSecret {
    private static final int LINE = 64;
    private static final Unsafe UNSAFE = unsafe();
    private static final Cleaner CLEANER = Cleaner.create();

    private Cleaner.Cleanable memory;
    private long base;
    private int capacity;

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is unavailable in this JVM", e);
        }
    }

    /** Holds the first k 128-bit values of {@code source} (2 words each), in place of those held before. */
    void set(long[] source, int k) {
        if (capacity < k) {
            if (memory != null) {
                memory.clean();
            }
            long raw = UNSAFE.allocateMemory(16L * k + LINE);
            memory = CLEANER.register(this, () -> UNSAFE.freeMemory(raw));
            base = (raw + LINE - 1) & -LINE;
            capacity = k;
        }
        UNSAFE.copyMemory(source, Unsafe.ARRAY_LONG_BASE_OFFSET, null, base, 16L * k);
    }

    /**
     * Word w (0 low, 1 high) of value c, for c below the k last set. The index is checked against the memory
     * held all the same (an intrinsic compare C2 mostly hoists), so that a wrong column can fail but never
     * read outside it.
     */
    long word(int c, int w) {
        return UNSAFE.getLong(base + 16L * Objects.checkIndex(c, capacity) + 8 * (w & 1));
    }
}
