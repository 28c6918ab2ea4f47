// The model components: chat models and agents.
import type { Component } from '../define-component';
import { agent } from './agent';
import { llmChat } from './chat';
import { flowTool } from './flow-tool';
import { llmStructured } from './structured';

export const llmComponents: readonly Component[] = [llmChat, agent, flowTool, llmStructured];
