// The configuration the editor tests open: a misspelt main option (an error with a quick fix) and a
// retry rule (hover on its error name).

export const CONFIG: readonly string[] = [
  '# A configuration with a misspelt main option.',
  'keep_environment =',
  'primary_hostname = mail.example.com',
  'message_size_limt = 50M',
  '',
  'begin retry',
  '',
  '*   timeout_connect_MX   F,2h,15m; G,16h,1h,1.5; F,4d,6h',
  '',
];
