#!/usr/bin/env node
const { join } = require('node:path');
require('./load-bundle.js').loadBundle(join(__dirname, '..', 'dist', 'server.js')).run();
