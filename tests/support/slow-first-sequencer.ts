import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { slowFiles } from './test-sets.ts';

/** vitest's own order (its timing cache when it has one), with the known slow files moved to the front. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = slowFiles.indexOf(relative(process.cwd(), file.moduleId));
      return index === -1 ? slowFiles.length : index;
    };
    // Array.prototype.sort is stable: the other files keep vitest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}
