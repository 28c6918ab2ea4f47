// A real VS Code workbench (code-server, from scripts/vscode) with FlowStudio installed from this
// checkout, opened in Debian's chromium by playwright-core; helpers to open a flow in the canvas
// and to reach the canvas inside the webview's nested iframes.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const root = path.resolve(__dirname, '../../..');

interface CodeServer {
  workspaceUrl: string;
  output(): string;
  stop(): Promise<void>;
}
interface LaunchModule {
  launchCodeServer(options: {
    stateDir: string;
    workspace: string;
    port: number;
    password: undefined;
    extensions: Record<string, string>;
    trustWorkspaces?: boolean;
    env?: Record<string, string>;
  }): Promise<CodeServer>;
}
interface InstallModule {
  ensureVsCode(): void;
  cacheDir: string;
}

// scripts/vscode is plain ESM JavaScript shared with the extension tests; imported by URL at run time.
const importScript = <T>(file: string) => import(pathToFileURL(path.join(root, 'scripts', 'vscode', file)).href) as Promise<T>;

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
const themes: Record<ThemeKind, { label: string; workbenchClass: string; webviewClass: string }> = {
  light: { label: 'Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
  dark: { label: 'Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
  'high-contrast': { label: 'Dark High Contrast', workbenchClass: 'hc-black', webviewClass: 'vscode-high-contrast' },
  'high-contrast-light': { label: 'Light High Contrast', workbenchClass: 'hc-light', webviewClass: 'vscode-high-contrast-light' },
};

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly settingsFile: string,
    private readonly browser: Browser,
    private readonly server: CodeServer,
  ) {}

  /** Starts code-server on a copy of examples/ (plus `extraFiles`) and opens it in chromium. */
  static async open(name: string, extraFiles: Record<string, string> = {}): Promise<Workbench> {
    const install = await importScript<InstallModule>('install.mjs');
    const { launchCodeServer } = await importScript<LaunchModule>('launch.mjs');
    install.ensureVsCode();
    const stateDir = path.join(install.cacheDir, `e2e-${name}`);
    const workspace = path.join(stateDir, 'workspace');
    rmSync(stateDir, { recursive: true, force: true });
    cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(path.join(workspace, file), text);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    const codeDir = path.join(stateDir, 'code');
    const server = await launchCodeServer({
      stateDir: codeDir,
      workspace,
      port: 0,
      password: undefined,
      extensions: { [`${pkg.publisher}.${pkg.name}-${pkg.version}`]: root },
    });
    // A workbench that fails to load (a busy machine) must not leave its server and browser running.
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const settingsFile = path.join(codeDir, 'user-data', 'User', 'settings.json');
      // The secondary side bar (chat) would take a third of the editor's width; the canvas needs it.
      const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(
        settingsFile,
        JSON.stringify(
          { ...settings, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.colorTheme': 'Default Light Modern' },
          null,
          2,
        ),
      );
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      await page.goto(server.workspaceUrl, { timeout: 120_000 });
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 120_000 });
      // A flow opened before the workbench has registered FlowStudio's contributions opens in the
      // text editor (no custom editor known yet); its view container in the activity bar shows that
      // the contributions are in.
      await page
        .locator('.activitybar .action-item .action-label[aria-label^="FlowStudio"]')
        .waitFor({ state: 'attached', timeout: 120_000 });
      return new Workbench(page, workspace, settingsFile, browser, server);
    } catch (error) {
      await browser?.close().catch(() => {});
      await server.stop();
      throw error;
    }
  }

  /** Opens a workspace file with Quick Open; a *.flow.json opens in the canvas. Returns the canvas frame. */
  async openFlow(file: string, flowName: string): Promise<Frame> {
    await this.page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } });
    await this.page.keyboard.press('Control+P');
    const quickInput = this.page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(file);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await quickInput.press('Enter');
    return this.canvasFrame(flowName);
  }

  /** The webview frame whose canvas shows the flow named `flowName` (webviews nest two iframes deep). */
  async canvasFrame(flowName: string, timeoutMs = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        const title = await frame
          .locator('#root[data-flowstudio="loaded"] .toolbar .title')
          .textContent({ timeout: 50 })
          .catch(() => null);
        if (title === flowName && (await frame.locator('.react-flow__node').count()) > 0) return frame;
      }
      await this.page.waitForTimeout(100); // polling frames: playwright has no event for "a frame's content appeared"
    }
    const shot = path.join(root, 'test-results', 'e2e', `no-canvas-${flowName}.png`);
    await this.screenshot(shot);
    const frames = await Promise.all(
      this.page.frames().map(
        async (f) =>
          `${f.url().slice(0, 120)} root=${await f
            .locator('#root')
            .getAttribute('data-flowstudio', { timeout: 50 })
            .catch(() => 'none')}`,
      ),
    );
    throw new Error(
      `no canvas showing flow "${flowName}" within ${timeoutMs / 1000} s (screenshot ${shot}); frames:\n${frames.join('\n')}`,
    );
  }

  /** Runs a command from the Command Palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const quickInput = this.page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await quickInput.press('Enter');
  }

  /**
   * Gives a workspace MCP server the user's consent, as a person would: "Allow MCP Server to Start",
   * the server picked, "Allow" in the modal question. Nothing starts a workspace's server before that.
   */
  async allowMcpServer(server: string): Promise<void> {
    await this.runCommand('Allow MCP Server to Start');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: server }).first();
    const allow = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow$/ });
    // The Enter that ran the command can also accept the server list's first row, so the consent
    // dialog may already be up (the list then turns inert and closes): pick the row only if it is not.
    await row.or(allow).first().waitFor();
    if (!(await allow.isVisible())) {
      await row.click({ timeout: 10_000 }).catch(async (error: unknown) => {
        if (!(await allow.isVisible())) throw error;
      });
    }
    await allow.click();
  }

  /** Switches the colour theme with "Preferences: Color Theme" and waits until the canvas has it. */
  async setTheme(kind: ThemeKind, canvas: Frame): Promise<void> {
    const theme = themes[kind];
    // Ctrl+K Ctrl+T: "Preferences: Color Theme" (by title, the marketplace browser would match first),
    // pressed with the workbench focused (the explorer), not the webview.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().click();
    await this.page.keyboard.press('Control+k');
    await this.page.keyboard.press('Control+t');
    const quickInput = this.page.locator('.quick-input-widget input');
    await quickInput.fill(theme.label);
    const name = this.page.locator('.label-name', { hasText: new RegExp(`^${theme.label}$`) });
    await this.page.locator('.quick-input-list .monaco-list-row').filter({ has: name }).first().click();
    await this.page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), theme.workbenchClass, {
      timeout: 30_000,
    });
    await canvas.waitForFunction((cls) => document.body.classList.contains(cls), theme.webviewClass, { timeout: 30_000 });
  }

  async screenshot(file: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
  }
}

/** Reads a workspace file until `check` accepts it (the editor saves asynchronously). */
export async function waitForFile(file: string, check: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = readFileSync(file, 'utf8');
    if (check(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling the file system for the save
  }
  throw new Error(`${path.basename(file)} never reached the expected content; last text:\n${text}`);
}
