/**
 * `import { build } from 'fixforge'`: the compiler as a library, for scripts that drive it without
 * the CLI. Specs import `fixforge/dsl`; the project file imports `fixforge/config`.
 */
export { build, type BuildOptions, type BuildResult, type BuiltFix, type BuiltFile } from './pipeline/compile';
export { formatDiagnostic, type Diagnostic, type SourceLocation } from './vocabulary/diagnostics/diagnostic';
export { defineConfig, type FixforgeConfig } from './config/dsl';
export { loadProjectConfig, type ProjectConfig } from './config/loadConfig';
