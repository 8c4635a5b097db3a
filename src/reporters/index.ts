/** The output formats by name; each is loaded only when asked for. */
import type { Reporter } from './reporter.js';

export const FORMATS = ['text', 'compact', 'json', 'sarif', 'github', 'checkstyle', 'junit', 'gitlab', 'sonarqube'] as const;
export type Format = (typeof FORMATS)[number];

export async function loadReporter(format: Format): Promise<Reporter> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).text;
    case 'compact':
      return (await import('./compact.js')).compact;
    case 'json':
      return (await import('./json.js')).json;
    case 'sarif':
      return (await import('./sarif.js')).sarif;
    case 'github':
      return (await import('./github.js')).github;
    case 'checkstyle':
      return (await import('./checkstyle.js')).checkstyle;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'gitlab':
      return (await import('./gitlab.js')).gitlab;
    case 'sonarqube':
      return (await import('./sonarqube.js')).sonarqube;
  }
}

export type { Reporter, ReporterOptions } from './reporter.js';
