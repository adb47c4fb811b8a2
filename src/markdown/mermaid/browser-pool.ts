/**
 * One Chromium for every Mermaid render of a build, whatever rehype-mermaid does with its browser.
 *
 * rehype-mermaid (through mermaid-isomorphic) asks its `browserType` to `launch` a browser for each batch of
 * diagrams, opens a context and a page, loads Mermaid into the page, renders, and closes page, context and
 * browser. Launching Chromium and loading Mermaid's 8 MB script into a fresh page would cost ~2 s a batch, so
 * `createSharedBrowserType` hands it leases instead:
 *
 * - `launch` returns a lease at once on the shared browser (launched on first use). A lease's contexts and
 *   pages are taken from the pool whenever they are asked for: a lease used after the browser closed, or
 *   after its own `close`, simply brings the browser back. Nothing depends on how many times, or in which
 *   order, leases, contexts and pages are closed, nor on their being closed at all: closing a lease or a
 *   context gives back the pages it still holds, and a second close does nothing.
 * - The browser closes `idleMs` after the last activity (a launch, a page taken or given back) while no page
 *   is in use, so `astro build` can exit and `astro dev` does not keep Chromium around; a lease left open
 *   does not keep it up.
 * - At most `pages` warm pages (one render at a time each: Mermaid's config is global in a page). A page
 *   remembers the URL it was sent to and the script and style tags added since, so a lease asking for the
 *   same `goto` / `addScriptTag` / `addStyleTag` again gets them for free. A page whose `evaluate` threw is
 *   discarded (a render error comes back as a rejected result; a throw means the page is broken). Every other
 *   page method passes through.
 * - Requests over http(s) and ws(s) are aborted: rendering never reaches the network.
 *
 * With src/markdown/mermaid/diagram-cache.ts, an unchanged diagram never reaches the pool at all.
 */
import type { Browser, BrowserContext, BrowserType, LaunchOptions, Page } from 'playwright';

/** The part of Playwright's BrowserType that mermaid-isomorphic uses. */
export type Launcher = Pick<BrowserType, 'launch'>;

export interface SharedBrowserOptions {
  /** Close the browser after it has been idle this long (ms). Long enough to span one build's renders,
   * short because `astro build` waits for it before it exits. */
  idleMs?: number;
  /** Warm pages kept open; light and dark of a diagram render in parallel, and the machines have 2 cores. */
  pages?: number;
  /** Called on each real launch; for tests and LB_MERMAID_DEBUG. */
  onLaunch?: () => void;
}

type ContextOptions = Parameters<Browser['newContext']>[0];

interface WarmPage {
  page: Page;
  /** the URL it was sent to, and the style/script tags added since */
  url: string | undefined;
  tags: Set<string>;
  broken: boolean;
}

/** One launched browser, its one context and its warm pages. */
interface Session {
  browser: Promise<Browser>;
  context: Promise<BrowserContext> | undefined;
  idle: WarmPage[];
  /** pages created and not discarded (idle or in use) */
  open: number;
  waiting: (() => void)[];
}

export function createSharedBrowserType(
  real: Launcher,
  { idleMs = 1000, pages: poolSize = 2, onLaunch }: SharedBrowserOptions = {},
): BrowserType {
  let session: Session | undefined;
  /** pages in use plus pages being waited for: the browser stays up while this is above 0 */
  let busy = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const closeSession = (): void => {
    const closing = session;
    session = undefined;
    timer = undefined;
    void closing?.browser.then((b) => b.close()).catch(() => {});
  };

  /** Something happened: the idle countdown starts again, and runs only while no page is in use. */
  const touch = (): void => {
    if (timer) clearTimeout(timer);
    timer = busy === 0 && session ? setTimeout(closeSession, idleMs) : undefined;
  };

  const currentSession = (options: LaunchOptions | undefined): Session => {
    if (session) return session;
    onLaunch?.();
    const browser = real.launch(options);
    const created: Session = { browser, context: undefined, idle: [], open: 0, waiting: [] };
    session = created;
    browser.then(
      (b) => {
        // a browser that dies (crash, killed) is forgotten; the next page launches a new one
        (b as Partial<Browser>).on?.('disconnected', () => {
          if (session === created) session = undefined;
        });
      },
      () => {
        if (session === created) session = undefined;
      },
    );
    return created;
  };

  const sharedContext = (s: Session, options: ContextOptions): Promise<BrowserContext> => {
    s.context ??= s.browser.then(async (b) => {
      const context = await b.newContext(options);
      await context.route(/^(https?|wss?):/i, (route) => route.abort('blockedbyclient'));
      return context;
    });
    return s.context;
  };

  /** A warm page of `s`, waiting for one when all are in use. */
  const takePage = async (s: Session, options: ContextOptions): Promise<WarmPage> => {
    for (;;) {
      const warm = s.idle.pop();
      if (warm) return warm;
      if (s.open < poolSize) {
        s.open += 1;
        try {
          const page = await (await sharedContext(s, options)).newPage();
          return { page, url: undefined, tags: new Set(), broken: false };
        } catch (error) {
          s.open -= 1;
          throw error;
        }
      }
      await new Promise<void>((resolve) => s.waiting.push(resolve));
    }
  };

  const giveBack = (s: Session, warm: WarmPage): void => {
    if (warm.broken || session !== s) {
      s.open -= 1;
      void warm.page.close().catch(() => {});
    } else {
      s.idle.push(warm);
    }
    s.waiting.shift()?.();
    busy -= 1;
    touch();
  };

  /** The page a lease gets: the real one, with loads it already did skipped, and close = give back. */
  const leasedPage = (s: Session, warm: WarmPage, onRelease: () => void): { page: Page; release: () => void } => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      onRelease();
      giveBack(s, warm);
    };
    const tag =
      (kind: 'style' | 'script') =>
      async (options: { url?: string; path?: string; content?: string }): Promise<unknown> => {
        const key = `${kind} ${options.url ?? options.path ?? options.content ?? ''}`;
        if (warm.tags.has(key)) return null;
        const result = await (kind === 'style' ? warm.page.addStyleTag(options) : warm.page.addScriptTag(options));
        warm.tags.add(key);
        return result;
      };
    const overrides: Record<string, unknown> = {
      async goto(url: string, options?: Parameters<Page['goto']>[1]) {
        if (warm.url === url) return null;
        warm.url = url;
        warm.tags.clear();
        return warm.page.goto(url, options);
      },
      addStyleTag: tag('style'),
      addScriptTag: tag('script'),
      async evaluate(...args: Parameters<Page['evaluate']>) {
        try {
          return await warm.page.evaluate(...args);
        } catch (error) {
          warm.broken = true;
          throw error;
        }
      },
      close(): Promise<void> {
        release();
        return Promise.resolve();
      },
      isClosed: () => released,
    };
    const page = new Proxy(warm.page, {
      get(target, property, receiver) {
        const own = typeof property === 'string' && property in overrides;
        const value: unknown = own ? overrides[property] : Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (released && property !== 'close' && property !== 'isClosed') {
          // the real page is someone else's now
          return () => {
            throw new Error(`mermaid browser pool: page.${String(property)}() called after the page was closed`);
          };
        }
        return own ? value : (value.bind(target) as unknown);
      },
    });
    return { page, release };
  };

  /** A page for a lease: from the current session, launching one when there is none. */
  const newPage = async (
    launchOptions: LaunchOptions | undefined,
    contextOptions: ContextOptions,
    holders: Set<() => void>[],
  ): Promise<Page> => {
    busy += 1;
    touch();
    let s: Session;
    let warm: WarmPage;
    try {
      s = currentSession(launchOptions);
      await s.browser;
      warm = await takePage(s, contextOptions);
    } catch (error) {
      busy -= 1;
      touch();
      throw error;
    }
    const { page, release } = leasedPage(s, warm, () => {
      for (const held of holders) held.delete(release);
    });
    for (const held of holders) held.add(release);
    return page;
  };

  const releaseAll = (held: Set<() => void>): Promise<void> => {
    for (const release of [...held]) release();
    return Promise.resolve();
  };

  const launch = async (launchOptions?: LaunchOptions): Promise<Browser> => {
    // busy while Chromium starts (which can take longer than idleMs on a loaded machine): not idle yet
    busy += 1;
    touch();
    try {
      await currentSession(launchOptions).browser; // a launch that fails (no Chromium) fails here, as expected
    } finally {
      busy -= 1;
      touch();
    }
    const leaseHeld = new Set<() => void>();
    const lease = {
      newContext(contextOptions?: ContextOptions) {
        const contextHeld = new Set<() => void>();
        return Promise.resolve({
          newPage: () => newPage(launchOptions, contextOptions, [leaseHeld, contextHeld]),
          close: () => releaseAll(contextHeld),
        });
      },
      newPage: (contextOptions?: ContextOptions) => newPage(launchOptions, contextOptions, [leaseHeld]),
      isConnected: () => true,
      close: () => releaseAll(leaseHeld),
    };
    return lease as unknown as Browser;
  };

  return { launch } as unknown as BrowserType;
}
