package dev.kafkachatops.plan.reassign;

/**
 * The balanced replica counts per broker, found by water-filling over "cells" (racks in rack-aware mode, single
 * brokers otherwise). A cell of {@code s} brokers must hold between {@code lo} and {@code hi} replicas in total,
 * because of the per-partition rack rule. Find the level {@code lambda} with
 * {@code sum over cells of clamp(s * lambda, lo, hi) = R}: cells clamped at {@code lo} are forced above the level
 * (a small rack that must hold a replica of every partition), cells clamped at {@code hi} are capped below it, the
 * rest sit at the level. In integers: {@code f} is the largest level with total at most {@code R}; each cell has a
 * base count per broker and may give one extra replica to between {@code extrasMin} and {@code extrasMax} of its
 * brokers, {@code extras} extras in all. Inside a cell counts differ by at most 1; in the unclamped cells every
 * broker holds {@code f} or {@code f + 1}; no broker holds more than the rule forces. This is the set of count
 * vectors of least sum of squares (checked by brute force in the tests).
 */
record Quotas(int[] base, int[] extrasMin, int[] extrasMax, int extras) {

    static Quotas compute(int[] cellSize, long[] cellLo, long[] cellHi, long replicas, int maxLevel) {
        int cells = cellSize.length;
        long lo = 0;
        long hi = maxLevel;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (total(cellSize, cellLo, cellHi, mid) <= replicas) lo = mid;
            else hi = mid - 1;
        }
        long f = lo;
        int[] base = new int[cells];
        int[] eMin = new int[cells];
        int[] eMax = new int[cells];
        long baseSum = 0;
        for (int c = 0; c < cells; c++) {
            long tf = clamp(cellSize[c] * f, cellLo[c], cellHi[c]);
            long tf1 = f < maxLevel ? clamp(cellSize[c] * (f + 1), cellLo[c], cellHi[c]) : tf;
            base[c] = (int) (tf / cellSize[c]);
            eMin[c] = (int) (tf - (long) base[c] * cellSize[c]);
            eMax[c] = (int) (tf1 - (long) base[c] * cellSize[c]);
            baseSum += (long) base[c] * cellSize[c];
        }
        long extras = replicas - baseSum;
        long minSum = 0;
        long maxSum = 0;
        for (int c = 0; c < cells; c++) {
            minSum += eMin[c];
            maxSum += eMax[c];
        }
        if (extras < minSum || extras > maxSum) {
            throw new IllegalStateException("no balanced counts: extras " + extras + " outside [" + minSum + ", "
                    + maxSum + "]");
        }
        return new Quotas(base, eMin, eMax, (int) extras);
    }

    private static long total(int[] size, long[] lo, long[] hi, long level) {
        long t = 0;
        for (int c = 0; c < size.length; c++) t += clamp(size[c] * level, lo[c], hi[c]);
        return t;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * The rack rule for one partition of {@code rf} replicas over racks of the given sizes: rack {@code i} holds
     * between {@code result[0][i]} and {@code result[1][i]} of its replicas. With at least {@code rf} racks that is
     * 0 or 1 (no two replicas share a rack); with fewer racks every rack holds {@code rf / racks} rounded down or up
     * (so all racks are used), and where a rack is too small to take its share the others take more.
     */
    static int[][] rackBounds(int rf, int[] rackSizes) {
        int k = rackSizes.length;
        int[] lo = new int[k];
        int[] hi = new int[k];
        int t = (rf + k - 1) / k;
        while (true) {
            int sum = 0;
            for (int s : rackSizes) sum += Math.min(s, t);
            if (sum >= rf) break;
            t++;
        }
        for (int i = 0; i < k; i++) {
            lo[i] = Math.min(rackSizes[i], rf / k);
            hi[i] = Math.min(rackSizes[i], t);
        }
        return new int[][] {lo, hi};
    }
}
