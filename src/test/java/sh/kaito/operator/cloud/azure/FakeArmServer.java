package sh.kaito.operator.cloud.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A fake Azure Resource Manager for AKS agent pools, over HTTPS on 127.0.0.1 with a self-signed
 * certificate made at start-up (the client must trust {@link #certificatePem()}). It serves GET,
 * PUT, DELETE and list of {@code
 * /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{c}/agentPools[/{name}]}
 * with any api-version, and the long-running-operation protocol of ARM:
 *
 * <ul>
 *   <li>a PUT of a new pool answers 201 {@code Creating} with an {@code Azure-AsyncOperation} URL;
 *       a PUT of a {@code Succeeded} or {@code Failed} pool answers 200 {@code Updating}; a PUT
 *       while an operation is in progress answers 409 {@code OperationNotAllowed};
 *   <li>a DELETE answers 202 with a {@code Location} URL (204 when the pool is absent); the pool is
 *       {@code Deleting} meanwhile and removed at the end;
 *   <li>an operation completes after {@link #pollsToComplete(int)} ticks, a tick being a GET of its
 *       status URL or of the pool (so a client that only GETs the pool, e.g. after a restart, sees
 *       it progress too); no {@code Retry-After} is sent unless {@link
 *       #retryAfterSeconds(Integer)};
 *   <li>injected failures: synchronous errors on the next matching requests ({@link #failNext}),
 *       asynchronous failures of the next create ({@link #failNextCreation}), which leave the pool
 *       {@code Failed};
 *   <li>a request log ({@link #requests()}) and a hook called when a pool reaches {@code Succeeded}
 *       ({@link #onPoolSucceeded}), which tests use to create the Node, as AKS would;
 *   <li>pagination of the list through {@code nextLink} ({@link #pageSize(int)}).
 * </ul>
 *
 * Requests without {@code api-version} get 400 {@code MissingApiVersionParameter}, requests without
 * a bearer token 401, and a PUT with an invalid pool name 400 {@code InvalidParameter}.
 */
public final class FakeArmServer implements AutoCloseable {
  /** One request as the server saw it, with the status it answered. */
  public record Request(
      String method, String path, String query, String authorization, String body, int status) {
    /** The agent pool named in the path, or null (operation URLs, list). */
    public String pool() {
      Matcher m = POOL_PATH.matcher(path);
      return m.matches() ? m.group(4) : null;
    }

    public boolean isPoolPut() {
      return method.equals("PUT") && pool() != null;
    }

    @Override
    public String toString() {
      return method + " " + path + " -> " + status;
    }
  }

  /** A pool as the fake holds it, handed to the succeeded hook. */
  public record PoolView(
      String name, String vmSize, String provisioningState, Map<String, String> nodeLabels) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POOL_PATH =
      Pattern.compile(
          "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService"
              + "/managedClusters/([^/]+)/agentPools/([^/]+)$");
  private static final Pattern LIST_PATH =
      Pattern.compile(
          "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ContainerService"
              + "/managedClusters/([^/]+)/agentPools$");
  private static final Pattern OPERATION_PATH =
      Pattern.compile(
          "(?i)^/subscriptions/([^/]+)/providers/Microsoft\\.ContainerService/locations/([^/]+)"
              + "/(operations|operationresults)/([^/]+)$");
  private static final Pattern VALID_NAME = Pattern.compile("^[a-z][a-z0-9]{0,11}$");

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String certificatePem;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Deque<String[]> creationFailures = new ArrayDeque<>();
  private int pollsToComplete = 2;
  private Integer retryAfterSeconds;
  private int pageSize = 100;
  private Consumer<PoolView> succeededHook = p -> {};

  private FakeArmServer(HttpsServer server, String certificatePem) {
    this.server = server;
    this.certificatePem = certificatePem;
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static FakeArmServer start() {
    try {
      HttpsServer https =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(Tls.INSTANCE.context));
      FakeArmServer fake = new FakeArmServer(https, Tls.INSTANCE.certificatePem);
      https.setExecutor(fake.executor);
      https.createContext("/", fake::handle);
      https.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake ARM server", e);
    }
  }

  /** A self-signed certificate for 127.0.0.1 and localhost, made once per test JVM. */
  private static final class Tls {
    static final Tls INSTANCE = create();

    final SSLContext context;
    final String certificatePem;

    private Tls(SSLContext context, String certificatePem) {
      this.context = context;
      this.certificatePem = certificatePem;
    }

    private static Tls create() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=fake-arm");
        JcaX509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(new SecureRandom().nextInt(Integer.MAX_VALUE)),
                Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                subject,
                keys.getPublic());
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
        X509Certificate certificate =
            new JcaX509CertificateConverter()
                .getCertificate(
                    builder.build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] password = "fake".toCharArray();
        keyStore.setKeyEntry(
            "fake-arm", keys.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);

        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
          writer.writeObject(certificate);
        }
        return new Tls(ssl, pem.toString());
      } catch (Exception e) {
        throw new IllegalStateException("cannot make the fake ARM server's certificate", e);
      }
    }
  }

  /** The base URL, e.g. {@code https://127.0.0.1:40123/}. */
  public URI endpoint() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The server's certificate in PEM, for the client's trust store. */
  public String certificatePem() {
    return certificatePem;
  }

  // ------------------------------------------------------------------------------------------
  // Behaviour knobs
  // ------------------------------------------------------------------------------------------

  /** How many ticks an operation stays in progress (default 2). */
  public synchronized FakeArmServer pollsToComplete(int polls) {
    this.pollsToComplete = polls;
    return this;
  }

  /** Sends {@code Retry-After} on LRO responses (null: none, the default). */
  public synchronized FakeArmServer retryAfterSeconds(Integer seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Pools per list page (default 100). */
  public synchronized FakeArmServer pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /**
   * The next {@code times} requests with this method (any method when null) on agent pool paths
   * fail synchronously with this status and ARM error.
   */
  public synchronized FakeArmServer failNext(
      String method, int times, int status, String code, String message) {
    return failNext(method, times, status, code, message, null);
  }

  /** As {@link #failNext(String, int, int, String, String)}, with a {@code Retry-After} header. */
  public synchronized FakeArmServer failNext(
      String method, int times, int status, String code, String message, Integer retryAfter) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(method, status, code, message, retryAfter));
    }
    return this;
  }

  /** The next create operation ends {@code Failed} with this error; the pool is left Failed. */
  public synchronized FakeArmServer failNextCreation(String code, String message) {
    creationFailures.add(new String[] {code, message});
    return this;
  }

  /** Called (on the server thread, before the response) when a pool reaches Succeeded. */
  public synchronized FakeArmServer onPoolSucceeded(Consumer<PoolView> hook) {
    this.succeededHook = hook;
    return this;
  }

  /** Adds a pool directly, as if created earlier (by this operator or someone else). */
  public synchronized FakeArmServer seedPool(
      String name, String vmSize, String provisioningState, Map<String, String> nodeLabels) {
    ObjectNode properties = JSON.createObjectNode();
    properties.put("vmSize", vmSize);
    properties.put("count", 1);
    properties.set("nodeLabels", JSON.valueToTree(nodeLabels));
    Pool pool = new Pool(name, properties);
    pool.state = provisioningState;
    pools.put(name, pool);
    return this;
  }

  // ------------------------------------------------------------------------------------------
  // Observations
  // ------------------------------------------------------------------------------------------

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests with this method on this pool's resource path. */
  public List<Request> requests(String method, String pool) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && pool.equals(r.pool()))
        .toList();
  }

  public synchronized Optional<PoolView> pool(String name) {
    return Optional.ofNullable(pools.get(name)).map(Pool::view);
  }

  /** The last PUT body the server accepted for a pool. */
  public synchronized Optional<JsonNode> lastPutBody(String name) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      Request r = requests.get(i);
      if (r.isPoolPut() && name.equals(r.pool())) {
        try {
          return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Optional.empty();
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------
  // HTTP
  // ------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Response response;
    try {
      response = route(method, path, query, authorization, body);
    } catch (RuntimeException e) {
      response = error(500, "InternalServerError", "fake ARM server failed: " + e);
    }
    requests.add(new Request(method, path, query, authorization, body, response.status));
    byte[] bytes =
        response.body == null ? new byte[0] : response.body.getBytes(StandardCharsets.UTF_8);
    response.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    if (response.body != null) {
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    }
    exchange.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(response.status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  private synchronized Response route(
      String method, String path, String query, String authorization, String body) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return error(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
    }
    if (!query.contains("api-version=")) {
      return error(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    Matcher op = OPERATION_PATH.matcher(path);
    if (op.matches() && method.equals("GET")) {
      return operation(op.group(4), op.group(3).equalsIgnoreCase("operationresults"));
    }
    Matcher poolPath = POOL_PATH.matcher(path);
    Matcher listPath = LIST_PATH.matcher(path);
    if (!poolPath.matches() && !listPath.matches()) {
      return error(404, "NotFound", "no such path in the fake ARM server: " + path);
    }
    Fault fault = nextFault(method);
    if (fault != null) {
      Response r = error(fault.status, fault.code, fault.message);
      if (fault.retryAfter != null) {
        r.headers.put("Retry-After", fault.retryAfter.toString());
      }
      return r;
    }
    if (listPath.matches()) {
      return method.equals("GET") ? list(path, query) : error(405, "MethodNotAllowed", method);
    }
    String subscription = poolPath.group(1);
    String name = poolPath.group(4);
    return switch (method) {
      case "GET" -> get(name);
      case "PUT" -> put(subscription, path, name, body);
      case "DELETE" -> delete(subscription, name);
      default -> error(405, "MethodNotAllowed", method);
    };
  }

  private Fault nextFault(String method) {
    for (Fault f : faults) {
      if (f.method == null || f.method.equals(method)) {
        faults.remove(f);
        return f;
      }
    }
    return null;
  }

  private Response get(String name) {
    Pool pool = pools.get(name);
    if (pool == null) {
      return notFound(name);
    }
    if (pool.operation != null) {
      tick(pool.operation);
    }
    pool = pools.get(name);
    return pool == null ? notFound(name) : json(200, pool.toJson(), Map.of());
  }

  private Response list(String path, String query) {
    int skip = 0;
    Matcher m = Pattern.compile("\\$skipToken=(\\d+)").matcher(query);
    if (m.find()) {
      skip = Integer.parseInt(m.group(1));
    }
    List<Pool> all = new ArrayList<>(pools.values());
    ObjectNode page = JSON.createObjectNode();
    var values = page.putArray("value");
    for (int i = skip; i < Math.min(all.size(), skip + pageSize); i++) {
      values.add(all.get(i).toJson());
    }
    if (skip + pageSize < all.size()) {
      page.put(
          "nextLink",
          endpoint().resolve(path) + "?api-version=2025-09-01&$skipToken=" + (skip + pageSize));
    }
    return json(200, page, Map.of());
  }

  private Response put(String subscription, String path, String name, String body) {
    if (!VALID_NAME.matcher(name).matches()) {
      return error(
          400,
          "InvalidParameter",
          "The value of parameter agentPoolProfile.name is invalid. Error details: Agent pool name"
              + " must be lowercase alphanumeric, start with a letter and be 1-12 characters"
              + " long.");
    }
    JsonNode properties;
    try {
      properties = JSON.readTree(body).path("properties");
    } catch (IOException e) {
      return error(
          400, "InvalidRequestContent", "The request content was invalid: " + e.getMessage());
    }
    if (!properties.isObject() || !properties.hasNonNull("vmSize")) {
      return error(400, "InvalidParameter", "The value of parameter vmSize is invalid.");
    }
    Pool existing = pools.get(name);
    if (existing != null && existing.operation != null) {
      String kind = existing.operation.delete ? "delete" : "create";
      return error(
          409,
          "OperationNotAllowed",
          "Operation is not allowed because there's an in progress "
              + kind
              + " node pool operation on agent pool "
              + name
              + ". Please wait for it to finish before starting a new operation.");
    }
    Pool pool = new Pool(name, (ObjectNode) properties.deepCopy());
    pool.state = existing == null ? "Creating" : "Updating";
    pools.put(name, pool);
    Operation operation = newOperation(pool, false);
    String[] failure = creationFailures.poll();
    if (failure != null) {
      operation.failureCode = failure[0];
      operation.failureMessage = failure[1];
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Azure-AsyncOperation", operationUrl(subscription, operation.id, false));
    addRetryAfter(headers);
    return json(existing == null ? 201 : 200, pool.toJson(), headers);
  }

  private Response delete(String subscription, String name) {
    Pool pool = pools.get(name);
    if (pool == null) {
      return new Response(204, null, new LinkedHashMap<>());
    }
    if (pool.operation != null && pool.operation.delete) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Location", operationUrl(subscription, pool.operation.id, true));
      addRetryAfter(headers);
      return new Response(202, null, headers);
    }
    if (pool.operation != null) {
      pool.operation.status = "Canceled";
      pool.operation.pool = null;
    }
    pool.state = "Deleting";
    Operation operation = newOperation(pool, true);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", operationUrl(subscription, operation.id, true));
    addRetryAfter(headers);
    return new Response(202, null, headers);
  }

  private Response operation(String id, boolean location) {
    Operation operation = operations.get(id);
    if (operation == null) {
      return error(404, "NotFound", "Operation " + id + " not found.");
    }
    tick(operation);
    Map<String, String> headers = new LinkedHashMap<>();
    if (location) {
      if (operation.status.equals("InProgress")) {
        headers.put("Location", operationUrl("any", id, true));
        addRetryAfter(headers);
        return new Response(202, null, headers);
      }
      if (operation.status.equals("Failed")) {
        return error(200, operation.failureCode, operation.failureMessage);
      }
      return new Response(204, null, headers);
    }
    ObjectNode status = JSON.createObjectNode();
    status.put("name", id);
    status.put("status", operation.status);
    status.put("startTime", operation.startTime.toString());
    if (!operation.status.equals("InProgress")) {
      status.put("endTime", Instant.now().toString());
    }
    if (operation.status.equals("Failed")) {
      ObjectNode error = status.putObject("error");
      error.put("code", operation.failureCode);
      error.put("message", operation.failureMessage);
    } else {
      addRetryAfter(headers);
    }
    return json(200, status, headers);
  }

  private void tick(Operation operation) {
    if (!operation.status.equals("InProgress")) {
      return;
    }
    operation.pollsLeft--;
    if (operation.pollsLeft > 0) {
      return;
    }
    Pool pool = operation.pool;
    if (pool == null) {
      operation.status = "Canceled";
      return;
    }
    pool.operation = null;
    if (operation.delete) {
      pools.remove(pool.name);
      operation.status = "Succeeded";
    } else if (operation.failureCode != null) {
      pool.state = "Failed";
      operation.status = "Failed";
    } else {
      pool.state = "Succeeded";
      pool.properties.put("nodeImageVersion", "AKSUbuntu-2204gen2containerd-202601.01.0");
      operation.status = "Succeeded";
      succeededHook.accept(pool.view());
    }
  }

  private Operation newOperation(Pool pool, boolean delete) {
    Operation operation =
        new Operation(UUID.randomUUID().toString(), pool, delete, pollsToComplete);
    operations.put(operation.id, operation);
    pool.operation = operation;
    if (pollsToComplete <= 0) {
      operation.pollsLeft = 1;
      tick(operation);
    }
    return operation;
  }

  private String operationUrl(String subscription, String id, boolean location) {
    return endpoint()
        + "subscriptions/"
        + subscription
        + "/providers/Microsoft.ContainerService/locations/westus2/"
        + (location ? "operationresults/" : "operations/")
        + id
        + "?api-version=2025-09-01";
  }

  private void addRetryAfter(Map<String, String> headers) {
    if (retryAfterSeconds != null) {
      headers.put("Retry-After", retryAfterSeconds.toString());
    }
  }

  private static Response notFound(String name) {
    return error(
        404,
        "NotFound",
        "Agent Pool not found: agent pool "
            + name
            + " was not found in managed cluster, please check the name and try again.");
  }

  private static Response error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return json(status, body, Map.of());
  }

  private static Response json(int status, JsonNode body, Map<String, String> headers) {
    try {
      return new Response(status, JSON.writeValueAsString(body), new LinkedHashMap<>(headers));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Response(int status, String body, Map<String, String> headers) {}

  private record Fault(
      String method, int status, String code, String message, Integer retryAfter) {}

  private static final class Operation {
    final String id;
    final boolean delete;
    final Instant startTime = Instant.now();
    Pool pool;
    int pollsLeft;
    String status = "InProgress";
    String failureCode;
    String failureMessage;

    Operation(String id, Pool pool, boolean delete, int polls) {
      this.id = id;
      this.pool = pool;
      this.delete = delete;
      this.pollsLeft = polls;
    }
  }

  private static final class Pool {
    final String name;
    final ObjectNode properties;
    String state;
    Operation operation;

    Pool(String name, ObjectNode properties) {
      this.name = name;
      this.properties = properties;
    }

    ObjectNode toJson() {
      ObjectNode pool = JSON.createObjectNode();
      pool.put(
          "id",
          "/subscriptions/sub/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters"
              + "/cluster/agentPools/"
              + name);
      pool.put("name", name);
      pool.put("type", "Microsoft.ContainerService/managedClusters/agentPools");
      ObjectNode p = properties.deepCopy();
      p.put("provisioningState", state);
      p.put("orchestratorVersion", "1.33.5");
      p.put("currentOrchestratorVersion", "1.33.5");
      p.put("mode", "User");
      p.putObject("powerState").put("code", "Running");
      pool.set("properties", p);
      return pool;
    }

    PoolView view() {
      Map<String, String> labels = new LinkedHashMap<>();
      properties
          .path("nodeLabels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      return new PoolView(name, properties.path("vmSize").asText(null), state, labels);
    }
  }
}
