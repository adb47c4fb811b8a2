/**
 * The one description of how this project starts Chromium (build-time Mermaid, browser tests,
 * screenshots): Debian's own binary (CHROMIUM_PATH from scripts/env.sh, else /usr/bin/chromium), never a
 * downloaded one, with the flags stack-notes found necessary as root on a machine with no outside network.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

/** Launch options for playwright / playwright-core (a fresh temporary profile is Playwright's default). */
export function chromiumLaunchOptions(env: Record<string, string | undefined> = process.env): {
  executablePath: string;
  headless: true;
  chromiumSandbox: false;
  args: string[];
} {
  return { executablePath: chromiumPath(env), headless: true, chromiumSandbox: false, args: [...chromiumArgs] };
}
