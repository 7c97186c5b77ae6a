import '@gorules/jdm-editor/dist/style.css';
import { DecisionGraph, JdmConfigProvider, type DecisionGraphType } from '@gorules/jdm-editor';
import type { JdmGraph } from '@zhengqi/contracts/loans';
import './decision-monaco';

// The GoRules JDM editor (decision 0012). It brings its own antd 5, which renders inside its own
// ConfigProvider; this module is imported lazily by the products page only, so neither the editor
// nor Monaco reaches the main bundle.

const THEME = { token: { colorPrimary: '#b71c1c' } };

/** The JDM graph editor: nodes and edges, decision tables and expressions; read-only when `disabled`. */
export function DecisionEditor({ value, onChange, disabled, testId }: { value: JdmGraph; onChange: (graph: JdmGraph) => void; disabled: boolean; testId: string }) {
  return (
    <div style={{ height: 560, border: '1px solid #f0f0f0' }} data-testid={testId}>
      <JdmConfigProvider theme={THEME}>
        <DecisionGraph
          value={value as unknown as DecisionGraphType}
          onChange={(graph) => onChange(graph as unknown as JdmGraph)}
          disabled={disabled}
          hideLeftToolbar
        />
      </JdmConfigProvider>
    </div>
  );
}
