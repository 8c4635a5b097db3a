import { packageInfo } from '../io/package-info.js';

/** Where a rule's generated documentation is published. */
export function docsUrl(ruleId: string): string {
  return `${packageInfo.homepage}/blob/main/docs/rules/${ruleId}.md`;
}
