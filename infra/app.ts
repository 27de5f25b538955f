import { App } from 'aws-cdk-lib';
import { defineApp } from './define-app.ts';

// `cdk synth -c stage=prod -c tenant=bop`; dev of the guide's bank by default.
const app = new App();
defineApp(
  app,
  app.node.tryGetContext('stage') ?? 'dev',
  process.env,
  app.node.tryGetContext('tenant') ?? 'bop',
);
