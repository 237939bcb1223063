import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../stack/paths';
import { runTool } from './tools';

/** The manifests' folder, and the kustomizations that render what a cluster gets. */
export const K8S_DIR = path.join(repoRoot, 'k8s');
export const KUSTOMIZATIONS = ['base', 'app', 'migrate'] as const;

/** The workloads that run the polychat image. */
export const WORKLOADS = [
  { kind: 'Deployment', name: 'polychat-api' },
  { kind: 'Deployment', name: 'polychat-worker' },
  { kind: 'Job', name: 'polychat-migrate' },
] as const;

const metadata = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const manifestSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata,
  spec: z.unknown().optional(),
  data: z.record(z.string(), z.string()).optional(),
  stringData: z.record(z.string(), z.string()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

const probe = z.looseObject({
  httpGet: z.object({ path: z.string(), port: z.union([z.string(), z.number()]) }).optional(),
  timeoutSeconds: z.number().optional(),
});
const quantity = z.record(z.string(), z.union([z.string(), z.number()]));
const containerSchema = z.looseObject({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() })).optional(),
  env: z.array(z.object({ name: z.string(), value: z.string().optional() }).loose()).optional(),
  envFrom: z
    .array(
      z.object({
        configMapRef: z.object({ name: z.string() }).optional(),
        secretRef: z.object({ name: z.string() }).optional(),
      }),
    )
    .optional(),
  resources: z.object({ requests: quantity.optional(), limits: quantity.optional() }).optional(),
  livenessProbe: probe.optional(),
  readinessProbe: probe.optional(),
  startupProbe: probe.optional(),
  lifecycle: z
    .looseObject({ preStop: z.looseObject({ exec: z.object({ command: z.array(z.string()) }).optional() }).optional() })
    .optional(),
  securityContext: z
    .looseObject({ allowPrivilegeEscalation: z.boolean().optional(), readOnlyRootFilesystem: z.boolean().optional() })
    .optional(),
});
const podSpecSchema = z.looseObject({
  terminationGracePeriodSeconds: z.number().optional(),
  securityContext: z.looseObject({ runAsNonRoot: z.boolean().optional(), runAsUser: z.number().optional() }).optional(),
  containers: z.array(containerSchema),
});
const podTemplateOwner = z.looseObject({
  selector: z.object({ matchLabels: z.record(z.string(), z.string()) }).optional(),
  template: z.looseObject({ metadata: metadata.partial().optional(), spec: podSpecSchema }),
});
export type Container = z.infer<typeof containerSchema>;
export type PodSpec = z.infer<typeof podSpecSchema>;

/** Every YAML file under k8s/ but the kustomizations, relative to k8s/. */
export function manifestFiles(): string[] {
  return readdirSync(K8S_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml') && path.basename(file) !== 'kustomization.yaml')
    .sort();
}

/** The documents of a YAML stream; a syntax error throws, naming it. */
export function parseManifests(text: string, origin: string): Manifest[] {
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${origin} #${index}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return manifestSchema.parse(doc.toJS());
  });
}

/** One file of k8s/, parsed. */
export function loadManifests(file: string): Manifest[] {
  return parseManifests(readFileSync(path.join(K8S_DIR, file), 'utf8'), file);
}

/** What `kustomize build k8s/<dir>` gives a cluster. */
export function renderKustomization(dir: (typeof KUSTOMIZATIONS)[number]): { yaml: string; manifests: Manifest[] } {
  const run = runTool('kustomize', ['build', path.join(K8S_DIR, dir)]);
  if (run.status !== 0) throw new Error(`kustomize build k8s/${dir} failed:\n${run.stderr}`);
  return { yaml: run.stdout, manifests: parseManifests(run.stdout, `kustomize build k8s/${dir}`) };
}

/** The one manifest of a kind and name. */
export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as Manifest;
}

/** The pod template of a Deployment or Job, with its selector's labels. */
export function podTemplateOf(manifest: Manifest): {
  spec: PodSpec;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  selector: Record<string, string> | undefined;
} {
  const owner = podTemplateOwner.parse(manifest.spec);
  return {
    spec: owner.template.spec,
    labels: owner.template.metadata?.labels ?? {},
    annotations: owner.template.metadata?.annotations ?? {},
    selector: owner.selector?.matchLabels,
  };
}

/** Whether every label of `selector` is on `labels`. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** What a cluster gets: both kustomizations rendered, the Secret example, and the pods' settings. */
export interface RenderedK8s {
  readonly app: Manifest[];
  readonly migrate: Manifest[];
  readonly yaml: { readonly app: string; readonly migrate: string };
  readonly secret: Manifest;
  /** ConfigMap data under the Secret example's values: every variable a pod gets. */
  readonly settings: Record<string, string>;
}

let rendered: RenderedK8s | undefined;

/** Renders k8s/app and k8s/migrate once per test run (kustomize is a process per call). */
export function renderedK8s(): RenderedK8s {
  if (rendered) return rendered;
  const app = renderKustomization('app');
  const migrate = renderKustomization('migrate');
  const secret = find(loadManifests('secret.example.yaml'), 'Secret', 'polychat-secrets');
  rendered = {
    app: app.manifests,
    migrate: migrate.manifests,
    yaml: { app: app.yaml, migrate: migrate.yaml },
    secret,
    // The example's JWT_SECRET is refused by prod on purpose; a real Secret holds a random one.
    settings: {
      ...find(app.manifests, 'ConfigMap', 'polychat-config').data,
      ...secret.stringData,
      JWT_SECRET: 'a-random-secret-from-the-secret-store-0001',
    },
  };
  return rendered;
}

/** The one container of a workload in the rendered manifests. */
export function containerOf(kind: string, name: string): Container {
  const { app, migrate } = renderedK8s();
  const [container, ...others] = podTemplateOf(find([...app, ...migrate], kind, name)).spec.containers;
  if (!container || others.length > 0) throw new Error(`${kind} ${name} should run exactly one container`);
  return container;
}
