/**
 * Powertools on a laptop: no X-Ray daemon to send traces to (Powertools also turns tracing off outside
 * Lambda by itself), and no CloudWatch reading the metrics' embedded-format lines, which would only crowd
 * the logs. The service name says which process wrote a line.
 */
export const localPowertoolsEnv = { POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_SERVICE_NAME: 'local', POWERTOOLS_METRICS_NAMESPACE: 'EventPlanning-local' };
