package sh.kaito.operator.manifests;

/**
 * The images the workloads run. KAITO's public images by default; every one can be overridden for
 * air-gapped registries.
 *
 * @param presetRegistry registry of KAITO's runtime images, e.g. {@code
 *     mcr.microsoft.com/aks/kaito}
 * @param baseImageTag tag of {@code kaito-base}
 * @param oras image with the ORAS CLI (model weights pull, adapter push)
 * @param curl image with curl (tuning data download)
 * @param skopeo image with skopeo (adapter and data image pull)
 * @param pusher image that pushes the tuning output: the ORAS CLI plus a POSIX shell, tar, gzip and
 *     sha256sum for the pusher script (the Alpine-based ORAS image that KAITO's pusher uses)
 */
public record RuntimeImages(
    String presetRegistry,
    String baseImageTag,
    String oras,
    String curl,
    String skopeo,
    String pusher) {

  public static final String DEFAULT_ORAS = "mcr.microsoft.com/oss/v2/oras-project/oras:v1.2.3";
  public static final String DEFAULT_CURL = "curlimages/curl:8.11.1";
  public static final String DEFAULT_SKOPEO = "mcr.microsoft.com/aks/skopeo:1.14.4-6";
  public static final String DEFAULT_PUSHER = "ghcr.io/oras-project/oras:v1.2.2";

  public static RuntimeImages defaults(String presetRegistry, String baseImageTag) {
    return new RuntimeImages(
        presetRegistry, baseImageTag, DEFAULT_ORAS, DEFAULT_CURL, DEFAULT_SKOPEO, DEFAULT_PUSHER);
  }

  /** The image every preset runs: {@code <registry>/kaito-base:<tag>}. */
  public String baseImage() {
    return presetRegistry + "/kaito-base:" + baseImageTag;
  }

  /**
   * The OCI artifact holding a model's weights for tuning: {@code <registry>/kaito-<name>:<tag>}.
   */
  public String weightsArtifact(String presetName, String tag) {
    return presetRegistry + "/kaito-" + presetName + ":" + tag;
  }
}
