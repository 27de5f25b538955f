import { App } from 'aws-cdk-lib';
import { defineApp } from './define-app.ts';

// `cdk synth -c stage=prod`; dev by default.
const app = new App();
defineApp(app, app.node.tryGetContext('stage') ?? 'dev');
