import type { RemovalPolicy } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export type AlarmTopicProps = {
  /** Who is told (context `alarmEmail`); unset, the alarms still show in the console and on the dashboard. */
  email: string | undefined;
  removalPolicy: RemovalPolicy;
};

/**
 * The one SNS topic every alarm of the stack notifies, on ALARM and back to OK. It is encrypted with a
 * key of its own, because CloudWatch must be allowed to use the key to publish (an AWS managed key's
 * policy cannot allow it), accepts TLS only, and only CloudWatch of this account may publish to it.
 * Every alarms construct (infra/constructs/*-alarms.ts) registers its alarms through `watch`, which is
 * also how the dashboard and the infra tests find them all.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new Key(this, 'Key', {
      description: 'Encrypts the alarm topic; CloudWatch alarms use it to publish',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'Event planning API alarms', masterKey: key, enforceSSL: true });
    this.topic.grantPublish(cloudWatch);
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
  }

  /** Notifies the topic when the alarm goes off and when it clears. */
  watch(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
