// An S3 client for the local S3 server (path-style, our credentials); shared by the s3 service and tests.
import { S3Client } from '@aws-sdk/client-s3';
import type { StackConfig } from './config';

export function s3Endpoint(config: StackConfig): string {
  return `http://${config.host}:${config.s3.port}`;
}

export function localS3Client(config: StackConfig): S3Client {
  return new S3Client({
    endpoint: s3Endpoint(config),
    region: config.s3.region,
    forcePathStyle: true,
    credentials: config.credentials,
    maxAttempts: 1,
  });
}
