/** skiff's own version and the Kubernetes version it serves (what `/version` and `kubectl version` show). */
export const skiffVersion = '0.1.0';
export const kubernetesVersion = { major: '1', minor: '31', gitVersion: 'v1.31.0' };
export const gitVersion = `${kubernetesVersion.gitVersion}+skiff${skiffVersion}`;
