// Keeps a failure in one part of the editor (a panel, the inspector) from blanking the whole
// webview: the part shows what went wrong and the rest keeps working.
import { Component, type ReactNode } from 'react';

export class PanelErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error(`FlowStudio: the ${this.props.name} failed: ${error.message}`);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="param-problem panel-error" role="alert">
        The {this.props.name} failed: {this.state.error.message}{' '}
        <button className="icon-button" onClick={() => this.setState({ error: undefined })}>
          Retry
        </button>
      </div>
    );
  }
}
