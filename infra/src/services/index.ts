// The one list of stack services. Order here does not matter: `up` orders them by dependsOn.
import type { Service } from '../service';
import { flink } from './flink';
import { kafka } from './kafka';
import { prometheus } from './prometheus';
import { registry } from './registry';
import { s3 } from './s3';
import { trino } from './trino';

export const SERVICES: readonly Service[] = [kafka, registry, s3, flink, trino, prometheus];
