import { defineKubectlSuite } from './kubectl-suite';

defineKubectlSuite('source');
