package dev.kafkachatops.view;

import java.util.List;
import java.util.OptionalLong;

/**
 * The numbers behind a {@link DiskChart}, computed from the bars alone so the layout is deterministic: the image
 * width, the value axis unit, which broker labels fit and whether the smallest-disk line is drawn.
 *
 * <p>Width: {@value #MARGIN_PX} px plus {@value #SLOT_PX} px per broker, at least {@value #MIN_WIDTH} and at most
 * {@value #MAX_WIDTH}. Labels: a label of c characters needs about 8c + 10 px; when a broker's slot is narrower,
 * only every n-th broker is labelled, n the smallest of 1, 2, 5, 10, 20, 25, 50, 100, ... that makes room. Unit:
 * the largest decimal unit (B, kB, MB, GB, TB, PB, as {@link Format#bytes} writes them) not above the highest value
 * drawn.
 *
 * @param maxBytes     the highest bar
 * @param capacityLine the smallest known disk, when it is at most twice the highest bar
 * @param divisor      bytes per {@code unit}
 * @param labelStep    every how many brokers a label is shown
 */
record ChartScale(int width, long maxBytes, OptionalLong capacityLine, String unit, double divisor, int labelStep) {
    static final int MIN_WIDTH = 800;
    static final int MAX_WIDTH = 1600;
    static final int MARGIN_PX = 200;
    static final int SLOT_PX = 24;
    /** Room the value axis, its label and the insets take from the width. */
    private static final int AXIS_PX = 110;
    static final int MAX_BAR_PX = 56;
    /** Share of the axis before the first and after the last broker. */
    static final double EDGE_MARGIN = 0.01;
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};
    private static final int[] NICE_STEPS = {1, 2, 5, 10, 20, 25, 50};

    static ChartScale of(List<DiskChart.Bar> bars) {
        int n = bars.size();
        int width = width(n);
        long maxBar = bars.stream().mapToLong(b -> Math.max(b.bytesBefore(), b.bytesAfter())).max().orElse(0);
        OptionalLong smallest = bars.stream().filter(b -> b.capacityBytes().isPresent())
                .mapToLong(b -> b.capacityBytes().getAsLong()).min();
        OptionalLong line = smallest.isPresent() && maxBar > 0 && smallest.getAsLong() <= 2 * maxBar
                ? smallest : OptionalLong.empty();
        long top = Math.max(maxBar, line.orElse(0));
        int u = 0;
        double divisor = 1;
        while (u < UNITS.length - 1 && top >= divisor * 1000) {
            divisor *= 1000;
            u++;
        }
        int chars = bars.stream().mapToInt(b -> String.valueOf(b.broker()).length()).max().orElse(1);
        return new ChartScale(width, maxBar, line, UNITS[u], divisor, labelStep(n, chars, width));
    }

    /** The image width for {@code brokers} brokers. */
    static int width(int brokers) {
        return (int) Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, MARGIN_PX + (long) SLOT_PX * brokers));
    }

    static int labelStep(int brokers, int labelChars, int width) {
        double slot = (double) (width - AXIS_PX) / brokers;
        double need = 8.0 * labelChars + 10;
        for (int scale = 1; ; scale *= 100) {
            for (int step : NICE_STEPS) {
                if (step * scale * slot >= need || step * scale >= brokers) {
                    return step * scale;
                }
            }
        }
    }

    /**
     * The share of the axis left between brokers: 20%, or more when that keeps a bar under {@value #MAX_BAR_PX} px
     * (a few brokers), so before and after stay side by side instead of spreading over the width.
     */
    double categoryMargin(int brokers) {
        double bars = 2.0 * MAX_BAR_PX * brokers / (width - AXIS_PX);
        return Math.max(0.2, 1 - 2 * EDGE_MARGIN - bars);
    }

    double scaled(double bytes) {
        return bytes / divisor;
    }
}
