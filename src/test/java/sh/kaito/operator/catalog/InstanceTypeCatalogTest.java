package sh.kaito.operator.catalog;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceTypeCatalogTest {
  private static final long GI = ByteQuantity.GI;

  private static InstanceTypeCatalog catalog;

  @BeforeAll
  static void loadShippedCatalog() {
    catalog = InstanceTypeCatalog.load();
  }

  private static GpuInstanceType get(String name) {
    return catalog.find(name).orElseThrow(() -> new AssertionError("not found: " + name));
  }

  @Test
  void shippedCatalogHoldsEveryCloudsTable() {
    assertThat(catalog.all()).hasSize(72);
    assertThat(catalog.namesFor("azure")).hasSize(29);
    assertThat(catalog.namesFor("aws")).hasSize(35);
    assertThat(catalog.namesFor("arc")).hasSize(8);
    assertThat(catalog.all().stream().filter(GpuInstanceType::legacy)).hasSize(15);
  }

  @Test
  void namesForIsCaseInsensitiveAndInCatalogOrder() {
    assertThat(catalog.namesFor("aws")).contains("p5.48xlarge", "g5.xlarge", "inf2.48xlarge");
    assertThat(catalog.namesFor("AWS")).isEqualTo(catalog.namesFor("aws"));
    assertThat(catalog.namesFor("azure")).startsWith("Standard_NV36ads_A10_v5");
    assertThat(catalog.namesFor("arc")).contains("Standard_NC4_A2", "Standard_NC32_A16");
    assertThat(catalog.namesFor("gcp")).isEmpty();
  }

  @Test
  void findsLegacyV100IgnoringCase() {
    GpuInstanceType nc6 = get("standard_nc6s_v3");
    assertThat(nc6.name()).isEqualTo("Standard_NC6s_v3");
    assertThat(nc6.cloud()).isEqualTo("azure");
    assertThat(nc6.gpuCount()).isEqualTo(1);
    assertThat(nc6.gpuMemoryBytes()).isEqualTo(16 * GI);
    assertThat(nc6.computeCapability()).isEqualByComparingTo("7.0");
    assertThat(nc6.legacy()).isTrue();
    assertThat(nc6.nvme()).isFalse();
    assertThat(catalog.find(" STANDARD_NC6S_V3 ")).containsSame(nc6);
  }

  @Test
  void unknownSkusAreNotFound() {
    assertThat(catalog.find("Standard_D4s_v3")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
  }

  @Test
  void gpuMemoryIsTheNodeTotal() {
    GpuConfig nd96 = get("Standard_ND96asr_A100_v4").gpuConfig();
    assertThat(nd96.gpuCount()).isEqualTo(8);
    assertThat(nd96.memoryPerGpuBytes()).isEqualTo(40 * GI);
    assertThat(nd96.totalMemoryBytes()).isEqualTo(320 * GI);
    assertThat(get("Standard_ND96amsr_A100_v4").gpuConfig().memoryPerGpuBytes()).isEqualTo(80 * GI);
    assertThat(get("Standard_ND96isr_H200_v5").gpuConfig().memoryPerGpuBytes()).isEqualTo(141 * GI);
    assertThat(get("p5.48xlarge").gpuConfig().memoryPerGpuBytes()).isEqualTo(80 * GI);
    assertThat(get("Standard_NC80adis_H100_v5").gpuConfig().memoryPerGpuBytes()).isEqualTo(94 * GI);
    assertThat(get("Standard_NC64as_T4_v3").gpuConfig().memoryPerGpuBytes()).isEqualTo(16 * GI);
    assertThat(get("Standard_NV24").gpuConfig().memoryPerGpuBytes()).isEqualTo(8 * GI);
  }

  @Test
  void legacySkusMatchKaitoV046() {
    record Expect(String name, int gpus, long memGi, String model, String cc) {}
    List<Expect> expected =
        List.of(
            new Expect("Standard_NC6s_v3", 1, 16, "NVIDIA V100", "7.0"),
            new Expect("Standard_NC12s_v3", 2, 32, "NVIDIA V100", "7.0"),
            new Expect("Standard_NC24s_v3", 4, 64, "NVIDIA V100", "7.0"),
            new Expect("Standard_NC24rs_v3", 4, 64, "NVIDIA V100", "7.0"),
            new Expect("Standard_NC4as_T4_v3", 1, 16, "NVIDIA T4", "7.5"),
            new Expect("Standard_NC8as_T4_v3", 1, 16, "NVIDIA T4", "7.5"),
            new Expect("Standard_NC16as_T4_v3", 1, 16, "NVIDIA T4", "7.5"),
            new Expect("Standard_NC64as_T4_v3", 4, 64, "NVIDIA T4", "7.5"),
            new Expect("Standard_NV6", 1, 8, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV12", 2, 16, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV24", 4, 32, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV12s_v3", 1, 8, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV24s_v3", 2, 16, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV48s_v3", 4, 32, "NVIDIA M60", "5.2"),
            new Expect("Standard_NV32as_v4", 1, 16, "AMD Radeon Instinct MI25", null));
    for (Expect e : expected) {
      GpuInstanceType t = get(e.name());
      assertThat(t.legacy()).as(e.name()).isTrue();
      assertThat(t.gpuCount()).as(e.name()).isEqualTo(e.gpus());
      assertThat(t.gpuMemoryBytes()).as(e.name()).isEqualTo(e.memGi() * GI);
      assertThat(t.gpuModel()).as(e.name()).isEqualTo(e.model());
      if (e.cc() == null) {
        assertThat(t.computeCapability()).as(e.name()).isNull();
      } else {
        assertThat(t.computeCapability()).as(e.name()).isEqualByComparingTo(e.cc());
      }
    }
    assertThat(catalog.all().stream().filter(GpuInstanceType::legacy).map(GpuInstanceType::name))
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(Expect::name).toList());
  }

  @Test
  void currentNvidiaSkusAreAmpereOrNewer() {
    for (GpuInstanceType t : catalog.all()) {
      if (!t.legacy() && t.computeCapability() != null) {
        assertThat(t.computeCapability())
            .as(t.name())
            .isGreaterThanOrEqualTo(new BigDecimal("8.0"));
        assertThat(t.gpuModel()).as(t.name()).startsWith("NVIDIA");
      }
      if (t.computeCapability() == null) {
        assertThat(t.gpuModel()).as(t.name()).doesNotStartWith("NVIDIA");
      }
    }
    assertThat(get("g6.xlarge").computeCapability()).isEqualByComparingTo("8.9");
    assertThat(get("g5.48xlarge").computeCapability()).isEqualByComparingTo("8.6");
    assertThat(get("Standard_NC4_A16").computeCapability()).isEqualByComparingTo("8.6");
    assertThat(get("Standard_NC40ads_H100_v5").computeCapability()).isEqualByComparingTo("9.0");
    assertThat(get("trn1.32xlarge").computeCapability()).isNull();
    assertThat(get("Standard_NG32ads_V620_v1").computeCapability()).isNull();
  }

  @Test
  void bfloat16NeedsAmpere() {
    assertThat(get("Standard_NC6s_v3").gpuConfig().supportsBfloat16()).isFalse();
    assertThat(get("Standard_NC4as_T4_v3").gpuConfig().supportsBfloat16()).isFalse();
    assertThat(get("Standard_NV6").gpuConfig().supportsBfloat16()).isFalse();
    assertThat(get("Standard_NC24ads_A100_v4").gpuConfig().supportsBfloat16()).isTrue();
    assertThat(get("Standard_NV36ads_A10_v5").gpuConfig().supportsBfloat16()).isTrue();
    assertThat(get("p5.48xlarge").gpuConfig().supportsBfloat16()).isTrue();
  }

  @Test
  void nvmeFollowsKaitosTable() {
    assertThat(get("Standard_NC24ads_A100_v4").nvme()).isTrue();
    assertThat(get("Standard_ND96isr_H100_v5").nvme()).isTrue();
    assertThat(get("Standard_ND96asr_A100_v4").nvme()).isFalse();
    assertThat(get("Standard_NV36ads_A10_v5").nvme()).isFalse();
    assertThat(get("Standard_NCC40ads_H100_v5").nvme()).isFalse();
    assertThat(get("g5.xlarge").nvme()).isTrue();
    assertThat(get("inf2.xlarge").nvme()).isFalse();
    assertThat(get("Standard_NC4_A2").nvme()).isFalse();
  }

  // ---- broken catalogs ----

  private static InstanceTypeCatalog load(String yaml) {
    return InstanceTypeCatalog.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "skus.yaml");
  }

  private static String catalogWith(String secondEntryFields) {
    return """
    instanceTypes:
      - name: Standard_NC24ads_A100_v4
        cloud: azure
        gpuCount: 1
        gpuMemory: 80Gi
        gpuModel: NVIDIA A100
        computeCapability: 8.0
        nvme: true
      - name: Bad_SKU
    """
        + secondEntryFields.indent(4);
  }

  private static final String GOOD_FIELDS =
      """
      cloud: aws
      gpuCount: 2
      gpuMemory: 48Gi
      gpuModel: NVIDIA L4
      computeCapability: 8.9
      """;

  @Test
  void aWellFormedInlineCatalogLoads() {
    InstanceTypeCatalog c = load(catalogWith(GOOD_FIELDS));
    assertThat(c.all()).hasSize(2);
    assertThat(c.find("bad_sku").orElseThrow().gpuConfig().memoryPerGpuBytes()).isEqualTo(24 * GI);
    assertThat(c.namesFor("aws")).containsExactly("Bad_SKU");
  }

  @Test
  void missingGpuCountNamesTheEntry() {
    assertThatThrownBy(() -> load(catalogWith(GOOD_FIELDS.replace("gpuCount: 2\n", ""))))
        .isInstanceOf(CatalogException.class)
        .hasMessage("skus.yaml: instance type #2 (Bad_SKU): gpuCount must be > 0");
  }

  @Test
  void badMemoryNamesTheEntry() {
    for (String memory : List.of("48GB", "forty", "48")) {
      assertThatThrownBy(
              () ->
                  load(catalogWith(GOOD_FIELDS.replace("gpuMemory: 48Gi", "gpuMemory: " + memory))))
          .as(memory)
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("instance type #2 (Bad_SKU)")
          .hasMessageContaining("gpuMemory");
    }
  }

  @Test
  void duplicateNameIgnoringCaseNamesTheEntry() {
    String yaml = catalogWith(GOOD_FIELDS).replace("Bad_SKU", "standard_nc24ads_a100_v4");
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("instance type #2 (standard_nc24ads_a100_v4)")
        .hasMessageContaining("listed twice");
  }

  @Test
  void unknownPropertyNamesTheEntry() {
    assertThatThrownBy(() -> load(catalogWith(GOOD_FIELDS + "gpuMemoryPerGpu: 24Gi\n")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("instance type #2 (Bad_SKU)")
        .hasMessageContaining("unknown property 'gpuMemoryPerGpu'");
  }

  @Test
  void otherBadFieldsNameTheEntry() {
    assertThatThrownBy(() -> load(catalogWith(GOOD_FIELDS.replace("cloud: aws", "cloud: gcp"))))
        .hasMessageContaining("instance type #2 (Bad_SKU)")
        .hasMessageContaining("cloud");
    assertThatThrownBy(
            () ->
                load(
                    catalogWith(
                        GOOD_FIELDS.replace("computeCapability: 8.9", "computeCapability: 0"))))
        .hasMessageContaining("instance type #2 (Bad_SKU)")
        .hasMessageContaining("computeCapability");
    assertThatThrownBy(() -> load(catalogWith(GOOD_FIELDS.replace("gpuCount: 2", "gpuCount: two"))))
        .hasMessageContaining("instance type #2 (Bad_SKU)")
        .hasMessageContaining("gpuCount");
    assertThatThrownBy(() -> load(catalogWith(GOOD_FIELDS.replace("gpuModel: NVIDIA L4\n", ""))))
        .hasMessageContaining("instance type #2 (Bad_SKU)")
        .hasMessageContaining("gpuModel");
  }

  @Test
  void emptyCatalogIsRejected() {
    assertThatThrownBy(() -> load("instanceTypes: []\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessage("skus.yaml: no instance types");
    assertThatThrownBy(() -> load("skus: []\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("unknown top-level field 'skus'");
  }
}
