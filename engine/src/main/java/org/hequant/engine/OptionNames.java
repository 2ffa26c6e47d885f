package org.hequant.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case names by which an option chooses one of an enum's constants, and their parsing. */
final class OptionNames {
    private OptionNames() {
    }

    /** The constant named {@code name} (any case), or an error naming the option and its choices. */
    static <E extends Enum<E>> E parse(String option, E[] choices, String name) {
        for (E e : choices) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " '" + name + "' is not known: expected "
                + Arrays.stream(choices).map(OptionNames::of).collect(Collectors.joining(" or ")));
    }

    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
