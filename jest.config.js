const fs = require('node:fs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', ...(fs.existsSync(`${__dirname}/packages`) ? ['<rootDir>/packages'] : [])],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleNameMapper: {
    '^fixforge/dsl$': '<rootDir>/generator/dsl/index.ts',
    '^pester-runner-wrapper$': '<rootDir>/packages/pester-runner-wrapper/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/out/'],
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
