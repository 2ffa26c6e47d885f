package org.hequant.datasets;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed dataset location {@code KIND:TARGET[?key=value&...]}: the kind before the first colon, the
 * target (paths, or the synthetic spec) up to the first '?', then the options. The syntax is documented
 * on {@link DatasetSources}.
 */
record DatasetLocation(String text, String kind, String target, Map<String, String> options) {

    static DatasetLocation parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("dataset location '" + text
                    + "' needs a kind prefix: cifar10:, cifar100:, idx:, imagenet: or synthetic:");
        }
        String rest = text.substring(colon + 1);
        int question = rest.indexOf('?');
        String target = question < 0 ? rest : rest.substring(0, question);
        if (target.isEmpty()) {
            throw new IllegalArgumentException("dataset location '" + text + "' has nothing after the kind");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("dataset location '" + text + "': option '" + pair
                            + "' is not key=value");
                }
                if (options.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("dataset location '" + text + "': option '"
                            + pair.substring(0, eq) + "' given twice");
                }
            }
        }
        return new DatasetLocation(text, text.substring(0, colon), target, Map.copyOf(options));
    }

    /** Refuses any option but {@code allowed}, so that a misspelt option is not silently ignored. */
    void allowOnly(String... allowed) {
        List<String> names = Arrays.asList(allowed);
        for (String key : options.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException("dataset location '" + text + "': unknown option '" + key
                        + "' for " + kind + " (accepted: " + String.join(", ", names) + ")");
            }
        }
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** A non-negative integer option. */
    int intOption(String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("dataset location '" + text + "': option " + key + "=" + value
                + " is not a non-negative integer");
    }

    /** The {@code split} option: true for train, false for test (the default). */
    boolean trainSplit() {
        String split = option("split", "test");
        return switch (split) {
            case "test" -> false;
            case "train" -> true;
            default -> throw new IllegalArgumentException("dataset location '" + text + "': split=" + split
                    + " (expected test or train)");
        };
    }
}
