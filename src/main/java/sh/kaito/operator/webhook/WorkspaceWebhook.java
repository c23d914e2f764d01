package sh.kaito.operator.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import com.fasterxml.jackson.databind.JsonNode;

import sh.kaito.operator.validation.WorkspaceValidator;

/**
 * The validating admission webhook for Workspaces at {@value #PATH} (the path KAITO uses), served
 * by Quarkus' HTTP server. Validation may read nodes and ConfigMaps, so it runs off the event loop.
 */
@ApplicationScoped
public class WorkspaceWebhook {
  public static final String PATH = "/validate/workspace.kaito.sh";

  /** Counter of admission reviews, tagged with operation, version and allowed. */
  public static final String ADMISSION_REQUESTS = "kaito_webhook_admission_requests";

  private static final Logger LOG = Logger.getLogger(WorkspaceWebhook.class);

  private final WorkspaceValidator validator;
  private final ClientClusterLookup cluster;
  private final MeterRegistry registry;

  public WorkspaceWebhook(
      WorkspaceValidator validator, ClientClusterLookup cluster, MeterRegistry registry) {
    this.validator = validator;
    this.cluster = cluster;
    this.registry = registry;
  }

  void routes(@Observes Router router) {
    router.post(PATH).handler(BodyHandler.create().setBodyLimit(3 * 1024 * 1024));
    router.post(PATH).blockingHandler(this::handle, false);
  }

  private void handle(RoutingContext ctx) {
    JsonNode review;
    try {
      review = AdmissionReviews.JSON.readTree(ctx.body().asString());
    } catch (Exception e) {
      ctx.response().setStatusCode(400).end("request body is not an AdmissionReview: " + e);
      return;
    }
    AdmissionReviews.Outcome outcome = AdmissionReviews.review(review, validator, cluster);
    registry
        .counter(
            ADMISSION_REQUESTS,
            "operation",
            outcome.operation(),
            "version",
            outcome.version(),
            "allowed",
            Boolean.toString(outcome.allowed()))
        .increment();
    if (!outcome.allowed()) {
      LOG.debugf(
          "rejected %s of Workspace %s: %s",
          outcome.operation(),
          review.path("request").path("name").asText(),
          outcome.response().path("response").path("status").path("message").asText());
    }
    try {
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .end(AdmissionReviews.JSON.writeValueAsString(outcome.response()));
    } catch (Exception e) {
      ctx.fail(e);
    }
  }
}
