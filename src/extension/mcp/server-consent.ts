// Consent before a workspace's MCP server starts. A server entry in mcp.json is an arbitrary command
// (or a URL that receives its headers), so trusting a workspace is not taken as a yes to run it: the
// user is asked once per server definition. "Allow" lasts until the window closes, "Allow Always"
// and "Deny" are kept in the workspace's state; both are tied to a digest of the definition, so an
// edited command, argument, environment or URL asks again.
import * as vscode from 'vscode';
import { definitionDigest, describeServerLaunch, type McpServerDefinition } from '../../engine';

export type ConsentDecision = 'allow' | 'allowAlways' | 'deny';
export type ConsentState = 'allowed' | 'denied' | 'undecided';

export interface ConsentRequest {
  folder: string;
  definition: McpServerDefinition;
}

/** Asks the user; undefined when the question was dismissed (nothing is recorded then). */
export interface ConsentPrompt {
  ask(request: ConsentRequest): Promise<ConsentDecision | undefined>;
}

interface KeptDecision {
  digest: string;
  decision: 'allowAlways' | 'deny';
}

const stateKey = 'flowstudio.mcpServerConsent';

export const allowLabels = { allow: 'Allow', allowAlways: 'Allow Always in This Workspace', deny: 'Deny' } as const;

/** Why a server without consent is not running, for diagnostics, the palette and the MCP Servers view. */
export function consentReason(server: string, state: ConsentState): string {
  return state === 'denied'
    ? `MCP server '${server}' is not started: you denied it in this workspace (reset with "Reset MCP Server Consent" in the MCP Servers view to be asked again)`
    : `MCP server '${server}' is not started: it needs your consent to start ` +
        '(allow it with Allow… in the canvas palette, the quick fix, "Allow MCP Server to Start", or Start in the MCP Servers view)';
}

export class ConsentRefusedError extends Error {
  constructor(
    readonly server: string,
    readonly state: ConsentState,
  ) {
    super(consentReason(server, state));
  }
}

export const modalConsentPrompt: ConsentPrompt = {
  async ask({ definition }: ConsentRequest): Promise<ConsentDecision | undefined> {
    const launch = describeServerLaunch(definition);
    const lines =
      definition.transport === 'stdio'
        ? [
            `It runs: ${launch.what}`,
            ...(launch.envNames.length ? [`Environment variables: ${launch.envNames.join(', ')}`] : []),
            ...(launch.cwd ? [`In: ${launch.cwd}`] : []),
          ]
        : [`It connects to: ${launch.what}`, ...(launch.headerNames.length ? [`Headers: ${launch.headerNames.join(', ')}`] : [])];
    const detail = [
      ...lines,
      `Defined in: ${launch.configFile}`,
      '',
      `${allowLabels.allow}: start it now (asked again after a reload). ` +
        `${allowLabels.allowAlways}: remember the yes while this definition stays the same. ${allowLabels.deny}: keep it stopped.`,
    ].join('\n');
    const answer = await vscode.window.showWarningMessage(
      `Start the MCP server "${definition.name}" that this workspace defines?`,
      { modal: true, detail },
      allowLabels.allow,
      allowLabels.allowAlways,
      allowLabels.deny,
    );
    if (answer === allowLabels.allow) return 'allow';
    if (answer === allowLabels.allowAlways) return 'allowAlways';
    if (answer === allowLabels.deny) return 'deny';
    return undefined;
  },
};

export class McpServerConsent implements vscode.Disposable {
  private readonly allowedThisSession = new Set<string>();
  private readonly asking = new Map<string, Promise<ConsentState>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a decision is recorded or reset. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    /** Replaceable so the extension tests can answer the question. */
    public prompt: ConsentPrompt = modalConsentPrompt,
  ) {}

  stateOf(folder: string, definition: McpServerDefinition): ConsentState {
    const digest = definitionDigest(definition);
    if (this.allowedThisSession.has(sessionKey(folder, definition.name, digest))) return 'allowed';
    const kept = this.kept()[serverKey(folder, definition.name)];
    if (kept?.digest !== digest) return 'undecided';
    return kept.decision === 'allowAlways' ? 'allowed' : 'denied';
  }

  /**
   * Asks the question (one dialog per definition at a time, however many callers wait) and records the
   * answer. Asks even when a decision exists: callers ask only when the user acted (Start, Allow, a run).
   */
  ask(folder: string, definition: McpServerDefinition): Promise<ConsentState> {
    const key = sessionKey(folder, definition.name, definitionDigest(definition));
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.askNow(folder, definition).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  /** For a start the user caused: passes when allowed, asks when undecided, throws when refused. */
  async ensure(folder: string, definition: McpServerDefinition): Promise<void> {
    let state = this.stateOf(folder, definition);
    if (state === 'undecided') state = await this.ask(folder, definition);
    if (state !== 'allowed') throw new ConsentRefusedError(definition.name, state);
  }

  async record(folder: string, definition: McpServerDefinition, decision: ConsentDecision): Promise<void> {
    const digest = definitionDigest(definition);
    const kept = { ...this.kept() };
    const key = serverKey(folder, definition.name);
    this.allowedThisSession.delete(sessionKey(folder, definition.name, digest));
    if (decision === 'allow') {
      this.allowedThisSession.add(sessionKey(folder, definition.name, digest));
      delete kept[key];
    } else {
      kept[key] = { digest, decision };
    }
    await this.memento.update(stateKey, kept);
    this.changed.fire();
  }

  /** Forgets the decisions about one server of a folder, or about every server. */
  async reset(target?: { folder: string; server: string }): Promise<void> {
    if (!target) {
      this.allowedThisSession.clear();
      await this.memento.update(stateKey, undefined);
    } else {
      const prefix = `${serverKey(target.folder, target.server)}\0`;
      for (const key of [...this.allowedThisSession]) if (key.startsWith(prefix)) this.allowedThisSession.delete(key);
      const kept = { ...this.kept() };
      delete kept[serverKey(target.folder, target.server)];
      await this.memento.update(stateKey, kept);
    }
    this.changed.fire();
  }

  private async askNow(folder: string, definition: McpServerDefinition): Promise<ConsentState> {
    const decision = await this.prompt.ask({ folder, definition });
    if (!decision) return this.stateOf(folder, definition) === 'allowed' ? 'allowed' : 'undecided';
    await this.record(folder, definition, decision);
    return decision === 'deny' ? 'denied' : 'allowed';
  }

  private kept(): Record<string, KeptDecision> {
    const value = this.memento.get<unknown>(stateKey);
    return value && typeof value === 'object' ? (value as Record<string, KeptDecision>) : {};
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function serverKey(folder: string, server: string): string {
  return `${folder}\0${server}`;
}

function sessionKey(folder: string, server: string, digest: string): string {
  return `${serverKey(folder, server)}\0${digest}`;
}
