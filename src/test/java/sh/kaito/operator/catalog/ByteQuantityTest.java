package sh.kaito.operator.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteQuantityTest {

  @Test
  void parsesBinarySuffixes() {
    assertThat(ByteQuantity.parse("16Gi")).isEqualTo(16L * 1024 * 1024 * 1024);
    assertThat(ByteQuantity.parse("512Mi")).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteQuantity.parse("1.5Ki")).isEqualTo(1536L);
    assertThat(ByteQuantity.parse("1Ti")).isEqualTo(ByteQuantity.TI);
  }

  @Test
  void parsesDecimalSuffixesAndPlainBytes() {
    assertThat(ByteQuantity.parse("80G")).isEqualTo(80_000_000_000L);
    assertThat(ByteQuantity.parse("3M")).isEqualTo(3_000_000L);
    assertThat(ByteQuantity.parse("2k")).isEqualTo(2_000L);
    assertThat(ByteQuantity.parse("1T")).isEqualTo(1_000_000_000_000L);
    assertThat(ByteQuantity.parse("4096")).isEqualTo(4096L);
    assertThat(ByteQuantity.parse("0")).isZero();
  }

  @Test
  void fractionalSizesRoundUpToWholeBytes() {
    // 7.12 * 2^30 = 7645041786.88
    assertThat(ByteQuantity.parse("7.12Gi")).isEqualTo(7_645_041_787L);
    assertThat(ByteQuantity.parse("0.1")).isEqualTo(1L);
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(ByteQuantity.parse("  16Gi ")).isEqualTo(ByteQuantity.parse("16Gi"));
  }

  @Test
  void formatsWithAtMostTwoDecimals() {
    assertThat(ByteQuantity.formatGi(ByteQuantity.parse("7.12Gi"))).isEqualTo("7.12Gi");
    assertThat(ByteQuantity.formatGi(16 * ByteQuantity.GI)).isEqualTo("16Gi");
    assertThat(ByteQuantity.formatGi(80 * ByteQuantity.GI)).isEqualTo("80Gi");
    assertThat(ByteQuantity.formatGi(512 * ByteQuantity.MI)).isEqualTo("0.5Gi");
    // 80e9 bytes = 74.5058... GiB
    assertThat(ByteQuantity.formatGi(ByteQuantity.parse("80G"))).isEqualTo("74.51Gi");
    assertThat(ByteQuantity.formatGi(0)).isEqualTo("0Gi");
  }

  @ParameterizedTest
  @ValueSource(strings = {"27.31Gi", "641.30Gi", "1128Gi", "13.44Gi", "0.25Gi"})
  void catalogSizesSurviveParseAndFormat(String text) {
    long bytes = ByteQuantity.parse(text);
    assertThat(ByteQuantity.parse(ByteQuantity.formatGi(bytes))).isEqualTo(bytes);
  }

  @Test
  void convertsToGiBAndFormatsOneDecimal() {
    assertThat(ByteQuantity.toGiB(ByteQuantity.parse("16Gi"))).isEqualTo(16.0);
    assertThat(ByteQuantity.oneDecimal(10.44)).isEqualTo("10.4");
    assertThat(ByteQuantity.oneDecimal(10.45 + 1e-9)).isEqualTo("10.5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", "Gi", "7.12GB", "16gi", "16 Gi", "-1Gi", "+1Gi", "1e3", "7.Gi", ".5Gi", "abc",
        "16Gi16", "100m"
      })
  void rejectsMalformedSizes(String text) {
    assertThatThrownBy(() -> ByteQuantity.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void rejectsMissingSize() {
    assertThatThrownBy(() -> ByteQuantity.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void rejectsSizesBeyondLongRangeAsIllegalArgument() {
    assertThatThrownBy(() -> ByteQuantity.parse("99999999999Ti"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThat(ByteQuantity.parse("8191Ti")).isEqualTo(8191L * ByteQuantity.TI);
  }
}
