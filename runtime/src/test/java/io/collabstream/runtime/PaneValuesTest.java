package io.collabstream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaneValuesTest {
  @Test
  void valuesAddedFromAPartialGiveTheBitsOfAddingThemOneByOne() {
    double[] arrival = {0.1, 0.2, 0.3, 1e16, 1.0, -1e16, 0.7};
    double oneByOne = 0;
    for (double v : arrival) {
      oneByOne += v;
    }
    // Two partials of the same pane, each sent with its values.
    double[] first = PaneValues.NONE;
    long firstCount = 0;
    for (int i = 0; i < 3; i++) {
      first = PaneValues.append(first, firstCount++, arrival[i]);
    }
    double[] second = PaneValues.NONE;
    long secondCount = 0;
    for (int i = 3; i < arrival.length; i++) {
      second = PaneValues.append(second, secondCount++, arrival[i]);
    }
    first = PaneValues.trim(first, firstCount);
    second = PaneValues.trim(second, secondCount);
    assertThat(first).hasSize(3);
    double pane = PaneValues.addInOrder(0, first, firstCount);
    pane = PaneValues.addInOrder(pane, second, secondCount);
    assertThat(Double.doubleToRawLongBits(pane)).isEqualTo(Double.doubleToRawLongBits(oneByOne));
    // Adding the partials' sums instead would change the last bits here.
    double sums = PaneValues.addInOrder(0, first, firstCount) + PaneValues.addInOrder(0, second, 4);
    assertThat(sums).isNotEqualTo(oneByOne);

    double[] both = PaneValues.concat(first, firstCount, second, secondCount);
    assertThat(both).containsExactly(arrival);
    assertThat(PaneValues.NONE).isEmpty();
  }
}
