// What tells a GnuTLS priority string (`NORMAL:-VERS-TLS1.0`) from an OpenSSL cipher list
// (`HIGH:!aNULL:!MD5`): Exim hands tls_require_ciphers to whichever library it is built with, and
// each refuses the other's syntax.  Checked with gnutls-cli 3.7.9 (`--priority STRING --list`).

/** Keywords a GnuTLS priority string may start with (case does not matter). */
export const GNUTLS_INITIAL_KEYWORDS: ReadonlySet<string> = new Set(['NORMAL', 'PERFORMANCE', 'SECURE', 'SECURE128', 'SECURE192', 'SECURE256', 'SUITEB128', 'SUITEB192', 'LEGACY', 'PFS', 'NONE', 'SYSTEM']);

/** Elements (after a `+`, `-` or `!`) only GnuTLS has: flags, the version, `-ALL` families. */
export const GNUTLS_ONLY_ELEMENT = /^(%[A-Z_0-9]+|VERS-[A-Z0-9.-]+|(CIPHER|MAC|KX|SIGN|CURVE|GROUP|COMP|CTYPE)-[A-Z0-9-]+|NORMAL|PERFORMANCE|SECURE(128|192|256)?|LEGACY|PFS)$/i;

/** Words only OpenSSL's cipher-list syntax has (as OpenSSL writes them). */
export const OPENSSL_ONLY_WORDS: ReadonlySet<string> = new Set([
  'HIGH', 'MEDIUM', 'LOW', 'DEFAULT', 'ALL', 'COMPLEMENTOFALL', 'COMPLEMENTOFDEFAULT',
  'aNULL', 'eNULL', 'ADH', 'AECDH', 'EXPORT', 'EXP', 'DES', 'RC4', 'RC2', 'IDEA', 'SEED', '3DES',
  'SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3',
  'EDH', 'EECDH', 'kEDH', 'kEECDH', 'kECDHE', 'kDHE', 'kRSA', 'aRSA', 'aECDSA', 'aDSS', 'DSS', 'ECDSA',
  'AESGCM', 'AESCCM', 'AES128', 'AES256', 'AES', 'CAMELLIA', 'CHACHA20', 'ARIA',
]);

/** An OpenSSL cipher-suite name: `ECDHE-RSA-AES256-GCM-SHA384`, `AES128-SHA`, `IDEA-CBC-MD5`. */
export const OPENSSL_SUITE = /^(?!(VERS|SIGN|GROUP|CURVE|CTYPE|COMP|CIPHER|MAC|KX)-)[A-Z0-9]+(-[A-Z0-9]+)*-(SHA|SHA256|SHA384|MD5)$|^[A-Z0-9-]*(AES128|AES256|CHACHA20|CAMELLIA128|CAMELLIA256)[A-Z0-9-]*$/;
