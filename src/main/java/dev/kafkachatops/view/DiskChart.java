package dev.kafkachatops.view;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.text.TextBlock;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Disk used per broker before and after a rebalance, as a PNG bar chart (JFreeChart, rendered headless: no
 * display needed; {@code java.awt.headless} is set to true unless the JVM was started with a value).
 *
 * <p>How it reads: brokers in id order along the x axis, each with a grey bar (before) and a blue bar (after); the
 * value axis in one decimal unit chosen from the highest value drawn ({@link ChartScale}); an orange dashed line at
 * the mean after, the level a balanced cluster sits at. When capacities are known, a red line marks the smallest
 * disk (drawn when it is at most twice the highest bar, so the bars keep half the height) and the subtitle names
 * the broker that is fullest after the move as a percentage of its own disk. The image is {@value #HEIGHT} px high
 * and 800 to 1600 px wide, growing with the number of brokers; with many brokers only every n-th one is labelled
 * ({@link ChartScale} has the numbers).
 */
public final class DiskChart {
    // Before any AWT class (Color, Font) initialises: they read the headless flag once.
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Fill of the "before" bars. */
    public static final Color BEFORE = new Color(0x9A, 0xA5, 0xB1);
    /** Fill of the "after" bars. */
    public static final Color AFTER = new Color(0x1F, 0x6F, 0xB4);
    static final Color MEAN = new Color(0xE6, 0x7E, 0x00);
    static final Color CAPACITY = new Color(0xC6, 0x28, 0x28);
    static final int HEIGHT = 480;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /**
     * One broker's disk use.
     *
     * @param capacityBytes the size of its log disk when known
     */
    public record Bar(int broker, long bytesBefore, long bytesAfter, OptionalLong capacityBytes) {
        public Bar {
            Objects.requireNonNull(capacityBytes, "capacityBytes");
            if (bytesBefore < 0 || bytesAfter < 0) {
                throw new IllegalArgumentException("negative bytes for broker " + broker);
            }
            if (capacityBytes.isPresent() && capacityBytes.getAsLong() <= 0) {
                throw new IllegalArgumentException("capacity of broker " + broker + " must be positive");
            }
        }
    }

    private DiskChart() {
    }

    /**
     * @return a PNG, {@value #HEIGHT} px high and {@code ChartScale.width(bars.size())} px wide
     * @throws IllegalArgumentException when {@code bars} is empty or names a broker twice
     */
    public static byte[] png(String title, List<Bar> bars) {
        Objects.requireNonNull(title, "title");
        List<Bar> sorted = sorted(bars);
        ChartScale scale = ChartScale.of(sorted);
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot(sorted, scale), true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(true);
        chart.getLegend().setItemFont(TEXT_FONT);
        chart.getLegend().setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(summary(sorted), TEXT_FONT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, scale.width(), HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the disk chart as PNG", e);
        }
        return out.toByteArray();
    }

    private static List<Bar> sorted(List<Bar> bars) {
        Objects.requireNonNull(bars, "bars");
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("no brokers to chart: the list of bars is empty");
        }
        var seen = new HashSet<Integer>();
        for (Bar b : bars) {
            if (!seen.add(b.broker())) {
                throw new IllegalArgumentException("broker " + b.broker() + " appears twice");
            }
        }
        return bars.stream().sorted(Comparator.comparingInt(Bar::broker)).toList();
    }

    private static CategoryPlot plot(List<Bar> bars, ChartScale scale) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : bars) {
            data.addValue(scale.scaled(b.bytesBefore()), "Before", Integer.valueOf(b.broker()));
            data.addValue(scale.scaled(b.bytesAfter()), "After", Integer.valueOf(b.broker()));
        }
        CategoryPlot plot = new CategoryPlot(data, brokerAxis(bars, scale), valueAxis(scale), renderer());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        double mean = bars.stream().mapToLong(Bar::bytesAfter).average().orElse(0);
        plot.addRangeMarker(marker(scale.scaled(mean), MEAN, "mean after " + Format.bytes(Math.round(mean))),
                Layer.FOREGROUND);
        scale.capacityLine().ifPresent(c -> plot.addRangeMarker(
                marker(scale.scaled(c), CAPACITY, "smallest disk " + Format.bytes(c)), Layer.FOREGROUND));
        return plot;
    }

    private static CategoryAxis brokerAxis(List<Bar> bars, ChartScale scale) {
        int step = scale.labelStep();
        var shown = new HashSet<Comparable<?>>();
        for (int i = 0; i < bars.size(); i += step) {
            shown.add(bars.get(i).broker());
        }
        CategoryAxis axis = new CategoryAxis("Broker") {
            @Override
            protected TextBlock createLabel(Comparable category, float width, RectangleEdge edge, Graphics2D g2) {
                return shown.contains(category) ? super.createLabel(category, width, edge, g2) : new TextBlock();
            }
        };
        axis.setMaximumCategoryLabelWidthRatio(step);
        axis.setCategoryMargin(scale.categoryMargin(bars.size()));
        axis.setLowerMargin(ChartScale.EDGE_MARGIN);
        axis.setUpperMargin(ChartScale.EDGE_MARGIN);
        axis.setLabelFont(TEXT_FONT);
        axis.setTickLabelFont(TEXT_FONT);
        axis.setTickMarksVisible(false);
        return axis;
    }

    private static NumberAxis valueAxis(ChartScale scale) {
        NumberAxis axis = new NumberAxis("Disk used (" + scale.unit() + ")");
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setLabelFont(TEXT_FONT);
        axis.setTickLabelFont(TEXT_FONT);
        axis.setAutoRangeIncludesZero(true);
        axis.setUpperMargin(0.1);
        scale.capacityLine().ifPresent(c -> axis.setRange(0, Math.max(scale.scaled(scale.maxBytes()),
                scale.scaled(c)) * 1.1));
        return axis;
    }

    private static BarRenderer renderer() {
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.0);
        r.setSeriesPaint(0, BEFORE);
        r.setSeriesPaint(1, AFTER);
        return r;
    }

    private static ValueMarker marker(double value, Color color, String label) {
        ValueMarker m = new ValueMarker(value, color, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        m.setLabel(label);
        m.setLabelFont(TEXT_FONT);
        m.setLabelPaint(color);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        m.setLabelOffset(new RectangleInsets(2, 2, 2, 6));
        return m;
    }

    /** "Before 400 GB to 2.0 TB, after 1.1 TB to 1.3 TB · fullest after: broker 7 at 91% of 2.0 TB". */
    static String summary(List<Bar> bars) {
        LongSummaryStatistics before = bars.stream().mapToLong(Bar::bytesBefore).summaryStatistics();
        LongSummaryStatistics after = bars.stream().mapToLong(Bar::bytesAfter).summaryStatistics();
        String s = "Before " + range(before) + ", after " + range(after);
        return bars.stream().filter(b -> b.capacityBytes().isPresent())
                .max(Comparator.comparingDouble(DiskChart::fullAfter))
                .map(b -> s + " \u00B7 fullest after: broker " + b.broker() + " at "
                        + Math.round(fullAfter(b) * 100) + "% of " + Format.bytes(b.capacityBytes().getAsLong()))
                .orElse(s);
    }

    private static String range(LongSummaryStatistics s) {
        return Format.bytes(s.getMin()) + " to " + Format.bytes(s.getMax());
    }

    private static double fullAfter(Bar b) {
        return (double) b.bytesAfter() / b.capacityBytes().getAsLong();
    }
}
