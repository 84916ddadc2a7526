package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class DDSketchTest {
  private static double fromBits(String hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
  }

  @Test
  void computesTheBucketIndexAndValueOfEveryFixturePairAsTheEvaluatorDid() throws IOException {
    String text;
    try (InputStream in = DDSketchTest.class.getResourceAsStream("/ddsketch-fixture.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.trim().split("\n");
    assertThat(lines.length).isGreaterThan(10000);
    for (String line : lines) {
      String[] parts = line.split(" ");
      double gamma = DDSketch.gamma(fromBits(parts[0]));
      double logGamma = StrictMath.log(gamma);
      int index = Integer.parseInt(parts[2]);
      assertThat(DDSketch.bucketIndex(logGamma, fromBits(parts[1]))).as(line).isEqualTo(index);
      assertThat(Double.doubleToRawLongBits(DDSketch.bucketValue(gamma, logGamma, index)))
          .as(line)
          .isEqualTo(Double.doubleToRawLongBits(fromBits(parts[3])));
    }
  }

  @Test
  void answersTheEvaluatorsQuantileBitForBitOnLongTailedWindows() throws IOException {
    String text;
    try (InputStream in = DDSketchTest.class.getResourceAsStream("/ddsketch-quantiles.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.trim().split("\n");
    assertThat(lines.length).isEqualTo(300);
    for (String line : lines) {
      String[] parts = line.split(" ");
      DDSketch sketch = new DDSketch(fromBits(parts[0]));
      for (int i = 3; i < parts.length; i++) {
        sketch.add(fromBits(parts[i]));
      }
      assertThat(Double.doubleToRawLongBits(sketch.quantile(fromBits(parts[1]))))
          .as(line)
          .isEqualTo(Double.doubleToRawLongBits(fromBits(parts[2])));
    }
  }

  @Test
  void ordersNegativesZerosAndPositivesAndSkipsNonFiniteValues() {
    DDSketch sketch = new DDSketch(0.05);
    for (double x : new double[] {-10, 0, 1e-12, 5, Double.NaN, Double.POSITIVE_INFINITY}) {
      sketch.add(x);
    }
    assertThat(sketch.count()).isEqualTo(4);
    assertThat(sketch.quantile(0)).isLessThan(-9);
    assertThat(sketch.quantile(1.0 / 3)).isEqualTo(0.0);
    assertThat(sketch.quantile(1)).isGreaterThan(4.5);
    assertThat(new DDSketch(0.05).quantile(0.5)).isNull();
  }

  @Test
  void mergesToTheSameBucketsInAnyOrderPastTheBucketBound() {
    Random random = new Random(3);
    DDSketch whole = new DDSketch(0.001);
    DDSketch[] parts = {new DDSketch(0.001), new DDSketch(0.001), new DDSketch(0.001)};
    for (int i = 0; i < 8000; i++) {
      double x = Math.exp(random.nextDouble() * 28 - 14);
      whole.add(x);
      parts[i % 3].add(x);
    }
    parts[2].merge(parts[0]);
    parts[2].merge(parts[1]);
    List<long[]> expected = whole.buckets();
    List<long[]> merged = parts[2].buckets();
    assertThat(expected).hasSize(DDSketch.MAX_BUCKETS);
    assertThat(merged).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(merged.get(i)).containsExactly(expected.get(i));
    }
    assertThat(parts[2].quantile(0.99)).isEqualTo(whole.quantile(0.99));
  }

  @Test
  void isAFlinkPojoThatRoundTripsWithoutKryo() throws IOException {
    TypeInformation<DDSketch> type = TypeInformation.of(DDSketch.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    NoKryoTypesTest.assertNoGenericFields((PojoTypeInfo<?>) type);
    DDSketch sketch = new DDSketch(0.02);
    for (double x : new double[] {-3, 0, 1, 2, 40, 4000, 4100}) {
      sketch.add(x);
    }
    DDSketch restored = NoKryoTypesTest.roundTrip(type, sketch);
    assertThat(restored.relativeError).isEqualTo(0.02);
    assertThat(restored.buckets()).hasSameSizeAs(sketch.buckets());
    for (int i = 0; i < sketch.buckets().size(); i++) {
      assertThat(restored.buckets().get(i)).containsExactly(sketch.buckets().get(i));
    }
    for (double fraction : new double[] {0, 0.5, 0.99}) {
      assertThat(restored.quantile(fraction)).isEqualTo(sketch.quantile(fraction));
    }
    restored.add(5000);
    assertThat(restored.count()).isEqualTo(8);
  }

  @Test
  void mergesASketchOfAnotherRelativeErrorByItsBucketValues() {
    DDSketch old = new DDSketch(0.05);
    DDSketch next = new DDSketch(0.01);
    for (double x : new double[] {-7, 0, 10, 100}) {
      old.add(x);
    }
    next.add(1000);
    next.merge(old);
    assertThat(next.count()).isEqualTo(5);
    assertThat(next.quantile(0)).isCloseTo(-7, org.assertj.core.data.Offset.offset(7 * 0.061));
    assertThat(next.quantile(0.25)).isEqualTo(0.0);
    assertThat(next.quantile(1)).isCloseTo(1000, org.assertj.core.data.Offset.offset(10.0));
  }
}
