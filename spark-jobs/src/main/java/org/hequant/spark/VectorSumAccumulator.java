package org.hequant.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * A Spark accumulator of named counter vectors, summed element-wise: bytes by message label and
 * direction, flights by label, CPU time by layer and party. Tasks add their own counts; the driver reads
 * the sum. Updates from failed task attempts are discarded by Spark, and the evaluator updates it only in
 * result-stage tasks, whose updates Spark applies once per partition: a retried task is not counted twice.
 */
public final class VectorSumAccumulator extends AccumulatorV2<Map<String, long[]>, Map<String, long[]>> {
    private final TreeMap<String, long[]> sums = new TreeMap<>();

    @Override
    public boolean isZero() {
        return sums.isEmpty();
    }

    @Override
    public VectorSumAccumulator copy() {
        VectorSumAccumulator c = new VectorSumAccumulator();
        c.add(sums);
        return c;
    }

    @Override
    public void reset() {
        sums.clear();
    }

    @Override
    public void add(Map<String, long[]> counts) {
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] sum = sums.get(e.getKey());
            if (sum == null) {
                sums.put(e.getKey(), e.getValue().clone());
                continue;
            }
            if (sum.length != e.getValue().length) {
                throw new IllegalArgumentException("counter '" + e.getKey() + "' has " + sum.length
                        + " elements, an update has " + e.getValue().length);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += e.getValue()[i];
            }
        }
    }

    @Override
    public void merge(AccumulatorV2<Map<String, long[]>, Map<String, long[]>> other) {
        add(other.value());
    }

    @Override
    public Map<String, long[]> value() {
        return sums;
    }
}
