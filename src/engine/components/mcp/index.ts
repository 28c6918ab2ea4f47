// The MCP components, registered next to the core ones.
import type { Component } from '../define-component';
import { mcpPrompt } from './prompt';
import { mcpResource } from './resource';
import { mcpTool } from './tool';
import { mcpTools } from './tools';

export const mcpComponents: readonly Component[] = [mcpTool, mcpResource, mcpPrompt, mcpTools];
export type { McpToolSet } from './tools';
