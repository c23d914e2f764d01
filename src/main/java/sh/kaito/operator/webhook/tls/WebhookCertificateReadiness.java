package sh.kaito.operator.webhook.tls;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the HTTPS server serves a real webhook certificate, so the Service sends
 * admission requests only to replicas the API server can trust.
 */
@Readiness
@ApplicationScoped
public class WebhookCertificateReadiness implements HealthCheck {
  private final WebhookCertificateManager manager;

  public WebhookCertificateReadiness(WebhookCertificateManager manager) {
    this.manager = manager;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("webhook-certificate").status(manager.ready());
    if (manager.mode() != null) {
      response.withData("mode", manager.mode().value());
    }
    manager
        .servedCertificate()
        .ifPresent(c -> response.withData("notAfter", c.getNotAfter().toInstant().toString()));
    return response.build();
  }
}
