import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppProps } from 'aws-cdk-lib';
import { inject } from 'vitest';

/**
 * An App whose cloud assembly goes to the run's scratch folder (tests/support/global-setup.ts), removed
 * with the run. CDK's default is a new `cdk.outXXXXXX` in the system's temp folder per App, which nothing
 * removes: the infra tests left ~200 of them (up to 1.6 MB each) behind per run.
 */
export const testApp = (props: AppProps = {}): App => new App({ ...props, outdir: mkdtempSync(join(inject('scratchDir'), 'cdk-')) });
