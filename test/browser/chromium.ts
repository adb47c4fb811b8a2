// Headless Debian Chromium driven by playwright-core, for browser tests and screenshots.
// Playwright's own browser download does not work on these machines: we always use the system
// Chromium (CHROMIUM_PATH, else /usr/bin/chromium; scripts/env.sh's lb_chromium installs it).
//
//   const chrome = await launchChromium();
//   const { page, requests, errors } = await chrome.open({ theme: 'dark' });
//   await page.goto(server.url + '/');
//   ...
//   await chrome.close();
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../src/lib/chromium.ts';

export type Theme = 'light' | 'dark';

/** Every request URL a context made, in order (page loads, scripts, fetches, workers, wasm). */
export class RequestRecorder {
  readonly urls: string[] = [];

  attach(context: BrowserContext): void {
    context.on('request', (request) => {
      this.urls.push(request.url());
    });
  }

  /**
   * URLs that would leave the machine: anything not served by 127.0.0.1 (data: and blob: stay); given
   * the site's origin (e.g. `http://127.0.0.1:40123`), anything not from that origin.
   */
  offsite(origin?: string): string[] {
    return offsiteUrls(this.urls, origin);
  }
}

export function offsiteUrls(urls: readonly string[], origin?: string): string[] {
  return urls.filter((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return true;
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:' || raw === 'about:blank') return false;
    return origin === undefined ? url.hostname !== '127.0.0.1' : url.origin !== new URL(origin).origin;
  });
}

/** Console messages of type error and uncaught page errors, as text. */
export class ErrorRecorder {
  readonly console: string[] = [];
  readonly page: string[] = [];

  attach(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const where = message.location();
        this.console.push(`${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (error) => {
      this.page.push(error.stack ?? error.message);
    });
  }

  all(): string[] {
    return [...this.console.map((m) => `console.error: ${m}`), ...this.page.map((m) => `pageerror: ${m}`)];
  }
}

export interface OpenOptions {
  /** Starlight theme, stored in localStorage before any page script runs and emulated as prefers-color-scheme. */
  theme?: Theme;
  /** false gives a context with JavaScript disabled (what a reader without JS sees). */
  javaScriptEnabled?: boolean;
  /** CSS pixels; default 1280 × 800. */
  viewport?: { width: number; height: number };
  /** Default 1; screenshots may ask for more. */
  deviceScaleFactor?: number;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  requests: RequestRecorder;
  errors: ErrorRecorder;
  /** Closes the context (and its page). */
  close(): Promise<void>;
}

export interface Chromium {
  browser: Browser;
  /** A fresh context (own storage, nothing shared between calls) with one page. */
  open(options?: OpenOptions): Promise<OpenedPage>;
  /** Closes every context and the browser. */
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found or not executable at ${executablePath}. ` +
        'Install it (Debian: apt-get install chromium, or run through scripts/task.sh, which does) ' +
        'or set CHROMIUM_PATH.',
    );
  }
  let browser: Browser;
  try {
    // A plain launch gets a fresh temporary --user-data-dir from Playwright, removed on close.
    browser = await chromium.launch({
      executablePath,
      headless: true,
      chromiumSandbox: false,
      args: [...chromiumArgs],
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(`Could not launch Chromium at ${executablePath} with ${chromiumArgs.join(' ')}: ${String(error)}`, {
      cause: error,
    });
  }

  const open = async (options: OpenOptions = {}): Promise<OpenedPage> => {
    const theme = options.theme;
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      colorScheme: theme ?? 'light',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    const requests = new RequestRecorder();
    requests.attach(context);
    if (theme !== undefined) {
      await context.addInitScript((value: string) => {
        try {
          localStorage.setItem('starlight-theme', value);
        } catch {
          // about:blank and other opaque origins have no localStorage.
        }
      }, theme);
    }
    const page = await context.newPage();
    const errors = new ErrorRecorder();
    errors.attach(page);
    return { context, page, requests, errors, close: () => context.close() };
  };

  return { browser, open, close: () => browser.close() };
}
