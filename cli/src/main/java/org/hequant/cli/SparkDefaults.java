package org.hequant.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/** A spark-defaults.conf style file ("key value" or "key=value" lines, # comments), as spark-submit reads it. */
final class SparkDefaults {
    private SparkDefaults() {
    }

    static scala.collection.Iterable<Tuple2<String, String>> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --spark-conf " + file + ": " + e.getMessage(), e);
        }
        java.util.List<Tuple2<String, String>> pairs = new java.util.ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("spark.")) {
                throw new IllegalArgumentException("--spark-conf " + file + ": '" + key + "' is not a spark.* property");
            }
            pairs.add(new Tuple2<>(key, p.getProperty(key).trim()));
        }
        return CollectionConverters.asScala(pairs);
    }
}
