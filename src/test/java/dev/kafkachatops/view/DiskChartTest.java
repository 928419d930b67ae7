package dev.kafkachatops.view;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The disk chart as an image: its size, its colours, its scale and labels, and what it refuses. */
class DiskChartTest {
    private static final long GB = 1_000_000_000L;

    private static List<DiskChart.Bar> threeBrokers() {
        return List.of(
                new DiskChart.Bar(1, 900 * GB, 600 * GB, OptionalLong.of(2000 * GB)),
                new DiskChart.Bar(2, 300 * GB, 580 * GB, OptionalLong.of(2000 * GB)),
                new DiskChart.Bar(3, 600 * GB, 620 * GB, OptionalLong.of(1000 * GB)));
    }

    private static List<DiskChart.Bar> brokers(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(b -> new DiskChart.Bar(b, (50 + (b * 37L) % 100) * GB,
                (95 + b % 10) * GB, OptionalLong.empty())).toList();
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).as("decodes as an image").isNotNull();
        return img;
    }

    private static long pixels(BufferedImage img, Color c) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void threeBrokersMakeTheNarrowestImageWithBothBarColours() throws IOException {
        BufferedImage img = decode(DiskChart.png("Disk per broker", threeBrokers()));
        assertThat(img.getWidth()).isEqualTo(ChartScale.MIN_WIDTH);
        assertThat(img.getHeight()).isEqualTo(DiskChart.HEIGHT);
        // far more than the legend's two swatches: the bars themselves
        assertThat(pixels(img, DiskChart.BEFORE)).isGreaterThan(5_000);
        assertThat(pixels(img, DiskChart.AFTER)).isGreaterThan(5_000);
        assertThat(pixels(img, DiskChart.MEAN)).as("the mean-after line").isGreaterThan(100);
        assertThat(pixels(img, DiskChart.CAPACITY)).as("the smallest-disk line").isGreaterThan(100);
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).as("white background").isEqualTo(0xFFFFFF);
    }

    @Test
    void threeHundredBrokersWidenToTheCapAndLabelEveryTenth() throws IOException {
        BufferedImage img = decode(DiskChart.png("Disk per broker", brokers(300)));
        assertThat(img.getWidth()).isEqualTo(ChartScale.MAX_WIDTH);
        assertThat(img.getHeight()).isEqualTo(DiskChart.HEIGHT);
        assertThat(pixels(img, DiskChart.BEFORE)).isGreaterThan(5_000);
        assertThat(pixels(img, DiskChart.AFTER)).isGreaterThan(5_000);
        assertThat(ChartScale.of(brokers(300)).labelStep()).isEqualTo(10);
    }

    @Test
    void theWidthGrowsWithTheBrokersBetweenTheBounds() {
        assertThat(ChartScale.width(1)).isEqualTo(800);
        assertThat(ChartScale.width(25)).isEqualTo(800);
        assertThat(ChartScale.width(40)).isEqualTo(1160);
        assertThat(ChartScale.width(59)).isEqualTo(1600);
        assertThat(ChartScale.width(300)).isEqualTo(1600);
        assertThat(ChartScale.labelStep(3, 1, 800)).isEqualTo(1);
        assertThat(ChartScale.labelStep(40, 2, 1160)).isEqualTo(1);
        assertThat(ChartScale.labelStep(100, 3, 1600)).isEqualTo(5);
        assertThat(ChartScale.labelStep(5000, 4, 1600)).isEqualTo(200);
    }

    @Test
    void theUnitFollowsTheHighestValueDrawn() {
        assertThat(ChartScale.of(threeBrokers()).capacityLine()).hasValue(1000 * GB);
        assertThat(ChartScale.of(threeBrokers()).unit()).as("the 1 TB disk line is drawn").isEqualTo("TB");
        assertThat(ChartScale.of(brokers(3)).unit()).isEqualTo("GB");
        var small = List.of(new DiskChart.Bar(1, 3_000_000, 12_500_000, OptionalLong.empty()));
        assertThat(ChartScale.of(small).unit()).isEqualTo("MB");
        assertThat(ChartScale.of(small).scaled(12_500_000)).isEqualTo(12.5);
        var roomy = List.of(new DiskChart.Bar(1, 100 * GB, 100 * GB, OptionalLong.of(4000 * GB)));
        assertThat(ChartScale.of(roomy).capacityLine()).as("far above the bars: not drawn").isEmpty();
        assertThat(ChartScale.of(roomy).unit()).isEqualTo("GB");
        var empty = List.of(new DiskChart.Bar(1, 0, 0, OptionalLong.empty()));
        assertThat(ChartScale.of(empty).unit()).isEqualTo("B");
    }

    @Test
    void theSubtitleNamesTheFullestBrokerAfter() {
        assertThat(DiskChart.summary(threeBrokers())).isEqualTo("Before 300 GB to 900 GB, after 580 GB to 620 GB"
                + " \u00B7 fullest after: broker 3 at 62% of 1.0 TB");
        assertThat(DiskChart.summary(brokers(3))).doesNotContain("fullest");
    }

    @Test
    void refusesAnEmptyListAndDuplicateBrokers() {
        assertThatThrownBy(() -> DiskChart.png("t", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no brokers");
        var twice = new ArrayList<>(threeBrokers());
        twice.add(new DiskChart.Bar(2, 1, 1, OptionalLong.empty()));
        assertThatThrownBy(() -> DiskChart.png("t", twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker 2 appears twice");
        assertThatThrownBy(() -> new DiskChart.Bar(1, -1, 0, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameInputGivesTheSameImageSize() throws IOException {
        BufferedImage a = decode(DiskChart.png("x", brokers(40)));
        BufferedImage b = decode(DiskChart.png("x", brokers(40)));
        assertThat(a.getWidth()).isEqualTo(b.getWidth()).isEqualTo(ChartScale.width(40));
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
    }
}
