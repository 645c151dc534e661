import { CfnSubscriptionFilter, LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * Every log group of the stack (functions, API access logs) streams to a CloudWatch Logs destination in
 * another account (ASVS 16.4.3: logs kept where the application's own credentials cannot reach them, for
 * detection and alerting apart from it). The destination and its access policy live in that account
 * (docs/log-archive.md). A cross-account destination takes no role from this side.
 */
export function archiveLogs(scope: Construct, destinationArn: string): CfnSubscriptionFilter[] {
  const logGroups = scope.node.findAll().filter((construct): construct is LogGroup => construct instanceof LogGroup);
  return logGroups.map(
    (logGroup) =>
      new CfnSubscriptionFilter(logGroup, 'Archive', {
        logGroupName: logGroup.logGroupName,
        destinationArn,
        // Every line: request logs, security events and errors alike are evidence.
        filterPattern: '',
      }),
  );
}
