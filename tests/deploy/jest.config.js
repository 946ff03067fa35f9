// Static checks of the deployment artifacts (docker/, helm/, k8s/, the nginx route renderer).
// globalSetup builds helm once (scripts/lib/ensure-helm.sh) before the workers start.
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'deploy',
  rootDir: __dirname,
  globalSetup: '<rootDir>/support/global-setup.ts',
  testTimeout: 60000,
};
