// Everything ops/ generates, as file → content: the dashboards (overview + one per metric) and the alert rules.
import path from 'node:path';
import { GENERATED, loadJobs } from './compiler-output';
import type { BuiltDashboard } from './grafana';
import { buildDashboard } from './grafana';
import { metricDashboardSpec } from './metric-dashboard';
import { overviewSpec } from './overview';
import { ruleGroups, rulesYaml } from './alerts';

export const OPS_DIR = path.resolve(__dirname, '..');
export const GRAFANA_DIR = path.join(OPS_DIR, 'grafana');
export const ALERTS_FILE = path.join(OPS_DIR, 'prometheus', 'alerts.yml');

/** The overview first, then one dashboard per metric of every compiled job. */
export function dashboards(generated: string = GENERATED): BuiltDashboard[] {
  const metrics = loadJobs(generated).flatMap((j) => j.metrics);
  return [buildDashboard(overviewSpec), ...metrics.map((m) => buildDashboard(metricDashboardSpec(m)))];
}

export const dashboardFile = (uid: string): string => path.join(GRAFANA_DIR, `${uid}.json`);

export function opsFiles(generated: string = GENERATED): Map<string, string> {
  const files = new Map<string, string>();
  for (const { dashboard } of dashboards(generated)) {
    files.set(dashboardFile(dashboard.uid), `${JSON.stringify(dashboard, null, 2)}\n`);
  }
  files.set(ALERTS_FILE, rulesYaml(ruleGroups(loadJobs(generated))));
  return files;
}
