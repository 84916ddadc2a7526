// The simulated customers: organisations on plan tiers, their users, and the meetings they hold. The same world
// seeds the historical Hive tables, so metrics join with profiles and plans by real ids.
import type { Random } from './random';

export const PLAN_TIERS = ['free', 'pro', 'business', 'enterprise'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export interface Organization {
  readonly org_id: string;
  readonly name: string;
  readonly plan_tier: PlanTier;
  readonly seats: number;
  readonly monthly_price_usd: number;
  readonly region: string;
}

export interface UserProfile {
  readonly user_id: string;
  readonly org_id: string;
  readonly display_name: string;
  readonly role: string;
  readonly country: string;
  readonly signup_date: string;
}

export interface World {
  readonly organizations: readonly Organization[];
  readonly users: readonly UserProfile[];
  readonly usersByOrg: ReadonlyMap<string, readonly UserProfile[]>;
}

const PRICE: Record<PlanTier, number> = { free: 0, pro: 12, business: 24, enterprise: 45 };
const REGIONS = ['eu-west', 'us-east', 'us-west', 'ap-south'];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'CA', 'IN', 'JP', 'BR', 'NL', 'ES'];
const ROLES = ['engineer', 'designer', 'manager', 'sales', 'support', 'executive'];
const NAMES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Soylent',
];

export function buildWorld(
  random: Random,
  organizations: number,
  usersPerOrg: readonly [number, number],
): World {
  const orgs: Organization[] = [];
  const users: UserProfile[] = [];
  const usersByOrg = new Map<string, UserProfile[]>();
  for (let o = 0; o < organizations; o++) {
    const plan_tier = random.pick(PLAN_TIERS);
    const org_id = `org-${String(o + 1).padStart(3, '0')}`;
    const count = random.int(usersPerOrg[0], usersPerOrg[1]);
    orgs.push({
      org_id,
      name: `${NAMES[o % NAMES.length]} ${Math.floor(o / NAMES.length) + 1}`,
      plan_tier,
      seats: Math.max(count, random.int(count, count * 2)),
      monthly_price_usd: PRICE[plan_tier],
      region: random.pick(REGIONS),
    });
    const members: UserProfile[] = [];
    for (let u = 0; u < count; u++) {
      const user: UserProfile = {
        user_id: `${org_id}-user-${String(u + 1).padStart(4, '0')}`,
        org_id,
        display_name: `User ${u + 1} of ${org_id}`,
        role: random.pick(ROLES),
        country: random.pick(COUNTRIES),
        signup_date: `2025-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      };
      members.push(user);
      users.push(user);
    }
    usersByOrg.set(org_id, members);
  }
  return { organizations: orgs, users, usersByOrg };
}
