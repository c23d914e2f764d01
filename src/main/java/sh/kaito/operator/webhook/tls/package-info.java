/**
 * The admission webhook's serving certificate: where it comes from ({@link
 * sh.kaito.operator.webhook.tls.CertificateMode}), the self-managed CA and serving certificate
 * ({@link sh.kaito.operator.webhook.tls.CertificateIssuer}, {@link
 * sh.kaito.operator.webhook.tls.WebhookCertificates}), and how the HTTPS server is kept serving the
 * current one ({@link sh.kaito.operator.webhook.tls.ServedCertificate}, {@link
 * sh.kaito.operator.webhook.tls.WebhookCertificateManager}). Private keys are never logged.
 */
package sh.kaito.operator.webhook.tls;
