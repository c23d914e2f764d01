package sh.kaito.operator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Kubernetes cluster with the operator installed the way a user installs it, for the
 * end-to-end tests ({@code *E2EIT}).
 *
 * <p>The cluster is the one the admin kubeconfig in {@code KAITO_E2E_KUBECONFIG} points at ( {@code
 * src/test/cluster/up.sh} prints one; use a disposable cluster). Without that variable the tests
 * are skipped. Once per test JVM, {@link Extension} installs:
 *
 * <ul>
 *   <li>the CRDs from {@code deploy/crds/}, and the Namespace, ServiceAccount, ClusterRoles, Roles
 *       and their bindings from {@code deploy/operator.yaml}, unchanged;
 *   <li>a serving certificate for 127.0.0.1 made with {@code keytool};
 *   <li>the packaged operator ({@code target/quarkus-app/quarkus-run.jar}) as a subprocess, with a
 *       kubeconfig holding a token of the ServiceAccount {@code kaito-system/kaito-operator}
 *       (TokenRequest API), so it has exactly the permissions of the generated RBAC, and the {@code
 *       simulated} cloud provider; its log is {@code target/e2e/operator.log};
 *   <li>the ValidatingWebhookConfiguration from {@code deploy/operator.yaml} with its service
 *       reference replaced by {@code https://127.0.0.1:<port>/...} and the certificate as caBundle.
 * </ul>
 *
 * After the last test it deletes what the tests left (their Workspaces while the operator still
 * runs), the webhook configuration, stops the operator and deletes the objects it created. A test
 * fails when the operator logged a permission error ("forbidden") during it, and the operator's log
 * of a failed test is printed.
 */
public final class E2eCluster implements AutoCloseable {
  public static final String ENV_KUBECONFIG = "KAITO_E2E_KUBECONFIG";
  public static final String OPERATOR_NAMESPACE = "kaito-system";
  public static final String OPERATOR_ACCOUNT = "kaito-operator";
  public static final String WEBHOOK = "validation.workspace.kaito.sh";
  public static final String WEBHOOK_DENIED =
      "admission webhook \"" + WEBHOOK + "\" denied the request";

  /** How long one step of a test (a node, a Job, a condition) may take. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** How long cleanup may take: a Running pod on a deleted node waits for the pod GC (~40 s). */
  public static final Duration CLEANUP_TIMEOUT = Duration.ofMinutes(3);

  static final Path DEPLOY = Path.of("deploy");
  static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  static final Path WORK = Path.of("target", "e2e");
  static final String SA_USER =
      "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_ACCOUNT;
  private static final Pattern FORBIDDEN =
      Pattern.compile("[^\\n]*forbidden: User \\\\?\"" + Pattern.quote(SA_USER) + "[^\\n]*");
  private static final Duration POLL = Duration.ofMillis(250);

  private final KubernetesClient client;
  private final Config config;

  /** Cluster objects this run created (not merely updated), deleted in reverse order at close. */
  private final List<HasMetadata> created = Collections.synchronizedList(new ArrayList<>());

  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  private final Path log = WORK.resolve("operator.log");
  private final List<Replica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Path operatorKubeconfig;
  private Process operator;
  private Thread shutdownHook;
  private int httpPort;
  private int httpsPort;
  private String caBundle;
  private long scanned;
  private boolean closed;

  private E2eCluster(Config config) {
    this.config = config;
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Installs the operator on the cluster of {@code kubeconfig} and starts it. */
  static E2eCluster start(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    E2eCluster cluster = new E2eCluster(config);
    try {
      cluster.install();
      return cluster;
    } catch (RuntimeException | IOException | Error e) {
      System.err.println(cluster.operatorLog(0));
      cluster.close();
      throw e;
    }
  }

  /** The admin client. */
  public KubernetesClient client() {
    return client;
  }

  // --- installation
  // -------------------------------------------------------------------------------------------

  private void install() throws IOException {
    assertThat(JAR)
        .as("the packaged operator (run ./mvnw package first; ./mvnw verify does)")
        .exists();
    Files.createDirectories(WORK);
    log(
        "cluster "
            + config.getMasterUrl()
            + " ("
            + client.getKubernetesVersion().getGitVersion()
            + ")");
    applyCrds();
    applyRbac();
    writeCertificate();
    operatorKubeconfig = writeOperatorKubeconfig();
    // The log is appended to when the operator restarts within this run, never across runs.
    Files.deleteIfExists(log);
    startOperator(operatorKubeconfig);
    applyWebhook();
  }

  private void applyCrds() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DEPLOY.resolve("crds"))) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).as("CRDs under deploy/crds").isNotEmpty();
    for (Path f : files) {
      for (HasMetadata item : load(f)) {
        apply(item);
      }
    }
    await("CRDs established")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              for (String crd : List.of("workspaces.kaito.sh", "machines.kaito.sh")) {
                CustomResourceDefinition d =
                    client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
                assertThat(d).as(crd).isNotNull();
                assertThat(d.getStatus().getConditions())
                    .as(crd + " Established")
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Established");
                          assertThat(c.getStatus()).isEqualTo("True");
                        });
              }
            });
  }

  /**
   * The Namespace, ServiceAccount, (Cluster)Roles and (Cluster)RoleBindings of deploy/, unchanged.
   */
  private void applyRbac() throws IOException {
    int roles = 0;
    for (HasMetadata item : load(DEPLOY.resolve("operator.yaml"))) {
      if (item instanceof Namespace
          || item instanceof ServiceAccount
          || item instanceof ClusterRole
          || item instanceof ClusterRoleBinding
          || item instanceof Role
          || item instanceof RoleBinding) {
        apply(item);
        roles += item instanceof ClusterRoleBinding ? 1 : 0;
      }
    }
    assertThat(roles).as("ClusterRoleBindings in deploy/operator.yaml").isPositive();
  }

  /** A self-signed serving certificate for 127.0.0.1, as PEM files for Quarkus. */
  private void writeCertificate() throws IOException {
    Path dir = WORK.resolve("tls");
    Files.createDirectories(dir);
    Path store = dir.resolve("webhook.p12");
    Files.deleteIfExists(store);
    String password = UUID.randomUUID().toString();
    run(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair",
        "-alias",
        "webhook",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=IP:127.0.0.1,DNS:localhost",
        "-ext",
        "EKU=serverAuth",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        password,
        "-keypass",
        password,
        "-noprompt");
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey("webhook", password.toCharArray());
      Certificate cert = ks.getCertificate("webhook");
      String certPem = pem("CERTIFICATE", cert.getEncoded());
      writePrivate(dir.resolve("tls.crt"), certPem);
      writePrivate(dir.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
      caBundle = Base64.getEncoder().encodeToString(certPem.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the keytool keystore " + store, e);
    }
  }

  /**
   * A kubeconfig for the operator: the cluster of the admin kubeconfig and a token of the
   * operator's ServiceAccount; checked to authenticate as that ServiceAccount.
   */
  private Path writeOperatorKubeconfig() throws IOException {
    var token =
        client
            .serviceAccounts()
            .inNamespace(OPERATOR_NAMESPACE)
            .withName(OPERATOR_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(4 * 3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String ca = config.getCaCertData();
    if ((ca == null || ca.isBlank()) && config.getCaCertFile() != null) {
      ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
    }
    String trust =
        ca == null || ca.isBlank()
            ? "    insecure-skip-tls-verify: true\n"
            : "    certificate-authority-data: " + ca + "\n";
    String kubeconfig =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: e2e\n"
            + "  cluster:\n"
            + "    server: "
            + config.getMasterUrl()
            + "\n"
            + trust
            + "users:\n"
            + "- name: "
            + OPERATOR_ACCOUNT
            + "\n"
            + "  user:\n"
            + "    token: "
            + token
            + "\n"
            + "contexts:\n"
            + "- name: e2e\n"
            + "  context: {cluster: e2e, user: "
            + OPERATOR_ACCOUNT
            + ", namespace: "
            + OPERATOR_NAMESPACE
            + "}\n"
            + "current-context: e2e\n";
    Path file = WORK.resolve("operator.kubeconfig");
    writePrivate(file, kubeconfig);
    try (KubernetesClient sa =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
      SelfSubjectReview review =
          sa.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      assertThat(review.getStatus().getUserInfo().getUsername())
          .as("identity of the operator's kubeconfig")
          .isEqualTo(SA_USER);
    }
    return file;
  }

  /** The Lease identity of the operator this class starts (JOSDK takes it from HOSTNAME). */
  public static final String PRIMARY = "e2e-operator-primary";

  private void startOperator(Path kubeconfig) throws IOException {
    httpPort = freePort();
    httpsPort = freePort();
    while (httpsPort == httpPort) {
      httpsPort = freePort();
    }
    ProcessBuilder pb = launcher(kubeconfig, PRIMARY, httpPort, httpsPort, log);
    log(
        "starting the operator (http "
            + httpPort
            + ", webhook https "
            + httpsPort
            + "), log "
            + log);
    operator = pb.start();
    Files.writeString(WORK.resolve("operator.pid"), Long.toString(operator.pid()) + "\n");
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::stopAllOperators, "e2e-operator-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
    await("operator /q/health/ready")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!operator.isAlive()) {
                throw new AssertionError(
                    "the operator exited with "
                        + operator.exitValue()
                        + "; log:\n"
                        + operatorLog(0));
              }
              try {
                return http.send(
                            HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
    log("operator ready");
  }

  /**
   * The packaged operator as the generated Deployment runs it, with the ServiceAccount's
   * kubeconfig, its Lease identity, its own ports and a log (appended to).
   */
  private static ProcessBuilder launcher(
      Path kubeconfig, String identity, int http, int https, Path logFile) {
    Path tls = WORK.resolve("tls");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = pb.environment();
    // Nothing of the test JVM's own cluster or operator settings leaks into the operator.
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("KUBERNETES_")
                    || k.startsWith("KUBECONFIG")
                    || k.startsWith("KAITO_")
                    || k.startsWith("QUARKUS_"));
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    // As in the generated Deployment (where HOSTNAME is the pod name):
    env.put("HOSTNAME", identity);
    env.put("KUBERNETES_NAMESPACE", OPERATOR_NAMESPACE);
    env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_WORKSPACE_NAMESPACES", "JOSDK_ALL_NAMESPACES");
    env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_MACHINE_NAMESPACES", "JOSDK_ALL_NAMESPACES");
    // The webhook serves the certificate files below (the API server reaches it as 127.0.0.1), not
    // a certificate of its own for the Service's DNS name.
    env.put("KAITO_WEBHOOK_CERTIFICATES", "files");
    env.put("KAITO_CLOUD_PROVIDER", "simulated");
    env.put("KAITO_SIMULATED_NODE_DELAY", "1s");
    // Events the operator cannot record are logged at DEBUG only: show them to the RBAC check.
    env.put("QUARKUS_LOG_CATEGORY__SH_KAITO_OPERATOR_EVENTS__LEVEL", "DEBUG");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
    env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(https));
    env.put(
        "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", tls.resolve("tls.crt").toAbsolutePath().toString());
    env.put(
        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES",
        tls.resolve("tls.key").toAbsolutePath().toString());
    return pb;
  }

  /** deploy/'s webhook configuration, reached by URL on loopback instead of through the Service. */
  private void applyWebhook() throws IOException {
    ValidatingWebhookConfiguration vwc =
        load(DEPLOY.resolve("operator.yaml")).stream()
            .filter(ValidatingWebhookConfiguration.class::isInstance)
            .map(ValidatingWebhookConfiguration.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no webhook configuration in deploy/"));
    assertThat(vwc.getMetadata().getName()).isEqualTo(WEBHOOK);
    vwc.getMetadata().setAnnotations(null); // cert-manager's CA injection
    for (ValidatingWebhook hook : vwc.getWebhooks()) {
      WebhookClientConfig cc = hook.getClientConfig();
      String path = cc.getService().getPath();
      cc.setService(null);
      cc.setUrl("https://127.0.0.1:" + httpsPort + path);
      cc.setCaBundle(caBundle);
    }
    apply(vwc);
    // The API server picks the configuration up asynchronously: wait until it calls the webhook.
    GenericKubernetesResource probe =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: kaito.sh/v1beta1
                kind: Workspace
                metadata:
                  name: e2e-webhook-probe
                resource:
                  labelSelector:
                    matchLabels:
                      app: probe
                inference:
                  preset:
                    name: phi-4-mini-instruct
                """,
                GenericKubernetesResource.class);
    await("webhook called by the API server")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              KubernetesClientException e =
                  org.junit.jupiter.api.Assertions.assertThrows(
                      KubernetesClientException.class,
                      () ->
                          client.resource(probe).inNamespace(OPERATOR_NAMESPACE).dryRun().create());
              assertThat(e.getMessage()).contains(WEBHOOK_DENIED);
            });
    log("webhook " + WEBHOOK + " serving at https://127.0.0.1:" + httpsPort);
  }

  // --- helpers for tests
  // ---------------------------------------------------------------------------------------

  /** Creates a namespace for one test; {@link #deleteNamespace} or close() removes it. */
  public String createNamespace(String prefix) {
    String name = "e2e-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kaito.sh/e2e", "true")
                .endMetadata()
                .build())
        .create();
    namespaces.add(name);
    await("default ServiceAccount in " + name)
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
    return name;
  }

  /**
   * Deletes the namespace's Workspaces and waits until they and their Machines are gone (the
   * operator must still run for that), then deletes the namespace without waiting.
   */
  public void deleteNamespace(String namespace) {
    try {
      client.resources(Workspace.class).inNamespace(namespace).delete();
      await("Workspaces and Machines of " + namespace + " deleted")
          .atMost(CLEANUP_TIMEOUT)
          .pollInterval(POLL)
          .untilAsserted(
              () -> {
                assertThat(
                        client.resources(Workspace.class).inNamespace(namespace).list().getItems())
                    .isEmpty();
                assertThat(machinesOf(namespace)).isEmpty();
              });
    } finally {
      client.namespaces().withName(namespace).delete();
      namespaces.remove(namespace);
    }
  }

  /** The documents of a YAML text, as generic objects (comment-only documents are skipped). */
  public List<GenericKubernetesResource> documents(String yaml) {
    return Stream.of(yaml.split("(?m)^---\\s*$"))
        .filter(d -> !d.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#")))
        .map(d -> client.getKubernetesSerialization().unmarshal(d, GenericKubernetesResource.class))
        .toList();
  }

  /**
   * Creates every object of a YAML text in a namespace as written (no typed round trip), like
   * {@code kubectl create -n <namespace> -f}.
   */
  public void create(String namespace, String yaml) {
    for (GenericKubernetesResource item : documents(yaml)) {
      client.resource(item).inNamespace(namespace).create();
    }
  }

  /** The Machines the operator created for Workspaces of a namespace. */
  public List<Machine> machinesOf(String namespace) {
    return client
        .resources(Machine.class)
        .withLabel(KaitoApi.LABEL_WORKSPACE_NAMESPACE, namespace)
        .list()
        .getItems();
  }

  /**
   * The sum of the operator's Prometheus samples named {@code name} whose labels contain every one
   * of {@code labels} (each written as {@code key="value"}), read from its {@code /q/metrics}.
   */
  public double metric(String name, String... labels) {
    return metric(httpPort, name, labels);
  }

  /** {@link #metric(String, String...)} of a replica. */
  public double metric(Replica replica, String name, String... labels) {
    return metric(replica.httpPort(), name, labels);
  }

  private static double metric(int port, String name, String... labels) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String body;
    try {
      body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the operator's metrics: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the operator's metrics", e);
    }
    double sum = 0;
    for (String line : body.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      int end = line.lastIndexOf(' ');
      String series = line.substring(0, end);
      if (Stream.of(labels).allMatch(series::contains)) {
        sum += Double.parseDouble(line.substring(end + 1));
      }
    }
    return sum;
  }

  /** The operator's log from byte offset {@code from}. */
  public String operatorLog(long from) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.min(Math.max(from, 0), f.length());
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no operator log: " + e.getMessage() + ")";
    }
  }

  /** Current length of the operator's log. */
  public long operatorLogMark() {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Fails when the operator was refused something by RBAC since the last check. */
  void assertNoPermissionErrors() {
    long end = operatorLogMark();
    String text = operatorLog(scanned);
    scanned = end;
    Set<String> denied = new LinkedHashSet<>();
    Matcher m = FORBIDDEN.matcher(text);
    while (m.find()) {
      String line = m.group();
      String from = line.substring(Math.max(line.indexOf("forbidden: "), 0));
      int status = from.indexOf(". Received status");
      denied.add(status > 0 ? from.substring(0, status) : from);
    }
    assertThat(denied)
        .as(
            "requests of the operator that its generated RBAC (deploy/operator.yaml) does not"
                + " allow")
        .isEmpty();
  }

  // --- cleanup
  // -------------------------------------------------------------------------------------------------

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String ns : List.copyOf(namespaces)) {
      try {
        deleteNamespace(ns);
      } catch (RuntimeException | AssertionError e) {
        log("cleanup of " + ns + " incomplete: " + e.getMessage());
      }
    }
    try {
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .withName(WEBHOOK)
          .delete();
    } catch (RuntimeException e) {
      log("cannot delete the webhook configuration " + WEBHOOK + ": " + e.getMessage());
    }
    stopAllOperators();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already
      }
    }
    List<HasMetadata> mine = new ArrayList<>(created);
    Collections.reverse(mine);
    for (HasMetadata item : mine) {
      try {
        client.resource(item).delete();
      } catch (RuntimeException e) {
        log("cannot delete " + item.getKind() + " " + item.getMetadata().getName() + ": " + e);
      }
    }
    client.close();
  }

  private void stopAllOperators() {
    for (Replica r : replicas) {
      stopReplica(r);
    }
    stopOperator();
  }

  // --- a second replica (high availability)
  // ------------------------------------------------------------------------------------

  /** Another operator process, started by {@link #startReplica}. */
  public record Replica(String identity, Process process, int httpPort, int httpsPort, Path log) {}

  /**
   * Starts a second operator process with its own Lease identity and ports, as a second pod of the
   * Deployment would be; returns once it is alive (a follower may report itself not ready).
   */
  public Replica startReplica(String identity) throws IOException {
    int http = freePort();
    int https = freePort();
    while (https == http || http == httpPort || https == httpsPort) {
      http = freePort();
      https = freePort();
    }
    Path replicaLog = WORK.resolve("operator-" + identity + ".log");
    Files.deleteIfExists(replicaLog);
    Process p = launcher(operatorKubeconfig, identity, http, https, replicaLog).start();
    Replica replica = new Replica(identity, p, http, https, replicaLog);
    replicas.add(replica);
    Files.writeString(WORK.resolve("replica.pid"), Long.toString(p.pid()) + "\n");
    log("starting replica " + identity + " (http " + http + "), log " + replicaLog);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI live = URI.create("http://127.0.0.1:" + http + "/q/health/live");
    await("replica " + identity + " /q/health/live")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(
                    "replica " + identity + " exited; log:\n" + Files.readString(replicaLog));
              }
              try {
                return client
                        .send(
                            HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return replica;
  }

  /** Stops a replica (SIGTERM, as Kubernetes does, then SIGKILL after 20 s). */
  public void stopReplica(Replica replica) {
    stop(replica.process());
    replicas.remove(replica);
    log("replica " + replica.identity() + " stopped");
  }

  /**
   * Stops the operator this class started, as Kubernetes stops a pod (SIGTERM, SIGKILL after 20 s);
   * returns its exit code. The webhook then has no server.
   */
  public synchronized int stopPrimary() {
    Process p = operator;
    stopOperator();
    return p.exitValue();
  }

  /** Starts the operator this class starts again, and points the webhook back at it. */
  public synchronized void restartPrimary() throws IOException {
    startOperator(operatorKubeconfig);
    pointWebhookAt(httpsPort);
  }

  /** Points the webhook configuration at the HTTPS port of another operator process. */
  public void pointWebhookAt(int port) {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK)
        .edit(
            vwc -> {
              for (ValidatingWebhook hook : vwc.getWebhooks()) {
                String url = hook.getClientConfig().getUrl();
                String path = url.substring(url.indexOf('/', "https://".length()));
                hook.getClientConfig().setUrl("https://127.0.0.1:" + port + path);
              }
              return vwc;
            });
    log("webhook " + WEBHOOK + " now at https://127.0.0.1:" + port);
  }

  /** The holder of the operator's leader-election Lease, or null. */
  public String leaseHolder() {
    var lease =
        client
            .resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)
            .inNamespace(OPERATOR_NAMESPACE)
            .withName("kaito-operator-leader")
            .get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private synchronized void stopOperator() {
    Process p = operator;
    if (p == null || !p.isAlive()) {
      return;
    }
    stop(p);
    log("operator stopped (exit " + (p.isAlive() ? "?" : p.exitValue()) + ")");
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  // --- plumbing
  // ------------------------------------------------------------------------------------------------

  private List<HasMetadata> load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    }
  }

  /** Server-side apply; remembers objects that did not exist before. */
  private void apply(HasMetadata item) {
    boolean existed = client.resource(item).get() != null;
    client.resource(item).forceConflicts().serverSideApply();
    if (!existed) {
      created.add(item);
    }
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(command[0] + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void log(String message) {
    System.out.println("[e2e] " + message);
  }

  // --- JUnit extension
  // -----------------------------------------------------------------------------------------

  /**
   * Skips the class without {@code KAITO_E2E_KUBECONFIG}; otherwise starts the cluster session once
   * per JVM (closed after the last test), injects it, checks for permission errors after each test
   * and prints the operator's log of a failed test.
   */
  public static final class Extension
      implements BeforeAllCallback,
          BeforeEachCallback,
          AfterEachCallback,
          TestWatcher,
          ParameterResolver {
    private static final Pattern STACK_FRAME = Pattern.compile("\\s+(at |\\.\\.\\. \\d+ more)");
    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(E2eCluster.class);

    /** The session, or why it could not start (so that it is tried once only). */
    private static final class Session implements AutoCloseable {
      E2eCluster cluster;
      Throwable failure;

      @Override
      public void close() {
        if (cluster != null) {
          cluster.close();
        }
      }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      String kubeconfig = System.getenv(ENV_KUBECONFIG);
      Assumptions.assumeTrue(
          kubeconfig != null && !kubeconfig.isBlank(),
          "set KAITO_E2E_KUBECONFIG to the admin kubeconfig of a disposable cluster to run the"
              + " end-to-end tests (export KAITO_E2E_KUBECONFIG=\"$(src/test/cluster/up.sh)\")");
      session(context);
    }

    private static E2eCluster session(ExtensionContext context) {
      Session s =
          context
              .getRoot()
              .getStore(NS)
              .computeIfAbsent(
                  Session.class,
                  k -> {
                    Session session = new Session();
                    try {
                      session.cluster = E2eCluster.start(Path.of(System.getenv(ENV_KUBECONFIG)));
                    } catch (IOException | RuntimeException | Error e) {
                      session.failure = e;
                    }
                    return session;
                  },
                  Session.class);
      if (s.failure != null) {
        throw new IllegalStateException("the end-to-end cluster could not be set up", s.failure);
      }
      return s.cluster;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      context.getStore(NS).put("mark", session(context).operatorLogMark());
    }

    @Override
    public void afterEach(ExtensionContext context) {
      session(context).assertNoPermissionErrors();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Long mark = context.getStore(NS).get("mark", Long.class);
      Session s = context.getRoot().getStore(NS).get(Session.class, Session.class);
      if (s != null && s.cluster != null) {
        System.out.println(
            "===== operator log during "
                + context.getDisplayName()
                + ", without stack frames (all of it: "
                + s.cluster.log
                + ")");
        s.cluster
            .operatorLog(mark == null ? 0 : mark)
            .lines()
            .filter(l -> !STACK_FRAME.matcher(l).lookingAt())
            .forEach(System.out::println);
        System.out.println("===== end of operator log");
      }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == E2eCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return session(context);
    }
  }
}
