/**
 * Every file `fixforge init` writes, as text: the project's TypeScript setup (specs type-check
 * in an editor through `fixforge/dsl`), its config, an example spec, .gitignore and CI for
 * GitHub Actions and Azure Pipelines. Signing in CI takes the key from secrets, by the
 * environment variable names the config declares; nothing secret is ever written here.
 */
import { exampleSpec, EXAMPLE_SPEC_PATH, type ExampleSpecOptions } from './exampleSpec';

export const PFX_PATH_ENV = 'FIXFORGE_PFX_PATH';
export const PFX_PASSWORD_ENV = 'FIXFORGE_PFX_PASSWORD';

export interface InitFile {
  readonly path: string;
  readonly text: string;
}

export function projectFiles(o: ExampleSpecOptions): InitFile[] {
  return [
    { path: 'tsconfig.json', text: tsconfig() },
    { path: 'fixforge.config.ts', text: config(o) },
    { path: EXAMPLE_SPEC_PATH, text: exampleSpec(o) },
    { path: '.gitignore', text: gitignore() },
    { path: '.github/workflows/fixforge.yml', text: githubWorkflow() },
    { path: 'azure-pipelines.yml', text: azurePipelines() },
  ];
}

function tsconfig(): string {
  // Bundler resolution reads package.json "exports", as the compiler's own loader does.
  const json = {
    compilerOptions: {
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      lib: ['ES2022'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
    },
    include: ['fixes', 'fixforge.config.ts'],
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function config(o: ExampleSpecOptions): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `import { defineConfig } from 'fixforge/config';

export default defineConfig({
  // Spec files, folders or globs: \`npx fixforge build\` with no argument builds these.
  specs: ['fixes'],
  outDir: 'out',
  // Every spec must be written in these cultures (en-US first) and name this publisher.
  cultures: ['en-US'],
  publisher: { author: ${q(o.author)}, companyName: ${q(o.companyName)} },
  // \`--sign\` takes the key from these environment variables (CI sets them from secrets). When
  // they are unset it signs with the project's development certificate in .fixforge/.
  signing: { pfxPathEnv: '${PFX_PATH_ENV}', pfxPasswordEnv: '${PFX_PASSWORD_ENV}' },
});
`;
}

function gitignore(): string {
  return ['node_modules/', 'out/', '# the development signing key: per machine, never committed', '.fixforge/', '*.pfx', ''].join('\n');
}

/** The package.json scripts a project gets (added only where the name is free). */
export const PROJECT_SCRIPTS: Readonly<Record<string, string>> = {
  typecheck: 'tsc --noEmit',
  build: 'fixforge build --sign',
  test: 'fixforge test',
};

function githubWorkflow(): string {
  return `# Type-check, build (signed), and run the generated Pester tests of every fix.
# Signing: store the code-signing PFX base64-encoded in the secret FIXFORGE_PFX_BASE64 and its
# password in FIXFORGE_PFX_PASSWORD. Without them the build signs with a development certificate.
name: fixforge
on:
  push:
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest # has pwsh; Pester 5 is installed below
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx tsc --noEmit
      - name: Install Pester 5
        shell: pwsh
        run: Install-Module Pester -MinimumVersion 5.0 -Force -Scope CurrentUser -SkipPublisherCheck
      - name: Build and sign
        env:
          FIXFORGE_PFX_BASE64: \${{ secrets.FIXFORGE_PFX_BASE64 }}
          ${PFX_PASSWORD_ENV}: \${{ secrets.FIXFORGE_PFX_PASSWORD }}
        run: |
          if [ -n "$FIXFORGE_PFX_BASE64" ]; then
            echo "$FIXFORGE_PFX_BASE64" | base64 -d > "$RUNNER_TEMP/signing.pfx"
            export ${PFX_PATH_ENV}="$RUNNER_TEMP/signing.pfx"
          fi
          npx fixforge build --sign
      - run: npx fixforge test --junit test-results.xml
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: fixes
          path: |
            out/
            test-results.xml
  # What only Windows can show: the generated Pester tests and each module's smoke test
  # (<Module>.Smoke.Tests.ps1: Test-<Noun>, read-only, on the runner itself) in Windows
  # PowerShell 5.1 and in PowerShell 7, the two editions a module is imported from.
  windows:
    needs: build
    runs-on: windows-latest
    strategy:
      fail-fast: false
      matrix:
        shell: [powershell, pwsh]
    defaults:
      run:
        shell: \${{ matrix.shell }}
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: fixes
      - name: Install Pester 5
        run: |
          Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force
          if ($PSVersionTable.PSEdition -ne 'Core') { Install-PackageProvider -Name NuGet -MinimumVersion 2.8.5.201 -Force -Scope CurrentUser | Out-Null }
          Install-Module Pester -MinimumVersion 5.0 -Force -Scope CurrentUser -SkipPublisherCheck
      - name: Generated Pester tests and smoke tests
        run: |
          Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass -Force
          Import-Module Pester -MinimumVersion 5.0
          $files = @(Get-ChildItem -Path out -Recurse -Filter '*.Tests.ps1' | Where-Object { $_.FullName -match '[\\\\/]module[\\\\/]' })
          if ($files.Count -eq 0) { throw 'No generated tests under out/*/module/.' }
          $config = New-PesterConfiguration
          $config.Run.Path = @($files | ForEach-Object { $_.FullName })
          $config.Run.Exit = $true
          $config.Output.Verbosity = 'Detailed'
          $config.TestResult.Enabled = $true
          $config.TestResult.OutputPath = 'windows-\${{ matrix.shell }}.xml'
          Invoke-Pester -Configuration $config
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: windows-\${{ matrix.shell }}
          path: windows-\${{ matrix.shell }}.xml
`;
}

function azurePipelines(): string {
  return `# Type-check, build (signed), and run the generated Pester tests of every fix.
# Signing: add the secret variables FIXFORGE_PFX_BASE64 (the code-signing PFX, base64) and
# FIXFORGE_PFX_PASSWORD. Without them the build signs with a development certificate.
trigger:
  - main
pool:
  vmImage: ubuntu-latest # has pwsh; Pester 5 is installed below
steps:
  - task: NodeTool@0
    inputs:
      versionSpec: '20.x'
  - script: npm ci
    displayName: Install
  - script: npx tsc --noEmit
    displayName: Type-check
  - pwsh: Install-Module Pester -MinimumVersion 5.0 -Force -Scope CurrentUser -SkipPublisherCheck
    displayName: Install Pester 5
  - script: |
      if [ -n "$FIXFORGE_PFX_BASE64" ]; then
        echo "$FIXFORGE_PFX_BASE64" | base64 -d > "$(Agent.TempDirectory)/signing.pfx"
        export ${PFX_PATH_ENV}="$(Agent.TempDirectory)/signing.pfx"
      fi
      npx fixforge build --sign
    displayName: Build and sign
    env:
      FIXFORGE_PFX_BASE64: $(FIXFORGE_PFX_BASE64)
      ${PFX_PASSWORD_ENV}: $(FIXFORGE_PFX_PASSWORD)
  - script: npx fixforge test --junit test-results.xml
    displayName: Pester tests
  - task: PublishTestResults@2
    condition: always()
    inputs:
      testResultsFormat: JUnit
      testResultsFiles: test-results.xml
  - publish: out
    artifact: fixes
`;
}
